"""The figures a form carries, locked ("số liệu đã có"), from :class:`toolkit.figures.Figures`.

* ``ytd_prev`` "Lũy kế đến hết kỳ trước": the accepted year to date up to the period before
  (Q2: Q1's; M08: July's year to date); the form's year to date adds this period to it;
* ``same_period`` "Cùng kỳ năm trước": last year's figure of the same period;
* ``same_ytd`` "Lũy kế cùng kỳ năm trước": last year's year to date at the same point.

The archive comes first, then the baseline; a unit formed by a merger gets the sum of its
predecessors' figures, and when one of them is missing the cell stays an input whose
prompt names the predecessor (:func:`missing_note`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..figures import Figures, Lookup
from ..periods import Period

if TYPE_CHECKING:
    from ..workspace import Workspace


def carried(figures: Figures, unit: str, period: Period, code: str, column: str) -> Lookup | None:
    """The lookup behind a carried column (None for columns that carry nothing)."""
    if column == "ytd_prev":
        return figures.ytd_before(unit, period, code)
    if column == "same_period":
        return figures.same_period(unit, period, code, "value")
    if column == "same_ytd":
        return figures.same_period(unit, period, code, "ytd")
    return None


def carried_value(figures: Figures, unit: str, period: Period, code: str, column: str) -> float | None:
    found = carried(figures, unit, period, code, column)
    return None if found is None else found.value


def missing_note(ws: Workspace, found: Lookup) -> str:
    """Why a merged unit's carried figure is not filled in: its predecessors without one."""
    if not found.missing:
        return ""
    names = ", ".join(ws.units[c].name if c in ws.units else c for c in found.missing)
    return f"Chưa có số liệu của {names} (đơn vị trước sáp nhập): nhập tổng."
