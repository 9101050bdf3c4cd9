"""Who is late at a glance: states, DHIS2-style rates, days left; the status command."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from conftest import run
from intake_support import plausible_fill, run_intake, write_return

from toolkit.forms import write_form
from toolkit.intake import approve, status
from toolkit.periods import Period
from toolkit.workspace import Workspace

Q1 = "2024-Q1"
P = Period.parse(Q1)


def _scenario(mini: Workspace) -> dict[str, str]:
    """P1 on time; P2 late; LB invalid; PKT invalid on time then corrected late; the rest missing."""
    d = mini.deadline(P)
    before = datetime(d.year, d.month, d.day, 8, 0) - timedelta(days=2)
    after = datetime(d.year, d.month, d.day, 8, 0) + timedelta(days=3)
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")
    write_return(mini, "LB", Q1, mini.inbox / "LB.xlsx", valid=False)
    write_return(mini, "PKT", Q1, mini.inbox / "PKT.xlsx", valid=False)
    run_intake(mini, now=before)
    write_return(mini, "P2", Q1, mini.inbox / "P2.xlsx")
    write_return(mini, "PKT", Q1, mini.inbox / "PKT-sua.xlsx")
    run_intake(mini, now=after)
    return {
        "P1": "valid",
        "P2": "late",
        "LB": "received-invalid",
        "PKT": "valid",
        "TCKH": "missing",
        "CA": "missing",
        "BHXH": "missing",
    }


def test_states_and_rates(mini):
    want = _scenario(mini)
    today = mini.deadline(P) - timedelta(days=1)
    rep = status(mini, Q1, today=today)
    got = {r.unit: r.state for r in rep.rows}
    assert got == want
    assert [r.unit for r in rep.rows] == [u.code for u in mini.expected_units(P)]
    rows = {r.unit: r for r in rep.rows}
    assert (rows["PKT"].version, rows["PKT"].on_time, rows["P2"].on_time) == (2, True, False)
    assert rows["TCKH"].version is None and rows["TCKH"].on_time is None
    n = len(want)
    received = sum(s != "missing" for s in want.values())
    valid = sum(s in ("valid", "late") for s in want.values())
    on_time = len(("P1", "LB", "PKT"))  # their first versions came by the deadline
    assert (rep.expected, rep.received, rep.valid, rep.on_time) == (n, received, valid, on_time)
    assert rep.completeness == round(100 * valid / n, 2)
    assert rep.reporting_rate == round(100 * received / n, 2)
    assert rep.on_time_rate == round(100 * on_time / n, 2)
    assert rep.days_left == 1
    assert status(mini, Q1, today=mini.deadline(P) + timedelta(days=4)).days_left == -4
    print("rates", rep.completeness, rep.reporting_rate, rep.on_time_rate)


def test_approved_period_shows_valid_units_as_approved(mini):
    want = _scenario(mini)
    approve(mini, Q1, by="Chánh Văn phòng")
    rep = status(mini, Q1)
    assert rep.approved and rep.approved_by == "Chánh Văn phòng"
    for r in rep.rows:
        assert r.state == ("approved" if want[r.unit] in ("valid", "late") else want[r.unit])


def test_empty_workspace_every_unit_missing(mini):
    rep = status(mini, Q1, today=date(2024, 3, 1))
    assert {r.state for r in rep.rows} == {"missing"} and rep.completeness == 0.0
    assert not (mini.submissions / "ledger.sqlite").exists()  # reading creates nothing


def test_status_command_plain_when_piped_coloured_on_a_terminal(mini):
    _scenario(mini)
    args = ["-w", str(mini.root), "status", "--period", Q1, "--today", "2024-03-18"]
    plain = run(*args)
    print(plain.output)
    assert plain.exit_code == 0
    assert "\x1b[" not in plain.output
    for head in ("Đơn vị", "Trạng thái", "Phiên bản", "Nhận lúc", "Lỗi", "Cảnh báo"):
        assert head in plain.output
    for state in ("chưa nộp", "nộp nhưng có lỗi", "hợp lệ", "nộp muộn"):
        assert state in plain.output
    assert "Phường 1" in plain.output and "còn 1 ngày" in plain.output
    assert "42,86%" in plain.output  # Vietnamese decimal comma: 3/7 valid
    coloured = run(*args, color=True)
    assert "\x1b[" in coloured.output
    en = run("--lang", "en", *args)
    assert "State" in en.output and "late" in en.output and "1 day left" in en.output


def test_status_json_is_stable(mini):
    _scenario(mini)
    r = run("status", "--period", Q1, "--today", "2024-03-18", "--json", ws=mini)
    assert r.exit_code == 0
    d = json.loads(r.output)
    assert d["format"] == "baocao-status/1" and d["period"] == Q1
    assert set(d) >= {
        "deadline",
        "today",
        "days_left",
        "approved",
        "expected",
        "received",
        "valid",
        "on_time",
        "counts",
        "completeness",
        "reporting_rate",
        "on_time_rate",
        "units",
    }
    u = d["units"][0]
    assert set(u) >= {
        "unit",
        "name",
        "state",
        "state_vi",
        "version",
        "received_at",
        "sha256",
        "errors",
        "warnings",
        "on_time",
    }
    assert sum(d["counts"].values()) == d["expected"] == len(d["units"])


def test_bad_period_is_a_usage_error(mini):
    r = run("status", "--period", "2024-Q5", ws=mini)
    assert r.exit_code == 2 and "2024-Q5" in r.output


def test_sample_returns_status_shows_every_unit(workspace):
    """The full sample: every expected unit of Ngã Năm with the state its returns deserve."""
    mini = workspace
    units = [u.code for u in mini.expected_units(P)]
    wards = [u.code for u in mini.units.wards(P, mini.collector(P).code) if u.code in units]
    depts = [c for c in units if c not in wards]
    assert len(wards) >= 3 and len(depts) >= 4
    deadline = mini.deadline(P)
    want: dict[str, str] = {}
    invalid, missing, late = depts[0], depts[1], wards[0]
    for code in units:
        if code == missing:
            want[code] = "missing"
            continue
        if code == late:
            continue
        write_return(mini, code, Q1, mini.inbox / f"{code}.xlsx", valid=code != invalid)
        want[code] = "received-invalid" if code == invalid else "valid"
    on_time = f"{deadline.isoformat()}T08:00"
    r = run("intake", "--period", Q1, "--jobs", "2", "--received-at", on_time, ws=mini)
    print(r.output.splitlines()[-1])
    assert r.exit_code == 1  # one return is invalid
    write_return(mini, late, Q1, mini.inbox / f"{late}.xlsx")
    want[late] = "late"
    later = f"{(deadline + timedelta(days=2)).isoformat()}T08:00"
    r = run("intake", "--received-at", later, ws=mini)
    assert r.exit_code == 0, r.output
    r = run("status", "--period", Q1, "--json", ws=mini)
    d = json.loads(r.output)
    assert {u["unit"]: u["state"] for u in d["units"]} == want
    print("sample:", d["expected"], "units;", d["counts"], d["completeness"], d["reporting_rate"], d["on_time_rate"])
    text = run("status", "--period", Q1, ws=mini).output
    for code in units:
        assert mini.units[code].name in text


def test_six_months_built_from_the_quarters_as_the_master_builds_it(mini):
    """Nobody returns 2024-H1 itself (but PKT): each unit's H1 is built from its quarters, as
    the master builds it, so status says who is covered and from which returns."""
    h1 = Period.parse("2024-H1")
    d = mini.deadline(h1)
    before = datetime(d.year, d.month, d.day, 8, 0) - timedelta(days=2)
    for unit in ("P1", "P2", "LB", "TCKH", "CA"):
        write_return(mini, unit, Q1, mini.inbox / f"{unit}-q1.xlsx")
    run_intake(mini, now=before - timedelta(days=60))

    def q2(unit: str, valid: bool = True) -> None:
        # this period's figures and Q1's year to date (the form adds them up)
        q1 = plausible_fill(mini, unit, Q1)
        fill = {k: v for k, v in plausible_fill(mini, unit, "2024-Q2").items() if k[1] != "ytd"}
        fill.update({(code, "ytd_prev"): v for (code, column), v in q1.items() if column == "ytd"})
        fill = fill if valid else {}
        write_form(mini, unit, Period.parse("2024-Q2"), mini.inbox / f"{unit}-q2.xlsx", fill=fill)

    q2("P1")
    q2("LB", valid=False)
    q2("TCKH")
    write_return(mini, "PKT", "2024-H1", mini.inbox / "PKT-h1.xlsx")
    run_intake(mini, now=before)
    q2("CA")
    run_intake(mini, now=datetime(d.year, d.month, d.day, 8, 0) + timedelta(days=1))

    rep = status(mini, h1, today=d)
    rows = {r.unit: r for r in rep.rows}
    got = {u: r.state for u, r in rows.items()}
    assert got == {
        "P1": "built",  # Q1 and Q2 valid
        "P2": "missing",  # Q1 only: H1 takes Q2's year to date
        "LB": "received-invalid",  # Q2 has errors
        "TCKH": "built",
        "PKT": "valid",  # its own H1 return
        "CA": "late",  # Q2 after H1's deadline
        "BHXH": "missing",
    }
    assert rows["P1"].built_from == [{"period": Q1, "state": "valid"}, {"period": "2024-Q2", "state": "valid"}]
    assert rows["P2"].built_from == [{"period": Q1, "state": "valid"}, {"period": "2024-Q2", "state": "missing"}]
    assert (rows["P1"].period, rows["P1"].version, rows["P1"].on_time) == ("2024-Q2", 1, True)
    assert rows["PKT"].built_from == [] and "built_from" not in rows["PKT"].to_dict()
    assert rows["BHXH"].built_from == []  # nothing of any part: simply missing

    # a quarter nobody returns by months (the office collects quarters): no parts to show
    q1 = status(mini, Q1, today=d)
    assert not q1.built and all(not r.built_from for r in q1.rows)
    assert "Ghép từ" not in run("status", "--period", Q1, ws=mini).output
    assert rep.valid == 4 and rep.received == 5  # P2's Q1 alone makes no H1

    # the master covers exactly the units status counts as valid
    from toolkit.master import build_master

    res = build_master(mini, h1, out=mini.root / "h1.xlsx")
    assert sorted(res.units_covered) == sorted(u for u, s in got.items() if s in ("built", "valid", "late"))

    r = run("status", "--period", "2024-H1", "--today", d.isoformat(), ws=mini)
    assert r.exit_code == 0, r.output
    assert "Ghép từ" in r.output and "Q1: hợp lệ; Q2: chưa nộp" in r.output
    assert "2024-Q2 v1" in r.output and "ghép từ báo cáo các kỳ thành phần (2024-Q1, 2024-Q2)" in r.output
    d_json = json.loads(run("status", "--period", "2024-H1", "--json", ws=mini).output)
    assert d_json["counts"]["built"] == 2 and d_json["valid"] == 4
    en = run("--lang", "en", "status", "--period", "2024-H1", ws=mini)
    assert "valid, built from its parts" in en.output and "Built from" in en.output
