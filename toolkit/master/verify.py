"""Check a master against a real spreadsheet: LibreOffice recalculates every formula.

:func:`compare_recalculated` converts the workbook with LibreOffice (recalculation forced
on load), then compares, for every formula cell, the value the toolkit cached with the
value LibreOffice computed. Used by the tests; handy after editing the writer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Difference:
    sheet: str
    cell: str
    formula: str
    cached: Any
    recalculated: Any


def same_value(a: Any, b: Any, rel: float = 1e-9) -> bool:
    a = None if a == "" else a
    b = None if b == "" else b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)
    return a == b


def formula_cells(path: Path) -> dict[tuple[str, str], str]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    out = {}
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    out[(sheet.title, c.coordinate)] = c.value
    wb.close()
    return out


def values(path: Path, cells: set[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out = {}
    sheets = {s for s, _ in cells}
    for sheet in wb.worksheets:
        if sheet.title not in sheets:
            continue
        for row in sheet.iter_rows():
            for c in row:
                key = (sheet.title, getattr(c, "coordinate", ""))
                if key in cells:
                    out[key] = c.value
    wb.close()
    return out


def compare_recalculated(path: Path, outdir: Path, recalculated: Path | None = None) -> tuple[int, list[Difference]]:
    """(number of formula cells, the cells whose cached and recalculated values differ)."""
    from ..libreoffice import convert

    formulas = formula_cells(path)
    recalculated = recalculated or convert(path, "xlsx", outdir, recalc=True)
    keys = set(formulas)
    cached, lo = values(path, keys), values(recalculated, keys)
    diffs = [
        Difference(s, c, formulas[(s, c)], cached.get((s, c)), lo.get((s, c)))
        for (s, c) in sorted(keys)
        if not same_value(cached.get((s, c)), lo.get((s, c)))
    ]
    return len(formulas), diffs
