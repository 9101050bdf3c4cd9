"""baocao definitions export | import | targets | baseline | outline: the commands over
toolkit/definitions (exit codes, messages, languages)."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest
from conftest import run
from test_definitions_targets import rows_by_code

from toolkit.definitions import export_definitions
from toolkit.workspace import Workspace

NOW = datetime(2025, 1, 5, 8, 30)


def test_not_a_workbook_and_not_ours(workspace, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a zip", encoding="utf-8")
    r = run("definitions", "import", str(bad), ws=workspace)
    assert r.exit_code == 2 and "definitions-unreadable" in r.output
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(other)
    r = run("definitions", "import", str(other), ws=workspace)
    assert r.exit_code == 2 and "definitions-no-known-sheet" in r.output


def test_import_refuses_the_built_in_sample(tmp_path):
    book = tmp_path / "d.xlsx"
    assert export_definitions(Workspace.sample(), book, now=NOW).written
    r = run("definitions", "import", str(book))
    assert r.exit_code == 2


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cli_export(workspace, tmp_path, lang):
    out = tmp_path / "d.xlsx"
    r = run("--lang", lang, "definitions", "export", "-o", str(out), ws=workspace)
    assert r.exit_code == 0 and out.is_file()
    assert ("Đã ghi" if lang == "vi" else "Wrote") in r.output


def test_outline_cli(workspace, tmp_path):
    out = tmp_path / "dm.xlsx"
    r = run("definitions", "outline", "-o", str(out), ws=workspace)
    assert r.exit_code == 0, r.output
    assert out.is_file() and f"{len(workspace.catalog)} chỉ tiêu" in r.output


def test_targets_cli_without_any_master(workspace, tmp_path):
    out = tmp_path / "t.xlsx"
    r = run("definitions", "targets", "--year", "2025", "-o", str(out), ws=workspace)
    assert r.exit_code == 0, r.output
    rows = rows_by_code(openpyxl.load_workbook(out)["Chỉ tiêu KH 2025"])
    assert rows["NN.DT_MAU_CAT"]["Thực hiện 2024"] is None
    assert rows["NN.DT_MAU_CAT"]["KH tỉnh giao 2024"] == 3400
    r = run("definitions", "targets", "--year", "99", ws=workspace)
    assert r.exit_code == 2
