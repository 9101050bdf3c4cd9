"""District figures split into what each responsible unit would type into its form.

The seed report gives district totals. To feed them through forms, validation and the
master as real returns: a ward-reported figure that adds up over wards (``aggregate:
sum``) is split across the wards by integer weights with the largest-remainder method at
the indicator's decimals (so the parts add up exactly to the total); a ward-reported
figure that does not add up (``max``, ``none``) is given to every ward as it is; a
department figure goes to its reporter as it is (a figure summed over several reporters
is split evenly). Figures the form computes (ratios, wholes made of their parts) are not
typed, so they are left out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .workspace import Workspace

Fill = dict[tuple[str, str], float]


def largest_remainder(total: float, weights: Mapping[str, float], decimals: int = 0) -> dict[str, float]:
    """``total`` split in proportion to ``weights`` in steps of 10^-decimals; the parts add up exactly."""
    step = 10**decimals
    whole = round(total * step)
    wsum = sum(weights.values())
    if wsum <= 0:
        raise ValueError("weights must add up to more than zero")
    raw = {u: whole * w / wsum for u, w in weights.items()}
    parts = {u: math.floor(v) for u, v in raw.items()}
    left = whole - sum(parts.values())
    for u in sorted(raw, key=lambda u: (-(raw[u] - parts[u]), u))[:left]:
        parts[u] += 1
    return {u: (p / step if decimals else float(p)) for u, p in parts.items()}


def split_district_figures(
    ws: Workspace, seed_values: Mapping[str, float], weights: Mapping[str, float], column: str = "value"
) -> dict[str, Fill]:
    """unit code -> {(indicator, column): value} for every typed (non-computed) indicator given."""
    out: dict[str, Fill] = {}
    for code, total in seed_values.items():
        ind = ws.catalog.indicators.get(code)
        if ind is None or not ind.is_input or total is None:
            continue
        if ind.by_wards:
            if ind.aggregate == "sum":
                shares = largest_remainder(float(total), weights, ind.decimals)
            else:
                shares = {u: float(total) for u in weights}
        else:
            reps = list(ind.reporters)
            if ind.aggregate == "sum" and len(reps) > 1:
                shares = largest_remainder(float(total), {u: 1 for u in reps}, ind.decimals)
            else:
                shares = {u: float(total) for u in reps}
        for unit, v in shares.items():
            out.setdefault(unit, {})[(code, column)] = v
    return out
