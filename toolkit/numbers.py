"""Numbers the Vietnamese way: display (7.600; 37,89%) and reading typed text.

People type "1.234", "2,5", "37,89%", "1.234,5 ha" into cells, often as text. :func:`read`
returns every plausible reading of such text; the caller decides between readings with
what it knows (unit, bounds, last period's value) and says what it decided.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

_NBSP = "\u00a0\u202f\u2009"


def fmt(value: float | int | None, decimals: int | None = None) -> str:
    """7600 -> '7.600'; 37.891 (decimals=2) -> '37,89'; None -> ''.

    Without ``decimals``: integers as integers, other numbers with up to 2 decimals,
    trailing zeros dropped.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        value = int(value)
    trim = decimals is None
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    s = f"{round_half_up(value, decimals):,.{decimals}f}"
    if trim and "." in s:
        s = s.rstrip("0").rstrip(".")
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def round_half_up(value: float, decimals: int = 0) -> float:
    """Round as Excel's ROUND and as people do: 39,25 -> 39,3 (Python's round gives 39,2)."""
    if not math.isfinite(value) or abs(value) >= 1e15:
        return float(value)  # nothing after the decimal mark to round (and beyond Decimal's precision)
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(q, rounding=ROUND_HALF_UP))


def truncate(value: float, decimals: int = 0) -> float:
    """Cut off digits, as some reports do: 103,1856 -> 103,18."""
    if not math.isfinite(value) or abs(value) >= 1e15:
        return float(value)
    q = Decimal(1).scaleb(-decimals)
    from decimal import ROUND_DOWN

    return float(Decimal(repr(float(value))).quantize(q, rounding=ROUND_DOWN))


def fmt_pct(value: float | None, decimals: int = 2) -> str:
    """37.891 -> '37,89%'."""
    return "" if value is None else fmt(value, decimals) + "%"


# Excel number formats; the thousands/decimal marks follow the reader's locale, so a
# Vietnamese-locale Excel shows 7.600 and 37,89.
EXCEL_FORMATS = {
    0: "#,##0",
    1: "#,##0.0",
    2: "#,##0.00",
    3: "#,##0.000",
}


def excel_format(decimals: int) -> str:
    return EXCEL_FORMATS.get(decimals, "#,##0." + "0" * decimals)


@dataclass(frozen=True)
class Reading:
    value: float
    how_vi: str
    how_en: str


@dataclass
class Parsed:
    text: str
    readings: list[Reading] = field(default_factory=list)
    percent: bool = False
    suffix: str = ""  # unit text typed after the number ("ha", "con")

    @property
    def ok(self) -> bool:
        return bool(self.readings)

    @property
    def ambiguous(self) -> bool:
        return len({r.value for r in self.readings}) > 1


_SUFFIX = re.compile(r"^(?P<num>[-+]?[\d.,\s" + _NBSP + r"]*\d)\s*(?P<pct>%)?\s*(?P<suffix>[^\d]*)$")


def read(text: str) -> Parsed:
    """All plausible readings of a typed number.

    >>> [r.value for r in read("1.234,5").readings]
    [1234.5]
    >>> [r.value for r in read("1.234").readings]
    [1234.0, 1.234]
    """
    raw = text
    s = text.strip()
    for ch in _NBSP:
        s = s.replace(ch, " ")
    out = Parsed(raw)
    m = _SUFFIX.match(s)
    if not m:
        return out
    num = m.group("num").replace(" ", "")
    out.percent = bool(m.group("pct"))
    out.suffix = (m.group("suffix") or "").strip()
    if out.suffix.startswith("%"):
        out.percent, out.suffix = True, out.suffix[1:].strip()
    sign = -1.0 if num.startswith("-") else 1.0
    num = num.lstrip("+-")
    dots, commas = num.count("."), num.count(",")

    def add(v: str, vi: str, en: str) -> None:
        try:
            out.readings.append(Reading(sign * float(v), vi, en))
        except ValueError:
            pass

    def grouped(sep: str) -> str:
        return r"\d{1,3}(?:[" + sep + r"]\d{3})+"

    if dots == 0 and commas == 0:
        add(num, "số nguyên", "plain number")
    elif dots and commas:
        last_dot, last_comma = num.rfind("."), num.rfind(",")
        if last_comma > last_dot and re.fullmatch(grouped(".") + r",\d+", num):
            add(
                num.replace(".", "").replace(",", "."),
                "dấu chấm ngăn hàng nghìn, dấu phẩy thập phân (kiểu Việt Nam)",
                "'.' as thousands and ',' as decimal mark (Vietnamese style)",
            )
        elif last_dot > last_comma and re.fullmatch(grouped(",") + r"\.\d+", num):
            add(
                num.replace(",", ""),
                "dấu phẩy ngăn hàng nghìn, dấu chấm thập phân (kiểu Anh - Mỹ)",
                "',' as thousands and '.' as decimal mark (English style)",
            )
    elif dots:
        if dots > 1:
            if re.fullmatch(grouped("."), num):
                add(num.replace(".", ""), "dấu chấm ngăn hàng nghìn", "'.' as thousands separator")
        elif re.fullmatch(r"\d{1,3}\.\d{3}", num):
            add(num.replace(".", ""), "dấu chấm ngăn hàng nghìn", "'.' as thousands separator")
            add(num, "dấu chấm là dấu thập phân", "'.' as decimal mark")
        else:
            add(num, "dấu chấm là dấu thập phân", "'.' as decimal mark")
    else:  # commas only
        if commas > 1:
            if re.fullmatch(grouped(","), num):
                add(num.replace(",", ""), "dấu phẩy ngăn hàng nghìn", "',' as thousands separator")
        elif re.fullmatch(r"\d{1,3},\d{3}", num):
            add(
                num.replace(",", "."),
                "dấu phẩy là dấu thập phân (kiểu Việt Nam)",
                "',' as decimal mark (Vietnamese style)",
            )
            add(num.replace(",", ""), "dấu phẩy ngăn hàng nghìn", "',' as thousands separator")
        else:
            add(
                num.replace(",", "."),
                "dấu phẩy là dấu thập phân (kiểu Việt Nam)",
                "',' as decimal mark (Vietnamese style)",
            )
    return out


def read_plain(text: str, whole: bool = False) -> float:
    """The one reading of a number in a definition file; raises ValueError if ambiguous.

    Definition files (baseline CSV, targets) may use '.' as decimal mark (25056.5) or
    Vietnamese notation (25.056,5; 8,27). ``whole``: the indicator counts whole things
    (type integer), so of two readings the whole one is meant: "25.056" is 25.056 con,
    never twenty-five and a bit. Otherwise "25.056" is ambiguous: write 25056 or 25,056.
    """
    p = read(text)
    if not p.ok:
        raise ValueError(f"not a number: {text!r}")
    if p.ambiguous and whole:  # a count: the separator groups thousands ("54.000" is 54.000, not 54)
        integral = [r.value for r in p.readings if float(r.value).is_integer()]
        if integral:
            return max(integral, key=abs)
    if p.ambiguous:
        raise ValueError(
            f"ambiguous number {text!r}: "
            + " or ".join(fmt(r.value, 3) for r in p.readings)
            + "; write it without a thousands separator"
        )
    return p.readings[0].value


def read_yaml_number(value: float | int | str, whole: bool = False) -> float:
    """A number from a YAML definition file. Text is read like a CSV value (:func:`read_plain`:
    "1.300.000", "8,27"); YAML itself reads an unquoted 25.056 or 54.000 as a decimal number,
    which a count (``whole``) cannot be: it is read as written, the Vietnamese way (thousands)."""
    if isinstance(value, str):
        return read_plain(value, whole)
    text = getattr(value, "text", "")  # how YAML saw it written (toolkit.yamlio.Decimal)
    if whole and isinstance(value, float) and (text or not value.is_integer()):
        return read_plain(text or f"{value:.3f}", whole=True)
    return float(value)
