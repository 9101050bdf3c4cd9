"""Formulas a clerk typed into an input cell, computed again from the cells they read.

A clerk may type ``=E13+E14`` instead of a figure. The file stores the result the program
last computed, which is stale when calculation was set to manual. :func:`evaluate`
computes the simple formulas people type (numbers, cell references, ``+ - * / ^``,
parentheses, ``SUM`` of cells and ranges) from the sheet's cells; anything else (another
function, another sheet, a name, text) is left unchecked, with the reason.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Protocol

from ..a1 import col_letter, split_a1
from ..rawbook import RawSheet

_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<range>\$?[A-Z]{1,3}\$?[0-9]{1,7}:\$?[A-Z]{1,3}\$?[0-9]{1,7})"
    r"|(?P<ref>\$?[A-Z]{1,3}\$?[0-9]{1,7})(?![A-Z0-9_(!.])"
    r"|(?P<num>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+)"
    r"|(?P<func>[A-Z][A-Z0-9._]*)\s*\("
    r"|(?P<op>[-+*/^(),;%])"
    r")",
    re.IGNORECASE,
)
MAX_RANGE = 10_000
MAX_DEPTH = 20


class Unsupported(Exception):
    """The formula uses something :func:`evaluate` does not compute; ``why`` says what."""

    def __init__(self, why_vi: str, why_en: str) -> None:
        super().__init__(why_en)
        self.why_vi, self.why_en = why_vi, why_en


@dataclass(frozen=True)
class Result:
    value: float | None  # None: not computed
    why_vi: str = ""
    why_en: str = ""


def _tokens(formula: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos, text = 0, formula.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            rest = text[pos:].strip()
            if not rest:
                break
            if rest[0] in "!'[":
                raise Unsupported("ô của trang tính hoặc tệp khác", "a cell of another sheet or file")
            if rest[0] == '"':
                raise Unsupported("chữ", "text")
            if rest[0] in "<>=&":
                raise Unsupported("phép so sánh", "a comparison")
            raise Unsupported(f"'{rest[:20]}'", f"'{rest[:20]}'")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind).upper()))
        pos = m.end()
    return out


class _CellValue(Protocol):
    """A referenced cell's number (``in_sum``: as SUM reads it, text and blanks count 0)."""

    def __call__(self, row: int, col: int, in_sum: bool = False) -> float: ...


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], cell: _CellValue) -> None:
        self.t, self.i, self.cell = tokens, 0, cell

    def peek(self) -> tuple[str, str]:
        return self.t[self.i] if self.i < len(self.t) else ("", "")

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, op: str) -> None:
        if self.take() != ("op", op):
            raise Unsupported("một công thức không đọc được", "a formula that cannot be parsed")

    def expr(self) -> float:
        v = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            w = self.term()
            v = v + w if op == "+" else v - w
        return v

    def term(self) -> float:
        v = self.power()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            w = self.power()
            if op == "*":
                v *= w
            elif w == 0:
                raise Unsupported("phép chia cho 0", "a division by zero")
            else:
                v /= w
        return v

    def power(self) -> float:
        v = self.unary()
        while self.peek() == ("op", "^"):
            self.take()
            v = v ** self.unary()
        return v

    def unary(self) -> float:
        if self.peek() in (("op", "-"), ("op", "+")):
            op = self.take()[1]
            v = self.unary()
            return -v if op == "-" else v
        v = self.primary()
        while self.peek() == ("op", "%"):
            self.take()
            v /= 100
        return v

    def primary(self) -> float:
        kind, text = self.take()
        if kind == "num":
            return float(text)
        if kind == "ref":
            r, c = split_a1(text)
            return self.cell(r, c)
        if kind == "op" and text == "(":
            v = self.expr()
            self.expect(")")
            return v
        if kind == "func":
            if text != "SUM":
                raise Unsupported(f"hàm {text}", f"the function {text}")
            return self.sum_args()
        if kind == "range":
            raise Unsupported("một vùng ô ngoài hàm SUM", "a range outside SUM")
        raise Unsupported("một công thức không đọc được", "a formula that cannot be parsed")

    def sum_args(self) -> float:
        total = 0.0
        if self.peek() == ("op", ")"):
            self.take()
            return total
        while True:
            kind, text = self.peek()
            if kind == "range":
                self.take()
                total += self.range_sum(text)
            else:
                total += self.expr()
            sep = self.take()
            if sep == ("op", ")"):
                return total
            if sep not in (("op", ","), ("op", ";")):
                raise Unsupported("một công thức không đọc được", "a formula that cannot be parsed")

    def range_sum(self, text: str) -> float:
        a, b = text.split(":")
        (r1, c1), (r2, c2) = split_a1(a), split_a1(b)
        rows, cols = range(min(r1, r2), max(r1, r2) + 1), range(min(c1, c2), max(c1, c2) + 1)
        if len(rows) * len(cols) > MAX_RANGE:
            raise Unsupported("một vùng ô quá lớn", "a range too large")
        return sum(self.cell(r, c, in_sum=True) for r in rows for c in cols)


def evaluate(formula: str, sheet: RawSheet, _depth: int = 0, _seen: frozenset[str] = frozenset()) -> Result:
    """The value of a typed formula computed from the sheet's cells as stored; a referenced
    cell holding a formula is computed the same way when it can be, else its stored result."""
    if _depth > MAX_DEPTH:
        return Result(None, "công thức lồng nhau quá sâu", "formulas nested too deep")

    def cell(row: int, col: int, in_sum: bool = False) -> float:
        ref = f"{col_letter(col)}{row}"
        c = sheet.cells.get(ref)
        if c is None:
            return 0.0
        if c.formula is not None and ref not in _seen:
            inner = evaluate(c.formula, sheet, _depth + 1, _seen | {ref})
            if inner.value is not None:
                return inner.value
        if ref in _seen:
            raise Unsupported("một tham chiếu vòng", "a circular reference")
        v = c.value
        if isinstance(v, bool):
            return float(v) if not in_sum else 0.0
        if isinstance(v, (int, float)):
            return float(v)
        if v is None or v == "":
            return 0.0
        if in_sum:
            return 0.0  # SUM skips text
        raise Unsupported(f"ô {ref} chứa chữ", f"cell {ref}, which holds text")

    if "!" in formula or "[" in formula:
        return Result(None, "ô của trang tính hoặc tệp khác", "a cell of another sheet or file")
    try:
        p = _Parser(_tokens(formula), cell)
        v = p.expr()
        if p.i != len(p.t):
            raise Unsupported("một công thức không đọc được", "a formula that cannot be parsed")
    except Unsupported as u:
        return Result(None, u.why_vi, u.why_en)
    except (OverflowError, ZeroDivisionError, ValueError):
        return Result(None, "một phép tính không hợp lệ", "an invalid calculation")
    if not math.isfinite(v):
        return Result(None, "một phép tính không hợp lệ", "an invalid calculation")
    return Result(v)
