"""The fast annotated copy (package edited directly) against the openpyxl copy, read by openpyxl
and by LibreOffice; the fall-back to openpyxl when the package has another shape."""

from __future__ import annotations

import dataclasses
import os
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.comments import Comment

from toolkit.forms import write_form
from toolkit.libreoffice import convert
from toolkit.periods import Period
from toolkit.validate import validate_file, write_feedback
from toolkit.validate.feedback import FEEDBACK_SHEET, feedback_path, write_with_openpyxl, writers_for
from toolkit.validate.feedback_list import COL, WARNING_FILL
from toolkit.validate.feedback_zip import write_fast
from toolkit.workspace import Workspace

MINI = Path(__file__).resolve().parent / "data" / "mini"
Q1 = Period.parse("2024-Q1")
GOOD = {
    ("NN.DT_CAY_AN_TRAI", "value"): 120.5,
    ("NN.DT_MAU", "value"): 1178,
    ("NN.GIA_SUC", "value"): 9000,
    ("AN.CCCD_LK", "value"): 9000,
    ("AN.DAN_SO_14", "value"): 9500,
}
# the mistakes clerks make: each form is the good one with these cells changed
MISTAKES = {
    "above-max": {("NN.GIA_SUC", "value"): 60000},  # an error and a warning on one cell
    "text-number": {("NN.DT_CAY_AN_TRAI", "value"): "1.234", ("NN.DT_MAU", "value"): "mười"},
    "missing": {("AN.DAN_SO_14", "value"): None},
    "warning": {("NN.GIA_SUC", "value"): 4500},
    "several": {
        ("NN.DT_CAY_AN_TRAI", "value"): "1.234",
        ("NN.GIA_SUC", "value"): 60000,
        ("AN.DAN_SO_14", "value"): None,
        ("NN.GIA_SUC", "note"): '=HYPERLINK("http://x.invalid","bấm")',
    },
}


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return Workspace.open(MINI)


def _form(ws: Workspace, path: Path, mistakes: dict[tuple[str, str], Any]) -> Path:
    return write_form(ws, "P1", Q1, path, fill={**GOOD, **mistakes}).path


def _both(rep: Any, src: Path, tmp: Path, lang: str = "vi") -> tuple[Path, Path]:
    """The fast copy (asserted to be the fast path) and the openpyxl copy of one report."""
    fast = write_fast(rep, src, tmp / "fast.xlsx", lang)
    assert fast == tmp / "fast.xlsx" and fast.exists(), "the fast writer fell back"
    slow = write_with_openpyxl(rep, src, tmp / "slow.xlsx", lang)
    return fast, slow


def _norm(v: Any) -> Any:
    return None if v == "" else v  # openpyxl drops empty strings on save


def _snapshot(path: Path) -> dict[str, Any]:
    """What a reader sees: sheets, active tab, and per cell its value, fill, comment and link;
    for flagged cells and the list sheet also number format, font and border."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, Any] = {
        "sheets": wb.sheetnames,
        "active": wb.active.title,
        "states": [s.sheet_state for s in wb.worksheets],
    }
    for s in wb.worksheets:
        cells = {}
        for row in s.iter_rows():
            for c in row:
                fill = c.fill.start_color.rgb[-6:] if c.fill is not None and c.fill.fill_type == "solid" else None
                info = (
                    _norm(c.value),
                    fill,
                    c.comment.text if c.comment else None,
                    c.comment.author if c.comment else None,
                    c.hyperlink.location if c.hyperlink else None,
                )
                if fill or s.title == FEEDBACK_SHEET:  # how flagged cells and the list look
                    info += (c.number_format, c.font.name, c.font.b, c.border.left.style)
                if info[:5] != (None, None, None, None, None):
                    cells[c.coordinate] = info
        out[s.title] = cells
    return out


def _values(path: Path, data_only: bool = False) -> dict[str, dict[str, Any]]:
    wb = openpyxl.load_workbook(path, data_only=data_only)
    return {
        s.title: {c.coordinate: c.value for row in s.iter_rows() for c in row if c.value is not None}
        for s in wb.worksheets
    }


@pytest.mark.parametrize("case", sorted(MISTAKES))
def test_fast_copy_reads_like_the_openpyxl_copy(ws, tmp_path, case):
    src = _form(ws, tmp_path / "p1.xlsx", MISTAKES[case])
    before = src.read_bytes()
    rep = validate_file(src, ws)
    assert rep.findings
    fast, slow = _both(rep, src, tmp_path)
    assert src.read_bytes() == before  # the original is never modified
    assert _snapshot(fast) == _snapshot(slow)

    got = _snapshot(fast)
    assert got["sheets"][0] == FEEDBACK_SHEET and got["active"] == FEEDBACK_SHEET
    assert got["states"][-1] == "veryHidden"
    rows = openpyxl.load_workbook(fast)[FEEDBACK_SHEET]
    assert [r[COL["code"] - 1].value for r in rows.iter_rows(min_row=5)] == [
        f.code for f in sorted(rep.findings, key=lambda f: not f.is_error)
    ]
    for f in rep.findings:  # every finding's cell filled (red over yellow) and commented
        fill, comment = got[f.sheet][f.cell][1], got[f.sheet][f.cell][2]
        worst = "FFC7CE" if any(g.is_error for g in rep.findings if g.cell == f.cell) else WARNING_FILL
        assert fill == worst and f.message("vi") in comment
    for r in rows.iter_rows():
        for c in r:
            assert c.data_type != "f", c.coordinate

    # every other cell as in the original, cached formula results included (openpyxl drops them)
    orig, copy = _values(src), _values(fast)
    assert {k: v for k, v in copy.items() if k != FEEDBACK_SHEET} == orig
    assert {k: v for k, v in _values(fast, data_only=True).items() if k != FEEDBACK_SHEET} == _values(
        src, data_only=True
    )


def test_parts_not_edited_are_copied_byte_for_byte(ws, tmp_path):
    src = _form(ws, tmp_path / "p1.xlsx", MISTAKES["several"])
    fast = write_fast(validate_file(src, ws), src, tmp_path / "fast.xlsx")
    assert fast is not None
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(fast) as b:
        old = {n: a.read(n) for n in a.namelist()}
        new = {n: b.read(n) for n in b.namelist()}
    changed = {n for n in old if old[n] != new[n]}
    assert changed <= {
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
    }, changed
    assert "xl/sharedStrings.xml" in old and "xl/sharedStrings.xml" not in changed
    added = set(new) - set(old)
    assert {n.rsplit("/", 1)[0] for n in added} == {"xl/worksheets", "xl", "xl/drawings", "xl/worksheets/_rels"}


def test_english_copy_without_findings_and_a_taken_name(ws, tmp_path):
    src = _form(ws, tmp_path / "p1.xlsx", {})
    rep = validate_file(src, ws)
    assert not rep.findings
    fast, slow = _both(rep, src, tmp_path, lang="en")
    assert _snapshot(fast) == _snapshot(slow)
    wb = openpyxl.load_workbook(fast)
    assert wb.sheetnames[0] == "To fix" and wb["To fix"].cell(5, COL["message"]).value == "Nothing to fix."

    # the copy sent back and checked again: its list sheet is taken, the new one is "(2)"
    again = write_fast(rep, fast, tmp_path / "again.xlsx", "en")
    assert again is not None
    assert openpyxl.load_workbook(again).sheetnames[:2] == ["To fix (2)", "To fix"]


def test_text_from_the_submission_is_never_a_formula(ws, tmp_path):
    src = _form(ws, tmp_path / "p1.xlsx", MISTAKES["missing"])
    rep = validate_file(src, ws)
    f = rep.findings[0]
    rep.findings[0] = dataclasses.replace(
        f, value='=HYPERLINK("http://x.invalid","bấm")\x01<b>&', extra={**f.extra, "name": "=1+2"}
    )
    fast, slow = _both(rep, src, tmp_path)
    assert _snapshot(fast) == _snapshot(slow)
    row = next(openpyxl.load_workbook(fast)[FEEDBACK_SHEET].iter_rows(min_row=5))
    assert (
        row[COL["value"] - 1].value == '=HYPERLINK("http://x.invalid","bấm")<b>&'
        and row[COL["value"] - 1].data_type == "s"
    )
    assert row[COL["indicator"] - 1].value.endswith("=1+2") and row[COL["indicator"] - 1].data_type == "s"


def test_cells_the_sheet_does_not_hold_and_merged_cells(ws, tmp_path):
    src = _form(ws, tmp_path / "p1.xlsx", MISTAKES["missing"])
    rep = validate_file(src, ws)
    f = rep.findings[0]
    # a new row below the form, a new cell at the end of a row and one inside it, a merged cell
    # that is not the range's first (openpyxl fills it, cannot comment it), an impossible address
    for ref in ("K70", "Z14", "L3", "B1", "A0", "E14:E15"):
        rep.findings.append(dataclasses.replace(f, cell=ref))
    rep.findings.append(dataclasses.replace(f, cell=None))  # a sheet without a cell: the link goes to A1
    rep.findings.append(dataclasses.replace(f, sheet=None, cell=None))  # about the whole file
    fast, slow = _both(rep, src, tmp_path)
    got = _snapshot(fast)
    assert got == _snapshot(slow)
    form = got["Biểu số liệu"]
    assert form["K70"][1:3] == ("FFC7CE", "[Lỗi] " + f.message("vi"))
    assert form["Z14"][1] == form["L3"][1] == "FFC7CE"
    assert "B1" not in form  # filled, but openpyxl reads no style on a merged range's other cells
    links = [
        r[COL["cell"] - 1].hyperlink.location if r[COL["cell"] - 1].hyperlink else r[COL["cell"] - 1].value
        for r in openpyxl.load_workbook(fast)[FEEDBACK_SHEET].iter_rows(min_row=5)
    ]
    assert links[-2:] == ["'Biểu số liệu'!A1", None]
    assert _values(fast)["Biểu số liệu"] == _values(src)["Biểu số liệu"]


def test_another_sheet_with_comments_keeps_them(ws, tmp_path):
    made = _form(ws, tmp_path / "made.xlsx", MISTAKES["several"])
    wb = openpyxl.load_workbook(made)
    wb["Hướng dẫn"]["A4"].comment = Comment("đọc kỹ", "Phòng")
    src = tmp_path / "p1.xlsx"
    wb.save(src)
    rep = validate_file(src, ws)
    fast, slow = _both(rep, src, tmp_path)  # only the flagged sheet must be free of comments
    got = _snapshot(fast)
    assert got == _snapshot(slow)
    assert got["Hướng dẫn"]["A4"][2] == "đọc kỹ"
    with zipfile.ZipFile(fast) as z:
        vml = [z.read(n).decode() for n in z.namelist() if n.endswith(".vml")]
    blocks = {m for v in vml for m in re.findall(r'idmap[^>]*data="(\d+)"', v)}
    assert len(vml) == 2 and len(blocks) == 2


_MC = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
    'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"'
)
_EXT = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0" '
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"></x14:dataValidations></ext></extLst>'
)


def _excel_shaped(src: Path, dest: Path) -> Path:
    """The form with what Excel itself writes around it: markup-compatibility namespaces, revision
    ids, x14ac row attributes, an AlternateContent block and extension lists at the end."""
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    wb = parts["xl/workbook.xml"].decode()
    wb = wb.replace(
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' + _MC,
        1,
    )
    wb = re.sub(
        r"(<workbookPr\b[^>]*/>)",
        r'\1<mc:AlternateContent><mc:Choice Requires="x15"><x15ac:absPath '
        r'url="C:\\Users\\xa\\" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/>'
        r'</mc:Choice></mc:AlternateContent><xr:revisionPtr revIDLastSave="0" documentId="8_{0}"/>',
        wb,
    )
    parts["xl/workbook.xml"] = wb.replace("</workbook>", _EXT + "</workbook>").encode()
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace(
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"',
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        + _MC
        + ' xr:uid="{00000000-0001-0000-0000-000000000000}"',
        1,
    )
    sheet = re.sub(r"(<row\b[^>]*?)(/?>)", r'\1 x14ac:dyDescent="0.25"\2', sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("</worksheet>", _EXT + "</worksheet>").encode()
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return dest


@pytest.mark.filterwarnings("ignore:Data Validation extension")  # openpyxl's, reading the x14 list
def test_a_workbook_in_excels_own_shape(ws, tmp_path):
    made = _form(ws, tmp_path / "made.xlsx", MISTAKES["several"])
    src = _excel_shaped(made, tmp_path / "p1.xlsx")
    rep = validate_file(src, ws)
    assert {f.code for f in rep.findings if f.is_error} == {"value-ambiguous", "value-above-max", "value-missing"}
    fast, slow = _both(rep, src, tmp_path)
    assert _snapshot(fast) == _snapshot(slow)
    with zipfile.ZipFile(fast) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        book = z.read("xl/workbook.xml").decode()
    assert sheet.index("<legacyDrawing") < sheet.index("<extLst>") and "x14ac:dyDescent" in sheet
    assert book.index("<sheets>") < book.index("<definedNames>") < book.index("<calcPr")
    assert "xr:revisionPtr" in book


def test_libreoffice_opens_the_excel_shaped_copy(ws, tmp_path, soffice):
    src = _excel_shaped(_form(ws, tmp_path / "made.xlsx", MISTAKES["several"]), tmp_path / "p1.xlsx")
    rep = validate_file(src, ws)
    fast = write_fast(rep, src, tmp_path / "fast.xlsx")
    assert fast is not None
    wb = openpyxl.load_workbook(convert(fast, "xlsx", tmp_path / "lo"))
    assert wb.sheetnames[0] == FEEDBACK_SHEET
    assert all(f.message("vi") in wb["Biểu số liệu"][f.cell].comment.text for f in rep.findings)


def test_the_ward_corrects_the_fast_copy_and_sends_it_back(ws, tmp_path):
    src = _form(ws, tmp_path / "p1.xlsx", {("NN.DT_MAU", "value"): None})
    first = validate_file(src, ws)
    missing = [f for f in first.findings if f.is_error]
    assert [(f.code, f.indicator) for f in missing] == [("value-missing", "NN.DT_MAU")]
    copy = write_fast(first, src, tmp_path / "copy.xlsx")
    assert copy is not None

    # the copy itself is still the unit's form: same errors, no "sheet added"
    as_is = validate_file(copy, ws)
    assert {f.code for f in as_is.findings if f.is_error} == {"value-missing"}
    assert not any(f.code == "sheet-added" for f in as_is.findings)

    wb = openpyxl.load_workbook(copy)
    wb[missing[0].sheet][missing[0].cell] = 80  # what the clerk types into the highlighted cell
    returned = tmp_path / "p1-da-sua.xlsx"
    wb.save(returned)
    second = validate_file(returned, ws)
    assert (second.unit, second.period) == ("P1", "2024-Q1")
    assert second.errors == 0, [f.code for f in second.findings]
    got = {(v.indicator, v.column): v.value for v in second.values}
    assert got[("NN.DT_MAU", "value")] == 80 and got[("NN.DT_CAY_AN_TRAI", "value")] == 120.5


def test_write_feedback_takes_the_fast_path(ws, tmp_path):
    src = _form(ws, tmp_path / "p1.xlsx", MISTAKES["several"])
    rep = validate_file(src, ws)
    out = write_feedback(rep, src, tmp_path / "gop-y")
    assert out == feedback_path(src, tmp_path / "gop-y")
    with zipfile.ZipFile(out) as z:  # openpyxl would have renamed the parts: these are ours
        assert "xl/comments1.xml" in z.namelist() and "xl/drawings/vmlDrawing1.vml" in z.namelist()
    assert list((tmp_path / "gop-y").iterdir()) == [out]


def test_fall_back_when_the_sheet_already_has_comments(ws, tmp_path):
    made = _form(ws, tmp_path / "made.xlsx", MISTAKES["missing"])
    wb = openpyxl.load_workbook(made)
    wb["Biểu số liệu"]["C14"].comment = Comment("ghi chú của xã", "Xã")
    src = tmp_path / "p1.xlsx"
    wb.save(src)
    rep = validate_file(src, ws)
    assert rep.findings
    assert write_fast(rep, src, tmp_path / "fast.xlsx") is None
    assert not list(tmp_path.glob("fast.xlsx*"))  # nothing half-written
    out = write_feedback(rep, src, tmp_path / "gop-y")
    got = _snapshot(out)
    assert got["sheets"][0] == FEEDBACK_SHEET
    assert got["Biểu số liệu"]["C14"][2] == "ghi chú của xã"
    f = rep.findings[0]
    assert got[f.sheet][f.cell][1] == "FFC7CE"


def test_nothing_written_for_what_is_not_a_workbook(ws, tmp_path):
    made = _form(ws, tmp_path / "made.xlsx", MISTAKES["missing"])
    rep = validate_file(made, ws)
    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)  # a reader that opened it would wait for ever
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(made.read_bytes()[:5000])
    for src in (pipe, cut, tmp_path / "missing.xlsx"):
        assert write_fast(rep, src, tmp_path / "out.xlsx") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.xlsx", "made.xlsx", "pipe.xlsx"]
    with pytest.raises(ValueError):
        write_fast(rep, made, made)


def test_form_resaved_by_libreoffice(ws, tmp_path, soffice):
    made = _form(ws, tmp_path / "made" / "p1.xlsx", MISTAKES["several"])
    src = convert(made, "xlsx", tmp_path / "lo")
    rep = validate_file(src, ws)
    assert {f.code for f in rep.findings if f.is_error} == {"value-ambiguous", "value-above-max", "value-missing"}
    out = write_feedback(rep, src, tmp_path / "gop-y")
    slow = write_with_openpyxl(rep, src, tmp_path / "slow.xlsx")
    assert _snapshot(out) == _snapshot(slow)
    assert write_fast(rep, src, tmp_path / "fast.xlsx") is not None  # LibreOffice's shape is handled too


def test_libreoffice_opens_the_fast_copy_and_keeps_the_comments(ws, tmp_path, soffice):
    src = _form(ws, tmp_path / "p1.xlsx", MISTAKES["several"])
    rep = validate_file(src, ws)
    fast = write_fast(rep, src, tmp_path / "fast.xlsx")
    assert fast is not None
    back = convert(fast, "xlsx", tmp_path / "lo")
    wb = openpyxl.load_workbook(back)
    assert wb.sheetnames == [FEEDBACK_SHEET, "Biểu số liệu", "Thuyết minh", "Hướng dẫn", "_baocao"]
    assert wb.active.title == FEEDBACK_SHEET
    form = wb["Biểu số liệu"]
    for f in rep.findings:
        assert f.message("vi") in form[f.cell].comment.text
        assert form[f.cell].fill.start_color.rgb.endswith("FFC7CE")
    links = [r[COL["cell"] - 1].hyperlink.location for r in wb[FEEDBACK_SHEET].iter_rows(min_row=5)]
    assert links == [f"'Biểu số liệu'!{f.cell}" for f in sorted(rep.findings, key=lambda f: not f.is_error)]
    assert convert(fast, "pdf", tmp_path / "pdf").stat().st_size > 1000


def test_timing(ws, tmp_path, capsys):
    """Not asserted: what one copy costs, fast and openpyxl, printed with ``-s``."""
    src = _form(ws, tmp_path / "p1.xlsx", MISTAKES["several"])
    rep = validate_file(src, ws)
    write_with_openpyxl(rep, src, tmp_path / "warm.xlsx")
    n = 20
    t0 = time.perf_counter()
    for i in range(n):
        assert write_fast(rep, src, tmp_path / f"f{i}.xlsx") is not None
    fast = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    for i in range(n):
        write_with_openpyxl(rep, src, tmp_path / f"s{i}.xlsx")
    slow = (time.perf_counter() - t0) / n
    with capsys.disabled():
        print(f"\nannotated copy: fast {fast * 1000:.1f} ms, openpyxl {slow * 1000:.1f} ms")


def test_the_writer_is_chosen_explicitly(ws, tmp_path):
    """write_feedback tries the writers writers_for names; forcing one gives the same copy."""
    src = _form(ws, tmp_path / "p1.xlsx", MISTAKES["several"])
    rep = validate_file(src, ws)
    assert writers_for(rep) == ("package", "openpyxl")
    package = write_feedback(rep, src, tmp_path / "a", writer="package")
    reference = write_feedback(rep, src, tmp_path / "b", writer="openpyxl")
    assert _snapshot(package) == _snapshot(reference)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a workbook")
    refused = validate_file(junk, ws)
    assert writers_for(refused) == ("list-only",)  # the gate refused it: never opened
    assert _snapshot(write_feedback(refused, junk, tmp_path / "c"))["sheets"] == [FEEDBACK_SHEET]
