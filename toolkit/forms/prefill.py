"""Last year's figure of a unit for the "Cùng kỳ năm trước" column.

Looked up in the archive (``history``, accepted returns) first, then in the baseline CSV
files. A unit formed by a merger has no figures of its own for last year: its "cùng kỳ"
is the sum of its predecessors' figures, for indicators that add up over units.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..catalog import Indicator
from ..periods import Period
from ..records import History

if TYPE_CHECKING:
    from ..workspace import Workspace


def last_year(ws: Workspace, unit: str, period: Period, ind: Indicator, history: History | None = None) -> float | None:
    """The same period last year's value of ``ind`` for ``unit``, or None when unknown."""
    before = str(period.same_period_last_year())
    return _lookup(ws, unit, before, ind, history, set())


def _lookup(
    ws: Workspace, unit: str, period: str, ind: Indicator, history: History | None, seen: set[str]
) -> float | None:
    if unit in seen:
        return None
    seen = seen | {unit}
    if history is not None:
        v = history.get(unit, period, ind.code, "value")
        if v is not None:
            return float(v)
    v = ws.baseline.get(period, unit, ind.code, "value")
    if v is not None:
        return float(v)
    u = ws.units.get(unit)
    if u is None or not u.predecessors or ind.aggregate != "sum":
        return None
    total = 0.0
    for pred in u.predecessors:
        pv = _lookup(ws, pred, period, ind, history, seen)
        if pv is None:
            return None  # one predecessor unknown: the sum would be wrong, so leave it to the unit
        total += pv
    return total
