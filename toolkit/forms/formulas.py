"""The formulas of a form as small expression trees.

Each formula is built once as a tree, then rendered to Excel text (what the cell holds)
and evaluated in Python (the cached value written beside it, so that a reader that does
not recalculate, openpyxl ``data_only`` or a previewer, still sees the right number).

Only what forms need is modelled: cell references, ranges within a column, numbers,
text, the operators ``+ - * / = <> < > <= >=`` and the functions IF, AND, OR, N, SUM,
COUNT, ISTEXT, ISNUMBER, with Excel's rules for blanks, text and errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeGuard

from ..a1 import col_letter, split_a1


@dataclass(frozen=True)
class XlError:
    """An Excel error value (#VALUE!, #DIV/0!)."""

    code: str

    def __str__(self) -> str:
        return self.code


VALUE_ERROR = XlError("#VALUE!")
DIV0_ERROR = XlError("#DIV/0!")

Value = float | str | bool | XlError | None  # None: a blank cell
Lookup = Callable[[str], Value]


class Expr:
    def render(self) -> str:
        raise NotImplementedError

    def eval(self, get: Lookup) -> Value:
        raise NotImplementedError

    def refs(self) -> list[str]:
        """Cells this expression reads."""
        return []


@dataclass(frozen=True)
class Ref(Expr):
    cell: str

    def render(self) -> str:
        return self.cell

    def eval(self, get: Lookup) -> Value:
        return get(self.cell)

    def refs(self) -> list[str]:
        return [self.cell]


@dataclass(frozen=True)
class Range(Expr):
    """Cells of one column from ``first`` to ``last`` (only inside SUM and COUNT)."""

    first: str
    last: str

    def cells(self) -> list[str]:
        r1, c = split_a1(self.first)
        r2, _ = split_a1(self.last)
        return [f"{col_letter(c)}{r}" for r in range(r1, r2 + 1)]

    def render(self) -> str:
        return f"{self.first}:{self.last}"

    def eval(self, get: Lookup) -> Value:
        return VALUE_ERROR  # a bare range is not a value

    def refs(self) -> list[str]:
        return self.cells()


@dataclass(frozen=True)
class Num(Expr):
    value: float

    def render(self) -> str:
        v = self.value
        return str(int(v)) if float(v).is_integer() else repr(float(v))

    def eval(self, get: Lookup) -> Value:
        return float(self.value)


@dataclass(frozen=True)
class Text(Expr):
    value: str

    def render(self) -> str:
        return '"' + self.value.replace('"', '""') + '"'

    def eval(self, get: Lookup) -> Value:
        return self.value


@dataclass(frozen=True)
class Op(Expr):
    op: str
    left: Expr
    right: Expr

    def render(self) -> str:
        return f"{_paren(self.left, self.op)}{self.op}{_paren(self.right, self.op, right=True)}"

    def eval(self, get: Lookup) -> Value:
        a, b = self.left.eval(get), self.right.eval(get)
        for v in (a, b):
            if isinstance(v, XlError):
                return v
        if self.op in _COMPARE:
            return _compare(self.op, a, b)
        x, y = _to_number(a), _to_number(b)
        if isinstance(x, XlError):
            return x
        if isinstance(y, XlError):
            return y
        if self.op == "+":
            return x + y
        if self.op == "-":
            return x - y
        if self.op == "*":
            return x * y
        if self.op == "/":
            return DIV0_ERROR if y == 0 else x / y
        raise ValueError(f"unknown operator {self.op}")

    def refs(self) -> list[str]:
        return self.left.refs() + self.right.refs()


_COMPARE = ("=", "<>", "<", ">", "<=", ">=")
_PRECEDENCE = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "+": 2, "-": 2, "*": 3, "/": 3}


def _paren(e: Expr, op: str, right: bool = False) -> str:
    text = e.render()
    if isinstance(e, Op):
        inner, outer = _PRECEDENCE[e.op], _PRECEDENCE[op]
        if inner < outer or (right and inner == outer):
            return f"({text})"
    return text


@dataclass(frozen=True)
class Call(Expr):
    name: str
    args: tuple[Expr, ...]

    def render(self) -> str:
        return f"{self.name}({','.join(a.render() for a in self.args)})"

    def refs(self) -> list[str]:
        return [r for a in self.args for r in a.refs()]

    def eval(self, get: Lookup) -> Value:
        fn = _FUNCTIONS.get(self.name)
        if fn is None:
            raise ValueError(f"function {self.name} is not modelled")
        return fn(self.args, get)


# --- Excel semantics -----------------------------------------------------------------


def _is_number(v: Value) -> TypeGuard[float]:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _to_number(v: Value) -> float | XlError:
    if v is None or v == "":
        return 0.0 if v is None else VALUE_ERROR
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if _is_number(v):
        return float(v)
    if isinstance(v, XlError):
        return v
    try:  # Excel converts number-looking text in arithmetic ("5" + 1 = 6)
        return float(str(v).strip())
    except ValueError:
        return VALUE_ERROR


def _compare(op: str, a: Value, b: Value) -> bool:
    # a blank compares as 0 with a number, as "" with text, as FALSE with a boolean
    if a is None:
        a = "" if isinstance(b, str) else (False if isinstance(b, bool) else 0.0)
    if b is None:
        b = "" if isinstance(a, str) else (False if isinstance(a, bool) else 0.0)
    rank = {float: 0, int: 0, str: 1, bool: 2}
    ka, kb = rank[type(a)], rank[type(b)]
    x: Any  # two values of one kind (ranks, texts, numbers or booleans): they compare
    y: Any
    if ka != kb:  # Excel orders numbers < text < booleans
        x, y = ka, kb
    elif isinstance(a, str):
        x, y = a.lower(), str(b).lower()
    else:
        x, y = a, b
    return {"=": x == y, "<>": x != y, "<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]


def _truth(v: Value) -> bool | XlError:
    if isinstance(v, XlError):
        return v
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    if _is_number(v):
        return v != 0
    return VALUE_ERROR


def _cells(args: tuple[Expr, ...], get: Lookup) -> list[tuple[Value, bool]]:
    """Values of the arguments, each with whether it came from a cell reference."""
    out: list[tuple[Value, bool]] = []
    for a in args:
        if isinstance(a, Range):
            out.extend((get(c), True) for c in a.cells())
        else:
            out.append((a.eval(get), isinstance(a, Ref)))
    return out


def _if(args: tuple[Expr, ...], get: Lookup) -> Value:
    cond = _truth(args[0].eval(get))
    if isinstance(cond, XlError):
        return cond
    branch = args[1] if cond else (args[2] if len(args) > 2 else None)
    if branch is None:
        return False
    v = branch.eval(get)
    return 0.0 if v is None else v


def _logic(all_: bool) -> Callable[[tuple[Expr, ...], Lookup], Value]:
    def fn(args: tuple[Expr, ...], get: Lookup) -> Value:
        seen = []
        for v, from_ref in _cells(args, get):
            if isinstance(v, XlError):
                return v
            if from_ref and (v is None or isinstance(v, str)):
                continue  # references to blanks and text are ignored
            t = _truth(v)
            if isinstance(t, XlError):
                return t
            seen.append(t)
        if not seen:
            return VALUE_ERROR
        return all(seen) if all_ else any(seen)

    return fn


def _n(args: tuple[Expr, ...], get: Lookup) -> Value:
    v = args[0].eval(get)
    if isinstance(v, XlError):
        return v
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    return float(v) if _is_number(v) else 0.0


def _sum(args: tuple[Expr, ...], get: Lookup) -> Value:
    total = 0.0
    for v, from_ref in _cells(args, get):
        if isinstance(v, XlError):
            return v
        if _is_number(v):
            total += float(v)
        elif not from_ref:
            x = _to_number(v)
            if isinstance(x, XlError):
                return x
            total += x
    return total


def _count(args: tuple[Expr, ...], get: Lookup) -> Value:
    return float(sum(1 for v, _ in _cells(args, get) if _is_number(v)))


def _istext(args: tuple[Expr, ...], get: Lookup) -> Value:
    v = args[0].eval(get)
    return isinstance(v, str)


def _isnumber(args: tuple[Expr, ...], get: Lookup) -> Value:
    return _is_number(args[0].eval(get))


_FUNCTIONS: dict[str, Callable[[tuple[Expr, ...], Lookup], Value]] = {
    "IF": _if,
    "AND": _logic(True),
    "OR": _logic(False),
    "N": _n,
    "SUM": _sum,
    "COUNT": _count,
    "ISTEXT": _istext,
    "ISNUMBER": _isnumber,
}


# --- builders used by the layout -----------------------------------------------------


def call(name: str, *args: Expr) -> Call:
    return Call(name, tuple(args))


def refs_compact(cells: list[str]) -> list[Expr]:
    """Cell references, with runs of consecutive rows of one column merged into ranges."""
    out: list[Expr] = []
    run: list[tuple[int, int, str]] = []

    def flush() -> None:
        if not run:
            return
        if len(run) == 1:
            out.append(Ref(run[0][2]))
        else:
            out.append(Range(run[0][2], run[-1][2]))
        run.clear()

    for cell in cells:
        r, c = split_a1(cell)
        if run and (c != run[-1][1] or r != run[-1][0] + 1):
            flush()
        run.append((r, c, cell))
    flush()
    return out


def copy_of(cell: str) -> Expr:
    """=IF(E11="","",E11): the same value, blank while the source is blank."""
    return call("IF", Op("=", Ref(cell), Text("")), Text(""), Ref(cell))


def less_of(total: str, before: str) -> Expr:
    """=IF(COUNT(total,before)<2,"",total-before): this period's figure of an indicator whose
    source gives the year to date (budget revenue from the treasury), blank until both are known."""
    return call(
        "IF", Op("<", call("COUNT", Ref(total), Ref(before)), Num(2)), Text(""), Op("-", Ref(total), Ref(before))
    )


def carry_of(before: str, value: str) -> Expr:
    """=IF(COUNT(before,value)<2,"",before+value): the year to date carried from the accepted
    figure up to the period before, blank until both are known."""
    return call(
        "IF", Op("<", call("COUNT", Ref(before), Ref(value)), Num(2)), Text(""), Op("+", Ref(before), Ref(value))
    )


def total_of(cells: list[str]) -> Expr:
    """=IF(COUNT(parts)=0,"",SUM(parts)): a whole made of its parts, blank until one is typed."""
    parts = refs_compact(cells)
    return call("IF", Op("=", call("COUNT", *parts), Num(0)), Text(""), call("SUM", *parts))


def ratio_of(numerator: str, denominator: str, scale: float) -> Expr:
    """=IF(OR(N(den)=0,num=""),"",num/den*scale): guarded against a zero or blank base."""
    guard = call("OR", Op("=", call("N", Ref(denominator)), Num(0)), Op("=", Ref(numerator), Text("")))
    rate = Op("/", Ref(numerator), Ref(denominator))
    if scale != 1:
        rate = Op("*", rate, Num(scale))
    return call("IF", guard, Text(""), rate)


def first_problem(checks: list[tuple[Expr, str]]) -> Expr:
    """=IF(cond1,"msg1",IF(cond2,"msg2","")): the first failing check's message, else blank."""
    expr: Expr = Text("")
    for cond, message in reversed(checks):
        expr = call("IF", cond, Text(message), expr)
    return expr


def evaluate_all(formulas: dict[str, Expr], inputs: dict[str, Value]) -> dict[str, Value]:
    """Values of every formula cell, given the typed and pre-filled cells."""
    done: dict[str, Value] = {}
    active: set[str] = set()

    def get(cell: str) -> Value:
        if cell in formulas:
            if cell not in done:
                if cell in active:
                    raise ValueError(f"circular formula at {cell}")
                active.add(cell)
                done[cell] = formulas[cell].eval(get)
                active.discard(cell)
            return done[cell]
        return inputs.get(cell)

    for cell in formulas:
        get(cell)
    return done
