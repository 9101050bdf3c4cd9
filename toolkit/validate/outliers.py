"""Outliers among units of the same kind, across the reports of one batch.

Wards and communes (the units that report ``reporters: wards`` indicators) are compared
with each other; departments report different indicators and are not compared. For each
indicator and period with figures from at least :data:`MIN_UNITS` units, a robust z-score
(median and median absolute deviation, Iglewicz-Hoaglin) above :data:`THRESHOLD` is a
warning on that unit's cell, when the figure is also far from the median in substance
(:data:`MIN_GAP` of it, or :data:`MIN_POINTS` percentage points for rates).
"""

from __future__ import annotations

from collections.abc import Iterable
from statistics import median
from typing import TYPE_CHECKING

from ..findings import Finding, make
from ..findings import rule as codes
from ..records import FileReport
from .digest import compared_figures
from .reading import num
from .structure import column_names

if TYPE_CHECKING:
    from ..workspace import Workspace

MIN_UNITS = 4
THRESHOLD = 3.5
MIN_GAP = 0.5  # and at least 50 % away from the median (counts, areas, money) ...
MIN_POINTS = 20.0  # ... or 20 percentage points for rates
_KINDS = {"ward": ("xã, phường", "wards and communes")}


def _kind(ws: Workspace, unit: str) -> str | None:
    u = ws.units.get(unit)
    if u is None:
        return None
    return "ward" if u.is_ward else None


class CrossUnit:
    """The figures :func:`cross_unit_findings` compares, collected one report at a time: a
    batch validated as a stream keeps these (a few numbers a file), not the reports."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        # (period, kind, indicator) -> unit -> (value, file, sheet, cell); a later file of a unit replaces it
        self.groups: dict[tuple[str, str, str], dict[str, tuple[float, str, str, str]]] = {}

    def add(self, rep: FileReport) -> None:
        self.add_figures(rep.unit, rep.period, rep.path, compared_figures(rep))

    def add_figures(
        self, unit: str | None, period: str | None, path: str, figures: Iterable[tuple[str, float, str, str]]
    ) -> None:
        """A report's figures as :func:`~toolkit.validate.digest.compared_figures` gives them
        (what a :class:`~toolkit.validate.digest.Digest` carries instead of the report)."""
        if not unit or not period:
            return
        kind = _kind(self.ws, unit)
        if kind is None:
            return
        groups = self.groups
        for indicator, value, sheet, cell in figures:
            groups.setdefault((period, kind, indicator), {})[unit] = (value, path, sheet, cell)

    def findings(self) -> list[Finding]:
        """Warnings for figures far from the other units of the same kind (≥ 4 units)."""
        return _findings(self.groups, self.ws)


def cross_unit_findings(reports: list[FileReport], ws: Workspace) -> list[Finding]:
    """Warnings for figures far from the other units of the same kind (≥ 4 units)."""
    c = CrossUnit(ws)
    for rep in reports:
        c.add(rep)
    return c.findings()


def _findings(
    groups: dict[tuple[str, str, str], dict[str, tuple[float, str, str, str]]], ws: Workspace
) -> list[Finding]:
    out: list[Finding] = []
    for (_period, kind, code), by_unit in groups.items():
        if len(by_unit) < MIN_UNITS:
            continue
        ind = ws.catalog.indicators.get(code)
        if ind is None:
            continue
        xs = [x for x, *_ in by_unit.values()]
        med = median(xs)
        mad = median(abs(x - med) for x in xs)
        if mad == 0:
            continue
        kind_vi, kind_en = _KINDS[kind]
        col_vi, col_en = column_names("value")
        for unit, (x, path, sheet, cell) in sorted(by_unit.items()):
            z = 0.6745 * (x - med) / mad
            if abs(z) <= THRESHOLD:
                continue
            rate = ind.type == "percent" or ind.is_ratio
            if (abs(x - med) < MIN_POINTS) if rate else (abs(x - med) < MIN_GAP * abs(med)):
                continue  # far in z but close in substance (units of very similar figures)
            u = ws.units.get(unit)
            out.append(
                make(
                    codes.OUTLIER_AMONG_UNITS,
                    file=path,
                    sheet=sheet,
                    cell=cell,
                    indicator=code,
                    column="value",
                    value=num(x),
                    expected=num(round(med, 6)),
                    name=ind.name,
                    unit_name=u.name if u else unit,
                    kind_vi=kind_vi,
                    kind_en=kind_en,
                    col_vi=col_vi,
                    col_en=col_en,
                    z=round(z, 2),
                )
            )
    return out
