"""What was typed: each mapped cell turned into a number (or a note), saying how it was read.

Cells may hold numbers, or text that people typed the Vietnamese way ("1.234", "2,5",
"37,89%", "1.234,5 ha"). :func:`toolkit.numbers.read` lists every plausible reading; here
the reading is chosen with what the catalog and the history know: the unit and type
(counts are whole numbers), the bounds, and a reference figure (the same period last
year on the form, or the archive). One plausible reading: accepted with a warning saying
how it was read. Several: an error proposing the likely one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .. import caches
from ..findings import Code, Finding, make
from ..findings import rule as rule_codes
from ..findings import structure as structure_codes
from ..findings import value as codes
from ..forms.rules import NOTE_MAX
from ..numbers import Parsed, fmt
from ..numbers import read as read_number
from ..periods import Period
from ..rawbook import RawCell
from ..records import History
from .structure import Located, MapPlan, Slot, column_names
from .typed_formula import evaluate

if TYPE_CHECKING:
    from ..catalog import Catalog, Indicator

NUMERIC = ("value", "ytd_prev", "ytd", "same_period", "same_ytd")
ORDER = ("same_period", "same_ytd", "value", "ytd_prev", "ytd", "note")
Prefill = Callable[["Indicator", str], "float | None"]
EXCEL_ERRORS = (
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#N/A",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
)

# states of a read cell
NUMBER, TEXT_NUMBER, EMPTY, BAD, FORMULA, NO_CACHE, FORMULA_BLANK, NOTE = (
    "number",
    "text-number",
    "empty",
    "bad",
    "formula",
    "no-cache",
    "formula-blank",
    "note",
)


def num(v: float | None) -> str:
    """A number the Vietnamese way with the decimals it really has (1.234 -> '1,234')."""
    if v is None:
        return ""
    for d in range(0, 7):
        if abs(round(v, d) - v) < 1e-9 * max(1.0, abs(v)):
            return fmt(v, d)
    return fmt(v, 6)


def plain(v: float) -> str:
    """A number without thousands separators, ',' as decimal mark (1234; 1,234): unambiguous."""
    return num(v).replace(".", "")


@dataclass(slots=True)
class Cell:
    """One mapped data cell after reading."""

    slot: Slot
    value: float | str | None
    state: str
    typed: str = ""  # what the cell showed when it was text, for messages


@dataclass
class Reading:
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # carried cells ("Lũy kế đến hết kỳ trước") whose figure was replaced by the accepted one
    revised: set[tuple[str, str]] = field(default_factory=set)

    def value(self, indicator: str, column: str) -> float | None:
        c = self.cells.get((indicator, column))
        return c.value if c is not None and isinstance(c.value, float) else None


def _norm_unit(s: str) -> str:
    return re.sub(r"[\s.]+", "", s.lower()).replace("²", "2").replace("m2", "m2")


def _same_unit(typed: str, unit: str) -> bool:
    a, b = _norm_unit(typed), _norm_unit(unit)
    return bool(a) and (a == b or b.startswith(a) or a.startswith(b))


def cell_bounds(ind: Indicator, column: str, period: Period) -> tuple[float | None, float | None]:
    """The bounds of a cell as the form states them (:func:`toolkit.forms.rules.bounds`)."""
    key = (id(ind), column, period.year, period.kind)  # not the Period itself: its dataclass hash is Python code
    hit = _BOUNDS.get(key)
    if hit is None or hit[0] is not ind:
        from ..forms.rules import bounds

        hit = _BOUNDS.put(key, (ind, bounds(ind, column, period)))
    return hit[1]


_BOUNDS = caches.memo("validate.reading.bounds", 1 << 16)  # (indicator, column, year, kind) -> bounds


_ORDERS = caches.memo("validate.reading.orders", 256)  # per map's plan: the slots in reading order


def _read_order(plan: MapPlan) -> list[tuple[str, list[tuple[str, str]]]]:
    """The map's slots as :meth:`Reader.run` reads them when all are there: indicator by
    indicator (in the order of the map, as ``Located.rows``), each in :data:`ORDER`."""
    hit = _ORDERS.get(id(plan))
    if hit is None or hit[0] is not plan:
        there = {r[0] for r in plan.rows}
        order = [
            (ind, [(ind, column) for column in ORDER if (ind, column) in there])
            for ind in plan.by_ind
            if ind in plan.expected_row
        ]
        hit = _ORDERS.put(id(plan), (plan, order))
    return hit[1]


class Reader:
    """Reads the located cells of one file."""

    def __init__(
        self,
        loc: Located,
        catalog: Catalog,
        period: Period | None,
        unit: str,
        history: History | None,
        file: str,
        prefill: Prefill | None = None,
    ) -> None:
        self.loc, self.catalog, self.period, self.unit = loc, catalog, period, unit
        self.history, self.file = history, file
        self.prefill = prefill
        self.out = Reading()
        book = loc.book
        self._formats = book.style_formats if book is not None else []  # RawBook.shown_as's table

    # --- helpers ------------------------------------------------------------------------------
    def _f(self, code: Code, slot: Slot, ind: Indicator, **ctx: object) -> None:
        col_vi, col_en = column_names(slot.column)
        sheet = self.loc.sheet.name if self.loc.sheet is not None else self.loc.sheet_name
        self.out.findings.append(
            make(
                code,
                file=self.file,
                sheet=sheet,
                cell=slot.address,
                indicator=ind.code,
                column=slot.column,
                name=ind.name,
                col_vi=col_vi,
                col_en=col_en,
                unit=ind.unit,
                **ctx,
            )
        )

    def _hist(self, period: Period | None, code: str, column: str) -> float | None:
        if self.history is None or period is None:
            return None
        try:
            v = self.history.get(self.unit, period.code, code, column)
        except Exception:  # noqa: BLE001 - a broken history must not break validation
            return None
        return None if v is None else float(v)

    def reference(self, ind: Indicator, column: str) -> tuple[float | None, str, str]:
        """A figure of similar magnitude to judge readings by: (value, what_vi, what_en)."""
        p = self.period
        if p is None:
            return None, "", ""
        if column == "value":
            sp = self.out.value(ind.code, "same_period")
            if sp is not None:
                return sp, "cùng kỳ năm trước", "the same period last year"
            v = self._hist(p.previous(), ind.code, "value")
            if v is not None:
                return v, "kỳ trước", "the previous quarter"
            v = self._hist(p.same_period_last_year(), ind.code, "value")
            return v, "cùng kỳ năm trước", "the same period last year"
        if column == "ytd_prev":
            v = self._hist(p.previous(), ind.code, "ytd")
            return v, "lũy kế đã duyệt kỳ trước", "the accepted previous year-to-date"
        if column == "same_ytd":
            v = self._hist(p.same_period_last_year(), ind.code, "ytd")
            return v, "lũy kế cùng kỳ năm trước", "last year's year-to-date"
        if column == "ytd":
            v = self._hist(p.previous(), ind.code, "ytd")
            if v is not None:
                return v, "lũy kế kỳ trước", "the previous year-to-date"
            v = self.out.value(ind.code, "value")
            return v, "số thực hiện kỳ này", "this period's figure"
        v = self._hist(p.same_period_last_year(), ind.code, "value")
        return v, "số liệu đã duyệt năm trước", "last year's accepted figure"

    # --- reading --------------------------------------------------------------------------------
    def run(self) -> Reading:
        indicators, slots, read = self.catalog.indicators, self.loc.slots, self.read
        plan = self.loc.plan if self.loc.as_planned else None
        if plan is not None:  # every slot of the map there: the order of the map's slots, once
            got, formats = self.out.cells, self._formats
            n_formats = len(formats)
            for ind_code, keys in _read_order(plan):
                ind = indicators.get(ind_code)
                if ind is None:
                    continue
                percent = ind.type == "percent"
                for key in keys:
                    slot = slots[key]
                    cell = slot.cell
                    # the usual cells, as read() would read them: an empty note; a formula's
                    # stored number; a typed finite number whose format shows a plain number,
                    # with nothing to compare it with
                    if key[1] == "note":
                        if cell is None or cell.value is None:
                            got[key] = Cell(slot, None, EMPTY, "")
                            continue
                    elif cell is not None and (type(cell.value) is float or type(cell.value) is int):
                        v = float(cell.value)
                        role = slot.role
                        if role == "formula" and cell.formula is not None:
                            got[key] = Cell(slot, v, FORMULA)
                            continue
                        if (
                            role == "input"
                            and key[1] != "ytd_prev"
                            and cell.formula is None
                            and cell.kind != "e"
                            and math.isfinite(v)
                            and not (percent and 0 < v < 1)
                        ):
                            style = cell.style
                            shown = formats[style] if 0 <= style < n_formats else ""
                            if shown != "date" and shown != "percent":
                                got[key] = Cell(slot, v, NUMBER)
                                continue
                    read(slot, ind, key)
            return self.out
        for ind_code in self.loc.rows:
            ind = indicators.get(ind_code)
            if ind is None:
                continue
            for column in ORDER:
                key = (ind_code, column)
                found = slots.get(key)
                if found is not None:
                    read(found, ind, key)
        return self.out

    def read(self, slot: Slot, ind: Indicator, key: tuple[str, str] | None = None) -> None:
        cell = slot.cell
        column = slot.column
        if key is None:
            key = (slot.indicator, column)
        if column == "note":
            text = None if cell is None or cell.value is None else str(cell.value)
            text = text if text and text.strip() else None
            self.out.cells[key] = Cell(slot, text, EMPTY if text is None else NOTE, text or "")
            if text is not None and len(text) > NOTE_MAX:  # pasted: the form's own length rule never saw it
                self._f(codes.NOTE_TOO_LONG, slot, ind, value=text[:60] + "…", length=len(text), limit=NOTE_MAX)
            return
        if slot.role == "formula" and cell is not None and cell.formula is not None:
            v = cell.value
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                self.out.cells[key] = Cell(slot, float(v), FORMULA)
            elif v is None:
                self.out.cells[key] = Cell(slot, None, NO_CACHE)
            elif v == "":
                self.out.cells[key] = Cell(slot, None, FORMULA_BLANK)
            else:  # an error value or text: recomputed from the inputs by the rules
                self.out.cells[key] = Cell(slot, None, NO_CACHE, str(v))
            return
        got = self.out.cells[key] = self.interpret(slot, ind)
        if self.prefill is None:
            return
        if got.state == EMPTY:
            if slot.role == "prefilled":
                self._prefilled_cleared(got, ind, self.prefill)
            return
        if slot.role == "prefilled" or (slot.column == "ytd_prev" and got.state == NUMBER):
            self._prefilled(got, ind, self.prefill)

    def _prefilled_cleared(self, cell: Cell, ind: Indicator, prefill: Prefill) -> None:
        """A figure the office wrote, cleared (or merged away): the accepted one is used, and said."""
        try:
            want = prefill(ind, cell.slot.column)
        except Exception:  # noqa: BLE001 - no reference, nothing to compare
            return
        if want is None:
            return
        self._f(structure_codes.PREFILLED_CLEARED, cell.slot, ind, expected=num(want))
        cell.value, cell.state = float(want), NUMBER

    def _prefilled(self, cell: Cell, ind: Indicator, prefill: Prefill) -> None:
        """A figure the office wrote that differs from the accepted one: warn, use the accepted one.

        For "Lũy kế đến hết kỳ trước" the usual cause is an earlier period corrected after the
        form was sent (or, typed by the unit, a figure the archive now has): the year to date
        is then recomputed from the accepted figure (docs/forms.md)."""
        column = cell.slot.column
        try:
            want = prefill(ind, column)
        except Exception:  # noqa: BLE001 - no reference, nothing to compare
            return
        got = cell.value if isinstance(cell.value, float) else None
        if want is None or (got is not None and abs(got - want) <= 1e-9 * max(1.0, abs(want))):
            return
        shown = cell.typed or num(got)
        prev = self.period.previous() if self.period is not None else None
        if column == "ytd_prev" and prev is not None:
            this = self.out.value(ind.code, "value")
            code = rule_codes.YTD_CARRIED_REVISED if cell.slot.role == "prefilled" else rule_codes.YTD_BEFORE_DIFFERS
            self._f(
                code,
                cell.slot,
                ind,
                value=shown,
                expected=num(want),
                prev_vi=prev.in_sentence_vi(),
                prev_en=prev.title_en(),
                total=num(want + this) if this is not None else num(want),
            )
            self.out.revised.add((ind.code, column))
        else:
            self._f(structure_codes.PREFILLED_ALTERED, cell.slot, ind, value=shown, expected=num(want))
        cell.value, cell.state = float(want), NUMBER

    def interpret(self, slot: Slot, ind: Indicator) -> Cell:
        cell = slot.cell
        v = None if cell is None else cell.value
        if cell is None or (cell.formula is None and (v is None or v == "")):  # RawCell.is_blank
            if slot.address in self.loc.merged_away:
                return Cell(slot, None, BAD)  # cells-merged says it: not also value-missing
            return Cell(slot, None, EMPTY)
        if (type(v) is float or type(v) is int) and cell.formula is None and cell.kind != "e":  # a typed number
            x = float(v)
            if not math.isfinite(x):
                self._f(codes.VALUE_NOT_NUMBER, slot, ind, value=str(v))
                return Cell(slot, None, BAD, str(v))
            return self._number(slot, ind, cell, x)
        if cell.formula is not None and (v is None or v == ""):
            self._f(codes.INPUT_FORMULA_NO_VALUE, slot, ind, value=cell.formula)
            return Cell(slot, None, BAD, "=" + cell.formula)
        if isinstance(v, bool):
            self._f(codes.VALUE_NOT_NUMBER, slot, ind, value="TRUE" if v else "FALSE")
            return Cell(slot, None, BAD, str(v))
        if cell.kind == "e" or (isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS):
            self._f(
                codes.CELL_ERROR,
                slot,
                ind,
                value=str(v),
                fix_vi="Xoá lỗi và nhập số liệu (chỉ số, không công thức) rồi gửi lại.",
                fix_en="Clear the error and type the figure (a number, not a formula), then send the file again.",
            )
            return Cell(slot, None, BAD, str(v))
        if isinstance(v, (int, float)):
            x = float(v)
            if not math.isfinite(x):
                self._f(codes.VALUE_NOT_NUMBER, slot, ind, value=str(v))
                return Cell(slot, None, BAD, str(v))
            if cell.formula is not None:  # typed by the clerk into an input cell
                done = self._typed_formula(slot, ind, cell.formula, x)
                if done is not None:
                    return done
            return self._number(slot, ind, cell, x)
        return self.text(slot, ind, str(v))

    def _number(self, slot: Slot, ind: Indicator, cell: RawCell, x: float) -> Cell:
        """A finite number (typed, or a typed formula's result that stands), as its format shows it."""
        formats, style = self._formats, cell.style
        shown = formats[style] if 0 <= style < len(formats) else ""  # RawBook.shown_as
        if shown == "date" or shown == "percent":
            return self._formatted(slot, ind, x, shown)
        if ind.type == "percent" and 0 < x < 1 and self._fraction(slot, ind, x, num(x)):
            return Cell(slot, None, BAD, num(x))
        return Cell(slot, x, NUMBER)

    def _typed_formula(self, slot: Slot, ind: Indicator, formula: str, stored: float) -> Cell | None:
        """A formula typed into an input cell: computed again from the cells it reads. None: the
        stored result stands (it is what the formula gives) and is read like a typed number."""
        sheet = self.loc.sheet
        got = evaluate(formula, sheet) if sheet is not None else None
        if got is None or got.value is None:
            self._f(
                codes.INPUT_FORMULA_UNCHECKED,
                slot,
                ind,
                value=num(stored),
                formula=formula,
                why_vi=got.why_vi if got else "",
                why_en=got.why_en if got else "",
            )
            return None
        if abs(got.value - stored) <= 1e-9 * max(1.0, abs(got.value)):
            return None
        self._f(
            codes.INPUT_FORMULA_STALE, slot, ind, value=num(stored), expected=num(round(got.value, 9)), formula=formula
        )
        return Cell(slot, got.value, TEXT_NUMBER, "=" + formula)

    def _formatted(self, slot: Slot, ind: Indicator, x: float, shown: str) -> Cell:
        """A number the cell's format shows as a date or a percentage: what the clerk saw."""
        if shown == "date":
            day = excel_date(x)
            self._f(codes.VALUE_IS_DATE, slot, ind, value=day, serial=num(x))
            return Cell(slot, None, BAD, day)
        pct = round(x * 100, 9)
        if ind.type == "percent" or ind.unit.strip() == "%":
            self._f(codes.VALUE_PERCENT_FORMAT, slot, ind, value=num(pct), stored=num(x), expected=num(pct))
            return Cell(slot, pct, TEXT_NUMBER, f"{num(pct)}%")
        self._f(codes.VALUE_UNIT_MISMATCH, slot, ind, value=f"{num(pct)}%", typed_unit="%")
        return Cell(slot, None, BAD, f"{num(pct)}%")

    def _fraction(self, slot: Slot, ind: Indicator, x: float, shown: str) -> bool:
        """A percent typed as a fraction (0,9335 for 93,35%): error, proposing x × 100."""
        if ind.type != "percent" or not 0 < x < 1:
            return False
        ref, _, _ = self.reference(ind, slot.column)
        if ref is not None:
            likely = ref > 1 and abs(x * 100 - ref) < abs(x - ref)
        else:
            likely = abs(round(x, ind.decimals) - x) > 1e-12
        if likely:
            self._f(codes.PERCENT_AS_FRACTION, slot, ind, value=shown, expected=num(round(x * 100, 6)))
        return likely

    def text(self, slot: Slot, ind: Indicator, text: str) -> Cell:
        shown = text.strip()
        if not shown:
            return Cell(slot, None, EMPTY)
        p: Parsed = read_number(shown)
        if not p.ok:
            self._f(codes.VALUE_NOT_NUMBER, slot, ind, value=shown)
            return Cell(slot, None, BAD, shown)
        is_pct = ind.type == "percent" or ind.unit.strip() == "%"
        if p.percent and not is_pct:
            self._f(codes.VALUE_UNIT_MISMATCH, slot, ind, value=shown, typed_unit="%")
            return Cell(slot, None, BAD, shown)
        if p.suffix and not _same_unit(p.suffix, ind.unit):
            self._f(codes.VALUE_UNIT_MISMATCH, slot, ind, value=shown, typed_unit=p.suffix)
            return Cell(slot, None, BAD, shown)
        readings = list({r.value: r for r in p.readings}.values())
        if len(readings) == 1:
            r = readings[0]
            if not p.percent and self._fraction(slot, ind, r.value, shown):
                return Cell(slot, None, BAD, shown)
            self._f(
                codes.VALUE_TEXT_NUMBER, slot, ind, value=shown, expected=num(r.value), how_vi=r.how_vi, how_en=r.how_en
            )
            return Cell(slot, r.value, TEXT_NUMBER, shown)
        return self.ambiguous(slot, ind, shown, readings)

    def ambiguous(self, slot: Slot, ind: Indicator, shown: str, readings: list) -> Cell:
        lo, hi = cell_bounds(ind, slot.column, self.period) if self.period else (ind.min, ind.max)
        ref, ref_vi, ref_en = self.reference(ind, slot.column)
        alts_vi = " hoặc ".join(f"{plain(r.value)} ({r.how_vi})" for r in readings)
        alts_en = " or ".join(f"{plain(r.value)} ({r.how_en})" for r in readings)
        plausible = list(readings)
        why_vi = why_en = ""
        if ind.type == "integer":
            kept = [r for r in plausible if float(r.value).is_integer()]
            if kept and len(kept) < len(plausible):
                plausible = kept
                why_vi = f"chỉ tiêu đếm bằng '{ind.unit}' phải là số nguyên"
                why_en = f"an indicator counted in '{ind.unit}' must be a whole number"
        if len(plausible) > 1:
            kept = [r for r in plausible if (lo is None or r.value >= lo) and (hi is None or r.value <= hi)]
            if kept and len(kept) < len(plausible):
                plausible = kept
                why_vi = f"cách đọc kia nằm ngoài giới hạn hợp lý ({_range(lo, hi)} {ind.unit})"
                why_en = f"the other reading is outside the plausible range ({_range(lo, hi)} {ind.unit})"
        if len(plausible) > 1 and ref is not None and ref > 0:
            dist = sorted(((_log_gap(r.value, ref), n) for n, r in enumerate(plausible)))
            if dist[0][0] < math.log(3) and dist[1][0] > math.log(10):
                plausible = [plausible[dist[0][1]]]
                why_vi = f"gần với {ref_vi} ({num(ref)})"
                why_en = f"it is close to {ref_en} ({num(ref)})"
        if len(plausible) == 1:
            r = plausible[0]
            self._f(
                codes.VALUE_AMBIGUOUS_RESOLVED,
                slot,
                ind,
                value=shown,
                expected=plain(r.value),
                readings_vi=alts_vi,
                readings_en=alts_en,
                why_vi=why_vi,
                why_en=why_en,
            )
            return Cell(slot, r.value, TEXT_NUMBER, shown)
        likely, lv, le = _likely(plausible, ind, ref, ref_vi, ref_en)
        self._f(
            codes.VALUE_AMBIGUOUS,
            slot,
            ind,
            value=shown,
            expected=plain(likely),
            readings_vi=alts_vi,
            readings_en=alts_en,
            why_vi=lv,
            why_en=le,
        )
        return Cell(slot, None, BAD, shown)


def excel_date(serial: float) -> str:
    """An Excel date serial (1900 date system) as the clerk saw it: 45366 -> '15/03/2024'."""
    if not 0 <= serial < 2_958_466:  # up to 31/12/9999
        return num(serial)
    base = datetime(1899, 12, 30) if serial >= 61 else datetime(1899, 12, 31)  # Excel's 29/02/1900
    when = base + timedelta(days=serial)
    if abs(serial - round(serial)) < 1e-9:
        return when.strftime("%d/%m/%Y")
    return when.strftime("%d/%m/%Y %H:%M")


def _range(lo: float | None, hi: float | None) -> str:
    return f"{num(lo) if lo is not None else '…'} – {num(hi) if hi is not None else '…'}"


def _log_gap(x: float, ref: float) -> float:
    if x <= 0 or ref <= 0:
        return math.inf
    return abs(math.log(x / ref))


def _likely(readings: list, ind: Indicator, ref: float | None, ref_vi: str, ref_en: str) -> tuple[float, str, str]:
    """The reading to propose when none can be ruled out."""
    if ref is not None and ref > 0:
        r = min(readings, key=lambda r: _log_gap(r.value, ref))
        return r.value, f"gần nhất với {ref_vi} {num(ref)}", f"closest to {ref_en} {num(ref)}"
    fitting = [r for r in readings if abs(round(r.value, ind.decimals) - r.value) < 1e-9]
    if len(fitting) == 1:
        return (
            fitting[0].value,
            f"biểu mẫu ghi {ind.decimals} chữ số thập phân cho chỉ tiêu này",
            f"the form shows {ind.decimals} decimals for this indicator",
        )
    r = max(readings, key=lambda r: r.value)
    return r.value, "người dùng thường gõ dấu chấm để ngăn cách hàng nghìn", "people usually type '.' between thousands"


def read_values(
    loc: Located,
    catalog: Catalog,
    period: Period | None,
    unit: str,
    history: History | None,
    file: str,
    prefill: Prefill | None = None,
) -> Reading:
    """Read every located cell; ``prefill(ind, column)``: the accepted figure of a carried cell."""
    return Reader(loc, catalog, period, unit, history, file, prefill).run()
