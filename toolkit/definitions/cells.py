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
from ..numbers import fmt, read
from .columns import LABELS, NO, WARDS_LABEL, YES, Column
from .plain import plain


class Unfit(ValueError):
    """The value cannot be shown in this column: it travels in the 'Khác (YAML)' column."""


class CellProblem(ValueError):
    def __init__(self, what: str, **ctx: Any):
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
        if value == "wards":
            return WARDS_LABEL
        if isinstance(value, str):
            return value
        if isinstance(value, list) and all(isinstance(x, str) for x in value):
            return ", ".join(value)
        raise Unfit(col.key)
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
        t = str(v).strip()
        if t.casefold() in (WARDS_LABEL.casefold(), "wards", "xã, phường", "xã phường"):
            return "wards"
        return split_codes(t)
    if k == "date":
        return read_date(v)
    if k == "extra":
        return load_flow(v)
    raise ValueError(f"unknown column kind {k}")


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
        raise CellProblem("ambiguous-number", value=t, readings=" hoặc ".join(fmt(r.value) for r in p.readings))
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
        raise CellProblem("bad-extra", detail=e.message) from e


ABSENT = _ABSENT
