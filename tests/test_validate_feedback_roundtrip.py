"""The ward's loop: it gets the annotated copy, corrects it in place, sends it back."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from toolkit.forms import write_form
from toolkit.periods import Period
from toolkit.validate import validate_file, write_feedback
from toolkit.workspace import Workspace

MINI = Path(__file__).parent / "data" / "mini"


def test_a_corrected_feedback_copy_is_a_valid_return(tmp_path):
    ws = Workspace.open(MINI)
    period = Period.parse("2024-Q1")
    fill = {
        ("NN.DT_CAY_AN_TRAI", "value"): 120.5,
        ("NN.GIA_SUC", "value"): 3000,
        ("AN.CCCD_LK", "value"): 9000,
        ("AN.DAN_SO_14", "value"): 9500,
    }  # NN.DT_MAU left empty
    src = write_form(ws, "P1", period, tmp_path / "p1.xlsx", fill=fill).path
    first = validate_file(src, ws)
    missing = [f for f in first.findings if f.is_error]
    assert [(f.code, f.indicator) for f in missing] == [("value-missing", "NN.DT_MAU")]

    copy = write_feedback(first, src, tmp_path / "gop-y")
    wb = openpyxl.load_workbook(copy)
    assert wb.sheetnames[0] == "Lỗi cần sửa"
    sheet, cell = missing[0].sheet, missing[0].cell
    wb[sheet][cell] = 80  # what the clerk types into the highlighted cell
    returned = tmp_path / "p1-da-sua.xlsx"
    wb.save(returned)

    second = validate_file(returned, ws)
    assert (second.unit, second.period) == ("P1", "2024-Q1")
    assert second.errors == 0, [f.code for f in second.findings]
    got = {(v.indicator, v.column): v.value for v in second.values}
    assert got[("NN.DT_MAU", "value")] == 80
    assert got[("NN.DT_CAY_AN_TRAI", "value")] == 120.5
