"""LibreOffice, as a real spreadsheet client, recalculates the master.

* every formula cell recalculates to the value the toolkit cached (Q1 with a missing unit
  and notes; Q2 with year-to-date and same-period sheets);
* editing a target in the Chỉ tiêu sheet changes the dependent percentages;
* notes stay text after LibreOffice opened the file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from test_master import NOW, q1_submissions, q2_submissions

from toolkit.libreoffice import convert
from toolkit.master import build_master
from toolkit.master import layout as L
from toolkit.master.verify import compare_recalculated, same_value
from toolkit.workspace import Workspace

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return Workspace.open(DATA / "master")


def _check(path: Path, outdir: Path) -> int:
    n, differences = compare_recalculated(path, outdir)
    print(f"\n{path.name}: {n} formula cells recalculated by LibreOffice, {len(differences)} differ")
    assert differences == []
    return n


def test_q1_master_recalculates_to_the_cached_values(ws, soffice, tmp_path):
    notes = {"P1": '=HYPERLINK("http://evil.example","x")', "P2": "-5 vụ"}
    subs = [s for s in q1_submissions(notes=notes) if s.unit != "LB"]
    r = build_master(ws, "2024-Q1", subs, tmp_path / "q1.xlsx", now=NOW)
    assert r.partial and r.written
    assert _check(r.path, tmp_path / "lo") >= r.formulas > 100
    lo = openpyxl.load_workbook(tmp_path / "lo" / "q1.xlsx", data_only=True)
    note = lo[L.SUMMARY].cell(row=r.row("NN.GIA_SUC").row + 1, column=L.C_NOTE + 1).value
    assert note == 'Phường 1: =HYPERLINK("http://evil.example","x"); Phường 2: -5 vụ'


def test_q2_master_with_unit_sheets_recalculates_to_the_cached_values(ws, soffice, tmp_path):
    r = build_master(ws, "2024-Q2", q2_submissions(), tmp_path / "q2.xlsx", now=NOW)
    book = openpyxl.load_workbook(r.path, read_only=True)
    assert L.UNIT_YTD in book.sheetnames and L.UNIT_SAME in book.sheetnames
    _check(r.path, tmp_path / "lo")


def _edit_targets(src: Path, dst: Path, changes: dict[tuple[str, str], float | None], ws: Workspace) -> None:
    """Change target cells of the Chỉ tiêu sheet, as a user would, keeping every formula."""
    rows = L.target_rows(ws.catalog)
    book = openpyxl.load_workbook(src)
    sheet = book[L.TARGETS]
    for (code, kind), value in changes.items():
        sheet.cell(row=rows[code] + 1, column=L.TARGET_COL[kind] + 1).value = value
    book.save(dst)


def test_editing_a_target_updates_every_dependent_percentage(ws, soffice, tmp_path):
    r = build_master(ws, "2024-Q1", q1_submissions(), tmp_path / "master.xlsx", now=NOW)
    edited = tmp_path / "edited" / "master.xlsx"
    edited.parent.mkdir()
    _edit_targets(
        r.path,
        edited,
        {
            ("NN.DT_MAU_CAT", "province"): 2713,  # → 100 %
            ("NN.GIA_SUC", "resolution"): 0,  # zero → empty, not #DIV/0!
            ("TP.HG_TL", "resolution"): 50,  # a new target where there was none
            ("AN.TNGT_VU", "province"): None,  # removed
        },
        ws,
    )
    out = convert(edited, "xlsx", tmp_path / "lo", recalc=True)
    v = openpyxl.load_workbook(out, data_only=True)[L.SUMMARY]

    def at(code: str, col: int):
        return v.cell(row=r.row(code).row + 1, column=col + 1).value

    assert at("NN.DT_MAU_CAT", L.C_PCT_PROV) == pytest.approx(100.0)
    assert at("NN.DT_MAU_CAT", L.C_T_PROV) == 2713
    assert at("NN.DT_MAU_CAT", L.C_PCT_RES) == pytest.approx(2713 / 4940 * 100)  # untouched
    assert at("NN.GIA_SUC", L.C_PCT_RES) in (None, "")
    assert at("TP.HG_TL", L.C_PCT_RES) == pytest.approx(35 / 41 * 100 / 50 * 100)
    assert at("AN.TNGT_VU", L.C_PCT_PROV) in (None, "") and at("AN.TNGT_VU", L.C_T_PROV) in (None, "")
    before = r.row("NN.DT_MAU_CAT").attainment["province"]
    print(
        f"\nNN.DT_MAU_CAT % of province target: {before:.2f} → {at('NN.DT_MAU_CAT', L.C_PCT_PROV):.2f} "
        "after setting the target to 2.713 in Chỉ tiêu"
    )
    # the chart's helper table follows too
    chart = openpyxl.load_workbook(out, data_only=True)[L.CHART]
    values = [c.value for c in chart["B"][3:]]
    assert any(same_value(x, 100.0) for x in values)


def test_editing_the_master_file_keeps_it_a_valid_workbook(ws, soffice, tmp_path):
    """LibreOffice opens what xlsxwriter wrote and writes it back without loss of formulas."""
    r = build_master(ws, "2024-Q1", q1_submissions(), tmp_path / "m.xlsx", now=NOW)
    out = convert(r.path, "xlsx", tmp_path / "lo", recalc=True)
    shutil.copy(out, tmp_path / "again.xlsx")
    n1, _ = compare_recalculated(r.path, tmp_path / "x", recalculated=out)
    book = openpyxl.load_workbook(tmp_path / "again.xlsx")
    formulas = sum(
        1
        for s in book.worksheets
        for row in s.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    )
    assert formulas == n1
