"""Intake and archive: every returned file kept, every version traceable, who is late.

    from toolkit.intake import intake, status, history, approve
    res = intake(ws, period="2024-Q1", jobs=2)     # IntakeResult: outcomes + summary
    rep = status(ws, "2024-Q1")                     # StatusReport: a row per expected unit
    rows = history(ws, unit="P1", period="2024-Q1") # LedgerRow list, oldest first
    approve(ws, "2024-Q1")                          # lock the period (reopen=True to undo)

For consolidation: :func:`current_submissions` (current version of each unit, with its
stored FileReport) and :class:`ArchiveHistory` (accepted figures of other periods).
``docs/intake.md`` describes the archive layout, the ledger and the guarantees.
"""

from __future__ import annotations

from typing import Any

from .approval import ApprovalResult, approve
from .history import ArchiveHistory, CurrentSubmission, current_submissions
from .ledger import Ledger, LedgerRow
from .lock import BusyError
from .result import FileOutcome, IntakeResult, Summary
from .run import IntakeError, intake
from .status import StatusReport, StatusRow, status


def history(ws: Any, unit: str | None = None, period: Any = None) -> list[LedgerRow]:
    """The ledger's rows (oldest first), optionally for one unit and/or period."""
    from .folders import folders_of

    code = getattr(period, "code", None) or (str(period) if period else None)
    with Ledger(folders_of(ws).ledger, create=False) as led:
        return led.rows(unit=unit, period=code)


__all__ = [
    "ApprovalResult",
    "ArchiveHistory",
    "BusyError",
    "CurrentSubmission",
    "FileOutcome",
    "IntakeError",
    "IntakeResult",
    "LedgerRow",
    "StatusReport",
    "StatusRow",
    "Summary",
    "approve",
    "current_submissions",
    "history",
    "intake",
    "status",
]
