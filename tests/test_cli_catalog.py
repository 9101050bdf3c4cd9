"""The CLI over the catalog: help, init, catalog check, catalog show."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import run

MINI = Path(__file__).parent / "data" / "mini"
REPO = Path(__file__).resolve().parent.parent


def test_catalog_check_ok_on_mini():
    r = run("catalog", "check", ws=MINI)
    assert r.exit_code == 0, r.output
    assert "12 chỉ tiêu" in r.output


def test_catalog_check_english(tmp_path):
    r = run("--lang", "en", "catalog", "check", ws=MINI)
    assert r.exit_code == 0 and "12 indicators" in r.output


def test_catalog_check_lists_problems_and_exits_1(tmp_path):
    dest = tmp_path / "ws"
    shutil.copytree(MINI, dest)
    cat = dest / "templates" / "catalog.yaml"
    cat.write_text(cat.read_text(encoding="utf-8").replace("reporters: [TCKH]", "reporters: [NOPE]"), encoding="utf-8")
    r = run("catalog", "check", ws=dest)
    assert r.exit_code == 1
    assert "catalog-unknown-reporter" in r.output and "catalog.yaml:" in r.output
    j = run("catalog", "check", "--json", ws=dest)
    data = json.loads(j.output)
    assert j.exit_code == 1 and data["problems"][0]["code"] == "catalog-unknown-reporter"
    assert data["problems"][0]["line"] > 0


def test_catalog_show_json_and_section_filter():
    r = run("catalog", "show", "--json", "--section", "QPAN", ws=MINI)
    data = json.loads(r.output)
    assert r.exit_code == 0
    assert {i["section"] for i in data["indicators"]} == {"QPAN"}
    assert len(data["indicators"]) == 5
    text = run("catalog", "show", ws=MINI)
    assert "NN.DT_MAU_CAT" in text.output and "xã, phường" in text.output


def test_catalog_show_unknown_section_is_usage_error():
    r = run("catalog", "show", "--section", "XX", ws=MINI)
    assert r.exit_code == 2 and "XX" in r.output


def test_not_a_workspace_is_exit_2(tmp_path):
    r = run("catalog", "check", ws=tmp_path)
    assert r.exit_code == 2
