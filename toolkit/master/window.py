"""Returns of a period that nobody filled in: 6 months, 9 months and the year from the
quarters, a quarter from its months; and year-to-date figures carried from a period that
was corrected later.

:func:`period_submissions` gives consolidation one return per unit for any period:

* a unit that returned the period itself (an office that also collects 6-month or annual
  returns) keeps that return; where the return built from the quarters disagrees with it, a
  ``master-window-disagrees`` warning names the indicator and both figures;
* otherwise the unit's return is **built from the components** (:meth:`Period.components`),
  from the current valid version of each: flows take the year to date of the last component
  when the period starts the year (H1 = Q2's year to date), else the sum of the components'
  values (a quarter from its months); stocks take the last component's value; a year to
  date is the last component's; ratios and complete wholes are recomputed from their
  operands by the master as for any return. A unit counts as missing when its last
  component (or, for a sum, any component) has no valid return.

:func:`settle_carried` applies the rule of docs/forms.md to returns already filed: a return
whose "Lũy kế đến hết kỳ trước" differs from what is accepted now (the period before was
corrected after the return was filed) gets its year to date recomputed as accepted + this
period, with a ``master-ytd-revised`` warning.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..figures import Figures
from ..findings import Finding, make
from ..findings import master as master_codes
from ..numbers import fmt
from ..periods import Period
from ..records import FileReport, ValueRecord
from ..workspace import Workspace

Reader = Callable[[Workspace, Period], list[Any]]
_TOL = 1e-6


@dataclass
class BuiltSubmission:
    """A unit's return for a period built from the returns of its components."""

    unit: str
    period: str
    parts: list[Any]  # the components' submissions used, in order
    values: list[ValueRecord] = field(default_factory=list)
    valid: bool = True
    errors: int = 0
    warnings: int = 0
    report: FileReport | None = None

    def __post_init__(self) -> None:
        last = self.parts[-1]
        self.version = getattr(last, "version", None)
        self.path = getattr(last, "path", "")
        self.sha256 = getattr(last, "sha256", "")
        self.received_at = getattr(last, "received_at", "")
        self.original_name = " + ".join(
            f"{getattr(p, 'period', '')} v{getattr(p, 'version', '')}" for p in self.parts if getattr(p, "period", "")
        )
        self.versions = 1
        if self.report is None:
            self.report = FileReport(path=str(self.path), unit=self.unit, period=self.period, values=self.values)


def _numbers(sub: Any) -> dict[tuple[str, str], float]:
    rep = getattr(sub, "report", None)
    out: dict[tuple[str, str], float] = {}
    for r in getattr(rep, "values", None) or getattr(sub, "values", None) or []:
        if isinstance(r.value, (int, float)) and not isinstance(r.value, bool):
            out[(r.indicator, r.column)] = float(r.value)
    return out


def _notes(sub: Any) -> dict[str, str]:
    rep = getattr(sub, "report", None)
    return {
        r.indicator: str(r.value)
        for r in getattr(rep, "values", None) or []
        if r.column == "note" and r.value not in (None, "")
    }


def build_from_parts(ws: Workspace, period: Period, unit: str, parts: list[Any | None]) -> BuiltSubmission | None:
    """The unit's figures for ``period`` from its components' returns (None where missing)."""
    if not parts or parts[-1] is None or not getattr(parts[-1], "valid", True):
        return None
    nums = [_numbers(p) if p is not None and getattr(p, "valid", True) else None for p in parts]
    last = nums[-1] or {}
    values: list[ValueRecord] = []

    def add(code: str, column: str, v: float | None) -> None:
        if v is not None:
            values.append(ValueRecord(unit, period.code, code, column, v, source=f"{period.code}←"))

    codes = dict.fromkeys(code for (code, column) in last if column == "value")
    for code in codes:
        ind = ws.catalog.indicators.get(code)
        if ind is None:
            continue
        if ind.is_stock:
            add(code, "value", last.get((code, "value")))
            continue
        ytd = last.get((code, "ytd"))
        own = [n[(code, "value")] for n in nums if n is not None and (code, "value") in n]
        if period.starts_year and ytd is not None:
            add(code, "value", ytd)
        elif len(own) == len(nums):  # every component has its figure
            add(code, "value", sum(own))
        elif period.starts_year and ind.aggregate != "sum":
            add(code, "value", last.get((code, "value")))  # a figure of the moment (max, single)
        if ind.ytd and ytd is not None:
            add(code, "ytd", ytd)
    notes = _notes(parts[-1])
    for code, text in notes.items():
        values.append(ValueRecord(unit, period.code, code, "note", text, source=f"{period.code}←"))
    return BuiltSubmission(unit, period.code, [p for p in parts if p is not None], values)


def period_submissions(
    ws: Workspace, period: Period, read: Reader, figures: Figures | None = None
) -> tuple[list[Any], list[Finding]]:
    """One return per unit for ``period``: its own, else built from its components."""
    findings: list[Finding] = []
    direct = list(read(ws, period))
    if figures is not None:
        direct, found = settle_carried(ws, period, direct, figures)
        findings.extend(found)
    comps = period.components()
    if not comps:
        return direct, findings
    per_part: list[dict[str, Any]] = []
    for c in comps:
        subs, found = period_submissions(ws, c, read, figures)
        findings.extend(f for f in found if f.code != master_codes.WINDOW_DISAGREES or c == comps[-1])
        per_part.append({s.unit: s for s in subs})
    own = {s.unit: s for s in direct}
    out = list(direct)
    units = dict.fromkeys(u for part in per_part for u in part)
    for unit in units:
        built = build_from_parts(ws, period, unit, [part.get(unit) for part in per_part])
        if built is None:
            continue
        mine = own.get(unit)
        if mine is None:
            out.append(built)
        elif getattr(mine, "valid", True):
            findings.extend(_disagreements(ws, period, unit, mine, built))
    return out, findings


def _disagreements(ws: Workspace, period: Period, unit: str, mine: Any, built: BuiltSubmission) -> list[Finding]:
    out = []
    have = _numbers(mine)
    name = ws.units[unit].name if unit in ws.units else unit
    for (code, column), v in sorted(_numbers(built).items()):
        got = have.get((code, column))
        if got is None or abs(got - v) <= _TOL * max(1.0, abs(v)):
            continue
        out.append(
            make(
                master_codes.WINDOW_DISAGREES,
                unit=f"{name} ({unit})",
                period=period.code,
                indicator=code,
                column=column,
                value=fmt(got, 2).rstrip("0").rstrip(","),
                expected=fmt(v, 2).rstrip("0").rstrip(","),
                parts=", ".join(c.code for c in period.components()),
            )
        )
    return out


def settle_carried(
    ws: Workspace, period: Period, submissions: Iterable[Any], figures: Figures
) -> tuple[list[Any], list[Finding]]:
    """Returns whose carried year to date is no longer what is accepted, recomputed."""
    out: list[Any] = []
    findings: list[Finding] = []
    prev = period.previous()
    if prev is None:
        return list(submissions), findings
    for sub in submissions:
        rep = getattr(sub, "report", None)
        values = list(getattr(rep, "values", None) or [])
        if rep is None or not getattr(sub, "valid", True) or not values:
            out.append(sub)
            continue
        nums = _numbers(sub)
        fixed: dict[str, float] = {}
        for (code, column), carried in nums.items():
            if column != "ytd_prev":
                continue
            now = figures.ytd_before(sub.unit, period, code).value
            this = nums.get((code, "value"))
            if now is None or this is None or abs(now - carried) <= _TOL * max(1.0, abs(now)):
                continue
            fixed[code] = now
            name = ws.units[sub.unit].name if sub.unit in ws.units else sub.unit
            findings.append(
                make(
                    master_codes.YTD_REVISED,
                    unit=f"{name} ({sub.unit})",
                    indicator=code,
                    value=fmt(carried, 2).rstrip("0").rstrip(","),
                    expected=fmt(now, 2).rstrip("0").rstrip(","),
                    period=prev.code,
                    version=getattr(sub, "version", ""),
                )
            )
        if not fixed:
            out.append(sub)
            continue
        new_values = []
        for r in values:
            if r.indicator in fixed and r.column == "ytd_prev":
                r = replace(r, value=fixed[r.indicator])
            elif r.indicator in fixed and r.column == "ytd":
                r = replace(r, value=fixed[r.indicator] + nums[(r.indicator, "value")])
            new_values.append(r)
        new_rep = replace(rep, values=new_values)
        clone = copy.copy(sub)  # the submission as filed, with the settled figures
        clone.report = new_rep
        out.append(clone)
    return out, findings
