"""One worksheet, in one streaming pass: cells, dimension, protection, geometry.

Cells beyond the allowed area (the template's area plus a margin, or the absolute
limits) are counted but never materialised; if any of them holds a value or a formula
the sheet is refused with ``sheet-too-large``. The declared ``<dimension>`` is compared
with the cells really present: one that leaves data out is ``dimension-mismatch`` (one
larger than the data is harmless). Values are typed here: numbers as int when integral,
shared strings resolved, ``_xHHHH_`` escapes decoded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from toolkit.findings import Finding, make
from toolkit.gate import codes
from toolkit.gate.budget import Budget
from toolkit.gate.codes import Reject
from toolkit.gate.formula import MAX_COL, MAX_ROW, shift
from toolkit.gate.parts import SharedStrings, decode_escapes, illegal_chars
from toolkit.gate.xmlsafe import NS_MAIN, NS_STRICT, SEP, feed, new_parser
from toolkit.rawbook import CellValue, RawCell, RawSheet, a1, col_index

_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})$")  # canonical, as Excel writes it
_LENIENT_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?0*([0-9]{1,7})$")
_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?$")
_REFS: dict[str, tuple[int, int]] = {}
_REFS_MAX = 100_000
MAX_FORMULA = 8192  # Excel's limit on the length of a formula


@dataclass
class SheetContext:
    """What a worksheet parse needs from the rest of the book."""

    file: str
    part: str
    sst: SharedStrings | None
    budget: Budget
    area_rows: int
    area_cols: int
    findings: list[Finding] = field(default_factory=list)


def _parse_ref(r: str) -> tuple[int, int] | None:
    """'B12' -> (12, 2) for a canonical reference (as Excel writes it), else None.

    Results are cached across files: forms share their layout, so after the first file
    a cell reference costs one dictionary lookup instead of a regex match."""
    m = _REF.match(r)
    if m is None:
        return None
    rc = (int(m.group(2)), col_index(m.group(1)))
    if len(_REFS) < _REFS_MAX:
        _REFS[r] = rc
    return rc


def parse_range(ref: str | None) -> tuple[int, int, int, int] | None:
    """'A1:G151' -> (1, 1, 151, 7); 'A1' -> (1, 1, 1, 1); None if unreadable."""
    if not ref:
        return None
    m = _RANGE.match(ref.strip().upper())
    if not m:
        return None
    r1, c1 = int(m.group(2)), col_index(m.group(1))
    r2, c2 = (int(m.group(4)), col_index(m.group(3))) if m.group(3) else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _number(text: str) -> int | float | None:
    t = text.strip()
    if not t:
        return None
    if len(t) < 16 and "." not in t and "e" not in t and "E" not in t:
        try:
            return int(t)
        except ValueError:
            pass
    try:
        f = float(t)
    except ValueError:
        return None
    if not math.isfinite(f):
        return None
    if f.is_integer() and abs(f) < 2**53:
        return int(f)
    return f


class _Cold:
    """The rare paths of a sheet parse: findings, unusual cell types, shared formulas."""

    def __init__(self, sheet: RawSheet, ctx: SheetContext) -> None:
        self.sheet = sheet
        self.ctx = ctx
        self.counts: dict[str, int] = {}
        self.shared: dict[str, tuple[str, int, int]] = {}

    def finding(self, code_: str, cell: str, **kw: Any) -> None:
        n = self.counts.get(code_, 0)
        self.counts[code_] = n + 1
        if n < self.ctx.budget.limits.max_cell_findings:
            self.ctx.findings.append(make(code_, file=self.ctx.file, sheet=self.sheet.name, cell=cell, **kw))

    def malformed(self, detail: str) -> Reject:
        return Reject(codes.XML_MALFORMED, part=self.ctx.part, line="?", detail=detail)

    def int_attr(self, text: str) -> int:
        try:
            return int(text)
        except ValueError:
            raise self.malformed(f"number {text!r}") from None

    def lenient_ref(self, r: str) -> tuple[int, int]:
        m = _LENIENT_REF.match(r.strip())
        if m is None:
            raise self.malformed(f"cell ref {r!r}")
        return int(m.group(2)), col_index(m.group(1).upper())

    def root(self, name: str) -> None:
        if name.startswith(NS_STRICT):
            raise Reject(codes.STRICT_OOXML)
        if name != NS_MAIN + SEP + "worksheet":
            raise Reject(codes.XML_MALFORMED, part=self.ctx.part, line=1, detail=f"root {name!r}")

    def formula(self, text: str, attrs: dict[str, str] | None, row: int, col: int) -> str:
        if len(text) > MAX_FORMULA:
            raise self.malformed(f"formula of {len(text)} characters")
        if attrs and attrs.get("t") == "shared" and "si" in attrs:
            si = attrs["si"]
            if text:
                self.shared[si] = (text, row, col)
            elif si in self.shared:
                master, mr, mc = self.shared[si]
                text = shift(master, row - mr, col - mc)
        return text[1:] if text.startswith("=") else text

    def value(self, t: str | None, v: str | None, inline: list[str] | None, ref: str) -> CellValue:
        if t is None or t == "n":
            if v is None:
                return None
            num = _number(v)
            if num is None and v.strip():
                self.finding(codes.BAD_CELL_VALUE, ref, value=v[:50])
            return num
        if t == "s":
            if v is None:
                return None
            sst = self.ctx.sst
            try:
                i = int(v)
                if sst is None or i < 0:
                    raise IndexError
                text = sst.strings[i]
            except (ValueError, IndexError):
                if sst is None:
                    raise Reject(codes.MISSING_PART, part="xl/sharedStrings.xml") from None
                raise Reject(
                    codes.SHARED_STRING_MISSING,
                    file=self.ctx.file,
                    sheet=self.sheet.name,
                    cell=ref,
                    index=v[:20],
                ) from None
            bad = sst.illegal.get(i)
            if bad:
                self.finding(codes.CONTROL_CHARACTERS, ref, chars=bad)
            return text
        if t == "inlineStr" or t == "str":
            if t == "inlineStr":
                text = "".join(inline or ())
            elif v is None:
                return None
            else:
                text = v
            self.ctx.budget.add_text(len(text))
            if "_x" in text:
                text = decode_escapes(text)
                bad = illegal_chars(text)
                if bad:
                    self.finding(codes.CONTROL_CHARACTERS, ref, chars=bad)
            return text
        if t == "b":
            return None if v is None else v.strip() in ("1", "true", "TRUE")
        if t == "e":
            return v
        if t == "d":
            return None if v is None else v.strip()
        self.finding(codes.BAD_CELL_VALUE, ref, value=f"t={t[:20]}")
        return None


@dataclass
class _Extent:
    cells: int = 0
    min_r: int = 1 << 30
    min_c: int = 1 << 30
    max_r: int = 0
    max_c: int = 0
    outside: int = 0
    outside_first: str | None = None
    no_value: list[str] = field(default_factory=list)


def parse_sheet(name: str, state: str, chunks: Iterable[bytes], ctx: SheetContext) -> RawSheet:
    """Parse one worksheet part. The handlers are closures over local state: this is the
    gate's hot loop (five callbacks per cell), kept free of attribute lookups.

    A part already in memory (a list of chunks, see :meth:`.package.Package.stream`) in the
    plain shape is read by :func:`toolkit.gate.fast.parse_sheet` instead: same result, faster."""
    if isinstance(chunks, list):
        from toolkit.gate import fast

        done = fast.parse_sheet(name, state, b"".join(chunks), ctx)
        if done is not None:
            return done
    sheet = RawSheet(name=name, state=state)
    cold = _Cold(sheet, ctx)
    ext = _Extent()
    cells = sheet.cells
    buf: list[str] = []
    clear = buf.clear
    join = "".join
    sst = ctx.sst.strings if ctx.sst is not None else None
    sst_clean = ctx.sst is not None and not ctx.sst.illegal
    area_rows, area_cols = ctx.area_rows, ctx.area_cols
    add_cells = ctx.budget.add_cells
    m = NS_MAIN + SEP
    C, V, F, ROW, IS, T, RPH = (m + x for x in ("c", "v", "f", "row", "is", "t", "rPh"))
    DIM, PROT, MERGE = m + "dimension", m + "sheetProtection", m + "mergeCell"
    refs_get = _REFS.get

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
                    rc = _parse_ref(r)
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
                value = int(v) if len(v) < 16 and v.isdecimal() else _number(v)
                if value is None:
                    value = cold.value(t, v, inline, key)
            elif t == "s" and sst_clean and v.isdecimal():
                try:
                    value = sst[int(v)]  # type: ignore[index]
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
    _after(sheet, ext, ctx)
    return sheet


def _data_outside(sheet: RawSheet, r1: int, c1: int, r2: int, c2: int) -> bool:
    """A value or formula outside the declared area (every such cell was materialised: cells
    beyond the template's area that hold data refuse the sheet before this is asked)."""
    return any(
        (c.value is not None or c.formula is not None) and not (r1 <= c.row <= r2 and c1 <= c.col <= c2)
        for c in sheet.cells.values()
    )


def _after(sheet: RawSheet, ext: _Extent, ctx: SheetContext) -> None:
    f = ctx.findings
    if ext.outside:
        f.append(
            make(
                codes.SHEET_TOO_LARGE,
                file=ctx.file,
                sheet=sheet.name,
                cell=ext.outside_first,
                count=ext.outside - 1,
                area=a1(ctx.area_rows, ctx.area_cols),
            )
        )
    dim = parse_range(sheet.dimension)
    if dim is not None and not ext.outside:
        actual = (ext.min_r, ext.min_c, ext.max_r, ext.max_c) if ext.max_r else None
        r1, c1, r2, c2 = dim
        # only a declared area that leaves data out can make another reader miss figures; one
        # larger than the data is harmless (LibreOffice declares A1:I1048576 after a row is
        # deleted), and so are blank formatted cells outside it
        if (
            actual is not None
            and (actual[0] < r1 or actual[1] < c1 or actual[2] > r2 or actual[3] > c2)
            and _data_outside(sheet, r1, c1, r2, c2)
        ):
            shown = f"{a1(actual[0], actual[1])}:{a1(actual[2], actual[3])}"
            f.append(
                make(
                    codes.DIMENSION_MISMATCH,
                    file=ctx.file,
                    sheet=sheet.name,
                    declared=sheet.dimension,
                    actual=shown,
                )
            )
    if ext.no_value:
        f.append(
            make(
                codes.FORMULA_NO_VALUE,
                file=ctx.file,
                sheet=sheet.name,
                cell=ext.no_value[0],
                more=len(ext.no_value) - 1,
                cells=ext.no_value[:200],
            )
        )
