"""Where things are in the master workbook: sheet names, columns, rows.

Shared by the formula builders, the writer and the tests, so that a formula and the
cell it points to cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import caches
from ..a1 import col_letter
from ..catalog import Catalog, Indicator

SUMMARY = "Tổng hợp"
TARGETS = "Chỉ tiêu"
STATUS = "Tình trạng nộp"
DATA = "Dữ liệu"
CHART = "Biểu đồ"
UNIT_YTD = "Lũy kế đơn vị"
UNIT_SAME = "Cùng kỳ đơn vị"

# Tổng hợp columns (0-based)
C_CODE, C_NAME, C_UNIT = 0, 1, 2
C_VALUE, C_YTD, C_SAME, C_SAME_YTD = 3, 4, 5, 6
C_CHANGE, C_DIFF = 7, 8
C_T_PROV, C_PCT_PROV, C_T_RES, C_PCT_RES = 9, 10, 11, 12
C_COVER, C_NOTE = 13, 14
C_FIRST_UNIT = 15
SUMMARY_HEADER_ROW = 8  # 0-based: the column headings (rows 0-7: Nghị định 30 header, title, notes)
SUMMARY_FIRST_ROW = 10  # 0-based: first section/indicator row (row 9 holds column numbers)
TITLE_ROW = 4  # 0-based: the title under the Nghị định 30 header (rows 0-2)
COVERAGE_ROW = 6  # 0-based: "Đủ số liệu ..." or "CHƯA ĐỦ SỐ LIỆU ..."

# the per-unit sheets (Lũy kế đơn vị, Cùng kỳ đơn vị) use the same rows, units from column D
U_FIRST_UNIT = 3

# Chỉ tiêu columns
T_CODE, T_NAME, T_UNIT, T_PROV, T_RES, T_DIRECTION, T_BASIS = 0, 1, 2, 3, 4, 5, 6
TARGETS_HEADER_ROW = 3
TARGETS_FIRST_ROW = 4

TARGET_KINDS = ("province", "resolution")
TARGET_COL = {"province": T_PROV, "resolution": T_RES}
PCT_COL = {"province": C_PCT_PROV, "resolution": C_PCT_RES}
TARGET_SUMMARY_COL = {"province": C_T_PROV, "resolution": C_T_RES}


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


@caches.function("master.layout.letter", None)
def letter(col: int) -> str:
    """Column letters of a 0-based column index (cached: a master refers to few columns many times)."""
    return col_letter(col + 1)


def ref(row: int, col: int, sheet: str | None = None, absolute: bool = False) -> str:
    """A1 reference of a 0-based (row, col), optionally on another sheet."""
    cell = f"${letter(col)}${row + 1}" if absolute else f"{letter(col)}{row + 1}"
    return f"{quote_sheet(sheet)}!{cell}" if sheet else cell


@dataclass(frozen=True)
class RowPlan:
    row: int  # 0-based row on Tổng hợp and the per-unit sheets
    kind: str  # section | group | indicator
    text: str
    indicator: Indicator | None = None


def plan_rows(catalog: Catalog) -> list[RowPlan]:
    """Section headings, group sub-headings and indicator rows, in report order."""
    out: list[RowPlan] = []
    row = SUMMARY_FIRST_ROW
    sections = sorted(catalog.sections.values(), key=lambda s: s.order)
    known = {s.code for s in sections}
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    buckets = [(s.code, s.name) for s in sections]
    if any(i.section not in known for i in catalog):
        buckets.append(("", "Khác"))
    n = 0
    for code, name in buckets:
        inds = [i for i in catalog if (i.section == code if code else i.section not in known)]
        if not inds:
            continue
        label = roman[n] if n < len(roman) else str(n + 1)
        n += 1
        out.append(RowPlan(row, "section", f"{label}. {name.upper()}"))
        row += 1
        group = ""
        for ind in inds:
            if ind.group and ind.group != group:
                out.append(RowPlan(row, "group", ind.group))
                row += 1
            group = ind.group
            out.append(RowPlan(row, "indicator", ind.name, ind))
            row += 1
    return out


def indicator_rows(plan: list[RowPlan]) -> dict[str, int]:
    return {p.indicator.code: p.row for p in plan if p.indicator is not None}


def target_rows(catalog: Catalog) -> dict[str, int]:
    """Row of each indicator on the Chỉ tiêu sheet (catalog order)."""
    return {ind.code: TARGETS_FIRST_ROW + n for n, ind in enumerate(catalog)}
