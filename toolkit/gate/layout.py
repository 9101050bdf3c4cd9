"""Learned layouts: a worksheet read once in full, then recognised by its skeleton.

Every form of one template saved by one writer is the same XML but for its character data:
the figures (``<v>…</v>``), the texts of inline strings (``<is><t>…</t></is>``, Gnumeric's
labels) and the page footer (which names the unit). A worksheet's **skeleton** is its bytes
with that character data taken out:

- the head (up to ``<sheetData>``) and the middle (from ``</sheetData>`` to
  ``<headerFooter``: validations, conditional formats, page setup) as they are;
- the sheet data with the content of every ``<v>`` and inline ``<t>`` taken out (its
  **slots**, in document order);
- the rest (the footer) with every run of text between two tags taken out.

When :mod:`.fast` has read a sheet in full (proven well-formed, every cell typed) and it is
one this module can describe (:func:`learn`), its layout is remembered under its skeleton:
for every cell in order, either the cell itself (blank cells, formulas without a value:
nothing in them varies) or which slot holds its value and how that value is typed (a
shared string index, a number, a formula's number, text, error or truth value, an inline
string). A later part whose skeleton is the same (:func:`read`) is then well-formed as soon
as its slots' contents are character data (:func:`toolkit.gate.xmltext.chardata`: a
well-formed document whose character data is replaced by other character data stays
well-formed), and its cells are made from the layout and the slots' contents, typed exactly
as :mod:`.fast` types them. Any content that :mod:`.fast` would type on a rarer path (a
number that is not one, a shared string index out of range, an escape ``_xHHHH_``, a text
that would exhaust the read's budget) makes :func:`read` decline, and the sheet is read in
full: ``tests/test_gate_layout.py`` compares both on forms saved by LibreOffice, Gnumeric
and xlsxwriter and on near misses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from toolkit import caches
from toolkit.gate.cells import Extent, SheetContext, check_extent, number, parse_ref
from toolkit.gate.parts import WorkbookInfo
from toolkit.gate.xmltext import chardata, text, texts, utf8_without_markup
from toolkit.rawbook import RawCell, RawSheet

_SLOT = re.compile(rb'(<v>|<t>|<t xml:space="preserve">)([^<]*)(</v>|</t>)')
_RUN = re.compile(rb"(?<=>)([^<>]+)(?=<)")  # text between two tags
_OPEN = b"<sheetData>"
_CLOSE = b"</sheetData>"

# how the content of a slot is typed (as :func:`toolkit.gate.fast.parse_sheet` types it)
OUTSIDE = 0  # a cell beyond the template's area: counted, not materialised
NUMBER = 1  # a constant number (no type, or t="n")
SHARED = 2  # a constant shared string (t="s")
F_NUMBER = 3  # a formula's number
F_TEXT = 4  # a formula's text (t="str")
F_ERROR = 5  # a formula's error (t="e")
F_BOOL = 6  # a formula's truth value (t="b")
F_SHARED = 7  # a formula's shared string (t="s")
INLINE = 8  # an inline string (t="inlineStr", <is><t>…</t></is>)

Slot = tuple[int, int, str, int, int, "str | None", int]  # how typed, position, ref, row, col, formula, style


@dataclass(frozen=True)
class Layout:
    """What a skeleton's sheet holds but for its slots' contents (see the module's doc)."""

    skeleton: bytes  # the sheet data, slots emptied
    middle: bytes
    refs: tuple[str, ...]  # the materialised cells' references, in document order
    cells_known: tuple[RawCell | None, ...]  # at each position the cell, or None when it holds a slot
    slots: tuple[Slot, ...]  # per slot: how typed and where its cell goes (position -1: outside the area)
    cells: int  # cells counted, materialised or not
    bounds: tuple[int, int, int, int]  # min row, min col, max row, max col of every cell
    outside: int
    outside_first: str | None
    no_value: tuple[str, ...]
    max_row: int
    max_col: int
    dimension: str | None
    protection: tuple[tuple[str, str], ...]
    protected: bool
    merged: tuple[str, ...]


Key = tuple[bytes, bytes, int, int, int]  # head, rest's skeleton, middle's length, area rows, area columns
_LAYOUTS = caches.memo("gate.layout.layouts", 16)  # Key -> [Layout]: a template's forms, each writer's shape
# what one layout may hold (a form sheet: ~85 KB, ~650 cells), so that the remembered ones stay small
# whatever arrives: larger sheets are read in full every time
_LEARN_BYTES = 512 * 1024
_LEARN_CELLS = 10_000
_PER_KEY = 8  # a template's forms as planted mistakes change them (a type, a formula typed over)


@dataclass(frozen=True)
class Frame:
    """Where a worksheet part is cut: after ``<sheetData>``, at ``</sheetData>``, at the footer."""

    start: int
    close: int
    cut: int


def frame(data: bytes) -> Frame | None:
    sd = data.find(_OPEN)
    if sd < 0:
        return None
    start = sd + len(_OPEN)
    close = data.find(_CLOSE, start)
    if close < 0:
        return None
    cut = data.find(b"<headerFooter", close)
    if cut < 0:
        cut = data.rfind(b"</worksheet>")
    if cut < close:
        return None
    return Frame(start, close, cut)


def _split_rest(rest: bytes) -> tuple[bytes, list[bytes]]:
    pieces = _RUN.split(rest)
    runs = pieces[1::2]
    del pieces[1::2]
    return b"".join(pieces), runs


def _split_cells(body: bytes) -> tuple[bytes, list[bytes]]:
    pieces = _SLOT.split(body)
    contents = pieces[2::4]
    del pieces[2::4]
    return b"".join(pieces), contents


def _key(data: bytes, fr: Frame, rest: bytes, ctx: SheetContext) -> Key:
    return (data[: fr.start], rest, fr.cut - fr.close, ctx.area_rows, ctx.area_cols)


def read(name: str, state: str, data: bytes, ctx: SheetContext) -> RawSheet | None:
    """The worksheet part ``data`` as :func:`toolkit.gate.fast.parse_sheet` reads it, when its
    skeleton is a learned one; None (nothing changed: no finding, no budget spent) otherwise."""
    if not _LAYOUTS:
        return None
    fr = frame(data)
    if fr is None:
        return None
    rest, footer = _split_rest(data[fr.cut :])
    candidates = _LAYOUTS.get(_key(data, fr, rest, ctx))
    if candidates is None:
        return None
    skeleton, contents = _split_cells(data[fr.start : fr.close])
    for layout in candidates:
        if layout.skeleton == skeleton and data.startswith(layout.middle, fr.close):
            break
    else:
        return None
    if len(contents) != len(layout.slots) or not chardata(contents) or not chardata(footer):
        return None
    return _apply(layout, name, state, contents, ctx)


def _apply(layout: Layout, name: str, state: str, contents: list[bytes], ctx: SheetContext) -> RawSheet | None:
    budget = ctx.budget
    limits = budget.limits
    if budget.cells + layout.cells > limits.max_cells:
        return None  # the full read refuses it, at the same cell
    sst = ctx.sst.strings if ctx.sst is not None and not ctx.sst.illegal else None
    made = list(layout.cells_known)
    chars = 0
    for (how, at, ref, row, col, formula, style), raw in zip(layout.slots, contents, strict=True):
        if how == SHARED or how == F_SHARED:
            if sst is None or not raw.isdigit():
                return None
            i = int(raw)
            if i >= len(sst):
                return None
            made[at] = RawCell(ref, row, col, sst[i], formula, "s", style)
        elif how == NUMBER or how == F_NUMBER:
            if raw.isdigit() and len(raw) < 16:
                made[at] = RawCell(ref, row, col, int(raw), formula, "n", style)
                continue
            s = text(raw) if raw else ""
            value = number(s)
            if value is None:
                if s.strip():
                    return None  # not a number: a finding, on the full read
                made[at] = RawCell(ref, row, col, None, formula, "n" if how == F_NUMBER else None, style)
            else:
                made[at] = RawCell(ref, row, col, value, formula, "n", style)
        elif how != OUTSIDE:
            s = text(raw) if raw else ""
            if how == F_TEXT or how == INLINE:
                if "_x" in s:
                    return None  # an escape: decoded and checked on the full read
                chars += len(s)
                made[at] = RawCell(ref, row, col, s, formula, "str" if how == F_TEXT else "inlineStr", style)
            elif how == F_ERROR:
                made[at] = RawCell(ref, row, col, s, formula, "e", style)
            else:  # F_BOOL
                made[at] = RawCell(ref, row, col, s.strip() in ("1", "true", "TRUE"), formula, "b", style)
    if budget.text + chars > limits.max_text_chars:
        return None  # the full read refuses it, after the same findings
    cells = cast(dict[str, RawCell], dict(zip(layout.refs, made, strict=True)))  # every slot filled
    budget.add_cells(layout.cells)
    budget.tick()
    if chars:
        budget.add_text(chars)
    sheet = RawSheet(name=name, state=state, cells=cells, dimension=layout.dimension)
    sheet.protection = dict(layout.protection)
    sheet.protected = layout.protected
    sheet.merged = list(layout.merged)
    sheet.max_row, sheet.max_col = layout.max_row, layout.max_col
    ext = Extent(layout.cells, *layout.bounds, layout.outside, layout.outside_first, list(layout.no_value))
    check_extent(sheet, ext, ctx)
    return sheet


def _how(t: bytes, formula: bool, v: bool, inline: bool) -> int | None:
    """How a cell's one slot is typed; None for a cell no layout describes."""
    if v and not inline:
        if not formula:
            return NUMBER if t in (b"", b"n") else SHARED if t == b"s" else None
        return {b"": F_NUMBER, b"n": F_NUMBER, b"str": F_TEXT, b"e": F_ERROR, b"b": F_BOOL, b"s": F_SHARED}.get(t)
    if inline and not v and not formula and t == b"inlineStr":
        return INLINE
    return None


Shape = tuple[bytes, bytes, bytes, bool, bool]  # a cell's whole text, reference, type, formula?, value element?


def learn(
    data: bytes, sheet: RawSheet, ext: Extent, shapes_of: Callable[[int, int], list[Shape]], ctx: SheetContext
) -> None:
    """Remember the layout of a sheet :mod:`.fast` has just read in full from ``data``, without
    a finding on any cell. ``shapes_of(start, end)``: its cells between those offsets in
    document order, as the plain shape's pattern takes them (the cell's text, its reference, its type, whether it has a formula
    and a value element). Sheets this module cannot describe (a reference twice, a cell with
    two slots or of a type it does not type) are not remembered."""
    fr = frame(data)
    if fr is None or ext.cells > _LEARN_CELLS or len(data) > _LEARN_BYTES:
        return
    rest, _footer = _split_rest(data[fr.cut :])
    key = _key(data, fr, rest, ctx)
    learned: list[Layout] | None = _LAYOUTS.get(key)
    if learned is not None and len(learned) >= _PER_KEY:
        return
    shapes = shapes_of(fr.start, fr.close)
    if len(shapes) != ext.cells:
        return
    skeleton, contents = _split_cells(data[fr.start : fr.close])
    slots: list[Slot] = []
    refs: list[str] = []
    known: list[RawCell | None] = []
    seen: set[str] = set()
    area_rows, area_cols = ctx.area_rows, ctx.area_cols
    for whole, rb, t, formula, v in shapes:
        ref = rb.decode("ascii")
        rc = parse_ref(ref)
        if rc is None:
            return
        row, col = rc
        n = len(_SLOT.findall(whole))
        if row > area_rows or col > area_cols:
            slots.extend((OUTSIDE, -1, ref, row, col, None, 0) for _ in range(n))
            continue
        if ref in seen:
            return
        seen.add(ref)
        cell = sheet.cells[ref]
        refs.append(ref)
        if n == 0:
            known.append(cell)  # nothing in it varies: shared by every sheet of this layout
            continue
        v_slot = v and b"<v>" in whole
        how = _how(t, formula, v_slot, not v_slot) if v == v_slot else None  # never with <v/>
        if n != 1 or how is None:
            return
        slots.append((how, len(known), ref, row, col, cell.formula, cell.style))
        known.append(None)
    if len(slots) != len(contents) or len(seen) != len(sheet.cells):
        return
    middle = data[fr.close : fr.cut]
    if learned and learned[0].middle == middle:
        middle = learned[0].middle  # one copy for the layouts of one template's sheet
    layout = Layout(
        skeleton,
        middle,
        tuple(refs),
        tuple(known),
        tuple(slots),
        ext.cells,
        (ext.min_r, ext.min_c, ext.max_r, ext.max_c),
        ext.outside,
        ext.outside_first,
        tuple(ext.no_value),
        sheet.max_row,
        sheet.max_col,
        sheet.dimension,
        tuple(sheet.protection.items()),
        sheet.protected,
        tuple(sheet.merged),
    )
    if learned is None:
        _LAYOUTS.put(key, [layout])
    elif all(k.skeleton != skeleton or k.middle != layout.middle for k in learned):
        learned.append(layout)


# --- xl/workbook.xml ------------------------------------------------------------------------------
# A template's forms differ in workbook.xml only in the texts of their defined names (the unit, the
# template's id): the same skeleton, its sheets and flags the same.
_NAME = re.compile(rb"(<definedName\b[^<>]*>)([^<]*)(</definedName>)")
_NAME_TAG = re.compile(rb"<definedName[\s/>]")
_BOOKS = caches.memo("gate.layout.books", 64)  # workbook.xml without its names' texts -> what it reads


def _split_names(data: bytes) -> tuple[bytes, list[bytes]]:
    pieces = _NAME.split(data)
    contents = pieces[2::4]
    del pieces[2::4]
    return b"".join(pieces), contents


def workbook(data: bytes) -> WorkbookInfo | None:
    """``xl/workbook.xml`` as :func:`toolkit.gate.parts.parse_workbook` reads it, when its
    skeleton is a learned one (:func:`learn_workbook`) and its names' texts are character data;
    None otherwise."""
    if not _BOOKS:
        return None
    skeleton, contents = _split_names(data)
    known: WorkbookInfo | None = _BOOKS.get(skeleton)
    if known is None or len(contents) != len(known.names):
        return None
    got = texts(contents)
    if got is None:
        return None
    names = [(name, local, t) for (name, local, _), t in zip(known.names, got, strict=True)]
    return WorkbookInfo(list(known.sheets), names, known.lock_structure)


def learn_workbook(data: bytes, wb: WorkbookInfo) -> None:
    """Remember what :func:`toolkit.gate.parts.parse_workbook` read from ``data``, when every
    defined name is an unprefixed ``<definedName>`` holding text only, in document order."""
    if len(data) > _LEARN_BYTES or b":definedName" in data or not utf8_without_markup(data):
        return
    skeleton, contents = _split_names(data)
    if len(contents) != len(wb.names) or len(_NAME_TAG.findall(data)) != len(contents):
        return
    _BOOKS.put(skeleton, WorkbookInfo(list(wb.sheets), list(wb.names), wb.lock_structure))
