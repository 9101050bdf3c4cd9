"""The feedback copy: the sender's workbook, annotated; the original untouched; opens in LibreOffice."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest

from toolkit.forms import plan_form, write_form
from toolkit.libreoffice import convert
from toolkit.periods import Period
from toolkit.validate import validate_file, write_feedback
from toolkit.validate.feedback import FEEDBACK_SHEET
from toolkit.validate.feedback_list import COL, HEAD
from toolkit.workspace import Workspace

MINI = Path(__file__).resolve().parent / "data" / "mini"
Q1 = Period.parse("2024-Q1")


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return Workspace.open(MINI)


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _broken_form(ws: Workspace, path: Path) -> Path:
    fill = {
        ("NN.DT_CAY_AN_TRAI", "value"): "1.234",
        ("NN.DT_MAU", "value"): 1178,
        ("NN.GIA_SUC", "value"): 60000,
        ("AN.CCCD_LK", "value"): 20000,
        ("AN.DAN_SO_14", "value"): None,
        ("NN.GIA_SUC", "note"): '=HYPERLINK("http://x.invalid","bấm")',
    }
    write_form(ws, "P1", Q1, path, fill=fill)
    return path


def test_feedback_copy(ws, tmp_path):
    src = _broken_form(ws, tmp_path / "P1 quy 1.xlsx")
    before = _sha(src)
    rep = validate_file(src, ws)
    errors = [f for f in rep.findings if f.is_error]
    assert {f.code for f in errors} == {"value-ambiguous", "value-above-max", "value-missing"}
    out = write_feedback(rep, src, tmp_path / "gop-y")
    assert _sha(src) == before  # the original is never modified
    assert out.parent == tmp_path / "gop-y" and out != src

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == FEEDBACK_SHEET and wb.active.title == FEEDBACK_SHEET
    assert wb["_baocao"].sheet_state == "veryHidden"  # still the form: it can be corrected and sent again
    lst = wb[FEEDBACK_SHEET]
    rows = [[c.value for c in r] for r in lst.iter_rows(min_row=5)]
    assert len(rows) == len(rep.findings)
    assert rows[0][COL["severity"] - 1] == "Lỗi"  # errors first, in words
    assert [c.value for c in lst[4]] == HEAD["vi"]  # the code in a column of its own, last
    plan = plan_form(ws, ws.units["P1"], Q1)
    cell = plan.cell("NN.GIA_SUC", "value").address
    row = next(r for r in lst.iter_rows(min_row=5) if r[COL["code"] - 1].value == "value-above-max")
    assert row[COL["cell"] - 1].value == cell
    assert row[COL["cell"] - 1].hyperlink.location == f"'Biểu số liệu'!{cell}"
    assert "50.000" in row[COL["message"] - 1].value  # the bound, Vietnamese style
    # the list in the form's font, with borders
    for c in row:
        assert c.font.name == "Times New Roman" and c.border.left.style == "thin", c.coordinate
    form = wb["Biểu số liệu"]
    assert form[cell].fill.start_color.rgb.endswith("FFC7CE")
    assert form[cell].number_format == "General"  # the value as typed, not rounded by the format
    assert "vượt mức tối đa" in form[cell].comment.text
    # text from the submission stays text
    note = form[plan.cell("NN.GIA_SUC", "note").address]
    assert note.value.startswith("=HYPERLINK") and note.data_type == "s"
    for r in lst.iter_rows(min_row=5):
        for c in r:
            assert c.data_type != "f", (c.coordinate, c.value)

    # a feedback copy sent back after fixing is still this unit's form: no new error
    again = validate_file(out, ws)
    assert {f.code for f in again.findings if f.is_error} == {f.code for f in errors}
    assert not any(f.code == "sheet-added" for f in again.findings)


def test_feedback_of_an_unreadable_file(ws, tmp_path):
    src = tmp_path / "bao-cao.xlsx"
    src.write_bytes(b"PK\x03\x04 not really a zip")
    rep = validate_file(src, ws)
    out = write_feedback(rep, src, tmp_path / "out", lang="en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["To fix"]
    assert wb["To fix"].cell(5, COL["code"]).value == rep.findings[0].code


def test_feedback_copy_opens_in_libreoffice(ws, tmp_path, soffice):
    src = _broken_form(ws, tmp_path / "p1.xlsx")
    out = write_feedback(validate_file(src, ws), src, tmp_path / "fb")
    pdf = convert(out, "pdf", tmp_path / "pdf")
    assert pdf.stat().st_size > 1000
    back = convert(out, "xlsx", tmp_path / "lo")
    wb = openpyxl.load_workbook(back)
    assert wb.sheetnames[0] == FEEDBACK_SHEET
