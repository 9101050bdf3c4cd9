"""Writing one table sheet of a definitions workbook with xlsxwriter.

Header row with the column's help as a cell note, frozen header and code column, filters,
a dropdown for every enumeration and reference, number and date validations; the same
for the definitions workbook and the yearly targets workbook.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from ..a1 import col_letter
from ..findings import Finding, make
from ..findings import definitions as definitions_codes
from ..master.layout import quote_sheet
from .columns import LISTS, Column, Sheet

FONT = "Times New Roman"
SPARE_ROWS = 300  # rows below the data that still have dropdowns and validations
HEAD_BG = "#DDEBF7"
INFO_BG = "#EDEDED"
INPUT_BG = "#FFF2CC"  # the cells the yearly chore fills in (the forms' input colour)


class Formats:
    def __init__(self, wb: Any) -> None:
        self._wb = wb
        self._cache: dict[tuple, Any] = {}

    def get(self, **props: Any) -> Any:
        base = {"font_name": FONT, "font_size": 11, "valign": "top"}
        base.update(props)
        key = tuple(sorted(base.items()))
        if key not in self._cache:
            self._cache[key] = self._wb.add_format(base)
        return self._cache[key]


class Lists:
    """Dropdown sources: static lists on the 'Danh sách' sheet, or a reference to a code column."""

    def __init__(self) -> None:
        self.values: dict[str, tuple[str, list[str]]] = {}  # name -> (header, values)
        self.refs: dict[str, str] = {}

    def add(self, name: str, header: str, values: list[str]) -> None:
        self.values[name] = (header, values)

    def refer(self, name: str, sheet: str, rows: int) -> None:
        self.refs[name] = f"={quote_sheet(sheet)}!$A$2:$A${rows + 1}"

    def source(self, name: str) -> str | None:
        if name in self.refs:
            return self.refs[name]
        if name not in self.values:
            return None
        n = list(self.values).index(name)
        count = max(1, len(self.values[name][1]))
        letter = col_letter(n + 1)
        return f"={quote_sheet(LISTS)}!${letter}$2:${letter}${count + 1}"

    def write(self, wb: Any, fm: Formats) -> None:
        sh = wb.add_worksheet(LISTS)
        head = fm.get(bold=True, bg_color=HEAD_BG, border=1, text_wrap=True)
        for n, (header, values) in enumerate(self.values.values()):
            sh.set_column(n, n, 22)
            sh.write_string(0, n, header, head)
            for r, v in enumerate(values, start=1):
                sh.write_string(r, n, v, fm.get(num_format="@"))
        sh.freeze_panes(1, 0)
        sh.set_tab_color("#A6A6A6")


_TEXT_KINDS = ("text", "choice", "list", "reporters", "extra", "bool", "info")


def cell_format(fm: Formats, col: Column) -> Any:
    if col.kind == "info":
        return fm.get(bg_color=INFO_BG, text_wrap=True, border=1, border_color="#BFBFBF")
    if col.kind == "date":
        return fm.get(num_format="dd/mm/yyyy", align="left")
    if col.key in ("province", "resolution"):
        return fm.get(num_format="General", bg_color=INPUT_BG, border=1, border_color="#BFBFBF")
    if col.kind in ("number", "int"):
        return fm.get(num_format="General")
    wrap = col.width >= 24
    return fm.get(num_format="@", text_wrap=wrap)


def write_value(sh: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    if value is None:
        sh.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        sh.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        sh.write_number(row, col, value, fmt)
    elif isinstance(value, date):
        sh.write_datetime(row, col, value, fmt)
    else:
        sh.write_string(row, col, str(value), fmt)


def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column (about 1,2 characters of 11 pt per width unit)."""
    per = max(1, int(width * 1.2))
    return sum(max(1, -(-len(part) // per)) for part in text.split("\n"))


def write_table(
    wb: Any,
    fm: Formats,
    spec: Sheet,
    rows: list[list[Any]],
    lists: Lists,
    *,
    sheet: Any = None,
    tab_color: str | None = None,
) -> Any:
    """Write the header and rows of ``spec`` (on ``sheet`` if given, else a new one)."""
    sh = sheet if sheet is not None else wb.add_worksheet(spec.name)
    if tab_color:
        sh.set_tab_color(tab_color)
    hr = spec.header_row - 1  # 0-based
    head = fm.get(bold=True, bg_color=HEAD_BG, border=1, text_wrap=True, valign="vcenter", align="center")
    info_head = fm.get(bold=True, bg_color=INFO_BG, border=1, text_wrap=True, valign="vcenter", align="center")
    sh.set_row(hr, 45)
    formats = [cell_format(fm, c) for c in spec.columns]
    for n, col in enumerate(spec.columns):
        sh.set_column(n, n, col.width, formats[n])
        sh.write_string(hr, n, col.header, info_head if col.kind == "info" else head)
        if col.help:
            sh.write_comment(hr, n, col.help, {"x_scale": 2, "y_scale": 1.2, "font_name": FONT})
    for r, cells in enumerate(rows, start=hr + 1):
        lines = 1
        for n, v in enumerate(cells):
            write_value(sh, r, n, v, formats[n])
            if isinstance(v, str) and spec.columns[n].width >= 24:
                lines = max(lines, wrapped_lines(v, spec.columns[n].width))
        if lines > 1:
            sh.set_row(r, 15 * lines)
    last = hr + len(rows) + SPARE_ROWS
    first = hr + 1
    for n, col in enumerate(spec.columns):
        _validate(sh, first, last, n, col, lists)
    sh.set_landscape()
    sh.set_paper(9)  # A4
    sh.fit_to_pages(1, 0)
    sh.repeat_rows(hr)
    sh.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sh.freeze_panes(hr + 1, 1)
    sh.autofilter(hr, 0, hr + max(len(rows), 1), len(spec.columns) - 1)
    return sh


def _validate(sh: Any, first: int, last: int, n: int, col: Column, lists: Lists) -> None:
    opts: dict[str, Any] | None = None
    if col.dropdown:
        src = lists.source(col.dropdown)
        if src:
            multi = col.kind == "reporters"
            opts = {
                "validate": "list",
                "source": src,
                "error_type": "information" if multi else "warning",
                "error_title": col.header,
                "error_message": (
                    "Có thể gõ nhiều mã, cách nhau bằng dấu phẩy."
                    if multi
                    else "Giá trị không có trong danh sách; hãy chọn trong danh sách thả xuống."
                ),
            }
    elif col.kind == "number":
        opts = {
            "validate": "decimal",
            "criteria": "between",
            "minimum": -1e15,
            "maximum": 1e15,
            "error_title": col.header,
            "error_message": "Hãy gõ một số (ví dụ 3400 hoặc 46,5).",
        }
        if col.key in ("province", "resolution", "value"):
            opts.update(criteria=">=", value=0)
            opts.pop("minimum")
            opts.pop("maximum")
            opts["error_message"] = "Hãy gõ một số không âm (ví dụ 3400 hoặc 46,5)."
    elif col.kind == "int":
        opts = {
            "validate": "integer",
            "criteria": "between",
            "minimum": 0,
            "maximum": 6,
            "error_title": col.header,
            "error_message": "Hãy gõ một số nguyên từ 0 đến 6.",
        }
    elif col.kind == "date":
        opts = {
            "validate": "date",
            "criteria": "between",
            "minimum": date(1990, 1, 1),
            "maximum": date(2100, 12, 31),
            "error_title": col.header,
            "error_message": "Hãy gõ một ngày, ví dụ 01/07/2025.",
        }
    if opts:
        sh.data_validation(first, n, last, n, opts)


def open_book(out: Path) -> tuple[Any, Path]:
    """A new workbook written to a temporary name beside ``out`` (see :func:`close_book`)."""
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.tmp.xlsx")
    return xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False, "strings_to_formulas": False}), tmp


def close_book(wb: Any, tmp: Path, out: Path) -> Finding | None:
    """Close the workbook and put it at ``out`` in one step; the problem when it cannot be written."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        wb.close()
        os.replace(tmp, out)
    except (OSError, FileCreateError) as e:
        tmp.unlink(missing_ok=True)
        return make(definitions_codes.WRITE_FAILED, file=str(out), detail=str(e))
    return None
