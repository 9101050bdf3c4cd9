"""Accepted figures from the archive: for consolidation and for the rules that compare.

* :func:`current_submissions`: the current version of every unit that returned a form for
  a period, with its stored :class:`~toolkit.records.FileReport` (values included).
* :class:`ArchiveHistory`: the :class:`~toolkit.records.History` that validation uses
  for year-to-date and same-period rules: values of the current version of a unit and
  period when that version is valid, else last year's baseline; for a merged unit with
  no figures of its own, the sum of its predecessors' figures for indicators that add up.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.records import FileReport, values_of

from .layout import Layout
from .ledger import Ledger, LedgerRow


@dataclass
class CurrentSubmission:
    unit: str
    period: str
    version: int
    path: Path  # the archived original (absolute)
    sha256: str
    received_at: str
    original_name: str
    valid: bool
    errors: int
    warnings: int
    versions: int  # how many versions were received
    report: FileReport

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "period": self.period,
            "version": self.version,
            "path": str(self.path),
            "sha256": self.sha256,
            "received_at": self.received_at,
            "original_name": self.original_name,
            "valid": self.valid,
            "errors": self.errors,
            "warnings": self.warnings,
            "versions": self.versions,
        }


def layout_of(ws: Any) -> Layout:
    return Layout(Path(ws.submissions))


def load_report(json_path: Path, version: int, archive_rel: str) -> FileReport:
    """The stored FileReport, its values stamped with the archive version and path.

    The texts every value repeats (unit, period, indicator, column, sheet, cell) are shared
    between values and reports (interned): consolidating 10.000 units holds 1,2 million
    values, ~4× less memory this way."""
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    values = values_of(doc, source=archive_rel, version=version, text=sys.intern)
    doc["values"] = []
    doc.pop("value_fields", None)
    rep = FileReport.from_dict(doc)
    rep.values = values
    return rep


def current_submissions(ws: Any, period: Any) -> list[CurrentSubmission]:
    """The current version of each unit for ``period`` (a Period or its code), by unit code."""
    code = getattr(period, "code", None) or str(period)
    lay = layout_of(ws)
    out: list[CurrentSubmission] = []
    with Ledger(lay.ledger, create=False) as led:
        versions = led.versions(period=code)
    for _key, vs in sorted(versions.items()):
        cur = vs[-1]
        out.append(_current(lay, cur, len(vs)))
    return out


def _current(lay: Layout, row: LedgerRow, n: int) -> CurrentSubmission:
    root = lay.submissions.parent
    xlsx = root / (row.path or "")
    report = load_report(xlsx.with_suffix(".json"), row.version or 0, row.path or "")
    return CurrentSubmission(
        unit=row.unit or "",
        period=row.period or "",
        version=row.version or 0,
        path=xlsx,
        sha256=row.sha256 or "",
        received_at=row.at,
        original_name=row.original_name or "",
        valid=(row.errors or 0) == 0,
        errors=row.errors or 0,
        warnings=row.warnings or 0,
        versions=n,
        report=report,
    )


class ArchiveHistory:
    """``get(unit, period, indicator, column)`` over the archive, then the baseline."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self._lay = layout_of(ws)
        self._index: dict[tuple[str, str], LedgerRow] | None = None
        self._values: dict[tuple[str, str], dict[tuple[str, str], float]] = {}
        self._baseline: dict[tuple[str, str, str, str], float] | None = None

    def refresh(self) -> None:
        """Forget what was read (after an intake filed new versions)."""
        self._index = None
        self._values.clear()

    def get(self, unit: str, period: str, indicator: str, column: str = "value") -> float | None:
        return self._get(unit, str(period), indicator, column, set())

    def _get(self, unit: str, period: str, indicator: str, column: str, seen: set[str]) -> float | None:
        v = self._archived(unit, period).get((indicator, column))
        if v is not None:
            return v
        if self._baseline is None:
            self._baseline = self.ws.baseline.index()
        v = self._baseline.get((period, unit, indicator, column))
        if v is not None:
            return v
        u = self.ws.units.get(unit)
        ind = self.ws.catalog.indicators.get(indicator)
        if u is None or not u.predecessors or ind is None or getattr(ind, "aggregate", None) != "sum":
            return None
        seen = seen | {unit}
        parts = []
        for p in u.predecessors:
            if p in seen:
                return None
            pv = self._get(p, period, indicator, column, seen)
            if pv is None:
                return None
            parts.append(pv)
        return float(sum(parts))

    def _archived(self, unit: str, period: str) -> dict[tuple[str, str], float]:
        key = (unit, period)
        if key in self._values:
            return self._values[key]
        if self._index is None:
            with Ledger(self._lay.ledger, create=False) as led:
                self._index = {k: vs[-1] for k, vs in led.versions().items()}
        vals: dict[tuple[str, str], float] = {}
        row = self._index.get(key)
        if row is not None and (row.errors or 0) == 0 and row.path:
            try:
                rep = load_report(
                    (self._lay.submissions.parent / row.path).with_suffix(".json"), row.version or 0, row.path
                )
            except (OSError, ValueError, KeyError, TypeError):
                rep = None
            if rep is not None:
                for r in rep.values:
                    if isinstance(r.value, (int, float)) and not isinstance(r.value, bool):
                        vals[(r.indicator, r.column)] = float(r.value)
        self._values[key] = vals
        return vals
