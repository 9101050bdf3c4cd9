"""The units' texts behind the draft, and their export as Markdown.

:class:`UnitTexts` reads the texts (``FileReport.texts``, :mod:`toolkit.narrative`) of each
unit's current return (also one left out of the figures for an error), and answers the draft: the texts of one topic in unit order
(wards and communes first, as the master's columns), and the units of a section that sent
no text at all (named in a highlighted placeholder).
"""

from __future__ import annotations

from typing import Any

from ..intake import current_submissions
from ..master import MasterResult
from ..master.inputs import gather
from ..narrative import DIFFICULTIES, PART_TITLES, PARTS, RESULTS, TASKS, TextRecord, next_label
from ..periods import Period
from ..workspace import Workspace


class UnitTexts:
    def __init__(self, ws: Workspace, period: Period, master: MasterResult) -> None:
        self.ws, self.period = ws, period
        self.names = dict(master.unit_names)
        self.records: list[TextRecord] = []
        self.sources: dict[str, Any] = {}
        self._by_key: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
        self._silent: dict[str, list[str]] = {}
        for st in master.status:
            # a return left out of the figures for an error still says what the unit did
            if st.submission is None:
                continue
            report = getattr(st.submission, "report", None)
            texts = list(getattr(report, "texts", None) or [])
            if not texts:
                for section in dict.fromkeys(i.section for i in ws.indicators_for(st.unit, period)):
                    self._silent.setdefault(section, []).append(self.names.get(st.code, st.code))
                continue
            self.sources[st.code] = st.submission
            for t in texts:
                self.records.append(t)
                name = self.names.get(st.code, st.code)
                self._by_key.setdefault((t.section, t.group, t.part), []).append((st.code, name, t.text))

    def texts(self, section: str, group: str, part: str) -> list[tuple[str, str, str]]:
        return list(self._by_key.get((section, group, part), []))

    def silent(self, section: str) -> list[str]:
        """Names of the units expected to write on the section whose return has no text at all."""
        return list(self._silent.get(section, []))

    def silent_all(self) -> list[str]:
        return sorted({n for names in self._silent.values() for n in names})


def texts_markdown(ws: Workspace, period: Period, texts: UnitTexts) -> str:
    """Every text of the period by part, section and group, each with its unit and file."""
    cat = ws.catalog
    sections = sorted(cat.sections.values(), key=lambda s: s.order)
    titles = {
        RESULTS: PART_TITLES[RESULTS],
        DIFFICULTIES: PART_TITLES[DIFFICULTIES],
        TASKS: f"Nhiệm vụ {next_label(period)}",
    }
    lines = [f"# Thuyết minh của các đơn vị — {period.label_vi()}", ""]
    for part in PARTS:
        lines += [f"## {titles[part]}", ""]
        any_part = False
        for n, sec in enumerate(sections, start=1):
            groups = list(dict.fromkeys((i.group or sec.name) for i in cat.in_section(sec.code)))
            keys = [(sec.code, g, part) for g in groups] if part == RESULTS else [(sec.code, "", part)]
            found = [(k, texts.texts(*k)) for k in keys]
            if not any(t for _, t in found):
                continue
            any_part = True
            lines += [f"### {n}. {sec.name}", ""]
            for (_, group, _), items in found:
                if not items:
                    continue
                if part == RESULTS:
                    lines += [f"#### {group}", ""]
                for unit, name, text in items:
                    sub = texts.sources.get(unit)
                    where = ""
                    if sub is not None:
                        file = getattr(sub, "original_name", "") or ""
                        version = getattr(sub, "version", None)
                        where = (
                            f" ({file}{', phiên bản ' + str(version) if version is not None else ''})" if file else ""
                        )
                    lines.append(f"**{name}**{where}:")
                    lines += ["", *[f"> {ln}" if ln else ">" for ln in text.split("\n")], ""]
        if not any_part:
            lines += ["*(chưa có)*", ""]
    silent = texts.silent_all()
    if silent:
        lines += ["## Đơn vị chưa gửi thuyết minh", "", ", ".join(silent), ""]
    return "\n".join(lines).rstrip() + "\n"


def export_texts(ws: Workspace, period: Period) -> str:
    """The period's texts as Markdown, from each unit's current return in the archive."""
    inputs = gather(ws, period, current_submissions(ws, period))
    master = MasterResult(period.code, status=inputs.status, unit_names={u.code: u.name for u in inputs.units})
    return texts_markdown(ws, period, UnitTexts(ws, period, master))
