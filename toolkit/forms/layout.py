"""Where everything goes on the form sheet: rows, columns, roles and formulas (no I/O).

:func:`plan_form` turns the catalog's indicators for one unit and period into a
:class:`FormPlan`: section and group heading rows, one row per indicator (parts right
under their whole), and for each data cell its role (input, formula, prefilled, or not
applicable), its formula as an expression tree, its validation rule; plus the identity
map (:class:`~toolkit.identity.CellRef`) and the fingerprint of the locked content.
The writer (:mod:`toolkit.forms.writer`) only draws what the plan says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..catalog import Indicator
from ..figures import figures_of
from ..identity import CellRef, canonical, canonical_formula, fingerprint
from ..periods import Period
from ..records import History
from ..units import Unit
from . import formulas as fx
from .prefill import carried, missing_note
from .rules import Rule, rule_for

if TYPE_CHECKING:
    from ..workspace import Workspace

FORM_SHEET = "Biểu số liệu"
INSTRUCTIONS_SHEET = "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    key: str
    letter: str
    title: str
    width: float


# The stable column order of every form (the validator finds cells by code in "Mã").
# Widths in characters of the workbook's default font, Times New Roman 12 (8-pixel digits).
COLUMNS = (
    Column("stt", "A", "STT", 5),
    Column("code", "B", "Mã chỉ tiêu", 19),
    Column("name", "C", "Chỉ tiêu", 36),
    Column("unit", "D", "ĐVT", 9),
    Column("value", "E", "Thực hiện kỳ này", 11),
    Column("ytd_prev", "F", "Lũy kế đến hết kỳ trước", 11),
    Column("ytd", "G", "Lũy kế từ đầu năm", 11),
    Column("same_period", "H", "Cùng kỳ năm trước", 11),
    Column("same_ytd", "I", "Lũy kế cùng kỳ năm trước", 11),
    Column("note", "J", "Ghi chú", 16),
    Column("check", "K", "Kiểm tra", 14),
)
LETTER = {c.key: c.letter for c in COLUMNS}
DATA_COLUMNS = ("value", "ytd_prev", "ytd", "same_period", "same_ytd", "note")
NUMERIC_COLUMNS = ("value", "ytd_prev", "ytd", "same_period", "same_ytd")
HEADER_ROW = 9  # 1-based row of the table's column titles
NUMBER_ROW = 10  # the row of column numbers (1), (2)...
FIRST_ROW = 11  # the first row of the table body

CHECK_TEXT = "Số đang ở dạng chữ: gõ lại số"
CHECK_OF_WHICH = "Các mục “trong đó” lớn hơn tổng"
CHECK_YTD = "Lũy kế nhỏ hơn kỳ này"

_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


@dataclass
class CellPlan:
    column: str  # value | ytd | same_period | note
    role: str  # input | formula | prefilled | na
    address: str
    formula: fx.Expr | None = None
    value: float | None = None  # prefilled figure
    rule: Rule | None = None  # validation of an input cell


@dataclass
class RowPlan:
    row: int  # 1-based
    kind: str  # section | group | indicator
    stt: str
    text: str
    indicator: Indicator | None = None
    depth: int = 0  # 1 for a part of a whole, 2 for a part of a part
    cells: dict[str, CellPlan] = field(default_factory=dict)
    check: fx.Expr | None = None


@dataclass
class FormPlan:
    unit: Unit
    period: Period
    rows: list[RowPlan]
    indicators: list[Indicator]
    cellrefs: list[CellRef]
    fingerprint: str
    last_row: int
    official: bool = False  # the period's official figures, sent after estimates

    def cell(self, code: str, column: str) -> CellPlan | None:
        for r in self.rows:
            if r.indicator is not None and r.indicator.code == code:
                return r.cells.get(column)
        return None

    def formulas(self) -> dict[str, fx.Expr]:
        """Every formula cell (data cells and checks) by address."""
        out: dict[str, fx.Expr] = {}
        for r in self.rows:
            for c in r.cells.values():
                if c.formula is not None:
                    out[c.address] = c.formula
            if r.check is not None:
                out[f"{LETTER['check']}{r.row}"] = r.check
        return out

    def inputs(self) -> dict[tuple[str, str], CellPlan]:
        return {
            (r.indicator.code, c.column): c
            for r in self.rows
            if r.indicator
            for c in r.cells.values()
            if c.role == "input"
        }


def roman(n: int) -> str:
    return _ROMAN[n - 1] if 0 < n <= len(_ROMAN) else str(n)


def _ordered(ws: Workspace, inds: list[Indicator]) -> list[tuple[str, str, Indicator | None, int, str]]:
    """Rows in order: (kind, stt, indicator or None, depth, text)."""
    in_form = {i.code: i for i in inds}
    parent_of: dict[str, str] = {}
    for ind in inds:
        for p in ind.parts:
            if p in in_form and p != ind.code and p not in parent_of:
                parent_of[p] = ind.code
    # a part whose chain of wholes loops back (a catalog error) is shown at top level
    for code in list(parent_of):
        seen, c = {code}, parent_of[code]
        while c in parent_of:
            if c in seen:
                parent_of.pop(code)
                break
            seen.add(c)
            c = parent_of[c]
    tops = [i for i in inds if i.code not in parent_of]
    section_order = list(ws.catalog.sections)
    section_order += [s for s in dict.fromkeys(i.section for i in tops) if s not in ws.catalog.sections]

    rows: list[tuple[str, str, Indicator | None, int, str]] = []
    placed: set[str] = set()

    def emit(ind: Indicator, stt: str, depth: int) -> None:
        if ind.code in placed:
            return
        placed.add(ind.code)
        rows.append(("indicator", stt, ind, depth, ind.name))
        kids = [in_form[p] for p in ind.parts if parent_of.get(p) == ind.code]
        for n, kid in enumerate(kids, start=1):
            emit(kid, f"{stt}.{n}", depth + 1)

    n_section = 0
    for sec in section_order:
        members = [i for i in tops if i.section == sec]
        if not members:
            continue
        n_section += 1
        s = ws.catalog.sections.get(sec)
        rows.append(("section", roman(n_section), None, 0, (s.name if s else sec).upper()))
        groups = list(dict.fromkeys(i.group for i in members))
        groups.sort(key=lambda g: g != "")  # ungrouped indicators first, then groups as they appear
        n = 0
        for g in groups:
            if g:
                rows.append(("group", "", None, 0, g))
            for ind in (i for i in members if i.group == g):
                n += 1
                emit(ind, str(n), 0)
    for ind in inds:  # anything left over (cycles among parts)
        if ind.code not in placed:
            emit(ind, "", 0)
    return rows


def covers_year_to_date(period: Period) -> bool:
    """Q1, H1, 9M and the year: the year-to-date figure is the period's own figure."""
    return period.starts_year


def plan_form(ws: Workspace, unit: Unit, period: Period, history: History | None = None) -> FormPlan:
    """``history``: where carried figures come from (a :class:`~toolkit.figures.Figures`, e.g.
    intake's ``ArchiveHistory``; any other History is read as the archive; None: the baseline)."""
    figures = figures_of(ws, history)
    inds = ws.indicators_for(unit, period)
    ordered = _ordered(ws, inds)
    row_of: dict[str, int] = {}
    rows: list[RowPlan] = []
    for n, (kind, stt, ind, depth, text) in enumerate(ordered):
        r = FIRST_ROW + n
        rows.append(RowPlan(r, kind, stt, text, ind, depth))
        if ind is not None:
            row_of[ind.code] = r
    by_code = {i.code: i for i in inds}

    starts = covers_year_to_date(period)

    def applies(code: str, column: str) -> bool:
        if code not in by_code:
            return False
        ind = by_code[code]
        if column in ("ytd_prev", "same_ytd") and starts:
            return False  # the year to date is the period itself: nothing carried
        if column in ("ytd", "ytd_prev", "same_ytd"):
            if not ind.ytd:
                return False
            if ind.is_ratio and not starts:
                return all(o in by_code and applies(o, column) for o in (ind.numerator, ind.denominator))
        if column in ("same_period", "same_ytd"):
            if not ind.same_period:
                return False
            if ind.is_ratio:
                return all(o in by_code and applies(o, column) for o in (ind.numerator, ind.denominator))
        return True

    def addr(code: str, column: str) -> str:
        return f"{LETTER[column]}{row_of[code]}"

    def ratio_operands(ind: Indicator) -> tuple[str, str] | None:
        """A ratio's numerator and denominator when both are on the form."""
        if ind.is_ratio and ind.numerator in by_code and ind.denominator in by_code:
            return ind.numerator, ind.denominator
        return None

    def complete_ok(ind: Indicator, column: str) -> bool:
        parts = [p for p in ind.parts if p != ind.code]
        return bool(parts) and ind.parts_mode == "complete" and all(p in by_code and applies(p, column) for p in parts)

    def plan_cell(ind: Indicator, column: str) -> CellPlan:
        a = addr(ind.code, column)
        if column == "note":
            return CellPlan(column, "input", a, rule=rule_for(ind, column, period))
        if not applies(ind.code, column):
            return CellPlan(column, "na", a)
        if ind.given_as == "ytd" and not starts and applies(ind.code, "ytd_prev"):
            # the source gives the year to date: the clerk types it, this period is derived
            if column == "value":
                return CellPlan(
                    column, "formula", a, formula=fx.less_of(addr(ind.code, "ytd"), addr(ind.code, "ytd_prev"))
                )
            if column == "ytd":
                return CellPlan(column, "input", a, rule=rule_for(ind, column, period))
        if column == "ytd" and starts:
            return CellPlan(column, "formula", a, formula=fx.copy_of(addr(ind.code, "value")))
        operands = ratio_operands(ind)
        if operands is not None:
            num, den = operands
            return CellPlan(column, "formula", a, formula=fx.ratio_of(addr(num, column), addr(den, column), ind.scale))
        if complete_ok(ind, column):
            return CellPlan(column, "formula", a, formula=fx.total_of([addr(p, column) for p in ind.parts]))
        if column == "ytd":  # carried: what was accepted up to the period before, plus this period
            return CellPlan(
                column, "formula", a, formula=fx.carry_of(addr(ind.code, "ytd_prev"), addr(ind.code, "value"))
            )
        found = carried(figures, unit.code, period, ind.code, column)
        if found is not None and found.value is not None:
            return CellPlan(column, "prefilled", a, value=found.value)
        why = missing_note(ws, found) if found is not None else ""
        return CellPlan(column, "input", a, rule=rule_for(ind, column, period, why=why))

    for row in rows:
        ind = row.indicator
        if ind is None:
            continue
        row.cells = {c: plan_cell(ind, c) for c in DATA_COLUMNS}
        row.check = _checks(ind, row, by_code, row_of, period)

    cellrefs, items = _identity_map(rows)
    last = rows[-1].row if rows else FIRST_ROW - 1
    return FormPlan(unit, period, rows, inds, cellrefs, fingerprint(items), last)


def _checks(
    ind: Indicator, r: RowPlan, by_code: dict[str, Indicator], row_of: dict[str, int], period: Period
) -> fx.Expr | None:
    checks: list[tuple[fx.Expr, str]] = []
    typed = [
        fx.call("ISTEXT", fx.Ref(c.address)) for k, c in r.cells.items() if k in NUMERIC_COLUMNS and c.role == "input"
    ]
    if typed:
        checks.append((typed[0] if len(typed) == 1 else fx.call("OR", *typed), CHECK_TEXT))
    parts = [p for p in ind.parts if p in by_code and p != ind.code]
    if parts and ind.parts_mode == "of_which":
        conds = []
        for column in NUMERIC_COLUMNS:
            whole = r.cells[column]
            if whole.role == "na":
                continue
            part_cells = [f"{LETTER[column]}{row_of[p]}" for p in parts]
            if any(p not in row_of for p in parts):
                continue
            conds.append(
                fx.call(
                    "AND",
                    fx.call("ISNUMBER", fx.Ref(whole.address)),
                    fx.Op(">", fx.call("SUM", *fx.refs_compact(part_cells)), fx.Ref(whole.address)),
                )
            )
        if conds:
            checks.append((conds[0] if len(conds) == 1 else fx.call("OR", *conds), CHECK_OF_WHICH))
    v, y = r.cells["value"], r.cells["ytd"]
    if not ind.is_stock and y.role == "input" and v.role != "na":
        checks.append(
            (
                fx.call(
                    "AND",
                    fx.call("ISNUMBER", fx.Ref(v.address)),
                    fx.call("ISNUMBER", fx.Ref(y.address)),
                    fx.Op("<", fx.Ref(y.address), fx.Ref(v.address)),
                ),
                CHECK_YTD,
            )
        )
    return fx.first_problem(checks) if checks else None


def _identity_map(rows: list[RowPlan]) -> tuple[list[CellRef], list[tuple[str, str, str]]]:
    """The map from indicator code to cell, and the fingerprint items of the locked content."""
    refs: list[CellRef] = []
    items: list[tuple[str, str, str]] = []
    for r in rows:
        ind = r.indicator
        if ind is None:
            continue
        for column, text in (("code", ind.code), ("name", ind.name), ("unit", ind.unit)):
            a = f"{LETTER[column]}{r.row}"
            refs.append(CellRef(ind.code, column, FORM_SHEET, a, "label"))
            items.append((FORM_SHEET, a, canonical(text)))
        for column in DATA_COLUMNS:
            c = r.cells[column]
            if c.role == "na":
                continue
            refs.append(CellRef(ind.code, column, FORM_SHEET, c.address, c.role))
            if c.formula is not None:
                items.append((FORM_SHEET, c.address, canonical_formula("=" + c.formula.render())))
    return refs, items
