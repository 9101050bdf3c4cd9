"""The one vocabulary of what happened to a file or a period, with its labels.

A file taken by intake gets one outcome (:func:`toolkit.intake.decide.decide`); the
ledger records the same words as row statuses, beside the period events (approval,
reopening, what consolidation did with an approved period's master). The Vietnamese and
English labels of each word are declared here only: the intake summary, ``baocao
history`` and the JSON all take them from :data:`LABELS`.
"""

from __future__ import annotations

from dataclasses import dataclass

# what happened to a file (all recorded in the ledger but "skipped")
RECEIVED = "received"  # a new version, filed in the archive
DUPLICATE = "duplicate"  # the same bytes as an archived version
REJECTED = "rejected"  # unreadable, unidentifiable, unknown unit...: kept in rejected/
WRONG_PERIOD = "wrong-period"  # for another period than the one asked (left in the inbox)
REFUSED_APPROVED = "refused-approved"  # its period is approved (left in the inbox)
SKIPPED = "skipped"  # not a return (owner, hidden, temporary file) or still being copied
# what happened to a period
APPROVED = "approved"
REOPENED = "reopened"
MASTER_REFUSED = "master-refused"  # consolidate of an approved period: its approved master kept
MASTER_VERSION = "master-version"  # a new dated master of an approved period, written beside it

FILE_OUTCOMES = (RECEIVED, DUPLICATE, REJECTED, WRONG_PERIOD, REFUSED_APPROVED)  # ledger rows of files
PERIOD_EVENTS = (APPROVED, REOPENED, MASTER_REFUSED, MASTER_VERSION)


@dataclass(frozen=True)
class Label:
    """How a word is said: as the outcome of a file in an intake run, and as a ledger event."""

    vi: str
    en: str
    event_vi: str
    event_en: str
    colour: str | None = None  # on a terminal


LABELS: dict[str, Label] = {
    RECEIVED: Label("đã nhận", "received", "nhận phiên bản", "new version", "green"),
    DUPLICATE: Label("đã có", "duplicate", "trùng", "duplicate"),
    REJECTED: Label("từ chối", "rejected", "từ chối", "rejected", "red"),
    WRONG_PERIOD: Label("sai kỳ", "wrong period", "sai kỳ", "wrong period", "yellow"),
    REFUSED_APPROVED: Label("kỳ đã duyệt", "period approved", "kỳ đã duyệt", "period approved", "yellow"),
    SKIPPED: Label("bỏ qua", "skipped", "bỏ qua", "skipped", "yellow"),
    APPROVED: Label("đã duyệt", "approved", "duyệt kỳ", "approved", "cyan"),
    REOPENED: Label("mở lại", "reopened", "mở lại kỳ", "reopened", "yellow"),
    MASTER_REFUSED: Label(
        "giữ bảng tổng hợp đã duyệt", "approved master kept", "giữ bảng tổng hợp", "master kept", "yellow"
    ),
    MASTER_VERSION: Label(
        "bảng tổng hợp bản mới", "new master version", "tổng hợp bản mới", "new master version", "cyan"
    ),
}


def label(word: str, lang: str = "vi") -> str:
    """The outcome of a file (or a period) in an intake run's words."""
    lab = LABELS.get(word)
    if lab is None:
        return word
    return lab.en if lang == "en" else lab.vi


def event_label(word: str, lang: str = "vi") -> str:
    """A ledger row's status as ``baocao history`` says it."""
    lab = LABELS.get(word)
    if lab is None:
        return word
    return lab.event_en if lang == "en" else lab.event_vi
