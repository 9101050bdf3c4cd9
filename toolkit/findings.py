"""Findings are data: a stable code, a severity, a location, and a message in two languages.

Every area of baocao (catalog checks, the reading gate, structure, values, rules, intake)
registers its codes with :func:`code`; each code carries its severity and message templates
in Vietnamese and English, written for the person who must fix the file (the clerk), like
pyxform's ``ErrorCode`` or frictionless' error catalog. ``docs/findings.md`` documents every
registered code, and a test keeps the two in step.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Code:
    """One entry of the finding catalog. Templates use ``str.format`` fields."""

    code: str
    severity: Severity
    area: str
    title_vi: str
    title_en: str
    message_vi: str
    message_en: str


_REGISTRY: dict[str, Code] = {}


def code(
    code_: str,
    severity: Severity | str,
    area: str,
    title: tuple[str, str],
    message: tuple[str, str],
) -> Code:
    """Register a finding code. Registering the same code twice is a programming error."""
    if code_ in _REGISTRY:
        raise ValueError(f"finding code registered twice: {code_}")
    entry = Code(code_, Severity(severity), area, title[0], title[1], message[0], message[1])
    _REGISTRY[code_] = entry
    return entry


def registry() -> dict[str, Code]:
    """All registered codes (import the modules that register them first)."""
    return dict(_REGISTRY)


class _Blank(dict):
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


def make(code_: str | Code, /, **ctx: Any) -> Finding:
    """Build a finding from a registered code.

    Location keywords (file, sheet, cell, indicator, column, value, expected, line) are
    stored as fields; every keyword is also available to the message templates. Values
    are shown as given: format numbers with :mod:`toolkit.numbers` before passing them.
    """
    entry = code_ if isinstance(code_, Code) else _REGISTRY[code_]
    fields = {k: ctx.pop(k) for k in list(ctx) if k in _LOCATION_FIELDS}
    severity = ctx.pop("severity", entry.severity)
    fmt = _Blank({k: ("" if v is None else v) for k, v in {**fields, **ctx}.items()})
    for k in ("value", "expected"):
        if fields.get(k) is not None:
            fields[k] = str(fields[k])
    return Finding(
        code=entry.code,
        severity=Severity(severity),
        message_vi=entry.message_vi.format_map(fmt),
        message_en=entry.message_en.format_map(fmt),
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
