"""Who has returned what for a period: one row per expected unit, and the rates.

States (first that applies):

* ``missing`` (chưa nộp): no version received;
* ``received-invalid`` (nộp nhưng có lỗi): the current version has errors;
* ``approved`` (đã duyệt): the period is approved and the current version is valid;
* ``late`` (nộp muộn): the current version is valid, the first version came after the deadline;
* ``valid`` (hợp lệ): the current version is valid and the first came by the deadline;
* ``built`` (hợp lệ, ghép từ các kỳ): the unit did not return the period itself (6 months,
  9 months, the year, a quarter of monthly returns) and the master builds it from the
  components' returns (:mod:`toolkit.master.window`): the last component has a valid
  version, which came by the deadline. A built period's other states come from that last
  component (missing, invalid, late, approved); ``built_from`` lists every component's state.

Rates, in percent of the expected units (DHIS2's data set reporting rates):

* ``reporting_rate`` = units that returned at least one version / expected (DHIS2
  "Reporting rate": actual reports / expected reports);
* ``on_time_rate`` = units whose first version arrived by the deadline / expected (DHIS2
  "Reporting rate on time": actual reports on time / expected reports);
* ``completeness`` = units whose current version is valid / expected (baocao's own: what
  can be consolidated).

A version is on time when the date it was received (the ledger's time, local) is on or
before ``ws.deadline(period)``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from toolkit.periods import Period

from . import ledger as L
from .folders import folders_of

MISSING, INVALID, VALID, LATE, APPROVED = "missing", "received-invalid", "valid", "late", "approved"
BUILT = "built"
STATES = (MISSING, INVALID, LATE, VALID, BUILT, APPROVED)
STATE_VI = {
    MISSING: "chưa nộp",
    INVALID: "nộp nhưng có lỗi",
    VALID: "hợp lệ",
    BUILT: "hợp lệ, ghép từ các kỳ",
    LATE: "nộp muộn",
    APPROVED: "đã duyệt",
}
STATE_EN = {
    MISSING: "missing",
    INVALID: "received, invalid",
    VALID: "valid",
    BUILT: "valid, built from its parts",
    LATE: "late",
    APPROVED: "approved",
}


@dataclass
class StatusRow:
    unit: str
    name: str
    kind: str
    state: str
    version: int | None = None
    versions: int = 0
    received_at: str | None = None  # of the current version
    first_received_at: str | None = None
    sha256: str | None = None
    errors: int = 0
    warnings: int = 0
    on_time: bool | None = None  # None while nothing was received
    path: str | None = None
    original_name: str | None = None
    period: str | None = None  # the period the version is of: a component's, for a built period
    built_from: list[dict[str, str]] = field(default_factory=list)  # [{"period", "state"}] of each component

    @property
    def state_vi(self) -> str:
        return STATE_VI[self.state]

    @property
    def state_en(self) -> str:
        return STATE_EN[self.state]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["state_vi"] = self.state_vi
        if not self.built_from:  # a return of the period itself: as before
            del d["built_from"], d["period"]
        return d


@dataclass
class StatusReport:
    period: str
    deadline: date
    today: date
    approved: bool = False
    approved_at: str | None = None
    approved_by: str | None = None
    rows: list[StatusRow] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.rows)

    def count(self, *states: str) -> int:
        return sum(1 for r in self.rows if r.state in states)

    @property
    def received(self) -> int:
        return sum(1 for r in self.rows if r.versions)

    @property
    def valid(self) -> int:
        return self.count(VALID, BUILT, LATE, APPROVED)

    @property
    def built(self) -> bool:
        """Some unit's period is built from its components' returns (it returned none of its own)."""
        return any(r.built_from for r in self.rows)

    @property
    def on_time(self) -> int:
        return sum(1 for r in self.rows if r.on_time)

    def _rate(self, n: int) -> float | None:
        return round(100.0 * n / self.expected, 2) if self.expected else None

    @property
    def completeness(self) -> float | None:
        return self._rate(self.valid)

    @property
    def reporting_rate(self) -> float | None:
        return self._rate(self.received)

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.on_time)

    @property
    def days_left(self) -> int:
        return (self.deadline - self.today).days

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "baocao-status/1",
            "period": self.period,
            "deadline": self.deadline.isoformat(),
            "today": self.today.isoformat(),
            "days_left": self.days_left,
            "approved": self.approved,
            "approved_at": self.approved_at,
            "approved_by": self.approved_by,
            "expected": self.expected,
            "received": self.received,
            "valid": self.valid,
            "on_time": self.on_time,
            "counts": {s: self.count(s) for s in STATES},
            "completeness": self.completeness,
            "reporting_rate": self.reporting_rate,
            "on_time_rate": self.on_time_rate,
            "units": [r.to_dict() for r in self.rows],
        }


def _day(at: str) -> date:
    return datetime.fromisoformat(at).date()


Versions = dict[tuple[str, str], list[L.LedgerRow]]


def status(ws: Any, period: Period | str, today: date | None = None) -> StatusReport:
    p = period if isinstance(period, Period) else Period.parse(str(period))
    folders = folders_of(ws)
    with L.Ledger(folders.ledger, create=False) as led:
        versions = led.versions(period=p.code)
        for part in _components(p):
            versions.update(led.versions(period=part.code))
        appr = led.approved(p.code)
    deadline = ws.deadline(p)
    rep = StatusReport(
        period=p.code,
        deadline=deadline,
        today=today or date.today(),
        approved=appr is not None,
        approved_at=appr.at if appr else None,
        approved_by=appr.actor if appr else None,
    )
    for u in ws.expected_units(p):
        row = StatusRow(unit=u.code, name=u.name, kind=u.kind, state=MISSING)
        vs = versions.get((u.code, p.code), [])
        if not vs and p.components():
            parts = [{"period": c.code, "state": _state_of(u.code, c, versions)} for c in p.components()]
            if any(part["state"] != MISSING for part in parts):  # else simply missing: no parts to show
                row.built_from = parts
                vs = _last_versions(u.code, p, versions)
        if vs:
            cur, first = vs[-1], vs[0]
            row.version, row.versions = cur.version, len(vs)
            row.received_at, row.first_received_at = cur.at, first.at
            row.sha256, row.errors, row.warnings = cur.sha256, cur.errors or 0, cur.warnings or 0
            row.path, row.original_name = cur.path, cur.original_name
            row.on_time = _day(first.at) <= deadline
            if row.built_from:
                row.period = cur.period
            if row.errors:
                row.state = INVALID
            elif rep.approved:
                row.state = APPROVED
            elif not row.on_time:
                row.state = LATE
            else:
                row.state = BUILT if row.built_from else VALID
        rep.rows.append(row)
    return rep


def _components(p: Period) -> list[Period]:
    """Every period ``p`` may be built from, at any depth (the year: its quarters and their months)."""
    out: list[Period] = []
    for c in p.components():
        out.append(c)
        out.extend(_components(c))
    return out


def _last_versions(unit: str, p: Period, versions: Versions) -> list[L.LedgerRow]:
    """The versions a period nobody returned is built from, as the master builds it
    (:func:`toolkit.master.window.build_from_parts`): its last component's, that one's own or,
    when it was not returned either, built from its own last component."""
    vs = versions.get((unit, p.code), [])
    if vs:
        return vs
    parts = p.components()
    return _last_versions(unit, parts[-1], versions) if parts else []


def _state_of(unit: str, p: Period, versions: Versions) -> str:
    """A component's state, without deadline or approval: missing, received-invalid, valid or built."""
    vs = versions.get((unit, p.code), [])
    if vs:
        return INVALID if vs[-1].errors else VALID
    built = _last_versions(unit, p, versions)
    if not built:
        return MISSING
    return INVALID if built[-1].errors else BUILT
