"""Baseline ("cùng kỳ") from last year's master and from a plain table, names matched, never guessed."""

from __future__ import annotations

from datetime import datetime

import openpyxl
from conftest import run

from toolkit.definitions.from_master import import_baseline
from toolkit.master import build_master
from toolkit.master.preview import seed_submissions
from toolkit.periods import Period
from toolkit.workspace import Workspace

NOW = datetime(2025, 3, 20, 8, 0)


def test_our_own_master_becomes_next_years_same_period(workspace, tmp_path):
    q1 = Period.parse("2024-Q1")
    master = build_master(workspace, q1, seed_submissions(workspace), tmp_path / "tong-hop-2024-Q1.xlsx", now=NOW)
    assert master.written
    r = run("definitions", "baseline", str(master.path), ws=workspace)
    assert r.exit_code == 0, r.output
    ws = Workspace.open(workspace.root)
    b = ws.baseline
    assert b.get("2024-Q1", "NN", "NN.DT_MAU_CAT") == 2713
    assert b.get("2024-Q1", "NN", "NN.DT_MAU_CAT", "ytd") == 2713
    assert b.get("2024-Q1", "NN", "NN.DAN_GIA_SUC") == 25607
    wards = [u.code for u in ws.expected_units(q1) if u.is_ward]
    split = [b.get("2024-Q1", u, "NN.DT_MAU_CAT") for u in wards]
    assert all(v is not None for v in split) and abs(sum(split) - 2713) < 1e-6  # each ward's column too
    assert not ws.problems()
    # the 2025-Q1 master shows them as "cùng kỳ"
    nxt = build_master(ws, "2025-Q1", [], tmp_path / "m25.xlsx", now=NOW)
    same = {row.code: row.same for row in nxt.rows}
    assert same["NN.DT_MAU_CAT"] == 2713 and same["NN.DAN_GIA_SUC"] == 25607


def plain_table(path, name_of_livestock: str = "Đàn gia sút") -> None:
    wb = openpyxl.Workbook()
    sh = wb.active
    sh.title = "Biểu 1"
    sh.append(["BÁO CÁO KINH TẾ - XÃ HỘI QUÝ I NĂM 2023"])
    sh.append([])
    sh.append(["STT", "Chỉ tiêu", "ĐVT", "Thực hiện quý I/2023", "Lũy kế từ đầu năm"])
    sh.append(["I", "KINH TẾ"])  # a heading: no figure
    sh.append(["1", "1. Diện tích cây màu và cây ăn trái phát triển:", "ha", 2650, 2650])
    sh.append(["2", name_of_livestock, "con", "25.056"])  # typed as text; a count: 25056
    sh.append(["3", "Số hộ nuôi chim yến", "hộ", 12])  # not in the catalog at all
    sh.append(["4", "Thu ngân sách các nguồn trong chỉ tiêu", "tỷ đồng", "8,27", "8,27"])
    wb.save(path)


def test_plain_table_near_miss_is_an_error_with_a_suggestion_and_nothing_is_written(workspace, tmp_path):
    book = tmp_path / "bao-cao-2023.xlsx"
    plain_table(book)
    before = (workspace.definitions / "baseline" / "2023-Q1.csv").read_bytes()
    res = import_baseline(workspace, book, "2023-Q1", now=NOW)
    assert not res.written and not res.ok
    miss = next(p for p in res.problems if p.value == "Đàn gia sút")
    assert miss.is_error and miss.where() == "'Biểu 1'!B6" and "NN.DAN_GIA_SUC" in miss.message_vi
    unknown = [p for p in res.problems if p.value == "Số hộ nuôi chim yến"]
    assert unknown and not unknown[0].is_error  # no near name: skipped with a warning
    assert (workspace.definitions / "baseline" / "2023-Q1.csv").read_bytes() == before

    plain_table(book, "Đàn gia súc")
    res = import_baseline(workspace, book, "2023-Q1", now=NOW)
    assert res.ok and res.written, res.problems
    b = Workspace.open(workspace.root).baseline
    assert b.get("2023-Q1", "NN", "NN.DT_MAU_CAT") == 2650
    assert b.get("2023-Q1", "NN", "NN.DAN_GIA_SUC") == 25056
    assert b.get("2023-Q1", "NN", "NS.THU_TRONG_CHI_TIEU", "ytd") == 8.27
    assert b.get("2023-Q1", "NN", "YT.SXH_CA") == 18  # rows of the file it did not name are kept
    assert res.replaced == 5 and res.backup is not None


def test_unknown_code_and_text_figure_are_reported_at_their_cells(workspace, tmp_path):
    book = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    sh = wb.active
    sh.append(["Mã chỉ tiêu", "Chỉ tiêu", "Kỳ này"])
    sh.append(["NN.DT_MAU_CATT", "", 10])
    sh.append(["NN.DT_MAU", "", "khoảng 10"])
    wb.save(book)
    r = run("definitions", "baseline", str(book), "--period", "2023-Q2", ws=workspace)
    assert r.exit_code == 1
    assert "definitions-master-code-unknown 'Sheet'!A2" in r.output and "NN.DT_MAU_CAT" in r.output
    assert "definitions-master-not-number 'Sheet'!C3" in r.output
    assert not (workspace.definitions / "baseline" / "2023-Q2.csv").exists()
