"""Learned layouts (toolkit.gate.layout): a sheet (or workbook.xml) recognised by its skeleton
reads exactly what the full read gives, and anything but character data that the full read
types the common way falls back to it.

Every case is read three ways: the reference alone (the streaming readers), the fast path
switched off, and the default (which learns and recognises layouts); the snapshots (every
cell, its type, the cells' order, every finding) must be equal, and the test says whether
the layout was used, so a fall-back that should happen cannot pass as a hit nor the reverse.
"""

from __future__ import annotations

import shutil
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from gate_corpus import _cd_records, base_parts, patch_entry, sheet, snapshot, write_zip

from toolkit import caches
from toolkit.gate import Limits, fast, layout, read_workbook
from toolkit.gate.limits import MB
from toolkit.gate.readers import REFERENCE

MINI = Path(__file__).resolve().parent / "data" / "mini"


@pytest.fixture
def hits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sheets read by a learned layout, by name, as they are read."""
    got: list[str] = []
    real = layout._apply

    def spy(known, name, state, contents, ctx):
        out = real(known, name, state, contents, ctx)
        if out is not None:
            got.append(name)
        return out

    monkeypatch.setattr(layout, "_apply", spy)
    return got


def full(res) -> tuple:
    """snapshot() and the order of every sheet's cells."""
    order = [list(s.cells) for s in res.book.sheets] if res.book is not None else None
    return snapshot(res), order


def three_ways(path: Path, limits: Limits | None = None, **area) -> tuple:
    reference = full(read_workbook(path, limits, readers=REFERENCE, **area))
    try:
        fast.ENABLED = False
        off = full(read_workbook(path, limits, **area))
    finally:
        fast.ENABLED = True
    quick = full(read_workbook(path, limits, **area))
    assert off == reference
    assert quick == reference
    return quick


# --- hand-made sheets ------------------------------------------------------------------------------
ROWS = (
    '<row r="1"><c r="A1" t="s"><v>{a1}</v></c><c r="B1"><v>{b1}</v></c>'
    '<c r="C1" t="str"><f>A1&amp;"!"</f><v>{c1}</v></c></row>'
    '<row r="2"><c r="A2" s="1"/><c r="B2"><f>B1*2</f><v>{b2}</v></c><c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    '<c r="D2" t="b"><f>TRUE()</f><v>{d2}</v></c><c r="E2"><f>B1+1</f></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t xml:space="preserve">{a3}</t></is></c><c r="B3" t="s"><f>A1</f><v>1</v></c>'
    '<c r="C3" t="inlineStr"><is><t/></is></c></row>'
    '<row r="9"><c r="H9"><v>{h9}</v></c></row>'
)
FOOTER = "<headerFooter><oddFooter>&amp;L{footer} · 2024-Q1</oddFooter></headerFooter>"
VALUES = {"a1": "0", "b1": "5", "c1": "Tên!", "b2": "10", "d2": "1", "a3": "Xã X00001", "h9": "7", "footer": "X00001"}


def form(d: Path, name: str, edit: Callable[[str], str] = lambda s: s, **values: str) -> Path:
    text = ROWS.format(**{**VALUES, **values})
    xml = sheet(text, "A1:H9").replace("</sheetData>", "</sheetData>" + FOOTER.format(**{**VALUES, **values}))
    parts = base_parts()
    parts["xl/worksheets/sheet1.xml"] = edit(xml).encode("utf-8")
    return write_zip(d / f"{name}.xlsx", parts)


def test_a_sheet_of_a_learned_layout_reads_as_the_full_read(tmp_path: Path, hits: list[str]) -> None:
    caches.clear()
    first = three_ways(form(tmp_path, "first"))
    assert hits == []  # learned, not yet recognised
    other = {
        "a1": "1",
        "b1": "12.5",
        "c1": "Ghi chú!",
        "b2": "25",
        "d2": "0",
        "a3": "Phường P02",
        "h9": "",
        "footer": "P02",
    }
    second = three_ways(form(tmp_path, "second", **other))
    assert hits == ["Biểu 1"]
    assert second != first
    cells = read_workbook(form(tmp_path, "third", **other)).book.sheets[0].cells
    assert hits == ["Biểu 1"] * 2
    got = {k: (c.value, c.kind) for k, c in cells.items()}
    assert got["B1"] == (12.5, "n") and got["H9"] == (None, None) and got["A3"] == ("Phường P02", "inlineStr")
    assert got["A1"] == ("Ghi chú", "s") and got["C1"] == ("Ghi chú!", "str") and got["D2"] == (False, "b")


def test_the_area_is_part_of_the_layout(tmp_path: Path, hits: list[str]) -> None:
    caches.clear()
    tight = Limits(margin_rows=0, margin_cols=0)
    three_ways(form(tmp_path, "a"), tight, max_row=3, max_col=5)  # H9 holds a figure beyond the area
    snap = three_ways(form(tmp_path, "b", b1="6", h9="8"), tight, max_row=3, max_col=5)
    assert hits == ["Biểu 1"]
    assert [f[0] for f in snap[0][1]].count("sheet-too-large") == 1
    three_ways(form(tmp_path, "c", b1="7"))  # no area: another layout, learned first
    assert hits == ["Biểu 1"]
    three_ways(form(tmp_path, "d", b1="8", h9=""), tight, max_row=3, max_col=5)
    assert hits == ["Biểu 1"] * 2


NEAR = {  # what changes from the learned form -> whether the layout still reads it
    "a reference in a text": ({"c1": "a &amp; b &#10;&#x1F600;"}, True),
    "an empty figure": ({"b1": ""}, True),
    "a figure with an exponent": ({"b1": "1.5E3", "b2": "-0.25"}, True),
    "a long integer": ({"b1": "12345678901234567890"}, True),
    "another footer": ({"footer": "Phường &quot;P02&quot;"}, True),
    "an entity no DTD declares": ({"c1": "&foo;"}, False),
    "a reference to character 0": ({"b1": "&#0;"}, False),
    "a reference to a surrogate": ({"c1": "&#xD800;"}, False),
    "a bare ampersand": ({"c1": "a & b"}, False),
    "a control character": ({"c1": "a\x01b"}, False),
    "U+FFFF": ({"a3": "a\uffffb"}, False),
    "a carriage return": ({"c1": "a\rb"}, False),
    "the end of a CDATA section": ({"c1": "]]>"}, False),
    "words for a number": ({"b1": "abc"}, False),
    "a shared string index out of range": ({"a1": "99"}, False),
    "a shared string index with a sign": ({"a1": "+1"}, False),
    "an escape in a formula's text": ({"c1": "_x0001_"}, False),
    "an escape in an inline string": ({"a3": "_x0007_x"}, False),
    "an entity in the footer": ({"footer": "&bogus;"}, False),
}


@pytest.mark.parametrize("case", sorted(NEAR))
def test_near_misses_read_as_the_full_read(case: str, tmp_path: Path, hits: list[str]) -> None:
    values, recognised = NEAR[case]
    caches.clear()
    three_ways(form(tmp_path, "learned"))
    three_ways(form(tmp_path, "other", **values))
    assert hits == (["Biểu 1"] if recognised else [])


EDITS = {  # the skeleton changes: never recognised, always read in full
    "an extra cell": lambda s: s.replace('</row><row r="2">', '<c r="F1"><v>1</v></c></row><row r="2">'),
    "a style changed": lambda s: s.replace('<c r="A2" s="1"/>', '<c r="A2" s="2"/>'),
    "a formula typed over": lambda s: s.replace("<f>B1*2</f>", ""),
    "a type changed": lambda s: s.replace('<c r="B1">', '<c r="B1" t="s">'),
    "an element left open": lambda s: s.replace("</oddFooter>", ""),
    "a comment in the cells": lambda s: s.replace('<row r="9">', '<!-- x --><row r="9">'),
    "the cells cut short": lambda s: s.replace("</row></sheetData>", "</sheetData>"),
    "a value in a CDATA section": lambda s: s.replace("<v>5</v>", "<v><![CDATA[5]]></v>"),
    "a second sheetData": lambda s: s.replace(
        "<headerFooter>", '<sheetData><row r="20"><c r="A20"><v>1</v></c></row></sheetData><headerFooter>'
    ),
}


@pytest.mark.parametrize("case", sorted(EDITS))
def test_a_changed_skeleton_is_read_in_full(case: str, tmp_path: Path, hits: list[str]) -> None:
    caches.clear()
    three_ways(form(tmp_path, "learned"))
    three_ways(form(tmp_path, "edited", EDITS[case]))
    assert hits == []


def test_invalid_utf8_in_a_figure_is_read_in_full(tmp_path: Path, hits: list[str]) -> None:
    caches.clear()
    three_ways(form(tmp_path, "learned"))
    parts = base_parts()
    text = ROWS.format(**{**VALUES, "c1": "@@"})
    raw = sheet(text, "A1:H9").replace("</sheetData>", "</sheetData>" + FOOTER.format(**VALUES)).encode("utf-8")
    parts["xl/worksheets/sheet1.xml"] = raw.replace(b"@@", b"\xc3\x28")
    snap = three_ways(write_zip(tmp_path / "bad.xlsx", parts))
    assert hits == [] and "xml-malformed" in [f[0] for f in snap[0][1]]


@pytest.mark.parametrize(
    "limits,code", [(Limits(max_text_mb=40 / MB), "too-much-text"), (Limits(max_cells=11), "too-many-cells")]
)
def test_budgets_run_out_as_on_the_full_read(limits: Limits, code: str, tmp_path: Path, hits: list[str]) -> None:
    caches.clear()
    three_ways(form(tmp_path, "learned"))  # the default limits
    snap = three_ways(form(tmp_path, "long", c1="x" * 30, a3="y" * 30), limits)
    assert hits == [] and code in [f[0] for f in snap[0][1]]
    if code == "too-much-text":
        three_ways(form(tmp_path, "short", c1="x", a3="y"), limits)
        assert hits == ["Biểu 1"]


# --- workbook.xml ------------------------------------------------------------------------------------
def book(d: Path, name: str, unit: str) -> Path:
    parts = base_parts()
    names = (
        f'<definedNames><definedName name="baocao_unit">"{unit}"</definedName>'
        f'<definedName name="_xlnm.Print_Area" localSheetId="0">\'Biểu 1\'!$A$1:$B$2</definedName></definedNames>'
    )
    parts["xl/workbook.xml"] = str(parts["xl/workbook.xml"]).replace("</sheets>", "</sheets>" + names)
    return write_zip(d / f"{name}.xlsx", parts)


@pytest.mark.parametrize(
    "unit,recognised",
    [("P02", True), ("a &amp; b", True), ("&#x41;&quot;", True), ("&foo;", False), ("a\x02", False), ("&#1;", False)],
)
def test_workbook_names_of_a_learned_layout(unit: str, recognised: bool, tmp_path: Path, monkeypatch) -> None:
    caches.clear()
    three_ways(book(tmp_path, "first", "X00001"))
    parsed: list[str] = []
    real = layout.workbook

    def spy(data):
        out = real(data)
        parsed.append("layout" if out is not None else "parsed")
        return out

    monkeypatch.setattr(layout, "workbook", spy)
    snap = three_ways(book(tmp_path, "second", unit))
    assert parsed == (["layout"] if recognised else ["parsed"])
    if recognised:
        assert snap[0][0][0] != {}  # the defined names were read


# --- real forms, as each writer saves them ------------------------------------------------------------
def _forms(d: Path) -> list[Path]:
    """One unit's form, filled with different figures (the same skeleton), then with words
    typed into a figure and a formula typed over (others)."""
    from toolkit.forms import plan_form, write_form
    from toolkit.periods import Period
    from toolkit.workspace import Workspace

    ws = Workspace.open(MINI)
    q2 = Period.parse("2024-Q2")
    inputs = list(plan_form(ws, ws.units["P1"], q2).inputs())
    fills = {
        "a": {key: 3 * n + 1 for n, key in enumerate(inputs)},
        "b": {key: 7 * n + 2.5 for n, key in enumerate(inputs)},
        "c": {key: 11 * n for n, key in enumerate(inputs)},
        "words": {key: ("abc & <def>" if n == 1 else n) for n, key in enumerate(inputs)},
        "typed-over": {key: ("=1+1" if n == 2 else n) for n, key in enumerate(inputs)},
    }
    out = []
    for name, fill in fills.items():
        p = d / f"P1-{name}.xlsx"
        write_form(ws, "P1", q2, p, fill=fill)
        out.append(p)
    return out


def _read_all(files: list[Path], hits: list[str]) -> int:
    caches.clear()
    seen = 0
    for p in files:
        for area in ({}, {"max_row": 60, "max_col": 11}):
            before = len(hits)
            three_ways(p, **area)
            seen += len(hits) - before
    return seen


def _form_sheet(path: Path) -> str:
    return read_workbook(path).book.sheets[0].name


def test_xlsxwriter_forms(tmp_path: Path, hits: list[str]) -> None:
    files = _forms(tmp_path)
    assert _read_all(files, hits) > 0
    assert hits.count(_form_sheet(files[0])) >= 4


def test_libreoffice_forms(tmp_path: Path, soffice, hits: list[str]) -> None:
    from toolkit.libreoffice import convert_many

    files = convert_many(_forms(tmp_path), "xlsx", tmp_path / "lo")
    assert _read_all(files, hits) > 0
    assert hits.count(_form_sheet(files[0])) >= 4  # the form sheet itself recognised, not only the small ones


def test_gnumeric_forms(tmp_path: Path, hits: list[str]) -> None:
    from clerk_edits import ssconvert

    if shutil.which("ssconvert") is None:
        pytest.skip("Gnumeric's ssconvert is not installed")
    files = [ssconvert(p, tmp_path / f"{p.stem}-gnumeric.xlsx") for p in _forms(tmp_path)]
    assert _read_all(files, hits) > 0
    assert hits.count(_form_sheet(files[0])) >= 4


# --- small parts inflated once (toolkit.gate.package) ------------------------------------------------
def _crc(path: Path, name: str) -> Path:
    data = bytearray(path.read_bytes())
    for cd, n, loc in _cd_records(bytes(data)):
        if n == name:
            struct.pack_into("<I", data, cd + 16, struct.unpack_from("<I", data, cd + 16)[0] ^ 1)
            struct.pack_into("<I", data, loc + 14, struct.unpack_from("<I", data, loc + 14)[0] ^ 1)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: _crc(p, "xl/styles.xml"),
        lambda p: _crc(p, "_rels/.rels"),
        lambda p: patch_entry(p, "xl/_rels/workbook.xml.rels", usize=100),
        lambda p: patch_entry(p, "[Content_Types].xml", usize=100_000),
    ],
)
def test_a_part_inflated_before_does_not_vouch_for_other_declarations(damage, tmp_path: Path) -> None:
    caches.clear()
    good = read_workbook(write_zip(tmp_path / "good.xlsx", base_parts()))
    assert good.ok  # its small parts are remembered inflated
    bad = damage(write_zip(tmp_path / "bad.xlsx", base_parts()))  # the same stored bytes, other declarations
    remembered = snapshot(read_workbook(bad))
    caches.clear()
    assert remembered == snapshot(read_workbook(bad))
    assert "corrupt-zip" in [f[0] for f in remembered[1]] or "zip-entry-overflow" in [f[0] for f in remembered[1]]


@pytest.mark.parametrize(
    "change",
    [
        ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"', 'xmlns="urn:other"'),
        ("<si><t>Tên</t></si>", '<si xmlns="urn:other"><t>Tên</t></si>'),
        ("<si><t>Tên</t></si>", "<si><t>Tên</t></si><!-- a comment -->"),
    ],
)
def test_shared_strings_in_another_namespace_read_as_the_reference(change: tuple[str, str], tmp_path: Path) -> None:
    parts = base_parts()
    parts["xl/sharedStrings.xml"] = str(parts["xl/sharedStrings.xml"]).replace(*change)
    assert parts["xl/sharedStrings.xml"] != base_parts()["xl/sharedStrings.xml"]
    three_ways(write_zip(tmp_path / "sst.xlsx", parts))
