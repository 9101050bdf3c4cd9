"""The whole draft: header, title, part I from the figures (and the units' texts),
"khó khăn, hạn chế", part II, closing block.

Wording that belongs to the office (the report's number, the signer, the recipients) is
read from ``workspace.yaml``'s optional ``report:`` mapping; the seed's is the default.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from ..catalog import Indicator
from ..master import MasterResult
from ..master.compute import year_start
from ..narrative import DIFFICULTIES, RESULTS, TASKS, next_period, next_words, short_words
from ..periods import Period
from ..workspace import Workspace
from . import phrasing as ph
from .difficulties import difficulty_blocks, late_units
from .model import GAP, SOURCE, Block, Draft, Run
from .sentences import Clauses
from .trail import sources_of

DEFAULT_RECIPIENTS = (
    "TT. Thị ủy;",
    "TT. UBND thị xã;",
    "Ban, phòng ngành thị xã;",
    "UBND các xã, phường;",
    "Lưu: VT, VP.",
)


class TextSource(Protocol):
    """The units' texts (:class:`toolkit.report.narrative.UnitTexts`)."""

    def texts(self, section: str, group: str, part: str) -> list[tuple[str, str, str]]:
        """(unit code, unit name, text) of one topic and part, in unit order."""
        ...

    def silent(self, section: str) -> list[str]:
        """Names of the units expected to write on the section that sent no text at all."""
        ...


@dataclass(frozen=True)
class Wording:
    number: str = ""
    basis: str = ""  # the opening paragraph: what the report answers to ("Trên cơ sở ..."); {year}
    on_behalf: str = "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = "CHỦ TỊCH"
    signer: str = ""
    recipients: tuple[str, ...] = DEFAULT_RECIPIENTS

    @classmethod
    def of(cls, ws: Workspace) -> Wording:
        raw = ws.settings.extra.get("report") or {}
        if not isinstance(raw, dict):
            return cls()
        rec = raw.get("recipients")
        return cls(
            number=str(raw.get("number", "") or ""),
            basis=str(raw.get("basis", "") or ""),
            on_behalf=str(raw.get("on_behalf", cls.on_behalf) or ""),
            signer_title=str(raw.get("signer_title", cls.signer_title) or ""),
            signer=str(raw.get("signer", "") or ""),
            recipients=tuple(str(r) for r in rec) if isinstance(rec, list) else DEFAULT_RECIPIENTS,
        )


def subject(period: Period) -> str:
    """'kinh tế - xã hội quý I và phương hướng, nhiệm vụ quý II năm 2024'."""
    cur = short_words(period)
    nxt_short, _ = next_words(period)
    if next_period(period).year == period.year:
        return f"kinh tế - xã hội {cur} và phương hướng, nhiệm vụ {nxt_short} năm {period.year}"
    return f"kinh tế - xã hội năm {period.year} và phương hướng, nhiệm vụ năm {period.year + 1}"


def authority_lines(ws: Workspace, period: Period) -> tuple[str, str]:
    """('ỦY BAN NHÂN DÂN', 'THỊ XÃ NGÃ NĂM') from the collecting office's authority."""
    text = (ws.authority(period) or ws.settings.name or "").upper().strip()
    lead = "ỦY BAN NHÂN DÂN"
    if text.startswith(lead + " "):
        return lead, text[len(lead) :].strip()
    return text, ""


def committee_name(ws: Workspace, period: Period) -> str:
    """'Ủy ban nhân dân thị xã Ngã Năm' (the collecting office's name, else workspace.yaml's)."""
    office = ws.collector(period)
    name = (office.name if office is not None else ws.settings.name).strip()
    return f"Ủy ban nhân dân {ph.lower_first(name)}" if name else "Ủy ban nhân dân"


def _text_blocks(texts: TextSource | None, section: str, group: str, part: str) -> list[Block]:
    """The units' texts on one topic, each paragraph marked with its unit."""
    if texts is None:
        return []
    out = []
    for _unit, name, text in texts.texts(section, group, part):
        for n, para in enumerate(p for p in text.splitlines() if p.strip()):
            runs = [Run(f"[{name}] ", SOURCE)] if n == 0 else []
            out.append(Block("text", runs + [Run(para.strip())], section=section, group=group))
    return out


def _silent_block(texts: TextSource | None, section: str) -> list[Block]:
    names = texts.silent(section) if texts is not None else []
    if not names:
        return []
    return [Block("text", [Run(f"[Chưa có thuyết minh của: {', '.join(names)}]", GAP)], section=section)]


def _groups(inds: list[Indicator]) -> list[tuple[str, list[Indicator]]]:
    out: list[tuple[str, list[Indicator]]] = []
    for ind in inds:
        if out and out[-1][0] == ind.group:
            out[-1][1].append(ind)
        else:
            out.append((ind.group, [ind]))
    return out


def compose(
    ws: Workspace,
    period: Period,
    master: MasterResult,
    *,
    today: date | None = None,
    texts: TextSource | None = None,
) -> Draft:
    """The draft of ``period`` from a built master (and the units' texts, when given)."""
    today = today or date.today()
    wording = Wording.of(ws)
    cat = ws.catalog
    cl = Clauses(master, cat, year_start(period))
    line1, line2 = authority_lines(ws, period)
    place = ws.place(period)
    draft = Draft(period=period.code, master_path=str(master.path or ""))
    draft.header = {
        "authority": line1,
        "authority2": line2,
        "number": f"Số: {wording.number or ' ' * 8}/BC-UBND",
        "nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "date": f"{place + ', ' if place else ''}ngày      tháng {today.month} năm {today.year}",
    }
    subj = subject(period)
    draft.title = ["BÁO CÁO", f"Tình hình thực hiện nhiệm vụ {subj}"]
    committee = committee_name(ws, period)
    blocks = draft.blocks
    if wording.basis:
        blocks.append(Block("para", [Run(wording.basis.strip().replace("{year}", str(period.year)))]))
    blocks.append(
        Block(
            "para",
            [
                Run(
                    f"Thực hiện chỉ tiêu, kế hoạch, nhiệm vụ, giải pháp chủ yếu phát triển kinh tế - xã hội "
                    f"năm {period.year}, {committee} báo cáo kết quả thực hiện nhiệm vụ {subj}, cụ thể như sau:"
                )
            ],
        )
    )
    blocks.append(Block("part", [Run(f"I. TÌNH HÌNH KINH TẾ - XÃ HỘI {period.title_vi()}")]))
    sections = sorted(cat.sections.values(), key=lambda s: s.order)
    n = 0
    for sec in sections:
        inds = cat.in_section(sec.code)
        if not inds:
            continue
        n += 1
        blocks.append(Block("section", [Run(f"{n}. {sec.name}")], section=sec.code))
        for group, members in _groups(inds):
            runs = cl.group_runs(group, members)
            if runs:
                blocks.append(Block("para", runs, section=sec.code, group=group))
            # the form asks for a text per group; an ungrouped indicator's topic is its section
            blocks.extend(_text_blocks(texts, sec.code, group or sec.name, RESULTS))
        blocks.extend(_silent_block(texts, sec.code))

    deadline = ws.deadline(period)
    blocks.extend(difficulty_blocks(cl, period, deadline))
    for sec in sections:
        blocks.extend(_text_blocks(texts, sec.code, "", DIFFICULTIES))

    nxt_short, nxt_title = next_words(period)
    blocks.append(Block("part", [Run(f"II. MỘT SỐ NHIỆM VỤ CHỦ YẾU {nxt_title}")]))
    tasks_blocks: list[Block] = []
    n = 0
    for sec in sections:
        inner = _text_blocks(texts, sec.code, "", TASKS)
        if inner:
            n += 1
            tasks_blocks.append(Block("section", [Run(f"{n}. {sec.name}")], section=sec.code))
        tasks_blocks.extend(inner)
    if not tasks_blocks:
        tasks_blocks.insert(
            0,
            Block(
                "para",
                [
                    Run(
                        f"[Phần II: nhiệm vụ chủ yếu {nxt_short} — chưa có nội dung từ các đơn vị; "
                        "Văn phòng soạn thảo trước khi trình ký]",
                        GAP,
                    )
                ],
            ),
        )
    blocks.extend(tasks_blocks)
    blocks.append(
        Block(
            "para",
            [
                Run(
                    f"Trên đây là Báo cáo kết quả thực hiện nhiệm vụ {subj.replace('phương hướng, nhiệm vụ', 'phương hướng, nhiệm vụ chủ yếu')} "
                    f"của {committee}./."
                )
            ],
        )
    )
    draft.closing = {
        "recipients": list(wording.recipients),
        "on_behalf": wording.on_behalf,
        "signer_title": wording.signer_title,
        "signer": wording.signer,
    }
    draft.figures = cl.figures
    draft.sources = sources_of(master, set(late_units(cl, deadline)))
    return draft
