"""The package read: :class:`Package` (the zip's parts, the edited and new ones kept aside as
text), relationships read and appended, fresh relationship ids, relative targets, the
``[Content_Types].xml`` overrides added, and the shape-id blocks the VML drawings already use.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

from .xmltext import CT_VML, DECL, NS_CT, NS_PKG_REL, Unsupported, esc_attr

MAX_PART = 50 * 1024 * 1024  # a part larger than this (uncompressed) is left to openpyxl
_DECL_ENC = re.compile(r"^<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)[\"']")


class Package:
    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.infos = zf.infolist()
        self.names = {i.filename for i in self.infos}
        lower = {n.lower() for n in self.names}
        if len(lower) != len(self.infos):
            raise Unsupported("duplicate part names")
        self.lower = lower
        self.out: dict[str, str] = {}  # part name -> new text (edited or new)

    def has(self, name: str) -> bool:
        return name.lower() in self.lower or name in self.out

    def text(self, name: str) -> str:
        if name in self.out:
            return self.out[name]
        if name not in self.names:
            raise Unsupported(f"missing {name}")
        info = self.zf.getinfo(name)
        if info.file_size > MAX_PART:
            raise Unsupported("large part")
        data = self.zf.read(name)
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        text = data.decode("utf-8")
        m = _DECL_ENC.match(text)
        if m and m.group(1).lower() not in ("utf-8", "utf8"):
            raise Unsupported("encoding")
        if "<!DOCTYPE" in text or "<!ENTITY" in text:
            raise Unsupported("dtd")
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


def part_rels(pkg: Package, part: str) -> list[tuple[str, str, str, str]]:
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


def new_rid(used: set[str]) -> str:
    n = len(used) + 1
    while f"rId{n}" in used:
        n += 1
    used.add(f"rId{n}")
    return f"rId{n}"


def add_rels(pkg: Package, part: str, rels: list[tuple[str, str, str]]) -> None:
    """Append relationships (Id, Type, Target relative to ``part``) to ``part``'s .rels."""
    name = _rels_name(part)
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{esc_attr(g)}"/>' for i, t, g in rels)
    if pkg.has(name):
        xml = pkg.text(name)
        end = xml.rfind("</Relationships>")
        if end < 0:
            raise Unsupported("rels")
        pkg.put(name, xml[:end] + body + xml[end:])
    else:
        pkg.put(name, f'{DECL}<Relationships xmlns="{NS_PKG_REL}">{body}</Relationships>')


def relative(from_part: str, to_part: str) -> str:
    return posixpath.relpath(to_part, posixpath.dirname(from_part) or ".")


def content_types(xml: str, overrides: list[tuple[str, str]], vml: bool) -> str:
    root = SafeET.fromstring(xml.encode("utf-8"))
    if root.tag != f"{{{NS_CT}}}Types":
        raise Unsupported("content types")
    have = {(d.get("Extension") or "").lower() for d in root.iter(f"{{{NS_CT}}}Default")}
    parts = {(o.get("PartName") or "").lower() for o in root.iter(f"{{{NS_CT}}}Override")}
    if any(p.lower() in parts for p, _ in overrides):
        raise Unsupported("stale override")
    add = "".join(f'<Override PartName="{esc_attr(p)}" ContentType="{t}"/>' for p, t in overrides)
    if vml and "vml" not in have:
        add = f'<Default Extension="vml" ContentType="{CT_VML}"/>' + add
    end = xml.rfind("</Types>")
    if end < 0:
        raise Unsupported("content types")
    return xml[:end] + add + xml[end:]


def last_vml_block(pkg: Package) -> int:
    """The highest shape-id block (``<o:idmap data>``) the package's VML drawings use."""
    last = 0
    for name in pkg.names:
        if name.lower().endswith(".vml"):
            data = pkg.zf.read(name)  # Excel's VML is not always XML: only the ids are read
            for m in re.finditer(rb"<o:idmap\b[^>]*?\sdata\s*=\s*[\"']([\d,\s]*)[\"']", data):
                last = max([last, *(int(x) for x in re.findall(rb"\d+", m.group(1)))])
            last = max(last, 1)
    return last
