"""The identity a generated form carries, so that a returned file says what it is.

A form written by :mod:`toolkit.forms` holds a very hidden sheet ``_baocao`` with

* key/value rows (column A key, column B value) for the fields of :class:`Identity`;
* the cell map (:class:`CellRef`), compactly: a header row ``["map/2", "indicator|column|sheet|cell|role"]``
  then a few rows, each one cell (column A) holding up to :data:`MAP_CHUNK` characters of
  lines ``indicator|column|sheet|cell|role`` joined by newlines (a commune form: 2 cells, was 1.178:
  the reading gate parses every cell of a returned file).

Forms sent out before the compact map (still ``baocao-form/1``) hold the map as a header row
``["indicator", "column", "sheet", "cell", "role"]`` then one row per mapped cell;
:meth:`Identity.from_rows` and :func:`parse_map` read both.

and workbook-level defined names ``baocao_unit``, ``baocao_period``, ``baocao_catalog``,
``baocao_template`` holding the same facts, as a second copy that survives if a client
drops hidden sheets.

``fingerprint`` is a hash of the locked content of the form (codes, labels, units,
formulas) at the addresses of the map, computed by :func:`fingerprint`, so that
validation can tell that locked content was altered without trusting the file name.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, fields

from .errors import BaocaoError

IDENTITY_SHEET = "_baocao"
FORMAT = "baocao-form/1"
MAP_HEADER = ["indicator", "column", "sheet", "cell", "role"]  # the one-row-per-cell map (before map/2)
MAP2 = "map/2"
MAP2_HEADER = [MAP2, "|".join(MAP_HEADER)]
MAP_SEP = "|"
MAP_CHUNK = 8000  # characters per map cell (Excel holds 32.767)
DEFINED_NAMES = {
    "unit": "baocao_unit",
    "period": "baocao_period",
    "catalog_version": "baocao_catalog",
    "template_id": "baocao_template",
}

OPTIONAL_KEYS = {"figures"}  # identity keys an older form may lack

# Columns of a form row that hold data, and the roles a mapped cell can have.
COLUMNS = ("value", "ytd_prev", "ytd", "same_period", "same_ytd", "note")
ROLES = ("input", "formula", "prefilled", "label")
# label cells of an indicator row: its code, name and unit (column names for role=label)
LABEL_COLUMNS = ("code", "name", "unit")
LAYOUT_KEY = "layout"  # the key/value row recording each column's letters (stt=A;code=B;...)


class IdentityError(BaocaoError, ValueError):
    """The identity sheet is missing or unreadable; ``detail``: what is wrong (in English,
    carried by the finding that reports it)."""

    detail: str

    vi = "Không đọc được phần nhận diện của biểu: {detail}"
    en = "The form's identity cannot be read: {detail}"

    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail)


@dataclass(frozen=True)
class CellRef:
    indicator: str
    column: str  # value | ytd | same_period | note | code | name | unit
    sheet: str
    cell: str  # A1
    role: str  # input | formula | prefilled | label


@dataclass
class Identity:
    format: str
    template_id: str
    catalog_version: str
    workspace: str
    unit: str
    period: str
    generated_at: str
    fingerprint: str
    form_sheet: str
    cells: list[CellRef] = field(default_factory=list)
    # "official": the form asks the period's official figures (sent after an estimate); ""
    # for a first return. Optional: older forms do not carry it.
    figures: str = ""

    def to_rows(self) -> list[list[str]]:
        rows = [
            [f.name, str(getattr(self, f.name))]
            for f in fields(self)
            if f.name != "cells" and not (f.name in OPTIONAL_KEYS and not getattr(self, f.name))
        ]
        rows.append([])
        rows.append(list(MAP2_HEADER))
        rows.extend([chunk] for chunk in map_chunks(self.cells))
        return rows

    @classmethod
    def from_rows(cls, rows: list[list[object]]) -> Identity:
        keys = {f.name for f in fields(cls)} - {"cells"}
        meta: dict[str, str] = {}
        split = next((i for i, row in enumerate(rows) if is_map_header(row)), len(rows))
        for row in rows[:split]:
            vals = _texts(row)
            if vals and vals[0] in keys:
                meta[vals[0]] = vals[1] if len(vals) > 1 else ""
        cells = parse_map(rows[split:])
        missing = keys - meta.keys() - OPTIONAL_KEYS
        if missing:
            raise IdentityError("identity keys missing: " + ", ".join(sorted(missing)))
        if meta["format"] != FORMAT:
            raise IdentityError(f"unknown form format: {meta['format']}")
        return cls(**meta, cells=cells)

    def cell(self, indicator: str, column: str) -> CellRef | None:
        for c in self.cells:
            if c.indicator == indicator and c.column == column:
                return c
        return None

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("cells")
        return d


def _texts(row: list[object] | tuple[object, ...]) -> list[str]:
    vals = ["" if v is None else str(v) for v in row]
    while vals and vals[-1] == "":
        vals.pop()
    return vals


def parse_column_letters(text: str) -> dict[str, str]:
    """The identity's ``layout`` row text ('stt=A;code=B;...') as {column key: letters};
    a part that is not ``key=LETTERS`` is skipped."""
    out: dict[str, str] = {}
    for part in text.split(";"):
        key, _, letters = part.partition("=")
        if letters.isalpha() and letters.isupper() and len(letters) <= 3:
            out[key.strip()] = letters
    return out


def column_letters(rows: list[list[object]] | list[tuple[object, ...]]) -> dict[str, str]:
    """Where the form's columns were written, from the identity sheet's rows: its
    ``layout`` row as {column key: letters}; {} without one."""
    for row in rows:
        if row and row[0] == LAYOUT_KEY and len(row) > 1 and isinstance(row[1], str):
            return parse_column_letters(row[1])
    return {}


def is_map_header(row: list[object] | tuple[object, ...]) -> bool:
    """The row that starts the map: the compact ``map/2`` one or the one-row-per-cell one."""
    vals = _texts(row)
    return vals[:1] == [MAP2] or vals[: len(MAP_HEADER)] == MAP_HEADER


def map_chunks(cells: list[CellRef]) -> list[str]:
    """The map as texts of at most :data:`MAP_CHUNK` characters, whole lines each."""
    chunks: list[str] = []
    lines: list[str] = []
    size = 0
    for c in cells:
        line = MAP_SEP.join((c.indicator, c.column, c.sheet, c.cell, c.role))
        if lines and size + 1 + len(line) > MAP_CHUNK:
            chunks.append("\n".join(lines))
            lines, size = [], -1
        lines.append(line)
        size += 1 + len(line)
    if lines:
        chunks.append("\n".join(lines))
    return chunks


def parse_map(rows: list[list[object]] | list[tuple[object, ...]]) -> list[CellRef]:
    """The cells of the map rows (from the header row on), in either format.

    ``map/2``: each row's first cell holds lines ``indicator|column|sheet|cell|role``
    (any line break a client may write, blank lines ignored); before it: a row per cell.
    Raises IdentityError on an incomplete entry."""
    cells: list[CellRef] = []
    compact = False
    for row in rows:
        vals = _texts(row)
        if not vals:
            continue
        if vals[:1] == [MAP2]:
            compact = True
            continue
        if vals[: len(MAP_HEADER)] == MAP_HEADER:
            compact = False
            continue
        if compact:
            for line in "\n".join(vals).splitlines():
                if not line.strip():
                    continue
                parts = [p.strip() for p in line.split(MAP_SEP)]
                if len(parts) != 5 or not all(parts):
                    raise IdentityError(f"incomplete map row: {line[:80]!r}")
                cells.append(CellRef(*parts))
        else:
            if len(vals) < 5:
                raise IdentityError(f"incomplete map row: {vals}")
            cells.append(CellRef(*vals[:5]))
    return cells


_WS = re.compile(r"\s+")


def canonical(text: object) -> str:
    """Text as compared for the fingerprint: formulas without '=', '$' and spaces, upper case."""
    s = "" if text is None else str(text)
    if isinstance(text, float) and text.is_integer():
        s = str(int(text))
    return _WS.sub(" ", s).strip()


def canonical_formula(formula: str) -> str:
    f = formula.lstrip("=").replace("$", "")
    f = re.sub(r"_xlfn\.|_xlws\.", "", f)
    return _WS.sub("", f).upper()


def fingerprint(items: list[tuple[str, str, str]]) -> str:
    """sha256 over (sheet, cell, canonical text) of locked content, order-independent."""
    h = hashlib.sha256()
    for sheet, cell, text in sorted(items):
        h.update(f"{sheet}!{cell}={text}\n".encode())
    return h.hexdigest()[:16]
