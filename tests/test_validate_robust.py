"""Never a traceback: damaged identities and random scribbles give findings, not crashes."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest
from conftest import mini_fill

from toolkit.forms import write_form
from toolkit.identity import IDENTITY_SHEET
from toolkit.periods import Period
from toolkit.validate import validate_file, write_feedback
from toolkit.workspace import Workspace

MINI = Path(__file__).resolve().parent / "data" / "mini"
Q1 = Period.parse("2024-Q1")
GOOD = mini_fill(mau=1178)


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return Workspace.open(MINI)


@pytest.fixture(scope="module")
def good(ws, tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("good") / "p1.xlsx"
    write_form(ws, "P1", Q1, p, fill=GOOD)
    return p


def _to_old_format(sheet):
    """The compact map (map/2) rewritten as forms before it held it: a header row, then a row per cell."""
    rows = list(sheet.iter_rows())
    start = next(i for i, r in enumerate(rows) if r[0].value == "map/2")
    lines = [line for r in rows[start + 1 :] if r[0].value for line in str(r[0].value).split("\n")]
    first = rows[start][0].row
    sheet.delete_rows(first, sheet.max_row - first + 1)
    sheet.append(["indicator", "column", "sheet", "cell", "role"])
    for line in lines:
        sheet.append(line.split("|"))


def _damage(sheet, entry, field, value):
    """Give one field of one map entry (in either format) a value."""
    rows = list(sheet.iter_rows())
    compact = next((i for i, r in enumerate(rows) if r[0].value == "map/2"), None)
    if compact is None:
        start = next(i for i, r in enumerate(rows) if r[0].value == "indicator")
        rows[start + 1 + entry][field].value = value
        return
    cell = rows[compact + 1][0]
    lines = cell.value.split("\n")
    parts = lines[entry].split("|")
    parts[field] = value
    lines[entry] = "|".join(parts)
    cell.value = "\n".join(lines)


def test_compact_map(good):
    """The map is a few text cells (the gate parses every cell), ≤ 8.000 characters each."""
    sheet = openpyxl.load_workbook(good)[IDENTITY_SHEET]
    rows = [[v for v in r if v is not None] for r in sheet.iter_rows(values_only=True)]
    start = rows.index(["map/2", "indicator|column|sheet|cell|role"])
    chunks = rows[start + 1 :]
    assert chunks and all(len(r) == 1 and len(r[0]) <= 8000 for r in chunks)
    assert sum(len(r[0].split("\n")) for r in chunks) > 3 * len(chunks)


@pytest.mark.parametrize("old", [False, True], ids=["map2", "old-format"])
@pytest.mark.parametrize(
    "field, value, code",
    [
        (3, "NOT-A-CELL", "identity-damaged"),  # cell
        (3, "A0", "identity-damaged"),
        (4, "weird", "identity-damaged"),  # role
        (1, "colour", "identity-damaged"),  # column
        (4, "", "identity-damaged"),  # an incomplete entry
        (2, "Không có trang này", None),  # a sheet that does not exist: the cell is just not there
        (0, "XX.KHONG_CO", None),  # an indicator the catalog does not know
    ],
)
def test_damaged_map_rows(ws, good, tmp_path, field, value, code, old):
    wb = openpyxl.load_workbook(good)
    if old:
        _to_old_format(wb[IDENTITY_SHEET])
    _damage(wb[IDENTITY_SHEET], 5, field, value)
    p = tmp_path / "f.xlsx"
    wb.save(p)
    rep = validate_file(p, ws)
    codes = [f.code for f in rep.findings]
    assert "validation-internal-error" not in codes, rep.findings
    if code:
        assert code in codes
    else:
        assert "identity-damaged" not in codes
    assert rep.unit == "P1"


def test_old_format_form_still_validates(ws, good, tmp_path):
    """A form sent out before the compact map (a row per mapped cell) reads as the same form."""
    wb = openpyxl.load_workbook(good)
    _to_old_format(wb[IDENTITY_SHEET])
    p = tmp_path / "old.xlsx"
    wb.save(p)
    new, old = validate_file(good, ws), validate_file(p, ws)
    assert (old.unit, old.period) == (new.unit, new.period) == ("P1", "2024-Q1")
    assert sorted(f.code for f in old.findings) == sorted(f.code for f in new.findings)
    assert "identity-damaged" not in [f.code for f in old.findings]


def test_unknown_identity_format(ws, good, tmp_path):
    wb = openpyxl.load_workbook(good)
    for r in wb[IDENTITY_SHEET].iter_rows():
        if r[0].value == "format":
            r[1].value = "baocao-form/99"
    p = tmp_path / "f.xlsx"
    wb.save(p)
    rep = validate_file(p, ws)
    assert "identity-damaged" in [f.code for f in rep.findings]
    assert rep.unit == "P1"  # the defined names still say which form it is


_JUNK = [
    None,
    "",
    " ",
    "=1/0",
    "=SUM(A1:A3)",
    "#N/A",
    True,
    0,
    -1,
    1e300,
    3.14159,
    "1.2.3",
    "١٢٣",
    "x" * 5000,
    "NN.GIA_SUC",
    "AN.CCCD_TL",
    "50%",
    "1.234,5 ha",
    "\u00a01\u00a0234",
    "–5",
    "2,5,6",
]


@pytest.mark.parametrize("seed", range(12))
def test_random_scribbles(ws, good, tmp_path, seed):
    rnd = random.Random(seed)
    wb = openpyxl.load_workbook(good)
    targets = [wb["Biểu số liệu"]] * 4 + [wb[IDENTITY_SHEET]]
    for _ in range(rnd.randint(1, 25)):
        s = rnd.choice(targets)
        c = s.cell(rnd.randint(1, 40), rnd.randint(1, 12))
        if not isinstance(c, openpyxl.cell.cell.MergedCell):
            c.value = rnd.choice(_JUNK)
    if rnd.random() < 0.3:
        wb["Biểu số liệu"].insert_rows(rnd.randint(5, 25), rnd.randint(1, 3))
    if rnd.random() < 0.3:
        wb["Biểu số liệu"].delete_rows(rnd.randint(5, 25), rnd.randint(1, 3))
    p = tmp_path / f"s{seed}.xlsx"
    wb.save(p)
    rep = validate_file(p, ws)
    assert "validation-internal-error" not in [f.code for f in rep.findings], [f.to_dict() for f in rep.findings]
    for f in rep.findings:
        assert f.message_vi and f.message_en
    write_feedback(rep, p, tmp_path / "fb")  # the annotated copy can always be made
