"""What clerks really do to a form, done by a real client, gives one finding at its cause.

Each return here is a filled form edited and saved by LibreOffice through a Basic macro
(tests/clerk_edits.py: the same calls its menus make) or re-saved by Gnumeric. Every test
asserts the finding's code at its cell, the number of findings, and what was read.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from clerk_edits import Edit, run_edits, ssconvert

from toolkit.demo import seed_table
from toolkit.forms import write_form
from toolkit.periods import Period
from toolkit.seedsplit import split_district_figures
from toolkit.validate import validate_file
from toolkit.workspace import Workspace

SEED = yaml.safe_load(seed_table().read_text(encoding="utf-8"))
Q1 = Period.parse("2024-Q1")

UNPROTECT = '  sh.unprotect("")\n'


def number_format(cell: str, code: str, value: float) -> str:
    """A number with a number format, as a paste from another workbook brings them (or Format Cells)."""
    return (
        f'  c = sh.getCellRangeByName("{cell}")\n'
        "  nf = doc.NumberFormats\n"
        "  Dim loc As New com.sun.star.lang.Locale\n"
        f'  k = nf.queryKey("{code}", loc, False)\n'
        f'  If k = -1 Then k = nf.addNew("{code}", loc)\n'
        "  c.NumberFormat = k\n"
        f"  c.setValue({value})\n"
    )


def type_into(cell: str, text: str) -> str:
    """Typing ``text`` into a cell and pressing Enter, as the clerk does (LibreOffice's own input)."""
    return (
        "  ctrl = doc.CurrentController\n"
        f'  ctrl.select(sh.getCellRangeByName("{cell}"))\n'
        '  disp = createUnoService("com.sun.star.frame.DispatchHelper")\n'
        "  Dim p(0) As New com.sun.star.beans.PropertyValue\n"
        f'  p(0).Name = "StringName" : p(0).Value = "{text}"\n'
        '  disp.executeDispatch(ctrl.Frame, ".uno:EnterString", "", 0, p())\n'
    )


# name -> (unit, Basic body)
EDITS = {
    "resaved": ("P1", ""),
    "empty-row-deleted": ("P1", UNPROTECT + "  sh.Rows.removeByIndex(7, 1)\n"),  # row 8, empty, above the table
    "date": ("P1", number_format("E21", "DD/MM/YYYY", 45366)),
    "date-in-part": ("P1", number_format("E18", "DD/MM/YYYY", 45366)),  # a part of E17 = E18 + E19
    "negative-part": ("P1", '  sh.getCellRangeByName("E18").setValue(-5)\n'),
    "percent-format": ("PKT", number_format("E20", "0.00%", 0.9335)),
    "percent-in-count": ("P1", number_format("E21", "0%", 0.05)),
    "long-note": ("P1", '  sh.getCellRangeByName("J21").setString(String(700, "x"))\n'),
    # Insert > Columns, Delete Columns, Insert > Rows (the sheet must be unprotected first)
    "column-inserted": ("P1", UNPROTECT + "  sh.Columns.insertByIndex(5, 1)\n"),  # a new F: F..K move to G..L
    "column-inserted-first": ("PKT", UNPROTECT + "  sh.Columns.insertByIndex(0, 1)\n"),  # codes move to C
    "columns-inserted-typed": (
        "P1",
        UNPROTECT + "  sh.Columns.insertByIndex(7, 2)\n"
        '  sh.getCellRangeByName("H21").setValue(77)\n  sh.getCellRangeByName("I21").setString("ghi chú riêng")\n',
    ),
    "column-deleted": ("P1", UNPROTECT + "  sh.Columns.removeByIndex(7, 1)\n"),  # H, the same period
    "value-column-deleted": ("P1", UNPROTECT + "  sh.Columns.removeByIndex(4, 1)\n"),  # E: formulas read #REF!
    "denominator-row-deleted": ("P1", UNPROTECT + "  sh.Rows.removeByIndex(26, 1)\n"),  # row 27, read by E28
    "stt-column-deleted": ("P1", UNPROTECT + "  sh.Columns.removeByIndex(0, 1)\n"),
    "column-moved": (
        "P1",
        UNPROTECT + "  sh.Columns.insertByIndex(4, 1)\n"
        '  sh.moveRange(sh.getCellRangeByName("E1").CellAddress, sh.getCellRangeByName("I1:I200").RangeAddress)\n'
        "  sh.Columns.removeByIndex(8, 1)\n",
    ),
    "rows-and-column-inserted": (
        "P1",
        UNPROTECT + "  sh.Columns.insertByIndex(4, 1)\n  sh.Rows.insertByIndex(1, 2)\n",
    ),
    # formulas typed into input cells: recalculated (Excel and LibreOffice by default), or with
    # calculation set to manual (AutoCalculate off) after a figure it reads was changed
    "formula-fresh": ("P1", '  sh.getCellRangeByName("E21").setFormula("=SUM(E25:E26)-7340")\n'),
    "formula-stale": (
        "P1",
        '  sh.getCellRangeByName("E21").setFormula("=E25*10")\n'
        "  doc.calculateAll()\n"
        "  doc.enableAutomaticCalculation(False)\n"
        '  sh.getCellRangeByName("E25").setValue(300)\n',
    ),
    "formula-not-whole": ("P1", '  sh.getCellRangeByName("E21").setFormula("=E26/4")\n'),
    "formula-unchecked": ("P1", '  sh.getCellRangeByName("E21").setFormula("=ROUND(E25*25;0)")\n'),
    "autocalc-off": ("P1", "  doc.enableAutomaticCalculation(False)\n"),
    "autocalc-off-typed": (
        "P1",
        "  doc.enableAutomaticCalculation(False)\n"
        '  sh.getCellRangeByName("E13").setValue(900)\n  sh.getCellRangeByName("E25").setValue(150)\n',
    ),
    "formula-cleared": ("P1", UNPROTECT + '  sh.getCellRangeByName("G25").clearContents(31)\n'),
    "prefilled-cleared": ("P1", UNPROTECT + '  sh.getCellRangeByName("H21").clearContents(31)\n'),
    "rows-sorted": (  # Data > Sort on A13:K22 by the name column
        "P1",
        UNPROTECT + '  r = sh.getCellRangeByName("A13:K22")\n'
        "  Dim f(0) As New com.sun.star.table.TableSortField\n  f(0).Field = 2 : f(0).IsAscending = True\n"
        '  Dim d(0) As New com.sun.star.beans.PropertyValue\n  d(0).Name = "SortFields" : d(0).Value = f()\n'
        "  r.sort(d())\n",
    ),
    # Merge Cells over two figures: LibreOffice keeps the hidden one's content, Excel clears it
    "merged-kept": ("P1", UNPROTECT + '  sh.getCellRangeByName("E21:E22").merge(True)\n'),
    "merged-cleared": (
        "P1",
        UNPROTECT + '  sh.getCellRangeByName("E22").setString("")\n  sh.getCellRangeByName("E21:E22").merge(True)\n',
    ),
    "indicator-row-deleted": ("P1", UNPROTECT + "  sh.Rows.removeByIndex(20, 1)\n"),  # row 21, Đàn gia súc
    "text-typed": ("P1", type_into("E13", "1.234,5")),  # text for LibreOffice in English: '.' and ',' swapped
    "sheet-added": (
        "P1",
        '  doc.Sheets.insertNewByName("Nháp", 1)\n  doc.Sheets.getByName("Nháp").getCellRangeByName("A1").setValue(5)\n',
    ),
    "copy-filled": (  # Move or Copy Sheet > Copy, then the figures typed into the copy
        "P1",
        '  doc.Sheets.copyByName(sh.Name, "Biểu số liệu (2)", 1)\n'
        '  c = doc.Sheets.getByName("Biểu số liệu (2)")\n'
        '  c.getCellRangeByName("E21").setValue(3333)\n  c.getCellRangeByName("J21").setString("đàn heo tăng")\n',
    ),
    # what does not change the figures
    "column-hidden": ("P1", UNPROTECT + "  sh.Columns.getByIndex(6).IsVisible = False\n"),
    "row-hidden": ("P1", UNPROTECT + '  sh.Rows.getByIndex(20).IsVisible = False\n  sh.protect("")\n'),
    "sheets-reordered": ("P1", "  doc.Sheets.moveByName(sh.Name, 2)\n"),
    "sheet-renamed": ("P1", '  sh.Name = "Bieu so lieu"\n'),
}


@pytest.fixture(scope="module")
def returns(tmp_path_factory, soffice):
    """Every edited return of this module, made in one LibreOffice start, with its original."""
    ws = Workspace.sample()
    out = tmp_path_factory.mktemp("clerk")
    fills = split_district_figures(ws, {e["code"]: e["value"] for e in SEED["indicators"]}, SEED["ward_split_weights"])
    forms = {}
    for unit in ("P1", "PKT"):
        forms[unit] = out / f"{unit}.xlsx"
        write_form(ws, unit, Q1, forms[unit], fill=fills[unit])
    run_edits([Edit(forms[unit], out / f"{name}.xlsx", body) for name, (unit, body) in EDITS.items()])
    paths = {name: out / f"{name}.xlsx" for name in EDITS}
    paths.update({f"form-{u}": p for u, p in forms.items()})
    return ws, paths


def _check(returns, name: str):
    ws, paths = returns
    return validate_file(paths[name], ws)


def _values(rep) -> dict:
    return {(v.indicator, v.column): v.value for v in rep.values}


def _where(rep) -> list[tuple[str, str | None]]:
    return [(f.code, f.cell) for f in rep.findings]


def test_resaved_form_reads_as_the_original(returns):
    rep, original = _check(returns, "resaved"), _check(returns, "form-P1")
    assert rep.findings == [] and _values(rep) == _values(original)


def test_deleting_an_empty_row_is_not_a_damaged_file(returns):
    """LibreOffice then declares the data area down to row 1.048.576: harmless, not dimension-mismatch."""
    rep, original = _check(returns, "empty-row-deleted"), _check(returns, "form-P1")
    assert _where(rep) == [("protection-removed", None), ("row-deleted", "B12")]
    assert rep.errors == 0
    assert list(_values(rep).values()) == list(_values(original).values())


def test_a_date_in_a_number_cell_is_not_a_count(returns):
    rep = _check(returns, "date")
    assert _where(rep) == [("value-is-date", "E21")]
    f = rep.findings[0]
    assert f.value == "15/03/2024" and "45.366" in f.message_vi and f.is_error
    assert _values(rep)[("NN.DAN_GIA_SUC", "value")] is None  # never 45.366 head of cattle


def test_a_date_in_a_part_is_one_finding_not_a_whole_of_45_thousand(returns):
    """LibreOffice adds the date's serial number into the whole it stores (E17 = E18 + E19):
    that stored whole is not a figure, so nothing else is said of it (no change against last
    year, no parts against whole)."""
    rep = _check(returns, "date-in-part")
    assert _where(rep) == [("value-is-date", "E18")]
    values = _values(rep)
    assert values[("NN.DT_CAY_AN_TRAI", "value")] is None
    assert values[("NN.DT_MAU_CAT", "value")] is None  # not 45.366 + E19


def test_a_figure_outside_its_bounds_is_one_finding(returns):
    """-5 ha of fruit trees: the bound's error, and no warning that it (or the whole made of it)
    changed against last year."""
    rep = _check(returns, "negative-part")
    assert _where(rep) == [("value-below-min", "E18")]


def test_a_rate_typed_with_the_percent_format_is_read_as_shown(returns):
    """93,35% typed into a rate cell: Excel stores 0,9335 with a % format; the clerk saw 93,35%."""
    rep = _check(returns, "percent-format")
    assert _where(rep) == [("value-percent-format", "E20")]
    assert rep.errors == 0 and rep.findings[0].expected == "93,35"
    assert _values(rep)[("MT.TL_NUOC_HVS_NT", "value")] == pytest.approx(93.35)


def test_a_percentage_in_a_count_is_a_unit_mismatch(returns):
    rep = _check(returns, "percent-in-count")
    assert _where(rep) == [("value-unit-mismatch", "E21")]
    assert rep.findings[0].value == "5%"
    assert _values(rep)[("NN.DAN_GIA_SUC", "value")] is None


def test_a_note_over_the_forms_limit_is_found(returns):
    rep = _check(returns, "long-note")
    assert _where(rep) == [("note-too-long", "J21")]
    f = rep.findings[0]
    assert f.extra["length"] == 700 and f.extra["limit"] == 500 and not f.is_error
    assert _values(rep)[("NN.DAN_GIA_SUC", "note")] == "x" * 700  # kept whole: nothing is lost


@pytest.fixture(scope="session")
def gnumeric() -> str:
    path = shutil.which("ssconvert")
    if not path:
        if os.environ.get("BAOCAO_REQUIRE_SOFFICE") == "1":
            pytest.fail("Gnumeric's ssconvert is required (BAOCAO_REQUIRE_SOFFICE=1) but is not installed")
        pytest.skip("Gnumeric (ssconvert) is not installed")
    return path


def test_resaved_by_gnumeric_reads_as_the_original(returns, gnumeric, tmp_path):
    ws, paths = returns
    resaved = ssconvert(paths["form-P1"], tmp_path / "gnumeric.xlsx")
    rep, original = validate_file(resaved, ws), _check(returns, "form-P1")
    # Gnumeric drops the workbook structure lock; the clerk did nothing: say so, do not blame
    assert [(f.code, f.severity.value) for f in rep.findings] == [("structure-lock-dropped", "info")]
    assert "Gnumeric" in rep.findings[0].message("vi") and "không làm gì sai" in rep.findings[0].message("vi")
    assert _values(rep) == _values(original)
    # nothing for the unit to do: no annotated copy is sent back (validate --feedback, intake)
    assert rep.valid and not rep.needs_feedback
    from conftest import run

    r = run("validate", str(resaved), "--feedback", str(tmp_path / "gop-y"))  # the built-in sample
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "gop-y").exists() or not any((tmp_path / "gop-y").iterdir())
    flawed = _check(returns, "negative-part")
    assert flawed.needs_feedback  # an error: a copy


def _resaved_by(src: Path, dst: Path, application: str, *, unprotect_sheet: bool = False) -> Path:
    """``src`` as a program that drops the structure lock saves it: no <workbookProtection>,
    its name in docProps/app.xml (and, if asked, the form sheet's protection gone too)."""
    import re
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = re.sub(rb"<workbookProtection[^>]*/>", b"", data)
            elif item.filename == "docProps/app.xml":
                data = re.sub(
                    rb"<Application>[^<]*</Application>", f"<Application>{application}</Application>".encode(), data
                )
            elif unprotect_sheet and item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<sheetProtection[^>]*/>", b"", data)
            zout.writestr(item, data)
    return dst


@pytest.mark.parametrize(
    ("application", "unprotect", "code"),
    [
        ("gnumeric", False, "structure-lock-dropped"),  # nothing else changed: the program did it
        ("WPS Spreadsheets", False, "structure-lock-dropped"),
        ("Microsoft Excel", False, "structure-unlocked"),  # Excel keeps the lock: the clerk removed it
        ("gnumeric", True, "structure-unlocked"),  # the sheet's protection was removed too
    ],
)
def test_who_removed_the_structure_lock(returns, tmp_path, application, unprotect, code):
    ws, paths = returns
    dst = _resaved_by(paths["form-P1"], tmp_path / "resaved.xlsx", application, unprotect_sheet=unprotect)
    rep = validate_file(dst, ws)
    assert code in {f.code for f in rep.findings}
    assert ("structure-unlocked" in {f.code for f in rep.findings}) == (code == "structure-unlocked")
    if code == "structure-lock-dropped":
        assert [f.code for f in rep.findings] == [code] and not rep.findings[0].is_error


def _same_figures(rep, original, *, but: set | None = None) -> None:
    got, want = _values(rep), _values(original)
    assert got.keys() == want.keys()
    for k, v in want.items():
        if not but or k not in but:
            assert got[k] == (pytest.approx(v) if isinstance(v, float) else v), k


def test_an_inserted_column_is_one_finding_not_a_cascade(returns):
    rep, original = _check(returns, "column-inserted"), _check(returns, "form-P1")
    assert _where(rep) == [("protection-removed", None), ("column-inserted", "F9")]
    assert rep.findings[1].extra["count"] == 1 and rep.errors == 0
    _same_figures(rep, original)
    moved = {(v.indicator, v.column): v.cell for v in rep.values}
    for v in original.values:  # E stays, F and beyond moved one column right
        assert moved[(v.indicator, v.column)] == (v.cell if v.cell[0] == "E" else chr(ord(v.cell[0]) + 1) + v.cell[1:])


def test_a_column_inserted_before_the_codes(returns):
    rep, original = _check(returns, "column-inserted-first"), _check(returns, "form-PKT")
    assert _where(rep) == [("protection-removed", None), ("column-inserted", "A9")]
    _same_figures(rep, original)


def test_inserted_columns_with_typing_in_them_are_not_counted(returns):
    rep, original = _check(returns, "columns-inserted-typed"), _check(returns, "form-P1")
    assert _where(rep) == [("protection-removed", None), ("column-inserted", "H9")]
    assert rep.findings[1].extra["count"] == 2
    _same_figures(rep, original)


def test_a_deleted_column_is_one_finding_and_its_figures_are_missing(returns):
    rep, original = _check(returns, "column-deleted"), _check(returns, "form-P1")
    assert _where(rep) == [("protection-removed", None), ("column-deleted", "H9")]
    assert rep.errors == 1 and "Cùng kỳ năm trước" in rep.findings[1].message_vi
    assert all(v.column != "same_period" for v in rep.values)  # never read from the column that moved in
    got = _values(rep)
    assert all(got[k] == v for k, v in _values(original).items() if k[1] != "same_period")


def test_a_deleted_column_without_figures(returns):
    rep, original = _check(returns, "stt-column-deleted"), _check(returns, "form-P1")
    assert _where(rep) == [("protection-removed", None), ("column-deleted", "A9")]
    assert "held no figures" in rep.findings[1].message_en
    _same_figures(rep, original)


def test_a_moved_column_is_read_where_it_is(returns):
    rep, original = _check(returns, "column-moved"), _check(returns, "form-P1")
    assert _where(rep) == [("protection-removed", None), ("column-moved", "E9")]
    assert rep.findings[1].expected == "H"
    _same_figures(rep, original)


def test_rows_and_a_column_inserted(returns):
    rep, original = _check(returns, "rows-and-column-inserted"), _check(returns, "form-P1")
    assert [f.code for f in rep.findings] == ["protection-removed", "row-inserted", "column-inserted"]
    assert rep.findings[2].cell == "E11"  # the header row, two rows lower
    _same_figures(rep, original)


def test_a_typed_formula_that_is_up_to_date_is_read(returns):
    rep = _check(returns, "formula-fresh")
    assert rep.findings == []
    assert _values(rep)[("NN.DAN_GIA_SUC", "value")] == 123 + 10302 - 7340


def test_a_typed_formula_is_checked_like_a_typed_figure(returns):
    rep = _check(returns, "formula-not-whole")
    assert _where(rep) == [("value-not-integer", "E21")]  # 10.302 / 4 head of cattle


def test_a_typed_formula_with_a_stale_result_is_computed(returns):
    """Calculation manual: E21 (=E25*10) still stores 1.230 after E25 became 300; read as 3.000."""
    rep = _check(returns, "formula-stale")
    assert _where(rep) == [("input-formula-stale", "E21"), ("formula-value-mismatch", "G25")]
    f = rep.findings[0]
    assert f.value == "1.230" and f.expected == "3.000" and f.extra["formula"] == "E25*10"
    got = _values(rep)
    assert got[("NN.DAN_GIA_SUC", "value")] == 3000 and got[("AN.CCCD_CAP_MOI", "ytd")] == 300


def test_a_typed_formula_that_cannot_be_computed_says_what_was_read(returns):
    rep = _check(returns, "formula-unchecked")
    assert _where(rep) == [("input-formula-unchecked", "E21")]
    f = rep.findings[0]
    assert f.value == "3.075" and "ROUND" in f.message_en and not f.is_error
    assert _values(rep)[("NN.DAN_GIA_SUC", "value")] == 3075


def test_saved_with_autocalculate_off_reads_as_the_original(returns):
    """LibreOffice then stores 0 for every formula whose result is blank: blank it stays."""
    rep, original = _check(returns, "autocalc-off"), _check(returns, "form-P1")
    assert rep.findings == []
    _same_figures(rep, original)


@pytest.mark.parametrize("name", ["row-hidden", "sheets-reordered"])
def test_what_does_not_change_the_figures_is_not_reported(returns, name):
    rep, original = _check(returns, name), _check(returns, "form-P1")
    assert rep.findings == []
    _same_figures(rep, original)


def test_a_hidden_column_is_read(returns):
    rep, original = _check(returns, "column-hidden"), _check(returns, "form-P1")
    assert _where(rep) == [("protection-removed", None)]  # hiding a column needs the protection off
    _same_figures(rep, original)


def test_a_cleared_formula_is_computed_again(returns):
    rep, original = _check(returns, "formula-cleared"), _check(returns, "form-P1")
    assert _where(rep) == [("protection-removed", None), ("formula-cleared", "G25")]
    assert rep.errors == 0
    _same_figures(rep, original)


def test_a_deleted_indicator_row_is_one_finding(returns):
    rep, original = _check(returns, "indicator-row-deleted"), _check(returns, "form-P1")
    assert _where(rep) == [("protection-removed", None), ("code-missing", "B21")]
    got = _values(rep)
    assert ("NN.DAN_GIA_SUC", "value") not in got
    assert all(got[k] == v for k, v in _values(original).items() if k[0] != "NN.DAN_GIA_SUC")


def test_a_number_typed_as_text_says_how_it_was_read(returns):
    rep = _check(returns, "text-typed")
    assert _where(rep) == [("value-text-number", "E13")]
    assert _values(rep)[("NN.DT_HT_XUONG_GIONG", "value")] == 1234.5


def test_an_added_sheet_is_one_warning(returns):
    rep, original = _check(returns, "sheet-added"), _check(returns, "form-P1")
    assert _where(rep) == [("sheet-added", None)]
    _same_figures(rep, original)


def test_a_renamed_sheet_is_read_by_its_codes(returns):
    rep, original = _check(returns, "sheet-renamed"), _check(returns, "form-P1")
    assert _where(rep) == [("sheet-renamed", None)]
    _same_figures(rep, original)


def test_figures_typed_into_a_copy_of_the_form_sheet(returns):
    rep, original = _check(returns, "copy-filled"), _check(returns, "form-P1")
    assert [(f.code, f.sheet, f.cell) for f in rep.findings] == [("sheet-copied", "Biểu số liệu (2)", "E21")]
    assert rep.findings[0].extra["count"] == 2 and rep.findings[0].value == "3333"
    _same_figures(rep, original)  # the form sheet is what counts


def test_figures_typed_with_autocalculate_off_are_one_finding(returns):
    """Every formula reading E13 or E25 shows its old result: one cause, one finding; read as computed."""
    rep = _check(returns, "autocalc-off-typed")
    assert _where(rep) == [("formulas-not-recalculated", "G13")]
    f = rep.findings[0]
    assert f.extra["count"] == 4 and f.extra["cells"] == "G13, E15, G15, G25"
    assert (f.value, f.expected) == ("844,46", "900")
    got = _values(rep)
    assert got[("NN.DT_HT_XUONG_GIONG", "ytd")] == 900 and got[("AN.CCCD_CAP_MOI", "ytd")] == 150
    assert got[("NN.TL_HT_XUONG_GIONG", "value")] == pytest.approx(900 / 2228.92 * 100)


def test_deleting_the_column_formulas_read_is_one_finding(returns):
    """The year-to-date and ratio formulas now read #REF!: the cause is the deleted column, said once."""
    rep = _check(returns, "value-column-deleted")
    assert _where(rep) == [("protection-removed", None), ("column-deleted", "E9")]
    assert all(v.value is None for v in rep.values if v.column in ("value", "ytd"))


def test_deleting_a_row_a_ratio_reads_is_one_finding(returns):
    rep, original = _check(returns, "denominator-row-deleted"), _check(returns, "form-P1")
    assert _where(rep) == [("protection-removed", None), ("code-missing", "B27")]
    got = _values(rep)
    assert got[("AN.CCCD_TL", "value")] is None  # its denominator is gone: no rate, no guess
    assert got[("AN.CCCD_LK", "value")] == _values(original)[("AN.CCCD_LK", "value")]


def test_a_cleared_prefilled_figure_is_not_lost_silently(returns):
    rep, original = _check(returns, "prefilled-cleared"), _check(returns, "form-P1")
    assert _where(rep) == [("protection-removed", None), ("prefilled-cleared", "H21")]
    assert rep.findings[1].expected == "3.019" and rep.errors == 0
    _same_figures(rep, original)  # last year's accepted figure, as the office wrote it


def test_sorted_rows_are_one_finding(returns):
    """Sorting moves rows and makes the block's formulas read other rows: one cause, one finding."""
    rep, original = _check(returns, "rows-sorted"), _check(returns, "form-P1")
    assert _where(rep) == [("protection-removed", None), ("rows-sorted", "A13")]
    f = rep.findings[1]
    assert (f.extra["first"], f.extra["last"], f.extra["count"]) == (13, 22, 7) and not f.is_error
    _same_figures(rep, original)  # by code, the computed cells computed again by code


def test_cells_merged_over_a_figure(returns):
    rep, original = _check(returns, "merged-kept"), _check(returns, "form-P1")
    assert _where(rep) == [("protection-removed", None), ("cells-merged", "E22")]
    assert rep.findings[1].extra["range"] == "E21:E22" and rep.findings[1].indicator == "NN.DAN_GIA_CAM"
    _same_figures(rep, original)  # the hidden figure is still read, and the unit is told it is hidden


def test_cells_merged_after_clearing_a_figure(returns):
    rep = _check(returns, "merged-cleared")
    assert _where(rep) == [("protection-removed", None), ("cells-merged", "E22")]  # not also value-missing
    assert _values(rep)[("NN.DAN_GIA_CAM", "value")] is None
