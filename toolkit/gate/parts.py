"""Streaming parsers for the small package parts: content types, relationships, workbook,
styles, shared strings and docProps/app.xml. The worksheets are in :mod:`.sheet`.

These are the reference readers: they read every shape the format allows. Which reader
reads a part is chosen in :mod:`.read`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from toolkit.findings import gate as codes
from toolkit.gate.budget import Budget
from toolkit.gate.reject import Reject
from toolkit.gate.strings import SharedStrings, decode_escapes, illegal_chars
from toolkit.gate.xmlsafe import NS_CT, NS_MAIN, NS_PKG_REL, NS_STRICT, SEP, feed, new_parser


def _local(name: str) -> str:
    return name.rpartition(SEP)[2]


def _ns(name: str) -> str:
    return name.rpartition(SEP)[0]


# --- [Content_Types].xml -------------------------------------------------------------------
@dataclass
class ContentTypes:
    defaults: dict[str, str] = field(default_factory=dict)  # extension -> type
    overrides: dict[str, str] = field(default_factory=dict)  # part name (lower, no '/') -> type

    def of(self, part: str) -> str | None:
        key = part.lstrip("/").lower()
        if key in self.overrides:
            return self.overrides[key]
        return self.defaults.get(key.rpartition(".")[2])

    def all(self) -> list[str]:
        return list(self.defaults.values()) + list(self.overrides.values())


def parse_content_types(chunks: Iterable[bytes], part: str) -> ContentTypes:
    ct = ContentTypes()
    default, override = NS_CT + SEP + "Default", NS_CT + SEP + "Override"

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == default:
            ct.defaults[attrs.get("Extension", "").lower()] = attrs.get("ContentType", "")
        elif name == override:
            ct.overrides[attrs.get("PartName", "").lstrip("/").lower()] = attrs.get("ContentType", "")

    p = new_parser()
    p.StartElementHandler = start
    feed(p, chunks, part)
    return ct


# --- relationships ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Rel:
    id: str
    type: str
    target: str
    external: bool

    @property
    def kind(self) -> str:
        """The last segment of the type: worksheet, sharedStrings, officeDocument ..."""
        return self.type.rstrip("/").rpartition("/")[2]


def parse_rels(chunks: Iterable[bytes], part: str) -> list[Rel]:
    rels: list[Rel] = []
    rel = NS_PKG_REL + SEP + "Relationship"

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == rel:
            rels.append(
                Rel(
                    attrs.get("Id", ""),
                    attrs.get("Type", ""),
                    attrs.get("Target", ""),
                    attrs.get("TargetMode", "").lower() == "external",
                )
            )

    p = new_parser()
    p.StartElementHandler = start
    feed(p, chunks, part)
    return rels


# --- xl/workbook.xml ---------------------------------------------------------------------------
@dataclass
class SheetEntry:
    name: str
    state: str
    rid: str


@dataclass
class WorkbookInfo:
    sheets: list[SheetEntry] = field(default_factory=list)
    names: list[tuple[str, int | None, str]] = field(default_factory=list)  # name, localSheetId, text
    lock_structure: bool = False


def _true(v: str | None) -> bool:
    return v is not None and v.strip().lower() in ("1", "true")


def parse_workbook(chunks: Iterable[bytes], part: str) -> WorkbookInfo:
    wb = WorkbookInfo()
    m = NS_MAIN + SEP
    root_seen: list[str] = []
    buf: list[str] = []
    current: list[tuple[str, int | None]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if not root_seen:
            root_seen.append(name)
            if _ns(name) == NS_STRICT or attrs.get("conformance") == "strict":
                raise Reject(codes.STRICT_OOXML)
            if name != m + "workbook":
                raise Reject(codes.NOT_A_WORKBOOK, kind=f"XML <{_local(name)}> document")
            return
        if name == m + "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id" and SEP in k), "")
            state = attrs.get("state", "visible")
            if state not in ("visible", "hidden", "veryHidden"):
                state = "visible"
            wb.sheets.append(SheetEntry(attrs.get("name", ""), state, rid))
        elif name == m + "definedName":
            local = attrs.get("localSheetId")
            index = int(local) if local and len(local) < 6 and local.isascii() and local.isdigit() else None
            current.append((attrs.get("name", ""), index))
            buf.clear()
            p.CharacterDataHandler = buf.append
        elif name == m + "workbookProtection":
            wb.lock_structure = _true(attrs.get("lockStructure"))

    def end(name: str) -> None:
        if name == m + "definedName" and current:
            n, local = current.pop()
            wb.names.append((n, local, "".join(buf)))
            p.CharacterDataHandler = None

    p = new_parser()
    p.StartElementHandler = start
    p.EndElementHandler = end
    feed(p, chunks, part)
    if not root_seen:
        raise Reject(codes.XML_MALFORMED, part=part, line=1)
    return wb


# --- xl/styles.xml ---------------------------------------------------------------------------
# Built-in number formats (ECMA-376 §18.8.30) that show a date or a time, a percentage, text.
_DATE_IDS = frozenset((*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)))
_PERCENT_IDS = frozenset((9, 10))
_TEXT_IDS = frozenset((49,))
_NOT_TOKENS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.|general', re.IGNORECASE)
_DATE_TOKENS = re.compile(r"[dmyhs]", re.IGNORECASE)

Styles = tuple[list[bool], list[str]]  # cellXfs index -> locked?, and -> what its number format shows


def format_kind(code: str) -> str:
    """What a number format code shows a number as: 'date' (a date or a time), 'percent',
    'text' (``@``) or '' (a number). Quoted text, escapes, colours/locales in brackets and
    padding are not tokens: ``#,##0" ha"`` is a number, ``[$-409]dd/mm/yyyy`` a date."""
    bare = _NOT_TOKENS.sub("", code.split(";")[0])
    if _DATE_TOKENS.search(bare.replace("E+", "").replace("e+", "").replace("E-", "").replace("e-", "")):
        return "date"
    if "%" in bare:
        return "percent"
    if bare.strip() == "@":
        return "text"
    return ""


def _builtin_kind(fmt_id: int) -> str:
    if fmt_id in _DATE_IDS:
        return "date"
    if fmt_id in _PERCENT_IDS:
        return "percent"
    if fmt_id in _TEXT_IDS:
        return "text"
    return ""


def parse_styles(chunks: Iterable[bytes], part: str) -> Styles:
    """cellXfs index -> locked (Excel's default: locked unless <protection locked="0">), and
    -> the kind of its number format (:func:`format_kind`)."""
    locked: list[bool] = []
    fmt_ids: list[int] = []
    custom: dict[int, str] = {}
    m = NS_MAIN + SEP
    cellxfs, xf, prot, numfmt = m + "cellXfs", m + "xf", m + "protection", m + "numFmt"
    inside = [False]

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == cellxfs:
            inside[0] = True
        elif inside[0]:
            if name == xf:
                locked.append(True)
                fid = attrs.get("numFmtId", "0").strip()
                fmt_ids.append(int(fid) if fid.isdigit() and len(fid) < 10 else 0)
            elif name == prot and locked:
                v = attrs.get("locked")
                locked[-1] = not (v is not None and v.strip().lower() in ("0", "false"))
        elif name == numfmt:
            fid = attrs.get("numFmtId", "").strip()
            if fid.isdigit() and len(fid) < 10:
                custom[int(fid)] = attrs.get("formatCode", "")

    def end(name: str) -> None:
        if name == cellxfs:
            inside[0] = False

    p = new_parser()
    p.StartElementHandler = start
    p.EndElementHandler = end
    feed(p, chunks, part)
    kinds = [format_kind(custom[i]) if i in custom else _builtin_kind(i) for i in fmt_ids]
    return locked, kinds


# --- xl/sharedStrings.xml ------------------------------------------------------------------------
def parse_shared_strings(chunks: Iterable[bytes], part: str, budget: Budget) -> SharedStrings:
    sst = SharedStrings()
    strings = sst.strings
    m = NS_MAIN + SEP
    SI, T, RPH = m + "si", m + "t", m + "rPh"
    parts: list[str] = []
    buf: list[str] = []
    clear, join = buf.clear, "".join
    max_strings = budget.limits.max_cells
    max_chars = budget.limits.max_text_chars - budget.text
    chars = 0
    rph = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal rph
        if name == T:
            if not rph:
                clear()
        elif name == SI:
            parts.clear()
        elif name == RPH:
            rph += 1

    def end(name: str) -> None:
        nonlocal rph, chars
        if name == T:
            if not rph:
                parts.append(join(buf))
        elif name == SI:
            s = join(parts) if len(parts) != 1 else parts[0]
            if "_x" in s:
                s = decode_escapes(s)
                bad = illegal_chars(s)
                if bad:
                    sst.illegal[len(strings)] = bad
            strings.append(s)
            chars += len(s) + 1
            if chars > max_chars:
                budget.add_text(chars)
            if len(strings) > max_strings:
                raise Reject(codes.TOO_MANY_CELLS, limit=max_strings)
        elif name == RPH:
            rph -= 1

    p = new_parser()
    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = buf.append
    feed(p, chunks, part, budget.tick)
    p.StartElementHandler = p.EndElementHandler = p.CharacterDataHandler = None
    budget.add_text(chars)
    return sst


# --- docProps/app.xml ---------------------------------------------------------------------------
def parse_app(chunks: Iterable[bytes], part: str) -> str | None:
    depth = [0]
    buf: list[str] = []
    found: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        depth[0] += 1
        if depth[0] == 2 and _local(name) == "Application":
            buf.clear()
            p.CharacterDataHandler = buf.append

    def end(name: str) -> None:
        if depth[0] == 2 and _local(name) == "Application":
            found.append("".join(buf).strip())
            p.CharacterDataHandler = None
        depth[0] -= 1

    p = new_parser()
    p.StartElementHandler = start
    p.EndElementHandler = end
    feed(p, chunks, part)
    return found[0] if found else None
