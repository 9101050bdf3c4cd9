"""Forms through a real client: LibreOffice opens every sample form, and a filled form
re-saved by LibreOffice keeps its identity, its values, its fingerprint and protection.

LibreOffice recalculates every formula on load (toolkit.libreoffice's private profile),
so the round trip also checks that the cached values baocao writes are what a
spreadsheet computes.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import time

import openpyxl
import pytest
from test_forms import DATA, Q1, dv_cells, identity_of, lookup_in

from toolkit.forms import FORM_SHEET, fingerprint_of, generate_forms, plan_form, write_form
from toolkit.forms.preview import render_first_page
from toolkit.identity import DEFINED_NAMES, IDENTITY_SHEET
from toolkit.libreoffice import convert, convert_many
from toolkit.workspace import Workspace


@pytest.fixture(scope="module")
def sample_pdfs(soffice, sample, tmp_path_factory):
    base = tmp_path_factory.mktemp("lo-pdf")
    infos = generate_forms(sample, Q1, out=base / "forms")
    t0 = time.perf_counter()
    pdfs = convert_many([i.path for i in infos], "pdf", base / "pdf", recalc=False)
    print(f"\nLibreOffice: {len(pdfs)} forms to PDF in one start, {time.perf_counter() - t0:.1f} s")
    return infos, pdfs


def test_every_sample_form_opens_in_libreoffice(sample_pdfs):
    infos, pdfs = sample_pdfs
    assert len(pdfs) == len(infos) > 0
    pdfinfo = shutil.which("pdfinfo")
    for info, pdf in zip(infos, pdfs, strict=True):
        assert pdf.read_bytes()[:5] == b"%PDF-", pdf
        if pdfinfo:
            out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
            pages = int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))
            assert pages >= 2, f"{info.unit}: form and instructions expected, got {pages} page(s)"


def realistic_fill(plan, seed: str = "") -> dict[tuple[str, str], object]:
    """A value inside the bounds for every input cell, a note on some rows, one number typed as text."""
    fill: dict[tuple[str, str], object] = {}
    for (code, column), cell in plan.inputs().items():
        h = int(hashlib.sha256(f"{seed}{code}{column}".encode()).hexdigest()[:8], 16)
        if column == "note":
            if h % 4 == 0:
                fill[(code, column)] = "Số liệu ước tính đến ngày 14/3"
            continue
        ind = next(i for i in plan.indicators if i.code == code)
        lo, hi = cell.rule.min or 0.0, cell.rule.max if cell.rule.max is not None else 10000.0
        x = lo + (h % 10_000) / 10_000 * (hi - lo)
        fill[(code, column)] = int(x) if ind.type == "integer" else round(x, ind.decimals)
    first = next(k for k in fill if k[1] == "value")
    fill[first] = "1.234,5"
    return fill


def _same(a, b) -> bool:
    a = "" if a is None else a
    b = "" if b is None else b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return b == pytest.approx(a, rel=1e-9, abs=1e-9)
    return str(a) == str(b)


def _map_texts(wb) -> list[str]:
    rows = [[v for v in r if v is not None] for r in wb[IDENTITY_SHEET].iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[:1] == ["map/2"])
    return [r[0] for r in rows[start + 1 :] if r]


def test_filled_form_survives_a_libreoffice_resave(soffice, sample, tmp_path):
    unit = sample.expected_units(Q1)[0]  # the first ward
    plan = plan_form(sample, unit, Q1)
    fill = realistic_fill(plan)
    info = write_form(sample, unit.code, Q1, tmp_path / "filled.xlsx", fill=fill)
    assert info.ignored_fill == []
    ours = openpyxl.load_workbook(info.path, data_only=True)[FORM_SHEET]

    out = convert(info.path, "xlsx", tmp_path / "lo", recalc=True)
    wb = openpyxl.load_workbook(out)
    values = openpyxl.load_workbook(out, data_only=True)[FORM_SHEET]

    # identity: the hidden sheet (LibreOffice has no "very hidden"), the names, the map
    assert wb[IDENTITY_SHEET].sheet_state in ("hidden", "veryHidden")
    idt = identity_of(wb)
    assert idt == info.identity
    # the compact map (map/2): long texts of lines joined by newlines come back unaltered
    theirs = _map_texts(wb)
    assert theirs == _map_texts(openpyxl.load_workbook(info.path))
    assert any(len(t) > 4000 and t.count("\n") > 50 for t in theirs), [len(t) for t in theirs]
    for field, name in DEFINED_NAMES.items():
        assert wb.defined_names[name].attr_text == f'"{getattr(idt, field)}"'
    assert fingerprint_of(idt, lookup_in(wb)) == idt.fingerprint

    # every typed value, at the cell the map names
    for (code, column), v in fill.items():
        assert _same(v, values[idt.cell(code, column).cell].value), (code, column, v)
    # every formula: LibreOffice's recalculated value equals the cached value baocao wrote
    formulas = plan.formulas()
    assert formulas
    for address in formulas:
        assert _same(ours[address].value, values[address].value), (address, ours[address].value, values[address].value)
    assert any(isinstance(values[a].value, str) and values[a].value for a in formulas)  # the text was flagged

    # protection and validation are still there
    form = wb[FORM_SHEET]
    assert form.protection.sheet
    dvs = dv_cells(form)
    for ref in idt.cells:
        if ref.role == "input":
            assert form[ref.cell].protection.locked is False
            assert ref.cell in dvs, f"validation lost on {ref.cell}"
        else:
            assert form[ref.cell].protection.locked is not False
    lock = bool(wb.security and wb.security.lockStructure)
    print(
        f"\nafter LibreOffice: structure lock {'kept' if lock else 'dropped (LibreOffice writes an empty <workbookProtection/>)'}"
        f", identity sheet {wb[IDENTITY_SHEET].sheet_state}"
    )


def test_round_trip_through_the_gate(soffice, sample, tmp_path):
    gate = pytest.importorskip("toolkit.gate")
    from toolkit.forms import fingerprint_of_rawbook
    from toolkit.validate.identify import names_identity, read_identity

    unit = sample.expected_units(Q1)[-1]  # a department
    plan = plan_form(sample, unit, Q1)
    info = write_form(sample, unit.code, Q1, tmp_path / "d.xlsx", fill=realistic_fill(plan, "d"))
    out = convert(info.path, "xlsx", tmp_path / "lo", recalc=True)
    texts = []
    for path in (info.path, out):
        result = gate.read_workbook(path)
        assert result.book is not None, [f.code for f in result.findings]
        idt = read_identity(result.book, str(path)).identity
        assert idt == info.identity
        sheet = result.book.sheet(IDENTITY_SHEET)
        texts.append(sorted(str(c.value) for c in sheet.cells.values() if "\n" in str(c.value)))
        assert fingerprint_of_rawbook(idt, result.book) == idt.fingerprint
        assert names_identity(result.book) == {f: str(getattr(idt, f)) for f in DEFINED_NAMES}
    assert texts[0] and texts[0] == texts[1]  # the map's newlines, as the gate reads them, unaltered


def test_first_page_picture(soffice, sample, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    info = write_form(sample, sample.expected_units(Q1)[0].code, Q1, tmp_path / "w.xlsx")
    png = render_first_page(info.path, tmp_path / "w.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cached_values_of_an_empty_form_match_libreoffice(soffice, tmp_path):
    ws = Workspace.open(DATA / "mini")
    unit = ws.expected_units(Q1)[0]
    plan = plan_form(ws, unit, Q1)
    info = write_form(ws, unit.code, Q1, tmp_path / "empty.xlsx")
    out = convert(info.path, "xlsx", tmp_path / "lo", recalc=True)
    ours = openpyxl.load_workbook(info.path, data_only=True)[FORM_SHEET]
    theirs = openpyxl.load_workbook(out, data_only=True)[FORM_SHEET]
    for address in plan.formulas():
        assert _same(ours[address].value, theirs[address].value), address
