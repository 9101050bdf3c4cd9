"""Consolidation at scale: synthetic wards, the fast cell writers, the limits.

The time to consolidate is printed, never asserted (`python -m toolkit.master.synthetic
--units 10000` measures the issue-8 case).
"""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from toolkit.master import build_master
from toolkit.master.synthetic import synthetic_submissions, synthetic_workspace
from toolkit.master.xlsxfast import formula_writer, number_writer
from toolkit.periods import Period

Q1 = Period.parse("2024-Q1")


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml").decode()


def test_fast_writers_store_exactly_what_xlsxwriter_stores(tmp_path):
    cells = [(0, 0, 1.5), (0, 3, 2713.0), (4, 1, -7.25), (9, 20, 0.0)]
    formulas = [
        (1, 0, '=IF(COUNT(A1:D1)=0,"",SUM(A1:D1))', 2714.5),
        (2, 2, '=IF(A1=0,"",B9/A1*100)', ""),
        (3, 5, '=COUNT(A1:D1)&"/4"', "3/4"),
    ]
    out = {}
    for mode in ("public", "fast"):
        path = tmp_path / f"{mode}.xlsx"
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet("S")
        fmt = wb.add_format({"num_format": "#,##0.00"})
        put_n = number_writer(ws) if mode == "fast" else (lambda r, c, v, f: ws.write_number(r, c, v, f))
        put_f = formula_writer(ws) if mode == "fast" else (lambda r, c, x, f, v: ws.write_formula(r, c, x, f, v))
        for r, c, v in cells:
            put_n(r, c, v, fmt)
        for r, c, x, v in formulas:
            put_f(r, c, x, fmt, v)
        wb.close()
        out[mode] = _sheet_xml(path)
    assert out["fast"] == out["public"]
    with pytest.raises(IndexError):
        wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))
        formula_writer(wb.add_worksheet())(0, 20000, "=1", None, 1)


def test_synthetic_wards_consolidate_and_add_up(tmp_path):
    ws = synthetic_workspace(tmp_path / "ws", 300)
    subs = synthetic_submissions(ws, Q1)
    r = build_master(ws, Q1, subs, tmp_path / "m.xlsx")
    assert r.written and r.ok, [f.message_en for f in r.errors]
    assert len(r.units_covered) == len(r.units_expected) == len(subs)
    ward_sum = [
        row for row in r.rows if row.indicator.by_wards and row.indicator.aggregate == "sum" and not row.indicator.parts
    ][0]
    assert len(ward_sum.reporters) == 300
    assert ward_sum.value == pytest.approx(math.fsum(ward_sum.unit_values.values()))
    print(
        f"\n{len(subs)} units, {sum(len(s.values) for s in subs)} values, {r.formulas} formulas: "
        f"{r.seconds:.2f} s ({', '.join(f'{k} {v:.2f}' for k, v in r.timings.items())})"
    )


def test_too_many_units_for_one_sheet_is_a_finding(tmp_path, monkeypatch):
    monkeypatch.setattr("toolkit.master.build.MAX_UNITS", 50)
    ws = synthetic_workspace(tmp_path / "ws", 60)
    r = build_master(ws, Q1, synthetic_submissions(ws, Q1), tmp_path / "m.xlsx")
    assert not r.written and [f.code for f in r.errors] == ["master-too-many-units"]
    assert not (tmp_path / "m.xlsx").exists()


def test_no_unit_same_period_sheet_without_unit_figures(tmp_path):
    """Baseline rows of units that have no column (here the sample's own wards) add no sheet."""
    import openpyxl

    from toolkit.master import layout as L

    ws = synthetic_workspace(tmp_path / "ws", 20)
    assert any(r.unit != ws.collector(Q1).code for r in ws.baseline.rows)
    r = build_master(ws, Q1, synthetic_submissions(ws, Q1, same_period=False), tmp_path / "m.xlsx")
    assert r.written
    assert L.UNIT_SAME not in openpyxl.load_workbook(r.path, read_only=True).sheetnames
    with_baseline = [row for row in r.rows if row.same_source == "baseline"]
    assert with_baseline and all(row.same is not None for row in with_baseline)
    assert not [row for row in r.rows if row.same_source == "units"]
