"""The units' texts: which topics a unit writes on, shared by the form, validation and the report.

A unit's form has a sheet "Thuyết minh" with one block per topic: for every catalog group of
the unit's indicators, its results and highlights; for every section, its difficulties and
causes, and its tasks for the next period. Each block has a prompt, a length limit and, if
the workspace says so, is required::

    # workspace.yaml (optional)
    narrative:
      limit: 1500                  # characters per block (default 1.500)
      required: [tasks]            # parts that may not be left empty (default: none)

The blocks' cells are written into the form's identity (``narrative_map``), so validation
reads them without guessing; :class:`TextRecord` is one text as read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from .periods import Period
from .vitext import lower_first

if TYPE_CHECKING:
    from .units import Unit
    from .workspace import Workspace

NARRATIVE_SHEET = "Thuyết minh"
RESULTS, DIFFICULTIES, TASKS = "results", "difficulties", "tasks"
PARTS = (RESULTS, DIFFICULTIES, TASKS)
PART_TITLES = {
    RESULTS: "Kết quả, điểm nổi bật",
    DIFFICULTIES: "Khó khăn, hạn chế và nguyên nhân",
    TASKS: "Nhiệm vụ, giải pháp kỳ tới",
}
PART_WORDS = {RESULTS: "kết quả", DIFFICULTIES: "khó khăn, hạn chế", TASKS: "nhiệm vụ kỳ tới"}
DEFAULT_LIMIT = 1500
MAP_HEADER = "narr/1"
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class TextBlock:
    section: str  # catalog section code
    group: str  # catalog group; "" for a section's difficulties and tasks
    part: str  # results | difficulties | tasks
    title: str
    prompt: str
    limit: int = DEFAULT_LIMIT
    required: bool = False
    cell: str = ""  # A1 on the narrative sheet

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.section, self.group, self.part)


@dataclass(frozen=True)
class TextRecord:
    """One unit's text on one topic, as read from its return."""

    unit: str
    period: str
    section: str
    group: str
    part: str
    text: str
    sheet: str = NARRATIVE_SHEET
    cell: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def next_period(period: Period) -> Period:
    """What the tasks are for: the next quarter; after 9 months the fourth quarter; after the
    year the next year (after the first half: the second half, worded by :func:`next_words`)."""
    if period.is_quarter and period.quarter and period.quarter < 4:
        return Period(period.year, f"Q{period.quarter + 1}")
    if period.kind == "H1":
        return Period(period.year, "H1")
    if period.kind == "9M":
        return Period(period.year, "Q4")
    return Period(period.year + 1, "Y")


def short_words(period: Period) -> str:
    """'quý I', '6 tháng đầu năm', '9 tháng', 'năm'."""
    if period.is_quarter:
        return f"quý {_ROMAN[period.quarter or 1]}"
    return {"H1": "6 tháng đầu năm", "9M": "9 tháng"}.get(period.kind, "năm")


def next_words(period: Period) -> tuple[str, str]:
    """(short, TITLE) of what the tasks are for: ('quý II', 'QUÝ II NĂM 2024')."""
    if period.kind == "H1":
        return "6 tháng cuối năm", f"6 THÁNG CUỐI NĂM {period.year}"
    nxt = next_period(period)
    return short_words(nxt), nxt.title_vi()


def next_label(period: Period) -> str:
    """'quý II năm 2024', '6 tháng cuối năm 2024', 'quý IV năm 2024', 'năm 2025'."""
    if period.kind == "H1":
        return f"6 tháng cuối năm {period.year}"
    nxt = next_period(period)
    return f"năm {nxt.year}" if nxt.kind == "Y" else f"{short_words(nxt)} năm {nxt.year}"


def settings(ws: Workspace) -> tuple[int, frozenset[str]]:
    """(limit, required parts) from workspace.yaml's ``narrative:``."""
    raw = ws.settings.extra.get("narrative") or {}
    if not isinstance(raw, dict):
        return DEFAULT_LIMIT, frozenset()
    limit = raw.get("limit", DEFAULT_LIMIT)
    limit = limit if isinstance(limit, int) and not isinstance(limit, bool) and 50 <= limit <= 32000 else DEFAULT_LIMIT
    req = raw.get("required") or []
    return limit, frozenset(p for p in req if p in PARTS) if isinstance(req, list) else frozenset()


def plan_blocks(ws: Workspace, unit: Unit, period: Period) -> list[TextBlock]:
    """The unit's topics in catalog order: per section, each group's results, then the
    section's difficulties and its tasks for the next period. Cells are not yet placed."""
    limit, required = settings(ws)
    sections = ws.catalog.sections
    nxt, _ = next_words(period)
    label = short_words(period)
    out: list[TextBlock] = []
    current: str | None = None
    seen: set[tuple[str, str]] = set()

    def close(section: str) -> None:
        name = sections[section].name if section in sections else section
        out.append(
            TextBlock(
                section,
                "",
                DIFFICULTIES,
                f"{name}: {PART_TITLES[DIFFICULTIES].lower()}",
                f"Những khó khăn, hạn chế trong lĩnh vực {lower_first(name)} {label} và nguyên nhân; kiến nghị (nếu có).",
                limit,
                DIFFICULTIES in required,
            )
        )
        out.append(
            TextBlock(
                section,
                "",
                TASKS,
                f"{name}: nhiệm vụ {nxt}",
                f"Nhiệm vụ, giải pháp chủ yếu {nxt} về {lower_first(name)}: việc gì, ở đâu, khi nào.",
                limit,
                TASKS in required,
            )
        )

    for ind in ws.indicators_for(unit, period):
        if current is not None and ind.section != current:
            close(current)
        current = ind.section
        group = ind.group or (sections[ind.section].name if ind.section in sections else ind.section)
        if (ind.section, group) in seen:
            continue
        seen.add((ind.section, group))
        out.append(
            TextBlock(
                ind.section,
                group,
                RESULTS,
                f"{group}: {PART_TITLES[RESULTS].lower()}",
                f"Kết quả nổi bật về {lower_first(group)} {label}: việc đã làm, điểm mới, lý do số liệu tăng, giảm "
                "(không cần nhắc lại các số đã điền ở biểu số liệu).",
                limit,
                RESULTS in required,
            )
        )
    if current is not None:
        close(current)
    return out


def map_text(blocks: list[TextBlock]) -> str:
    """The blocks as the identity sheet stores them: a header line, then one line per block."""
    lines = [MAP_HEADER]
    for b in blocks:
        lines.append("\t".join([b.section, b.group, b.part, b.cell, str(b.limit), "1" if b.required else "0"]))
    return "\n".join(lines)


def parse_map(text: str) -> list[TextBlock] | None:
    """The blocks of an identity's ``narrative_map``; None when it is not one."""
    lines = [ln for ln in str(text or "").replace("\r\n", "\n").split("\n") if ln.strip()]
    if not lines or lines[0].strip() != MAP_HEADER:
        return None
    out = []
    for ln in lines[1:]:
        f = ln.split("\t")
        if len(f) != 6 or f[2] not in PARTS or not f[3]:
            return None
        try:
            limit = int(f[4])
        except ValueError:
            return None
        out.append(TextBlock(f[0], f[1], f[2], "", "", limit, f[5] == "1", f[3]))
    return out
