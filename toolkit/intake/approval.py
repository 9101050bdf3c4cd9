"""Approving a period locks it: later intake for it is refused until it is reopened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from toolkit.periods import Period

from . import ledger as L
from .folders import folders_of
from .lock import BusyError, WorkspaceLock
from .run import actor, stamp


@dataclass
class ApprovalResult:
    period: str
    approved: bool  # the state after the call
    changed: bool  # False: it already was in that state (nothing recorded)
    at: str | None = None  # when the state was set
    by: str | None = None
    valid: int = 0  # units with a valid current version when approved
    expected: int = 0


def approve(
    ws: Any, period: Period | str, reopen: bool = False, by: str | None = None, now: datetime | None = None
) -> ApprovalResult:
    """Approve (lock) a period, or reopen it; both are recorded in the ledger.

    Raises :class:`~toolkit.intake.lock.BusyError` while an intake runs.
    """
    from .status import status

    p = period if isinstance(period, Period) else Period.parse(str(period))
    ws.require_writable()
    folders = folders_of(ws)
    with WorkspaceLock(folders.lock, "approve"), L.Ledger(folders.ledger) as led:
        cur = led.approved(p.code)
        st = status(ws, p, today=(now or datetime.now()).date() if now else date.today())
        res = ApprovalResult(
            period=p.code,
            approved=cur is not None,
            changed=False,
            at=cur.at if cur else None,
            by=cur.actor if cur else None,
            valid=st.valid,
            expected=st.expected,
        )
        if reopen == (cur is None):
            return res  # reopening an open period, or approving an approved one
        at, who = stamp(now), by or actor()
        status_ = L.REOPENED if reopen else L.APPROVED
        vi = f"Mở lại kỳ {p.code}" if reopen else f"Duyệt và khóa kỳ {p.code}: {st.valid}/{st.expected} đơn vị hợp lệ"
        en = (
            f"Period {p.code} reopened"
            if reopen
            else f"Period {p.code} approved and locked: {st.valid}/{st.expected} units valid"
        )
        led.append([L.Event(at=at, status=status_, period=p.code, reason_vi=vi, reason_en=en, actor=who)])
        res.approved, res.changed, res.at, res.by = not reopen, True, at, who
        return res


def approval_of(ws: Any, period: Period | str) -> L.LedgerRow | None:
    """The ``approved`` row of a period while it is approved (None: open, or no ledger yet)."""
    folders = folders_of(ws)
    if not folders.ledger.is_file():
        return None
    code = period.code if isinstance(period, Period) else str(period)
    with L.Ledger(folders.ledger, create=False) as led:
        return led.approved(code)


def record_master(ws: Any, period: Period, status: str, path: str, now: datetime | None = None) -> bool:
    """Record in the ledger what consolidation did with an approved period's master
    (``master-refused`` or ``master-version``). False when the archive is busy (not recorded)."""
    folders = folders_of(ws)
    if status == L.MASTER_REFUSED:
        vi = f"Kỳ {period.code} đã duyệt: không ghi đè bảng tổng hợp đã duyệt {path}"
        en = f"Period {period.code} is approved: its approved master {path} was not overwritten"
    else:
        vi = f"Kỳ {period.code} đã duyệt: ghi bản tổng hợp mới {path} bên cạnh bản đã duyệt"
        en = f"Period {period.code} is approved: a new master {path} was written beside the approved one"
    try:
        with WorkspaceLock(folders.lock, "consolidate"), L.Ledger(folders.ledger) as led:
            led.append(
                [
                    L.Event(
                        at=stamp(now),
                        status=status,
                        period=period.code,
                        path=path,
                        reason_vi=vi,
                        reason_en=en,
                        actor=actor(),
                    )
                ]
            )
    except BusyError:
        return False
    return True
