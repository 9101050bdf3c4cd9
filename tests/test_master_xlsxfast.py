"""The master's fast row writer (toolkit.master.xlsxfast.fast_rows) writes exactly the XML
xlsxwriter writes: every kind of cell, formats from the cell, the row and the column, rows
with only a height, comments, and a sheet wide enough to have gaps between unit columns."""

from __future__ import annotations

import zipfile
from pathlib import Path

import xlsxwriter

from toolkit.master.xlsxfast import fast_rows, formula_writer, number_writer, row_writers


def _sheets(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")}


def _write(path: Path, fast: bool) -> dict[str, bytes]:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    if fast:
        assert fast_rows(ws)
    num = wb.add_format({"num_format": "#,##0.00"})
    bold = wb.add_format({"bold": True})
    ws.set_row(3, 30, bold)  # a row format: cells without their own take it
    ws.set_column(7, 7, 12, num)  # a column format
    ws.set_row(40, 25)  # a row with a height only
    put_n, put_f = number_writer(ws), formula_writer(ws)
    for c in range(0, 9000, 7):  # sparse unit columns
        put_n(1, c, c * 1.25 + 1 / 3, num)
        put_f(2, c, '=IF(A2=0,"",B2/A2*100)&"<&>"', num, c / 3)
        put_f(5, c, "=A1", num, "")
    if fast:  # a row of unit columns at once
        numbers, formulas = row_writers(ws)
        numbers(10, [(c, c / 7) for c in range(3, 9500, 11)], num)
        formulas(11, [(c, f'=IF(COUNT(B{c}),B{c}*2,"")', c * 2.0 if c % 2 else "") for c in range(3, 9500, 13)], num)
    else:
        for c in range(3, 9500, 11):
            ws.write_number(10, c, c / 7, num)
        for c in range(3, 9500, 13):
            ws.write_formula(11, c, f'=IF(COUNT(B{c}),B{c}*2,"")', num, c * 2.0 if c % 2 else "")
    ws.write_number(3, 1, 3.5)  # no format of its own: the row's
    ws.write_number(6, 7, 7.25)  # the column's
    ws.write_number(6, 8, 1e300, None)
    ws.write_string(0, 0, 'Tổng hợp <&> "x"', bold)
    ws.write_formula(4, 0, "=1=1", num, True)
    ws.write_formula(4, 1, '="a"&"b"', num, "ab")
    ws.write_formula(4, 2, "=1/0", num, "#DIV/0!")
    ws.write_blank(4, 3, None, num)
    ws.write_boolean(4, 4, False, num)
    ws.write_comment(50, 2, "ghi chú")
    ws.write_comment(70, 9100, "ngoài cột cuối")  # a comment alone widens its rows' span
    put_n(33, 4, 2.0, num)  # one cell in a block of 16 rows
    put_n(34, 8990, 3.0, None)  # a number without a format: xlsxwriter's own method
    ws.merge_range(8, 0, 8, 5, "gộp", bold)
    wb.close()
    return _sheets(path)


def test_fast_rows_write_what_xlsxwriter_writes(tmp_path: Path) -> None:
    assert _write(tmp_path / "fast.xlsx", True) == _write(tmp_path / "plain.xlsx", False)


def test_fast_rows_decline_a_constant_memory_sheet(tmp_path: Path) -> None:
    wb = xlsxwriter.Workbook(str(tmp_path / "c.xlsx"), {"constant_memory": True})
    assert not fast_rows(wb.add_worksheet())
    wb.close()
