"""Units and reporters change by date: one workspace serves its whole history.

Who collects a period, which units report in it and which indicators each reports follow
the dates in units.yaml and catalog.yaml; nothing is edited by hand between 2025-Q2 and
2025-Q3.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import run
from intake_support import plausible_fill, run_intake, write_return

from toolkit.forms import plan_form, write_form
from toolkit.intake import ArchiveHistory
from toolkit.master import build_master
from toolkit.master.compute import reporters_of
from toolkit.periods import Period
from toolkit.workspace import Workspace, init_workspace

Q2_2025, Q3_2025 = Period.parse("2025-Q2"), Period.parse("2025-Q3")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_collector_and_the_reporting_units_follow_the_dates(sample: Workspace):
    assert sample.collector(Period.parse("2024-Q1")).code == "NN"
    assert sample.collector(Q2_2025).code == "NN"
    assert sample.collector(Q3_2025).code == "CT"
    before = {u.code for u in sample.expected_units(Q2_2025)}
    after = {u.code for u in sample.expected_units(Q3_2025)}
    assert len(before) == 24 and {"P1", "VQ", "CA", "TCKH"} <= before
    assert after == {"PNN", "PMQ", "XTL"}
    assert sample.authority(Q2_2025) == "ỦY BAN NHÂN DÂN THỊ XÃ NGÃ NĂM"
    assert sample.authority(Q3_2025) == "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"
    # a department's indicators are collected until 30/6/2025 only; the wards' go on
    assert len(sample.indicators_for("PNN", Q3_2025)) == len(sample.indicators_for("P1", Q2_2025))
    assert sample.indicators_for("CA", Q2_2025) and not sample.catalog.reported_by(sample.units["CA"], Q3_2025.end)


def test_templates_for_2025_q3_writes_the_merged_units_forms_and_intake_files_them(tmp_path):
    ws = Workspace.open(init_workspace(tmp_path / "ws"))
    res = run("templates", "--period", "2025-Q3", ws=ws.root)
    assert res.exit_code == 0, res.output
    files = sorted(p.name for p in (ws.root / "output" / "forms" / "2025-Q3").glob("*.xlsx"))
    assert [re.match(r"2025-Q3_([A-Z]+)_", f).group(1) for f in files] == ["PMQ", "PNN", "XTL"]
    wb = openpyxl.load_workbook(ws.root / "output" / "forms" / "2025-Q3" / files[1])
    assert "THÀNH PHỐ CẦN THƠ" in str(wb["Hướng dẫn"]["A2"].value).upper()
    # a filled return of a merged ward is expected and filed, not rejected as an unexpected unit
    write_return(ws, "PNN", "2025-Q3", ws.inbox / "pnn.xlsx")
    res = run_intake(ws, now=datetime(2025, 9, 16, 9, 0))
    (o,) = res.outcomes
    assert (o.unit, o.status, o.version) == ("PNN", "received", 1), o
    assert res.summary.rejected == 0


def test_an_old_workspace_with_a_district_setting_still_works(tmp_path):
    root = init_workspace(tmp_path / "old")
    _edit(root / "templates" / "workspace.yaml", "name: Thị xã Ngã Năm\n", "name: Thị xã Ngã Năm\ndistrict: NN\n")
    ws = Workspace.open(root)
    assert ws.settings.district == "NN"
    assert not ws.problems()
    assert ws.collector(Period.parse("2024-Q1")).code == "NN"
    assert {u.code for u in ws.expected_units(Q3_2025)} == {"PNN", "PMQ", "XTL"}


def test_templates_says_why_it_writes_no_form(tmp_path):
    root = init_workspace(tmp_path / "ws")
    units = root / "templates" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    # the merged units were never defined: nobody reports after 30/6/2025
    units.write_text("\n".join(line for line in text.splitlines() if "valid_from: 2025-07-01, pred" not in line))
    res = run("templates", "--period", "2025-Q3", ws=root)
    assert res.exit_code == 1
    assert "Không tạo biểu mẫu nào cho kỳ 2025-Q3" in res.output
    assert "14/09/2025" in res.output and "valid_from/valid_to" in res.output
    res = run("--lang", "en", "templates", "--period", "2025-Q3", ws=root)
    assert "No form written for 2025-Q3" in res.output and "2025-09-14" in res.output


def test_catalog_check_names_the_indicator_left_without_a_reporter_and_the_periods(tmp_path):
    root = init_workspace(tmp_path / "ws")
    cat = root / "templates" / "catalog.yaml"
    # Công an's drug-test count stops being collected from Công an thị xã but nobody takes it over
    _edit(cat, "reporters: [CA], valid_to: 2025-06-30,", "reporters: [CA],")
    ws = Workspace.open(root)
    found = [f for f in ws.problems() if f.code == "catalog-no-reporter"]
    assert len(found) == 1
    (f,) = found
    code = f.indicator
    assert ws.catalog[code].reporters == ("CA",)
    assert f.line == ws.catalog[code].line
    assert "01/07/2025" in f.message("vi") and "2025-Q3 …" in f.message("vi")
    assert "from 2025-07-01" in f.message("en")
    res = run("catalog", "check", ws=root)
    assert res.exit_code == 1 and code in res.output


def test_reporters_by_date_hand_an_indicator_over(tmp_path):
    root = init_workspace(tmp_path / "ws")
    cat = root / "templates" / "catalog.yaml"
    ws0 = Workspace.open(root)
    code = next(i.code for i in ws0.catalog if i.reporters == ("CA",) and i.aggregate == "single")
    line = ws0.catalog[code].line
    lines = cat.read_text(encoding="utf-8").splitlines()
    # reported by Công an thị xã until 30/6/2025, by the merged communes after (counted and added up)
    for n in range(line - 1, line + 4):
        lines[n] = lines[n].replace(
            "reporters: [CA], valid_to: 2025-06-30, aggregate: single",
            "reporters: [{units: [CA], valid_to: 2025-06-30}, {units: wards, valid_from: 2025-07-01}], aggregate: sum",
        )
    cat.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ws = Workspace.open(root)
    assert not [f for f in ws.problems() if f.is_error], [f.message("en") for f in ws.problems()]
    ind = ws.catalog[code]
    assert [s.valid_to for s in ind.spans][0].isoformat() == "2025-06-30"
    assert ind in ws.indicators_for("CA", Q2_2025) and ind not in ws.indicators_for("P1", Q2_2025)
    assert ind in ws.indicators_for("PNN", Q3_2025)
    assert ind in ws.indicators_for("CA")  # without a period: every indicator the unit ever reports
    # the master's reporter columns follow the same dates
    assert reporters_of(ind, ws.expected_units(Q2_2025), Q2_2025) == ["CA"]
    assert reporters_of(ind, ws.expected_units(Q3_2025), Q3_2025) == ["PNN", "PMQ", "XTL"]


def test_overlapping_reporter_entries_are_refused_with_their_line(tmp_path):
    root = init_workspace(tmp_path / "ws")
    cat = root / "templates" / "catalog.yaml"
    _edit(
        cat,
        "reporters: [CA], valid_to: 2025-06-30,",
        "reporters: [{units: [CA], valid_to: 2025-06-30}, {units: [CCTK], valid_from: 2025-03-01}],",
    )
    ws = Workspace.open(root)
    bad = [f for f in ws.catalog.problems if f.code == "catalog-bad-value"]
    assert bad and "overlap" in bad[0].message("en")


def test_a_department_merged_in_march_2025_is_expressed_the_same_way(tmp_path):
    """Phòng Y tế and Phòng LĐ-TB&XH merged on 1/3/2025: the new unit takes their indicators
    from that day; a quarter ending after it is the new unit's."""
    root = init_workspace(tmp_path / "ws")
    units = root / "templates" / "units.yaml"
    _edit(
        units,
        "  - {code: PYT, name: Phòng Y tế, kind: department, parent: NN, valid_to: 2025-06-30}",
        "  - {code: PYT, name: Phòng Y tế, kind: department, parent: NN, valid_to: 2025-02-28}\n"
        "  - {code: PYTXH, name: Phòng Y tế - Xã hội, kind: department, parent: NN, valid_from: 2025-03-01,"
        " valid_to: 2025-06-30, predecessors: [PYT]}",
    )
    ws = Workspace.open(root)
    found = {f.indicator for f in ws.problems() if f.code == "catalog-no-reporter"}
    pyt = {i.code for i in ws.catalog if i.reporters == ("PYT",)}
    assert found == pyt  # each: no reporter from 1/3/2025 until the district ends
    cat = root / "templates" / "catalog.yaml"
    text = cat.read_text(encoding="utf-8").replace(
        "reporters: [PYT], valid_to: 2025-06-30,",
        "reporters: [{units: [PYT], valid_to: 2025-02-28}, {units: [PYTXH], valid_from: 2025-03-01}],"
        " valid_to: 2025-06-30,",
    )
    cat.write_text(text, encoding="utf-8")
    ws = Workspace.open(root)
    assert not ws.problems()
    q4, q1 = Period.parse("2024-Q4"), Period.parse("2025-Q1")
    assert "PYT" in {u.code for u in ws.expected_units(q4)} and "PYTXH" not in {u.code for u in ws.expected_units(q4)}
    assert "PYTXH" in {u.code for u in ws.expected_units(q1)} and "PYT" not in {u.code for u in ws.expected_units(q1)}
    assert {i.code for i in ws.indicators_for("PYTXH", q1)} == pyt


def test_two_offices_at_once_are_reported_unless_the_workspace_names_one(tmp_path):
    root = init_workspace(tmp_path / "ws")
    units = root / "templates" / "units.yaml"
    _edit(
        units,
        "  # --- from 1/7/2025",
        "  - {code: HX, name: Huyện X, kind: district, parent: ST, valid_to: 2025-06-30}\n"
        "  - {code: HX1, name: Xã X1, kind: commune, parent: HX, valid_to: 2025-06-30}\n  # --- from 1/7/2025",
    )
    ws = Workspace.open(root)
    amb = [f for f in ws.problems() if f.code == "catalog-collector-ambiguous"]
    assert amb and "NN" in amb[0].message("en") and "HX" in amb[0].message("en")
    assert ws.expected_units(Period.parse("2024-Q1")) == []
    _edit(root / "templates" / "workspace.yaml", "name: Thị xã Ngã Năm\n", "name: Thị xã Ngã Năm\ndistrict: NN\n")
    ws = Workspace.open(root)
    assert not [f for f in ws.problems() if f.code == "catalog-collector-ambiguous"]
    assert len(ws.expected_units(Period.parse("2024-Q1"))) == 24


@pytest.mark.parametrize("period", ["2024-Q1", "2025-Q3"])
def test_sample_definitions_stay_clean(period):
    ws = Workspace.sample()
    assert not ws.problems()
    assert ws.expected_units(Period.parse(period))


def test_2025_q3_forms_of_a_merged_ward_carry_the_predecessors_accepted_2024_q3_figures(tmp_path):
    """End to end (issue 13): 2024-Q3 accepted for Phường 1, Phường 2 and xã Vĩnh Quới;
    templates --period 2025-Q3 gives Phường Ngã Năm "cùng kỳ" = their sum; the 2025-Q3 master
    compares the merged ward's figures with it."""
    ws = Workspace.open(init_workspace(tmp_path / "ws"))
    q3_2024 = Period.parse("2024-Q3")
    typed: dict[str, dict] = {}

    def q3_return(unit: str, period: Period, factor: float) -> None:
        fill = plausible_fill(ws, unit, period.code, factor=factor)
        for (code, column), v in list(fill.items()):
            if column == "value":
                fill[(code, "ytd_prev")] = v * 2  # Q1 and Q2 are not in this archive: typed
        typed[unit] = fill
        # the form 'templates' sends (its cùng kỳ from the archive), filled by the clerk
        write_form(ws, unit, period, ws.inbox / f"{unit}.xlsx", fill=fill, history=ArchiveHistory(ws))

    for n, unit in enumerate(("P1", "P2", "VQ"), start=1):
        q3_return(unit, q3_2024, 1 + n / 10)
    res = run_intake(ws, now=datetime(2024, 9, 16, 9))
    assert res.summary.valid == 3, [(o.unit, o.status, o.errors) for o in res.outcomes]

    res = run("templates", "--period", "2025-Q3", "--unit", "PNN", "--json", ws=ws.root)
    assert res.exit_code == 0, res.output
    (form,) = json.loads(res.output)["forms"]
    assert form["prefilled"] > 0
    sheet = openpyxl.load_workbook(form["path"]).worksheets[0]
    rows = {sheet.cell(r, 2).value: r for r in range(1, sheet.max_row + 1)}
    code = "NN.DT_HT_XUONG_GIONG"  # a ward flow (aggregate: sum)
    expected = sum(typed[u][(code, "value")] for u in ("P1", "P2", "VQ"))
    assert sheet[f"H{rows[code]}"].value == pytest.approx(expected)

    q3_return("PNN", Q3_2025, 1.0)
    res = run_intake(ws, now=datetime(2025, 9, 16, 9))
    assert res.summary.valid == 1, [(o.unit, o.status, o.errors) for o in res.outcomes]
    r = build_master(ws, "2025-Q3", out=tmp_path / "m.xlsx")
    row = r.row(code)
    assert row.unit_same["PNN"] == pytest.approx(expected)
    assert row.change == pytest.approx(row.value / row.same * 100 - 100)


def test_a_period_that_straddles_the_merger_belongs_to_the_units_valid_at_its_end(tmp_path):
    """2025-H1 (to 14/6) is the old units'; 2025-Q3 and 2025-9M (to 14/9) the merged ones';
    Phường Ngã Năm's year to date before 2025-Q3 is its predecessors' accepted H1 total."""
    ws = Workspace.open(init_workspace(tmp_path / "ws"))
    h1, nine = Period.parse("2025-H1"), Period.parse("2025-9M")
    assert {"P1", "P2", "VQ"} <= {u.code for u in ws.expected_units(h1)}
    assert (
        {u.code for u in ws.expected_units(nine)}
        == {u.code for u in ws.expected_units(Q3_2025)}
        == {
            "PNN",
            "PMQ",
            "XTL",
        }
    )
    code = "NN.DT_HT_XUONG_GIONG"
    ytd: dict[str, float] = {}
    for n, unit in enumerate(("P1", "P2", "VQ"), start=1):
        fill = plausible_fill(ws, unit, "2025-Q2", factor=1 + n / 10)
        for (c, column), v in list(fill.items()):
            if column == "value":
                fill[(c, "ytd_prev")] = v  # Q1 not in this archive: typed
        ytd[unit] = fill[(code, "ytd_prev")] + fill[(code, "value")]
        write_form(ws, unit, Q2_2025, ws.inbox / f"{unit}.xlsx", fill=fill)
    res = run_intake(ws, now=datetime(2025, 6, 16, 9))
    assert res.summary.valid == 3, [(o.unit, o.status, o.errors) for o in res.outcomes]
    cell = plan_form(ws, ws.units["PNN"], Q3_2025, ArchiveHistory(ws)).cell(code, "ytd_prev")
    assert cell.role == "prefilled" and cell.value == pytest.approx(sum(ytd.values()))
