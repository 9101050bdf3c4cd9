"""The feedback copy written by openpyxl: the reference writer, for every package.

openpyxl loads the sender's workbook, the offending cells are filled and commented, the list of
findings becomes the first sheet, and the workbook is saved again (40-60 ms a commune form;
openpyxl keeps formulas but not their cached results, so the copy recalculates on load). A
file the gate refused is never opened: its copy is a new workbook holding only the list. The
package writer (:mod:`.feedback_zip`) produces the same copy faster; the equality tests compare
the two.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..a1 import col_letter
from ..findings import Finding, registry
from ..records import FileReport
from . import feedback_list as FL
from .feedback_list import FEEDBACK_SHEET, FEEDBACK_SHEET_EN


def gate_refused(report: FileReport) -> bool:
    """Whether the gate refused the file: then it is never opened, the copy holds only the list."""
    reg = registry()
    return any(f.is_error and reg.get(f.code) is not None and reg[f.code].area == "gate" for f in report.findings)


def _load(src: Path) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(src, keep_links=False)
    except Exception:  # noqa: BLE001 - then the copy holds only the list of findings
        return None


def write_with_openpyxl(
    report: FileReport, src: Path, out: Path, lang: str = "vi", *, list_only: bool | None = None
) -> Path:
    """The annotated copy written by openpyxl (load, annotate, save) into ``out``; always
    writes. ``list_only`` (default: when the gate refused the file): the source is not opened
    and the copy is a new workbook holding the list of findings; so it is too when openpyxl
    cannot open the source."""
    if list_only is None:
        list_only = gate_refused(report)
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.hyperlink import Hyperlink

    from ..safe_text import set_text

    wb: Any = None if list_only else _load(src)
    fresh = wb is None
    if fresh:
        wb = openpyxl.Workbook()
    sheets = {s.title: s for s in wb.worksheets}

    def solid(rgb: str) -> PatternFill:
        return PatternFill("solid", start_color=rgb, end_color=rgb)

    # highlight and comment every finding's cell; show its value as typed (General format)
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for f in report.findings:
        if f.sheet is not None and f.sheet in sheets and f.cell:
            by_cell.setdefault((f.sheet, f.cell), []).append(f)
    for (sheet, ref), items in by_cell.items():
        try:
            cell = sheets[sheet][ref]
            cell.fill = solid(FL.cell_fill(items))
            if "%" not in (cell.number_format or ""):  # as typed: 0,9986, not 1,00 (93% stays 93%)
                cell.number_format = "General"
            text = FL.comment_text(items, lang)
            comment = Comment(text, "baocao")
            comment.width, comment.height = 420, min(600, 60 + 18 * (len(text) // 60 + len(items)))
            cell.comment = comment
        except (AttributeError, ValueError, KeyError):  # a merged cell or an address outside the sheet
            continue

    # the list of findings, first
    base = FEEDBACK_SHEET if lang != "en" else FEEDBACK_SHEET_EN
    title = base
    if fresh:
        listing = wb.active
        listing.title = title
    else:
        n = 2
        while title in sheets:
            title = f"{base} ({n})"
            n += 1
        listing = wb.create_sheet(title, 0)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    body_font = Font(name=FL.FONT, size=FL.SIZE)
    last_col = len(FL.COLUMNS)
    for r, text, font in (
        (1, FL.title(report, lang), Font(name=FL.FONT, size=13, bold=True)),
        (2, FL.note(lang), Font(name=FL.FONT, size=FL.SIZE, italic=True)),
    ):
        set_text(listing.cell(r, 1), text)
        listing.cell(r, 1).font = font
        listing.cell(r, 1).alignment = Alignment(vertical="center", wrap_text=True)
        listing.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last_col)
        listing.row_dimensions[r].height = FL.banner_height(text, 13 if r == 1 else FL.SIZE, r == 1)
    for c, text, rgb in FL.legend(lang):
        cell = listing.cell(3, c)
        set_text(cell, text)
        cell.font = Font(name=FL.FONT, size=FL.SIZE)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.fill, cell.border = solid(rgb), box
    for c, h in enumerate(FL.HEAD[lang], start=1):
        cell = listing.cell(FL.HEADER_ROW, c, h)
        cell.font = Font(name=FL.FONT, size=FL.SIZE, bold=True)
        cell.fill, cell.border = solid(FL.HEAD_FILL), box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        listing.column_dimensions[col_letter(c)].width = FL.WIDTHS[c - 1]
    listing.row_dimensions[FL.HEADER_ROW].height = FL.header_height(lang)
    rows = FL.list_rows(report, lang, set() if fresh else set(sheets))
    for lr in rows:
        r = lr.row
        listing.cell(r, FL.COL["no"], lr.no)
        for key in FL.COLUMNS[1:]:
            set_text(listing.cell(r, FL.COL[key]), lr.text(key))
        for c in range(1, last_col + 1):
            cell = listing.cell(r, c)
            cell.font, cell.border = body_font, box
            cell.alignment = Alignment(vertical="top", wrap_text=FL.COLUMNS[c - 1] in FL.WRAPPED)
        listing.cell(r, FL.COL["severity"]).fill = solid(FL.ERROR_FILL if lr.is_error else FL.WARNING_FILL)
        if lr.link:
            link = listing.cell(r, FL.COL["cell"])
            link.hyperlink = Hyperlink(ref=link.coordinate, location=lr.link, display=lr.cell)
            link.font = Font(name=FL.FONT, size=FL.SIZE, color="0563C1", underline="single")
        listing.row_dimensions[r].height = lr.height
    if not rows:
        set_text(listing.cell(FL.FIRST_ROW, FL.COL["message"]), FL.nothing(lang))
        listing.cell(FL.FIRST_ROW, FL.COL["message"]).font = body_font
    listing.freeze_panes = f"A{FL.FIRST_ROW}"
    listing.page_setup.orientation = "landscape"
    listing.page_setup.paperSize = listing.PAPERSIZE_A4
    listing.page_setup.fitToWidth, listing.page_setup.fitToHeight = 1, 0
    listing.sheet_properties.pageSetUpPr.fitToPage = True
    m = FL.MARGINS_IN
    listing.page_margins.left, listing.page_margins.right = m["left"], m["right"]
    listing.page_margins.top, listing.page_margins.bottom = m["top"], m["bottom"]
    listing.page_margins.header = listing.page_margins.footer = FL.HEADER_FOOTER_IN
    listing.oddFooter.left.text, listing.oddFooter.left.font, listing.oddFooter.left.size = (
        title,
        f"{FL.FONT},Italic",
        9,
    )
    listing.oddFooter.right.text, listing.oddFooter.right.font, listing.oddFooter.right.size = "Trang &P/&N", FL.FONT, 9
    listing.print_title_rows = f"{FL.HEADER_ROW}:{FL.HEADER_ROW}"
    for s in wb.worksheets:
        s.sheet_view.tabSelected = False
    listing.sheet_view.tabSelected = True
    wb.active = wb.worksheets.index(listing)
    try:
        wb.calculation.fullCalcOnLoad = True  # openpyxl keeps formulas but not their results
    except AttributeError:
        pass
    tmp = out.with_name(out.name + ".part")
    wb.save(tmp)
    os.replace(tmp, out)
    return out
