"""What consolidation reads: the current submission of each unit, and the values in it.

:func:`toolkit.intake.current_submissions` returns ``CurrentSubmission`` objects; any
object with the same attributes will do (:class:`SubmissionLike`), so tests and other
callers can hand over values without an archive.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from ..findings import Finding, make
from ..findings import master as master_codes
from ..periods import Period
from ..records import FileReport, ValueRecord
from ..units import Unit
from ..workspace import Workspace

NUMERIC_COLUMNS = ("value", "ytd", "same_period")


@runtime_checkable
class SubmissionLike(Protocol):
    unit: str
    version: int | None
    path: Any
    sha256: str
    received_at: Any
    valid: bool
    errors: int
    warnings: int
    report: FileReport | None


@dataclass
class Submission:
    """A minimal :class:`SubmissionLike` (tests, benchmarks, callers without intake)."""

    unit: str
    values: list[ValueRecord] = field(default_factory=list)
    version: int | None = 1
    path: str = ""
    sha256: str = ""
    received_at: datetime | str | None = None
    valid: bool = True
    errors: int = 0
    warnings: int = 0
    report: FileReport | None = None
    state: str | None = None

    def __post_init__(self) -> None:
        if self.report is None:
            self.report = FileReport(path=str(self.path), sha256=self.sha256, unit=self.unit, values=self.values)


@dataclass
class UnitStatus:
    """One line of the Tình trạng nộp sheet."""

    unit: Unit
    expected: bool
    submission: Any | None = None  # SubmissionLike
    included: bool = False  # its values are in the master
    state: str = "missing"  # missing | valid | invalid

    @property
    def code(self) -> str:
        return self.unit.code

    @property
    def official(self) -> bool:
        """The return used gives the period's official figures (a form made with --official)."""
        report = getattr(self.submission, "report", None)
        return bool(getattr(report, "official", False))


@dataclass
class Inputs:
    """Units in column order, their status, and the numbers/notes of the included returns."""

    period: Period
    units: list[Unit]
    status: list[UnitStatus]
    numbers: dict[tuple[str, str], dict[str, float]]  # (indicator, column) -> unit -> value

    notes: dict[tuple[str, str], str]  # (unit, indicator) -> note text
    records: list[ValueRecord]  # every record of the included returns (the long table)
    findings: list[Finding]

    @property
    def covered(self) -> list[str]:
        return [s.code for s in self.status if s.included]

    @property
    def expected(self) -> list[str]:
        return [s.code for s in self.status if s.expected]

    @property
    def missing(self) -> list[str]:
        return [s.code for s in self.status if s.expected and not s.included]

    @property
    def invalid(self) -> list[str]:
        return [s.code for s in self.status if s.state == "invalid"]


def _version_key(sub: Any) -> tuple[int, str]:
    v = getattr(sub, "version", None)
    return (v if isinstance(v, int) else -1, str(getattr(sub, "received_at", "") or ""))


def _values_of(sub: Any) -> list[ValueRecord]:
    report = getattr(sub, "report", None)
    if report is not None and getattr(report, "values", None) is not None:
        return list(report.values)
    return list(getattr(sub, "values", []) or [])


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def gather(ws: Workspace, period: Period, submissions: Iterable[Any]) -> Inputs:
    """Pick each unit's current return, order the unit columns, index the values."""
    findings: list[Finding] = []
    by_unit: dict[str, list[Any]] = {}
    for sub in submissions:
        by_unit.setdefault(str(sub.unit), []).append(sub)

    expected = ws.expected_units(period)
    expected_codes = {u.code for u in expected}
    units: list[Unit] = list(expected)
    for code in by_unit:
        if code in expected_codes:
            continue
        unit = ws.units.get(code)
        if unit is None:
            findings.append(make(master_codes.UNKNOWN_UNIT, unit=code))
            continue
        findings.append(make(master_codes.UNEXPECTED_UNIT, unit=f"{unit.name} ({code})", period=period.code))
        units.append(unit)
    # wards and communes first (their columns form one block), then departments
    units.sort(key=lambda u: 0 if u.is_ward else 1)

    catalog = ws.catalog
    status: list[UnitStatus] = []
    # by (indicator, column), then unit: 10.000 units give ~800.000 figures, and a key tuple
    # each cost 50 MB more than one small dict per indicator and column
    numbers: dict[tuple[str, str], dict[str, float]] = {}
    notes: dict[tuple[str, str], str] = {}
    records: list[ValueRecord] = []
    append = records.append
    indicators = catalog.indicators
    pcode = period.code
    for unit in units:
        st = UnitStatus(unit, expected=unit.code in expected_codes)
        status.append(st)
        subs = by_unit.get(unit.code)
        if not subs:
            continue
        valid = [s for s in subs if getattr(s, "valid", True)]
        pool = valid or subs
        chosen = max(pool, key=_version_key)
        if len(valid) > 1:
            findings.append(
                make(
                    master_codes.DUPLICATE_UNIT,
                    unit=_label(unit),
                    count=len(valid),
                    version=getattr(chosen, "version", ""),
                )
            )
        st.submission = chosen
        if not getattr(chosen, "valid", True):
            st.state = "invalid"
            findings.append(
                make(
                    master_codes.INVALID_SKIPPED,
                    unit=_label(unit),
                    version=getattr(chosen, "version", ""),
                    errors=getattr(chosen, "errors", ""),
                )
            )
            continue
        st.state, st.included = "valid", True
        report = getattr(chosen, "report", None)
        cv = getattr(report, "catalog_version", None)
        if cv and cv != catalog.version:
            findings.append(make(master_codes.CATALOG_CHANGED, unit=_label(unit), value=cv, expected=catalog.version))
        unknown: set[str] = set()
        wrong_period: set[str] = set()
        ucode = unit.code
        for rec in _values_of(chosen):  # 10.000 units: ~1,2 million values, so locals only
            if rec.period and rec.period != pcode:
                wrong_period.add(rec.period)
                continue
            if rec.indicator not in indicators:
                unknown.add(rec.indicator)
                continue
            v = rec.value
            if v is None or v == "":
                continue  # an empty cell of the form: nothing to add up or to list
            append(rec)
            column = rec.column
            if column == "note":
                notes[(ucode, rec.indicator)] = str(v)
            elif column in NUMERIC_COLUMNS:
                cls = v.__class__
                if (v.__class__ is float and math.isfinite(v)) or cls is int or _is_number(v):
                    figures = numbers.get((rec.indicator, column))
                    if figures is None:
                        figures = numbers[(rec.indicator, column)] = {}
                    if ucode not in figures:
                        figures[ucode] = float(v)
                else:
                    findings.append(
                        make(
                            master_codes.NOT_NUMBER,
                            unit=_label(unit),
                            indicator=rec.indicator,
                            column=rec.column,
                            value=str(rec.value)[:50],
                            sheet=rec.sheet or None,
                            cell=rec.cell or None,
                            file=rec.source or None,
                        )
                    )
        for code in sorted(unknown):
            findings.append(make(master_codes.UNKNOWN_INDICATOR, unit=_label(unit), indicator=code))
        for p in sorted(wrong_period):
            findings.append(make(master_codes.WRONG_PERIOD, unit=_label(unit), value=p, period=period.code))
    return Inputs(period, units, status, numbers, notes, records, findings)


def _label(unit: Unit) -> str:
    return f"{unit.name} ({unit.code})"
