"""Shared formulas: the text of a dependent cell, from its master cell's text.

Excel stores a filled-down formula once (``<f t="shared" si="0" ref="F2:F9">D2*2</f>``)
and the other cells only as ``<f t="shared" si="0"/>``. A dependent's formula is the
master's with every relative reference moved by the distance between the two cells, as
Excel shows it. Absolute parts (``$``) stay; a reference pushed off the sheet becomes
``#REF!``. Text inside string literals and quoted sheet names is never touched.
"""

from __future__ import annotations

import re

from toolkit.a1 import col_index, col_letter

MAX_ROW = 1_048_576
MAX_COL = 16_384

_TOKEN = re.compile(
    r"""
      (?P<str>"(?:[^"]|"")*")
    | (?P<sheet>'(?:[^']|'')*'!)
    | (?<![\w.])(?P<cols>(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3}))(?![\w(.!])
    | (?<![\w.])(?P<rows>(\$?)([0-9]{1,7}):(\$?)([0-9]{1,7}))(?![\w(.!])
    | (?<![\w.])(?P<cell>(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7}))(?![\w(.!])
    """,
    re.X,
)


def _row(absolute: str, n: int, d: int) -> str | None:
    if absolute:
        return f"${n}"
    n += d
    return str(n) if 1 <= n <= MAX_ROW else None


def _col(absolute: str, letters: str, d: int) -> str | None:
    c = col_index(letters.upper())
    if absolute:
        return "$" + letters.upper()
    c += d
    return col_letter(c) if 1 <= c <= MAX_COL else None


def shift(formula: str, drow: int, dcol: int) -> str:
    """The formula as seen from a cell drow rows and dcol columns away."""
    if not drow and not dcol:
        return formula

    def sub(m: re.Match[str]) -> str:
        g = m.groups()
        if m.group("str") is not None or m.group("sheet") is not None:
            return m.group(0)
        if m.group("cols") is not None:
            a, b = _col(g[3], g[4], dcol), _col(g[5], g[6], dcol)
            return f"{a}:{b}" if a and b else "#REF!"
        if m.group("rows") is not None:
            a, b = _row(g[8], int(g[9]), drow), _row(g[10], int(g[11]), drow)
            return f"{a}:{b}" if a and b else "#REF!"
        c, r = _col(g[13], g[14], dcol), _row(g[15], int(g[16]), drow)
        if c is None or r is None or col_index(g[14].upper()) > MAX_COL:
            return "#REF!"
        return c + r

    return _TOKEN.sub(sub, formula)
