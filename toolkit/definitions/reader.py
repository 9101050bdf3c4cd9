"""Reading a definitions workbook (ours, or re-saved by Excel, LibreOffice, WPS) with openpyxl.

Sheets are found by name and columns by their header text, so a column moved or a
sheet re-ordered still reads; a missing sheet or column, a row without a code and a
number that reads two ways are findings at their cell.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from ..a1 import col_letter
from ..errors import BaocaoError
from ..findings import Finding, make
from ..findings import definitions as definitions_codes
from . import columns as K
from .cells import ABSENT, CellProblem, from_cell, is_blank
from .source import target_key
from .tables import ReadRow, read_row


@dataclass
class SheetRead:
    spec: K.Sheet
    rows: list[ReadRow] = field(default_factory=list)
    letters: dict[int, str] = field(default_factory=dict)  # column index in spec -> letter
    meta: dict[str, Any] = field(default_factory=dict)  # targets: year, source, extra
    meta_cells: dict[str, str] = field(default_factory=dict)

    def letter(self, key: str) -> str | None:
        n = self.spec.index(key)
        return self.letters.get(n) if n is not None else None


@dataclass
class BookRead:
    path: Path
    sheets: dict[str, SheetRead] = field(default_factory=dict)  # by sheet name
    targets: dict[int | str, SheetRead] = field(default_factory=dict)
    unit_targets: dict[int | str, SheetRead] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)
    readable: bool = True
    properties: dict[str, str] = field(default_factory=dict)  # custom document properties


class UnreadableBook(BaocaoError):
    """The file is not a workbook openpyxl can read; ``detail``: why (in English)."""

    detail: str

    vi = "Không mở được sổ định nghĩa: {detail}"
    en = "Cannot open the definitions workbook: {detail}"

    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail)


def norm(text: Any) -> str:
    t = unicodedata.normalize("NFC", str(text or "")).casefold()
    return re.sub(r"\s+", " ", t).strip()


_TARGETS_RE = re.compile(
    r"^" + re.escape(K.TARGETS_PREFIX) + r"(\d{4}(?:-\d{4})?)(" + re.escape(K.UNITS_SUFFIX) + r")?$"
)
FIXED = (K.INDICATORS_SHEET, K.SECTIONS_SHEET, K.UNITS_SHEET, K.BASELINE_SHEET, K.OTHER_SHEET)


def targets_year(sheet_name: str) -> tuple[int | str, bool] | None:
    """(year or term, per unit?) of a targets sheet's name, else None."""
    m = _TARGETS_RE.match(sheet_name.strip())
    if not m:
        return None
    key = target_key(m[1])
    return (key, bool(m[2])) if key is not None else None


def read_book(path: Path) -> BookRead:
    """Read every known sheet; raises :class:`UnreadableBook` when the file is not a workbook."""
    out = BookRead(Path(path))
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as e:
        raise UnreadableBook(str(e) or type(e).__name__) from e
    try:
        try:
            # types-openpyxl lacks Workbook.custom_doc_props (openpyxl >= 3.1 has it)
            out.properties = {p.name: str(p.value) for p in wb.custom_doc_props}  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - properties are a courtesy: never a reason to fail
            out.properties = {}
        names = {n.strip(): n for n in wb.sheetnames}
        for spec in FIXED:
            if spec.name in names:
                out.sheets[spec.name] = _read_sheet(wb[names[spec.name]], spec, out.problems)
        for name, real in names.items():
            hit = targets_year(name)
            if hit is None:
                continue
            key, per_unit = hit
            if per_unit:
                out.unit_targets[key] = _read_sheet(wb[real], K.unit_targets_sheet(key), out.problems)
            else:
                out.targets[key] = _read_sheet(wb[real], K.targets_sheet(key), out.problems, meta=True)
    finally:
        wb.close()
    return out


def _read_sheet(sheet: Any, spec: K.Sheet, problems: list[Finding], meta: bool = False) -> SheetRead:
    out = SheetRead(spec)
    grid = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_row = _find_header(grid, spec)
    if meta:
        _read_meta(grid, spec, out, problems)
    if header_row is None:
        first = next(c for c in spec.columns if c.required)
        problems.append(
            make(definitions_codes.HEADER_MISSING, sheet=spec.name, cell=f"A{spec.header_row}", header=first.header)
        )
        return out
    headers = grid[header_row - 1]
    by_header: dict[str, int] = {}
    for n, col in enumerate(spec.columns):
        by_header.setdefault(norm(col.header), n)
        if col.key not in (K.INFO, K.EXTRA, K.FILE):
            by_header.setdefault(norm(col.key), n)
    for j, h in enumerate(headers):
        if is_blank(h):
            continue
        at = by_header.get(norm(h))
        if at is None:
            problems.append(
                make(
                    definitions_codes.UNKNOWN_HEADER,
                    sheet=spec.name,
                    cell=f"{col_letter(j + 1)}{header_row}",
                    header=str(h),
                )
            )
        elif at not in out.letters:
            out.letters[at] = col_letter(j + 1)
    for n, col in enumerate(spec.columns):
        if col.imported and n not in out.letters:
            problems.append(
                make(definitions_codes.HEADER_MISSING, sheet=spec.name, cell=f"A{header_row}", header=col.header)
            )
    index = {col_letter(j + 1): j for j in range(len(headers))}
    code_n = spec.index("code") or 0  # the first column when the sheet has no code column
    for r in range(header_row + 1, len(grid) + 1):
        line = grid[r - 1]
        values = {n: (line[index[letter]] if index[letter] < len(line) else None) for n, letter in out.letters.items()}
        rr = read_row(spec, r, values, out.letters)
        if rr.blank:
            continue
        out.rows.append(rr)
        code_key = spec.columns[code_n].key
        if code_key not in rr.raw and code_n in out.letters:
            rr.problems.append(
                make(definitions_codes.ROW_WITHOUT_CODE, sheet=spec.name, cell=f"{out.letters[code_n]}{r}", row=r)
            )
    return out


def _find_header(grid: list[list[Any]], spec: K.Sheet) -> int | None:
    """The 1-based row holding the first required column's header (near where it belongs)."""
    want = {norm(c.header) for c in spec.columns if c.required} | {norm(c.key) for c in spec.columns if c.required}
    for r in range(min(len(grid), spec.header_row + 10)):
        if any(norm(v) in want for v in grid[r] if not is_blank(v)):
            return r + 1
    return None


def _read_meta(grid: list[list[Any]], spec: K.Sheet, out: SheetRead, problems: list[Finding]) -> None:
    """Year, source and other keys above a targets table (label in A, value in B)."""
    labels = {norm(text): key for key, (_row, text) in K.TARGET_META.items()}
    for r in range(min(len(grid), spec.header_row - 1)):
        line = grid[r]
        if not line or norm(line[0]) not in labels or len(line) < 2:
            continue
        key, v, cell = labels[norm(line[0])], line[1], f"B{r + 1}"
        out.meta_cells[key] = cell
        if is_blank(v):
            continue
        if key == "year":
            try:
                out.meta["year"] = int(v) if float(v).is_integer() else v
            except (TypeError, ValueError):
                out.meta["year"] = v
        elif key == "source":
            out.meta["source"] = str(v).strip()
        else:
            try:
                extra = from_cell(K.OTHER_SHEET.columns[2], v)
            except CellProblem as e:
                problems.append(make(e.what, sheet=spec.name, cell=cell, **e.ctx))
                continue
            if extra is not ABSENT:
                if isinstance(extra, dict):
                    out.meta["extra"] = extra
                else:
                    problems.append(
                        make(definitions_codes.BAD_EXTRA, sheet=spec.name, cell=cell, detail=f"'{v}' is not a mapping")
                    )
