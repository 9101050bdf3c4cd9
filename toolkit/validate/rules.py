"""Rules across cells, all defined by the catalog: parts, ratios, year-to-date, change.

* complete parts: the whole (a formula on the form) equals the sum of its parts; a cached
  result that disagrees means the formula was changed or not recalculated; a whole typed
  over its formula must still add up;
* ``of_which`` parts ("trong đó") add up to at most the whole;
* a ratio that cannot exceed its scale (max ≤ scale): numerator ≤ denominator;
* flows: year-to-date ≥ this period; year-to-date = the previous quarter's accepted
  year-to-date + this period when the archive (``history``) has it;
* warning when the change against the same period last year exceeds ``change_warn``
  (percentage points for rates).

Formula cells without a stored result (files saved by tools that do not calculate) get
the value the form's formula would compute, from the figures as read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import caches
from ..a1 import split_a1
from ..findings import Code, Finding, make
from ..findings import rule as codes
from ..periods import Period
from ..records import History
from .reading import BAD, EMPTY, FORMULA, FORMULA_BLANK, NO_CACHE, NUMBER, NUMERIC, Cell, Reading, cell_bounds, num
from .structure import Located, column_names, formula_refs

if TYPE_CHECKING:
    from ..catalog import Catalog, Indicator

Key = tuple[str, str]


@dataclass(frozen=True)
class Spec:
    """What a formula cell computes: copy | sum | ratio | carry (year to date before + this
    period, blank until both are known) | less (this period = the year to date the source
    gives − the year to date before) of operand cells."""

    kind: str
    operands: tuple[Key, ...]
    scale: float = 100.0


def covers_year_to_date(period: Period) -> bool:
    return period.starts_year


_SPECS = caches.memo("validate.rules.specs", 256)  # per (template's map, catalog, starts the year): the specs


def formula_specs(loc: Located, catalog: Catalog, period: Period | None) -> dict[Key, Spec]:
    """The computation of every formula slot, from the catalog (as the form writes it).

    Depends on the slots there are and their roles, the catalog and whether the period starts
    the year: for a file whose cells are all where its map puts them (``loc.as_planned``),
    computed once per map, catalog object and kind of period and shared (read only)."""
    copies_ytd = period is not None and covers_year_to_date(period)
    plan = loc.plan if loc.as_planned else None
    if plan is None:
        return _formula_specs(loc, catalog, copies_ytd)
    key = (id(plan), id(catalog), copies_ytd)
    hit = _SPECS.get(key)
    if hit is None or hit[0] is not plan or hit[1] is not catalog:
        hit = _SPECS.put(key, (plan, catalog, _formula_specs(loc, catalog, copies_ytd)))
    return hit[2]


def _formula_specs(loc: Located, catalog: Catalog, copies_ytd: bool) -> dict[Key, Spec]:
    out: dict[Key, Spec] = {}
    for (code, column), slot in loc.slots.items():
        if slot.role != "formula" or column not in NUMERIC:
            continue
        ind = catalog.indicators.get(code)
        if ind is None:
            continue
        parts = tuple((p, column) for p in ind.parts if p != code)
        if column == "ytd" and copies_ytd:
            out[(code, column)] = Spec("copy", ((code, "value"),))
        elif ind.is_ratio and ind.numerator and ind.denominator:
            out[(code, column)] = Spec("ratio", ((ind.numerator, column), (ind.denominator, column)), ind.scale)
        elif _complete(ind) and (column != "ytd" or all(k in loc.slots for k in parts)):
            out[(code, column)] = Spec("sum", parts)
        elif column == "ytd" and (code, "ytd_prev") in loc.slots:
            out[(code, column)] = Spec("carry", ((code, "ytd_prev"), (code, "value")))
        elif column == "value" and ind.given_as == "ytd" and (code, "ytd_prev") in loc.slots:
            out[(code, column)] = Spec("less", ((code, "ytd"), (code, "ytd_prev")))
    return out


def _complete(ind: Indicator) -> bool:
    return bool(ind.parts) and ind.parts_mode == "complete"


_CLEAN = (NUMBER, EMPTY, FORMULA)  # states read as a plain number


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


class Rules:
    def __init__(
        self,
        reading: Reading,
        loc: Located,
        catalog: Catalog,
        period: Period | None,
        unit: str,
        history: History | None,
        file: str,
        specs: dict[Key, Spec] | None = None,
    ) -> None:
        self.r, self.loc, self.catalog, self.period = reading, loc, catalog, period
        self.unit, self.history, self.file = unit, history, file
        self.specs = formula_specs(loc, catalog, period) if specs is None else specs
        self.findings: list[Finding] = []
        self._done: dict[Key, float | None] = {}
        self._active: set[Key] = set()
        self._clean: dict[Key, bool] = {}  # clean() of formula slots (cell states do not change here)
        self._cells = reading.cells
        self._slots = loc.slots
        self._any_bad = any(c.state == BAD for c in reading.cells.values())  # most forms: none
        # the periods the rules compare with, once (Period's properties are Python code)
        self._prev = period.previous() if period is not None else None
        self._prev_starts = self._prev is not None and self._prev.starts_year
        self._last_year = period.same_period_last_year() if period is not None else None

    # --- helpers ---------------------------------------------------------------------------------
    def value(self, key: Key) -> float | None:
        if key in self.specs:
            done = self._done
            return done[key] if key in done else self.formula_value(key)
        c = self._cells.get(key)  # Reading.value, inlined
        if c is None:
            return None
        v = c.value
        return v if isinstance(v, float) else None

    def unreadable(self, key: Key, *, bounds: bool = False) -> bool:
        """Read from (or computed, at any depth, from) a cell that could not be read as a figure;
        ``bounds``: or from a typed figure outside its bounds (the schema's error says it)."""
        if not self._any_bad and not bounds:
            return False
        seen, todo = {key}, [key]
        while todo:
            k = todo.pop()
            spec = self.specs.get(k)
            if spec is None:
                c = self._cells.get(k)
                if c is not None and (c.state == BAD or (bounds and self._outside(k, c))):
                    return True
                continue
            for op in spec.operands:
                if op not in seen:  # a loop among parts: the catalog check reports it
                    seen.add(op)
                    todo.append(op)
        return False

    def _outside(self, key: Key, c: Cell) -> bool:
        """A typed figure outside the bounds its form states (what schema.py reports)."""
        v = c.value
        if c.slot.role != "input" or key[1] not in NUMERIC or v.__class__ is not float:
            return False
        ind = self.catalog.indicators.get(key[0])
        if ind is None:
            return False
        lo, hi = cell_bounds(ind, key[1], self.period) if self.period is not None else (ind.min, ind.max)
        return (lo is not None and v < lo) or (hi is not None and v > hi)

    def clean(self, key: Key) -> bool:
        """Read as a plain number (or computed only from plain numbers)."""
        spec = self.specs.get(key)
        if spec is not None:
            hit = self._clean.get(key)
            if hit is None:
                hit = True
                for k in spec.operands:
                    if not self.clean(k):
                        hit = False
                        break
                self._clean[key] = hit
            return hit
        c = self._cells.get(key)
        return c is None or c.state in _CLEAN

    def compute(self, spec: Spec) -> float | None:
        specs, done, cells = self.specs, self._done, self._cells
        vals: list[float | None] = []
        for k in spec.operands:  # self.value(k), inlined
            if k in specs:
                vals.append(done[k] if k in done else self.formula_value(k))
            else:
                c = cells.get(k)
                vals.append(c.value if c is not None and isinstance(c.value, float) else None)
        if spec.kind == "copy":
            return vals[0]
        if spec.kind == "sum":
            known = [v for v in vals if v is not None]
            return sum(known) if known else None
        if spec.kind == "carry":
            return None if vals[0] is None or vals[1] is None else vals[0] + vals[1]
        if spec.kind == "less":
            return None if vals[0] is None or vals[1] is None else vals[0] - vals[1]
        n, d = vals
        if n is None or d is None or d == 0:
            return None
        return n / d * spec.scale

    def formula_value(self, key: Key) -> float | None:
        """The value the form shows (or would show) for a formula slot; checks it on the way."""
        done = self._done
        if key in done:
            return done[key]
        if key in self._active:  # a loop among parts: the catalog check reports it
            return self.r.value(*key)
        self._active.add(key)
        spec = self.specs[key]
        # made from a figure that could not be read (its own finding): unknown, not a partial sum
        computed = None if self.unreadable(key) else self.compute(spec)
        cell = self._cells.get(key)
        final = computed
        if cell is not None:
            slot = cell.slot
            if cell.state == FORMULA and isinstance(cell.value, float):
                revised_now = self.r.revised
                revised = bool(revised_now) and any(k in revised_now for k in spec.operands)  # said by its own finding
                if revised:
                    self.r.revised.add(key)  # and what is computed from it
                if (
                    computed is not None
                    and self.clean(key)
                    and not revised
                    and not _close(cell.value, computed)
                    and not self._in_sorted_rows(slot.address)  # rows-sorted said why
                ):
                    self.rule(codes.FORMULA_VALUE_MISMATCH, key, value=num(cell.value), expected=num(_round(computed)))
                # blank by the formula's own inputs: a stored number is stale (LibreOffice with
                # AutoCalculate off stores 0 for every formula whose result is blank); made from an
                # unreadable input (a date, words: their own finding), what the spreadsheet stored
                # counted it as it saw it (a date's serial number, nothing) and is not a figure
                final = computed if computed is not None or self.clean(key) or self.unreadable(key) else cell.value
            elif cell.state in (NO_CACHE, FORMULA_BLANK):
                final = computed
            elif slot.cell is not None and slot.cell.formula is None:  # typed over the formula
                typed = cell.value if isinstance(cell.value, float) else None
                if typed is not None and computed is not None and not _close(typed, computed):
                    self._overwritten_mismatch(key, spec, typed, computed)
                final = computed if computed is not None else typed
            cell.value = final
        self._done[key] = final
        self._active.discard(key)
        return final

    def _overwritten_mismatch(self, key: Key, spec: Spec, typed: float, computed: float) -> None:
        if spec.kind == "sum":
            self.rule(
                codes.PARTS_SUM_MISMATCH,
                key,
                value=num(typed),
                expected=num(_round(computed)),
                parts=self._part_names(spec),
            )
        elif spec.kind == "carry":
            before = self.value(spec.operands[0])
            this = self.value(spec.operands[1])
            self.rule(
                codes.YTD_MISMATCH,
                key,
                value=num(typed),
                expected=num(_round(computed)),
                basis_vi=f"lũy kế đến hết kỳ trước ({num(before)}) cộng kỳ này ({num(this)})",
                basis_en=f"the year to date before this period ({num(before)}) plus this period ({num(this)})",
            )
        elif spec.kind == "copy":
            self.rule(
                codes.YTD_MISMATCH,
                key,
                value=num(typed),
                expected=num(computed),
                basis_vi="kỳ báo cáo tính từ đầu năm nên lũy kế phải bằng số thực hiện kỳ này, tức",
                basis_en="the period starts the year, so year-to-date must equal this period's figure, that",
            )
        else:
            self.rule(codes.FORMULA_VALUE_MISMATCH, key, value=num(typed), expected=num(_round(computed)))

    def _copied(self, key: Key) -> bool:
        """A cell that only repeats another (year-to-date of a period that starts the year)."""
        spec = self.specs.get(key)
        return spec is not None and spec.kind == "copy"

    def _part_names(self, spec: Spec) -> str:
        out = []
        for k in spec.operands:
            slot = self.loc.slot(*k)
            out.append(f"{k[0]} ô {slot.address}" if slot else k[0])
        return ", ".join(out)

    def rule(self, code: Code, key: Key, *, cell_of: Key | None = None, **ctx: object) -> None:
        slot = self.loc.slot(*(cell_of or key))
        ind = self.catalog.indicators[(cell_of or key)[0]]
        col_vi, col_en = column_names((cell_of or key)[1])
        sheet = self.loc.sheet.name if self.loc.sheet is not None else self.loc.sheet_name
        self.findings.append(
            make(
                code,
                file=self.file,
                sheet=sheet,
                cell=slot.address if slot else None,
                indicator=ind.code,
                column=(cell_of or key)[1],
                name=ind.name,
                col_vi=col_vi,
                col_en=col_en,
                unit=ind.unit,
                **ctx,
            )
        )

    def hist(self, period: Period | None, code: str, column: str) -> float | None:
        if self.history is None or period is None:
            return None
        try:
            v = self.history.get(self.unit, period.code, code, column)
        except Exception:  # noqa: BLE001
            return None
        return None if v is None else float(v)

    # --- the rules -------------------------------------------------------------------------------
    def run(self) -> list[Finding]:
        for key in self.specs:
            self.formula_value(key)
        indicators = self.catalog.indicators
        for code in self.loc.rows:
            ind = indicators.get(code)
            if ind is None:
                continue
            if ind.parts:  # the rules' own first tests, here: most indicators have no parts, no ratio
                self.of_which(ind)
            if ind.aggregate == "ratio":
                self.ratio_operands(ind)
            self.year_to_date(ind)
            self.change(ind)
        self._not_recalculated()
        return self.findings

    def _not_recalculated(self) -> None:
        """Several of the form's own formulas, intact, showing stale results: one cause (the file
        was saved without recalculating), one finding instead of one per formula."""
        stale = [f for f in self.findings if f.code == codes.FORMULA_VALUE_MISMATCH and self._intact(f)]
        if len(stale) < 2:
            return
        stale.sort(key=lambda f: split_a1(f.cell or "A1"))
        drop = {id(f) for f in stale}
        self.findings = [f for f in self.findings if id(f) not in drop]
        first = stale[0]
        cells = ", ".join(f.cell or "" for f in stale[:20]) + (" …" if len(stale) > 20 else "")
        ind = self.catalog.indicators[first.indicator] if first.indicator else None
        self.findings.append(
            make(
                codes.FORMULAS_NOT_RECALCULATED,
                file=self.file,
                sheet=first.sheet,
                cell=first.cell,
                indicator=first.indicator,
                column=first.column,
                value=first.value,
                expected=first.expected,
                name=ind.name if ind else "",
                count=len(stale),
                cells=cells,
            )
        )

    def _in_sorted_rows(self, address: str) -> bool:
        block = self.loc.sorted_rows
        return block is not None and block[0] <= split_a1(address)[0] <= block[1]

    def _intact(self, f: Finding) -> bool:
        """The formula at the finding's cell reads the cells the form's formula reads."""
        key = (f.indicator or "", f.column or "")
        slot, spec = self.loc.slot(*key), self.specs.get(key)
        if slot is None or spec is None or slot.cell is None or slot.cell.formula is None:
            return False
        want = {self.loc.slots[k].address for k in spec.operands if k in self.loc.slots}
        return len(want) == len(spec.operands) and formula_refs(slot.cell.formula) == want

    def of_which(self, ind: Indicator) -> None:
        if not ind.parts or ind.parts_mode != "of_which":
            return
        for column in NUMERIC:
            key = (ind.code, column)
            if self.loc.slot(*key) is None or self._copied(key):
                continue
            whole = self.value(key)
            parts = [(p, self.value((p, column))) for p in ind.parts if p != ind.code and self.loc.slot(p, column)]
            known = [v for _, v in parts if v is not None]
            if whole is None or not known:
                continue
            total = sum(known)
            if total > whole and not _close(total, whole):
                self.rule(
                    codes.PARTS_EXCEED_WHOLE,
                    key,
                    value=num(whole),
                    expected=num(_round(total)),
                    parts=", ".join(f"{p} = {num(v)}" for p, v in parts if v is not None),
                )

    def ratio_operands(self, ind: Indicator) -> None:
        if not ind.is_ratio or not ind.numerator or not ind.denominator:
            return
        if ind.max is None or ind.max > ind.scale:
            return
        den = self.catalog.indicators.get(ind.denominator)
        slots = self._slots
        for column in NUMERIC:
            nk, dk = (ind.numerator, column), (ind.denominator, column)
            if self._copied(nk) or nk not in slots or dk not in slots or (ind.code, column) not in slots:
                continue
            n, d = self.value(nk), self.value(dk)
            if n is None or d is None or d <= 0:
                continue
            if n > d and not _close(n, d):
                self.rule(
                    codes.NUMERATOR_ABOVE_DENOMINATOR,
                    nk,
                    value=num(n),
                    expected=num(d),
                    den_name=den.name if den else ind.denominator,
                    ratio_name=ind.name,
                )

    def year_to_date(self, ind: Indicator) -> None:
        if ind.is_stock or self.period is None:
            return
        yk, vk = (ind.code, "ytd"), (ind.code, "value")
        ys = self._slots.get(yk)
        if ys is None or vk not in self._slots or ys.role != "input":
            return
        y, v = self.value(yk), self.value(vk)
        if y is None or v is None:
            return
        if ind.given_as == "ytd" and self.specs.get(vk) is not None and self.specs[vk].kind == "less":
            before = self.value((ind.code, "ytd_prev"))
            if before is not None and y < before and not _close(y, before):
                self.rule(codes.YTD_BELOW_BEFORE, yk, value=num(y), expected=num(before))
                return
        if y < v and not _close(y, v):
            self.rule(codes.YTD_BELOW_VALUE, yk, value=num(y), expected=num(v))
            return
        prev = self._prev
        before = self.hist(prev, ind.code, "ytd")
        if before is None and prev is not None and self._prev_starts:
            before = self.hist(prev, ind.code, "value")  # Q1's year-to-date is Q1 itself
        if before is None or prev is None:
            return
        want = before + v
        if not _close(y, want):
            self.rule(
                codes.YTD_MISMATCH,
                yk,
                value=num(y),
                expected=num(_round(want)),
                basis_vi=f"lũy kế đã duyệt đến {prev.in_sentence_vi()} ({num(before)}) cộng kỳ này ({num(v)})",
                basis_en=f"the accepted year-to-date of {prev.title_en()} ({num(before)}) plus this period ({num(v)})",
            )

    def change(self, ind: Indicator) -> None:
        vk = (ind.code, "value")
        if vk not in self._slots or self.period is None:
            return
        v = self.value(vk)
        sk = (ind.code, "same_period")
        base = self.value(sk) if sk in self._slots else None
        if base is None:
            base = self.hist(self._last_year, ind.code, "value")
        if v is None or base is None:
            return
        if self.unreadable(vk, bounds=True):  # its own finding (or its parts') says what is wrong
            return
        rate = ind.type == "percent" or ind.is_ratio
        if rate:
            diff = v - base
            if abs(diff) <= ind.change_warn:
                return
            word_vi = "tăng" if diff > 0 else "giảm"
            word_en = "up" if diff > 0 else "down"
            change_vi = f"{word_vi} {num(round(abs(diff), 2))} điểm phần trăm"
            change_en = f"{word_en} {num(round(abs(diff), 2))} percentage points"
            threshold = f"{num(ind.change_warn)} điểm phần trăm"
        else:
            if base <= 0:
                return
            pct = (v / base - 1) * 100
            if abs(pct) <= ind.change_warn:
                return
            change_vi = f"{'tăng' if pct > 0 else 'giảm'} {num(round(abs(pct), 2))}%"
            change_en = f"{'up' if pct > 0 else 'down'} {num(round(abs(pct), 2))}%"
            threshold = f"{num(ind.change_warn)}%"
        self.rule(
            codes.CHANGE_VS_SAME_PERIOD,
            vk,
            value=num(v),
            expected=num(base),
            change_vi=change_vi,
            change_en=change_en,
            threshold=threshold,
        )


def _round(x: float) -> float:
    return round(x, 6)


def apply_rules(
    reading: Reading,
    loc: Located,
    catalog: Catalog,
    period: Period | None,
    unit: str,
    history: History | None,
    file: str,
    specs: dict[Key, Spec] | None = None,
) -> list[Finding]:
    """Check the rules across cells; fills in the values of formula cells as computed."""
    return Rules(reading, loc, catalog, period, unit, history, file, specs).run()


def operands_for_structure(specs: dict[Key, Spec]) -> dict[Key, list[Key]]:
    """For the formula-altered check: the cells each whole/ratio formula must read."""
    return {k: list(s.operands) for k, s in specs.items() if s.kind != "copy"}


__all__ = ["apply_rules", "formula_specs", "operands_for_structure", "BAD", "EMPTY"]
