"""Months as periods (issue 21 item 6): forms for 2025-M01..M03 carry the year to date month
by month, and the quarter is built from its months when nobody returns it directly."""

from __future__ import annotations

import json
import math

from conftest import run
from intake_support import mini_workspace
from openpyxl import load_workbook

from toolkit.forms import write_form
from toolkit.intake import ArchiveHistory
from toolkit.periods import Period

WARDS = ("P1", "P2", "LB")
FLOW, STOCK, NUM, DEN = "NN.DT_MAU", "NN.GIA_SUC", "AN.CCCD_LK", "AN.DAN_SO_14"


def typed(unit: str, month: int) -> dict:
    i = WARDS.index(unit) + 1
    return {
        (FLOW, "value"): 10.0 * i + month,
        ("NN.DT_CAY_AN_TRAI", "value"): 5.0 * i,
        (STOCK, "value"): 100 * i + month,
        (NUM, "value"): 50 * i + month,
        (DEN, "value"): 1000 * i,
    }


def test_a_monthly_chain_builds_the_quarter(tmp_path):
    ws = mini_workspace(tmp_path / "ws")
    for m in (1, 2, 3):
        p = Period.month_of(2025, m)
        history = ArchiveHistory(ws)
        for u in WARDS:
            info = write_form(ws, u, p, ws.inbox / f"{p.code}_{u}.xlsx", fill=typed(u, m), history=history)
            if m > 1:  # the form carries the accepted year to date up to the month before
                plan_cell = next(c for c in info.identity.cells if c.indicator == FLOW and c.column == "ytd_prev")
                assert plan_cell.role == "prefilled"
                wb = load_workbook(info.path)
                want = sum(typed(u, k)[(FLOW, "value")] for k in range(1, m))
                assert wb[plan_cell.sheet][plan_cell.cell].value == want
        run("intake", "--jobs", "0", "--received-at", f"2025-{m:02d}-16T09:00", ws=ws, ok=(0,))
    out = run("consolidate", "--period", "2025-Q1", "--json", ws=ws, ok=(0,)).output
    d = json.loads(out[out.index("{") :])
    rows = {r["code"]: r for r in d["rows"]}
    assert set(WARDS) <= set(d["units_covered"])
    flow = sum(typed(u, m)[(FLOW, "value")] for u in WARDS for m in (1, 2, 3))
    assert math.isclose(rows[FLOW]["value"], flow) and math.isclose(rows[FLOW]["ytd"], flow)
    assert rows[STOCK]["value"] == sum(typed(u, 3)[(STOCK, "value")] for u in WARDS)  # at the end of March
    n = sum(typed(u, 3)[(NUM, "value")] for u in WARDS)
    den = sum(typed(u, 3)[(DEN, "value")] for u in WARDS)
    assert math.isclose(rows["AN.CCCD_TL"]["value"], n / den * 100)
    # the months' cut-off: 2025-M03 runs from 15/02 to 14/03
    out = run("templates", "--period", "2025-M03", "--unit", "P1", ws=ws, ok=(0,)).output
    assert "2025-M03" in out
