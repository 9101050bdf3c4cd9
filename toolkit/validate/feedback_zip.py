"""The feedback copy written fast: the sender's package edited in place, part by part.

:func:`toolkit.validate.feedback.write_feedback` loads the workbook with openpyxl and saves it
again (40-60 ms a commune form). :func:`write_fast` writes the same annotated copy by editing
the OOXML package itself: every part of the original is copied unchanged (cached formula
results included) except

* ``workbook.xml`` (the new first sheet, ``localSheetId`` shifted, print titles, active tab),
  its relationships and ``[Content_Types].xml``;
* ``styles.xml``: the fills, fonts and cell formats appended (a flagged cell's format is cloned
  with the new fill, so its number format and lock stay);
* each flagged sheet: the cells' ``s`` attribute, ``<legacyDrawing>``, its relationships, plus
  a new comments part and VML drawing; ``tabSelected`` dropped from the other sheets;
* a new worksheet part for the list of findings, with inline strings (``sharedStrings.xml`` is
  untouched and text from the submission is never a formula).

Whenever the package is not in a shape this module knows (prefixed SpreadsheetML, a sheet
that already has comments, a cell without its address, a part in UTF-16...), it writes
nothing and returns None: the caller falls back to openpyxl. Every part it writes is parsed
again before the file is assembled, and the file appears only through ``os.replace``.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element
from xml.parsers import expat

from defusedxml import ElementTree as SafeET

from ..findings import Finding, Severity
from ..records import FileReport
from ..safe_text import as_text_cell
from .feedback import (
    _HEAD,
    _SEV,
    _WIDTHS,
    ERROR_FILL,
    FEEDBACK_SHEET,
    FEEDBACK_SHEET_EN,
    WARNING_FILL,
    _lines,
    _quote,
    _title,
)

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
T_DOC = NS_REL + "/officeDocument"
T_SHEET = NS_REL + "/worksheet"
T_STYLES = NS_REL + "/styles"
T_COMMENTS = NS_REL + "/comments"
T_VML = NS_REL + "/vmlDrawing"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
AUTHOR = "baocao"
MAX_PART = 50 * 1024 * 1024  # a part larger than this (uncompressed) is left to openpyxl

# worksheet children that come after <legacyDrawing> (ECMA-376 CT_Worksheet)
_AFTER_LEGACY = {"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                 "tableParts", "extLst"}
# workbook children that come after <definedNames> (CT_Workbook)
_AFTER_NAMES = {"calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
                "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"}

_TAG = re.compile(r"<(?:!--.*?-->|\?.*?\?>|!\[CDATA\[.*?\]\]>|(/)?([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)"
                  r"(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(/)?>)", re.S)
_ATTR = re.compile(r"\s([\w:.\-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(r"^([A-Z]{1,3})([1-9][0-9]{0,6})$")
_DECL_ENC = re.compile(r"^<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)[\"']")
_XFS = re.compile(r"<xf\b[^>]*?/>|<xf\b[^>]*?[^/]>.*?</xf>", re.S)


class _Unsupported(Exception):
    """The package is not in a shape this module handles: fall back to openpyxl."""


# --- small helpers -------------------------------------------------------------------------

def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _esc(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def _col_num(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _col_letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _split_ref(ref: str) -> tuple[int, int] | None:
    """(column, row) of an A1 address, or None when it is not a single cell inside the sheet."""
    m = _REF.match(ref.replace("$", "").upper())
    if not m:
        return None
    col, row = _col_num(m.group(1)), int(m.group(2))
    if col > 16384 or row > 1048576:
        return None
    return col, row


def _attrs(tag: str) -> dict[str, str]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(tag)}


def _set_attr(tag: str, name: str, value: str) -> str:
    """A start tag with attribute ``name`` set (replaced, or added after the element name)."""
    pat = re.compile(r"(\s" + re.escape(name) + r"\s*=\s*)(\"[^\"]*\"|'[^']*')")
    if pat.search(tag):
        return pat.sub(lambda m: f'{m.group(1)}"{value}"', tag, count=1)
    m = re.match(r"<[\w:.\-]+", tag)
    if not m:
        raise _Unsupported("tag")
    return f'{tag[:m.end()]} {name}="{value}"{tag[m.end():]}'


def _drop_attr(tag: str, name: str) -> str:
    return re.sub(r"\s" + re.escape(name) + r"\s*=\s*(?:\"[^\"]*\"|'[^']*')", "", tag)


def _children(xml: str, start: int, parent: str) -> list[tuple[str, int, int]]:
    """The children of the element whose content starts at ``start``: (name, start, end) each,
    up to the element's end tag. A child's content is skipped to its end tag without reading it
    (the children of a worksheet or a workbook never nest an element of their own name)."""
    out: list[tuple[str, int, int]] = []
    pos = start
    while True:
        m = _TAG.search(xml, pos)
        if m is None:
            raise _Unsupported("unbalanced")
        pos = m.end()
        tag = m.group(2)
        if tag is None:
            continue
        if m.group(1):  # the parent's end tag, or a child nesting its own name: not handled
            if tag != parent:
                raise _Unsupported("nested element")
            return out
        if not m.group(3):
            close = f"</{tag}>"
            end = xml.find(close, pos)
            if end < 0:
                raise _Unsupported("unbalanced")
            pos = end + len(close)
        out.append((tag, m.start(), pos))


def _root(xml: str, local: str) -> re.Match[str]:
    """The root start tag, which must be ``local`` in SpreadsheetML's default namespace."""
    m = re.search(r"<" + local + r"\b(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*>", xml)
    if m is None or _attrs(m.group(0)).get("xmlns") != NS_MAIN:
        raise _Unsupported(f"root {local}")
    return m


def _rel_prefix(root_tag: str) -> str | None:
    for k, v in _attrs(root_tag).items():
        if k.startswith("xmlns:") and v == NS_REL:
            return k[6:]
    return None


def _check_xml(data: bytes) -> None:
    """Raise when ``data`` is not well-formed XML (the parts this module writes)."""
    p = expat.ParserCreate()
    p.Parse(data, True)


# --- the package ---------------------------------------------------------------------------

class _Package:
    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.infos = zf.infolist()
        self.names = {i.filename for i in self.infos}
        lower = {n.lower() for n in self.names}
        if len(lower) != len(self.infos):
            raise _Unsupported("duplicate part names")
        self.lower = lower
        self.out: dict[str, str] = {}  # part name -> new text (edited or new)

    def has(self, name: str) -> bool:
        return name.lower() in self.lower or name in self.out

    def text(self, name: str) -> str:
        if name in self.out:
            return self.out[name]
        if name not in self.names:
            raise _Unsupported(f"missing {name}")
        info = self.zf.getinfo(name)
        if info.file_size > MAX_PART:
            raise _Unsupported("large part")
        data = self.zf.read(name)
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        text = data.decode("utf-8")
        m = _DECL_ENC.match(text)
        if m and m.group(1).lower() not in ("utf-8", "utf8"):
            raise _Unsupported("encoding")
        if "<!DOCTYPE" in text or "<!ENTITY" in text:
            raise _Unsupported("dtd")
        return text

    def tree(self, name: str) -> Element:
        return SafeET.fromstring(self.text(name).encode("utf-8"))

    def put(self, name: str, text: str) -> None:
        self.out[name] = text

    def fresh(self, pattern: str) -> str:
        """A part name not used yet, ``pattern`` holding ``{}`` for a number."""
        n = 1
        while self.has(pattern.format(n)):
            n += 1
        return pattern.format(n)


def _rels_name(part: str) -> str:
    d, f = posixpath.split(part)
    return posixpath.join(d, "_rels", f + ".rels")


def _resolve(base_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _rels(pkg: _Package, part: str) -> list[tuple[str, str, str, str]]:
    """(Id, Type, resolved target, TargetMode) of a part's relationships."""
    name = _rels_name(part)
    if not pkg.has(name):
        return []
    root = pkg.tree(name)
    out = []
    for r in root.iter(f"{{{NS_PKG_REL}}}Relationship"):
        mode = r.get("TargetMode", "Internal")
        target = r.get("Target", "")
        out.append((r.get("Id", ""), r.get("Type", ""), target if mode == "External" else _resolve(part, target), mode))
    return out


def _new_rid(used: set[str]) -> str:
    n = len(used) + 1
    while f"rId{n}" in used:
        n += 1
    used.add(f"rId{n}")
    return f"rId{n}"


def _add_rels(pkg: _Package, part: str, rels: list[tuple[str, str, str]]) -> None:
    """Append relationships (Id, Type, Target relative to ``part``) to ``part``'s .rels."""
    name = _rels_name(part)
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{_attr(g)}"/>' for i, t, g in rels)
    if pkg.has(name):
        xml = pkg.text(name)
        end = xml.rfind("</Relationships>")
        if end < 0:
            raise _Unsupported("rels")
        pkg.put(name, xml[:end] + body + xml[end:])
    else:
        pkg.put(name, f'{DECL}<Relationships xmlns="{NS_PKG_REL}">{body}</Relationships>')


def _relative(from_part: str, to_part: str) -> str:
    return posixpath.relpath(to_part, posixpath.dirname(from_part) or ".")


# --- styles --------------------------------------------------------------------------------

class _Styles:
    """styles.xml with fonts, fills and cell formats appended."""

    def __init__(self, xml: str) -> None:
        _root(xml, "styleSheet")
        self.xml = xml
        self.fonts = self._count("fonts", "font")
        self.fills = self._count("fills", "fill")
        body = self._body("cellXfs")
        self.xfs: list[str] = _XFS.findall(body)
        if not self.xfs or len(self.xfs) != len(re.findall(r"<xf\b", body)):
            raise _Unsupported("cellXfs")
        if self._count("borders", "border") < 1 or self._count("cellStyleXfs", "xf") < 1:
            raise _Unsupported("styles")
        self.new_fonts: list[str] = []
        self.new_fills: list[str] = []
        self.new_xfs: list[str] = []
        self._fill_ids: dict[str, int] = {}
        self._clones: dict[tuple[int, int], int] = {}

    def _body(self, section: str) -> str:
        m = re.search(r"<" + section + r"\b[^>]*?(?<!/)>(.*?)</" + section + ">", self.xml, re.S)
        if m is None:
            raise _Unsupported(section)
        return m.group(1)

    def _count(self, section: str, item: str) -> int:
        return len(re.findall(r"<" + item + r"\b", self._body(section)))

    def font(self, inner: str) -> int:
        self.new_fonts.append(f"<font>{inner}</font>")
        return self.fonts + len(self.new_fonts) - 1

    def fill(self, rgb: str) -> int:
        if rgb not in self._fill_ids:
            self.new_fills.append(f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
                                  f'<bgColor rgb="FF{rgb}"/></patternFill></fill>')
            self._fill_ids[rgb] = self.fills + len(self.new_fills) - 1
        return self._fill_ids[rgb]

    def xf(self, xml: str) -> int:
        self.new_xfs.append(xml)
        return len(self.xfs) + len(self.new_xfs) - 1

    def filled(self, style: int, rgb: str) -> int:
        """A cell format like ``style`` (number format, font, border, lock kept) with a solid fill."""
        if not 0 <= style < len(self.xfs):
            style = 0
        fill = self.fill(rgb)
        key = (style, fill)
        if key not in self._clones:
            src = self.xfs[style]
            m = re.match(r"<xf\b[^>]*?/?>", src)
            if m is None:
                raise _Unsupported("xf")
            tag = _set_attr(_set_attr(m.group(0), "fillId", str(fill)), "applyFill", "1")
            self._clones[key] = self.xf(tag + src[m.end():])
        return self._clones[key]

    def _append(self, xml: str, section: str, items: list[str], total: int) -> str:
        if not items:
            return xml
        m = re.search(r"<" + section + r"\b[^>]*?(?<!/)>", xml)
        end = xml.find(f"</{section}>", m.end()) if m else -1
        if m is None or end < 0:
            raise _Unsupported(section)
        start = _set_attr(m.group(0), "count", str(total))
        return xml[:m.start()] + start + xml[m.end():end] + "".join(items) + xml[end:]

    def result(self) -> str:
        xml = self._append(self.xml, "fonts", self.new_fonts, self.fonts + len(self.new_fonts))
        xml = self._append(xml, "fills", self.new_fills, self.fills + len(self.new_fills))
        return self._append(xml, "cellXfs", self.new_xfs, len(self.xfs) + len(self.new_xfs))


# --- a flagged sheet -----------------------------------------------------------------------

def _cell_text(items: list[Finding], lang: str) -> str:
    text = "\n".join(f"[{_SEV[lang][f.severity.value]}] {f.message(lang)}" for f in items)
    return as_text_cell(text[:30000])


def _find_tag(xml: str, element: str, ref: str, lo: int, hi: int) -> re.Match[str] | None:
    pat = re.compile(r"<" + element + r"\b[^>]*?\sr\s*=\s*[\"']" + re.escape(ref) + r"[\"'][^>]*?/?>")
    return pat.search(xml, lo, hi)


def _default_style(xml: str, row_tag: str | None, col: int) -> int:
    """The format a new cell takes: its row's when the row has one, else its column's."""
    if row_tag:
        a = _attrs(row_tag)
        if a.get("customFormat") in ("1", "true") and a.get("s", "").isdigit():
            return int(a["s"])
    for m in re.finditer(r"<col\b[^>]*>", xml[:xml.find("<sheetData")]):
        a = _attrs(m.group(0))
        try:
            if int(a["min"]) <= col <= int(a["max"]):
                return int(a.get("style", "0"))
        except (KeyError, ValueError):
            raise _Unsupported("col") from None
    return 0


def _style_cell(xml: str, ref: str, col: int, row: int, restyle: Callable[[int], int]) -> str:
    """``xml`` with cell ``ref``'s format replaced by ``restyle(old)``; the cell (and its row)
    inserted in order when the sheet does not have it."""
    m = re.search(r"<sheetData\b[^>]*?(/?)>", xml)
    if m is None:
        raise _Unsupported("sheetData")
    if m.group(1):
        xml = xml[:m.start()] + m.group(0)[:-2].rstrip() + "></sheetData>" + xml[m.end():]
        m = re.search(r"<sheetData\b[^>]*?>", xml)
        assert m is not None
    lo, hi = m.end(), xml.find("</sheetData>", m.end())
    if hi < 0:
        raise _Unsupported("sheetData")
    c = _find_tag(xml, "c", ref, lo, hi)
    if c is not None:
        s = _attrs(c.group(0)).get("s", "0")
        tag = _set_attr(c.group(0), "s", str(restyle(int(s) if s.isdigit() else 0)))
        return xml[:c.start()] + tag + xml[c.end():]
    r = _find_tag(xml, "row", str(row), lo, hi)
    if r is None:  # a new row, before the first row below it
        cell = f'<c r="{ref}" s="{restyle(_default_style(xml, None, col))}"/>'
        rows = list(re.finditer(r"<row\b[^>]*?\sr\s*=\s*[\"'](\d+)[\"']", xml[lo:hi]))
        if len(rows) != xml.count("<row", lo, hi):
            raise _Unsupported("row without r")
        at = next((lo + x.start() for x in rows if int(x.group(1)) > row), hi)
        return xml[:at] + f'<row r="{row}">{cell}</row>' + xml[at:]
    tag = r.group(0)
    cell = f'<c r="{ref}" s="{restyle(_default_style(xml, tag, col))}"/>'
    spans = _attrs(tag).get("spans")
    if spans:
        try:
            a, b = (int(x) for x in spans.split(":"))
            tag = _set_attr(tag, "spans", f"{min(a, col)}:{max(b, col)}")
        except ValueError:
            tag = _drop_attr(tag, "spans")
    if tag.endswith("/>"):
        new = tag[:-2].rstrip() + ">" + cell + "</row>"
        return xml[:r.start()] + new + xml[r.end():]
    end = xml.find("</row>", r.end(), hi)
    if end < 0:
        raise _Unsupported("row")
    cells = list(re.finditer(r"<c\b[^>]*?\sr\s*=\s*[\"']([A-Z]+)\d+[\"']", xml[r.end():end]))
    if len(cells) != len(re.findall(r"<c\b", xml[r.end():end])):
        raise _Unsupported("cell without r")
    at = next((r.end() + x.start() for x in cells if _col_num(x.group(1)) > col), end)
    return xml[:r.start()] + tag + xml[r.end():at] + cell + xml[at:]


def _merged(xml: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges (first column, first row, last column, last row)."""
    out = []
    for m in re.finditer(r"<mergeCell\b[^>]*>", xml):
        a, _, b = _attrs(m.group(0)).get("ref", "").partition(":")
        p, q = _split_ref(a), _split_ref(b or a)
        if p is None or q is None:
            raise _Unsupported("mergeCell")
        out.append((p[0], p[1], q[0], q[1]))
    return out


def _inside_merge(col: int, row: int, ranges: list[tuple[int, int, int, int]]) -> bool:
    """Whether the cell is in a merged range but not its first cell (openpyxl's MergedCell: it
    fills such a cell but cannot comment it)."""
    return any(c1 <= col <= c2 and r1 <= row <= r2 and (col, row) != (c1, r1) for c1, r1, c2, r2 in ranges)


def _comments_xml(notes: list[tuple[str, str]]) -> str:
    items = "".join(f'<comment ref="{ref}" authorId="0"><text><t xml:space="preserve">{_esc(text)}</t></text></comment>'
                    for ref, text in notes)
    return f'{DECL}<comments xmlns="{NS_MAIN}"><authors><author>{AUTHOR}</author></authors>' \
           f"<commentList>{items}</commentList></comments>"


def _vml_xml(notes: list[tuple[int, int, str, int]], block: int) -> str:
    """Legacy VML shapes of the comments (Excel draws notes from these); ``notes`` holds
    (column, row, text, item count) with 1-based column and row."""
    shapes = []
    for n, (col, row, text, count) in enumerate(notes, start=1):
        height = min(600, 60 + 18 * (len(text) // 60 + count))
        top = max(0, row - 2)
        anchor = f"{col}, 15, {top}, 10, {col + 6}, 36, {top + height // 20}, {height % 20}"
        shapes.append(
            f'<v:shape id="_x0000_s{block * 1024 + n}" type="#_x0000_t202" style="position:absolute;'
            f"margin-left:59.25pt;margin-top:1.5pt;width:420px;height:{height}px;z-index:{n};visibility:hidden\""
            ' fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
            '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
            '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>"
            f"<x:Row>{row - 1}</x:Row><x:Column>{col - 1}</x:Column></x:ClientData></v:shape>")
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
            ' xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>'
            '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
            '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
            + "".join(shapes) + "</xml>")


def _flag_sheet(pkg: _Package, part: str, cells: dict[tuple[str, str], list[Finding]], styles: _Styles,
                lang: str, block: int, ct: list[tuple[str, str]]) -> None:
    """Fill and comment the flagged cells of one worksheet part."""
    xml = pkg.text(part)
    root = _root(xml, "worksheet")
    tail = _children(xml, root.end(), "worksheet")
    names = {n for n, _, _ in tail}
    if "legacyDrawing" in names or any(":" in n for n in names) or "sheetData" not in names:
        raise _Unsupported("sheet shape")
    rels = _rels(pkg, part)
    if any(t == T_COMMENTS for _, t, _, _ in rels):
        raise _Unsupported("comments already")
    merged = _merged(xml)
    notes: list[tuple[str, str]] = []
    shapes: list[tuple[int, int, str, int]] = []
    places: dict[tuple[int, int], list[Finding]] = {}  # (row, column): one comment a cell, however written
    for (_, ref), items in cells.items():
        place = _split_ref(ref)
        if place is None:
            continue  # openpyxl cannot address it either
        places.setdefault((place[1], place[0]), []).extend(items)
    for (row, col), items in sorted(places.items()):
        ref = f"{_col_letters(col)}{row}"
        rgb = ERROR_FILL if any(f.is_error for f in items) else WARNING_FILL
        xml = _style_cell(xml, ref, col, row, lambda s, rgb=rgb: styles.filled(s, rgb))
        if _inside_merge(col, row, merged):
            continue
        text = _cell_text(items, lang)
        notes.append((ref, text))
        shapes.append((col, row, text, len(items)))
    if not notes:
        pkg.put(part, xml)
        return
    if len(notes) > 1000:
        raise _Unsupported("one shape-id block holds 1024 shapes")
    comments = pkg.fresh("xl/comments{}.xml")
    vml = pkg.fresh("xl/drawings/vmlDrawing{}.vml")
    pkg.put(comments, _comments_xml(notes))
    pkg.put(vml, _vml_xml(shapes, block))
    ct.append(("/" + comments, CT_COMMENTS))
    used = {i for i, _, _, _ in rels}
    rid_vml, rid_comments = _new_rid(used), _new_rid(used)
    _add_rels(pkg, part, [(rid_vml, T_VML, _relative(part, vml)), (rid_comments, T_COMMENTS, _relative(part, comments))])
    # the tail again: styling cells moved it
    root = _root(xml, "worksheet")
    tail = _children(xml, root.end(), "worksheet")
    at = next((s for n, s, _ in tail if n in _AFTER_LEGACY), None)
    if at is None:
        at = xml.rfind("</worksheet>")
    prefix = _rel_prefix(root.group(0))
    tag = f'<legacyDrawing {prefix}:id="{rid_vml}"/>' if prefix else \
        f'<legacyDrawing xmlns:r="{NS_REL}" r:id="{rid_vml}"/>'
    pkg.put(part, xml[:at] + tag + xml[at:])


# --- the list of findings ------------------------------------------------------------------

def _list_xml(report: FileReport, lang: str, styles: _Styles, linkable: set[str], title: str) -> str:
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
    x_sev = {sev: styles.xf(base.format(0, styles.fill(rgb), ' applyFill="1" applyAlignment="1"', top))
             for sev, rgb in (("e", ERROR_FILL), ("w", WARNING_FILL))}

    def text(ref: str, value: object, s: int) -> str:
        t = as_text_cell(value)
        if not t:
            return f'<c r="{ref}" s="{s}"/>'
        return f'<c r="{ref}" s="{s}" t="inlineStr"><is><t xml:space="preserve">{_esc(t)}</t></is></c>'

    if lang == "en":
        note = "Click a cell address to go to the cell. Cells with errors are red, warnings yellow, each with a comment."
    else:
        note = "Bấm vào địa chỉ ô để đến ô đó. Ô có lỗi tô đỏ, ô có cảnh báo tô vàng, kèm ghi chú giải thích."
    rows = [f'<row r="1">{text("A1", _title(report, lang), x_title)}</row>',
            f'<row r="2">{text("A2", note, x_note)}</row>',
            '<row r="4">' + "".join(text(f"{_col_letters(c)}4", h, x_head)
                                    for c, h in enumerate(_HEAD[lang], start=1)) + "</row>"]
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
            links.append(f'<hyperlink ref="E{r}" location="{_attr(as_text_cell(_quote(f.sheet) + "!" + (f.cell or "A1")))}"'
                         f' display="{_attr(as_text_cell(f.cell or f.sheet))}"/>')
            x_where = x_link
            if not f.cell:
                where = f.sheet
        cells = [f'<c r="A{r}" s="{x_body}"><v>{n}</v></c>', text(f"B{r}", f.code, x_body),
                 text(f"C{r}", _SEV[lang][f.severity.value], x_sev["e" if f.is_error else "w"]),
                 text(f"D{r}", f.sheet or "", x_body), text(f"E{r}", where, x_where),
                 text(f"F{r}", indicator, x_wrap), text(f"G{r}", f.value or "", x_body),
                 text(f"H{r}", message, x_wrap)]
        height = min(409, 15 * lines)  # Excel's highest row
        rows.append(f'<row r="{r}" ht="{height}" customHeight="1">' + "".join(cells) + "</row>")
    if not report.findings:
        rows.append(f'<row r="5">{text("H5", "Không có lỗi." if lang != "en" else "Nothing to fix.", x_wrap)}</row>')
    last = 4 + max(1, len(order))
    cols = "".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>' for c, w in enumerate(_WIDTHS, start=1))
    hyperlinks = f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else ""
    return (f'{DECL}<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="A1:H{last}"/>'
            '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
            '<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A5" sqref="A5"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
            f'<sheetData>{"".join(rows)}</sheetData>{hyperlinks}'
            '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            "</worksheet>")


# --- the workbook --------------------------------------------------------------------------

def _workbook_xml(xml: str, sheet_name: str, sheet_id: int, rid: str) -> str:
    """workbook.xml with the new sheet first, active and printed with row 4 repeated."""
    root = _root(xml, "workbook")
    prefix = _rel_prefix(root.group(0))
    kids = _children(xml, root.end(), "workbook")
    names = [n for n, _, _ in kids]
    if "sheets" not in names:
        raise _Unsupported("sheets")
    sheet = f'<sheet name="{_attr(sheet_name)}" sheetId="{sheet_id}" ' + \
        (f'{prefix}:id="{rid}"/>' if prefix else f'xmlns:r="{NS_REL}" r:id="{rid}"/>')
    titles = f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{_esc(_quote(sheet_name))}!$4:$4</definedName>'
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied from the end
    for name, s, e in kids:
        part = xml[s:e]
        if name == "bookViews":
            views = re.sub(r"<workbookView\b[^>]*?/?>",
                           lambda m: _drop_attr(_set_attr(m.group(0), "activeTab", "0"), "firstSheet"), part)
            edits.append((s, e, views))
        elif name == "sheets":
            m = re.match(r"<sheets\b[^>]*?(/?)>", part)
            if m is None or m.group(1):
                raise _Unsupported("sheets")
            edits.append((s, e, part[:m.end()] + sheet + part[m.end():]))
        elif name == "definedNames":
            shifted = re.sub(r"<definedName\b[^>]*>", lambda m: re.sub(
                r"(\slocalSheetId\s*=\s*[\"'])(\d+)([\"'])",
                lambda a: f"{a.group(1)}{int(a.group(2)) + 1}{a.group(3)}", m.group(0)), part)
            m = re.match(r"<definedNames\b[^>]*?(/?)>", shifted)
            if m is None:
                raise _Unsupported("definedNames")
            if m.group(1):
                shifted = shifted[:m.end() - 2].rstrip() + ">" + titles + "</definedNames>"
            else:
                shifted = shifted[:m.end()] + titles + shifted[m.end():]
            edits.append((s, e, shifted))
    if "bookViews" not in names:
        at = next(s for n, s, _ in kids if n == "sheets")
        edits.append((at, at, '<bookViews><workbookView activeTab="0"/></bookViews>'))
    if "definedNames" not in names:
        at = next((s for n, s, _ in kids if n in _AFTER_NAMES), None)
        if at is None:
            at = xml.rfind("</")
        edits.append((at, at, f"<definedNames>{titles}</definedNames>"))
    for s, e, new in sorted(edits, key=lambda x: x[0], reverse=True):
        xml = xml[:s] + new + xml[e:]
    return xml


def _deselect(xml: str) -> str:
    return re.sub(r"<sheetView\b[^>]*?/?>", lambda m: _drop_attr(m.group(0), "tabSelected"), xml)


def _content_types(xml: str, overrides: list[tuple[str, str]], vml: bool) -> str:
    root = SafeET.fromstring(xml.encode("utf-8"))
    if root.tag != f"{{{NS_CT}}}Types":
        raise _Unsupported("content types")
    have = {(d.get("Extension") or "").lower() for d in root.iter(f"{{{NS_CT}}}Default")}
    parts = {(o.get("PartName") or "").lower() for o in root.iter(f"{{{NS_CT}}}Override")}
    if any(p.lower() in parts for p, _ in overrides):
        raise _Unsupported("stale override")
    add = "".join(f'<Override PartName="{_attr(p)}" ContentType="{t}"/>' for p, t in overrides)
    if vml and "vml" not in have:
        add = f'<Default Extension="vml" ContentType="{CT_VML}"/>' + add
    end = xml.rfind("</Types>")
    if end < 0:
        raise _Unsupported("content types")
    return xml[:end] + add + xml[end:]


def _last_vml_block(pkg: _Package) -> int:
    """The highest shape-id block (``<o:idmap data>``) the package's VML drawings use."""
    last = 0
    for name in pkg.names:
        if name.lower().endswith(".vml"):
            data = pkg.zf.read(name)  # Excel's VML is not always XML: only the ids are read
            for m in re.finditer(rb"<o:idmap\b[^>]*?\sdata\s*=\s*[\"']([\d,\s]*)[\"']", data):
                last = max([last, *(int(x) for x in re.findall(rb"\d+", m.group(1)))])
            last = max(last, 1)
    return last


def _build(pkg: _Package, report: FileReport, lang: str) -> None:
    """Every edited and new part into ``pkg.out``; raises :class:`_Unsupported`."""
    doc = [t for _, ty, t, mode in _rels(pkg, "") if ty == T_DOC and mode != "External"]
    if len(doc) != 1:
        raise _Unsupported("officeDocument")
    wb_part = doc[0]
    wb_xml = pkg.text(wb_part)
    wb = SafeET.fromstring(wb_xml.encode("utf-8"))
    if wb.tag != f"{{{NS_MAIN}}}workbook":
        raise _Unsupported("workbook")
    wb_rels = _rels(pkg, wb_part)
    by_id = {i: (t, g) for i, t, g, _ in wb_rels}
    sheets: list[tuple[str, str, str]] = []  # name, type, part
    ids: list[int] = []
    for s in wb.iter(f"{{{NS_MAIN}}}sheet"):
        rid = s.get(f"{{{NS_REL}}}id", "")
        if rid not in by_id:
            raise _Unsupported("sheet without part")
        sheets.append((s.get("name", ""), *by_id[rid]))
        ids.append(int(s.get("sheetId", "0")))
    worksheets = {name: part for name, t, part in sheets if t == T_SHEET}
    if not worksheets:
        raise _Unsupported("no worksheet")
    styles_parts = [g for _, t, g, _ in wb_rels if t == T_STYLES]
    if len(styles_parts) != 1:
        raise _Unsupported("styles")
    styles = _Styles(pkg.text(styles_parts[0]))

    by_sheet: dict[str, dict[tuple[str, str], list[Finding]]] = {}
    for f in report.findings:
        if f.sheet in worksheets and f.cell:
            by_sheet.setdefault(f.sheet, {}).setdefault((f.sheet, f.cell), []).append(f)
    ct: list[tuple[str, str]] = []
    block = _last_vml_block(pkg)
    for sheet, cells in by_sheet.items():
        block += 1
        _flag_sheet(pkg, worksheets[sheet], cells, styles, lang, block, ct)

    base = FEEDBACK_SHEET if lang != "en" else FEEDBACK_SHEET_EN
    taken = {name.casefold() for name, _, _ in sheets}
    title, n = base, 2
    while title.casefold() in taken:
        title, n = f"{base} ({n})", n + 1
    new_part = pkg.fresh(posixpath.join(posixpath.dirname(wb_part), "worksheets", "sheet{}.xml"))
    pkg.put(new_part, _list_xml(report, lang, styles, set(worksheets), title))
    ct.insert(0, ("/" + new_part, CT_SHEET))
    pkg.put(styles_parts[0], styles.result())
    for _, _t, part in sheets:
        if pkg.has(part):
            text = pkg.text(part)
            if "tabSelected" in text:
                pkg.put(part, _deselect(text))
    rid = _new_rid({i for i, _, _, _ in wb_rels})
    _add_rels(pkg, wb_part, [(rid, T_SHEET, _relative(wb_part, new_part))])
    pkg.put(wb_part, _workbook_xml(wb_xml, title, max(ids, default=0) + 1, rid))
    pkg.put("[Content_Types].xml", _content_types(pkg.text("[Content_Types].xml"), ct,
                                                  any(t == CT_COMMENTS for _, t in ct)))


_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LIMIT = 0xFFFFFFFF


def _dos(date_time: tuple[int, ...]) -> tuple[int, int]:
    y, mo, d, h, mi, s = date_time
    if y < 1980:
        y, mo, d, h, mi, s = 1980, 1, 1, 0, 0, 0
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


def _raw(fh: BinaryIO, info: zipfile.ZipInfo) -> bytes:
    """An entry's data as stored (still compressed), read from its local header on."""
    fh.seek(info.header_offset)
    head = fh.read(_LOCAL.size)
    if len(head) != _LOCAL.size or head[:4] != b"PK\x03\x04":
        raise _Unsupported("local header")
    fields = _LOCAL.unpack(head)
    fh.seek(info.header_offset + _LOCAL.size + fields[10] + fields[11])
    data = fh.read(info.compress_size)
    if len(data) != info.compress_size:
        raise _Unsupported("truncated entry")
    return data


def _write(pkg: _Package, src: Path, tmp: Path) -> None:
    """The new package: unchanged entries copied as stored (no recompression), edited and new
    parts deflated; every written part parsed again first."""
    blobs = {name: text.encode("utf-8") for name, text in pkg.out.items()}
    for blob in blobs.values():
        _check_xml(blob)
    central: list[bytes] = []
    offset = 0
    with open(src, "rb") as fh, open(tmp, "wb") as out:
        def put(name: str, method: int, date_time: tuple[int, ...], crc: int, data: bytes, size: int,
                attr: int) -> None:
            nonlocal offset
            raw_name = name.encode("utf-8")
            flags = 0x800 if not name.isascii() else 0
            t, d = _dos(date_time)
            if offset > _LIMIT or size > _LIMIT or len(data) > _LIMIT:
                raise _Unsupported("zip64")
            out.write(_LOCAL.pack(b"PK\x03\x04", 20, 0, flags, method, t, d, crc, len(data), size,
                                  len(raw_name), 0))
            out.write(raw_name)
            out.write(data)
            central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 0, 20, 0, flags, method, t, d, crc, len(data), size,
                                         len(raw_name), 0, 0, 0, 0, attr, offset) + raw_name)
            offset += _LOCAL.size + len(raw_name) + len(data)

        def deflate(name: str, blob: bytes, date_time: tuple[int, ...], attr: int) -> None:
            z = zlib.compressobj(6, zlib.DEFLATED, -15)
            put(name, zipfile.ZIP_DEFLATED, date_time, zlib.crc32(blob), z.compress(blob) + z.flush(), len(blob), attr)

        for info in pkg.infos:
            blob = blobs.pop(info.filename, None)
            if blob is not None:
                deflate(info.filename, blob, info.date_time, info.external_attr)
            elif info.flag_bits & 1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _Unsupported("encrypted or unusual compression")
            else:
                put(info.filename, info.compress_type, info.date_time, info.CRC, _raw(fh, info), info.file_size,
                    info.external_attr)
        for name, blob in blobs.items():
            deflate(name, blob, (1980, 1, 1, 0, 0, 0), 0o600 << 16)
        directory = b"".join(central)
        if len(central) > 0xFFFF or offset + len(directory) > _LIMIT:
            raise _Unsupported("zip64")
        out.write(directory)
        out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0))


def write_fast(report: FileReport, src: str | os.PathLike[str], out: str | os.PathLike[str],
               lang: str = "vi") -> Path | None:
    """Write the annotated copy of ``src`` to ``out`` by editing its package.

    Returns ``out``, or None (nothing written) when the package is not in a shape this module
    handles; the caller then uses openpyxl.
    """
    out = Path(out)
    if out.resolve() == Path(src).resolve():
        raise ValueError("the feedback copy must not overwrite the original file")
    tmp = out.with_name(out.name + ".part")
    try:
        st = os.stat(src)  # a regular file of a sane size only: no pipe, device or monster
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_PART:
            return None
        with zipfile.ZipFile(src) as zf:
            pkg = _Package(zf)
            _build(pkg, report, lang)
            _write(pkg, Path(src), tmp)
        os.replace(tmp, out)
    except Exception:  # noqa: BLE001 - any surprise: openpyxl writes the copy instead
        try:
            tmp.unlink()
        except OSError:
            pass
        return None
    return out
