"""A field's value to a cell and back, by the column's kind.

Reading is lenient where a person would be: labels or YAML values, "Có"/"x"/TRUE,
Vietnamese numbers typed as text (``46,5``), dates as dates or dd/mm/yyyy. What it cannot
read it passes on unchanged, so that the catalog's own loaders report it with their own
words (one rule in one place); only what they cannot see (a number that reads two ways)
is reported here.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

import yaml

from .. import yamlio
from ..findings import Code
from ..findings import definitions as definitions_codes
from ..numbers import fmt, read
from .columns import GROUP_LABELS, LABELS, NO, YES, Column
from .plain import plain


class Unfit(ValueError):
    """The value cannot be shown in this column: it travels in the 'Khác (YAML)' column."""


class CellProblem(ValueError):
    def __init__(self, what: Code, **ctx: Any):
        super().__init__(what)
        self.what, self.ctx = what, ctx


_ABSENT = object()


def is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _number(v: Any) -> int | float:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    return v


def to_cell(col: Column, value: Any) -> Any:
    """The cell value that shows ``value`` in ``col``; raises :class:`Unfit`."""
    if value is None:
        return None
    k = col.kind
    if isinstance(value, (dict, list)) and k not in ("list", "reporters", "extra"):
        raise Unfit(col.key)
    if k == "extra":
        return dump_flow(value) if value not in (None, {}) else None
    if k in ("text", "info"):
        if isinstance(value, bool):
            raise Unfit(col.key)
        return value if isinstance(value, str) else _plain_scalar(value)
    if k in ("number", "int"):
        if isinstance(value, bool):
            raise Unfit(col.key)
        return _number(value) if isinstance(value, (int, float)) else str(value)
    if k == "bool":
        if isinstance(value, bool):
            return YES if value else NO
        raise Unfit(col.key)
    if k == "choice":
        return LABELS[col.key].get(str(value), str(value)) if isinstance(value, str) else _plain_scalar(value)
    if k == "list":
        if isinstance(value, list) and all(isinstance(x, str) for x in value):
            return ", ".join(value)
        raise Unfit(col.key)
    if k == "reporters":
        return reporters_text(value)
    if k == "date":
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    raise ValueError(f"unknown column kind {k}")


def _plain_scalar(v: Any) -> Any:
    return _number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)


def from_cell(col: Column, v: Any) -> Any:
    """The field value a cell holds (``_ABSENT`` for an empty cell); raises :class:`CellProblem`."""
    if is_blank(v):
        return _ABSENT
    if isinstance(v, str):
        v = v.strip()
    k = col.kind
    if k in ("text", "info"):
        if isinstance(v, datetime):
            return v.date().isoformat()
        return v if isinstance(v, str) else fmt_plain(v)
    if k in ("number", "int"):
        return read_number(v)
    if k == "bool":
        if isinstance(v, bool):
            return v
        if isinstance(v, (int, float)) and v in (0, 1):
            return bool(v)
        t = str(v).strip().casefold()
        if t in ("có", "co", "x", "true", "yes", "đúng", "1"):
            return True
        if t in ("không", "khong", "false", "no", "sai", "0"):
            return False
        return v
    if k == "choice":
        t = str(v).strip()
        labels = LABELS[col.key]
        for code, label in labels.items():
            if t.casefold() in (code.casefold(), label.casefold()):
                return code
        return t
    if k == "list":
        return split_codes(v)
    if k == "reporters":
        return read_reporters(str(v).strip())
    if k == "date":
        return read_date(v)
    if k == "extra":
        return load_flow(v)
    raise ValueError(f"unknown column kind {k}")


def _units_text(units: Any) -> str:
    if isinstance(units, str):
        return GROUP_LABELS.get(units, units)
    if isinstance(units, list) and units and all(isinstance(x, str) for x in units):
        return ", ".join(units)
    raise Unfit("reporters")


def _dmy(iso: Any) -> str:
    try:
        return date.fromisoformat(str(iso)).strftime("%d/%m/%Y")
    except ValueError as e:
        raise Unfit("reporters") from e


def reporters_text(value: Any) -> str:
    """'Các xã, phường', 'PKT, TCKH', or dated entries: 'CA (đến 30/06/2025); Các xã, phường (từ 01/07/2025)'."""
    if not isinstance(value, list) or not any(isinstance(x, dict) for x in value):
        return _units_text(value)
    parts = []
    for span in value:
        if not isinstance(span, dict) or set(span) - {"units", "valid_from", "valid_to"} or "units" not in span:
            raise Unfit("reporters")
        when = []
        if span.get("valid_from"):
            when.append("từ " + _dmy(span["valid_from"]))
        if span.get("valid_to"):
            when.append("đến " + _dmy(span["valid_to"]))
        text = _units_text(span["units"])
        if ";" in text or "(" in text:
            raise Unfit("reporters")
        parts.append(text + (f" ({' '.join(when)})" if when else ""))
    return "; ".join(parts)


_SPAN = re.compile(r"^(?P<units>[^()]*?)\s*\((?P<when>[^()]*)\)$")
_WHEN = re.compile(r"^(?:từ\s+(?P<f>\S+))?\s*(?:đến\s+(?P<t>\S+))?$", re.IGNORECASE)


def _read_units(text: str) -> Any:
    folded = text.strip().casefold()
    for code, label in GROUP_LABELS.items():
        if folded in (label.casefold(), code, label.casefold().removeprefix("các ")):
            return code
    return split_codes(text)


def read_reporters(text: str) -> Any:
    """The inverse of :func:`reporters_text`; what it cannot read is passed on to the catalog's loader."""
    if ";" not in text and "(" not in text:
        return _read_units(text)
    spans: list[dict[str, Any]] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        m = _SPAN.match(part)
        if not m:
            spans.append({"units": _read_units(part)})
            continue
        w = _WHEN.match(m["when"].strip())
        if not w or not (w["f"] or w["t"]):
            return text
        span: dict[str, Any] = {"units": _read_units(m["units"])}
        if w["f"]:
            span["valid_from"] = read_date(w["f"])
        if w["t"]:
            span["valid_to"] = read_date(w["t"])
        spans.append(span)
    return spans


def fmt_plain(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def split_codes(v: Any) -> list[str]:
    return [p.strip() for p in re.split(r"[,;\n]", fmt_plain(v)) if p.strip()]


def read_number(v: Any) -> Any:
    """A numeric cell, or text in Vietnamese (or plain) notation; other text is passed on."""
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        if isinstance(v, float) and not math.isfinite(v):
            return str(v)
        return _number(v)
    t = str(v).strip()
    p = read(t)
    if not p.ok or p.suffix:
        return t
    if p.ambiguous:
        raise CellProblem(
            definitions_codes.AMBIGUOUS_NUMBER, value=t, readings=" hoặc ".join(fmt(r.value) for r in p.readings)
        )
    return _number(p.readings[0].value)


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def read_date(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    t = str(v).strip()
    m = _DMY.match(t)
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        return date.fromisoformat(t).isoformat()
    except ValueError:
        return t  # units.yaml's loader says what is wrong with it


def dump_flow(value: Any) -> str:
    """A value as one line of YAML ({a: 1, b: [x, y]})."""
    return (
        yaml.safe_dump(plain(value), default_flow_style=True, allow_unicode=True, width=10**9)
        .strip()
        .removesuffix("\n...")
    )


def load_flow(v: Any) -> Any:
    if not isinstance(v, str):
        return v
    try:
        return plain(yamlio.loads(v))
    except yamlio.YamlError as e:
        raise CellProblem(definitions_codes.BAD_EXTRA, detail=e.detail) from e


ABSENT = _ABSENT
