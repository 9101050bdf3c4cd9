"""The reading gate: every kind of bad file gets its own finding, good files read exactly."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from gate_corpus import BAD, MAIN, Case, base_parts, shared_strings, sheet, workbook, write_zip

from toolkit import caches
from toolkit.findings import Severity, registry
from toolkit.gate import (
    GateResult,
    Limits,
    XmlDefenceError,
    read_many,
    read_workbook,
    read_workbook_isolated,
    verify_xml_defences,
    xmlsafe,
)
from toolkit.gate.formula import shift
from toolkit.gate.isolate import memory_fence_available

REPO = Path(__file__).resolve().parent.parent
MUST_NOT_HANG_S = 10.0  # a safety property, not a speed figure


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    root = tmp_path_factory.mktemp("corpus")
    out = {}
    for i, (kind, (_code, build)) in enumerate(BAD.items()):
        d = root / f"k{i:02d}"
        d.mkdir()
        out[kind] = build(d)
    return out


def _read(case: Case) -> tuple[GateResult, float]:
    t0 = time.perf_counter()
    r = read_workbook(case.path, case.limits, **case.kwargs)
    return r, time.perf_counter() - t0


# --- the corpus of bad files ----------------------------------------------------------------
def test_corpus_is_broad() -> None:
    assert len(BAD) >= 22
    assert len({code for code, _ in BAD.values()}) >= 22


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_file_gets_its_finding(corpus: dict[str, Case], kind: str) -> None:
    code, _ = BAD[kind]
    case = corpus[kind]
    r, elapsed = _read(case)
    assert code in r.codes, f"{kind}: {r.codes} {[f.extra for f in r.findings]}"
    assert not r.ok
    assert elapsed < MUST_NOT_HANG_S
    f = next(f for f in r.findings if f.code == code)
    assert f.severity is Severity.ERROR
    assert f.file == str(case.path)
    for msg in (f.message_vi, f.message_en):
        assert msg and "…" not in msg  # every template field was given
    assert registry()[code].area == "gate"


def test_a_refused_package_has_no_book(corpus: dict[str, Case]) -> None:
    content_level = {"sheet-too-large", "dimension-mismatch", "control-characters"}
    for kind, (code, _) in BAD.items():
        r, _ = _read(corpus[kind])
        if code not in content_level:
            assert r.book is None, kind


def test_far_cell_is_not_materialised(corpus: dict[str, Case]) -> None:
    r, elapsed = _read(corpus["one cell at XFD1048576"])
    assert r.book is not None and elapsed < MUST_NOT_HANG_S
    s = r.book.sheets[0]
    assert set(s.cells) == {"A1"} and s.max_row == 1 and s.max_col == 1
    f = next(f for f in r.findings if f.code == "sheet-too-large")
    assert f.cell == "XFD1048576" and f.sheet == "Biểu 1"


def test_control_characters_are_located(corpus: dict[str, Case]) -> None:
    r, _ = _read(corpus["control characters in a shared string"])
    found = {(f.cell, f.extra["chars"]) for f in r.findings if f.code == "control-characters"}
    assert found == {("A1", "U+0001"), ("A2", "U+000B")}
    assert r.book is not None and r.book.sheets[0].value("A1") == "Tên\x01"


def test_dimension_smaller_than_data_reads_every_cell(corpus: dict[str, Case]) -> None:
    r, _ = _read(corpus["declared dimension smaller than the data"])
    assert r.book is not None and set(r.book.sheets[0].cells) == {"A1", "B1", "A2", "B2"}
    f = next(f for f in r.findings if f.code == "dimension-mismatch")
    assert f.extra == {"declared": "A1", "actual": "A1:B2"}


def test_formula_without_value_is_no_value_with_a_warning(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><v>2</v></c><c r="B1"><f>A1*2</f></c><c r="C1"><f>A1*3</f></c></row>'
    p = write_zip(tmp_path / "novalue.xlsx", {**base_parts(), "xl/worksheets/sheet1.xml": sheet(rows, "A1:C1")})
    r = read_workbook(p)
    assert r.ok  # a warning, not a refusal
    (f,) = r.findings
    assert (f.code, f.severity, f.cell, f.extra["more"], f.extra["cells"]) == (
        "formula-no-value",
        Severity.WARNING,
        "B1",
        1,
        ["B1", "C1"],
    )
    b1 = r.book.sheets[0].get("B1")
    assert b1 is not None and (b1.value, b1.formula) == (None, "A1*2")


def test_an_empty_stored_result_is_blank_without_a_finding(tmp_path: Path) -> None:
    # xlsxwriter's value="" (how baocao's forms store a blank result) and openpyxl's <v/> are
    # the same XML: a stored empty result, read as blank. Only a missing <v> is "no result".
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"] = 1, "=A1+1"
    wb.save(tmp_path / "opx.xlsx")
    r = read_workbook(tmp_path / "opx.xlsx")
    assert r.ok and r.codes == []
    a2 = r.book.sheets[0].get("A2")
    assert (a2.value, a2.formula) == (None, "A1+1")


def test_bad_number_is_a_warning(tmp_path: Path) -> None:
    rows = (
        '<row r="1"><c r="A1"><v>abc</v></c><c r="B1"><v>NaN</v></c>'
        f'<c r="C1"><v>{"9" * 5000}</v></c><c r="D1"><v>12345678901234567890</v></c></row>'
    )
    p = write_zip(tmp_path / "nan.xlsx", {**base_parts(), "xl/worksheets/sheet1.xml": sheet(rows, "A1:D1")})
    r = read_workbook(p)
    assert r.ok and [(f.code, f.cell) for f in r.findings] == [("bad-cell-value", c) for c in ("A1", "B1", "C1")]
    s = r.book.sheets[0]
    assert s.value("A1") is None and s.value("C1") is None
    assert s.value("D1") == 1.2345678901234567e19 and type(s.value("D1")) is float  # beyond 2**53: a float


def test_template_area_margin(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="60"><c r="C60"><v>2</v></c></row>'
    p = write_zip(tmp_path / "margin.xlsx", {**base_parts(), "xl/worksheets/sheet1.xml": sheet(rows, "A1:C60")})
    assert read_workbook(p, max_row=40, max_col=3).ok  # 20 rows below the area: within the margin
    tight = Limits(margin_rows=10)
    assert read_workbook(p, tight, max_row=40, max_col=3).codes == ["sheet-too-large"]


def test_template_area_per_sheet(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="600"><c r="C600"><v>2</v></c></row>'
    p = write_zip(tmp_path / "persheet.xlsx", {**base_parts(), "xl/worksheets/sheet1.xml": sheet(rows, "A1:C600")})
    assert read_workbook(p, max_row={"Biểu 1": 500}, max_col={"Biểu 1": 3}).ok
    assert read_workbook(p, max_row={"Biểu 1": 100}, max_col=3).codes == ["sheet-too-large"]
    assert read_workbook(p, max_row={"Khác": 100}).ok  # a sheet not named: the absolute limits


def test_blank_styled_cells_far_out_are_ignored(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="50000"><c r="Z50000" s="1"/></row>'
    p = write_zip(tmp_path / "blank.xlsx", {**base_parts(), "xl/worksheets/sheet1.xml": sheet(rows, "A1:Z50000")})
    r = read_workbook(p, max_row=50000, max_col=26)
    assert r.ok
    r = read_workbook(p)  # absolute limits: the blank is dropped; a declared area larger than the data hides nothing
    assert r.codes == [] and set(r.book.sheets[0].cells) == {"A1"}


def test_declared_area_larger_than_the_data_is_harmless(tmp_path: Path) -> None:
    """LibreOffice declares A1:I1048576 after a clerk deletes a row: nothing is hidden, nothing to report."""
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2" s="1"/></row>'
    for dim in ("A1:XFD1048576", "A1:I1048576", "A1:B1"):
        p = write_zip(tmp_path / "large.xlsx", {**base_parts(), "xl/worksheets/sheet1.xml": sheet(rows, dim)})
        r = read_workbook(p, max_row=40, max_col=9)
        assert r.ok and r.codes == [], dim


# --- never raises, never hangs ------------------------------------------------------------------
def test_mutated_files_never_raise(tmp_path: Path) -> None:
    good = write_zip(tmp_path / "good.xlsx", base_parts()).read_bytes()
    stored = write_zip(tmp_path / "stored.xlsx", base_parts(), method=zipfile.ZIP_STORED).read_bytes()
    rng = random.Random(20240401)
    t0 = time.perf_counter()
    seen: set[str] = set()
    for i in range(400):
        data = bytearray(rng.choice([good, stored]))
        how = rng.randrange(4)
        if how == 0:
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif how == 1:
            del data[rng.randrange(len(data)) :]
        elif how == 2:
            pos = rng.randrange(len(data))
            data[pos:pos] = rng.randbytes(rng.randint(1, 64))
        else:
            a = rng.randrange(len(data))
            del data[a : a + rng.randint(1, 200)]
        p = tmp_path / f"m{i}.xlsx"
        p.write_bytes(bytes(data))
        r = read_workbook(p)  # must not raise
        assert isinstance(r, GateResult) and r.path == str(p)
        assert r.ok or any(f.is_error for f in r.findings)
        seen.update(r.codes)
    assert time.perf_counter() - t0 < 60
    assert "unreadable-file" not in seen, "a mutation reached an unexpected exception"
    assert "corrupt-zip" in seen and len(seen) >= 3


def test_unexpected_failure_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = write_zip(tmp_path / "good.xlsx", base_parts())

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("toolkit.gate.read.parse_workbook", boom)
    caches.clear()  # a workbook.xml read before is recognised by its layout, without parse_workbook
    r = read_workbook(p)
    assert r.codes == ["unreadable-file"] and r.findings[0].file == str(p) and r.book is None
    assert "a bug" in r.findings[0].extra["error"]


def test_memory_error_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = write_zip(tmp_path / "good.xlsx", base_parts())

    def oom(*a: object, **k: object) -> None:
        raise MemoryError

    monkeypatch.setattr("toolkit.gate.read.parse_shared_strings", oom)
    assert read_workbook(p).codes == ["read-memory"]


# --- a good workbook reads exactly ------------------------------------------------------------
def make_rich(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Biểu 1")
    unlocked = wb.add_format({"locked": False})
    ws.write_row(0, 0, ["Mã", "Chỉ tiêu", "ĐVT", "Kỳ này", "Lũy kế", "Công thức", "Ghi chú"])
    ws.write_string(1, 0, "NN.DT_LUA")
    ws.write_string(1, 1, "Diện tích lúa\ncả năm")
    ws.write_string(1, 2, "ha")
    ws.write_number(1, 3, 150, unlocked)
    ws.write_number(1, 4, 2.5, unlocked)
    ws.write_formula(1, 5, "=D2*2", None, 300)
    ws.write_blank(1, 6, None, unlocked)
    ws.write_number(2, 3, 3.0, unlocked)
    ws.write_formula(2, 5, '="a"&"b"', None, "ab")
    ws.write_formula(3, 5, "=1/0", None, "#DIV/0!")
    ws.write_boolean(3, 0, True)
    ws.write_string(4, 0, "_x0041_")  # literal text that looks like an escape
    ws.write_string(4, 1, "=không phải công thức")
    ws.write_number(4, 3, -1234567.125, unlocked)
    ws.protect("", {"format_columns": True})
    ws.print_area("A1:G10")
    hidden = wb.add_worksheet("Ẩn")
    hidden.hide()
    hidden.write_string(0, 0, "ẩn")
    ids = wb.add_worksheet("_baocao")
    ids.very_hidden()
    ids.write_row(0, 0, ["format", "baocao-form/1"])
    wb.define_name("baocao_unit", '="P1"')
    wb.define_name("'Biểu 1'!vung_nhap", "='Biểu 1'!$D$2:$E$3")
    wb.close()
    return path


def _check_rich(r: GateResult, *, libreoffice: bool = False) -> None:
    assert r.ok, r.findings
    b = r.book
    assert b.sheet_names == ["Biểu 1", "Ẩn", "_baocao"]
    assert [s.state for s in b.sheets] == ["visible", "hidden", "hidden" if libreoffice else "veryHidden"]
    s = b.sheet("Biểu 1")
    assert s is not None
    expect = {
        "A1": ("Mã", None, "s"),
        "B2": ("Diện tích lúa\ncả năm", None, "s"),
        "D2": (150, None, "n"),
        "E2": (2.5, None, "n"),
        "F2": (300, "D2*2", "n"),
        "D3": (3, None, "n"),
        "F3": ("ab", '"a"&"b"', "str"),
        "F4": ("#DIV/0!", "1/0", "e"),
        "A4": (True, None, "b"),
        "A5": ("_x0041_", None, "s"),
        "B5": ("=không phải công thức", None, "s"),
        "D5": (-1234567.125, None, "n"),
    }
    if libreoffice:
        expect["A4"] = (True, "TRUE()", "b")  # LibreOffice stores a boolean as the formula TRUE()
    for ref, (value, formula, kind) in expect.items():
        c = s.get(ref)
        assert c is not None, ref
        assert (c.value, c.formula, c.kind) == (value, formula, kind), ref
        assert type(c.value) is type(value), ref
    assert s.get("G2") is not None and s.get("G2").value is None
    assert not b.is_locked(s.get("D2")) and not b.is_locked(s.get("G2"))
    assert b.is_locked(s.get("A1")) and b.is_locked(s.get("F2")) and b.is_locked(None)
    assert s.protected and s.protection["sheet"] in ("1", "true")
    assert s.max_row == 5 and s.max_col == 7
    assert b.sheet("_baocao").value("B1") == "baocao-form/1"
    assert b.defined_names["baocao_unit"] == '"P1"'
    assert b.defined_names["Biểu 1!vung_nhap"] == "'Biểu 1'!$D$2:$E$3"
    assert b.defined_names["Biểu 1!_xlnm.Print_Area"] == "'Biểu 1'!$A$1:$G$10"
    if libreoffice:
        assert b.application and b.application.startswith("LibreOffice")
    else:
        assert b.application == "Microsoft Excel" and s.dimension == "A1:G5"


def test_good_xlsxwriter_file_reads_exactly(tmp_path: Path) -> None:
    r = read_workbook(make_rich(tmp_path / "rich.xlsx"), max_row=5, max_col=7)
    _check_rich(r)
    assert r.size == (tmp_path / "rich.xlsx").stat().st_size and len(r.sha256) == 64


def test_good_file_resaved_by_libreoffice_reads(tmp_path: Path, soffice: str) -> None:
    from toolkit.libreoffice import convert

    src = make_rich(tmp_path / "rich.xlsx")
    out = convert(src, "xlsx", tmp_path / "lo", recalc=False)
    _check_rich(read_workbook(out, max_row=5, max_col=7), libreoffice=True)


def test_libreoffice_old_formats_are_refused(tmp_path: Path, soffice: str) -> None:
    from toolkit.libreoffice import convert

    src = make_rich(tmp_path / "rich.xlsx")
    xls = convert(src, "xls", tmp_path / "xls", recalc=False)
    ods = convert(src, "ods", tmp_path / "ods", recalc=False)
    for real, code in ((xls, "xls-renamed"), (ods, "ods-renamed")):
        renamed = real.with_name(real.stem + "-renamed.xlsx")
        renamed.write_bytes(real.read_bytes())
        assert read_workbook(renamed).codes == [code]
        assert read_workbook(real).codes == [code]


def test_hand_made_features(tmp_path: Path) -> None:
    x = f'xmlns:x="{MAIN}"'
    rows = (
        '<x:row r="1"><x:c r="A1"><x:v>1.5E+3</x:v></x:c><x:c r="B1"><x:v> 7 </x:v></x:c>'
        '<x:c r="C1" t="d"><x:v>2024-03-31T00:00:00</x:v></x:c></x:row>'
        '<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c><x:c r="B2"><x:v>2</x:v></x:c>'
        '<x:c r="C2"><x:f t="shared" ref="C2:C4" si="0">A2*2+$A$1+SUM(A2:B2)+\'Biểu 1\'!B2&amp;"A2"</x:f>'
        "<x:v>5</x:v></x:c></x:row>"
        '<x:row r="3"><x:c r="C3"><x:f t="shared" si="0"/><x:v>6</x:v></x:c></x:row>'
        '<x:row r="4"><x:c r="C4"><x:f t="shared" si="0"/><x:v>7</x:v></x:c></x:row>'
        '<x:row><x:c><x:v>10</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c>'
        '<x:c t="inlineStr"><x:is><x:r><x:t>Xin </x:t></x:r><x:r><x:t xml:space="preserve">chào </x:t></x:r>'
        "<x:rPh><x:t>phonetic</x:t></x:rPh></x:is></x:c>"
        '<x:c t="s"><x:v>2</x:v></x:c></x:row>'
    )
    ws = (
        f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet {x}><x:dimension ref="A1:D5"/>'
        f'<x:sheetData>{rows}</x:sheetData><x:sheetProtection sheet="true" formatCells="0"/></x:worksheet>'
    )
    sst = shared_strings("Tên", "Ghi chú", "").replace(
        "<si><t></t></si>", "<si><r><t>Phường </t></r><r><t>1_x005F_x0041_</t></r><rPh><t>ふ</t></rPh></si>"
    )
    wb = workbook(extra='<workbookProtection lockStructure="1"/>')
    p = write_zip(
        tmp_path / "hand.xlsx",
        {**base_parts(), "xl/worksheets/sheet1.xml": ws, "xl/sharedStrings.xml": sst, "xl/workbook.xml": wb},
    )
    r = read_workbook(p)
    assert r.ok, r.findings
    s = r.book.sheets[0]
    assert s.value("A1") == 1500 and type(s.value("A1")) is int
    assert s.value("B1") == 7
    assert (s.value("C1"), s.get("C1").kind) == ("2024-03-31T00:00:00", "d")
    assert s.get("C2").formula == "A2*2+$A$1+SUM(A2:B2)+'Biểu 1'!B2&\"A2\""
    assert s.get("C3").formula == "A3*2+$A$1+SUM(A3:B3)+'Biểu 1'!B3&\"A2\""
    assert s.get("C4").formula == "A4*2+$A$1+SUM(A4:B4)+'Biểu 1'!B4&\"A2\""
    assert [s.value(c) for c in ("A5", "B5", "C5", "D5")] == [10, False, "Xin chào ", "Phường 1_x0041_"]
    assert s.protected and s.protection == {"sheet": "true", "formatCells": "0"}
    assert r.book.structure_locked
    assert r.book.locked_styles == [True, False]


@pytest.mark.parametrize(
    "formula, drow, dcol, expected",
    [
        ("A1+B$2+$C3+$D$4", 1, 1, "B2+C$2+$C4+$D$4"),
        ("SUM(A:A)+SUM(1:1)", 2, 1, "SUM(B:B)+SUM(3:3)"),
        ('LOG10(A1)&"B2"', 1, 0, 'LOG10(A2)&"B2"'),
        ("A1", -1, 0, "#REF!"),
        ("Sheet1!A1+'My Sheet'!B2", 0, 2, "Sheet1!C1+'My Sheet'!D2"),
        ("Tổng1+A1", 1, 0, "Tổng1+A2"),
    ],
)
def test_shared_formula_shift(formula: str, drow: int, dcol: int, expected: str) -> None:
    assert shift(formula, drow, dcol) == expected


# --- batches and isolation -----------------------------------------------------------------------
def _mixed(corpus: dict[str, Case], tmp_path: Path) -> tuple[list[Path], dict[Path, str | None]]:
    good = [make_rich(tmp_path / f"good{i}.xlsx") for i in range(3)]
    picks = [
        "CSV renamed .xlsx",
        "billion laughs in a worksheet",
        "compression ratio bomb",
        "truncated zip (upload cut in half)",
        "one cell at XFD1048576",
        "a named pipe (would block a naive reader)",
    ]
    bad = [corpus[k].path for k in picks]
    paths = [good[0], bad[0], bad[1], good[1], bad[2], bad[3], bad[4], good[2], bad[5]]
    expect: dict[Path, str | None] = {g: None for g in good}
    expect.update({corpus[k].path: BAD[k][0] for k in picks})
    return paths, expect


def test_batch_with_good_and_bad_files(corpus: dict[str, Case], tmp_path: Path) -> None:
    paths, expect = _mixed(corpus, tmp_path)
    for results in (
        [read_workbook(p, max_row=5, max_col=7) for p in paths],
        read_many(paths, workers=2, max_row=5, max_col=7),
    ):
        assert [r.path for r in results] == [str(p) for p in paths]
        for p, r in zip(paths, results, strict=True):
            if expect[p] is None:
                _check_rich(r)
            else:
                assert expect[p] in r.codes and not r.ok


def test_isolated_read_matches_in_process(tmp_path: Path) -> None:
    p = make_rich(tmp_path / "rich.xlsx")
    a, b = read_workbook(p), read_workbook_isolated(p)
    assert a.book == b.book and a.findings == b.findings and a.sha256 == b.sha256


def _big(tmp_path: Path, rows: int = 6000) -> Path:
    from gate_corpus import _cells

    return write_zip(
        tmp_path / "big.xlsx", {**base_parts(), "xl/worksheets/sheet1.xml": sheet(_cells(rows, 20), f"A1:T{rows}")}
    )


def test_hard_timeout_kills_the_reader_and_the_batch_goes_on(tmp_path: Path) -> None:
    # 90 sheets all pointing at one 120,000-cell part: a minute of parsing, for a 1 MB file
    from gate_corpus import _cells

    sheets = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId1"/>' for i in range(1, 91))
    big = write_zip(
        tmp_path / "slow.xlsx",
        {
            **base_parts(),
            "xl/workbook.xml": workbook(sheets),
            "xl/worksheets/sheet1.xml": sheet(_cells(6000, 20), "A1:T6000"),
        },
    )
    good = make_rich(tmp_path / "rich.xlsx")
    # neither the cooperative deadline nor the cell count would stop it: only the kill does
    lim = Limits(timeout_s=600, hard_timeout_s=2, max_cells=10**8)
    t0 = time.perf_counter()
    results = read_many([big, good, big, good], lim, workers=2)
    assert time.perf_counter() - t0 < MUST_NOT_HANG_S
    assert [r.codes for r in results] == [["read-timeout"], [], ["read-timeout"], []]
    assert results[1].ok and results[3].ok


@pytest.mark.skipif(
    not memory_fence_available(), reason="no memory fence on this system (no resource or /proc): only the timeout"
)
def test_memory_cap_refuses_a_big_read(tmp_path: Path) -> None:
    big = _big(tmp_path)
    slow_ok = {"timeout_s": 60, "hard_timeout_s": 60}  # only memory may stop these reads
    assert read_workbook_isolated(big, Limits(memory_mb=8, **slow_ok)).codes == ["read-memory"]
    assert read_workbook_isolated(big, Limits(**slow_ok)).ok


_HOLES = """
import ctypes
from toolkit.gate.isolate import _MallInfo2, occupy_free_heap

try:
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = _MallInfo2
except (OSError, AttributeError):
    raise SystemExit(3)  # not glibc 2.33+: nothing to measure
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
blocks, pins = [], []
for _ in range(500):  # 60 MB freed inside the heap, each block pinned by a live one above it
    blocks.append(libc.malloc(120_000))
    pins.append(libc.malloc(2000))
for b in blocks:
    libc.free(b)
before = libc.mallinfo2().fordblks
taken = occupy_free_heap()
print(before >> 20, taken >> 20, libc.mallinfo2().fordblks >> 20)
"""


def test_a_fenced_child_first_takes_the_free_heap_it_inherited() -> None:
    """What a parent freed but still maps (a long test run, a batch) would be room a capped
    read could fill uncounted (the memory cap counts address space): the child takes it first."""
    proc = subprocess.run([sys.executable, "-c", _HOLES], capture_output=True, text=True, timeout=60)
    if proc.returncode == 3:
        pytest.skip("not glibc 2.33+: the free heap is not measured")
    assert proc.returncode == 0, proc.stderr
    before, taken, after = map(int, proc.stdout.split())
    assert before >= 50 and taken >= 50 and after <= 2, proc.stdout


# --- XML defences, limits, command line ------------------------------------------------------------
def test_xml_defences_are_verified() -> None:
    verify_xml_defences(force=True)


def test_verification_fails_when_the_parser_accepts_a_doctype(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlsafe, "_refuse_doctype", lambda *a: None)
    with pytest.raises(XmlDefenceError, match="accepted a doctype probe"):
        verify_xml_defences(force=True)


def test_verification_fails_when_defusedxml_accepts_a_doctype(monkeypatch: pytest.MonkeyPatch) -> None:
    import xml.etree.ElementTree as ET

    import defusedxml.ElementTree as DET

    monkeypatch.setattr(DET, "fromstring", lambda data, **kw: ET.fromstring(b"<r/>"))
    with pytest.raises(XmlDefenceError, match="defusedxml"):
        verify_xml_defences(force=True)


def test_limits_from_workspace_and_environment(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "workspace.yaml").write_text(
        "name: X\ngate:\n  max_cells: 5000\n  timeout_s: 3\n", encoding="utf-8"
    )
    lim = Limits.load(tmp_path, environ={"BAOCAO_GATE_TIMEOUT_S": "4.5", "OTHER": "1"})
    assert (lim.max_cells, lim.timeout_s, lim.memory_mb) == (5000, 4.5, Limits().memory_mb)
    assert Limits.load(tmp_path / "nowhere", environ={}) == Limits()
    for bad in ({"BAOCAO_GATE_MAX_CELS": "1"}, {"BAOCAO_GATE_MAX_CELLS": "-1"}, {"BAOCAO_GATE_TIMEOUT_S": "x"}):
        with pytest.raises(ValueError):
            Limits.load(None, environ=bad)
    with pytest.raises(ValueError):
        Limits.from_mapping({"max_cells": True})


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolkit.gate", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_command_line_exit_status_and_no_traceback(corpus: dict[str, Case], tmp_path: Path) -> None:
    good = make_rich(tmp_path / "rich.xlsx")
    ok = _cli(good)
    assert ok.returncode == 0 and ok.stdout.startswith("OK ")
    plain = [k for k, (_c, _b) in BAD.items() if corpus[k].limits is None and not corpus[k].kwargs]
    proc = _cli(*(corpus[k].path for k in plain))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr == ""
    for k in plain:
        assert f"REJECTED {corpus[k].path}\n  error: {BAD[k][0]}" in proc.stdout, k
    content = _cli(corpus["control characters in a shared string"].path, "--lang", "en", "--json")
    assert content.returncode == 1 and '"control-characters"' in content.stdout


# --- the documentation --------------------------------------------------------------------------
def test_security_doc_lists_every_code_and_limit() -> None:
    doc = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    gate_codes = [c for c, e in registry().items() if e.area == "gate"]
    missing = [c for c in gate_codes if f"`{c}`" not in doc]
    assert not missing, missing
    from dataclasses import fields

    for f in fields(Limits):
        assert f"`{f.name}`" in doc and f"BAOCAO_GATE_{f.name.upper()}" in doc, f.name


def test_messages_are_vietnamese_then_english() -> None:
    vi_marks = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
    for c, e in registry().items():
        if e.area != "gate":
            continue
        assert vi_marks.search(e.message_vi) and vi_marks.search(e.title_vi), c
        assert not vi_marks.search(e.message_en), c
