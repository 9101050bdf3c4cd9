"""Result objects passed between validation, intake and consolidation.

* :class:`ValueRecord`: one value of one returned form (the long table): unit, period,
  indicator, column, value, and where it was read (sheet, A1 cell, source file).
* :class:`FileReport`: what validating one file found: its identity, findings and values.
  Intake stores it as JSON beside each archived version; consolidation reads it back.
* :class:`History`: accepted figures of earlier periods (archive + baseline), used by the
  rules that compare with last quarter or last year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .findings import Finding, Severity
from .narrative import TextRecord

REPORT_FORMAT = "baocao-report/1"
# the archive's JSON beside each version: the same document, its values as rows of
# VALUE_ROW fields (unit, period and source are the report's own): 3× smaller to write and read
ARCHIVE_FORMAT = "baocao-report/2"
VALUE_ROW = ("indicator", "column", "value", "sheet", "cell")


@dataclass(slots=True)
class ValueRecord:
    """One value of one returned form; never changed once made.

    Not ``frozen``: a frozen dataclass sets each field through ``object.__setattr__``, 3,9 µs
    a record against 0,45 µs; consolidating 10.000 units makes 1,2 million of them and
    validating a form ~300 (docs/performance.md). Nothing hashes a record or changes one.
    """

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
        # the fields by hand: dataclasses.asdict copies each value through a recursive walk
        # (1,9 ms a form of ~300 values for `validate --json --values full`)
        return {
            "unit": self.unit,
            "period": self.period,
            "indicator": self.indicator,
            "column": self.column,
            "value": self.value,
            "sheet": self.sheet,
            "cell": self.cell,
            "source": self.source,
            "version": self.version,
        }

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled as a constructor call: a worker sends ~130 a file back to validate_paths'
        # caller, and the dataclass's own __getstate__/__setstate__ (fields() on every call)
        # cost ~0,5 ms a file on each side
        return (
            ValueRecord,
            (
                self.unit,
                self.period,
                self.indicator,
                self.column,
                self.value,
                self.sheet,
                self.cell,
                self.source,
                self.version,
            ),
        )


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
    texts: list[TextRecord] = field(default_factory=list)  # the "Thuyết minh" sheet (toolkit.narrative)
    figures: str = ""  # "official": the period's official figures (after estimates); "" a first return

    @property
    def official(self) -> bool:
        return self.figures == "official"

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
    def needs_feedback(self) -> bool:
        """Something for the unit to fix or check (an error or a warning): an annotated copy is
        worth sending back. Information alone (the program that saved the file dropped the
        structure lock, the form is from an older catalog) asks nothing of the unit."""
        return any(f.severity is not Severity.INFO for f in self.findings)

    @property
    def identified(self) -> bool:
        return bool(self.unit and self.period)

    def to_dict(self, values: bool = True) -> dict[str, Any]:
        """The report's document (``baocao-report/1``); ``values=False``: its ``values`` left
        empty (in their place), for a caller that writes them in another layout."""
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
            "values": [v.to_dict() for v in self.values] if values else [],
            **({"texts": [t.to_dict() for t in self.texts]} if self.texts else {}),
            **({"figures": self.figures} if self.figures else {}),  # absent on a first return
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FileReport:
        return cls(
            path=d["path"],
            sha256=d.get("sha256", ""),
            size=d.get("size", 0),
            unit=d.get("unit"),
            period=d.get("period"),
            catalog_version=d.get("catalog_version"),
            template_id=d.get("template_id"),
            findings=[Finding.from_dict(f) for f in d.get("findings", [])],
            values=values_of(d),
            texts=[TextRecord(**t) for t in d.get("texts") or [] if isinstance(t, dict)],
            figures=str(d.get("figures") or ""),
        )


def values_of(
    d: dict[str, Any], source: str | None = None, version: int | None = None, text: Any = None
) -> list[ValueRecord]:
    """The values of a report document in either layout (``/1``: one object a value; ``/2``:
    rows of ``value_fields``). ``source``/``version`` stamp every value when given; ``text``
    maps each repeated text (e.g. :func:`sys.intern`)."""
    raw = d.get("values") or []
    t = text or (lambda x: x)
    if d.get("value_fields"):
        fields = list(d["value_fields"])
        unit, period = t(d.get("unit") or ""), t(d.get("period") or "")
        src = source if source is not None else (d.get("intake") or {}).get("original_name") or d.get("path") or ""
        at = {f: fields.index(f) for f in VALUE_ROW if f in fields}
        ii, ic, iv = at["indicator"], at["column"], at["value"]
        ish, icell = at.get("sheet"), at.get("cell")
        return [
            ValueRecord(
                unit,
                period,
                t(r[ii] or ""),
                t(r[ic] or ""),
                r[iv],
                t(r[ish] or "") if ish is not None else "",
                t(r[icell] or "") if icell is not None else "",
                src,
                version,
            )
            for r in raw
        ]
    if source is None and version is None and text is None:
        return [ValueRecord(**v) for v in raw]
    return [
        ValueRecord(
            t(v["unit"] or ""),
            t(v["period"] or ""),
            t(v["indicator"] or ""),
            t(v["column"] or ""),
            v.get("value"),
            t(v.get("sheet") or ""),
            t(v.get("cell") or ""),
            v.get("source", "") if source is None else source,
            v.get("version") if version is None else version,
        )
        for v in raw
    ]


class History(Protocol):
    """Accepted figures of other periods: ``get(unit, period, indicator, column)``."""

    def get(self, unit: str, period: str, indicator: str, column: str = "value") -> float | None: ...


class NoHistory:
    def get(self, unit: str, period: str, indicator: str, column: str = "value") -> float | None:
        return None
