"""The gate's fast path: worksheets and shared strings in the plain shape writers produce.

The streaming parsers (:mod:`.sheet`, :mod:`.parts`) call back into Python five times per
cell; at national scale (10.000 forms of ~1.800 cells) that is most of the gate's time.
Forms come back from Excel, LibreOffice and xlsxwriter in one plain shape
(``<c r="E13" s="5" t="s"><f>…</f><v>…</v></c>``), so for a part already in memory:

1. expat parses it to the end **without callbacks** (C speed): it is well-formed, every
   DTD is refused exactly as on the streaming path (:func:`.xmlsafe.new_parser`), so no
   entity but the five predefined ones and character references can occur;
2. the cells (or shared strings) are taken by one compiled pattern per part, and their
   number is checked against the number of ``<c`` (``<si``) tags. A worksheet's scan is
   remembered by the digest of its bytes (up to 32 KB: the form sheet itself, holding the
   figures, never repeats): the identity and instructions sheets of every form of one
   template are the same bytes (their text lives in the shared strings), so they are
   checked and scanned once per process, not once per file. Anything else (other
   attributes, whitespace between elements, inline strings, comments, CDATA, ``\\r``,
   single-quoted attributes, prefixed or redeclared namespaces, an extension list in the
   cells, a budget that would run out) returns ``None`` and the streaming parser reads
   the part instead, so the result is always the same :class:`~toolkit.rawbook.RawSheet`
   (or string table) with the same findings: ``tests/test_gate_fast.py`` compares both
   paths on real forms and on every hostile file of the gate's corpus.

On a commune form the gate took 4,8 ms of CPU instead of 8,5 (docs/performance.md). A sheet
read here is then remembered by its skeleton (:mod:`.layout`), and every later form of the same
template and writer is recognised without this scan: 1,8 ms a LibreOffice form in all.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from functools import partial

from toolkit import caches
from toolkit.a1 import a1
from toolkit.gate import layout
from toolkit.gate.budget import Budget
from toolkit.gate.cells import Extent, RareCells, SheetContext, check_extent, number, parse_ref
from toolkit.gate.formula import MAX_COL, MAX_ROW
from toolkit.gate.reject import Reject
from toolkit.gate.strings import SharedStrings, decode_escapes, illegal_chars
from toolkit.gate.xmlsafe import NS_MAIN, feed, new_parser
from toolkit.gate.xmltext import text, texts
from toolkit.rawbook import RawCell, RawSheet

ENABLED = True  # tests compare both paths by switching this off
_MAIN = NS_MAIN.encode()
_DEFAULT_NS = b'xmlns="' + _MAIN + b'"'
_PREFIXED_MAIN = re.compile(rb"xmlns:[^=\s]+\s*=\s*\"" + re.escape(_MAIN) + rb'"')
_FIRST_TAG = re.compile(rb"<(?![?!])")
_SHEETDATA = re.compile(rb"<sheetData\s*(/?)>")
_WS = rb"[ \t\n]*"  # whitespace between elements (Gnumeric indents its XML); CR never gets here (_plain)
_CELL = re.compile(
    rb'<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"(?: s="([0-9]{1,9})")?(?: t="([A-Za-z]{1,9})")?'
    rb"(?:/>|>" + _WS + rb"(?:(<f(?: [^<>]*?)?)(?:/>|>([^<]*)</f>)" + _WS + rb")?"
    rb"(?:(<v/>|<v>([^<]*)</v>)" + _WS + rb")?"
    rb"(?:(<is>)" + _WS + rb'<t(?: xml:space="preserve")?(?:/>|>([^<]*)</t>)' + _WS + rb"</is>" + _WS + rb")?"
    rb"</c>)"
)
_C_TAG = re.compile(rb"<c[\s/>]")
_BAD_ROW = re.compile(rb'<row\b[^>]*?\sr="[^"]*[^0-9"]')
_ELEMENT = {
    "dimension": re.compile(rb"<dimension\b([^<>]*?)/?>"),
    "sheetProtection": re.compile(rb"<sheetProtection\b([^<>]*?)/?>"),
}
_ATTR = re.compile(rb'([^\s=]+)\s*=\s*"([^"]*)"')
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)"/>')
_MERGE_TAG = re.compile(rb"<mergeCell[\s/>]")
_SI = re.compile(rb"<si>" + _WS + rb'<t(?: xml:space="preserve")?(?:/>|>([^<]*)</t>)' + _WS + rb"</si>")
_SI_TAG = re.compile(rb"<si[\s/>]")


_BREFS = caches.memo("gate.fast.refs", 100_000)  # b"E13" -> ("E13", 13, 5), shared by every form


def _bref(rb: bytes) -> tuple[str, int, int] | None:
    ref = rb.decode("ascii")
    rc = parse_ref(ref)
    if rc is None:
        return None
    hit = (ref, rc[0], rc[1])
    if rc[0] <= MAX_ROW and rc[1] <= MAX_COL:
        _BREFS.put(rb, hit)
    return hit


def _attr_text(raw: bytes) -> str:
    """An attribute value as expat gives it: references decoded, whitespace normalised."""
    s = text(raw)
    return s.replace("\t", " ").replace("\n", " ") if ("\t" in s or "\n" in s) else s


def _attrs(raw: bytes) -> dict[str, str] | None:
    """Unprefixed attributes; None when one is prefixed (expat would name it by its URI)."""
    out: dict[str, str] = {}
    for k, v in _ATTR.findall(raw):
        if b":" in k:
            return None
        out[k.decode("ascii", "replace")] = _attr_text(v)
    return out


def _plain(data: bytes) -> bool:
    """No comment, CDATA, DTD, processing instruction, CR or single-quoted attribute.

    One-byte searches first (memchr speed): a two-byte needle starting with ``<`` or ``=``
    stops at every tag or attribute of a 70 KB sheet.
    """
    if b"\r" in data:
        return False
    if b"'" in data and (b"='" in data or b"= '" in data):
        return False
    if b"!" in data and b"<!" in data:
        return False
    decl = 1 if data.lstrip(b"\xef\xbb\xbf \t\n").startswith(b"<?xml") else 0
    if data.count(b"?") <= 2 * decl:  # the declaration's own "<?" and "?>", nothing else
        return True
    return data.count(b"<?") <= decl


def _well_formed(data: bytes, part: str, tick: Callable[[], None]) -> bool:
    """expat to the end without callbacks. False for anything it refuses (malformed XML, a
    DTD, a bad encoding, the deadline): the streaming parser then reports it as it always does."""
    try:
        feed(new_parser(), [data], part, tick)
    except Reject:
        return False
    return True


_DECL_ENCODING = re.compile(rb"encoding\s*=\s*[\"']([^\"']*)[\"']")
_TAILS = caches.memo("gate.fast.tails", 64)  # digest of (root tag, tail) -> proven well-formed


def _sheet_well_formed(
    data: bytes, at: int, root_end: int, sd_start: int, tail_from: int | None, part: str, tick: Callable[[], None]
) -> bool:
    """:func:`_well_formed` for a worksheet, in pieces, the biggest remembered.

    Two thirds of a form sheet's bytes come after its cells (data validations with their input
    messages, conditional formats, page setup) and are the same in every form of a template
    but for the footer. A document whose root's content is cut at three points into pieces
    that are each well-formed inside the document's own root start tag is well-formed as a
    whole (namespaces are declared on the root, no DTD can occur: :func:`_plain`), so:
    prolog and root up to ``<sheetData``; the sheet data; the tail up to ``<headerFooter``
    (remembered by its digest); the rest. A cut that falls inside a comment, a value or an
    element makes a piece fail, and the whole part goes to expat as before.
    """
    root_tag = data[at : root_end + 1]
    prolog = data[:at]
    enc = _DECL_ENCODING.search(prolog)
    if (
        tail_from is None
        or root_tag.endswith(b"/>")
        or (enc is not None and enc.group(1).lower() != b"utf-8")
        or prolog.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        return _well_formed(data, part, tick)
    cut = data.find(b"<headerFooter", tail_from)
    if cut < 0:
        cut = data.rfind(b"</worksheet>")
    if cut < tail_from:
        return _well_formed(data, part, tick)
    end = b"</worksheet>"
    middle = data[tail_from:cut]
    key = hashlib.blake2b(root_tag + middle, digest_size=16).digest()
    pieces = [data[:sd_start] + end, root_tag + data[sd_start:tail_from] + end, root_tag + data[cut:]]
    if key not in _TAILS:
        pieces.append(root_tag + middle + end)
    if not all(_well_formed(piece, part, tick) for piece in pieces):
        return False
    _TAILS.put(key, True)
    return True


Scan = tuple[list[tuple[bytes, ...]], dict[str, dict[str, str]]]
_SCANS = caches.memo("gate.fast.scans", 32)  # digest of a part's bytes -> its scan (forms of one template share parts)
_SCAN_KEEP_BYTES = 32 * 1024  # larger sheets (the form itself, with its figures) never repeat: not worth a digest


def _scan(data: bytes, part: str, tick: Callable[[], None]) -> Scan | None:
    """The cells (as pattern groups) and the dimension/protection attributes of a plain,
    well-formed worksheet part; None when it is not one. Remembered by the part's digest (small parts):
    the identity and instructions sheets of every form of a template are the same bytes,
    and the same bytes always scan the same."""
    key = hashlib.blake2b(data, digest_size=16).digest() if len(data) <= _SCAN_KEEP_BYTES else None
    hit = _SCANS.get(key) if key is not None else None
    if hit is not None:
        return hit
    if not _plain(data):
        return None
    first = _FIRST_TAG.search(data)
    if first is None or not data.startswith(b"<worksheet", first.start()):
        return None
    at = first.start()
    root_end = data.find(b">", at)
    if data[at + 10 : at + 11] not in (b" ", b"\t", b"\n", b">", b"/"):
        return None
    root = data[at:root_end]
    if _DEFAULT_NS not in root:
        return None
    whole = data if data.find(b"xmlns", root_end) != -1 else root  # declarations past the root tag are rare
    if whole.count(b"xmlns") - whole.count(b"xmlns:") != 1 or _PREFIXED_MAIN.search(whole):
        return None
    sd = _SHEETDATA.search(data)
    if sd is None or sd.group(1):
        body = b""
        if _C_TAG.search(data):
            return None  # cells elsewhere: the streaming parser reads them wherever they are
    else:
        close = data.find(b"</sheetData>", sd.end())
        if close < 0:
            return None
        body = data[sd.end() : close]
        if b"<extLst" in body or _BAD_ROW.search(body):
            return None
        if _C_TAG.search(data, 0, sd.start()) or _C_TAG.search(data, close):
            return None  # cells outside the (first) sheet data: the streaming parser reads them too
    found = _CELL.findall(body)
    if len(found) != len(_C_TAG.findall(body)):
        return None
    extra: dict[str, dict[str, str]] = {}
    for name, pattern in _ELEMENT.items():
        start = data.find(b"<" + name.encode())  # a long needle: skips, where the pattern's prefix walks
        if start < 0:
            continue
        for m in pattern.finditer(data, start):
            attrs = _attrs(m.group(1))
            if attrs is None:
                return None
            extra[name] = attrs  # the last one wins, as on the streaming path
    tail_from = close + 12 if sd is not None and not sd.group(1) else None  # just after </sheetData>
    merge_at = data.find(b"<mergeCell", tail_from or 0)  # merged cells follow the sheet data
    if merge_at >= 0:
        refs = _MERGE.findall(data, merge_at)
        if len(refs) != len(_MERGE_TAG.findall(data, merge_at)):
            return None  # another shape: the streaming parser reads it
        extra["mergeCell"] = {str(n): r.decode("ascii") for n, r in enumerate(refs)}
    if not _sheet_well_formed(data, at, root_end, sd.start() if sd else 0, tail_from, part, tick):
        return None
    if key is not None:
        _SCANS.put(key, (found, extra))
    return found, extra


def parse_sheet(name: str, state: str, data: bytes, ctx: SheetContext) -> RawSheet | None:
    """The worksheet part ``data`` as :func:`toolkit.gate.sheet.parse_sheet` reads it, or None.

    None means "not the plain shape" and nothing was changed (no finding, no budget spent):
    the caller reads the part with the streaming parser.
    """
    if not ENABLED:
        return None
    known = layout.read(name, state, data, ctx)
    if known is not None:
        return known
    budget = ctx.budget
    scan = _scan(data, ctx.part, budget.tick)
    if scan is None:
        return None
    found, extra = scan
    if budget.cells + len(found) > budget.limits.max_cells:
        return None  # the streaming parser refuses it, at the same cell
    sheet = RawSheet(name=name, state=state)
    if "dimension" in extra:
        sheet.dimension = extra["dimension"].get("ref")
    if "sheetProtection" in extra:
        sheet.protection = dict(extra["sheetProtection"])
        sheet.protected = sheet.protection.get("sheet", "").strip().lower() in ("1", "true")
    if "mergeCell" in extra:
        sheet.merged = list(extra["mergeCell"].values())
    cold = RareCells(sheet, ctx)
    ext = Extent()
    cells = sheet.cells
    sst = ctx.sst.strings if ctx.sst is not None else []  # read only when sst_clean
    sst_clean = ctx.sst is not None and not ctx.sst.illegal
    area_rows, area_cols = ctx.area_rows, ctx.area_cols
    refs = _BREFS
    n = 0
    min_r = min_c = 1 << 30
    max_r = max_c = 0
    for rb, sb, tb, fopen, fb, vel, vb, isel, ib in found:
        hit = refs.get(rb)
        if hit is None:
            hit = _bref(rb)
            if hit is None:  # pragma: no cover - the pattern only takes canonical references
                raise cold.malformed(f"cell ref {rb!r}")
            if not (hit[1] <= MAX_ROW and hit[2] <= MAX_COL):
                raise cold.malformed(f"cell at row {hit[1]} col {hit[2]}")
        ref, row, col = hit
        n += 1
        if row > max_r:
            max_r = row
        if col > max_c:
            max_c = col
        if col < min_c:
            min_c = col
        if row < min_r:
            min_r = row
        if row > area_rows or col > area_cols:
            if vel or fopen or isel:
                ext.outside += 1
                if ext.outside_first is None:
                    ext.outside_first = a1(row, col)
            continue
        s = int(sb) if sb else 0
        if not fopen:  # the common cells first: blank, shared string, plain number
            if not vel:
                if not isel or tb != b"inlineStr":  # an inline string without its type is blank, as streamed
                    cells[ref] = RawCell(ref, row, col, None, None, None, s)
                    continue
                value = cold.value("inlineStr", None, [text(ib) if ib else ""], ref)
                cells[ref] = RawCell(ref, row, col, value, None, "inlineStr", s)
                continue
            if tb == b"s" and sst_clean and vb.isdigit():
                i = int(vb)
                if i < len(sst):
                    cells[ref] = RawCell(ref, row, col, sst[i], None, "s", s)
                    continue
            elif not tb and vb.isdigit() and len(vb) < 16:
                cells[ref] = RawCell(ref, row, col, int(vb), None, "n", s)
                continue
        t = tb.decode("ascii") if tb else None
        inline = [text(ib) if ib else ""] if isel else None
        if fopen:
            v = (text(vb) if vb else "") if vel else None
            f_attrs = _attrs(fopen[2:]) if len(fopen) > 2 else {}
            formula = cold.formula((text(fb) if fb else ""), f_attrs, row, col)
            if v is None:
                ext.no_value.append(ref)
            cells[ref] = RawCell(ref, row, col, cold.value(t, v, inline, ref), formula, t or "n", s)
            continue
        typed = text(vb) if vb else ""  # a constant has its <v> here: cells without one were taken above
        if t is None:
            value = int(typed) if len(typed) < 16 and typed.isdecimal() else number(typed)
            if value is None:
                value = cold.value(t, typed, inline, ref)
        elif t == "s" and sst_clean and typed.isdecimal():
            try:
                value = sst[int(typed)]
            except (IndexError, ValueError):
                value = cold.value(t, typed, inline, ref)
        else:
            value = cold.value(t, typed, inline, ref)
        cells[ref] = RawCell(ref, row, col, value, None, None if value is None else (t or "n"), s)
    budget.add_cells(n)
    budget.tick()
    ext.cells, ext.min_r, ext.min_c, ext.max_r, ext.max_c = n, min_r, min_c, max_r, max_c
    if cells:
        if max_r <= area_rows and max_c <= area_cols:
            sheet.max_row, sheet.max_col = max_r, max_c
        else:
            sheet.max_row = max(c.row for c in cells.values())
            sheet.max_col = max(c.col for c in cells.values())
    check_extent(sheet, ext, ctx)
    if not cold.counts:
        _learn(data, sheet, ext, ctx)
    return sheet


def _learn(data: bytes, sheet: RawSheet, ext: Extent, ctx: SheetContext) -> None:
    """Have :mod:`.layout` remember the sheet just read, when it was proven well-formed in pieces
    (UTF-8, its sheet data between the first ``<sheetData>`` and ``</sheetData>``)."""
    fr = layout.frame(data)
    if fr is None or data.find(b"<sheetData") != fr.start - len(b"<sheetData>"):
        return
    first = _FIRST_TAG.search(data)
    if first is None or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    enc = _DECL_ENCODING.search(data, 0, first.start())
    if enc is not None and enc.group(1).lower() != b"utf-8":
        return
    layout.learn(data, sheet, ext, partial(_shapes, data), ctx)


def _shapes(data: bytes, start: int, end: int) -> list[layout.Shape]:
    return [
        (m.group(0), m.group(1), m.group(3) or b"", m.group(4) is not None, m.group(6) is not None)
        for m in _CELL.finditer(data, start, end)
    ]


_STYLES = caches.memo("gate.fast.styles", 32)  # a styles part -> (locked flags, number format kinds)


def styles(
    data: bytes, part: str, parse: Callable[[Iterable[bytes], str], tuple[list[bool], list[str]]]
) -> tuple[list[bool], list[str]]:
    """The styles part's locked flags and number format kinds, parsed once per distinct part
    (by the digest of its bytes)."""
    key = data  # the bytes themselves: a part inflated once (package._INFLATED) is one object, its hash kept
    hit = _STYLES.get(key) if ENABLED else None
    if hit is None:
        hit = parse([data], part)
        _STYLES.put(key, hit)
    return list(hit[0]), list(hit[1])


_SST_FRAMES = caches.memo("gate.fast.sst_frames", 64)  # a table's root tag and end, proven well-formed


def _plain_table(data: bytes, part: str, tick: Callable[[], None]) -> list[str] | None:
    """The strings of a shared string table in the plainest shape (``<si><t>…</t></si>`` only,
    whitespace between), proven well-formed without expat; None for any other table.

    The table is its frame (prolog, root start tag, root end tag: well-formed on its own,
    remembered) around a sequence of such items whose texts are character data
    (:func:`toolkit.gate.xmltext.texts`), so it is well-formed as a whole."""
    first = _FIRST_TAG.search(data)
    if first is None or not data.startswith(b"<sst", first.start()) or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    at = first.start()
    root_end = data.find(b">", at)
    close = data.rfind(b"</sst>")
    if root_end < 0 or close <= root_end or data[root_end - 1 : root_end] == b"/":
        return None
    frame = data[: root_end + 1] + data[close:]
    if frame not in _SST_FRAMES:
        enc = _DECL_ENCODING.search(data, 0, at)
        root = data[at:root_end]
        if (
            (enc is not None and enc.group(1).lower() != b"utf-8")
            or not _plain(frame)
            or _DEFAULT_NS not in root
            or root.count(b"xmlns") - root.count(b"xmlns:") != 1
            or _PREFIXED_MAIN.search(root)
            or data[at + 4 : at + 5] not in (b" ", b"\t", b"\n")
            or not _well_formed(frame, part, tick)
        ):
            return None
        _SST_FRAMES.put(frame, True)
    pieces = _SI.split(data[root_end + 1 : close])
    if b"".join(pieces[::2]).strip(b" \t\n"):
        return None  # something else between the items
    return texts([b"" if p is None else p for p in pieces[1::2]])


def _main_namespace_only(data: bytes, root: bytes) -> bool:
    """The part's root is ``root`` and its unprefixed elements are all in the main namespace: it
    is declared once, as the default, and under no prefix (else the streaming parser, which
    reads elements by namespace, may read other elements than the patterns)."""
    first = _FIRST_TAG.search(data)
    if first is None or not data.startswith(root, first.start()):
        return False
    end = data.find(b">", first.start())
    return (
        _DEFAULT_NS in data[first.start() : end]
        and data.count(b"xmlns") - data.count(b"xmlns:") == 1
        and not _PREFIXED_MAIN.search(data)
    )


def parse_shared_strings(data: bytes, part: str, budget: Budget) -> SharedStrings | None:
    """The shared string table as :func:`toolkit.gate.parts.parse_shared_strings` reads it, or None."""
    if not ENABLED:
        return None
    lim = budget.limits
    strings = _plain_table(data, part, budget.tick)
    if strings is None:
        if not _plain(data) or not _main_namespace_only(data, b"<sst"):
            return None
        found = _SI.findall(data)
        if len(found) != len(_SI_TAG.findall(data)):  # rich text (<r>), phonetic runs: not this shape
            return None
        if len(found) > lim.max_cells:
            return None
        if not _well_formed(data, part, budget.tick):
            return None
        strings = [text(b) for b in found]
    elif len(strings) > lim.max_cells:
        return None
    illegal: dict[int, str] = {}
    for i, s in enumerate(strings):
        if "_x" in s:
            s = strings[i] = decode_escapes(s)
            bad = illegal_chars(s)
            if bad:
                illegal[i] = bad
    chars = sum(map(len, strings)) + len(strings)
    if budget.text + chars > lim.max_text_chars:
        return None  # the streaming parser refuses it, with the same finding
    sst = SharedStrings(strings, illegal)
    budget.add_text(chars)
    return sst
