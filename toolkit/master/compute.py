"""Every district figure of the master, computed in Python.

These numbers are (1) the cached values written under each formula of the workbook, so
that readers which do not recalculate (previewers, pandas) see them, and (2) what
:func:`toolkit.master.build_master` returns. :mod:`toolkit.master.formulas` writes the same
arithmetic as Excel formulas; a LibreOffice test recalculates the workbook and compares
every formula cell with these values. The two must follow the same rules:

* value: ``sum`` adds the reporters' cells, ``max`` takes the largest, ``single`` copies the
  one reporter's cell, ``ratio`` divides the district numerator by the district
  denominator (× scale), ``none`` has no district figure; no reporter figure → blank.
* a derived row (ratio, or a whole with ``parts_mode: complete``) is also derived per unit.
* ytd (lũy kế): only for indicators with ``ytd``; equals the value when the period starts
  at the beginning of the year (Q1, H1, 9M, year), else the units' reported ytd figures
  aggregated like the value. Stocks and rates have none.
* same period (cùng kỳ): the district's accepted figure of last year's same period when
  there is one (baseline), else the units' same-period figures (what the return carried,
  else :class:`toolkit.figures.Figures`: the archive, the baseline, a merged unit's
  predecessors) aggregated like the value. Same for last year's year to date (same_ytd,
  "lũy kế cùng kỳ") in periods that do not start the year.
* change: (value / same − 1) × 100 in %, or value − same in percentage points for
  indicators of type percent; diff: value − same in the indicator's unit (not for percent).
* attainment: basis / target × 100, the basis being the ytd for indicators with ``ytd``,
  else the value; a missing or zero target gives no figure. Lower-is-better indicators keep
  the same ratio: ≤ 100 % means the target (a ceiling) is met.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..catalog import Catalog, Indicator
from ..figures import Figures
from ..periods import Period
from ..units import Unit
from ..workspace import Workspace
from .inputs import Inputs
from .layout import TARGET_KINDS, RowPlan, indicator_rows, plan_rows

Num = float | None
NONE: dict[str, float] = {}  # no unit's figure (read only)


def is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# --- the arithmetic, shared with nothing but mirrored by formulas.py ----------------------


def agg_value(aggregate: str, values: list[Num]) -> Num:
    nums = [v for v in values if v is not None]
    if not nums or aggregate == "none":
        return None
    if aggregate == "max":
        return max(nums)
    if aggregate == "single":
        return values[0]
    return math.fsum(nums)


def ratio_value(num: Num, den: Num, scale: float) -> Num:
    if num is None or den is None or den == 0:
        return None
    return num / den * scale


def parts_value(values: list[Num]) -> Num:
    nums = [v for v in values if v is not None]
    return math.fsum(nums) if nums else None


def change_value(value: Num, same: Num, points: bool) -> Num:
    if value is None or same is None:
        return None
    if points:
        return value - same
    if same == 0:
        return None
    return (value / same - 1) * 100


def diff_value(value: Num, same: Num) -> Num:
    if value is None or same is None:
        return None
    return value - same


def attain_value(basis: Num, target: Num) -> Num:
    if basis is None or target is None or target == 0:
        return None
    return basis / target * 100


# --- results ---------------------------------------------------------------------------


@dataclass
class MasterRow:
    """One indicator row of Tổng hợp, with every figure the sheet shows."""

    indicator: Indicator
    row: int  # 0-based row on Tổng hợp
    reporters: list[str]  # unit columns that report the indicator
    unit_values: dict[str, float] = field(default_factory=dict)
    unit_ytd: dict[str, float] = field(default_factory=dict)
    unit_same: dict[str, float] = field(default_factory=dict)
    value: Num = None
    ytd: Num = None
    same: Num = None
    unit_same_ytd: dict[str, float] = field(default_factory=dict)
    same_ytd: Num = None  # last year's year to date (lũy kế cùng kỳ), when the period does not start the year
    ytd_source: str = ""  # "" (none) | value | units
    same_source: str = ""  # "" (none) | baseline | units | operands
    change: Num = None
    diff: Num = None
    targets: dict[str, Num] = field(default_factory=dict)
    attainment: dict[str, Num] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (unit code, text)
    estimate: bool = False  # an estimate ("ước"): some reporter's return is not yet the official one

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def change_in_points(self) -> bool:
        return self.indicator.type == "percent"

    @property
    def basis(self) -> str:
        """Which figure attainment is measured on: ytd (flows with a ytd column) or value."""
        return "ytd" if self.indicator.ytd else "value"

    @property
    def basis_value(self) -> Num:
        return self.ytd if self.indicator.ytd else self.value

    @property
    def reported(self) -> int:
        return sum(1 for u in self.reporters if self.unit_values.get(u) is not None)

    @property
    def coverage(self) -> str:
        return f"{self.reported}/{len(self.reporters)}" if self.reporters else ""

    def to_dict(self) -> dict[str, Any]:
        ind = self.indicator
        return {
            "code": ind.code,
            "name": ind.name,
            "unit": ind.unit,
            "section": ind.section,
            "value": self.value,
            "ytd": self.ytd,
            "same_period": self.same,
            "same_source": self.same_source,
            "same_ytd": self.same_ytd,
            "change": self.change,
            "change_in_points": self.change_in_points,
            "diff": self.diff,
            "target_province": self.targets.get("province"),
            "target_resolution": self.targets.get("resolution"),
            "pct_province": self.attainment.get("province"),
            "pct_resolution": self.attainment.get("resolution"),
            "basis": self.basis,
            "direction": ind.direction,
            "coverage": self.coverage,
            "estimate": self.estimate,
        }


@dataclass
class MasterTable:
    period: Period
    units: list[Unit]
    plan: list[RowPlan]
    rows: dict[str, MasterRow]  # by indicator code, catalog order
    year_start: bool  # ytd equals the value
    has_unit_ytd: bool  # the Lũy kế đơn vị sheet is needed
    has_unit_same: bool  # the Cùng kỳ đơn vị sheet is needed
    unit_targets: list[Any] = field(default_factory=list)  # unit_targets.Attainment, per unit
    term_targets: list[Any] = field(default_factory=list)  # unit_targets.Attainment, per term


def year_start(period: Period) -> bool:
    return period.starts_year


def reporters_of(
    ind: Indicator,
    units: list[Unit],
    period: Period | None = None,
    seen: dict[tuple[frozenset[str], frozenset[str]], list[str]] | None = None,
) -> list[str]:
    """The unit columns that report ``ind`` in ``period`` (reporters by date): the units
    :meth:`Indicator.reported_by` names, found from the spans in force once per indicator
    (10.000 units and 261 indicators: 2,6 million span checks otherwise). ``seen``: the
    answers for ``units`` so far, by the kinds and codes the spans name (most indicators of a
    catalog are reported by the same units)."""
    day = period.end if period else None
    kinds: set[str] = set()
    codes: set[str] = set()
    for span in ind.spans_on(day):
        group = span.group
        if group is not None:
            kinds.update(group)
        elif isinstance(span.units, str):  # not a group's name: the span decides, unit by unit
            return [u.code for u in units if ind.reported_by(u, day)]
        else:
            codes.update(span.units)
    if not kinds and not codes:
        return []
    key = (frozenset(kinds), frozenset(codes))
    hit = seen.get(key) if seen is not None else None
    if hit is None:
        hit = [u.code for u in units if u.kind in kinds or u.code in codes]
        if seen is not None:
            seen[key] = hit
    return list(hit)


def is_derived(ind: Indicator) -> bool:
    """Computed from other rows per unit: ratios, and wholes whose parts are complete."""
    return ind.is_ratio or bool(ind.parts and ind.parts_mode == "complete")


def compute(ws: Workspace, inputs: Inputs, figures: Figures | None = None) -> MasterTable:
    """``figures``: accepted figures of other periods (the archive's); default: the baseline."""
    catalog: Catalog = ws.catalog
    figures = figures if figures is not None else Figures(ws, None)
    period = inputs.period
    units = inputs.units
    plan = plan_rows(catalog)
    rowno = indicator_rows(plan)
    targets = ws.targets(period.year)
    office = ws.collector(period)
    district = office.code if office else ""
    same_code = period.same_period_last_year().code
    base = ws.baseline.index()
    ys = year_start(period)
    numbers = inputs.numbers
    columns = [u.code for u in units]

    def unit_same_input(u: str, code: str) -> Num:
        v = numbers.get((code, "same_period"), NONE).get(u)
        if v is not None:
            return v
        return figures.get(u, same_code, code, "value") if figures.may_hold(u, same_code) else None

    def unit_same_ytd_input(u: str, code: str) -> Num:
        v = numbers.get((code, "same_ytd"), NONE).get(u)
        if v is not None:
            return v
        return figures.get(u, same_code, code, "ytd") if figures.may_hold(u, same_code) else None

    has_unit_ytd = not ys and any(c == "ytd" for (_, c) in numbers)
    has_unit_same = (
        figures.has_archive
        or any(c == "same_period" for (_, c) in numbers)
        or any((k[0] == same_code and k[1] != district) for k in base)
    )

    rows: dict[str, MasterRow] = {}
    seen: dict[tuple[frozenset[str], frozenset[str]], list[str]] = {}
    for ind in catalog:
        rows[ind.code] = MasterRow(ind, rowno[ind.code], reporters_of(ind, units, period, seen))
    # an estimate indicator stays "ước" while a return it comes from is not the official one
    unofficial = {s.code for s in inputs.status if s.included and not s.official}
    for r in rows.values():
        r.estimate = r.indicator.estimate and any(u in unofficial for u in r.reporters)

    # per-unit figures of each context (value, ytd, same), derived rows from their operands
    def unit_layer(ctx: str, getter: Callable[[str, str], Num], enabled: Callable[[Indicator], bool]) -> None:
        done: dict[str, dict[str, float]] = {}

        def layer(code: str, stack: tuple[str, ...] = ()) -> dict[str, float]:
            if code in done:
                return done[code]
            r = rows[code]
            ind = r.indicator
            out: dict[str, float] = {}
            if code in stack or not enabled(ind):
                done[code] = out
                return out
            if ind.is_ratio:
                num = layer(ind.numerator, stack + (code,)) if ind.numerator in rows else {}
                den = layer(ind.denominator, stack + (code,)) if ind.denominator in rows else {}
                for u in r.reporters:
                    v = ratio_value(num.get(u), den.get(u), ind.scale)
                    if v is not None:
                        out[u] = v
            elif is_derived(ind):
                parts = [layer(p, stack + (code,)) for p in ind.parts if p in rows]
                for u in r.reporters:
                    v = parts_value([p.get(u) for p in parts])
                    if v is not None:
                        out[u] = v
            else:
                for u in r.reporters:
                    v = getter(u, code)
                    if v is not None:
                        out[u] = v
            done[code] = out
            setattr(
                r,
                {"value": "unit_values", "ytd": "unit_ytd", "same": "unit_same", "same_ytd": "unit_same_ytd"}[ctx],
                out,
            )
            return out

        for code in rows:
            layer(code)

    unit_layer("value", lambda u, c: numbers.get((c, "value"), NONE).get(u), lambda i: True)
    if has_unit_ytd:
        unit_layer("ytd", lambda u, c: numbers.get((c, "ytd"), NONE).get(u), lambda i: i.ytd)
    if has_unit_same:
        unit_layer("same", unit_same_input, lambda i: i.same_period)
        # baseline rows of units that have no column (merged away, external) do not count
        has_unit_same = any(r.unit_same for r in rows.values())
    if not ys:
        unit_layer("same_ytd", unit_same_ytd_input, lambda i: i.ytd and i.same_period)

    # district figures: operands before the ratios that use them
    def district_of(r: MasterRow, ctx: str) -> Num:
        ind = r.indicator
        if ind.is_ratio:
            n, d = rows.get(ind.numerator or ""), rows.get(ind.denominator or "")
            if n is None or d is None:
                return None
            return ratio_value(getattr(n, ctx), getattr(d, ctx), ind.scale)
        layer = {"value": r.unit_values, "ytd": r.unit_ytd, "same": r.unit_same, "same_ytd": r.unit_same_ytd}[ctx]
        if ind.aggregate == "none" or not r.reporters:
            return None
        return agg_value(ind.aggregate, [layer.get(u) for u in r.reporters])

    ordered = sorted(rows.values(), key=lambda r: 1 if r.indicator.is_ratio else 0)
    for r in ordered:
        r.value = district_of(r, "value")
    for r in ordered:
        ind = r.indicator
        if ind.ytd and (ind.aggregate != "none" or ind.is_ratio):
            if ys:
                r.ytd, r.ytd_source = r.value, "value"
            elif has_unit_ytd or ind.is_ratio:
                r.ytd, r.ytd_source = district_of(r, "ytd"), "units"
    for r in ordered:
        ind = r.indicator
        if not ind.same_period or (ind.aggregate == "none" and not ind.is_ratio):
            continue
        b = figures.get(district, same_code, ind.code, "value") if district else None
        if not ys and ind.ytd:
            by = figures.get(district, same_code, ind.code, "ytd") if district else None
            r.same_ytd = by if by is not None else district_of(r, "same_ytd")
        if b is not None:
            r.same, r.same_source = b, "baseline"
        elif ind.is_ratio:
            r.same, r.same_source = district_of(r, "same"), "operands"
        elif has_unit_same:
            r.same, r.same_source = district_of(r, "same"), "units"

    upos = {u: n for n, u in enumerate(columns)}
    notes: dict[str, list[tuple[str, str]]] = {}
    for (u, code), text in inputs.notes.items():
        notes.setdefault(code, []).append((u, text))
    for r in rows.values():
        ind = r.indicator
        if r.same_source:
            r.change = change_value(r.value, r.same, r.change_in_points)
            if not r.change_in_points:
                r.diff = diff_value(r.value, r.same)
        for kind in TARGET_KINDS:
            t = targets.get(ind.code, kind)
            r.targets[kind] = t
            r.attainment[kind] = attain_value(r.basis_value, t)
        r.notes = sorted(notes.get(ind.code, []), key=lambda x: upos.get(x[0], len(upos)))

    return MasterTable(period, units, plan, rows, ys, has_unit_ytd, has_unit_same)
