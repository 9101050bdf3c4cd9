"""Consolidation on a small workspace that exercises every aggregate (tests/data/master).

Each test builds a real master with xlsxwriter and reads it back with openpyxl; the
LibreOffice recalculation checks are in test_master_recalc.py.
"""

from __future__ import annotations

import csv
import os
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from toolkit.master import Submission, build_master
from toolkit.master import layout as L
from toolkit.master.atomic import master_lock
from toolkit.periods import Period
from toolkit.records import ValueRecord
from toolkit.workspace import Workspace

DATA = Path(__file__).parent / "data"
NOW = datetime(2024, 3, 25, 9, 0)  # after the 2024-Q1 deadline (20/03/2024)


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return Workspace.open(DATA / "master")


def rec(unit: str, code: str, value, column: str = "value", period: str = "2024-Q1") -> ValueRecord:
    return ValueRecord(unit, period, code, column, value, "Biểu mẫu", "E9", f"{unit}-{period}.xlsx", 2)


def q1_submissions(*, with_lb: bool = True, notes: dict[str, str] | None = None) -> list[Submission]:
    p1 = [
        rec("P1", "NN.DT_CAY_AN_TRAI", 500),
        rec("P1", "NN.DT_MAU", 400),
        rec("P1", "NN.GIA_SUC", 9000),
        rec("P1", "NN.GIA_LUA_CAO", 8500),
        rec("P1", "NN.DO_MAN", 0.2),
        rec("P1", "TP.HG_TIEP_NHAN", 20),
        rec("P1", "TP.HG_THANH", 19),
        rec("P1", "AN.CCCD_LK", 9000),
        rec("P1", "AN.DAN_SO_14", 9100),
    ]
    p2 = [
        rec("P2", "NN.DT_CAY_AN_TRAI", 1035),
        rec("P2", "NN.DT_MAU", 778),
        rec("P2", "NN.GIA_SUC", 16607),
        rec("P2", "NN.GIA_LUA_CAO", 8800),
        rec("P2", "NN.DO_MAN", 0.6),
        rec("P2", "TP.HG_TIEP_NHAN", 21),
        rec("P2", "TP.HG_THANH", 16),
        rec("P2", "AN.CCCD_LK", 100),
        rec("P2", "AN.DAN_SO_14", 1000),
    ]
    lb = [
        rec("LB", "NN.DT_CAY_AN_TRAI", 0),
        rec("LB", "NN.DT_MAU", 0),
        rec("LB", "NN.GIA_SUC", 0),
        rec("LB", "TP.HG_TIEP_NHAN", 0),
        rec("LB", "TP.HG_THANH", 0),
        rec("LB", "AN.CCCD_LK", 7000),
        rec("LB", "AN.DAN_SO_14", 7500),
    ]
    for unit, text in (notes or {}).items():
        {"P1": p1, "P2": p2, "LB": lb}[unit].append(rec(unit, "NN.GIA_SUC", text, "note"))
    subs = [
        Submission("P1", p1, sha256="a" * 64, received_at=datetime(2024, 3, 18, 8, 0), path="P1.xlsx"),
        Submission("P2", p2, version=3, sha256="b" * 64, received_at="2024-03-19T10:15:00", path="P2.xlsx"),
        Submission("PKT", [rec("PKT", "NN.NANG_SUAT_LUA", 8)]),
        Submission("TCKH", [rec("TCKH", "TC.THU_NS", 17.3)]),
        Submission("BHXH", [rec("BHXH", "YT.BHYT_TL", 93.35)]),
        Submission("CA", [rec("CA", "AN.TNGT_VU", 7), rec("CA", "AN.TNGT_CHET_VU", 4)]),
    ]
    if with_lb:
        subs.append(Submission("LB", lb))
    return subs


def build(ws, tmp_path, subs, period="2024-Q1", **kw):
    out = tmp_path / f"tong-hop-{period}.xlsx"
    result = build_master(ws, period, subs, out, now=kw.pop("now", NOW), **kw)
    return result, out


def cell_of(book, sheet: str, row: int, col: int):
    return book[sheet].cell(row=row + 1, column=col + 1)


# --- district figures --------------------------------------------------------------------


def test_every_aggregate(ws, tmp_path):
    r, _ = build(ws, tmp_path, q1_submissions())
    assert r.written and r.ok
    assert r.row("NN.DT_CAY_AN_TRAI").value == 1535
    assert r.row("NN.DT_MAU_CAT").value == 2713  # a complete whole: the sum of its parts, per unit and in total
    assert r.row("NN.DT_MAU_CAT").unit_values == {"P1": 900, "P2": 1813, "LB": 0}
    assert r.row("NN.GIA_LUA_CAO").value == 8800  # max
    assert r.row("NN.DO_MAN").value is None  # none: per unit only
    assert r.row("NN.DO_MAN").unit_values == {"P1": 0.2, "P2": 0.6}
    assert r.row("NN.NANG_SUAT_LUA").value == 8  # single
    # a ratio is recomputed from the sums, never averaged over units' rates
    assert r.row("AN.CCCD_TL").value == pytest.approx(16100 / 17600 * 100)
    rates = r.row("AN.CCCD_TL").unit_values
    assert sum(rates.values()) / len(rates) != pytest.approx(r.row("AN.CCCD_TL").value)
    assert r.row("NN.GIA_SUC").ytd is None  # a stock has no year to date
    assert r.row("NN.DT_MAU_CAT").ytd == 2713  # Q1: year to date is the quarter


def test_change_attainment_and_their_guards(ws, tmp_path):
    r, _ = build(ws, tmp_path, q1_submissions())
    gs = r.row("NN.GIA_SUC")
    assert gs.same == 25056 and gs.same_source == "baseline"
    assert gs.change == pytest.approx((25607 / 25056 - 1) * 100)
    assert gs.diff == 551
    assert gs.attainment["province"] == pytest.approx(25607 / 53460 * 100)
    bhyt = r.row("YT.BHYT_TL")
    assert bhyt.change_in_points and bhyt.change == pytest.approx(1.25) and bhyt.diff is None
    ns = r.row("TC.THU_NS")
    assert ns.same == 0 and ns.change is None and ns.diff == pytest.approx(17.3)  # zero base: no %
    hg = r.row("TP.HG_TIEP_NHAN")
    assert hg.targets["province"] == 0 and hg.attainment["province"] is None  # zero target: empty
    assert r.row("NN.DT_CAY_AN_TRAI").attainment == {"province": None, "resolution": None}


def test_lower_is_better_reads_as_a_ceiling(ws, tmp_path):
    r, out = build(ws, tmp_path, q1_submissions())
    tn = r.row("AN.TNGT_VU")
    assert tn.attainment == {"province": pytest.approx(140.0), "resolution": pytest.approx(70.0)}
    assert [(s.code, s.kind) for s in r.over_ceiling] == [("AN.TNGT_VU", "province")]
    assert "AN.TNGT_VU" not in {s.code for s in r.below_half}  # 70 % of a ceiling is good, not weak
    book = openpyxl.load_workbook(out)
    rules = {}
    for cf in book[L.SUMMARY].conditional_formatting:
        for rule in cf.rules:
            rules.setdefault(str(cf.sqref), []).append(rule.formula[0])
    col = openpyxl.utils.get_column_letter(L.C_PCT_PROV + 1)
    lower = [f for rng, fs in rules.items() for f in fs if f"{col}{tn.row + 1}" in rng.split(":")[0]]
    assert any("<=100" in f for f in lower) and any(">100" in f for f in lower)
    higher = [f for rng, fs in rules.items() for f in fs if f"{col}{r.row('NN.DT_MAU_CAT').row + 1}" in rng]
    assert any(">=100" in f for f in higher) and any("<50" in f for f in higher)


def test_below_half_and_summary_in_vietnamese(ws, tmp_path):
    r, _ = build(ws, tmp_path, q1_submissions())
    assert {(s.code, s.kind) for s in r.below_half} == {
        ("NN.GIA_SUC", "province"),
        ("NN.GIA_SUC", "resolution"),
        ("TC.THU_NS", "province"),
        ("TC.THU_NS", "resolution"),
    }
    text = "\n".join(r.summary_lines("vi"))
    assert "Đơn vị có số liệu: 7/7" in text
    assert "25.607 con: 47,90% CT tỉnh (53.460), 47,42% CT NQ (54.000)" in text
    assert "Chỉ tiêu vượt mức trần (1)" in text and "7 vụ: 140,00% CT tỉnh (5)" in text
    en = "\n".join(r.summary_lines("en"))
    assert "Units covered: 7/7" in en and "below 50%" in en
    print("\n" + text)


# --- the workbook ------------------------------------------------------------------------


def test_formulas_are_built_from_the_catalog_and_cache_the_computed_values(ws, tmp_path):
    r, out = build(ws, tmp_path, q1_submissions())
    f = openpyxl.load_workbook(out)
    v = openpyxl.load_workbook(out, data_only=True)
    s = L.SUMMARY
    units = [c.value for c in f[s][L.SUMMARY_HEADER_ROW + 1]][L.C_FIRST_UNIT :]
    assert units == [
        "Phường 1",
        "Phường 2",
        "Xã Long Bình",
        "Phòng Kinh tế",
        "Phòng Tài chính - Kế hoạch",
        "Công an thị xã",
        "Bảo hiểm xã hội thị xã",
    ]
    row = r.row("NN.GIA_SUC").row
    o, q, t = (L.letter(L.C_FIRST_UNIT + k) for k in (0, 2, 5))  # the wards' columns, then CA's
    assert (
        cell_of(f, s, row, L.C_VALUE).value
        == f'=IF(COUNT({o}{row + 1}:{q}{row + 1})=0,"",SUM({o}{row + 1}:{q}{row + 1}))'
    )

    ratio = r.row("AN.CCCD_TL").row
    num, den = r.row("AN.CCCD_LK").row + 1, r.row("AN.DAN_SO_14").row + 1
    assert f"D{num}/D{den}*100" in cell_of(f, s, ratio, L.C_VALUE).value
    single = r.row("AN.TNGT_VU").row
    assert cell_of(f, s, single, L.C_VALUE).value == f'=IF(COUNT({t}{single + 1})=0,"",{t}{single + 1})'
    assert "MAX(" in cell_of(f, s, r.row("NN.GIA_LUA_CAO").row, L.C_VALUE).value
    assert cell_of(f, s, r.row("NN.DO_MAN").row, L.C_VALUE).value is None
    trow = L.target_rows(ws.catalog)["NN.GIA_SUC"] + 1
    assert f"'Chỉ tiêu'!$D${trow}" in cell_of(f, s, row, L.C_T_PROV).value
    assert cell_of(f, L.TARGETS, trow - 1, L.T_PROV).value == 53460
    # nothing about an indicator is written into a formula
    for line in f[s].iter_rows():
        for c in line:
            if isinstance(c.value, str) and c.value.startswith("="):
                assert not any(ind.code in c.value for ind in ws.catalog)
    # cached values are the computed ones
    for mr in r.rows:
        for col, want in (
            (L.C_VALUE, mr.value),
            (L.C_YTD, mr.ytd),
            (L.C_PCT_PROV, mr.attainment["province"]),
            (L.C_PCT_RES, mr.attainment["resolution"]),
            (L.C_CHANGE, mr.change),
        ):
            got = cell_of(v, s, mr.row, col).value
            if want is None:
                assert got in (None, ""), (mr.code, col, got)
            else:
                assert got == pytest.approx(want), (mr.code, col)
    errors = [
        c.coordinate
        for ws_ in v.worksheets
        for line in ws_.iter_rows()
        for c in line
        if isinstance(c.value, str) and c.value.startswith("#")
    ]
    assert errors == []


def test_notes_are_text_never_formulas(ws, tmp_path):
    notes = {"P1": '=HYPERLINK("http://evil.example","bấm vào")', "P2": "+84 299 3868", "LB": "@SUM(A1:A9)"}
    r, out = build(ws, tmp_path, q1_submissions(notes=notes))
    f = openpyxl.load_workbook(out)
    note = cell_of(f, L.SUMMARY, r.row("NN.GIA_SUC").row, L.C_NOTE)
    assert note.data_type == "s"
    assert note.value.startswith("Phường 1: =HYPERLINK(") and "Phường 2: +84 299 3868" in note.value
    texts = [c for c in f[L.DATA]["I"] if c.value in notes.values()]
    assert len(texts) == 3 and all(c.data_type == "s" for c in texts)
    import zipfile

    with zipfile.ZipFile(out) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        strings = z.read("xl/sharedStrings.xml").decode()
    assert all("HYPERLINK" not in xml for xml in sheets)  # no <f> formula anywhere carries it
    assert "HYPERLINK" in strings  # it is a shared string, i.e. text


def test_partial_coverage_is_visible(ws, tmp_path):
    subs = q1_submissions(with_lb=False)
    subs.append(Submission("TCKH", [rec("TCKH", "TC.THU_NS", 99)], version=2, valid=False, errors=3))
    r, out = build(ws, tmp_path, subs)
    assert r.written and r.partial
    assert r.units_missing == ["LB"] and r.units_covered == ["P1", "P2", "PKT", "TCKH", "CA", "BHXH"]
    assert {f.code for f in r.findings} >= {"master-units-missing"}
    assert r.row("NN.GIA_SUC").coverage == "2/3"
    assert r.row("TC.THU_NS").value == 17.3  # the valid version; the newer invalid one is left out
    v = openpyxl.load_workbook(out, data_only=True)
    coverage = v[L.SUMMARY][L.ref(L.COVERAGE_ROW, 0)].value
    assert "CHƯA ĐỦ SỐ LIỆU" in coverage and "Xã Long Bình" in coverage
    assert cell_of(v, L.SUMMARY, r.row("NN.GIA_SUC").row, L.C_COVER).value == "2/3"
    status = {row[1].value: row for row in v[L.STATUS].iter_rows(min_row=5)}
    assert status["LB"][4].value == "Chưa nộp (quá hạn)"
    assert status["P2"][4].value == "Đã nộp, hợp lệ" and status["P2"][5].value == 3
    assert status["P2"][7].value == "b" * 64 and status["P2"][6].value == datetime(2024, 3, 19, 10, 15)
    assert status["LB"][13].value == "Không" and status["P2"][10].value == "P2.xlsx"


def test_invalid_current_return_is_left_out(ws, tmp_path):
    subs = [s for s in q1_submissions() if s.unit != "CA"]
    subs.append(Submission("CA", [rec("CA", "AN.TNGT_VU", 70)], version=4, valid=False, errors=1))
    r, out = build(ws, tmp_path, subs)
    assert r.units_invalid == ["CA"] and "CA" in r.units_missing
    assert r.row("AN.TNGT_VU").value is None
    assert any(f.code == "master-invalid-skipped" and "Công an" in f.message_vi for f in r.findings)
    v = openpyxl.load_workbook(out, data_only=True)
    status = {row[1].value: row[4].value for row in v[L.STATUS].iter_rows(min_row=5)}
    assert status["CA"].startswith("Đã nộp, còn lỗi")


def test_unknown_units_indicators_and_non_numbers_are_findings(ws, tmp_path):
    subs = q1_submissions()
    subs.append(Submission("XYZ", [rec("XYZ", "NN.GIA_SUC", 1)]))
    subs[0].report.values.append(rec("P1", "NN.KHONG_CO", 5))
    subs[0].report.values.append(rec("P1", "NN.DT_MAU", "mười"))
    r, _ = build(ws, tmp_path, subs)
    codes = {f.code for f in r.findings}
    assert {"master-unknown-unit", "master-unknown-indicator", "master-not-number"} <= codes
    bad = next(f for f in r.findings if f.code == "master-not-number")
    assert bad.sheet == "Biểu mẫu" and bad.cell == "E9" and bad.indicator == "NN.DT_MAU"
    assert r.written


def test_no_returns_still_gives_a_master(ws, tmp_path):
    r, out = build(ws, tmp_path, [])
    assert r.written and out.exists()
    assert any(f.code == "master-no-submissions" for f in r.findings)
    assert len(r.units_missing) == 7
    assert r.row("NN.GIA_SUC").value is None and r.row("NN.GIA_SUC").same == 25056


def test_data_sheet_is_a_filterable_table(ws, tmp_path):
    subs = q1_submissions()
    subs[0].report.values.append(rec("P1", "NN.DT_MAU", None, "note"))  # an empty cell: not listed
    r, out = build(ws, tmp_path, subs)
    book = openpyxl.load_workbook(out)
    sheet = book[L.DATA]
    table = sheet.tables["DuLieu"]
    assert table.ref == f"A1:M{r.data_rows + 1}"
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["Mã đơn vị", "Đơn vị", "Kỳ", "Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Loại số liệu", "Giá trị"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == r.data_rows == sum(len(s.report.values) for s in subs) - 1
    p2 = next(x for x in rows if x[0] == "P2" and x[3] == "NN.GIA_SUC")
    assert p2[1] == "Phường 2" and p2[6] == "Kỳ này" and p2[7] == 16607 and p2[9] == "P2-2024-Q1.xlsx"


def test_a_large_data_table_goes_to_csv_beside_the_master(ws, tmp_path):
    notes = {"P1": "=1+1"}
    r, out = build(ws, tmp_path, q1_submissions(notes=notes), data_limit=10)
    csv_path = out.with_name(out.stem + "-du-lieu.csv")
    assert r.data_csv == csv_path and csv_path.exists()
    assert any(f.code == "master-data-csv" for f in r.findings)
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == r.data_rows + 1
    assert ["'=1+1"] == [x[8] for x in rows if x[6] == "Ghi chú"]  # a spreadsheet will not run it
    v = openpyxl.load_workbook(out)
    assert csv_path.name in v[L.DATA]["A1"].value
    # a later run under the limit removes the stale CSV
    r2, _ = build(ws, tmp_path, q1_submissions())
    assert r2.data_csv is None and not csv_path.exists()


def test_chart_of_attainment_against_the_province_target(ws, tmp_path):
    import zipfile

    r, out = build(ws, tmp_path, q1_submissions())
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        xml = z.read(charts[0]).decode()
    assert len(charts) == 1 and "<c:barChart>" in xml and "Biểu đồ" in xml
    # the title names both series it shows, and the axis says what the numbers are
    assert "chỉ tiêu tỉnh giao và chỉ tiêu Nghị quyết" in xml and "% thực hiện so với chỉ tiêu năm" in xml
    v = openpyxl.load_workbook(out, data_only=True)
    column = [c.value for c in v[L.CHART]["A"]]
    head = column.index("Chỉ tiêu (ĐVT)")
    labels = [x for x in column[head + 1 :] if x]
    with_target = [x for x in r.rows if x.targets["province"] is not None]
    assert len(labels) == len(with_target)
    assert v[L.CHART].cell(head + 2, 2).value == pytest.approx(with_target[0].attainment["province"])


def test_layout_fonts_print_setup(ws, tmp_path):
    import zipfile

    _, out = build(ws, tmp_path, q1_submissions())
    book = openpyxl.load_workbook(out)
    s = book[L.SUMMARY]
    assert s.freeze_panes == L.ref(L.SUMMARY_FIRST_ROW, L.C_UNIT + 1)
    assert s.page_setup.orientation == "landscape" and s.page_setup.paperSize == 9
    assert s[L.ref(L.SUMMARY_FIRST_ROW + 1, L.C_NAME)].font.name == "Times New Roman"
    with zipfile.ZipFile(out) as z:
        styles = z.read("xl/styles.xml").decode()
    # no font is tied to the theme: its minor font is Calibri, which Excel would show instead
    assert "Times New Roman" in styles and "<scheme" not in styles and "Calibri" not in styles
    for sheet in book.worksheets:  # page setup on every sheet
        assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape", sheet.title
        assert "&P" in (sheet.oddFooter.right.text or ""), sheet.title
    # the Nghị định 30 header
    top = {c.value for row in s.iter_rows(max_row=3) for c in row if c.value}
    assert {"ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"} <= top
    assert any(str(t).startswith("Số:") and str(t).endswith("/BC-UBND") for t in top)
    assert book.sheetnames[:5] == [L.SUMMARY, L.TARGETS, L.STATUS, L.CHART, L.DATA]


# --- other periods: year to date and same period from the units --------------------------


def q2_submissions() -> list[Submission]:
    P = "2024-Q2"
    subs = []
    for unit, (dt, ytd, same, hg, hg_ytd, thanh, thanh_ytd) in {
        "P1": (300, 1200, 280, 10, 30, 9, 28),
        "P2": (500, 2313, 450, 12, 33, 10, 26),
        "LB": (0, 0, 10, 1, 1, 1, 1),
    }.items():
        subs.append(
            Submission(
                unit,
                [
                    rec(unit, "NN.DT_CAY_AN_TRAI", dt, period=P),
                    rec(unit, "NN.DT_CAY_AN_TRAI", ytd, "ytd", P),
                    rec(unit, "NN.DT_CAY_AN_TRAI", same, "same_period", P),
                    rec(unit, "NN.DT_MAU", 100, period=P),
                    rec(unit, "NN.DT_MAU", 150, "ytd", P),
                    rec(unit, "TP.HG_TIEP_NHAN", hg, period=P),
                    rec(unit, "TP.HG_TIEP_NHAN", hg_ytd, "ytd", P),
                    rec(unit, "TP.HG_THANH", thanh, period=P),
                    rec(unit, "TP.HG_THANH", thanh_ytd, "ytd", P),
                    rec(unit, "NN.GIA_SUC", 9000, period=P),
                ],
            )
        )
    subs.append(Submission("TCKH", [rec("TCKH", "TC.THU_NS", 10, period=P), rec("TCKH", "TC.THU_NS", 27.3, "ytd", P)]))
    return subs


def test_later_quarter_uses_the_units_year_to_date(ws, tmp_path):
    r, out = build(ws, tmp_path, q2_submissions(), period="2024-Q2", now=datetime(2024, 6, 16))
    fruit = r.row("NN.DT_CAY_AN_TRAI")
    assert fruit.value == 800 and fruit.ytd == 3513 and fruit.ytd_source == "units"
    whole = r.row("NN.DT_MAU_CAT")
    assert whole.ytd == 3513 + 450  # the whole's ytd from its parts' ytd, per unit
    assert whole.attainment["province"] == pytest.approx((3513 + 450) / 3400 * 100)  # on the ytd
    assert r.row("TC.THU_NS").attainment["province"] == pytest.approx(27.3 / 46.5 * 100)
    assert r.row("TP.HG_TL").ytd == pytest.approx(55 / 64 * 100)  # a flow rate's ytd: ytd sums
    assert r.row("TP.HG_TL").attainment["province"] == pytest.approx(55 / 64 * 100 / 80 * 100)
    assert r.row("NN.GIA_SUC").ytd is None
    assert fruit.same == 740 and fruit.same_source == "units"  # no district baseline for 2023-Q2
    f = openpyxl.load_workbook(out)
    assert L.UNIT_YTD in f.sheetnames and L.UNIT_SAME in f.sheetnames
    assert f"'{L.UNIT_YTD}'!D" in cell_of(f, L.SUMMARY, fruit.row, L.C_YTD).value
    assert f"'{L.UNIT_SAME}'!D" in cell_of(f, L.SUMMARY, fruit.row, L.C_SAME).value


def test_merged_unit_same_period_is_the_sum_of_its_predecessors(ws, tmp_path):
    P = "2025-Q3"
    subs = [
        Submission("PNN", [rec("PNN", "NN.GIA_SUC", 27000, period=P)]),
        Submission("LB", [rec("LB", "NN.GIA_SUC", 5200, period=P)]),
    ]
    r, _ = build(ws, tmp_path, subs, period=P, now=datetime(2025, 9, 16))
    gs = r.row("NN.GIA_SUC")
    assert gs.unit_same == {"PNN": 26000, "LB": 5000}  # PNN = P1 + P2 of 2024-Q3
    assert gs.same == 31000 and gs.change == pytest.approx((32200 / 31000 - 1) * 100)
    assert [u for u in r.units_expected if u in ("P1", "P2", "PNN")] == ["PNN"]


# --- writing safely ----------------------------------------------------------------------


def test_open_in_excel_leaves_the_old_master_intact(ws, tmp_path, monkeypatch):
    r, out = build(ws, tmp_path, q1_submissions())
    before = out.read_bytes()

    def refuse(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr("toolkit.master.atomic.os.replace", refuse)
    r2, _ = build(ws, tmp_path, q1_submissions(with_lb=False))
    assert not r2.written and r2.path is None
    f = next(f for f in r2.findings if f.code == "master-file-in-use")
    assert "Excel" in f.message_vi and "đóng" in f.message_vi and "Close it in Excel" in f.message_en
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [out.name]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp.xlsx")]


def test_a_second_run_is_told_the_master_is_busy(ws, tmp_path):
    out = tmp_path / "tong-hop-2024-Q1.xlsx"
    with master_lock(out):
        r = build_master(ws, "2024-Q1", q1_submissions(), out, now=NOW)
    assert not r.written and not out.exists()
    assert [f.code for f in r.findings if f.is_error] == ["master-busy"]
    r = build_master(ws, "2024-Q1", q1_submissions(), out, now=NOW)
    assert r.written


def test_bad_definitions_stop_before_writing(tmp_path):
    import shutil

    shutil.copytree(DATA / "master" / "templates", tmp_path / "ws" / "templates")
    cat = tmp_path / "ws" / "templates" / "catalog.yaml"
    cat.write_text(
        cat.read_text(encoding="utf-8").replace("denominator: AN.DAN_SO_14", "denominator: AN.KHONG_CO"),
        encoding="utf-8",
    )
    bad = Workspace.open(tmp_path / "ws")
    r = build_master(bad, "2024-Q1", [], tmp_path / "m.xlsx", now=NOW)
    assert not r.written and not (tmp_path / "m.xlsx").exists()
    assert r.findings[0].code == "master-bad-definitions"


def test_default_path_is_the_workspace_master(ws, tmp_path):
    import shutil

    shutil.copytree(DATA / "master" / "templates", tmp_path / "ws" / "templates")
    w = Workspace.open(tmp_path / "ws")
    r = build_master(w, "2024-Q1", q1_submissions(), now=NOW)
    assert (
        r.path
        == w.master_path(Period.parse("2024-Q1"))
        == tmp_path / "ws" / "output" / "master" / "tong-hop-2024-Q1.xlsx"
    )
    assert r.path.exists() and os.access(r.path, os.R_OK)


def test_control_characters_in_notes_do_not_break_the_workbook(ws, tmp_path):
    notes = {"P1": "dòng 1\x0bdòng 2\x01\x07 hết"}
    r, out = build(ws, tmp_path, q1_submissions(notes=notes))
    v = openpyxl.load_workbook(out)
    note = cell_of(v, L.SUMMARY, r.row("NN.GIA_SUC").row, L.C_NOTE).value
    assert note == "Phường 1: dòng 1\ndòng 2 hết"
    assert "dòng 1\ndòng 2 hết" in [c.value for c in v[L.DATA]["I"]]


def test_an_unreadable_archive_is_a_finding_not_a_traceback(ws, tmp_path, monkeypatch):
    def broken(ws_, period):
        raise OSError("ledger.jsonl: I/O error")

    monkeypatch.setattr("toolkit.master.build._current_submissions", broken)
    r = build_master(ws, "2024-Q1", None, tmp_path / "m.xlsx", now=NOW)
    assert not r.written and [f.code for f in r.errors] == ["master-intake-unavailable"]
    assert "I/O error" in r.errors[0].message_en


def test_a_file_that_cannot_be_created_is_a_finding(ws, tmp_path, monkeypatch):
    from xlsxwriter.exceptions import FileCreateError

    def refuse(path, *a, **kw):
        raise FileCreateError(PermissionError(13, "Permission denied", str(path)))

    monkeypatch.setattr("toolkit.master.writer.write_workbook", refuse)
    r = build_master(ws, "2024-Q1", q1_submissions(), tmp_path / "m.xlsx", now=NOW)
    assert not r.written and [f.code for f in r.errors] == ["master-write-failed"]
    assert "Permission denied" in r.errors[0].message_en
    assert not list(tmp_path.glob("*.xlsx"))


def test_a_folder_that_is_a_file_is_a_finding(ws, tmp_path):
    (tmp_path / "not-a-folder").write_text("x")
    r = build_master(ws, "2024-Q1", q1_submissions(), tmp_path / "not-a-folder" / "m.xlsx", now=NOW)
    assert not r.written and [f.code for f in r.errors] == ["master-write-failed"]
