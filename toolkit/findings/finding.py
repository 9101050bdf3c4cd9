"""A finding: a declared code, a severity, where it is, and its message in two languages.

:func:`make` builds one from a declared :class:`~toolkit.findings.code.Code` (never from a
plain string) and the fields of the place and the message; the result is data that
serialises to JSON (:meth:`Finding.to_dict`) and back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .code import Code, Severity, lookup


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "…"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message_vi: str
    message_en: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None  # Excel A1 address, never a 0-based index
    indicator: str | None = None
    column: str | None = None  # value | ytd | same_period | note ...
    value: str | None = None
    expected: str | None = None
    line: int | None = None  # for text files (catalog, CSV)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def declared(self) -> Code:
        """The declared entry of this finding's code."""
        return lookup(self.code)

    @property
    def area(self) -> str:
        """The area that reported it (gate, structure, intake, ...)."""
        return lookup(self.code).area

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file + (f":{self.line}" if self.line else ""))
        if self.sheet:
            parts.append(f"'{self.sheet}'")
        if self.cell:
            parts.append(self.cell)
        return "!".join(parts[-2:]) if self.sheet and self.cell else " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity"] = self.severity.value
        if not self.extra:
            d.pop("extra")
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        d = dict(d)
        d["severity"] = Severity(d["severity"])
        return cls(**d)


def make(code: Code, /, **ctx: Any) -> Finding:
    """Build a finding from a declared code (a plain string is refused: declare it and use its constant).

    Location keywords (file, sheet, cell, indicator, column, value, expected, line) are
    stored as fields; every keyword is also available to the message templates. Values
    are shown as given: format numbers with :mod:`toolkit.numbers` before passing them.
    """
    if not isinstance(code, Code):
        raise TypeError(f"make() takes a declared finding code (toolkit.findings), not {code!r}")
    fields = {k: ctx.pop(k) for k in list(ctx) if k in _LOCATION_FIELDS}
    severity = ctx.pop("severity", code.severity)
    fmt = _Blank({k: ("" if v is None else v) for k, v in {**fields, **ctx}.items()})
    for k in ("value", "expected"):
        if fields.get(k) is not None:
            fields[k] = str(fields[k])
    return Finding(
        code=str(code),
        severity=Severity(severity),
        message_vi=code.message_vi.format_map(fmt),
        message_en=code.message_en.format_map(fmt),
        extra={k: v for k, v in ctx.items() if _jsonable(v)},
        **fields,
    )


_LOCATION_FIELDS = {"file", "sheet", "cell", "indicator", "column", "value", "expected", "line"}


def _jsonable(v: Any) -> bool:
    try:
        json.dumps(v)
    except TypeError:
        return False
    return True


def count(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    e = w = 0
    for f in findings:
        if f.severity is Severity.ERROR:
            e += 1
        elif f.severity is Severity.WARNING:
            w += 1
    return e, w
