"""A faster write_formula for the many formulas of a large master.

xlsxwriter's ``write_formula`` runs ~30 regular expressions over every formula to add
``_xlfn.`` prefixes to Excel 365 functions. The master's formulas use none of them (IF,
COUNT, SUM, MAX, OR, ISNUMBER only), so for 10.000 units that work is pure overhead
(about 60 % of the time). :func:`formula_writer` stores the cell the way ``_write_formula``
does, without the rewriting; it falls back to the public method if xlsxwriter's internals
ever change. A test checks that both write the same XML.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:
    from xlsxwriter.worksheet import CellFormulaTuple
except ImportError:  # pragma: no cover
    CellFormulaTuple = None  # type: ignore[assignment,misc]

Writer = Callable[[int, int, str, Any, Any], None]


def formula_writer(sheet: Any) -> Writer:
    """``write(row, col, "=FORMULA", format, cached_value)`` for one worksheet."""
    fast = (
        CellFormulaTuple is not None
        and hasattr(sheet, "_check_dimensions")
        and hasattr(sheet, "table")
        and not getattr(sheet, "constant_memory", False)
    )
    if not fast:

        def slow(row: int, col: int, formula: str, fmt: Any, value: Any) -> None:
            sheet.write_formula(row, col, formula, fmt, value)

        return slow
    check, table = sheet._check_dimensions, sheet.table

    def write(row: int, col: int, formula: str, fmt: Any, value: Any) -> None:
        if check(row, col):
            raise IndexError(f"cell ({row}, {col}) is outside the worksheet")
        table[row][col] = CellFormulaTuple(formula[1:] if formula.startswith("=") else formula, fmt, value)

    return write


try:
    from xlsxwriter.worksheet import CellNumberTuple
except ImportError:  # pragma: no cover
    CellNumberTuple = None  # type: ignore[assignment,misc]


def number_writer(sheet: Any) -> Callable[[int, int, float, Any], None]:
    """``write(row, col, number, format)`` for finite numbers, as ``write_number`` stores them."""
    fast = (
        CellNumberTuple is not None
        and hasattr(sheet, "_check_dimensions")
        and hasattr(sheet, "table")
        and not getattr(sheet, "constant_memory", False)
    )
    if not fast:

        def slow(row: int, col: int, number: float, fmt: Any) -> None:
            sheet.write_number(row, col, number, fmt)

        return slow
    check, table = sheet._check_dimensions, sheet.table

    def write(row: int, col: int, number: float, fmt: Any) -> None:
        if check(row, col):
            raise IndexError(f"cell ({row}, {col}) is outside the worksheet")
        table[row][col] = CellNumberTuple(number, fmt)

    return write
