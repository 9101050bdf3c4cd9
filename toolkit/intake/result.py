"""What an intake run returns: one outcome per file, and the counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolkit.findings import Finding

# outcome statuses (the ledger's file statuses, plus "skipped" which is never recorded):
# the words and their labels are declared in toolkit/intake/outcomes.py
from .outcomes import DUPLICATE as DUPLICATE
from .outcomes import RECEIVED as RECEIVED
from .outcomes import REFUSED_APPROVED as REFUSED_APPROVED
from .outcomes import REJECTED as REJECTED
from .outcomes import SKIPPED as SKIPPED
from .outcomes import WRONG_PERIOD as WRONG_PERIOD

FORMAT = "baocao-intake/1"  # of IntakeResult.to_dict (baocao intake --json)


@dataclass
class FileOutcome:
    name: str  # as found in the inbox (relative path)
    status: str
    sha256: str = ""
    size: int = 0
    unit: str | None = None
    period: str | None = None
    version: int | None = None  # the new version, or the archived one for a duplicate
    errors: int = 0
    warnings: int = 0
    archive: str | None = None  # where the bytes were kept (relative to the workspace)
    feedback: str | None = None  # the annotated copy, when there were findings
    reason: Finding | None = None  # why it was not filed as a new version
    supersedes: int | None = None
    received_at: str | None = None

    @property
    def valid(self) -> bool:
        return self.status == RECEIVED and self.errors == 0

    @property
    def reason_vi(self) -> str:
        return self.reason.message_vi if self.reason else ""

    @property
    def reason_en(self) -> str:
        return self.reason.message_en if self.reason else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "sha256": self.sha256,
            "size": self.size,
            "unit": self.unit,
            "period": self.period,
            "version": self.version,
            "errors": self.errors,
            "warnings": self.warnings,
            "valid": self.valid,
            "archive": self.archive,
            "feedback": self.feedback,
            "supersedes": self.supersedes,
            "received_at": self.received_at,
            "reason": self.reason.to_dict() if self.reason else None,
        }


@dataclass
class Summary:
    files: int = 0  # files taken from the inbox (skipped ones not counted)
    new_versions: int = 0
    duplicates: int = 0
    rejected: int = 0  # rejected + wrong period + refused (period approved)
    wrong_period: int = 0
    refused_approved: int = 0
    valid: int = 0  # new versions without errors
    invalid: int = 0  # new versions with errors
    skipped: int = 0  # owner, hidden, temporary files; files changing while read
    recovered: int = 0  # files of an interrupted run entered in the ledger

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class IntakeResult:
    inbox: str
    period: str | None
    run: str
    outcomes: list[FileOutcome] = field(default_factory=list)
    skipped: list[FileOutcome] = field(default_factory=list)
    recovered: list[FileOutcome] = field(default_factory=list)  # adopted by reconciliation
    problems: list[Finding] = field(default_factory=list)  # archive consistency problems
    summary: Summary = field(default_factory=Summary)

    @property
    def ok(self) -> bool:
        """Every file taken was filed valid (or was already received)."""
        return self.summary.rejected == 0 and self.summary.invalid == 0 and not any(p.is_error for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "inbox": self.inbox,
            "period": self.period,
            "run": self.run,
            "ok": self.ok,
            "summary": self.summary.to_dict(),
            "files": [o.to_dict() for o in self.outcomes],
            "skipped": [o.to_dict() for o in self.skipped],
            "recovered": [o.to_dict() for o in self.recovered],
            "problems": [p.to_dict() for p in self.problems],
        }
