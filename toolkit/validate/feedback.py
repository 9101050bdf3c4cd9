"""The feedback copy: the sender's own workbook, each offending cell highlighted and commented,
with a first sheet "Lỗi cần sửa" listing every finding and linking to its cell.

The original file is never modified: the copy is written to another folder. The copy is first
made by editing the package itself (:mod:`.feedback_zip`, a few ms, cached formula results
kept); when the package is in a shape that module does not handle, openpyxl writes it, which
is safe because the file was opened only after the gate found it readable. When it cannot be
opened (the gate refused it, or openpyxl fails), the copy is a new workbook holding only the
list of findings. Text copied from the submission is
always written as text, never as a formula (:func:`toolkit.safe_text.set_text`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..findings import Finding, Severity
from ..records import FileReport

FEEDBACK_SHEET = "Lỗi cần sửa"
FEEDBACK_SHEET_EN = "To fix"
SUFFIX = "_loi-can-sua"
ERROR_FILL, WARNING_FILL = "FFC7CE", "FFEB9C"

_HEAD = {
    "vi": ["STT", "Mã lỗi", "Mức độ", "Trang tính", "Ô", "Chỉ tiêu", "Giá trị", "Nội dung cần sửa"],
    "en": ["No.", "Code", "Severity", "Sheet", "Cell", "Indicator", "Value", "What to fix"],
}
_SEV = {
    "vi": {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"},
    "en": {"error": "Error", "warning": "Warning", "info": "Info"},
}
_WIDTHS = [5, 24, 10, 14, 7, 30, 14, 80]


def _lines(text: object, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide (row heights are not
    computed by every spreadsheet program on load)."""
    n = len(str(text or ""))
    return max(1, -(-n // max(1, int(width * 1.15))))


def feedback_path(src: str | os.PathLike[str], out_dir: str | os.PathLike[str]) -> Path:
    return Path(out_dir) / f"{Path(src).stem}{SUFFIX}.xlsx"


def _title(report: FileReport, lang: str) -> str:
    e, w = report.errors, report.warnings
    who = f"{report.unit or '?'} · {report.period or '?'}"
    if lang == "en":
        state = "valid" if e == 0 else "must be corrected and sent again"
        return f"Check of {Path(report.path).name} ({who}): {e} errors, {w} warnings; the file {state}."
    state = "hợp lệ" if e == 0 else "cần sửa rồi gửi lại"
    return f"Kết quả kiểm tra tệp {Path(report.path).name} ({who}): {e} lỗi, {w} cảnh báo; tệp {state}."


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _refused(report: FileReport) -> bool:
    """Whether the gate refused the file: then it is never opened, the copy holds only the list."""
    from .. import findings as fnd

    reg = fnd.registry()
    return any(f.is_error and reg.get(f.code) is not None and reg[f.code].area == "gate" for f in report.findings)


def _load(src: Path, report: FileReport) -> Any:
    import openpyxl

    if _refused(report):
        return None  # the gate refused the file: never hand it to openpyxl
    try:
        return openpyxl.load_workbook(src, keep_links=False)
    except Exception:  # noqa: BLE001 - then the copy holds only the list of findings
        return None


def write_feedback(
    report: FileReport, src_path: str | os.PathLike[str], out_dir: str | os.PathLike[str], lang: str = "vi"
) -> Path:
    """Write the annotated copy of ``src_path`` into ``out_dir``; returns its path.

    The package is edited directly when it is in a shape :mod:`.feedback_zip` handles (a few
    ms); otherwise, and for a file the gate refused, openpyxl writes the copy (40-60 ms)."""
    src = Path(src_path)
    out = feedback_path(src, out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.resolve() == src.resolve():
        raise ValueError("the feedback copy must not overwrite the original file")
    if not _refused(report):
        from .feedback_zip import write_fast

        if write_fast(report, src, out, lang) is not None:
            return out
    return write_with_openpyxl(report, src, out, lang)


def write_with_openpyxl(report: FileReport, src: Path, out: Path, lang: str = "vi") -> Path:
    """The annotated copy written by openpyxl (load, annotate, save) into ``out``."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    from ..safe_text import set_text

    wb = _load(src, report)
    fresh = wb is None
    if fresh:
        wb = openpyxl.Workbook()
    sheets = {s.title: s for s in wb.worksheets}

    # highlight and comment every finding's cell
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for f in report.findings:
        if f.sheet in sheets and f.cell:
            by_cell.setdefault((f.sheet, f.cell), []).append(f)
    for (sheet, ref), items in by_cell.items():
        try:
            cell = sheets[sheet][ref]
            worst = ERROR_FILL if any(f.is_error for f in items) else WARNING_FILL
            cell.fill = PatternFill("solid", start_color=worst, end_color=worst)
            text = "\n".join(f"[{_SEV[lang][f.severity.value]}] {f.message(lang)}" for f in items)
            comment = Comment(text[:30000], "baocao")
            comment.width, comment.height = 420, min(600, 60 + 18 * (len(text) // 60 + len(items)))
            cell.comment = comment
        except (AttributeError, ValueError, KeyError):  # a merged cell or an address outside the sheet
            continue

    # the list of findings, first
    title = FEEDBACK_SHEET if lang != "en" else FEEDBACK_SHEET_EN
    if fresh:
        ws = wb.active
        ws.title = title
    else:
        n = 2
        while title in sheets:
            title = f"{FEEDBACK_SHEET if lang != 'en' else FEEDBACK_SHEET_EN} ({n})"
            n += 1
        ws = wb.create_sheet(title, 0)
    bold = Font(bold=True)
    set_text(ws.cell(1, 1), _title(report, lang))
    ws.cell(1, 1).font = Font(bold=True, size=13)
    if lang == "en":
        note = (
            "Click a cell address to go to the cell. Cells with errors are red, warnings yellow, each with a comment."
        )
    else:
        note = "Bấm vào địa chỉ ô để đến ô đó. Ô có lỗi tô đỏ, ô có cảnh báo tô vàng, kèm ghi chú giải thích."
    set_text(ws.cell(2, 1), note)
    ws.cell(2, 1).font = Font(italic=True)
    for c, h in enumerate(_HEAD[lang], start=1):
        ws.cell(4, c, h).font = bold
        ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = _WIDTHS[c - 1]
    order = sorted(report.findings, key=lambda f: (f.severity is not Severity.ERROR,))
    for n, f in enumerate(order, start=1):
        r = 4 + n
        ws.cell(r, 1, n)
        set_text(ws.cell(r, 2), f.code)
        set_text(ws.cell(r, 3), _SEV[lang][f.severity.value])
        set_text(ws.cell(r, 4), f.sheet or "")
        link = ws.cell(r, 5)
        set_text(link, f.cell or "")
        if f.sheet in sheets and not fresh:
            target = f"{_quote(f.sheet)}!{f.cell or 'A1'}"
            link.hyperlink = Hyperlink(ref=link.coordinate, location=target, display=f.cell or f.sheet)
            link.font = Font(color="0563C1", underline="single")
            if not f.cell:
                set_text(link, f.sheet)
        name = f.extra.get("name") if f.extra else None
        set_text(ws.cell(r, 6), f"{f.indicator} – {name}" if f.indicator and name else (f.indicator or ""))
        ws.cell(r, 6).alignment = Alignment(wrap_text=True, vertical="top")
        set_text(ws.cell(r, 7), f.value or "")
        set_text(ws.cell(r, 8), f.message(lang))
        ws.cell(r, 8).alignment = Alignment(wrap_text=True, vertical="top")
        lines = max(_lines(ws.cell(r, 8).value, _WIDTHS[7]), _lines(ws.cell(r, 6).value, _WIDTHS[5]))
        ws.row_dimensions[r].height = 15 * lines
        fill = ERROR_FILL if f.is_error else WARNING_FILL
        ws.cell(r, 3).fill = PatternFill("solid", start_color=fill, end_color=fill)
    if not report.findings:
        set_text(ws.cell(5, 8), "Không có lỗi." if lang != "en" else "Nothing to fix.")
    ws.freeze_panes = "A5"
    for row in ws.iter_rows(min_row=5):
        for c in row:
            if c.alignment is None or not c.alignment.wrap_text:
                c.alignment = Alignment(vertical="top", wrap_text=c.column in (6, 8))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "4:4"
    for s in wb.worksheets:
        s.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    wb.active = wb.worksheets.index(ws)
    try:
        wb.calculation.fullCalcOnLoad = True  # openpyxl keeps formulas but not their results
    except AttributeError:
        pass
    tmp = out.with_name(out.name + ".part")
    wb.save(tmp)
    os.replace(tmp, out)
    return out
