"""Accepted figures from the archive: for consolidation and for the rules that compare.

* :func:`current_submissions`: the current version of every unit that returned a form for
  a period, with its stored :class:`~toolkit.records.FileReport` (values included).
* :class:`ArchiveHistory`: :class:`~toolkit.figures.Figures` (the one lookup of accepted
  figures that forms, validation, intake and the master share) over :class:`ArchiveValues`:
  the numbers of the current version of a unit and period when that version is valid.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.figures import Figures
from toolkit.records import FileReport, values_of

from .folders import Folders, folders_of
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
    folders = folders_of(ws)
    out: list[CurrentSubmission] = []
    with Ledger(folders.ledger, create=False) as led:
        versions = led.versions(period=code)
    for _key, vs in sorted(versions.items()):
        cur = vs[-1]
        out.append(_current(folders, cur, len(vs)))
    return out


def _current(folders: Folders, row: LedgerRow, n: int) -> CurrentSubmission:
    root = folders.submissions.parent
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


class ArchiveValues:
    """The accepted numbers of (unit, period): its current version's, when that version is valid
    (an :class:`~toolkit.figures.AcceptedSource`). A workspace without a ledger has none."""

    def __init__(self, ws: Any) -> None:
        self._folders = folders_of(ws)
        self._index: dict[tuple[str, str], LedgerRow] | None = None
        self._values: dict[tuple[str, str], dict[tuple[str, str], float]] = {}

    @property
    def exists(self) -> bool:
        return self._folders.ledger.is_file()

    def refresh(self) -> None:
        """Forget what was read (after an intake filed new versions)."""
        self._index = None
        self._values.clear()

    def get(self, unit: str, period: str, indicator: str, column: str = "value") -> float | None:
        return self.accepted(unit, str(period)).get((indicator, column))

    def periods(self) -> set[str]:
        """The periods the archive holds a version of."""
        return {p for (_u, p) in self.holders()}

    def holders(self) -> set[tuple[str, str]]:
        """(unit, period) of every version in the archive."""
        self._load_index()
        return set(self._index or {})

    def _load_index(self) -> None:
        if self._index is None:
            if not self.exists:
                self._index = {}
            else:
                with Ledger(self._folders.ledger, create=False) as led:
                    self._index = {k: vs[-1] for k, vs in led.versions().items()}

    def accepted(self, unit: str, period: str) -> dict[tuple[str, str], float]:
        key = (unit, period)
        if key in self._values:
            return self._values[key]
        self._load_index()
        vals: dict[tuple[str, str], float] = {}
        row = self._index.get(key) if self._index else None
        if row is not None and (row.errors or 0) == 0 and row.path:
            try:
                rep = load_report(
                    (self._folders.submissions.parent / row.path).with_suffix(".json"), row.version or 0, row.path
                )
            except (OSError, ValueError, KeyError, TypeError):
                rep = None
            if rep is not None:
                for r in rep.values:
                    if isinstance(r.value, (int, float)) and not isinstance(r.value, bool):
                        vals[(r.indicator, r.column)] = float(r.value)
        self._values[key] = vals
        return vals


class ArchiveHistory(Figures):
    """The workspace's :class:`~toolkit.figures.Figures` over its archive (then the baseline)."""

    def __init__(self, ws: Any) -> None:
        self.values = ArchiveValues(ws)
        super().__init__(ws, self.values)

    @property
    def has_archive(self) -> bool:
        return self.values.exists

    def __reduce__(self) -> tuple[Any, ...]:
        # to a spawned worker: reopened there from the workspace folder (nothing read is sent)
        return (_reopen, (str(self.ws.root),))


def _reopen(root: str) -> ArchiveHistory:
    from toolkit.workspace import Workspace

    return ArchiveHistory(Workspace.open(root))
