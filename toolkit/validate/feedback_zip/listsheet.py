"""The new worksheet listing the findings: title, note, header row, one row a finding with a
hyperlink to its cell, written with inline strings (never formulas) and its own cell formats.
"""

from __future__ import annotations

from ...findings import Severity
from ...records import FileReport
from ...safe_text import as_text_cell
from ..feedback import _HEAD, _SEV, _WIDTHS, ERROR_FILL, WARNING_FILL, _lines, _quote, _title
from .styles import Styles
from .xmltext import DECL, NS_MAIN, NS_REL, col_letters, esc, esc_attr


def list_xml(report: FileReport, lang: str, styles: Styles, linkable: set[str], title: str) -> str:
    """The worksheet listing the findings (inline strings, never formulas)."""
    f_title = styles.font('<b/><sz val="13"/><name val="Calibri"/><family val="2"/>')
    f_note = styles.font('<i/><sz val="11"/><name val="Calibri"/><family val="2"/>')
    f_bold = styles.font('<b/><sz val="11"/><name val="Calibri"/><family val="2"/>')
    f_link = styles.font('<u/><sz val="11"/><color rgb="FF0563C1"/><name val="Calibri"/><family val="2"/>')
    base = '<xf numFmtId="0" fontId="{}" fillId="{}" borderId="0" xfId="0"{}>{}</xf>'
    top = '<alignment vertical="top"/>'
    wrap = '<alignment vertical="top" wrapText="1"/>'
    x_title = styles.xf(base.format(f_title, 0, ' applyFont="1"', ""))
    x_note = styles.xf(base.format(f_note, 0, ' applyFont="1"', ""))
    x_head = styles.xf(base.format(f_bold, 0, ' applyFont="1"', ""))
    x_body = styles.xf(base.format(0, 0, ' applyAlignment="1"', top))
    x_wrap = styles.xf(base.format(0, 0, ' applyAlignment="1"', wrap))
    x_link = styles.xf(base.format(f_link, 0, ' applyFont="1" applyAlignment="1"', top))
    x_sev = {
        sev: styles.xf(base.format(0, styles.fill(rgb), ' applyFill="1" applyAlignment="1"', top))
        for sev, rgb in (("e", ERROR_FILL), ("w", WARNING_FILL))
    }

    def text(ref: str, value: object, s: int) -> str:
        t = as_text_cell(value)
        if not t:
            return f'<c r="{ref}" s="{s}"/>'
        return f'<c r="{ref}" s="{s}" t="inlineStr"><is><t xml:space="preserve">{esc(t)}</t></is></c>'

    if lang == "en":
        note = (
            "Click a cell address to go to the cell. Cells with errors are red, warnings yellow, each with a comment."
        )
    else:
        note = "Bấm vào địa chỉ ô để đến ô đó. Ô có lỗi tô đỏ, ô có cảnh báo tô vàng, kèm ghi chú giải thích."
    rows = [
        f'<row r="1">{text("A1", _title(report, lang), x_title)}</row>',
        f'<row r="2">{text("A2", note, x_note)}</row>',
        '<row r="4">'
        + "".join(text(f"{col_letters(c)}4", h, x_head) for c, h in enumerate(_HEAD[lang], start=1))
        + "</row>",
    ]
    links = []
    order = sorted(report.findings, key=lambda f: (f.severity is not Severity.ERROR,))
    for n, f in enumerate(order, start=1):
        r = 4 + n
        name = f.extra.get("name") if f.extra else None
        indicator = f"{f.indicator} – {name}" if f.indicator and name else (f.indicator or "")
        message = as_text_cell(f.message(lang))
        lines = max(_lines(message, _WIDTHS[7]), _lines(as_text_cell(indicator), _WIDTHS[5]))
        where, x_where = f.cell or "", x_body
        if f.sheet in linkable:
            links.append(
                f'<hyperlink ref="E{r}" location="{esc_attr(as_text_cell(_quote(f.sheet) + "!" + (f.cell or "A1")))}"'
                f' display="{esc_attr(as_text_cell(f.cell or f.sheet))}"/>'
            )
            x_where = x_link
            if not f.cell:
                where = f.sheet
        cells = [
            f'<c r="A{r}" s="{x_body}"><v>{n}</v></c>',
            text(f"B{r}", f.code, x_body),
            text(f"C{r}", _SEV[lang][f.severity.value], x_sev["e" if f.is_error else "w"]),
            text(f"D{r}", f.sheet or "", x_body),
            text(f"E{r}", where, x_where),
            text(f"F{r}", indicator, x_wrap),
            text(f"G{r}", f.value or "", x_body),
            text(f"H{r}", message, x_wrap),
        ]
        height = min(409, 15 * lines)  # Excel's highest row
        rows.append(f'<row r="{r}" ht="{height}" customHeight="1">' + "".join(cells) + "</row>")
    if not report.findings:
        rows.append(f'<row r="5">{text("H5", "Không có lỗi." if lang != "en" else "Nothing to fix.", x_wrap)}</row>')
    last = 4 + max(1, len(order))
    cols = "".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>' for c, w in enumerate(_WIDTHS, start=1))
    hyperlinks = f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else ""
    return (
        f'{DECL}<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:H{last}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A5" sqref="A5"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
        f"<sheetData>{''.join(rows)}</sheetData>{hyperlinks}"
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "</worksheet>"
    )
