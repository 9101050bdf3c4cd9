"""The yearly chore: next year's targets workbook, beside last year's targets and actuals."""

from __future__ import annotations

from datetime import datetime

import openpyxl

from toolkit.definitions import import_definitions
from toolkit.definitions.targets_book import read_actuals, targets_workbook
from toolkit.master import build_master
from toolkit.master.preview import seed_submissions
from toolkit.periods import Period
from toolkit.workspace import Workspace

NOW = datetime(2025, 1, 5, 8, 30)


def rows_by_code(sh) -> dict[str, dict[str, object]]:
    head = [c.value for c in sh[5]]
    return {r[0]: dict(zip(head, r, strict=False)) for r in sh.iter_rows(min_row=6, values_only=True) if r[0]}


def test_targets_workbook_shows_last_year_and_imports_next_years_targets(workspace, tmp_path):
    period = Period.parse("2024-Q1")
    built = build_master(workspace, period, seed_submissions(workspace), workspace.master_path(period), now=NOW)
    assert built.written
    actuals = read_actuals(workspace, 2024)
    assert actuals.period == period and actuals.values["NN.DT_MAU_CAT"] == 2713

    book = tmp_path / "chi-tieu-2025.xlsx"
    res = targets_workbook(workspace, 2025, book, now=NOW)
    assert res.written, res.problems
    wb = openpyxl.load_workbook(book)
    sh = wb["Chỉ tiêu KH 2025"]
    assert sh.freeze_panes == "B6" and sh["B2"].value == 2025
    rows = rows_by_code(sh)
    assert len(rows) == len(workspace.catalog)
    crops = rows["NN.DT_MAU_CAT"]
    assert crops["KH tỉnh giao 2024"] == 3400 and crops["Nghị quyết 2024"] == 4940
    assert crops["Thực hiện Quý I năm 2024"] == 2713  # year to date of a flow
    assert rows["NN.DAN_GIA_SUC"]["Thực hiện Quý I năm 2024"] == 25607  # a stock: its value
    assert rows["YT.SXH_CA"]["Chiều tốt"] == "Càng thấp càng tốt"
    assert crops["Chỉ tiêu KH tỉnh giao"] is None  # 2025 has no targets yet

    # the office fills the yellow cells, one the Vietnamese way, and a mistake
    r = {c: n for n, c in enumerate((x.value for x in sh["A"]), start=1)}
    head = {c.value: c.column_letter for c in sh[5]}
    prov, res_col = head["Chỉ tiêu KH tỉnh giao"], head["Chỉ tiêu Nghị quyết"]
    sh[f"{prov}{r['NN.DT_MAU_CAT']}"] = 3600
    sh[f"{res_col}{r['NN.DT_MAU_CAT']}"] = "5.100,5"
    sh[f"{prov}{r['LD.GQVL']}"] = "khoảng 2500"
    sh["B3"] = "Quyết định số 12/QĐ-UBND ngày 20/12/2024 của UBND tỉnh"
    wb.save(book)
    before = sorted(p.name for p in (workspace.definitions / "targets").iterdir())
    res = import_definitions(workspace, book, now=NOW)
    assert [(p.code, p.where()) for p in res.errors] == [
        ("catalog-target-bad-value", f"'Chỉ tiêu KH 2025'!{prov}{r['LD.GQVL']}")
    ]
    assert sorted(p.name for p in (workspace.definitions / "targets").iterdir()) == before
    sh[f"{prov}{r['LD.GQVL']}"] = 2500
    wb.save(book)
    res = import_definitions(workspace, book, now=NOW)
    assert res.ok and [p.name for p in res.written] == ["2025.yaml"], res.problems
    ws = Workspace.open(workspace.root)
    t = ws.targets(2025)
    assert t.get("NN.DT_MAU_CAT", "province") == 3600 and t.get("NN.DT_MAU_CAT", "resolution") == 5100.5
    assert t.get("LD.GQVL", "province") == 2500 and t.source.startswith("Quyết định số 12")
    assert len(t.values) == 2
    assert ws.targets(2024).get("NN.DT_MAU_CAT", "province") == 3400  # last year untouched

    # next time, the workbook of 2025 shows what is set
    again = targets_workbook(ws, 2025, tmp_path / "again.xlsx", now=NOW)
    rows = rows_by_code(openpyxl.load_workbook(again.path)["Chỉ tiêu KH 2025"])
    assert rows["NN.DT_MAU_CAT"]["Chỉ tiêu Nghị quyết"] == 5100.5
