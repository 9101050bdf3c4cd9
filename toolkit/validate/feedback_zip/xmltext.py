"""XML handled as text: the namespace, relationship-type and content-type names, escaping,
start-tag attributes, A1 cell references, an element's children found by a tag scanner, the root
tag, the well-formedness check of a written part, and :class:`Unsupported`, raised whenever a
part is not in a shape the fast writer knows.
"""

from __future__ import annotations

import re
from xml.parsers import expat

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

_TAG = re.compile(
    r"<(?:!--.*?-->|\?.*?\?>|!\[CDATA\[.*?\]\]>|(/)?([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)"
    r"(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(/)?>)",
    re.S,
)
_ATTR = re.compile(r"\s([\w:.\-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


class Unsupported(Exception):
    """The package is not in a shape this package handles: fall back to openpyxl."""


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(text: str) -> str:
    return esc(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def attrs(tag: str) -> dict[str, str]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(tag)}


def set_attr(tag: str, name: str, value: str) -> str:
    """A start tag with attribute ``name`` set (replaced, or added after the element name)."""
    pat = re.compile(r"(\s" + re.escape(name) + r"\s*=\s*)(\"[^\"]*\"|'[^']*')")
    if pat.search(tag):
        return pat.sub(lambda m: f'{m.group(1)}"{value}"', tag, count=1)
    m = re.match(r"<[\w:.\-]+", tag)
    if not m:
        raise Unsupported("tag")
    return f'{tag[: m.end()]} {name}="{value}"{tag[m.end() :]}'


def drop_attr(tag: str, name: str) -> str:
    return re.sub(r"\s" + re.escape(name) + r"\s*=\s*(?:\"[^\"]*\"|'[^']*')", "", tag)


def children(xml: str, start: int, parent: str) -> list[tuple[str, int, int]]:
    """The children of the element whose content starts at ``start``: (name, start, end) each,
    up to the element's end tag. A child's content is skipped to its end tag without reading it
    (the children of a worksheet or a workbook never nest an element of their own name)."""
    out: list[tuple[str, int, int]] = []
    pos = start
    while True:
        m = _TAG.search(xml, pos)
        if m is None:
            raise Unsupported("unbalanced")
        pos = m.end()
        tag = m.group(2)
        if tag is None:
            continue
        if m.group(1):  # the parent's end tag, or a child nesting its own name: not handled
            if tag != parent:
                raise Unsupported("nested element")
            return out
        if not m.group(3):
            close = f"</{tag}>"
            end = xml.find(close, pos)
            if end < 0:
                raise Unsupported("unbalanced")
            pos = end + len(close)
        out.append((tag, m.start(), pos))


def find_root(xml: str, local: str) -> re.Match[str]:
    """The root start tag, which must be ``local`` in SpreadsheetML's default namespace."""
    m = re.search(r"<" + local + r"\b(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*>", xml)
    if m is None or attrs(m.group(0)).get("xmlns") != NS_MAIN:
        raise Unsupported(f"root {local}")
    return m


def rel_prefix(root_tag: str) -> str | None:
    for k, v in attrs(root_tag).items():
        if k.startswith("xmlns:") and v == NS_REL:
            return k[6:]
    return None


def check_xml(data: bytes) -> None:
    """Raise when ``data`` is not well-formed XML (the parts this package writes)."""
    p = expat.ParserCreate()
    p.Parse(data, True)
