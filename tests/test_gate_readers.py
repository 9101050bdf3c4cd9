"""The gate's readers are chosen explicitly (toolkit.gate.readers): the order given to
read_workbook is the order in which they are asked, the first that reads a part reads it,
and the reference alone reads every file to the same result as the default order."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from gate_corpus import base_parts, sheet, snapshot, write_zip

from toolkit.gate import read_workbook
from toolkit.gate.readers import PLAIN, READERS, REFERENCE, STREAMING

MINI = Path(__file__).resolve().parent / "data" / "mini"


class Counting:
    """A reader that declines every part and counts what it was asked."""

    name = "counting"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def sheet(self, name, state, part, ctx):
        self.asked.append(part.name)
        return None

    def styles(self, part):
        self.asked.append(part.name)
        return None

    def shared_strings(self, part, budget):
        self.asked.append(part.name)
        return None


class Refusing(Counting):
    """A reader that must never be asked: the readers before it read every part."""

    def sheet(self, name, state, part, ctx):
        raise AssertionError(f"{part.name} fell off the fast path")

    styles = shared_strings = sheet  # type: ignore[assignment]


def _book(res):
    return [
        (s.name, sorted((k, repr(c.value), c.formula, c.kind, c.style) for k, c in s.cells.items()))
        for s in res.book.sheets
    ]


def test_the_default_order_is_the_fast_path_then_the_reference() -> None:
    assert READERS == (PLAIN, STREAMING) and REFERENCE == (STREAMING,)


def test_every_part_is_offered_in_the_given_order(tmp_path: Path) -> None:
    parts = base_parts()
    parts["xl/worksheets/sheet1.xml"] = sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>5</v></c></row>')
    p = write_zip(tmp_path / "plain.xlsx", parts)
    first = Counting()
    res = read_workbook(p, readers=(first, STREAMING))
    assert res.ok, res.codes
    assert sorted(first.asked) == ["xl/sharedStrings.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"]
    assert _book(res) == _book(read_workbook(p)) == _book(read_workbook(p, readers=REFERENCE))


def test_an_order_where_every_reader_declines_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    p = write_zip(tmp_path / "plain.xlsx", base_parts())
    res = read_workbook(p, readers=(Counting(),))
    assert res.book is None and res.codes == ["unreadable-file"]


@pytest.fixture(scope="module")
def gnumeric_forms(tmp_path_factory) -> list[Path]:
    """Real forms of the mini workspace, empty and filled (text typed into numbers, a formula
    typed over), opened and saved by Gnumeric's ssconvert: indented XML, inline strings."""
    from clerk_edits import ssconvert

    from toolkit.forms import plan_form, write_form
    from toolkit.periods import Period
    from toolkit.workspace import Workspace

    if shutil.which("ssconvert") is None:
        pytest.skip("Gnumeric's ssconvert is not installed")
    ws = Workspace.open(MINI)
    d = tmp_path_factory.mktemp("gnumeric")
    q2 = Period.parse("2024-Q2")
    out = []
    for unit in ("P1", "PKT"):
        inputs = list(plan_form(ws, ws.units[unit], q2).inputs())
        fill = {
            key: ["1.234,5", "12,5 ha", "abc & <def>", 7, 1e20, -3, 0.25, "=1+1", "  "][n % 9]
            for n, key in enumerate(inputs)
        }
        for name, f in (("empty", {}), ("filled", fill)):
            p = d / f"{unit}-{name}.xlsx"
            write_form(ws, unit, q2, p, fill=f)
            out.append(ssconvert(p, d / f"{unit}-{name}-gnumeric.xlsx"))
    return out


def test_gnumeric_resaves_take_the_fast_path_and_read_the_same(gnumeric_forms: list[Path]) -> None:
    for p in gnumeric_forms:
        assert b"<is>" in _part(p, "xl/worksheets/sheet1.xml") and b">\n " in _part(p, "xl/worksheets/sheet1.xml")
        for area in ({}, {"max_row": 40, "max_col": 5}):
            reference = snapshot(read_workbook(p, readers=REFERENCE, **area))
            assert snapshot(read_workbook(p, **area)) == reference, p.name
            assert snapshot(read_workbook(p, readers=(PLAIN, Refusing()), **area)) == reference, p.name


def _part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)
