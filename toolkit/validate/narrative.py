"""Reading the units' texts from the "Thuyết minh" sheet, each checked at its cell.

The blocks and their cells come from the form's identity (``narrative_map``,
:mod:`toolkit.narrative`); a form without one (made before the sheet existed) has no texts.
A text problem is a warning: required and empty, longer than its limit (kept whole),
a formula (not used), control characters (removed).
"""

from __future__ import annotations

import re

from .. import caches
from ..findings import Finding, make
from ..findings import text as text_codes
from ..narrative import NARRATIVE_SHEET, PART_TITLES, TextBlock, TextRecord, parse_map
from ..numbers import fmt
from ..rawbook import RawBook

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")


def topic_of(b: TextBlock, section_names: dict[str, str]) -> str:
    name = b.group or section_names.get(b.section, b.section)
    return f"{name}: {PART_TITLES[b.part].lower()}"


def clean(text: str) -> tuple[str, int]:
    """Line breaks as '\\n', control characters removed (and counted), ends trimmed."""
    t = text.replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")
    t, n = _CONTROL.subn("", t)
    lines = [ln.rstrip() for ln in t.split("\n")]
    return "\n".join(lines).strip(), n


_BLOCKS = caches.memo("validate.narrative.blocks", 64)  # (narrative map, section names) -> blocks


def _blocks(text: str, section_names: dict[str, str]) -> list[tuple[TextBlock, str, str]] | None:
    """The blocks of a narrative map with their topics and cells as RawSheet.get looks them up:
    the same map on every form of a template, so parsed once per map and section names."""
    key = (text, tuple(section_names.items()))
    hit = _BLOCKS.get(key)
    if hit is None:
        blocks = parse_map(text)
        hit = _BLOCKS.put(
            key,
            None
            if blocks is None
            else [(b, topic_of(b, section_names), b.cell.replace("$", "").upper()) for b in blocks],
        )
    return hit


def read_texts(
    book: RawBook,
    extra: dict[str, str],
    file: str,
    unit: str,
    period: str,
    section_names: dict[str, str],
) -> tuple[list[TextRecord], list[Finding]]:
    """The unit's texts and what is wrong with them, each finding at its sheet and cell."""
    text_map = extra.get("narrative_map")
    blocks = _blocks(text_map, section_names) if text_map else None
    if not blocks:
        return [], []
    sheet_name = extra.get("narrative_sheet") or NARRATIVE_SHEET
    sheet = book.sheet(sheet_name)
    if sheet is None:
        return [], [make(text_codes.SHEET_MISSING, file=file, sheet=sheet_name)]
    texts: list[TextRecord] = []
    findings: list[Finding] = []
    cells = sheet.cells
    for b, topic, at in blocks:
        cell = cells.get(at)  # RawSheet.get(b.cell)
        where = {"file": file, "sheet": sheet_name, "cell": b.cell, "topic": topic}
        if cell is not None and cell.formula is not None:
            findings.append(make(text_codes.FORMULA, formula="=" + cell.formula[:60], **where))
            continue
        raw = cell.value if cell is not None else None
        if raw is None or isinstance(raw, bool):
            text = ""
        elif isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))
        else:
            text = str(raw)
        text, n_control = clean(text)
        if n_control:
            findings.append(make(text_codes.CONTROL_CHARS, count=n_control, value=text[:50], **where))
        if not text:
            if b.required:
                findings.append(make(text_codes.REQUIRED_EMPTY, **where))
            continue
        if len(text) > b.limit:
            findings.append(
                make(text_codes.TOO_LONG, length=fmt(len(text)), limit=fmt(b.limit), value=text[:50], **where)
            )
        texts.append(TextRecord(unit, period, b.section, b.group, b.part, text, sheet_name, b.cell))
    return texts, findings
