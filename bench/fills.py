"""What a clerk types into a commune form: random valid figures, and planted mistakes.

Everything comes from the catalog (types, bounds, ratios, parts) and the form plan (which
cells are inputs), so the benchmark works on any catalog. A valid fill stays inside the
bounds, keeps every numerator under its denominator, "trong đó" parts under their whole,
and this period within ±10 % of the same period last year (no change warnings).

A planted mistake is one of :data:`MISTAKES`: most are made by typing something wrong
(``fill`` changes), two by editing the saved file the way a spreadsheet program would
(a formula typed over, the sheet protection removed), see :mod:`bench.corpus`.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from toolkit.catalog import Catalog, Indicator

Fill = dict[tuple[str, str], object]

# kind -> how it is made: "fill" (typed into the form) or "xml" (the saved file edited)
MISTAKES: dict[str, str] = {
    "over-max": "fill",  # a figure above the catalog's maximum
    "negative": "fill",  # a negative count
    "not-a-number": "fill",  # words typed where a number belongs
    "text-number": "fill",  # "1.234,5" typed as text (a warning, read the Vietnamese way)
    "ambiguous-number": "fill",  # "1.234" typed as text where both readings are plausible
    "parts-exceed": "fill",  # "trong đó" parts larger than their whole
    "ratio-over": "fill",  # a numerator larger than its denominator
    "missing": "fill",  # a required figure left empty
    "formula-overwritten": "xml",  # a locked formula replaced by a typed number
    "unprotected": "xml",  # the sheet protection removed
}


@dataclass(frozen=True)
class Limits:
    lo: float
    hi: float


def _bounds(ind: Indicator) -> Limits:
    lo = ind.min if ind.min is not None else 0.0
    hi = ind.max if ind.max is not None else max(lo * 10, 1000.0)
    if ind.type == "percent":
        hi = min(hi, 100.0)
    return Limits(lo, hi)


def _round(ind: Indicator, v: float) -> float:
    if ind.type == "integer":
        return float(int(v))
    return round(v, min(ind.decimals, 2))


def valid_fill(
    catalog: Catalog, indicators: Iterable[Indicator], inputs: Iterable[tuple[str, str]], rng: random.Random
) -> Fill:
    """Random figures a careful clerk could type into the input cells ``inputs``."""
    inds = {i.code: i for i in indicators}
    values: dict[str, float] = {}
    for code, ind in inds.items():
        b = _bounds(ind)
        # a realistic commune figure: low in the allowed range, never at its edges
        values[code] = b.lo + (b.hi - b.lo) * rng.uniform(0.02, 0.08)
    for ind in inds.values():  # a numerator stays under its denominator
        if ind.is_ratio and ind.numerator in values and ind.denominator in values:
            values[ind.numerator] = values[ind.denominator] * rng.uniform(0.5, 0.95)
    for ind in inds.values():  # "trong đó" parts add up to less than the whole
        if ind.parts and ind.parts_mode == "of_which" and ind.code in values:
            parts = [p for p in ind.parts if p in values]
            total = sum(values[p] for p in parts)
            if total and total > values[ind.code] * 0.9:
                for p in parts:
                    values[p] = values[p] * values[ind.code] * 0.8 / total
    for ind in inds.values():  # a whole made of its parts stays under its own maximum
        if ind.parts and ind.parts_mode == "complete":
            parts = [p for p in ind.parts if p in values]
            total = sum(values[p] for p in parts)
            hi = _bounds(ind).hi
            if total > hi * 0.5:
                for p in parts:
                    values[p] = values[p] * hi * 0.4 / total
    fill: Fill = {}
    wanted = set(inputs)
    for code, ind in inds.items():
        v = _round(ind, values[code])
        if ind.type == "integer" and v < 1:
            v = 1.0
        before = _round(ind, v * rng.uniform(0.95, 1.05)) if v >= 100 else v  # small counts: unchanged
        for column, x in (("value", v), ("ytd", v), ("same_period", before)):
            if (code, column) in wanted:
                fill[(code, column)] = x
    for ind in inds.values():  # last year's rate close to this year's; numerator under denominator
        if ind.is_ratio and ind.numerator and ind.denominator:
            num, den = (ind.numerator, "same_period"), (ind.denominator, "same_period")
            n, d = fill.get((ind.numerator, "value")), fill.get((ind.denominator, "value"))
            if num in fill and isinstance(fill.get(den), float) and isinstance(n, float) and isinstance(d, float) and d:
                fill[num] = _round(inds.get(ind.numerator, ind), fill[den] * n / d)  # type: ignore[operator]
            for column in ("value", "same_period"):
                n, d = fill.get((ind.numerator, column)), fill.get((ind.denominator, column))
                if isinstance(n, float) and isinstance(d, float) and n > d:
                    fill[(ind.numerator, column)] = float(int(d * 0.9))
    return fill


def _pick(rng: random.Random, items: list[Indicator]) -> Indicator | None:
    return rng.choice(items) if items else None


def plant(kind: str, fill: Fill, catalog: Catalog, indicators: list[Indicator], rng: random.Random) -> str | None:
    """Change ``fill`` to carry the mistake ``kind``; returns the indicator it is planted on.

    ``None`` when the catalog offers no place for it (the corpus then picks another kind).
    XML mistakes are made later on the saved file; here they only pick nothing.
    """
    typed = [i for i in indicators if (i.code, "value") in fill and isinstance(fill[(i.code, "value")], float)]
    if kind == "over-max":
        ind = _pick(rng, [i for i in typed if i.max is not None])
        if ind:
            fill[(ind.code, "value")] = _round(ind, ind.max * 3 + 7)
    elif kind == "negative":
        ind = _pick(rng, [i for i in typed if i.type == "integer" and (i.min or 0) >= 0])
        if ind:
            fill[(ind.code, "value")] = -float(fill[(ind.code, "value")]) - 5  # type: ignore[arg-type]
    elif kind == "not-a-number":
        ind = _pick(rng, typed)
        if ind:
            fill[(ind.code, "value")] = "chưa có số liệu"
    elif kind == "text-number":
        ind = _pick(rng, [i for i in typed if i.type != "integer" and (i.max or 0) >= 2000])
        if ind:
            v = 1234.5 if (ind.max or 0) >= 2000 else 12.5
            fill[(ind.code, "value")] = "1.234,5" if v == 1234.5 else "12,5"
    elif kind == "ambiguous-number":
        ind = _pick(rng, [i for i in typed if i.type != "integer" and (i.max or 0) >= 2000])
        if ind:
            fill[(ind.code, "value")] = "1.234"
    elif kind == "parts-exceed":
        ind = _pick(
            rng,
            [
                i
                for i in indicators
                if i.parts
                and i.parts_mode == "of_which"
                and (i.code, "value") in fill
                and all((p, "value") in fill for p in i.parts)
            ],
        )
        if ind:
            whole = float(fill[(ind.code, "value")])  # type: ignore[arg-type]
            part = catalog.indicators[ind.parts[0]]
            fill[(part.code, "value")] = _round(part, whole * 1.5 + 10)
    elif kind == "ratio-over":
        ind = _pick(
            rng,
            [
                i
                for i in indicators
                if i.is_ratio
                and (i.max or 100) <= i.scale
                and (i.numerator, "value") in fill
                and (i.denominator, "value") in fill
            ],
        )
        if ind and ind.numerator:
            d = float(fill[(ind.denominator, "value")])  # type: ignore[arg-type]
            num = catalog.indicators[ind.numerator]
            fill[(ind.numerator, "value")] = _round(num, d * 1.3 + 3)
    elif kind == "missing":
        ind = _pick(rng, [i for i in typed if i.required])
        if ind:
            del fill[(ind.code, "value")]
    else:
        return None
    return ind.code if ind else None
