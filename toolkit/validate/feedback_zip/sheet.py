"""A flagged worksheet: its cells filled (the cell, and its row, inserted when missing), merged
ranges respected, and the new comments part and legacy VML drawing that carry the notes, linked
through the sheet's relationships and ``<legacyDrawing>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from ...a1 import cell_in_sheet, col_index, col_letter
from ...findings import Finding
from ..feedback_list import cell_fill, comment_text
from .package import Package, add_rels, new_rid, part_rels, relative
from .styles import Styles
from .xmltext import (
    CT_COMMENTS,
    DECL,
    NS_MAIN,
    NS_REL,
    T_COMMENTS,
    T_VML,
    Unsupported,
    attrs,
    children,
    drop_attr,
    esc,
    find_root,
    rel_prefix,
    set_attr,
)

AUTHOR = "baocao"

# worksheet children that come after <legacyDrawing> (ECMA-376 CT_Worksheet)
_AFTER_LEGACY = {
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
}


def _find_tag(xml: str, element: str, ref: str, lo: int, hi: int) -> re.Match[str] | None:
    pat = re.compile(r"<" + element + r"\b[^>]*?\sr\s*=\s*[\"']" + re.escape(ref) + r"[\"'][^>]*?/?>")
    return pat.search(xml, lo, hi)


def _default_style(xml: str, row_tag: str | None, col: int) -> int:
    """The format a new cell takes: its row's when the row has one, else its column's."""
    if row_tag:
        a = attrs(row_tag)
        if a.get("customFormat") in ("1", "true") and a.get("s", "").isdigit():
            return int(a["s"])
    for m in re.finditer(r"<col\b[^>]*>", xml[: xml.find("<sheetData")]):
        a = attrs(m.group(0))
        try:
            if int(a["min"]) <= col <= int(a["max"]):
                return int(a.get("style", "0"))
        except (KeyError, ValueError):
            raise Unsupported("col") from None
    return 0


def _style_cell(xml: str, ref: str, col: int, row: int, restyle: Callable[[int], int]) -> str:
    """``xml`` with cell ``ref``'s format replaced by ``restyle(old)``; the cell (and its row)
    inserted in order when the sheet does not have it."""
    m = re.search(r"<sheetData\b[^>]*?(/?)>", xml)
    if m is None:
        raise Unsupported("sheetData")
    if m.group(1):
        xml = xml[: m.start()] + m.group(0)[:-2].rstrip() + "></sheetData>" + xml[m.end() :]
        m = re.search(r"<sheetData\b[^>]*?>", xml)
        assert m is not None
    lo, hi = m.end(), xml.find("</sheetData>", m.end())
    if hi < 0:
        raise Unsupported("sheetData")
    c = _find_tag(xml, "c", ref, lo, hi)
    if c is not None:
        s = attrs(c.group(0)).get("s", "0")
        tag = set_attr(c.group(0), "s", str(restyle(int(s) if s.isdigit() else 0)))
        return xml[: c.start()] + tag + xml[c.end() :]
    r = _find_tag(xml, "row", str(row), lo, hi)
    if r is None:  # a new row, before the first row below it
        cell = f'<c r="{ref}" s="{restyle(_default_style(xml, None, col))}"/>'
        rows = list(re.finditer(r"<row\b[^>]*?\sr\s*=\s*[\"'](\d+)[\"']", xml[lo:hi]))
        if len(rows) != xml.count("<row", lo, hi):
            raise Unsupported("row without r")
        at = next((lo + x.start() for x in rows if int(x.group(1)) > row), hi)
        return xml[:at] + f'<row r="{row}">{cell}</row>' + xml[at:]
    tag = r.group(0)
    cell = f'<c r="{ref}" s="{restyle(_default_style(xml, tag, col))}"/>'
    spans = attrs(tag).get("spans")
    if spans:
        try:
            a, b = (int(x) for x in spans.split(":"))
            tag = set_attr(tag, "spans", f"{min(a, col)}:{max(b, col)}")
        except ValueError:
            tag = drop_attr(tag, "spans")
    if tag.endswith("/>"):
        new = tag[:-2].rstrip() + ">" + cell + "</row>"
        return xml[: r.start()] + new + xml[r.end() :]
    end = xml.find("</row>", r.end(), hi)
    if end < 0:
        raise Unsupported("row")
    cells = list(re.finditer(r"<c\b[^>]*?\sr\s*=\s*[\"']([A-Z]+)\d+[\"']", xml[r.end() : end]))
    if len(cells) != len(re.findall(r"<c\b", xml[r.end() : end])):
        raise Unsupported("cell without r")
    at = next((r.end() + x.start() for x in cells if col_index(x.group(1)) > col), end)
    return xml[: r.start()] + tag + xml[r.end() : at] + cell + xml[at:]


def _cell(ref: str) -> tuple[int, int] | None:
    """(row, column) of a single cell inside the sheet, however its address is written ('$b$3')."""
    return cell_in_sheet(ref.replace("$", "").upper())


def _merged(xml: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges (first column, first row, last column, last row)."""
    out = []
    for m in re.finditer(r"<mergeCell\b[^>]*>", xml):
        a, _, b = attrs(m.group(0)).get("ref", "").partition(":")
        p, q = _cell(a), _cell(b or a)
        if p is None or q is None:
            raise Unsupported("mergeCell")
        out.append((p[1], p[0], q[1], q[0]))
    return out


def _inside_merge(col: int, row: int, ranges: list[tuple[int, int, int, int]]) -> bool:
    """Whether the cell is in a merged range but not its first cell (openpyxl's MergedCell: it
    fills such a cell but cannot comment it)."""
    return any(c1 <= col <= c2 and r1 <= row <= r2 and (col, row) != (c1, r1) for c1, r1, c2, r2 in ranges)


def _comments_xml(notes: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<comment ref="{ref}" authorId="0"><text><t xml:space="preserve">{esc(text)}</t></text></comment>'
        for ref, text in notes
    )
    return (
        f'{DECL}<comments xmlns="{NS_MAIN}"><authors><author>{AUTHOR}</author></authors>'
        f"<commentList>{items}</commentList></comments>"
    )


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
            f'margin-left:59.25pt;margin-top:1.5pt;width:420px;height:{height}px;z-index:{n};visibility:hidden"'
            ' fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
            '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
            '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{anchor}</x:Anchor><x:AutoFill>False</x:AutoFill>"
            f"<x:Row>{row - 1}</x:Row><x:Column>{col - 1}</x:Column></x:ClientData></v:shape>"
        )
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
        ' xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        + "".join(shapes)
        + "</xml>"
    )


def flag_sheet(
    pkg: Package,
    part: str,
    cells: dict[tuple[str, str], list[Finding]],
    styles: Styles,
    lang: str,
    block: int,
    ct: list[tuple[str, str]],
) -> None:
    """Fill and comment the flagged cells of one worksheet part."""
    xml = pkg.text(part)
    root = find_root(xml, "worksheet")
    tail = children(xml, root.end(), "worksheet")
    names = {n for n, _, _ in tail}
    if "legacyDrawing" in names or any(":" in n for n in names) or "sheetData" not in names:
        raise Unsupported("sheet shape")
    rels = part_rels(pkg, part)
    if any(t == T_COMMENTS for _, t, _, _ in rels):
        raise Unsupported("comments already")
    merged = _merged(xml)
    notes: list[tuple[str, str]] = []
    shapes: list[tuple[int, int, str, int]] = []
    places: dict[tuple[int, int], list[Finding]] = {}  # (row, column): one comment a cell, however written
    for (_, ref), items in cells.items():
        place = _cell(ref)
        if place is None:
            continue  # openpyxl cannot address it either
        places.setdefault(place, []).extend(items)
    for (row, col), items in sorted(places.items()):
        ref = f"{col_letter(col)}{row}"
        rgb = cell_fill(items)
        xml = _style_cell(xml, ref, col, row, partial(styles.flagged, rgb=rgb))
        if _inside_merge(col, row, merged):
            continue
        text = comment_text(items, lang)
        notes.append((ref, text))
        shapes.append((col, row, text, len(items)))
    if not notes:
        pkg.put(part, xml)
        return
    if len(notes) > 1000:
        raise Unsupported("one shape-id block holds 1024 shapes")
    comments = pkg.fresh("xl/comments{}.xml")
    vml = pkg.fresh("xl/drawings/vmlDrawing{}.vml")
    pkg.put(comments, _comments_xml(notes))
    pkg.put(vml, _vml_xml(shapes, block))
    ct.append(("/" + comments, CT_COMMENTS))
    used = {i for i, _, _, _ in rels}
    rid_vml, rid_comments = new_rid(used), new_rid(used)
    add_rels(pkg, part, [(rid_vml, T_VML, relative(part, vml)), (rid_comments, T_COMMENTS, relative(part, comments))])
    # the tail again: styling cells moved it
    root = find_root(xml, "worksheet")
    tail = children(xml, root.end(), "worksheet")
    at = next((s for n, s, _ in tail if n in _AFTER_LEGACY), None)
    if at is None:
        at = xml.rfind("</worksheet>")
    prefix = rel_prefix(root.group(0))
    tag = (
        f'<legacyDrawing {prefix}:id="{rid_vml}"/>'
        if prefix
        else f'<legacyDrawing xmlns:r="{NS_REL}" r:id="{rid_vml}"/>'
    )
    pkg.put(part, xml[:at] + tag + xml[at:])
