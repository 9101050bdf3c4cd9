"""What validation computes once per template and remembers (toolkit.validate's caches): a file
checked with warm caches gets the report it gets from empty ones, and a file of another
template, catalog or kind of period, or one whose locked content was changed, is never served
another's answer."""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from conftest import mini_fill

from toolkit import caches
from toolkit.forms import write_form
from toolkit.gate import read_workbook
from toolkit.identity import FORMAT, IDENTITY_SHEET, CellRef, Identity
from toolkit.narrative import TextBlock, map_text
from toolkit.periods import Period
from toolkit.validate import validate_file
from toolkit.validate.identify import read_identity
from toolkit.validate.narrative import _blocks, read_texts
from toolkit.validate.rules import _formula_specs, formula_specs
from toolkit.validate.structure import _covered, _plan, check_cells, locate
from toolkit.workspace import Workspace

MINI = Path(__file__).resolve().parent / "data" / "mini"
Q1, Q2 = Period.parse("2024-Q1"), Period.parse("2024-Q2")


def _fill(cattle: float, area: float = 1000) -> dict:
    return mini_fill(cattle, area, cccd=9000, over_14=10000)


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return Workspace.open(MINI)


def _edit(src: Path, dst: Path, edit) -> Path:
    """A copy of a form with ``edit(sheet, cells)`` applied (cells: (indicator, column) -> A1)."""
    wb = openpyxl.load_workbook(src)
    ident = Identity.from_rows([list(r) for r in wb[IDENTITY_SHEET].iter_rows(values_only=True)])
    sheet = wb[ident.form_sheet]
    edit(sheet, {(c.indicator, c.column): c.cell for c in ident.cells})
    wb.save(dst)
    return dst


@pytest.fixture(scope="module")
def forms(ws, tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("forms")
    out = {}
    for name, unit, period, fill in (
        ("p1", "P1", Q1, _fill(9000)),
        ("p2", "P2", Q1, _fill(9500, 1200)),
        ("p1-q2", "P1", Q2, _fill(9100)),
        ("ca", "CA", Q1, {("AN.TNGT_VU", "value"): 3, ("AN.TNGT_CHET_VU", "value"): 5}),
    ):
        write_form(ws, unit, period, d / f"{name}.xlsx", fill=fill)
        out[name] = d / f"{name}.xlsx"

    def label(sheet, cells):
        sheet[cells[("NN.GIA_SUC", "name")]] = "Đàn bò"

    def merge(sheet, cells):
        top = cells[("NN.DT_MAU", "value")]
        below = cells[("NN.GIA_SUC", "value")]
        sheet.merge_cells(f"{top}:{below}")

    def rows(sheet, cells):
        sheet.insert_rows(int(cells[("NN.GIA_SUC", "code")][1:]))

    for name, edit in (("label", label), ("merged", merge), ("row", rows)):
        out[name] = _edit(out["p1"], d / f"p1-{name}.xlsx", edit)
    return out


ORDER = ("p1", "label", "p2", "merged", "p1-q2", "row", "ca", "p1")


def test_warm_caches_give_the_reports_that_empty_caches_give(ws, forms):
    caches.clear()
    warm = [validate_file(forms[k], ws).to_dict() for k in ORDER]  # each template's later files: hits
    assert caches.sizes()["validate.structure.planned_fingerprints"] >= 1
    assert caches.sizes()["validate.rules.specs"] >= 3  # a ward's Q1 and Q2 forms, the police's
    cold = []
    for k in ORDER:
        caches.clear()
        cold.append(validate_file(forms[k], ws).to_dict())
    assert warm == cold
    codes = {k: {f["code"] for f in r["findings"]} for k, r in zip(ORDER, warm, strict=True)}
    # an altered form of a template whose intact form was checked first is not served its answer
    assert "label-altered" in codes["label"]
    assert "cells-merged" in codes["merged"]
    assert "row-inserted" in codes["row"]
    for k in ("p1", "p2", "p1-q2", "ca"):
        assert not codes[k] & {"label-altered", "cells-merged", "row-inserted", "locked-content-changed"}, codes[k]


def _located(ws, path, catalog=None):
    book = read_workbook(path).book
    ident = read_identity(book, str(path), ws).identity
    return book, ident, locate(book, ident, catalog or ws.catalog, str(path))


def test_a_file_with_every_cell_in_place_uses_the_plan_and_one_with_a_row_inserted_does_not(ws, forms):
    _, ident, loc = _located(ws, forms["p1"])
    assert loc.as_planned and loc.plan is _plan(ident)
    _, _, moved = _located(ws, forms["row"])
    assert not moved.as_planned and moved.shifted
    # the slots are those the general way finds: every mapped cell of the form, at the map's address
    assert {k: s.address for k, s in loc.slots.items()} == {(c.indicator, c.column): c.cell for c in ident.cells}


def test_formula_specs_are_remembered_per_map_catalog_and_kind_of_period(ws, forms):
    caches.clear()
    _, _, loc = _located(ws, forms["p1"])
    q1 = formula_specs(loc, ws.catalog, Q1)
    assert formula_specs(loc, ws.catalog, Q1) is q1  # a hit
    assert q1 == _formula_specs(loc, ws.catalog, True)  # what a miss computes
    assert formula_specs(loc, ws.catalog, Q2) == _formula_specs(loc, ws.catalog, False) != q1
    # another catalog (another object: here its whole of parts is only "of which") gets its own
    other = copy.deepcopy(ws.catalog)
    whole = "NN.DT_MAU_CAT"
    assert q1[(whole, "value")].kind == "sum"
    other.indicators[whole] = replace(other.indicators[whole], parts_mode="of_which")
    mine = formula_specs(loc, other, Q1)
    assert (whole, "value") not in mine and mine == _formula_specs(loc, other, True)
    assert formula_specs(loc, ws.catalog, Q1) == q1


def test_an_intact_form_then_a_typed_over_label_each_get_their_own_fingerprint(ws, forms):
    caches.clear()
    book, ident, loc = _located(ws, forms["p1"])
    assert check_cells(loc, ident, ws.catalog, book, "p1", {}, known_sheets=set(book.sheet_names)) == []
    book, ident, loc = _located(ws, forms["label"])
    assert loc.as_planned
    found = check_cells(loc, ident, ws.catalog, book, "label", {}, known_sheets=set(book.sheet_names))
    assert [f.code for f in found] == ["label-altered"]


def test_merged_ranges_are_expanded_once_per_range():
    assert _covered("E21:E22") == ("E22",)
    assert _covered("B3:C4") == ("C3", "B4", "C4")
    assert _covered("C4:B3") == ("C3", "B4", "C4")  # as the ranges are read: corners either way
    assert _covered("E21") == ()
    assert _covered("not a range") is None


def test_the_narrative_map_is_parsed_once_per_map_and_section_names(sample, tmp_path):
    blocks = [
        TextBlock("KT", "Nông nghiệp", "results", "t", "p", 100, True, "B5"),
        TextBlock("KT", "", "tasks", "t", "p", 200, False, "$b$7"),
    ]
    text = map_text(blocks)
    caches.clear()
    first = _blocks(text, {"KT": "Kinh tế"})
    assert _blocks(text, {"KT": "Kinh tế"}) is first
    assert [(b.cell, topic, at) for b, topic, at in first] == [
        ("B5", "Nông nghiệp: kết quả, điểm nổi bật", "B5"),
        ("$b$7", "Kinh tế: nhiệm vụ, giải pháp kỳ tới", "B7"),
    ]
    renamed = _blocks(text, {"KT": "Kinh tế - Tài chính"})  # other section names: other topics
    assert renamed is not None and renamed[1][1] == "Kinh tế - Tài chính: nhiệm vụ, giải pháp kỳ tới"
    assert _blocks("not a map", {}) is None
    # read_texts with either: the topic of each finding follows the names given
    path = tmp_path / "form.xlsx"
    unit = sample.expected_units(Q1)[0].code
    write_form(sample, unit, Q1, path)
    extra = read_identity(read_workbook(path).book, str(path), sample).extra
    # a section's own block (its topic says the section's name), typed too long
    block = next(b for b, _t, _a in _blocks(extra["narrative_map"], {}) or [] if not b.group)
    wb = openpyxl.load_workbook(path)
    wb[extra.get("narrative_sheet") or "Thuyết minh"][block.cell] = "x" * (block.limit + 1)
    wb.save(path)
    book = read_workbook(path).book
    names = {s.code: s.name for s in sample.catalog.sections.values()}
    caches.clear()
    cold = read_texts(book, extra, "f", unit, "2024-Q1", names)
    warm = read_texts(book, extra, "f", unit, "2024-Q1", names)
    assert cold == warm and cold[1]
    other = read_texts(book, extra, "f", unit, "2024-Q1", {k: v + " (mới)" for k, v in names.items()})
    assert [f.extra.get("topic") for f in other[1]] != [f.extra.get("topic") for f in cold[1]]


def test_a_map_sharing_its_first_and_last_cells_with_another_gets_its_own_plan():
    def ref(ind: str, col: str, cell: str, role: str = "input") -> CellRef:
        return CellRef(ind, col, "Biểu", cell, role)

    first, last = ref("A.X", "code", "B10", "label"), ref("A.Y", "value", "E11")
    middle_a = [ref("A.X", "value", "E10"), ref("A.Y", "code", "B11", "label")]
    middle_b = [ref("A.X", "value", "F10"), ref("A.Y", "code", "B11", "label")]  # a near miss: same ends
    caches.clear()
    a = Identity(FORMAT, "t", "c", "", "U", "2024-Q1", "", "", "Biểu", [first, *middle_a, last])
    b = replace(a, cells=[first, *middle_b, last])
    plan_a, plan_b = _plan(a), _plan(b)
    assert plan_a.by_ind["A.X"]["value"].cell == "E10"
    assert plan_b.by_ind["A.X"]["value"].cell == "F10"
    assert _plan(replace(a, cells=list(a.cells))) is not plan_b  # and back: a's own again
    assert _plan(a).by_ind["A.X"]["value"].cell == "E10"
