"""A1 addresses, one set of rules for the whole toolkit: column letters, cells, sheet limits.

Rows and columns are 1-based, as Excel counts them. :func:`split_a1` reads what a person or
a program may write (``$B$12``, ``b12``); :func:`cell_in_sheet` accepts only a single cell
that exists in a sheet (no row 0, no leading zero, within Excel's 1.048.576 rows and 16.384
columns). The formula scanners (:mod:`toolkit.gate.formula`, :mod:`toolkit.validate.typed_formula`,
:mod:`toolkit.validate.structure`) find references inside formula text with their own context
rules, and read each one they find with these functions.
"""

from __future__ import annotations

import re

from . import caches

MAX_ROW = 1_048_576
MAX_COL = 16_384

_WRITTEN = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]+)$")  # upper-cased first
_IN_SHEET = re.compile(r"^([A-Z]{1,3})([1-9][0-9]{0,6})$")


def col_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    s = ""
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def col_index(letters: str) -> int:
    """A -> 1, AA -> 27 (upper-case letters)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


@caches.function("a1.a1", 1 << 16)
def a1(row: int, col: int) -> str:
    """(row, col), both 1-based -> 'A1' (cached: the same addresses recur in every file)."""
    return f"{col_letter(col)}{row}"


@caches.function("a1.split_a1", 1 << 16)
def split_a1(ref: str) -> tuple[int, int]:
    """'B12', '$b$12' -> (12, 2), both 1-based; ValueError when it is no cell address.

    Cached: the same addresses recur in every file."""
    m = _WRITTEN.match(ref.upper())
    if not m:
        raise ValueError(f"not an A1 cell reference: {ref!r}")
    return int(m.group(2)), col_index(m.group(1))


def cell_in_sheet(ref: str) -> tuple[int, int] | None:
    """(row, col) of a plain A1 address ('B12': upper case, no '$') naming a cell that exists
    in a sheet; None for anything else."""
    m = _IN_SHEET.match(ref)
    if not m:
        return None
    row, col = int(m.group(2)), col_index(m.group(1))
    if col > MAX_COL or row > MAX_ROW:
        return None
    return row, col
