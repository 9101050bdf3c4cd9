"""The post-reform sample: Phường Ngã Năm collecting from its sections and hamlets since
1/7/2025, with per-unit and per-term targets.

Real forms (xlsxwriter), real returns re-saved by LibreOffice, real intake and masters
whose formulas LibreOffice recalculates.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import run

from toolkit.demo import plausible_fills
from toolkit.forms import write_form
from toolkit.intake import intake
from toolkit.libreoffice import convert_many
from toolkit.master import build_master
from toolkit.master.compute import year_start
from toolkit.master.unit_targets import TERM_TARGETS, UNIT_TARGETS
from toolkit.master.verify import compare_recalculated
from toolkit.periods import Period
from toolkit.workspace import Workspace

SAMPLE = "phuong-nga-nam"
SECTIONS = {"KTHT", "VHXH", "CAP", "TYT"}
HAMLETS = {"K1", "K2", "K3", "K4", "AVT", "AVH"}


def test_who_reports_after_the_reform(phuong):
    q3 = Period.parse("2025-Q3")
    assert phuong.collector(q3).code == "PNN"
    assert {u.code for u in phuong.expected_units(q3)} == SECTIONS | HAMLETS
    assert phuong.authority(q3) == "ỦY BAN NHÂN DÂN PHƯỜNG NGÃ NĂM"
    hamlet = {i.code for i in phuong.indicators_for("K1", q3)}
    assert {"NN.DT_LUA_XUONG_GIONG", "GN.HO_NGHEO", "DS.SO_HO", "GN.TL_HO_NGHEO"} <= hamlet
    assert {i.code for i in phuong.indicators_for("CAP", q3)} == {
        "AN.PHAM_TOI",
        "AN.TNGT_VU",
        "AN.TNGT_CHET",
        "AN.CCCD_LK",
    }
    # before the ward existed there is nobody to ask, and templates says so
    res = run("templates", "--period", "2025-Q2", ws=phuong)
    assert res.exit_code == 1 and "14/06/2025" in res.output


@pytest.mark.parametrize("period", ["2025-Q3", "2025-Q4"])
def test_forms_for_every_reporter(phuong, period):
    res = run("templates", "--period", period, "--json", ws=phuong)
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["collector"] == "PNN"
    assert {f["unit"] for f in doc["forms"]} == SECTIONS | HAMLETS
    for f in doc["forms"]:
        wb = openpyxl.load_workbook(f["path"])
        assert wb.sheetnames[0] and f["indicators"] == len(phuong.indicators_for(f["unit"], Period.parse(period)))


def _returns(phuong: Workspace, period: Period, folder: Path, before: dict | None = None) -> tuple[list[Path], dict]:
    fills = plausible_fills(phuong, period, before)
    paths = []
    for u in phuong.expected_units(period):
        p = folder / f"{period.code}_{u.code}.xlsx"
        write_form(phuong, u.code, period, p, fill=fills[u.code])
        paths.append(p)
    return paths, fills


def test_q3_and_q4_returns_resaved_by_libreoffice_are_filed_and_the_q4_master_shows_unit_attainment(
    phuong, soffice, tmp_path
):
    fills = None
    for period, when in (("2025-Q3", datetime(2025, 9, 16, 9)), ("2025-Q4", datetime(2025, 12, 16, 9))):
        p = Period.parse(period)
        written, fills = _returns(phuong, p, tmp_path / "written" / period, fills)
        resaved = convert_many(written, "xlsx", phuong.inbox, recalc=False)  # what LibreOffice users send back
        assert len(resaved) == len(written) == 10
        res = intake(phuong, jobs=0, now=when)
        assert (res.summary.new_versions, res.summary.valid, res.summary.rejected) == (10, 10, 0), _why(phuong, res)
    r = build_master(phuong, "2025-Q4", out=tmp_path / "q4.xlsx")
    assert r.written and set(r.units_covered) == SECTIONS | HAMLETS, r.findings
    _check_unit_attainment(phuong, r, tmp_path)


def test_the_2025_year_master_from_annual_returns_has_per_unit_and_term_attainment(phuong, soffice, tmp_path):
    year = Period.parse("2025")
    assert {u.code for u in phuong.expected_units(year)} == SECTIONS | HAMLETS
    _returns(phuong, year, phuong.inbox)
    res = intake(phuong, jobs=0, now=datetime(2025, 12, 17, 9))
    assert res.summary.valid == 10, [(o.unit, o.status, o.errors) for o in res.outcomes]
    res = run("consolidate", "--period", "2025", "--json", ws=phuong)
    doc = json.loads(res.output)
    assert doc["written"], doc["findings"]
    kinds = {(a["indicator"], a["unit"]) for a in doc["unit_targets"]}
    assert {("NN.DT_LUA_XUONG_GIONG", h) for h in HAMLETS} <= kinds
    assert {("GN.HO_NGHEO", h) for h in HAMLETS} <= kinds
    terms = {(a["indicator"], a["unit"], a["term"]) for a in doc["term_targets"]}
    assert ("GN.TL_HO_NGHEO", None, "2025–2030") in terms and ("GN.HO_NGHEO", "AVT", "2025–2030") in terms
    r = build_master(phuong, "2025", out=tmp_path / "y.xlsx")
    _check_unit_attainment(phuong, r, tmp_path)


def _why(phuong: Workspace, res) -> list[str]:
    out = []
    for o in res.outcomes:
        if o.errors and o.archive:
            rep = json.loads((phuong.root / o.archive).with_suffix(".json").read_text(encoding="utf-8"))
            out += [f"{o.unit} {f.get('code')} {f.get('cell')} {f.get('message', '')[:200]}" for f in rep["findings"]]
    return out


def _check_unit_attainment(phuong: Workspace, r, tmp_path: Path) -> None:
    """Each unit's percentage = its figure / its target, in Python and in LibreOffice."""
    period = Period.parse(r.period)
    targets = phuong.targets(period.year)
    assert r.unit_targets
    for a in r.unit_targets:
        assert a.target == targets.for_unit(a.code, a.unit, a.kind)
        row = r.row(a.code)
        by_ytd = row.indicator.ytd and not year_start(period)
        assert a.basis == pytest.approx((row.unit_ytd if by_ytd else row.unit_values)[a.unit])
        assert a.pct == pytest.approx(a.basis / a.target * 100)
    # the office's figure is the sum of the hamlets' (per-unit targets add up in the sample)
    lua = [a for a in r.unit_targets if a.code == "NN.DT_LUA_XUONG_GIONG"]
    assert sum(a.basis for a in lua) == pytest.approx(r.row("NN.DT_LUA_XUONG_GIONG").basis_value)
    wb = openpyxl.load_workbook(r.path)
    assert UNIT_TARGETS in wb.sheetnames and TERM_TARGETS in wb.sheetnames
    sheet = wb[UNIT_TARGETS]
    assert str(sheet["H5"].value).startswith("=IF(")
    out = tmp_path / f"lo-{r.period}"
    n, differences = compare_recalculated(r.path, out)
    assert n > 50 and differences == []
    lo = openpyxl.load_workbook(out / r.path.name, data_only=True)[UNIT_TARGETS]
    first = r.unit_targets[0]
    assert lo["H5"].value == pytest.approx(first.pct)


def test_a_unit_target_for_a_unit_that_does_not_report_it_is_refused(phuong):
    path = phuong.definitions / "targets" / "2025.yaml"
    text = path.read_text(encoding="utf-8").replace("      K1: {province: 18}", "      CAP: {province: 18}")
    path.write_text(text, encoding="utf-8")
    found = [f for f in Workspace.open(phuong.root).problems() if f.code == "catalog-target-bad-value"]
    assert len(found) == 1 and "CAP does not report GN.HO_NGHEO in 2025" in found[0].message("en")


def test_a_term_target_on_a_flow_is_refused(phuong):
    path = phuong.definitions / "targets" / "2025-2030.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  LD.GQVL: {congress: 6000}\n", encoding="utf-8")
    found = [f for f in Workspace.open(phuong.root).problems() if f.code == "catalog-target-bad-value"]
    assert len(found) == 1 and "per year" in found[0].message("en")
