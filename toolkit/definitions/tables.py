"""Rows of the workbook from the raw documents, and raw documents from rows.

One function per direction for every sheet kind, both driven by :mod:`.columns`: a field
without a column, or a value its column cannot show, goes to the "Khác (YAML)" cell and
comes back from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding, make
from ..findings import definitions as definitions_codes
from .cells import ABSENT, CellProblem, Unfit, from_cell, to_cell
from .columns import EXTRA, INFO, Sheet


def row_cells(sheet: Sheet, raw: dict[str, Any], info: dict[int, Any] | None = None) -> list[Any]:
    """The cell values of one row (in the sheet's column order)."""
    left = dict(raw)
    cells: list[Any] = [None] * len(sheet.columns)
    for n, col in enumerate(sheet.columns):
        if col.key in (EXTRA, INFO):
            continue
        if col.key not in left:
            continue
        try:
            cells[n] = to_cell(col, left[col.key])
        except Unfit:
            continue
        del left[col.key]
    for n, col in enumerate(sheet.columns):
        if col.key == INFO and info:
            cells[n] = info.get(n)
    x = sheet.index(EXTRA)
    if x is not None:
        cells[x] = to_cell(sheet.columns[x], left) if left else None
    elif left:
        raise ValueError(f"sheet {sheet.name} cannot hold fields {sorted(left)}")
    return cells


@dataclass
class ReadRow:
    """One row read back: the raw mapping, the cell each key came from, its problems."""

    row: int  # 1-based sheet row
    raw: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)  # key -> A1
    problems: list[Finding] = field(default_factory=list)
    blank: bool = True


def read_row(sheet: Sheet, row: int, values: dict[int, Any], letters: dict[int, str]) -> ReadRow:
    """``values``/``letters``: by index into ``sheet.columns`` (columns found in the header)."""
    out = ReadRow(row)
    extra: dict[str, Any] = {}
    extra_cell = ""
    for n, col in enumerate(sheet.columns):
        if n not in letters or col.key == INFO:
            continue
        cell = f"{letters[n]}{row}"
        v = values.get(n)
        try:
            value = from_cell(col, v)
        except CellProblem as e:
            out.blank = False
            out.problems.append(make(e.what, sheet=sheet.name, cell=cell, **e.ctx))
            continue
        if value is ABSENT:
            continue
        out.blank = False
        if col.key == EXTRA:
            if not isinstance(value, dict):
                out.problems.append(
                    make(definitions_codes.BAD_EXTRA, sheet=sheet.name, cell=cell, detail=f"'{v}' is not a mapping")
                )
                continue
            extra, extra_cell = value, cell
            continue
        out.raw[col.key] = value
        out.cells[col.key] = cell
    for k, v in extra.items():
        if k in out.raw:
            out.problems.append(make(definitions_codes.EXTRA_CONFLICT, sheet=sheet.name, cell=extra_cell, field=k))
            continue
        out.raw[k] = v
        out.cells[k] = extra_cell
    return out
