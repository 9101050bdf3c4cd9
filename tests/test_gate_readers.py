"""The gate's readers are chosen explicitly (toolkit.gate.readers): the order given to
read_workbook is the order in which they are asked, the first that reads a part reads it,
and the reference alone reads every file to the same result as the default order."""

from __future__ import annotations

from pathlib import Path

from gate_corpus import base_parts, sheet, write_zip

from toolkit.gate import read_workbook
from toolkit.gate.readers import PLAIN, READERS, REFERENCE, STREAMING


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
