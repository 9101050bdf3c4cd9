"""What the feedback copy shows a clerk, shared by its two writers (:mod:`.feedback_zip`, which
edits the package, and the openpyxl fallback in :mod:`.feedback`), so that both draw the same:
the colours of flagged cells, the list sheet "Lỗi cần sửa" (its columns, words, legend, fonts,
row heights) and the text of a cell's comment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import caches, printing
from ..findings import Finding, Severity
from ..records import FileReport
from ..safe_text import as_text_cell

FEEDBACK_SHEET = "Lỗi cần sửa"
FEEDBACK_SHEET_EN = "To fix"

# Cell colours. The form's input cells are yellow (FFF2CC), its formulas green, its pre-filled
# figures blue: an error is red and a warning orange, so neither reads as "type here".
ERROR_FILL, WARNING_FILL = "FFC7CE", "F4B084"
HEAD_FILL = "D9E1F2"
INPUT_FILL = "FFF2CC"  # the form's input cells (toolkit.forms.styles), for the legend
FONT, SIZE = "Times New Roman", 12  # the form's font

HEADER_ROW, FIRST_ROW = 4, 5  # 1-based rows of the list sheet
COLUMNS = ("no", "severity", "sheet", "cell", "indicator", "value", "message", "code")
COL = {k: n for n, k in enumerate(COLUMNS, start=1)}  # 1-based column of each field
HEAD = {
    "vi": ["STT", "Mức độ", "Trang tính", "Ô", "Chỉ tiêu", "Giá trị đã nhập", "Cần sửa gì", "Mã lỗi (để tra cứu)"],
    "en": ["No.", "Severity", "Sheet", "Cell", "Indicator", "Value as typed", "What to fix", "Code (to look up)"],
}
WIDTHS = [5, 9, 12, 6, 26, 12, 54, 17]  # characters of Times New Roman 12
WRAPPED = ("sheet", "indicator", "value", "message", "code")
SEV = {
    "vi": {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"},
    "en": {"error": "Error", "warning": "Warning", "info": "Info"},
}


def note(lang: str) -> str:
    if lang == "en":
        return (
            "Click a cell address (column Cell) to go to the cell. In the form, cells with an error are red and "
            "cells with a warning orange, each with a comment; yellow cells are where figures are typed."
        )
    return (
        "Bấm vào địa chỉ ô (cột Ô) để đến ô đó. Trong biểu, ô có lỗi tô đỏ, ô có cảnh báo tô cam, "
        "kèm ghi chú giải thích; ô màu vàng là ô nhập số liệu."
    )


def legend(lang: str) -> list[tuple[int, str, str]]:
    """Row 3: the colours a clerk sees in the form, each shown in its colour (1-based column,
    text, fill)."""
    if lang == "en":
        return [(2, "Error", ERROR_FILL), (3, "Warning", WARNING_FILL), (5, "Cell to type a figure in", INPUT_FILL)]
    return [(2, "Lỗi", ERROR_FILL), (3, "Cảnh báo", WARNING_FILL), (5, "Ô nhập số liệu", INPUT_FILL)]


def title(report: FileReport, lang: str) -> str:
    e, w = report.errors, report.warnings
    who = f"{report.unit or '?'} · {report.period or '?'}"
    if lang == "en":
        state = "valid" if e == 0 else "must be corrected and sent again"
        return f"Check of {Path(report.path).name} ({who}): {e} errors, {w} warnings; the file {state}."
    state = "hợp lệ" if e == 0 else "cần sửa rồi gửi lại"
    return f"Kết quả kiểm tra tệp {Path(report.path).name} ({who}): {e} lỗi, {w} cảnh báo; tệp {state}."


def quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def comment_text(items: list[Finding], lang: str) -> str:
    """The comment of a flagged cell: every finding on it, severity first."""
    text = "\n".join(f"[{SEV[lang][f.severity.value]}] {f.message(lang)}" for f in items)
    return as_text_cell(text[:30000])


def cell_fill(items: list[Finding]) -> str:
    return ERROR_FILL if any(f.is_error for f in items) else WARNING_FILL


_POINTS = {k: printing.column_points(w) for k, w in zip(COLUMNS, WIDTHS, strict=True)}


@dataclass(frozen=True)
class ListRow:
    """One finding as a line of the list sheet (texts already made safe for a cell)."""

    row: int  # 1-based
    no: int
    is_error: bool
    severity: str
    sheet: str
    cell: str
    indicator: str
    value: str
    message: str
    code: str
    link: str | None  # where the address links to ('Sheet'!A1), when the sheet is in the copy
    height: float

    def text(self, key: str) -> str:
        return str(getattr(self, key))


def list_rows(report: FileReport, lang: str, linkable: set[str]) -> list[ListRow]:
    """The findings, errors first, as the list sheet shows them."""
    pts = _POINTS
    out = []
    order = sorted(report.findings, key=lambda f: (f.severity is not Severity.ERROR,))
    for n, f in enumerate(order, start=1):
        name = f.extra.get("name") if f.extra else None
        indicator = f"{f.indicator} – {name}" if f.indicator and name else (f.indicator or "")
        link = None
        where = f.cell or ""
        if f.sheet in linkable:
            link = as_text_cell(quote(f.sheet) + "!" + (f.cell or "A1"))
            where = f.cell or f.sheet
        texts = {
            "sheet": as_text_cell(f.sheet or ""),
            "indicator": as_text_cell(indicator),
            "value": as_text_cell(f.value or ""),
            "message": as_text_cell(f.message(lang)),
            "code": as_text_cell(f.code),
        }
        height = printing.fit_height([printing.Cell(texts[k], pts[k], SIZE) for k in WRAPPED], 18.0)
        out.append(
            ListRow(
                row=FIRST_ROW + n - 1,
                no=n,
                is_error=f.is_error,
                severity=SEV[lang][f.severity.value],
                cell=as_text_cell(where),
                link=link,
                height=min(409.0, height),
                **texts,
            )
        )
    return out


@caches.function("validate.feedback_list.header_height", None)
def header_height(lang: str) -> float:
    pts = [printing.column_points(w) for w in WIDTHS]
    return printing.fit_height([printing.Cell(h, p, SIZE, bold=True) for h, p in zip(HEAD[lang], pts, strict=True)])


def nothing(lang: str) -> str:
    return "Không có lỗi." if lang != "en" else "Nothing to fix."


@caches.function("validate.feedback_list.banner_height", 256)
def banner_height(text: str, size: float, bold: bool = False) -> float:
    """Height of row 1 or 2 (title, note), merged over the list's columns."""
    width = sum(printing.column_points(w) for w in WIDTHS)
    return printing.fit_height([printing.Cell(text, width, size, bold)], 18.0)


MARGINS_IN, HEADER_FOOTER_IN = printing.MARGINS_IN, printing.HEADER_FOOTER_IN


def footer(sheet: str) -> str:
    """The list sheet's footer: its name on the left, the page number on the right."""
    name = sheet.replace("&", "&&")
    return f'&L&"{FONT},Italic"&9{name}&R&"{FONT},Regular"&9Trang &P/&N'
