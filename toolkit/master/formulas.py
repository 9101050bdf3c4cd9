"""The master's Excel formulas, built from the catalog and the layout.

Each builder mirrors one function of :mod:`toolkit.master.compute` (same guards, same
order of operations), so that the cached values written under the formulas are what
Excel or LibreOffice compute. Every guard returns "" (an empty text), never an error:
a missing or zero target or base gives an empty cell, not #DIV/0!.
"""

from __future__ import annotations

from ..catalog import Indicator
from .layout import letter, quote_sheet, ref


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def runs(cols: list[int]) -> list[tuple[int, int]]:
    """Consecutive column indexes grouped into (first, last) runs."""
    out: list[tuple[int, int]] = []
    for c in sorted(cols):
        if out and c == out[-1][1] + 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out


def cells(row: int, cols: list[int], sheet: str | None = None) -> str:
    """'O8:V8,X8' (with the sheet prefix on each part when given)."""
    prefix = quote_sheet(sheet) + "!" if sheet else ""
    parts = []
    for a, b in runs(cols):
        first = f"{letter(a)}{row + 1}"
        parts.append(prefix + (first if a == b else f"{first}:{letter(b)}{row + 1}"))
    return ",".join(parts)


def aggregate(ind: Indicator, row: int, cols: list[int], sheet: str | None = None) -> str:
    """District figure over the reporters' cells (compute.agg_value)."""
    if ind.aggregate == "single":
        first = cells(row, cols[:1], sheet)
        return f'=IF(COUNT({first})=0,"",{first})'
    refs = cells(row, cols, sheet)
    if ind.aggregate == "max":
        return f'=IF(COUNT({refs})=0,"",MAX({refs}))'
    return f'=IF(COUNT({refs})=0,"",SUM({refs}))'


def ratio(num: str, den: str, scale: float) -> str:
    """compute.ratio_value."""
    return f'=IF(OR(COUNT({num})=0,COUNT({den})=0),"",IF({den}=0,"",{num}/{den}*{_num(scale)}))'


def parts_sum(refs: str) -> str:
    """compute.parts_value: a whole made of complete parts."""
    return f'=IF(COUNT({refs})=0,"",SUM({refs}))'


def copy(cell: str) -> str:
    """The ytd of a period that starts the year: the value itself."""
    return f'=IF(COUNT({cell})=0,"",{cell})'


def change(value: str, same: str, points: bool) -> str:
    """compute.change_value."""
    if points:
        return f'=IF(OR(COUNT({value})=0,COUNT({same})=0),"",{value}-{same})'
    return f'=IF(OR(COUNT({value})=0,COUNT({same})=0),"",IF({same}=0,"",({value}/{same}-1)*100))'


def diff(value: str, same: str) -> str:
    """compute.diff_value."""
    return f'=IF(OR(COUNT({value})=0,COUNT({same})=0),"",{value}-{same})'


def target(cell: str) -> str:
    """A target read from the Chỉ tiêu sheet; empty when the target is blank."""
    return f'=IF(COUNT({cell})=0,"",{cell})'


def attainment(basis: str, target_cell: str) -> str:
    """compute.attain_value."""
    return f'=IF(OR(COUNT({basis})=0,COUNT({target_cell})=0),"",IF({target_cell}=0,"",{basis}/{target_cell}*100))'


def coverage(refs: str, n: int) -> str:
    """'6/8': how many reporters gave a figure."""
    return f'=COUNT({refs})&"/{n}"'


def link(row: int, col: int, sheet: str) -> str:
    """Another sheet's cell, blank when it is blank (the chart's helper table)."""
    cell = ref(row, col, sheet)
    return f'=IF(COUNT({cell})=0,"",{cell})'
