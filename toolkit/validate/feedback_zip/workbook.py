"""``workbook.xml`` edited: the list of findings as the first, active sheet, ``localSheetId``
shifted, its print titles added; and ``tabSelected`` dropped from the other sheets.
"""

from __future__ import annotations

import re

from ..feedback_list import quote as _quote
from .xmltext import NS_REL, Unsupported, children, drop_attr, esc, esc_attr, find_root, rel_prefix, set_attr

# workbook children that come after <definedNames> (CT_Workbook)
_AFTER_NAMES = {
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
}


def workbook_xml(xml: str, sheet_name: str, sheet_id: int, rid: str) -> str:
    """workbook.xml with the new sheet first, active and printed with row 4 repeated."""
    root = find_root(xml, "workbook")
    prefix = rel_prefix(root.group(0))
    kids = children(xml, root.end(), "workbook")
    names = [n for n, _, _ in kids]
    if "sheets" not in names:
        raise Unsupported("sheets")
    sheet = f'<sheet name="{esc_attr(sheet_name)}" sheetId="{sheet_id}" ' + (
        f'{prefix}:id="{rid}"/>' if prefix else f'xmlns:r="{NS_REL}" r:id="{rid}"/>'
    )
    titles = f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{esc(_quote(sheet_name))}!$4:$4</definedName>'
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied from the end
    for name, s, e in kids:
        part = xml[s:e]
        if name == "bookViews":
            views = re.sub(
                r"<workbookView\b[^>]*?/?>",
                lambda m: drop_attr(set_attr(m.group(0), "activeTab", "0"), "firstSheet"),
                part,
            )
            edits.append((s, e, views))
        elif name == "sheets":
            m = re.match(r"<sheets\b[^>]*?(/?)>", part)
            if m is None or m.group(1):
                raise Unsupported("sheets")
            edits.append((s, e, part[: m.end()] + sheet + part[m.end() :]))
        elif name == "definedNames":
            shifted = re.sub(
                r"<definedName\b[^>]*>",
                lambda m: re.sub(
                    r"(\slocalSheetId\s*=\s*[\"'])(\d+)([\"'])",
                    lambda a: f"{a.group(1)}{int(a.group(2)) + 1}{a.group(3)}",
                    m.group(0),
                ),
                part,
            )
            m = re.match(r"<definedNames\b[^>]*?(/?)>", shifted)
            if m is None:
                raise Unsupported("definedNames")
            if m.group(1):
                shifted = shifted[: m.end() - 2].rstrip() + ">" + titles + "</definedNames>"
            else:
                shifted = shifted[: m.end()] + titles + shifted[m.end() :]
            edits.append((s, e, shifted))
    if "bookViews" not in names:
        at = next(s for n, s, _ in kids if n == "sheets")
        edits.append((at, at, '<bookViews><workbookView activeTab="0"/></bookViews>'))
    if "definedNames" not in names:
        before = next((s for n, s, _ in kids if n in _AFTER_NAMES), None)
        if before is None:
            before = xml.rfind("</")
        edits.append((before, before, f"<definedNames>{titles}</definedNames>"))
    for s, e, new in sorted(edits, key=lambda x: x[0], reverse=True):
        xml = xml[:s] + new + xml[e:]
    return xml


def deselect(xml: str) -> str:
    return re.sub(r"<sheetView\b[^>]*?/?>", lambda m: drop_attr(m.group(0), "tabSelected"), xml)
