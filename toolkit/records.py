"""Result objects passed between validation, intake and consolidation.

* :class:`ValueRecord`: one value of one returned form (the long table): unit, period,
  indicator, column, value, and where it was read (sheet, A1 cell, source file).
* :class:`FileReport`: what validating one file found: its identity, findings and values.
  Intake stores it as JSON beside each archived version; consolidation reads it back.
* :class:`History`: accepted figures of earlier periods (archive + baseline), used by the
  rules that compare with last quarter or last year.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from .findings import Finding, Severity

REPORT_FORMAT = "baocao-report/1"


@dataclass(frozen=True, slots=True)
class ValueRecord:
    unit: str
    period: str
    indicator: str
    column: str  # value | ytd | same_period | note
    value: float | str | None  # numbers as float, notes as text, None when empty
    sheet: str = ""
    cell: str = ""
    source: str = ""  # the file it came from (original name or archive path)
    version: int | None = None  # archive version, once filed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled as a constructor call: a worker sends ~130 a file back to validate_paths'
        # caller, and the dataclass's own __getstate__/__setstate__ (fields() on every call)
        # cost ~0,5 ms a file on each side
        return (ValueRecord, (self.unit, self.period, self.indicator, self.column, self.value, self.sheet,
                              self.cell, self.source, self.version))


@dataclass
class FileReport:
    path: str
    sha256: str = ""
    size: int = 0
    unit: str | None = None
    period: str | None = None
    catalog_version: str | None = None
    template_id: str | None = None
    findings: list[Finding] = field(default_factory=list)
    values: list[ValueRecord] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def valid(self) -> bool:
        return self.errors == 0

    @property
    def identified(self) -> bool:
        return bool(self.unit and self.period)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": REPORT_FORMAT,
            "path": self.path,
            "sha256": self.sha256,
            "size": self.size,
            "unit": self.unit,
            "period": self.period,
            "catalog_version": self.catalog_version,
            "template_id": self.template_id,
            "valid": self.valid,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [f.to_dict() for f in self.findings],
            "values": [v.to_dict() for v in self.values],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FileReport:
        return cls(
            path=d["path"], sha256=d.get("sha256", ""), size=d.get("size", 0),
            unit=d.get("unit"), period=d.get("period"), catalog_version=d.get("catalog_version"),
            template_id=d.get("template_id"),
            findings=[Finding.from_dict(f) for f in d.get("findings", [])],
            values=[ValueRecord(**v) for v in d.get("values", [])],
        )


class History(Protocol):
    """Accepted figures of other periods: ``get(unit, period, indicator, column)``."""

    def get(self, unit: str, period: str, indicator: str, column: str = "value") -> float | None: ...


class NoHistory:
    def get(self, unit: str, period: str, indicator: str, column: str = "value") -> float | None:
        return None
