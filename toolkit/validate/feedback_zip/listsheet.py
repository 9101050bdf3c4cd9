"""The new worksheet listing the findings: title, note, colour legend, header row, one bordered
row a finding with a hyperlink to its cell, written with inline strings (never formulas) and its
own cell formats in the form's font. What it shows comes from :mod:`..feedback_list`, which the
openpyxl writer draws too.
"""

from __future__ import annotations

from ...a1 import col_letter
from ...records import FileReport
from ...safe_text import as_text_cell
from .. import feedback_list as FL
from .styles import Styles
from .xmltext import DECL, NS_MAIN, NS_REL, esc, esc_attr


def list_xml(report: FileReport, lang: str, styles: Styles, linkable: set[str], title: str) -> str:
    """The worksheet listing the findings (inline strings, never formulas)."""
    name = f'<name val="{FL.FONT}"/><family val="1"/>'
    f_title = styles.font(f'<b/><sz val="13"/>{name}')
    f_note = styles.font(f'<i/><sz val="{FL.SIZE}"/>{name}')
    f_bold = styles.font(f'<b/><sz val="{FL.SIZE}"/>{name}')
    f_body = styles.font(f'<sz val="{FL.SIZE}"/>{name}')
    f_link = styles.font(f'<u/><sz val="{FL.SIZE}"/><color rgb="FF0563C1"/>{name}')
    box = styles.border()
    base = '<xf numFmtId="0" fontId="{}" fillId="{}" borderId="{}" xfId="0" applyFont="1"{}>{}</xf>'

    def xf(font: int, fill: int = 0, border: int = 0, align: str = "", extra: str = "") -> int:
        flags = (' applyFill="1"' if fill else "") + (' applyBorder="1"' if border else "")
        flags += ' applyAlignment="1"' if align else ""
        return styles.xf(base.format(font, fill, border, flags + extra, f"<alignment {align}/>" if align else ""))

    x_title = xf(f_title, align='vertical="center" wrapText="1"')
    x_note = xf(f_note, align='vertical="center" wrapText="1"')
    x_head = xf(f_bold, styles.fill(FL.HEAD_FILL), box, 'horizontal="center" vertical="center" wrapText="1"')
    x_body = xf(f_body, 0, box, 'vertical="top"')
    x_wrap = xf(f_body, 0, box, 'vertical="top" wrapText="1"')
    x_link = xf(f_link, 0, box, 'vertical="top"')
    x_sev = {
        True: xf(f_body, styles.fill(FL.ERROR_FILL), box, 'vertical="top"'),
        False: xf(f_body, styles.fill(FL.WARNING_FILL), box, 'vertical="top"'),
    }
    x_swatch = {
        rgb: xf(f_body, styles.fill(rgb), box, 'horizontal="center" vertical="center"') for _, _, rgb in FL.legend(lang)
    }

    def text(ref: str, value: object, s: int) -> str:
        t = as_text_cell(value)
        if not t:
            return f'<c r="{ref}" s="{s}"/>'
        return f'<c r="{ref}" s="{s}" t="inlineStr"><is><t xml:space="preserve">{esc(t)}</t></is></c>'

    last = col_letter(len(FL.COLUMNS))
    head_text = FL.title(report, lang)
    note = FL.note(lang)
    legend = "".join(text(f"{col_letter(c)}3", t, x_swatch[rgb]) for c, t, rgb in FL.legend(lang))
    rows = [
        f'<row r="1" ht="{FL.banner_height(head_text, 13, True)}" customHeight="1">{text("A1", head_text, x_title)}</row>',
        f'<row r="2" ht="{FL.banner_height(note, FL.SIZE)}" customHeight="1">{text("A2", note, x_note)}</row>',
        f'<row r="3">{legend}</row>',
        f'<row r="{FL.HEADER_ROW}" ht="{FL.header_height(lang)}" customHeight="1">'
        + "".join(text(f"{col_letter(c)}{FL.HEADER_ROW}", h, x_head) for c, h in enumerate(FL.HEAD[lang], start=1))
        + "</row>",
    ]
    links = []
    found = FL.list_rows(report, lang, linkable)
    for lr in found:
        r = lr.row
        cells = []
        for key in FL.COLUMNS:
            ref = f"{col_letter(FL.COL[key])}{r}"
            if key == "no":
                cells.append(f'<c r="{ref}" s="{x_body}"><v>{lr.no}</v></c>')
            elif key == "severity":
                cells.append(text(ref, lr.severity, x_sev[lr.is_error]))
            elif key == "cell":
                cells.append(text(ref, lr.cell, x_link if lr.link else x_body))
                if lr.link:
                    links.append(
                        f'<hyperlink ref="{ref}" location="{esc_attr(lr.link)}" display="{esc_attr(lr.cell)}"/>'
                    )
            else:
                cells.append(text(ref, lr.text(key), x_wrap if key in FL.WRAPPED else x_body))
        rows.append(f'<row r="{r}" ht="{lr.height}" customHeight="1">' + "".join(cells) + "</row>")
    if not found:
        ref = f"{col_letter(FL.COL['message'])}{FL.FIRST_ROW}"
        rows.append(f'<row r="{FL.FIRST_ROW}">{text(ref, FL.nothing(lang), x_wrap)}</row>')
    last_row = FL.HEADER_ROW + max(1, len(found))
    cols = "".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>' for c, w in enumerate(FL.WIDTHS, start=1))
    hyperlinks = f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else ""
    m = FL.MARGINS_IN
    footer = esc(FL.footer(title))
    return (
        f'{DECL}<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{last}{last_row}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        f'<pane ySplit="{FL.HEADER_ROW}" topLeftCell="A{FL.FIRST_ROW}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{FL.FIRST_ROW}" sqref="A{FL.FIRST_ROW}"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15.75"/><cols>{cols}</cols>'
        f"<sheetData>{''.join(rows)}</sheetData>"
        f'<mergeCells count="2"><mergeCell ref="A1:{last}1"/><mergeCell ref="A2:{last}2"/></mergeCells>'
        f"{hyperlinks}"
        f'<pageMargins left="{m["left"]}" right="{m["right"]}" top="{m["top"]}" bottom="{m["bottom"]}"'
        f' header="{FL.HEADER_FOOTER_IN}" footer="{FL.HEADER_FOOTER_IN}"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        f"<headerFooter><oddFooter>{footer}</oddFooter></headerFooter>"
        "</worksheet>"
    )
