"""The draft as a Word document in the layout of Nghị định 30/2020/NĐ-CP (python-docx).

A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt
(13 pt in the header block), with the East Asian and complex-script font attributes set
at every level so that Word does not substitute a font for Vietnamese letters; the header
block as a borderless two-column table (authority and number left, quốc hiệu and tiêu ngữ
right, place and date in italics); page numbers centred at the top from page 2; the
closing block (Nơi nhận; TM. ...; the signer); the trail as an appendix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..numbers import fmt
from .model import FIGURE, GAP, SOURCE, STATE_VI, WHAT_VI, Draft, Run

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
PAGE = {"width": 210, "height": 297, "top": 20, "bottom": 20, "left": 30, "right": 15}  # mm
TEXT_WIDTH = PAGE["width"] - PAGE["left"] - PAGE["right"]  # 165 mm


def _fonts(rpr: Any, size: float | None = None) -> None:
    """Times New Roman for every script (ascii, hAnsi, eastAsia, cs), no theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def _setup(doc: Any) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    sec.top_margin, sec.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    sec.left_margin, sec.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    sec.header_distance, sec.footer_distance = Mm(10), Mm(10)
    # the document defaults (theme fonts in python-docx's template) and the Normal style
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _fonts(rpr, BODY_PT)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _fonts(normal.element.get_or_add_rPr(), BODY_PT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(6), 1.0
    # page numbers: centred at the top, from the second page
    sec.different_first_page_header_footer = True
    p = sec.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(p, "PAGE")


def _field(paragraph: Any, code: str) -> None:
    run = paragraph.add_run()
    _fonts(run._r.get_or_add_rPr(), BODY_PT)
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _run(paragraph: Any, text: str, *, size: float | None = None, bold: bool = False, italic: bool = False) -> Any:
    r = paragraph.add_run(text)
    r.bold = bold or None
    r.italic = italic or None
    r.font.name = FONT
    if size:
        r.font.size = Pt(size)
    _fonts(r._r.get_or_add_rPr(), size)
    return r


def _para(container: Any, *, align: Any = None, indent: bool = False, after: float = 6, before: float = 0) -> Any:
    p = container.add_paragraph()
    pf = p.paragraph_format
    pf.space_after, pf.space_before = Pt(after), Pt(before)
    if align is not None:
        p.alignment = align
    if indent:
        pf.first_line_indent = Mm(10)
    return p


def _rule(container: Any, width_mm: float, cell_mm: float) -> None:
    """The short line under a name (a bottom border on an empty, indented paragraph)."""
    p = _para(container, after=0)
    side = max(0.0, (cell_mm - width_mm) / 2)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    _run(p, "", size=2)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)
    sz = OxmlElement("w:spacing")
    sz.set(qn("w:after"), "0")
    sz.set(qn("w:line"), "40")
    sz.set(qn("w:lineRule"), "exact")
    ppr.append(sz)


def _borderless(table: Any) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _widths(table: Any, widths_mm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(w)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(w / 25.4 * 1440)))


def _cell_line(cell: Any, text: str, *, first: bool = False, **kw: Any) -> Any:
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    _run(p, text, **kw)
    return p


def _header(doc: Any, draft: Draft) -> None:
    h = draft.header
    left, right = 62.0, TEXT_WIDTH - 62.0 + 8
    t = doc.add_table(rows=2, cols=2)
    _borderless(t)
    _widths(t, [left, right])
    a, b = t.rows[0].cells
    _cell_line(a, h["authority"], first=True, size=HEADER_PT)
    if h.get("authority2"):
        _cell_line(a, h["authority2"], size=HEADER_PT, bold=True)
    _rule(a, 25, left)
    _cell_line(b, h["nation"], first=True, size=HEADER_PT, bold=True)
    _cell_line(b, h["motto"], size=BODY_PT, bold=True)
    _rule(b, 62, right)
    c, d = t.rows[1].cells
    p = _cell_line(c, h["number"], first=True, size=HEADER_PT)
    p.paragraph_format.space_before = Pt(6)
    p = _cell_line(d, h["date"], first=True, size=BODY_PT, italic=True)
    p.paragraph_format.space_before = Pt(6)


def _title(doc: Any, draft: Draft) -> None:
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=0)
    _run(p, draft.title[0], bold=True)
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _run(p, draft.title[1], bold=True)
    _rule(doc, 40, TEXT_WIDTH)
    _para(doc, after=6)


def _runs(p: Any, runs: list[Run], changed: set[int]) -> None:
    for r in runs:
        if r.kind == GAP:
            x = _run(p, r.text, bold=True)
            x.font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif r.kind == SOURCE:
            _run(p, r.text, bold=True, italic=True)
        elif r.kind == FIGURE and r.ref in changed:
            x = _run(p, r.text)
            x.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN
        else:
            _run(p, r.text)


def _body(doc: Any, draft: Draft) -> None:
    changed_keys = {c.key for c in draft.changes if c.before and c.after}
    changed = {f.id for f in draft.figures if f.key in changed_keys}
    for b in draft.blocks:
        if b.kind in ("part", "section"):
            p = _para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, before=6 if b.kind == "part" else 0)
            for r in b.runs:
                _run(p, r.text, bold=True)
            continue
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
        if b.kind == "text":
            p.paragraph_format.left_indent = Mm(0)
        _runs(p, b.runs, changed)


def _closing(doc: Any, draft: Draft) -> None:
    c = draft.closing
    t = doc.add_table(rows=1, cols=2)
    _borderless(t)
    _widths(t, [85.0, TEXT_WIDTH - 85.0])
    a, b = t.rows[0].cells
    p = a.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    _run(p, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in c.get("recipients", []):
        q = a.add_paragraph()
        q.paragraph_format.space_after = Pt(0)
        _run(q, f"- {line}", size=11)
    _cell_line(b, c.get("on_behalf", ""), first=True, size=BODY_PT, bold=True)
    _cell_line(b, c.get("signer_title", ""), size=BODY_PT, bold=True)
    for _ in range(4):
        _cell_line(b, "", size=BODY_PT)
    _cell_line(b, c.get("signer", "") or "", size=BODY_PT, bold=True)


def _grid(doc: Any, head: list[str], rows: list[list[str]], widths: list[float], size: float = 10) -> None:
    t = doc.add_table(rows=1, cols=len(head))
    t.style = doc.styles["Table Grid"]
    for cell, text in zip(t.rows[0].cells, head, strict=True):
        _cell_line(cell, text, first=True, size=size, bold=True)
    for row in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            _run(p, text, size=size)
    _widths(t, widths)
    # the heading row repeats on every page
    trpr = t.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _appendix(doc: Any, draft: Draft) -> None:
    p = _para(doc)
    p.add_run().add_break(WD_BREAK.PAGE)
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _run(p, "PHỤ LỤC", bold=True)
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(p, "Nguồn của các số liệu trong báo cáo", bold=True)
    master = Path(draft.master_path).name if draft.master_path else "(chưa ghi bảng tổng hợp)"
    p = _para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _run(
        p,
        f"Mỗi số liệu của báo cáo lấy từ bảng tổng hợp {master}; cột «Ô» là ô của số liệu trên trang tính "
        "ghi trong cột «Trang». Các đơn vị có số liệu góp vào từng số được ghi theo mã; tệp và phiên bản "
        "của từng đơn vị ở bảng 2.",
        size=12,
        italic=True,
    )
    if draft.changes:
        p = _para(doc, before=6)
        _run(p, f"Số liệu thay đổi so với bản dự thảo trước ({draft.previous_at})", size=12, bold=True)
        rows = [[c.name, c.key.split("/")[1], c.before or "(chưa có)", c.after or "(không còn)"] for c in draft.changes]
        _grid(doc, ["Chỉ tiêu", "Số liệu", "Bản trước", "Bản này"], rows, [70, 25, 35, 35])
    p = _para(doc, before=6)
    _run(p, "1. Số liệu và ô trong bảng tổng hợp", size=12, bold=True)
    rows = [
        [
            str(f.id),
            f.text,
            f"{f.name} ({f.indicator})",
            WHAT_VI.get(f.what, f.what),
            f.sheet,
            f.cell,
            ", ".join(f.units),
        ]
        for f in draft.figures
    ]
    _grid(doc, ["TT", "Số liệu", "Chỉ tiêu", "Loại", "Trang", "Ô", "Đơn vị"], rows, [9, 24, 60, 18, 16, 12, 26], 9)
    p = _para(doc, before=6)
    _run(p, "2. Báo cáo của các đơn vị", size=12, bold=True)
    rows = [
        [
            s.unit,
            s.name,
            STATE_VI.get(s.state, s.state) + (" — gửi muộn" if s.late else ""),
            s.file,
            fmt(s.version) if s.version is not None else "",
            s.received_at,
            s.sha256[:12],
        ]
        for s in draft.sources
    ]
    _grid(
        doc,
        ["Mã", "Đơn vị", "Tình trạng", "Tệp", "Phiên bản", "Nhận lúc", "SHA-256"],
        rows,
        [12, 36, 26, 36, 14, 22, 19],
        9,
    )


def write_docx(draft: Draft, path: Path, *, appendix: bool = True) -> Path:
    doc = Document()
    _setup(doc)
    _header(doc, draft)
    _title(doc, draft)
    _body(doc, draft)
    _closing(doc, draft)
    if appendix:
        _appendix(doc, draft)
    props = doc.core_properties
    props.title = f"{draft.title[0]} {draft.title[1]}"
    props.subject = draft.period
    props.author = draft.header.get("authority2") or draft.header.get("authority", "")
    props.comments = "Dự thảo do baocao lập từ bảng tổng hợp"
    props.language = "vi-VN"
    # the python-docx template starts with an empty paragraph: drop it (the header table is first)
    body = doc.element.body
    first = body[0]
    if first.tag == qn("w:p") and not first.xpath(".//w:t"):
        body.remove(first)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    doc.save(str(tmp))
    tmp.replace(path)
    return path
