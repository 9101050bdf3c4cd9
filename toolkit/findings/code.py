"""A finding code: the string users see, declared once with its severity, area and messages.

Every code is declared by :func:`declare` in the module of its area (``toolkit/findings/
gate.py``, ``catalog.py``, ...), written out whole as users see it, and used by its constant:

    FILE_NOT_FOUND = declare("file-not-found", E, AREA, (title_vi, title_en), (vi, en))
    ...
    make(gate.FILE_NOT_FOUND, file=path)

A :class:`Code` *is* that string (it compares, hashes and serialises as the plain code), so
findings and JSON reports carry plain strings; what makes it a declared code is its type:
:func:`toolkit.findings.make` takes a ``Code`` and refuses a plain ``str``, which mypy and
the run both catch. Like pyxform's ``ErrorCode`` enum or frictionless' error classes, each
entry carries its title and message templates (``str.format`` fields) in Vietnamese and
English, written for the person who must fix the file.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# short names for the declaration tables of the areas
E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Area:
    """A part of baocao that reports findings, as docs/findings.md presents it."""

    name: str
    title_vi: str
    title_en: str
    about: str = ""  # one line for docs/findings.md: what its findings are about


class Code(str):
    """One declared finding code. Equal to (and serialised as) its plain string."""

    __slots__ = ("severity", "area", "title_vi", "title_en", "message_vi", "message_en")
    severity: Severity
    area: str
    title_vi: str
    title_en: str
    message_vi: str
    message_en: str

    def __new__(
        cls, code: str, severity: Severity, area: str, title: tuple[str, str], message: tuple[str, str]
    ) -> Code:
        self = super().__new__(cls, code)
        values = (Severity(severity), area, title[0], title[1], message[0], message[1])
        for name, value in zip(cls.__slots__, values, strict=True):
            object.__setattr__(self, name, value)
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a finding code is immutable ({self}.{name})")

    @property
    def code(self) -> str:
        """The plain string users see."""
        return str(self)

    def __repr__(self) -> str:
        return f"Code({str(self)!r}, {self.severity.value}, {self.area})"

    # A code travels to worker processes and through deepcopy as its declared entry.
    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return lookup, (str(self),)

    def __copy__(self) -> Code:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Code:
        return self


_REGISTRY: dict[str, Code] = {}
_AREAS: dict[str, Area] = {}


def declare(
    code: str,
    severity: Severity,
    area: Area,
    title: tuple[str, str],
    message: tuple[str, str],
) -> Code:
    """Declare a finding code (the whole string users see). Declaring one twice is a programming error."""
    if code in _REGISTRY:
        raise ValueError(f"finding code declared twice: {code}")
    known = _AREAS.setdefault(area.name, area)
    if known != area:
        raise ValueError(f"area {area.name!r} declared twice with different titles")
    entry = Code(code, severity, area.name, title, message)
    _REGISTRY[code] = entry
    return entry


def registry() -> dict[str, Code]:
    """Every declared code (all of them: importing ``toolkit.findings`` declares every area)."""
    return dict(_REGISTRY)


def areas() -> dict[str, Area]:
    """Every area that declared a code, by name."""
    return dict(_AREAS)


def lookup(code: str) -> Code:
    """The declared entry of a code string (as read back from a JSON report)."""
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KeyError(f"no finding code {code!r} is declared") from None
