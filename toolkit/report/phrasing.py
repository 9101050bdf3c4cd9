"""Numbers and small phrases as the report writes them.

Figures as the seed writes them: thousands grouped with ".", decimal ",", no trailing zero
decimals (2.713 ha; 17,3 tỷ đồng; 8 tấn/ha), counts under ten with a leading zero (07 vụ,
06 cuộc), percentages at the catalog's decimals without an all-zero fraction (47,90%; 35%).
Built on :func:`toolkit.numbers.fmt`; nothing here knows an indicator.
"""

from __future__ import annotations

from ..catalog import Indicator
from ..numbers import fmt
from ..vitext import lower_first

TIGHT_UNITS = ("%", "‰")  # written against the number: 97,41%; 0,6‰
PCT_DECIMALS = 2  # attainment and change percentages


def number(value: float, decimals: int, *, pad: bool = False) -> str:
    """2713.0 -> '2.713'; 17.30 -> '17,3'; 7 (pad) -> '07'; -9 (pad) -> '-09'."""
    s = fmt(value, decimals)
    if "," in s:
        s = s.rstrip("0").rstrip(",")
    if s in ("-0", "-0,0"):
        s = "0"
    if pad and s.lstrip("-").isdigit() and len(s.lstrip("-")) == 1 and s.lstrip("-") != "0":
        s = s.replace(s.lstrip("-"), "0" + s.lstrip("-"))
    return s


def pct(value: float, decimals: int = PCT_DECIMALS) -> str:
    """A percentage at fixed decimals, an all-zero fraction dropped: 47.9 -> '47,90%'; 35.0 -> '35%'."""
    s = fmt(value, decimals)
    if "," in s and not s.split(",")[1].strip("0"):
        s = s.split(",")[0]
    return s + "%"


def with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    if unit in TIGHT_UNITS:
        return text + unit
    return f"{text} {unit}"


def counts(ind: Indicator) -> bool:
    """Whole things counted one by one (vụ, người, hồ sơ): written 07, compared by difference."""
    return ind.type == "integer"


def figure(ind: Indicator, value: float) -> str:
    """The indicator's figure with its unit, as the report writes it."""
    if ind.type == "percent":
        return pct(value, ind.decimals) if ind.unit == "%" else with_unit(number(value, ind.decimals), ind.unit)
    return with_unit(number(value, ind.decimals, pad=counts(ind)), ind.unit)


def bare(ind: Indicator, value: float, *, pad: bool = True) -> str:
    """The figure without its unit."""
    if ind.type == "percent":
        return pct(value, ind.decimals)[:-1]
    return number(value, ind.decimals, pad=pad and counts(ind))


def clause_name(name: str) -> str:
    """The name as a clause starts with it: lower-cased, without a leading 'Trong đó:' (the
    clause of a part already follows "trong đó:")."""
    text = lower_first(name.strip())
    for lead in ("trong đó:", "trong đó"):
        if text.startswith(lead):
            text = lower_first(text[len(lead) :].strip())
            break
    return text
