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
from typing import Any, cast

try:
    from xlsxwriter.worksheet import CellFormulaTuple
except ImportError:  # pragma: no cover
    CellFormulaTuple = None

try:
    from xlsxwriter.worksheet import CellNumberTuple
except ImportError:  # pragma: no cover
    CellNumberTuple = None

Writer = Callable[[int, int, str, Any, Any], None]


def _stores_cells(sheet: Any) -> bool:
    """``sheet`` keeps its cells as xlsxwriter 3 does (a table of cell tuples, dimensions
    checked by ``_check_dimensions``), so the writers here may store them directly."""
    return (
        CellNumberTuple is not None
        and CellFormulaTuple is not None
        and hasattr(sheet, "_check_dimensions")
        and hasattr(sheet, "table")
        and not getattr(sheet, "constant_memory", False)
    )


def formula_writer(sheet: Any) -> Writer:
    """``write(row, col, "=FORMULA", format, cached_value)`` for one worksheet."""
    if not _stores_cells(sheet):

        def slow(row: int, col: int, formula: str, fmt: Any, value: Any) -> None:
            sheet.write_formula(row, col, formula, fmt, value)

        return slow
    check, table = sheet._check_dimensions, sheet.table

    def write(row: int, col: int, formula: str, fmt: Any, value: Any) -> None:
        if check(row, col):
            raise IndexError(f"cell ({row}, {col}) is outside the worksheet")
        table[row][col] = CellFormulaTuple(formula[1:] if formula.startswith("=") else formula, fmt, value)

    return write


def number_writer(sheet: Any) -> Callable[[int, int, float, Any], None]:
    """``write(row, col, number, format)`` for finite numbers, as ``write_number`` stores them."""
    if not _stores_cells(sheet):

        def slow(row: int, col: int, number: float, fmt: Any) -> None:
            sheet.write_number(row, col, number, fmt)

        return slow
    check, table = sheet._check_dimensions, sheet.table

    def write(row: int, col: int, number: float, fmt: Any) -> None:
        if check(row, col):
            raise IndexError(f"cell ({row}, {col}) is outside the worksheet")
        table[row][col] = CellNumberTuple(number, fmt)

    return write


def row_writers(
    sheet: Any,
) -> tuple[Callable[[int, list[tuple[int, float]], Any], None], Callable[[int, list[tuple[int, str, Any]], Any], None]]:
    """``numbers(row, [(col, number)...], format)`` and ``formulas(row, [(col, "=F", cached)...],
    format)``: many cells of one row (a master's unit columns) stored as ``write_number`` and
    :func:`formula_writer` store them, the sheet's dimensions checked once a row (at its first
    and last column) instead of once a cell."""
    if not _stores_cells(sheet):
        put_formula = formula_writer(sheet)

        def slow_numbers(row: int, cells: list[tuple[int, float]], fmt: Any) -> None:
            for col, number in cells:
                sheet.write_number(row, col, number, fmt)

        def slow_formulas(row: int, cells: list[tuple[int, str, Any]], fmt: Any) -> None:
            for col, formula, value in cells:
                put_formula(row, col, formula, fmt, value)

        return slow_numbers, slow_formulas
    check, table = sheet._check_dimensions, sheet.table
    number_cls, formula_cls = CellNumberTuple, CellFormulaTuple

    def span(row: int, cols: list[int]) -> dict[int, Any]:
        lo, hi = min(cols), max(cols)
        if check(row, lo) or check(row, hi):
            raise IndexError(f"cells ({row}, {lo}..{hi}) are outside the worksheet")
        return cast(dict[int, Any], table[row])

    def numbers(row: int, cells: list[tuple[int, float]], fmt: Any) -> None:
        if cells:
            out = span(row, [c for c, _ in cells])
            for col, number in cells:
                out[col] = number_cls(number, fmt)

    def formulas(row: int, cells: list[tuple[int, str, Any]], fmt: Any) -> None:
        if cells:
            out = span(row, [c for c, _f, _v in cells])
            for col, formula, value in cells:
                out[col] = formula_cls(formula[1:] if formula.startswith("=") else formula, fmt, value)

    return numbers, formulas


try:
    from xlsxwriter.utility import xl_col_to_name
except ImportError:  # pragma: no cover
    xl_col_to_name = None

_ROWS_API = (
    "_write_row",
    "_write_empty_row",
    "_write_cell",
    "_xml_end_tag",
    "_escape_data",
    "table",
    "row_info",
    "comments",
    "row_spans",
)


def fast_rows(sheet: Any) -> bool:
    """Make ``sheet`` write its cells as xlsxwriter does, faster; False (nothing changed) when
    xlsxwriter's internals are not the ones this was written against.

    xlsxwriter writes each row by trying every column between the sheet's first and last
    (10.000 unit columns: 2,6 million tries a sheet for 261 rows), works out the rows' spans
    the same way, and writes each cell through a general method that builds a list of
    attributes. Here a row's cells are taken in column order from the row itself, its span
    from its smallest and largest column, and a number or a formula with a number (or
    nothing) as its result, with a format, is written in one step, a row's cells in one
    write; every other cell goes to xlsxwriter's own method. A test compares the XML of both
    ways.
    """
    if (
        xl_col_to_name is None
        or CellNumberTuple is None
        or CellFormulaTuple is None
        or getattr(sheet, "constant_memory", True)
        or not all(hasattr(sheet, a) for a in _ROWS_API)
    ):
        return False
    general = sheet._write_cell
    escape = sheet._escape_data
    number_cls, formula_cls = CellNumberTuple, CellFormulaTuple

    def write_rows() -> None:
        spans = _spans(sheet)
        sheet.row_spans = spans
        write = sheet.fh.write
        table, row_info, comments = sheet.table, sheet.row_info, sheet.comments
        first_col, last_col = sheet.dim_colmin, sheet.dim_colmax
        letters: dict[int, str] = {}  # column -> its letters
        xf: dict[int, int] = {}  # id(format) -> its index (formats live as long as the workbook)
        for row_num in range(sheet.dim_rowmin, sheet.dim_rowmax + 1):
            cells = table.get(row_num)
            if not (row_num in row_info or row_num in comments or cells):
                continue
            span = spans.get(row_num // 16)
            if not cells:
                sheet._write_empty_row(row_num, span, row_info.get(row_num))
                continue
            if row_num not in row_info:
                sheet._write_row(row_num, span)
            else:
                sheet._write_row(row_num, span, row_info[row_num])
            rs = str(row_num + 1)
            out: list[str] = []
            for col_num in sorted(cells):
                if not first_col <= col_num <= last_col:
                    continue
                cell = cells[col_num]
                cls, fmt = cell.__class__, cell.format
                if fmt and (cls is number_cls or cls is formula_cls):
                    col = letters.get(col_num)
                    if col is None:
                        col = letters[col_num] = xl_col_to_name(col_num)
                    s = xf.get(id(fmt))
                    if s is None:
                        s = xf[id(fmt)] = fmt._get_xf_index()
                    if cls is number_cls:
                        out.append(f'<c r="{col}{rs}" s="{s}"><v>{cell.number:.16G}</v></c>')
                        continue
                    value = cell.value
                    if value.__class__ is float or value.__class__ is int or value == "":
                        out.append(f'<c r="{col}{rs}" s="{s}"><f>{escape(cell.formula)}</f><v>{value}</v></c>')
                        continue
                if out:
                    write("".join(out))
                    out.clear()
                general(row_num, col_num, cell)
            if out:
                write("".join(out))
            sheet._xml_end_tag("row")

    sheet._write_rows = write_rows
    return True


def _spans(sheet: Any) -> dict[int, str]:
    """The ``spans`` of each block of 16 rows, as xlsxwriter's ``_calculate_spans`` works
    them out (the first and last column holding a cell or a comment, 1-based), from each row's
    smallest and largest column instead of trying every column of the sheet."""
    spans: dict[int, str] = {}
    if sheet.dim_rowmin is None:
        return spans
    table, comments = sheet.table, sheet.comments
    first_col, last_col = sheet.dim_colmin, sheet.dim_colmax
    span_min: int | None = None
    span_max = 0
    for row_num in range(sheet.dim_rowmin, sheet.dim_rowmax + 1):
        for cols in (table.get(row_num), comments.get(row_num)):
            if not cols:
                continue
            lo, hi = min(cols), max(cols)
            if lo < first_col or hi > last_col:  # never written through the sheet: xlsxwriter's own limits
                inside = [c for c in cols if first_col <= c <= last_col]
                if not inside:
                    continue
                lo, hi = min(inside), max(inside)
            if span_min is None:
                span_min, span_max = lo, hi
            else:
                span_min, span_max = min(span_min, lo), max(span_max, hi)
        if (row_num + 1) % 16 == 0 or row_num == sheet.dim_rowmax:
            if span_min is not None:
                spans[row_num // 16] = f"{span_min + 1}:{span_max + 1}"
                span_min = None
    return spans
