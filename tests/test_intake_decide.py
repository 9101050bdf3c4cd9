"""Intake's decision as data: what a file is and where it goes, without a file system."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from toolkit.findings import Finding, make
from toolkit.findings import intake as codes
from toolkit.intake import outcomes as O
from toolkit.intake.decide import (
    TO_ARCHIVE,
    TO_INBOX,
    TO_PROCESSED,
    TO_REJECTED,
    ArchiveState,
    Known,
    decide,
)
from toolkit.periods import Period


@dataclass
class Facts:
    name: str = "p1.xlsx"
    sha256: str = "a" * 64
    unit: str | None = "P1"
    period: str | None = "2024-Q1"
    findings: list[Finding] = field(default_factory=list)
    problem: Finding | None = None


def state(**kw) -> ArchiveState:
    expected = {"2024-Q1": {"P1", "P2"}, "2024-Q2": {"P1", "P2"}}
    return ArchiveState(units={"P1", "P2", "PNN"}, expected=lambda p: expected.get(p.code, set()), **kw)


def test_a_new_return_is_version_one_then_the_next_supersedes_it():
    s = state()
    d = decide(Facts(), s)
    assert (d.outcome, d.destination, d.unit, d.period, d.version, d.supersedes) == (
        O.RECEIVED,
        TO_ARCHIVE,
        "P1",
        "2024-Q1",
        1,
        None,
    )
    s.filed(Known("P1", "2024-Q1", 1, "t"), "a" * 64)
    d = decide(Facts(sha256="b" * 64), s)
    assert (d.outcome, d.version, d.supersedes) == (O.RECEIVED, 2, 1)


def test_the_same_bytes_again_are_a_duplicate_of_the_archived_version():
    s = state(archived={"a" * 64: Known("P1", "2024-Q1", 1, "t", path="x")}, current={("P1", "2024-Q1"): 3})
    d = decide(Facts(name="copy.xlsx", unit=None, period=None), s)  # whatever the file says
    assert (d.outcome, d.destination, d.version, d.known.path) == (O.DUPLICATE, TO_PROCESSED, 1, "x")
    assert d.reason.code == codes.DUPLICATE and "3" in d.reason.message_vi


@pytest.mark.parametrize(
    "facts,code",
    [
        (Facts(unit=None, period=None), codes.UNIDENTIFIED),
        (Facts(unit="XX"), codes.UNKNOWN_UNIT),
        (Facts(period="2024-Q7"), codes.BAD_PERIOD),
        (Facts(unit="PNN"), codes.NOT_EXPECTED),
    ],
)
def test_rejections_say_why(facts, code):
    d = decide(facts, state())
    assert (d.outcome, d.destination, d.reason.code) == (O.REJECTED, TO_REJECTED, code)


def test_a_reading_problem_rejects_but_a_file_being_copied_is_skipped():
    bad = make(codes.NOT_REGULAR, file="x")
    assert decide(Facts(problem=bad), state()).outcome == O.REJECTED
    changing = make(codes.CHANGING, file="x")
    d = decide(Facts(problem=changing), state())
    assert (d.outcome, d.destination) == (O.SKIPPED, TO_INBOX)


def test_another_period_or_an_approved_one_stays_in_the_inbox():
    d = decide(Facts(period="2024-Q2"), state(expect_period="2024-Q1"))
    assert (d.outcome, d.destination, d.reason.code) == (O.WRONG_PERIOD, TO_INBOX, codes.WRONG_PERIOD)
    d = decide(Facts(), state(approved={"2024-Q1": ("2024-03-20T10:00", "vp")}))
    assert (d.outcome, d.destination, d.reason.code) == (O.REFUSED_APPROVED, TO_INBOX, codes.PERIOD_APPROVED)
    assert "vp" in d.reason.message_vi


def test_expected_units_are_asked_once_per_period():
    calls = []
    s = ArchiveState(units={"P1"}, expected=lambda p: calls.append(p.code) or {"P1"})
    for n in range(3):
        decide(Facts(sha256=str(n) * 64), s)
    assert calls == ["2024-Q1"] and Period.parse("2024-Q1").code in s._expected


def test_every_outcome_has_labels_in_both_languages():
    for word in O.FILE_OUTCOMES + O.PERIOD_EVENTS + (O.SKIPPED,):
        lab = O.LABELS[word]
        assert lab.vi and lab.en and lab.event_vi and lab.event_en
        assert O.label(word, "en") == lab.en and O.event_label(word) == lab.event_vi
