"""What both worksheet readers (the streaming :mod:`.sheet` and the fast :mod:`.fast`) share:
the parse's context (:class:`SheetContext`), cell references, the typing of values and
formulas on the rare paths (:class:`RareCells`), and the findings a sheet's extent calls for
(:func:`check_extent`): cells beyond the allowed area, a ``<dimension>`` that leaves data
out, formulas stored without a value.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from toolkit import caches
from toolkit.a1 import a1, col_index
from toolkit.findings import Code, Finding, make
from toolkit.findings import gate as codes
from toolkit.gate.budget import Budget
from toolkit.gate.formula import shift
from toolkit.gate.reject import Reject
from toolkit.gate.strings import SharedStrings, decode_escapes, illegal_chars
from toolkit.gate.xmlsafe import NS_MAIN, NS_STRICT, SEP
from toolkit.rawbook import CellValue, RawSheet

_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})$")  # canonical, as Excel writes it
_LENIENT_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?0*([0-9]{1,7})$")
_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?$")
REF_CACHE = caches.memo("gate.cells.refs", 100_000)  # "B12" -> (12, 2), shared by every form
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


def parse_ref(r: str) -> tuple[int, int] | None:
    """'B12' -> (12, 2) for a canonical reference (as Excel writes it), else None.

    Results are cached across files: forms share their layout, so after the first file
    a cell reference costs one dictionary lookup instead of a regex match."""
    m = _REF.match(r)
    if m is None:
        return None
    rc = (int(m.group(2)), col_index(m.group(1)))
    return REF_CACHE.put(r, rc)


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


def number(text: str) -> int | float | None:
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


class RareCells:
    """The rare paths of a sheet parse: findings, unusual cell types, shared formulas."""

    def __init__(self, sheet: RawSheet, ctx: SheetContext) -> None:
        self.sheet = sheet
        self.ctx = ctx
        self.counts: dict[str, int] = {}
        self.shared: dict[str, tuple[str, int, int]] = {}

    def finding(self, code_: Code, cell: str, **kw: Any) -> None:
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
            num = number(v)
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
class Extent:
    cells: int = 0
    min_r: int = 1 << 30
    min_c: int = 1 << 30
    max_r: int = 0
    max_c: int = 0
    outside: int = 0
    outside_first: str | None = None
    no_value: list[str] = field(default_factory=list)


def data_outside(sheet: RawSheet, r1: int, c1: int, r2: int, c2: int) -> bool:
    """A value or formula outside the declared area (every such cell was materialised: cells
    beyond the template's area that hold data refuse the sheet before this is asked)."""
    return any(
        (c.value is not None or c.formula is not None) and not (r1 <= c.row <= r2 and c1 <= c.col <= c2)
        for c in sheet.cells.values()
    )


def check_extent(sheet: RawSheet, ext: Extent, ctx: SheetContext) -> None:
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
            and data_outside(sheet, r1, c1, r2, c2)
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
