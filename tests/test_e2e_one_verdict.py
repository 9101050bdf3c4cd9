"""One verdict: `baocao validate` gives the findings `baocao intake` gives for the same files,
reading the same archive (issue 13 item 4)."""

from __future__ import annotations

import json

from conftest import run
from intake_support import mini_workspace, plausible_fill

from toolkit.forms import write_form
from toolkit.periods import Period

Q1, Q2 = Period.parse("2024-Q1"), Period.parse("2024-Q2")


def test_validate_and_intake_find_the_same(tmp_path):
    ws = mini_workspace(tmp_path / "ws")
    out = json.loads(run("validate", "--json", str(_q2_forms(ws, tmp_path / "early")), ws=ws, ok=(0, 1)).output)
    assert out["archive"] is False  # and the text output says so:
    assert "Chưa có kho lưu trữ" in run("validate", str(tmp_path / "early"), ws=ws, ok=(0, 1)).output
    for u in ("P1", "P2", "LB"):  # Q1 accepted
        write_form(ws, u, Q1, ws.inbox / f"q1_{u}.xlsx", fill=plausible_fill(ws, u, Q1.code))
    run("intake", "--jobs", "0", ws=ws, ok=(0,))
    # Q2 returns: made before Q1 was accepted (typed year to date, one of them wrong), one with
    # a figure over its maximum, one with a figure left empty, one as the office sends it now
    inbox = ws.inbox
    for f in (tmp_path / "early").iterdir():
        f.rename(inbox / f.name)
    fill = plausible_fill(ws, "P2", Q2.code)
    fill[("NN.GIA_SUC", "value")] = 10**7
    write_form(ws, "P2", Q2, inbox / "q2_P2_now.xlsx", fill=fill, history=None)
    verdict = json.loads(run("validate", "--json", str(inbox), ws=ws, ok=(0, 1)).output)
    assert verdict["archive"] is True
    by_validate = {
        f["path"].split("/")[-1]: sorted((x["code"], x["cell"], x["severity"]) for x in f["findings"])
        for f in verdict["files"]
    }
    codes = {c for fs in by_validate.values() for c, _, _ in fs}
    assert {"ytd-before-differs", "value-above-max", "value-missing"} <= codes
    run("intake", "--jobs", "0", ws=ws, ok=(0, 1))
    by_intake = {}
    for js in (ws.submissions / "archive" / Q2.code).glob("*/v*_*.json"):
        doc = json.loads(js.read_text(encoding="utf-8"))
        by_intake[doc["intake"]["original_name"]] = sorted(
            (x["code"], x["cell"], x["severity"]) for x in doc["findings"]
        )
    assert by_intake == by_validate


def _q2_forms(ws, folder):
    """Q2 forms filled before Q1 was accepted: the clerk typed the year to date up to Q1."""
    folder.mkdir()
    for u in ("P1", "LB"):
        fill = plausible_fill(ws, u, Q2.code)
        q1 = plausible_fill(ws, u, Q1.code)
        for (code, col), v in q1.items():
            if col == "value":
                fill[(code, "ytd_prev")] = v
        if u == "P1":
            fill[("NN.DT_MAU", "ytd_prev")] = 1.5 * float(q1[("NN.DT_MAU", "value")]) + 1  # not what Q1 says
        else:
            fill.pop(("NN.GIA_SUC", "value"))  # left empty
        write_form(ws, u, Q2, folder / f"q2_{u}.xlsx", fill=fill)
    return folder
