"""Periods built from their parts (toolkit/master/window.py), without an archive."""

from __future__ import annotations

from intake_support import DATA

from toolkit.figures import Figures
from toolkit.master.inputs import Submission
from toolkit.master.window import period_submissions
from toolkit.periods import Period
from toolkit.records import ValueRecord
from toolkit.workspace import Workspace

FLOW, STOCK = "NN.DT_MAU", "NN.GIA_SUC"


def make(unit: str, period: str, rows: dict[tuple[str, str], float]) -> Submission:
    s = Submission(unit, values=[ValueRecord(unit, period, c, col, v) for (c, col), v in rows.items()])
    s.period = period  # type: ignore[attr-defined]
    return s


def test_h1_from_quarters_and_an_own_return_that_disagrees():
    ws = Workspace.open(DATA / "mini")
    archive = {
        "2024-Q1": [make("P1", "2024-Q1", {(FLOW, "value"): 10, (FLOW, "ytd"): 10, (STOCK, "value"): 5})],
        "2024-Q2": [
            make("P1", "2024-Q2", {(FLOW, "value"): 12, (FLOW, "ytd"): 22, (STOCK, "value"): 7}),
            make("P2", "2024-Q2", {(FLOW, "value"): 3, (FLOW, "ytd"): 9, (STOCK, "value"): 1}),
        ],
        "2024-H1": [make("P2", "2024-H1", {(FLOW, "value"): 8, (STOCK, "value"): 1})],  # its own H1 return
    }
    subs, findings = period_submissions(ws, Period.parse("2024-H1"), lambda _ws, p: archive.get(p.code, []))
    got = {s.unit: {(r.indicator, r.column): r.value for r in s.report.values} for s in subs}
    assert got["P1"] == {(FLOW, "value"): 22, (FLOW, "ytd"): 22, (STOCK, "value"): 7}  # built from Q2
    assert got["P2"] == {(FLOW, "value"): 8, (STOCK, "value"): 1}  # its own return wins
    (f,) = [f for f in findings if f.code == "master-window-disagrees"]
    assert f.indicator == FLOW and f.value == "8" and f.expected == "9" and "2024-Q2" in f.message_vi


def test_a_unit_without_its_last_quarter_is_missing_and_a_filed_return_is_settled():
    ws = Workspace.open(DATA / "mini")
    archive = {
        "2024-Q1": [make("P1", "2024-Q1", {(FLOW, "value"): 10}), make("P2", "2024-Q1", {(FLOW, "value"): 4})],
        "2024-Q2": [make("P1", "2024-Q2", {(FLOW, "value"): 12, (FLOW, "ytd_prev"): 9, (FLOW, "ytd"): 21})],
    }

    class Accepted:
        def get(self, unit, period, indicator, column="value"):
            for s in archive.get(period, []):
                if s.unit == unit:
                    for r in s.report.values:
                        if (r.indicator, r.column) == (indicator, column):
                            return r.value
            return None

    figures = Figures(ws, Accepted())
    subs, findings = period_submissions(ws, Period.parse("2024-H1"), lambda _ws, p: archive.get(p.code, []), figures)
    got = {s.unit: {(r.indicator, r.column): r.value for r in s.report.values} for s in subs}
    assert set(got) == {"P1"}  # P2 has no Q2: missing from H1
    assert got["P1"][(FLOW, "value")] == 22  # Q1 accepted as 10, Q2 carried 9: settled to 10 + 12
    assert "master-ytd-revised" in {f.code for f in findings}
