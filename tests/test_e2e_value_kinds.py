"""Values as their sources give them: year to date (budget revenue from the treasury), a
level at a date, estimates. The form asks for what the source gives; the toolkit derives
the rest. Real forms, LibreOffice as the client, the real archive and master.
"""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest
from conftest import run

from toolkit.forms import plan_form, write_form
from toolkit.forms.instructions import instruction_rows
from toolkit.intake import ArchiveHistory, intake
from toolkit.libreoffice import convert
from toolkit.master import build_master
from toolkit.periods import Period
from toolkit.validate import validate_file
from toolkit.workspace import Workspace

Q3, Q4 = Period.parse("2025-Q3"), Period.parse("2025-Q4")
REVENUE = "NS.THU_NSNN"  # given_as: ytd in the post-reform sample


def _fill(phuong: Workspace, period: Period, ytd: float, ytd_prev: float | None) -> dict:
    """KTHT's return: every other figure plausible, the revenue as the treasury gives it."""
    from toolkit.demo import plausible_fills

    fill = dict(plausible_fills(phuong, period)["KTHT"])
    fill[(REVENUE, "ytd")] = ytd
    if ytd_prev is not None:
        fill[(REVENUE, "ytd_prev")] = ytd_prev
    return fill


def test_the_form_asks_the_year_to_date_and_derives_the_period(phuong):
    plan = plan_form(phuong, phuong.units["KTHT"], Q3)
    value, ytd, prev = (plan.cell(REVENUE, c) for c in ("value", "ytd", "ytd_prev"))
    assert (value.role, ytd.role, prev.role) == ("formula", "input", "input")
    assert ytd.rule is not None and "14/09/2025 theo số của hệ thống" in ytd.rule.prompt
    rows = dict(instruction_rows(phuong, plan))
    assert REVENUE in rows["Số lũy kế theo hệ thống"] and "DTC.GIAI_NGAN" in rows["Số lũy kế theo hệ thống"]
    # a period that starts the year: the period is the year to date, typed once
    year = plan_form(phuong, phuong.units["KTHT"], Period.parse("2025"))
    assert year.cell(REVENUE, "value").role == "input"
    # a level at a date and an estimate say so where the clerk types
    hamlet = plan_form(phuong, phuong.units["K1"], Q3)
    assert "Số có đến ngày 14/09/2025" in hamlet.cell("GN.HO_NGHEO", "value").rule.prompt
    assert "ước" in plan.cell("NN.NS_LUA", "value").rule.prompt
    assert "NN.NS_LUA" in rows["Số ước tính"]


def test_a_year_to_date_return_resaved_by_libreoffice_gives_the_period_and_the_next_quarter_carries_it(
    phuong, soffice, tmp_path
):
    path = tmp_path / "ktht-q3.xlsx"
    write_form(phuong, "KTHT", Q3, path, fill=_fill(phuong, Q3, 40000, 28000))
    resaved = convert(path, "xlsx", phuong.inbox, recalc=True)
    cell = plan_form(phuong, phuong.units["KTHT"], Q3).cell(REVENUE, "value").address
    lo = openpyxl.load_workbook(resaved, data_only=True).worksheets[0]
    assert lo[cell].value == 12000  # LibreOffice computed this period: 40.000 - 28.000
    rep = validate_file(resaved, phuong)
    assert rep.valid, [(f.code, f.cell) for f in rep.findings if f.is_error]
    assert {(v.indicator, v.column): v.value for v in rep.values}[(REVENUE, "value")] == 12000
    res = intake(phuong, jobs=0, now=datetime(2025, 9, 16, 9))
    assert res.summary.valid == 1

    # Q4: the treasury's total to 14/12 is typed; what was accepted to 14/9 is carried
    plan = plan_form(phuong, phuong.units["KTHT"], Q4, ArchiveHistory(phuong))
    prev = plan.cell(REVENUE, "ytd_prev")
    assert (prev.role, prev.value) == ("prefilled", 40000)
    q4 = tmp_path / "ktht-q4.xlsx"
    write_form(phuong, "KTHT", Q4, q4, fill=_fill(phuong, Q4, 53500, None), history=ArchiveHistory(phuong))
    convert(q4, "xlsx", phuong.inbox, recalc=False)
    res = intake(phuong, jobs=0, now=datetime(2025, 12, 16, 9))
    assert res.summary.valid == 1, [(o.unit, o.errors) for o in res.outcomes]
    r = build_master(phuong, Q4, out=tmp_path / "q4.xlsx")
    row = r.row(REVENUE)
    assert (row.value, row.ytd) == (13500, 53500)


def test_a_typed_year_to_date_below_the_carried_one_is_found(phuong, tmp_path):
    path = tmp_path / "ktht-q3.xlsx"
    write_form(phuong, "KTHT", Q3, path, fill=_fill(phuong, Q3, 20000, 28000))
    rep = validate_file(path, phuong)
    value_cell = plan_form(phuong, phuong.units["KTHT"], Q3).cell(REVENUE, "value").address
    ytd_cell = plan_form(phuong, phuong.units["KTHT"], Q3).cell(REVENUE, "ytd").address
    assert ("ytd-below-before", ytd_cell) in {(f.code, f.cell) for f in rep.findings if f.is_error}, [
        (f.code, f.cell) for f in rep.findings
    ]
    assert value_cell != ytd_cell


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (
            "behaviour: stock, change_warn: 20,\n     given_as: as_of}",
            "behaviour: flow, change_warn: 20,\n     given_as: as_of}",
            "given_as",
        ),
        (
            "behaviour: flow, decimals: 0, given_as: ytd,\n     note: Số của Kho bạc",
            "behaviour: stock, decimals: 0, given_as: ytd,\n     note: Số của Kho bạc",
            "given_as",
        ),
        ("estimate: true,", "estimate: maybe,", "estimate"),
    ],
)
def test_value_kinds_that_cannot_be_are_refused_with_their_line(phuong, old, new, field):
    cat = phuong.definitions / "catalog.yaml"
    text = cat.read_text(encoding="utf-8")
    assert old in text
    cat.write_text(text.replace(old, new, 1), encoding="utf-8")
    bad = [f for f in Workspace.open(phuong.root).problems() if f.code == "catalog-bad-value"]
    assert bad and bad[0].extra.get("field") == field and bad[0].line


def test_an_estimate_later_made_official(phuong, tmp_path):
    """Q3's rice yield is sent as an estimate; the official figure comes on the official form
    of the same period: the master marks the estimate, then uses the official version and
    says so; next year's "cùng kỳ" is the official figure."""
    from toolkit.intake import history

    fill = _fill(phuong, Q3, 40000, 28000)
    fill[("NN.NS_LUA", "value")] = 6.2
    write_form(phuong, "KTHT", Q3, phuong.inbox / "ktht.xlsx", fill=fill)
    assert intake(phuong, jobs=0, now=datetime(2025, 9, 16, 9)).summary.valid == 1
    r = build_master(phuong, Q3, out=tmp_path / "q3-estimate.xlsx")
    row = r.row("NN.NS_LUA")
    assert (row.value, row.estimate) == (6.2, True)
    assert not r.row("NS.THU_NSNN").estimate  # not an estimate indicator
    summary = openpyxl.load_workbook(r.path)["Tổng hợp"]
    assert summary.cell(row.row + 1, 2).value.endswith("(ước)")

    res = run("templates", "--period", "2025-Q3", "--unit", "KTHT", "--official", "--out", str(tmp_path), ws=phuong)
    assert res.exit_code == 0, res.output
    (sent,) = (tmp_path / "2025-Q3").glob("*.xlsx")
    title = " ".join(str(c.value) for c in openpyxl.load_workbook(sent).worksheets[0][5] if c.value)
    assert "SỐ LIỆU CHÍNH THỨC" in title
    fill[("NN.NS_LUA", "value")] = 6.5
    write_form(phuong, "KTHT", Q3, phuong.inbox / "ktht-chinh-thuc.xlsx", fill=fill, official=True)
    res = intake(phuong, jobs=0, now=datetime(2025, 10, 5, 9))
    (o,) = res.outcomes
    assert (o.status, o.version, o.errors) == ("received", 2, 0)
    assert [row.version for row in history(phuong, "KTHT", "2025-Q3")] == [1, 2]  # the estimate is kept

    r = build_master(phuong, Q3, out=tmp_path / "q3-official.xlsx")
    row = r.row("NN.NS_LUA")
    assert (row.value, row.estimate) == (6.5, False)
    status = openpyxl.load_workbook(r.path)["Tình trạng nộp"]
    used = [[c.value for c in line] for line in status.iter_rows() if any(c.value == "KTHT" for c in line)]
    assert used and used[0][5] == 2 and used[0][13] == "Có, số chính thức"

    next_year = plan_form(phuong, phuong.units["KTHT"], Period.parse("2026-Q3"), ArchiveHistory(phuong))
    assert next_year.cell("NN.NS_LUA", "same_period").value == 6.5
