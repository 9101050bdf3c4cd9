"""The gate's fast path (toolkit.gate.fast) reads exactly what the streaming parser reads.

Every case is read twice, fast path off and on, and the whole RawBook (every cell's value,
formula, kind and style, sheet states, protection, dimensions, names) and every finding
must be equal: on real forms (xlsxwriter, filled, with text typed into numbers, a formula
typed over, LibreOffice re-saves when available), on every hostile file of the gate's
corpus, and on hand-made shapes the fast path must hand back to the streaming parser.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from gate_corpus import BAD, base_parts, shared_strings, sheet, snapshot, write_zip

from toolkit.gate import fast, layout, read_workbook

MINI = Path(__file__).resolve().parent / "data" / "mini"


def both(path: Path, limits=None, **area) -> tuple[tuple, tuple]:
    try:
        fast.ENABLED = False
        slow = snapshot(read_workbook(path, limits, **area))
    finally:
        fast.ENABLED = True
    return slow, snapshot(read_workbook(path, limits, **area))


def test_hostile_corpus_reads_the_same(tmp_path: Path) -> None:
    checked = 0
    for kind, (_code, build) in BAD.items():
        d = tmp_path / f"case{checked}"
        d.mkdir()
        case = build(d)
        slow, quick = both(case.path, case.limits, **case.kwargs)
        assert slow == quick, kind
        checked += 1
    assert checked >= 50


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> list[Path]:
    """Real forms of the mini workspace: empty, filled, with mistakes typed in."""
    from toolkit.forms import plan_form, write_form
    from toolkit.periods import Period
    from toolkit.workspace import Workspace

    ws = Workspace.open(MINI)
    d = tmp_path_factory.mktemp("forms")
    q1, q2 = Period.parse("2024-Q1"), Period.parse("2024-Q2")
    out = []
    for unit in ("P1", "PKT"):
        for period in (q1, q2):
            inputs = list(plan_form(ws, ws.units[unit], period).inputs())
            fill = {}
            for n, key in enumerate(inputs):
                fill[key] = ["1.234,5", "12,5 ha", "abc & <def>", 7, 1e20, -3, 0.25, "=1+1", "  "][n % 9]
            for name, f in (("empty", {}), ("filled", fill)):
                p = d / f"{unit}-{period.code}-{name}.xlsx"
                write_form(ws, unit, period, p, fill=f)
                out.append(p)
    return out


def test_real_forms_read_the_same_and_take_the_fast_path(forms: list[Path], monkeypatch) -> None:
    taken: list[str] = []
    real = fast.parse_sheet

    def spy(name, state, data, ctx):
        got = real(name, state, data, ctx)
        if fast.ENABLED:
            taken.append("fast" if got is not None else "stream")
        return got

    monkeypatch.setattr(fast, "parse_sheet", spy)
    for p in forms:
        for area in ({}, {"max_row": 40, "max_col": 5}):
            slow, quick = both(p, **area)
            assert slow == quick, p.name
    assert taken and set(taken) == {"fast"}  # xlsxwriter's shape is the plain one


def test_libreoffice_resave_reads_the_same(forms: list[Path], tmp_path: Path, soffice) -> None:
    from toolkit.libreoffice import convert_many

    for p in convert_many(forms[:3], "xlsx", tmp_path / "lo"):
        slow, quick = both(p)
        assert slow == quick, p.name


SHAPES = {  # shapes the fast path must decline (the streaming parser decides), or read alike
    "pretty-printed": '<row r="1">\n  <c r="A1" t="s">\n    <v>0</v>\n  </c>\n</row>',
    "extra cell attribute": '<row r="1"><c r="A1" s="1" t="s" cm="1"><v>0</v></c></row>',
    "attributes reordered": '<row r="1"><c t="s" r="A1"><v>0</v></c></row>',
    "single quotes": "<row r='1'><c r='A1' t='s'><v>0</v></c></row>",
    "inline string": '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>',
    "comment": '<row r="1"><!-- <c r="B1"><v>9</v></c> --><c r="A1"><v>1</v></c></row>',
    "processing instruction": '<row r="1"><?pi <c r="B1"><v>9</v></c>?><c r="A1"><v>1</v></c></row>',
    "CDATA": '<row r="1"><c r="A1" t="str"><f>A2</f><v><![CDATA[<x>]]></v></c></row>',
    "entities": '<row r="1"><c r="A1" t="str"><f>IF(B1&lt;&gt;"","a&amp;b",&quot;&quot;)</f><v>&#65;&#x42;</v></c></row>',
    "shared formula": (
        '<row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1*2</f><v>2</v></c></row>'
        '<row r="2"><c r="A2"><f t="shared" si="0"/><v>4</v></c></row>'
    ),
    "empty v and f": '<row r="1"><c r="A1"><v></v></c><c r="B1"><f></f></c><c r="C1"><v/></c></row>',
    "bad row number": '<row r="x1"><c r="A1"><v>1</v></c></row>',
    "lower-case ref": '<row r="1"><c r="a1"><v>1</v></c></row>',
    "ref beyond the sheet": '<row r="1"><c r="XFE1"><v>1</v></c></row>',
    "row beyond the sheet": '<row r="1048577"><c r="A1048577"><v>1</v></c></row>',
    "bad style": '<row r="1"><c r="A1" s="x"><v>1</v></c></row>',
    "unclosed": '<row r="1"><c r="A1"><v>1</v></row>',
    "text between": '<row r="1">junk<c r="A1"><v>1</v></c>more</row>',
    "cell extension": '<row r="1"><c r="A1"><v>1</v><extLst/></c></row>',
    "numbers": (
        '<row r="1"><c r="A1"><v>007</v></c><c r="B1"><v>1e3</v></c><c r="C1"><v>-2.5</v></c>'
        '<c r="D1"><v>99999999999999999999</v></c><c r="E1"><v> 3 </v></c><c r="F1" t="b"><v>1</v></c>'
        '<c r="G1" t="e"><v>#DIV/0!</v></c><c r="H1" t="s"><v>5</v></c><c r="I1" t="d"><v>2024-01-01</v></c></row>'
    ),
    "far away": '<row r="9000"><c r="A9000"><v>1</v></c><c r="ZZ1"><v>2</v></c></row>',
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_unusual_shapes_read_the_same(shape: str, tmp_path: Path) -> None:
    parts = base_parts()
    parts["xl/worksheets/sheet1.xml"] = sheet(SHAPES[shape], "A1:B2")
    p = write_zip(tmp_path / "shape.xlsx", parts)
    for area in ({}, {"max_row": 10, "max_col": 3}):
        slow, quick = both(p, **area)
        assert slow == quick, shape


@pytest.mark.parametrize(
    "head,ns_root",
    [
        ("", '<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'),
        ("", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><foo xmlns="urn:x"/>'),
        ("", '<worksheetX xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'),
    ],
)
def test_namespace_tricks_read_the_same(head: str, ns_root: str, tmp_path: Path) -> None:
    body = sheet('<row r="1"><c r="A1"><v>1</v></c></row>')
    start = body.index("<worksheet")
    end = body.index(">", start) + 1
    parts = base_parts()
    close = "</worksheet>" if ns_root.startswith("<worksheet ") or ns_root.startswith("<worksheet>") else ""
    text = body[:start] + ns_root + body[end:]
    if close == "" and ns_root.startswith("<worksheetX"):
        text = text.replace("</worksheet>", "</worksheetX>")
    if ns_root.startswith("<worksheet xmlns:x"):
        text = text.replace("<sheetData>", "<x:sheetData>").replace("</sheetData>", "</x:sheetData>")
        text = text.replace("<row ", "<x:row ").replace("</row>", "</x:row>")
        text = text.replace("<c ", "<x:c ").replace("</c>", "</x:c>").replace("<v>", "<x:v>").replace("</v>", "</x:v>")
    parts["xl/worksheets/sheet1.xml"] = text
    p = write_zip(tmp_path / "ns.xlsx", parts)
    slow, quick = both(p)
    assert slow == quick


@pytest.mark.parametrize(
    "items",
    [
        ("plain", "Thực hiện kỳ này", "a &amp; b", "_x000B_ctrl", ""),
        ("<r><t>rich</t></r><r><t> text</t></r>",),
        ('<t>tiếng</t><rPh sb="0" eb="1"><t>phonetic</t></rPh><phoneticPr fontId="1"/>',),
    ],
)
def test_shared_strings_read_the_same(items: tuple[str, ...], tmp_path: Path) -> None:
    parts = base_parts()
    if items[0].startswith(("<r>", "<t>")):
        parts["xl/sharedStrings.xml"] = shared_strings("x").replace("<si><t>x</t></si>", f"<si>{items[0]}</si>")
    else:
        parts["xl/sharedStrings.xml"] = shared_strings(*items).replace("<t></t>", "<t/>")
    rows = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{i}</v></c>' for i in range(len(items)))
    parts["xl/worksheets/sheet1.xml"] = sheet(f'<row r="1">{rows}</row>', "A1:E1")
    p = write_zip(tmp_path / "sst.xlsx", parts)
    slow, quick = both(p)
    assert slow == quick


TAIL = (
    '<dataValidations count="1"><dataValidation type="decimal" allowBlank="1" showInputMessage="1" '
    'prompt="Diện tích &gt; 0 &amp; ≤ 100" sqref="B1"><formula1>0</formula1><formula2>100</formula2>'
    '</dataValidation></dataValidations><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
    'header="0.3" footer="0.3"/>'
)
FOOTER = "<headerFooter><oddFooter>&amp;LX00001 · 2024-Q1</oddFooter></headerFooter>"
ROWS = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>5</v></c></row>'  # the fast path's shape


@pytest.mark.parametrize(
    "tail",
    [
        TAIL + FOOTER,  # the form's shape: cells, then validations, then the footer
        TAIL,  # no footer: the tail runs to the root's end
        TAIL.replace("</dataValidations>", "") + FOOTER,  # an element left open before the footer
        TAIL + FOOTER.replace("</headerFooter>", ""),  # the footer left open
        TAIL + "<extLst><ext><headerFooter/></ext></extLst>",  # the cut point nested deeper: read whole
        TAIL + '<x:y xmlns:x="urn:x"/>' + FOOTER,  # a prefixed element, declared where it is used
        TAIL + "<pageSetup orientation='landscape'/>" + FOOTER,  # single quotes: the streaming parser's
        TAIL + FOOTER + "<headerFooter/>",  # a second cut point
    ],
)
def test_a_sheet_proven_well_formed_in_pieces_reads_the_same(tail: str, tmp_path: Path) -> None:
    parts = base_parts()
    parts["xl/worksheets/sheet1.xml"] = sheet(ROWS).replace("</sheetData>", "</sheetData>" + tail)
    p = write_zip(tmp_path / "tail.xlsx", parts)
    for _ in range(2):  # the second time the tail (when well-formed) is remembered
        slow, quick = both(p)
        assert slow == quick


def test_a_remembered_tail_does_not_vouch_for_the_rest(tmp_path: Path) -> None:
    good = base_parts()
    good["xl/worksheets/sheet1.xml"] = sheet(ROWS).replace("</sheetData>", "</sheetData>" + TAIL + FOOTER)
    fast._TAILS.clear()
    fast._SCANS.clear()  # a small sheet seen before is remembered whole
    layout._LAYOUTS.clear()  # and so is its layout (tests/test_gate_layout.py)
    assert read_workbook(write_zip(tmp_path / "good.xlsx", good)).ok
    assert len(fast._TAILS) == 1  # proven in pieces, its tail remembered
    for broken in (
        sheet(ROWS).replace("</sheetData>", "</sheetData>" + TAIL + FOOTER.replace("</oddFooter>", "")),
        sheet(ROWS).replace("</row></sheetData>", "</sheetData>" + TAIL + FOOTER),
    ):
        bad = base_parts()
        bad["xl/worksheets/sheet1.xml"] = broken
        res = read_workbook(write_zip(tmp_path / "bad.xlsx", bad))
        assert not res.ok and "xml-malformed" in res.codes, res.codes
