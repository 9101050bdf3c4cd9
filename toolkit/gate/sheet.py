"""One worksheet, in one streaming pass (the reference reader): cells, dimension, protection,
geometry.

Cells beyond the allowed area (the template's area plus a margin, or the absolute
limits) are counted but never materialised; if any of them holds a value or a formula
the sheet is refused with ``sheet-too-large``. The declared ``<dimension>`` is compared
with the cells really present: one that leaves data out is ``dimension-mismatch`` (one
larger than the data is harmless). Values are typed here: numbers as int when integral,
shared strings resolved, ``_xHHHH_`` escapes decoded.
"""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.a1 import a1
from toolkit.gate.cells import REF_CACHE, Extent, RareCells, SheetContext, check_extent, number, parse_ref
from toolkit.gate.formula import MAX_COL, MAX_ROW
from toolkit.gate.xmlsafe import NS_MAIN, SEP, feed, new_parser
from toolkit.rawbook import RawCell, RawSheet


def parse_sheet(name: str, state: str, chunks: Iterable[bytes], ctx: SheetContext) -> RawSheet:
    """Parse one worksheet part. The handlers are closures over local state: this is the
    gate's hot loop (five callbacks per cell), kept free of attribute lookups.

    This is the reference reader: it reads every shape the format allows, from chunks, in
    constant memory. :func:`toolkit.gate.fast.parse_sheet` reads the plain shape of a part
    already in memory to the same result; :mod:`.read` chooses."""
    sheet = RawSheet(name=name, state=state)
    cold = RareCells(sheet, ctx)
    ext = Extent()
    cells = sheet.cells
    buf: list[str] = []
    clear = buf.clear
    join = "".join
    sst = ctx.sst.strings if ctx.sst is not None else []  # read only when sst_clean
    sst_clean = ctx.sst is not None and not ctx.sst.illegal
    area_rows, area_cols = ctx.area_rows, ctx.area_cols
    add_cells = ctx.budget.add_cells
    m = NS_MAIN + SEP
    C, V, F, ROW, IS, T, RPH = (m + x for x in ("c", "v", "f", "row", "is", "t", "rPh"))
    DIM, PROT, MERGE = m + "dimension", m + "sheetProtection", m + "mergeCell"
    refs_get = REF_CACHE.get

    row = col = s = n = 0
    min_r = min_c = 1 << 30
    max_r = max_c = 0
    ref = ""
    t: str | None = None
    v: str | None = None
    f: str | None = None
    f_attrs: dict[str, str] | None = None
    inline: list[str] | None = None
    in_rph = 0
    root_seen = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row, col, s, ref, t, v, f, f_attrs, inline, in_rph, root_seen
        if name == C:
            r = attrs.get("r")
            if r is None:
                col += 1
                ref = ""
            else:
                rc = refs_get(r)
                if rc is None:
                    rc = parse_ref(r)
                    if rc is None:
                        row, col = cold.lenient_ref(r)
                        ref = ""
                    else:
                        row, col = rc
                        ref = r
                else:
                    row, col = rc
                    ref = r
            t = attrs.get("t")
            st = attrs.get("s")
            if st is None:
                s = 0
            else:
                try:
                    s = int(st)
                except ValueError:
                    raise cold.malformed(f"style {st!r}") from None
            v = f = f_attrs = inline = None
            clear()
        elif name == V:
            clear()
        elif name == ROW:
            r = attrs.get("r")
            row = cold.int_attr(r) if r else row + 1
            col = 0
            clear()
        elif name == F:
            clear()
            f_attrs = attrs
        elif name == T:
            if inline is not None and not in_rph:
                clear()
        elif name == IS:
            inline = []
        elif name == RPH:
            in_rph += 1
        elif name == DIM:
            sheet.dimension = attrs.get("ref")
        elif name == PROT:
            sheet.protection = dict(attrs)
            sheet.protected = attrs.get("sheet", "").strip().lower() in ("1", "true")
        elif name == MERGE:
            sheet.merged.append(attrs.get("ref", ""))
        if not root_seen:
            cold.root(name)
            root_seen = True

    def end(name: str) -> None:
        nonlocal v, f, in_rph, n, min_r, min_c, max_r, max_c
        if name == V:
            v = join(buf)
        elif name == C:
            if not (0 < row <= MAX_ROW and 0 < col <= MAX_COL):
                raise cold.malformed(f"cell at row {row} col {col}")
            n += 1
            if not n & 1023:
                add_cells(1024)
            if row > max_r:
                max_r = row
            if col > max_c:
                max_c = col
            if col < min_c:
                min_c = col
            if row < min_r:
                min_r = row
            if row > area_rows or col > area_cols:
                if v is not None or f is not None or inline:
                    ext.outside += 1
                    if ext.outside_first is None:
                        ext.outside_first = a1(row, col)
                return
            key = ref or a1(row, col)
            if f is not None:
                formula = cold.formula(f, f_attrs, row, col)
                if v is None:  # an empty <v/> is a stored blank result (xlsxwriter's value="")
                    ext.no_value.append(key)
                value = cold.value(t, v, inline, key)
                cells[key] = RawCell(key, row, col, value, formula, t or "n", s)
                return
            if v is None:
                if t != "inlineStr" or inline is None:
                    cells[key] = RawCell(key, row, col, None, None, None, s)
                    return
                value = cold.value(t, v, inline, key)
            elif t is None:
                value = int(v) if len(v) < 16 and v.isdecimal() else number(v)
                if value is None:
                    value = cold.value(t, v, inline, key)
            elif t == "s" and sst_clean and v.isdecimal():
                try:
                    value = sst[int(v)]
                except (IndexError, ValueError):
                    value = cold.value(t, v, inline, key)
            else:
                value = cold.value(t, v, inline, key)
            cells[key] = RawCell(key, row, col, value, None, None if value is None else (t or "n"), s)
        elif name == F:
            f = join(buf)
        elif name == T:
            if inline is not None and not in_rph:
                inline.append(join(buf))
        elif name == RPH:
            in_rph -= 1

    p = new_parser()
    p.StartElementHandler = start
    p.EndElementHandler = end
    p.CharacterDataHandler = buf.append
    feed(p, chunks, ctx.part, ctx.budget.tick)
    p.StartElementHandler = p.EndElementHandler = p.CharacterDataHandler = None
    add_cells(n & 1023)
    ext.cells, ext.min_r, ext.min_c, ext.max_r, ext.max_c = n, min_r, min_c, max_r, max_c
    if cells:
        if max_r <= area_rows and max_c <= area_cols:  # every cell was materialised
            sheet.max_row, sheet.max_col = max_r, max_c
        else:
            sheet.max_row = max(c.row for c in cells.values())
            sheet.max_col = max(c.col for c in cells.values())
    check_extent(sheet, ext, ctx)
    return sheet
