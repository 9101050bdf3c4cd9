"""`baocao consolidate`: a thin layer over build_master (path, summary, exit codes)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
from conftest import run

from toolkit.forms import write_form
from toolkit.intake import intake
from toolkit.master import layout as L
from toolkit.master.atomic import master_lock
from toolkit.periods import Period
from toolkit.workspace import Workspace

MINI = Path(__file__).parent / "data" / "mini"


def mini(tmp_path: Path) -> Workspace:
    shutil.copytree(MINI / "templates", tmp_path / "ws" / "templates")
    (tmp_path / "ws" / "submissions" / "inbox").mkdir(parents=True)
    return Workspace.open(tmp_path / "ws")


def file_returns(ws: Workspace, units: dict[str, dict[tuple[str, str], float]]) -> None:
    p = Period.parse("2024-Q1")
    for unit, fill in units.items():
        write_form(ws, unit, p, ws.inbox / f"{unit}.xlsx", fill=fill)
    intake(ws, period=p.code, jobs=0, now=datetime(2024, 3, 18, 9, 0))


WARDS = {
    "P1": {
        ("NN.DT_CAY_AN_TRAI", "value"): 500,
        ("NN.DT_MAU", "value"): 400,
        ("NN.GIA_SUC", "value"): 9000,
        ("AN.CCCD_LK", "value"): 9000,
        ("AN.DAN_SO_14", "value"): 9500,
    },
    "P2": {
        ("NN.DT_CAY_AN_TRAI", "value"): 1035,
        ("NN.DT_MAU", "value"): 778,
        ("NN.GIA_SUC", "value"): 16607,
        ("AN.CCCD_LK", "value"): 8000,
        ("AN.DAN_SO_14", "value"): 8200,
    },
}


def test_nothing_received_yet_still_writes_a_master(tmp_path):
    ws = mini(tmp_path)
    r = run("consolidate", "--period", "2024-Q1", ws=ws)
    assert r.exit_code == 0, r.output
    path = ws.master_path(Period.parse("2024-Q1"))
    assert path.exists() and str(path) in r.output
    assert "Đơn vị có số liệu: 0/" in r.output and "master-no-submissions" in r.output


def test_partial_returns_summary_and_exit_0(tmp_path):
    ws = mini(tmp_path)
    file_returns(ws, WARDS)
    out = tmp_path / "bang-tong-hop.xlsx"
    r = run("consolidate", "--period", "2024-Q1", "-o", str(out), ws=ws)
    print(r.output)
    assert r.exit_code == 0
    assert out.exists() and f"Bảng tổng hợp: {out}" in r.output
    assert "Đơn vị có số liệu: 2/" in r.output and "CHƯA ĐỦ, thiếu: Xã Long Bình" in r.output
    assert "25.607 con: 47,90% CT tỉnh (53.460)" in r.output  # Vietnamese numbers
    book = openpyxl.load_workbook(out, data_only=True)
    gs = [row for row in book[L.SUMMARY].iter_rows(values_only=True) if row[0] == "NN.GIA_SUC"][0]
    assert gs[L.C_VALUE] == 25607


def test_json_and_english(tmp_path):
    ws = mini(tmp_path)
    file_returns(ws, WARDS)
    r = run("consolidate", "--period", "2024-Q1", "--json", ws=ws)
    assert r.exit_code == 0
    doc = json.loads(r.output)
    assert doc["written"] and doc["units_covered"] == ["P1", "P2"]
    assert {(s["code"], s["kind"]) for s in doc["below_half"]} >= {("NN.GIA_SUC", "province")}
    gs = next(row for row in doc["rows"] if row["code"] == "NN.GIA_SUC")
    assert gs["value"] == 25607 and gs["coverage"] == "2/3"
    r = run("--lang", "en", "consolidate", "--period", "2024-Q1", ws=ws)
    assert "Units covered: 2/" in r.output and "PARTIAL" in r.output


def test_bad_period_is_a_usage_error(tmp_path):
    ws = mini(tmp_path)
    r = run("consolidate", "--period", "2024-Q5", ws=ws)
    assert r.exit_code == 2 and "2024-Q1" in r.output


def test_busy_master_exits_1_and_says_so(tmp_path):
    ws = mini(tmp_path)
    path = ws.master_path(Period.parse("2024-Q1"))
    with master_lock(path):
        r = run("consolidate", "--period", "2024-Q1", ws=ws)
    assert r.exit_code == 1
    assert "master-busy" in r.output and not path.exists()


def test_broken_definitions_exit_2(tmp_path):
    ws = mini(tmp_path)
    cat = ws.definitions / "catalog.yaml"
    cat.write_text(
        cat.read_text(encoding="utf-8").replace("numerator: AN.CCCD_LK", "numerator: AN.KHONG"), encoding="utf-8"
    )
    r = run("consolidate", "--period", "2024-Q1", ws=ws)
    assert r.exit_code == 2 and "master-bad-definitions" in r.output
