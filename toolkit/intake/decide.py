"""Intake's decision about one file, computed from data only (no file system).

:func:`decide` answers, for what a worker found in a file (:class:`FileFacts`: its hash,
the unit and period its identity names, a problem reading it) and what the archive knows
(:class:`ArchiveState`: archived hashes, current versions, approvals, the units expected
per period): what the file is, which unit, period and version, the outcome (one of
:mod:`toolkit.intake.outcomes`: received, duplicate, rejected, wrong-period,
refused-approved, skipped), why, and where its bytes go. :class:`toolkit.intake.run.Filer`
applies the :class:`Decision` to the archive (renames, ledger rows, inbox moves) and then
updates the state with :meth:`ArchiveState.filed`. Unit tests build both sides as plain
data (tests/test_intake_decide.py).

The rules, first that applies:

1. a problem reading the file: a file still being copied is ``skipped`` (the next run takes
   it); any other problem is ``rejected``;
2. bytes already archived (any name) are a ``duplicate`` of that version;
3. no identity, a unit not in units.yaml, a bad period: ``rejected``;
4. ``--period`` given and the identity names another: ``wrong-period`` (left in the inbox);
5. a unit that does not report in that period: ``rejected``;
6. an approved period: ``refused-approved`` (left in the inbox);
7. otherwise ``received``: version N+1 of (unit, period), superseding version N.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Container, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from toolkit.findings import Finding, make
from toolkit.periods import Period, PeriodError

from ..findings import intake as codes
from . import outcomes as O

# where a file's bytes end up
TO_ARCHIVE = "archive"  # archive/<period>/<unit>/v<N>_<sha12>.xlsx
TO_REJECTED = "rejected"  # rejected/<date>_<sha12>_<name>
TO_PROCESSED = "processed"  # nothing kept (already archived); the inbox file goes to processed/
TO_INBOX = "inbox"  # left where it is, for a later run


class FileFacts(Protocol):
    """What examining a file found (:class:`toolkit.intake.examine.Examined` is one)."""

    name: str
    sha256: str
    unit: str | None
    period: str | None
    findings: list[Finding]
    problem: Finding | None


@dataclass(frozen=True)
class Known:
    """An archived version, as the ledger holds it."""

    unit: str | None
    period: str | None
    version: int | None
    at: str = ""
    errors: int = 0
    warnings: int = 0
    path: str | None = None  # where its bytes are kept, relative to the workspace

    @classmethod
    def of(cls, row: object) -> Known:
        """From a ledger row (anything with the same attributes)."""
        g = row.__getattribute__
        return cls(g("unit"), g("period"), g("version"), g("at") or "", g("errors") or 0, g("warnings") or 0, g("path"))


@dataclass
class ArchiveState:
    """What the archive knows, as data."""

    units: Container[str]  # unit codes of units.yaml (``in``)
    expected: Callable[[Period], Collection[str]]  # units that report in a period
    archived: dict[str, Known] = field(default_factory=dict)  # sha256 -> archived version
    current: dict[tuple[str, str], int] = field(default_factory=dict)  # (unit, period) -> current version
    approved: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # period -> (at, by) while approved
    expect_period: str | None = None  # intake --period
    _expected: dict[str, Collection[str]] = field(default_factory=dict, repr=False)

    def expected_units(self, p: Period) -> Collection[str]:
        hit = self._expected.get(p.code)
        if hit is None:
            hit = self._expected[p.code] = set(self.expected(p))
        return hit

    def filed(self, known: Known, sha256: str) -> None:
        """The state after a new version was applied to the archive (its number as filed)."""
        if known.unit and known.period and known.version:
            self.current[(known.unit, known.period)] = known.version
            self.archived[sha256] = known


@dataclass(frozen=True)
class Decision:
    outcome: str  # a word of toolkit.intake.outcomes
    destination: str  # TO_ARCHIVE | TO_REJECTED | TO_PROCESSED | TO_INBOX
    reasons: tuple[Finding, ...] = ()  # why it is not a new version (the first one is recorded)
    unit: str | None = None
    period: str | None = None
    version: int | None = None  # received: the new version; duplicate: the archived one
    supersedes: int | None = None  # received: the version it replaces as current
    known: Known | None = None  # duplicate: the archived version with the same bytes

    @property
    def reason(self) -> Finding | None:
        return self.reasons[0] if self.reasons else None


def decide(f: FileFacts, state: ArchiveState) -> Decision:
    """What ``f`` is and where it goes; reads ``state``, touches nothing."""
    if f.problem is not None:
        if f.problem.code in (codes.CHANGING, codes.FILE_IN_USE):  # read at the next run
            return Decision(O.SKIPPED, TO_INBOX, (f.problem,))
        return Decision(O.REJECTED, TO_REJECTED, (f.problem,))
    known = state.archived.get(f.sha256)
    if known is not None:
        cur = state.current.get((known.unit or "", known.period or ""), known.version or 0)
        reason = make(
            codes.DUPLICATE,
            file=f.name,
            unit=known.unit,
            period=known.period,
            version=known.version,
            at=known.at,
            current=cur,
        )
        return Decision(O.DUPLICATE, TO_PROCESSED, (reason,), known.unit, known.period, known.version, known=known)
    if not f.unit or not f.period:
        head = f.findings[:1] or [make(codes.UNIDENTIFIED, file=f.name)]
        return Decision(O.REJECTED, TO_REJECTED, tuple(head + f.findings[1:]), f.unit, f.period)
    if f.unit not in state.units:
        return Decision(
            O.REJECTED, TO_REJECTED, (make(codes.UNKNOWN_UNIT, file=f.name, unit=f.unit),), f.unit, f.period
        )
    try:
        p = Period.parse(f.period)
    except PeriodError:
        return Decision(
            O.REJECTED, TO_REJECTED, (make(codes.BAD_PERIOD, file=f.name, period=f.period),), f.unit, f.period
        )
    if state.expect_period and p.code != state.expect_period:
        reason = make(codes.WRONG_PERIOD, file=f.name, found=p.code, expected=state.expect_period)
        return Decision(O.WRONG_PERIOD, TO_INBOX, (reason,), f.unit, p.code)
    if f.unit not in state.expected_units(p):
        reason = make(codes.NOT_EXPECTED, file=f.name, unit=f.unit, period=p.code)
        return Decision(O.REJECTED, TO_REJECTED, (reason,), f.unit, p.code)
    appr = state.approved.get(p.code)
    if appr is not None:
        reason = make(codes.PERIOD_APPROVED, file=f.name, unit=f.unit, period=p.code, at=appr[0], by=appr[1])
        return Decision(O.REFUSED_APPROVED, TO_INBOX, (reason,), f.unit, p.code)
    prev = state.current.get((f.unit, p.code), 0)
    return Decision(O.RECEIVED, TO_ARCHIVE, (), f.unit, p.code, prev + 1, prev or None)
