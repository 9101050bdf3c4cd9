"""Forms (issue 3): one protected workbook per unit and period, read back with openpyxl.

Every expectation is derived from the workspace's catalog, units and baseline, so the
same checks run on the mini workspace and on the full sample.
"""

from __future__ import annotations

import shutil
import time
from datetime import UTC
from pathlib import Path

import openpyxl
import pytest

from toolkit.forms import (
    FORM_SHEET,
    INSTRUCTIONS_SHEET,
    LETTER,
    FormError,
    fingerprint_of,
    form_file_name,
    generate_forms,
    plan_form,
    write_form,
)
from toolkit.forms.layout import CHECK_TEXT
from toolkit.forms.rules import NOTE_MAX, bounds
from toolkit.identity import DEFINED_NAMES, FORMAT, IDENTITY_SHEET, Identity, column_letters
from toolkit.narrative import NARRATIVE_SHEET
from toolkit.periods import Period
from toolkit.workspace import Workspace

DATA = Path(__file__).resolve().parent / "data"
Q1 = Period.parse("2024-Q1")


# --- reading a form back ---------------------------------------------------------------


def identity_of(wb: openpyxl.Workbook) -> Identity:
    rows = [list(r) for r in wb[IDENTITY_SHEET].iter_rows(values_only=True)]
    return Identity.from_rows(rows)


def lookup_in(wb: openpyxl.Workbook):
    """(sheet, A1) -> (value, formula) for fingerprint_of, from a workbook loaded with formulas."""

    def get(sheet: str, ref: str):
        v = wb[sheet][ref].value
        if isinstance(v, str) and v.startswith("="):
            return None, v
        return v, None

    return get


def dv_cells(sheet) -> dict[str, object]:
    """A1 -> the data validation covering that cell."""
    out = {}
    for dv in sheet.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in sheet.iter_rows(
                min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col
            ):
                for c in row:
                    out[c.coordinate] = dv
    return out


def check_form(ws: Workspace, path: Path, unit: str, period: Period) -> Identity:
    """Every acceptance check of one generated workbook; returns its identity."""
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [FORM_SHEET, NARRATIVE_SHEET, INSTRUCTIONS_SHEET, IDENTITY_SHEET]
    assert [wb[n].sheet_state for n in wb.sheetnames] == ["visible", "visible", "visible", "veryHidden"]
    assert wb.active.title == FORM_SHEET
    assert wb.security is not None and wb.security.lockStructure
    for name in wb.sheetnames:
        assert wb[name].protection.sheet, f"{name} is not protected"

    idt = identity_of(wb)
    assert (idt.format, idt.unit, idt.period) == (FORMAT, unit, period.code)
    assert idt.catalog_version == ws.catalog.version
    assert idt.form_sheet == FORM_SHEET
    for field, name in DEFINED_NAMES.items():
        assert wb.defined_names[name].attr_text == f'"{getattr(idt, field)}"'

    form = wb[FORM_SHEET]
    expected = [i.code for i in ws.indicators_for(unit)]
    mapped = {c.indicator for c in idt.cells}
    assert mapped == set(expected)
    layout = column_letters([list(r) for r in wb[IDENTITY_SHEET].iter_rows(values_only=True)])
    for ref in idt.cells:
        assert ref.sheet == FORM_SHEET
        row = int(ref.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        # the validator finds rows by the code in the "Mã" column: it must be there
        assert form[f"{layout['code']}{row}"].value == ref.indicator
        assert ref.cell.startswith(layout[ref.column])
    for code in expected:
        assert idt.cell(code, "value") is not None and idt.cell(code, "note") is not None

    inputs = {c.cell for c in idt.cells if c.role == "input"}
    assert inputs, "a form without input cells"
    dvs = dv_cells(form)
    for ref in idt.cells:
        cell = form[ref.cell]
        if ref.role == "input":
            assert cell.protection.locked is False, f"{ref} is locked"
            dv = dvs.get(ref.cell)
            assert dv is not None, f"no data validation on {ref}"
            assert dv.showErrorMessage and dv.showInputMessage and dv.promptTitle and dv.prompt
            assert dv.errorStyle in (None, "stop")
        elif ref.role == "formula":
            assert isinstance(cell.value, str) and cell.value.startswith("="), ref
        elif ref.role == "prefilled":
            assert isinstance(cell.value, (int, float)), ref
    for row in form.iter_rows():
        for cell in row:
            if cell.coordinate not in inputs:
                assert cell.protection.locked is not False, f"{cell.coordinate} is unlocked but not an input"
    assert fingerprint_of(idt, lookup_in(wb)) == idt.fingerprint
    return idt


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mini_forms(mini_readonly, tmp_path_factory):
    return generate_forms(mini_readonly, Q1, out=tmp_path_factory.mktemp("mini") / Q1.code)


# --- the acceptance checks on every form ------------------------------------------------


def test_mini_one_protected_form_per_expected_unit(mini, mini_forms):
    expected = [u.code for u in mini.expected_units(Q1)]
    assert [i.unit for i in mini_forms] == expected
    for info in mini_forms:
        assert info.path.name == form_file_name(mini.units[info.unit], Q1)
        assert info.unit in info.path.name and Q1.code in info.path.name
        idt = check_form(mini, info.path, info.unit, Q1)
        assert idt.template_id == info.identity.template_id
        assert info.indicators == len(mini.indicators_for(info.unit))


def test_sample_one_protected_form_per_expected_unit(sample, tmp_path):
    t0 = time.perf_counter()
    infos = generate_forms(sample, Q1, out=tmp_path / Q1.code)
    total = time.perf_counter() - t0
    assert sorted(i.unit for i in infos) == sorted(u.code for u in sample.expected_units(Q1))
    assert len({i.path for i in infos}) == len(infos)
    for info in infos:
        check_form(sample, info.path, info.unit, Q1)
    per = [i.seconds for i in infos]
    print(
        f"\nsample {Q1.code}: {len(infos)} workbooks, {sum(i.indicators for i in infos)} indicator rows, "
        f"{total:.3f} s in all, {total / len(infos):.4f} s per workbook (min {min(per):.4f}, max {max(per):.4f})"
    )


# --- what each cell is ---------------------------------------------------------------------


def expected_value_role(ind, by_code) -> str:
    if ind.is_ratio and ind.numerator in by_code and ind.denominator in by_code:
        return "formula"
    if ind.parts and ind.parts_mode == "complete" and all(p in by_code for p in ind.parts):
        return "formula"
    return "input"


@pytest.mark.parametrize("ws_name", ["mini", "sample"])
def test_roles_follow_the_catalog(ws_name, mini, sample):
    ws = mini if ws_name == "mini" else sample
    for unit in ws.expected_units(Q1):
        plan = plan_form(ws, unit, Q1)
        by_code = {i.code: i for i in plan.indicators}
        for ind in plan.indicators:
            value = plan.cell(ind.code, "value")
            assert value.role == expected_value_role(ind, by_code), (unit.code, ind.code)
            if value.role == "formula" and ind.is_ratio:
                text = value.formula.render()
                assert plan.cell(ind.numerator, "value").address in text
                assert plan.cell(ind.denominator, "value").address in text
                assert text.startswith("IF(")  # guarded against a zero or blank base
            elif value.role == "formula":
                refs = set(value.formula.refs())
                assert refs == {plan.cell(p, "value").address for p in ind.parts}
            ytd = plan.cell(ind.code, "ytd")
            if not ind.ytd:
                assert ytd.role == "na"
            else:  # Q1: the year to date is this quarter, a locked copy
                assert ytd.role == "formula" and set(ytd.formula.refs()) == {value.address}
            same = plan.cell(ind.code, "same_period")
            last = ws.baseline.get("2023-Q1", unit.code, ind.code)
            if not ind.same_period:
                assert same.role == "na"
            elif same.role != "formula" and value.role == "input":
                assert same.role == ("prefilled" if last is not None else "input"), (unit.code, ind.code)
                if last is not None:
                    assert same.value == last
            assert plan.cell(ind.code, "note").role == "input"


def test_ytd_is_carried_after_the_first_quarter(mini):
    """Without an accepted Q1 the clerk types the year to date up to Q1 once; the form adds Q2."""
    q2 = Period.parse("2024-Q2")
    checked = 0
    for unit in mini.expected_units(q2):
        plan = plan_form(mini, unit, q2)
        for ind in plan.indicators:
            ytd, before = plan.cell(ind.code, "ytd"), plan.cell(ind.code, "ytd_prev")
            if ind.ytd and plan.cell(ind.code, "value").role == "input":
                checked += 1
                assert ytd.role == "formula"
                assert (
                    ytd.formula.render()
                    == f'IF(COUNT({before.address},E{ytd.address[1:]})<2,"",{before.address}+E{ytd.address[1:]})'
                )
                assert before.role == "input" and before.rule is not None
                assert "Chưa có số liệu đã duyệt của kỳ trước" in before.rule.prompt
                lo, hi = bounds(ind, "ytd_prev", q2)
                assert before.rule.min == lo and before.rule.max == hi
                if ind.max is not None and ind.type != "percent":
                    assert hi == ind.max * 2
            elif not ind.ytd:
                assert ytd.role == before.role == "na"
    assert checked


def test_data_validation_matches_type_and_bounds(mini, mini_forms):
    for info in mini_forms:
        wb = openpyxl.load_workbook(info.path)
        form = wb[FORM_SHEET]
        dvs = dv_cells(form)
        for ref in info.identity.cells:
            if ref.role != "input":
                continue
            dv = dvs[ref.cell]
            ind = mini.catalog[ref.indicator]
            if ref.column == "note":
                assert dv.type == "textLength" and int(dv.formula1) == NOTE_MAX
                continue
            assert dv.type == ("whole" if ind.type == "integer" else "decimal")
            lo, hi = bounds(ind, ref.column, Q1)
            assert float(dv.formula1) == lo
            if hi is not None:
                assert float(dv.formula2) == hi
            if ind.type == "percent":
                assert hi <= 100 and "100" in dv.prompt
            assert f"ĐVT: {ind.unit}" in dv.prompt
            assert ind.code in dv.error


# --- filling a form as a clerk would ---------------------------------------------------------


def test_fill_writes_inputs_and_cached_formula_values(mini, tmp_path):
    unit = "P1"
    plan = plan_form(mini, mini.units[unit], Q1)
    inds = {i.code: i for i in plan.indicators}
    whole = next(i for i in plan.indicators if i.parts and i.parts_mode == "complete")
    ratio = next(i for i in plan.indicators if i.is_ratio)
    stock = next(i for i in plan.indicators if not i.ytd and plan.cell(i.code, "value").role == "input")
    prefilled = next(i for i in plan.indicators if plan.cell(i.code, "same_period").role == "prefilled")
    fill: dict[tuple[str, str], object] = {}
    for n, p in enumerate(whole.parts):
        fill[(p, "value")] = 100.25 * (n + 1)
    fill[(ratio.numerator, "value")] = 8550
    fill[(ratio.denominator, "value")] = 8777
    fill[(stock.code, "note")] = "tăng đàn so với cùng kỳ"
    text_ind = next(
        i for i in plan.indicators if plan.cell(i.code, "value").role == "input" and (i.code, "value") not in fill
    )
    fill[(text_ind.code, "value")] = "1.234,5"  # typed as text, the Vietnamese way
    not_inputs = {(whole.code, "value"), (prefilled.code, "same_period"), (stock.code, "ytd"), (ratio.code, "value")}
    for key in not_inputs:
        fill[key] = 5

    path = tmp_path / "P1.xlsx"
    info = write_form(mini, unit, Q1, path, fill=fill)
    assert set(info.ignored_fill) == not_inputs

    wb = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)[FORM_SHEET]
    form = wb[FORM_SHEET]
    for (code, column), v in fill.items():
        if (code, column) in not_inputs:
            continue
        assert values[plan.cell(code, column).address].value == v
    # the whole is still a formula, its cached value the sum of the parts
    assert form[plan.cell(whole.code, "value").address].value.startswith("=")
    assert values[plan.cell(whole.code, "value").address].value == pytest.approx(
        sum(fill[(p, "value")] for p in whole.parts)
    )
    assert values[plan.cell(whole.code, "ytd").address].value == pytest.approx(
        sum(fill[(p, "value")] for p in whole.parts)
    )
    assert values[plan.cell(ratio.code, "value").address].value == pytest.approx(8550 / 8777 * ratio.scale)
    assert (
        values[plan.cell(prefilled.code, "same_period").address].value == plan.cell(prefilled.code, "same_period").value
    )
    # the check column flags the number typed as text
    row = int(plan.cell(text_ind.code, "value").address[1:])
    assert values[f"{LETTER['check']}{row}"].value == CHECK_TEXT
    assert isinstance(values[plan.cell(text_ind.code, "value").address].value, str)
    assert inds  # the plan had indicators
    check_form(mini, path, unit, Q1)


def test_of_which_parts_larger_than_whole_are_flagged(mini, tmp_path):
    unit = next(
        u
        for u in mini.expected_units(Q1)
        if any(i.parts and i.parts_mode == "of_which" for i in mini.indicators_for(u))
    )
    plan = plan_form(mini, unit, Q1)
    whole = next(i for i in plan.indicators if i.parts and i.parts_mode == "of_which")
    fill = {(whole.code, "value"): 2, **{(p, "value"): 3 for p in whole.parts}}
    path = tmp_path / "f.xlsx"
    write_form(mini, unit.code, Q1, path, fill=fill)
    values = openpyxl.load_workbook(path, data_only=True)[FORM_SHEET]
    row = int(plan.cell(whole.code, "value").address[1:])
    assert "trong đó" in values[f"{LETTER['check']}{row}"].value
    fill[(whole.code, "value")] = 3 * len(whole.parts)
    write_form(mini, unit.code, Q1, path, fill=fill)
    values = openpyxl.load_workbook(path, data_only=True)[FORM_SHEET]
    assert values[f"{LETTER['check']}{row}"].value in ("", None)


def test_same_period_of_a_merged_unit_is_the_sum_of_its_predecessors(tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(DATA / "mini" / "templates", root / "templates")
    with open(root / "templates" / "units.yaml", "a", encoding="utf-8") as f:
        f.write(
            "  - {code: M, name: Phường Mới, kind: ward, parent: NN, valid_from: 2025-07-01, predecessors: [P1, P2]}\n"
        )
    with open(root / "templates" / "baseline" / "2023-Q1.csv", "a", encoding="utf-8") as f:
        f.write(
            "2024-Q3,P1,NN.GIA_SUC,value,9100,test\n2024-Q3,P2,NN.GIA_SUC,value,8400,test\n"
            "2024-Q3,P1,NN.DT_MAU,value,10,only one predecessor\n"
        )
    ws = Workspace.open(root)
    period = Period.parse("2025-Q3")
    plan = plan_form(ws, ws.units["M"], period)
    assert plan.cell("NN.GIA_SUC", "same_period").role == "prefilled"
    assert plan.cell("NN.GIA_SUC", "same_period").value == 9100 + 8400
    assert plan.cell("NN.DT_MAU", "same_period").role == "input"  # P2's figure is unknown

    class Archive:
        def get(self, unit, period, indicator, column="value"):
            return 7.5 if (unit, period, indicator, column) == ("P2", "2024-Q3", "NN.DT_MAU", "value") else None

    plan = plan_form(ws, ws.units["M"], period, history=Archive())
    assert plan.cell("NN.DT_MAU", "same_period").value == 10 + 7.5
    info = write_form(ws, "M", period, tmp_path / "m.xlsx", history=Archive())
    check_form(ws, info.path, "M", period)
    assert info.prefilled >= 2


def test_same_inputs_give_the_same_template(mini, tmp_path):
    from datetime import datetime

    at = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    a = write_form(mini, "P1", Q1, tmp_path / "a.xlsx", generated_at=at)
    b = write_form(mini, "P1", Q1, tmp_path / "b.xlsx", generated_at=at)
    c = write_form(mini, "P2", Q1, tmp_path / "c.xlsx", generated_at=at)
    assert a.identity == b.identity
    assert a.identity.generated_at == "2024-03-01T08:00:00+00:00"
    assert a.identity.template_id != c.identity.template_id
    assert a.identity.template_id.startswith("2024-Q1/P1/")


def test_fingerprint_detects_changed_labels_and_formulas(mini, mini_forms, tmp_path):
    info = next(i for i in mini_forms if any(c.role == "formula" for c in i.identity.cells))
    wb = openpyxl.load_workbook(info.path)
    idt = identity_of(wb)
    label = next(c for c in idt.cells if c.column == "name")
    formula = next(c for c in idt.cells if c.role == "formula")

    wb[FORM_SHEET][label.cell].value = "Một chỉ tiêu khác"
    assert fingerprint_of(idt, lookup_in(wb)) != idt.fingerprint
    wb = openpyxl.load_workbook(info.path)
    wb[FORM_SHEET][formula.cell].value = 123
    assert fingerprint_of(idt, lookup_in(wb)) != idt.fingerprint
    wb = openpyxl.load_workbook(info.path)
    wb[FORM_SHEET][formula.cell].value = wb[FORM_SHEET][formula.cell].value.replace("=", "= ", 1).lower()
    assert fingerprint_of(idt, lookup_in(wb)) == idt.fingerprint  # respelling is not tampering


def test_instructions_sheet_says_what_when_and_how(mini, mini_forms):
    from toolkit.periods import fmt_date

    wb = openpyxl.load_workbook(mini_forms[0].path)
    text = "\n".join(str(v) for row in wb[INSTRUCTIONS_SHEET].iter_rows(values_only=True) for v in row if v)
    s = mini.settings
    for needle in (
        fmt_date(mini.deadline(Q1)),
        fmt_date(Q1.start),
        fmt_date(Q1.end),
        s.contact,
        s.send_to,
        mini.units[mini_forms[0].unit].name,
        "không gõ dấu chấm hay dấu phẩy ngăn cách hàng nghìn",
    ):
        assert needle in text, needle


def test_print_setup(mini_forms):
    wb = openpyxl.load_workbook(mini_forms[0].path)
    form = wb[FORM_SHEET]
    assert form.page_setup.orientation == "landscape"
    assert form.page_setup.paperSize == 9  # A4
    assert form.sheet_properties.pageSetUpPr.fitToPage
    assert form.page_setup.fitToWidth in (None, 1)  # omitted means 1 (ECMA-376)
    assert form.page_setup.fitToHeight == 0
    assert form.print_title_rows == "$9:$10"
    fonts = {c.font.name for row in form.iter_rows() for c in row if c.value is not None}
    assert fonts == {"Times New Roman"}


def test_unknown_or_inactive_units_are_refused(mini, tmp_path):
    with pytest.raises(FormError) as e:
        generate_forms(mini, Q1, units=["P1", "XX"], out=tmp_path)
    assert "XX" in e.value.message("vi") and "XX" in e.value.message("en")
    assert not list(tmp_path.glob("*.xlsx"))  # nothing written before the check
    with pytest.raises(FormError):
        write_form(mini, "LB", Period.parse("2025-Q3"), tmp_path / "lb.xlsx")  # LB ends 30/6/2025
    with pytest.raises(FormError):
        write_form(mini, "VP", Q1, tmp_path / "vp.xlsx")  # VP owns no indicator


# --- the command -----------------------------------------------------------------------------


def test_identity_rows_compact_and_old_format():
    """to_rows writes the map compactly (map/2, ≤ 8.000 characters a cell); from_rows reads it
    and the one-row-per-cell map of forms written before it, with CR/LF line breaks too."""
    from toolkit.identity import MAP_CHUNK, MAP_HEADER, CellRef, IdentityError

    cells = [CellRef(f"XX.CHI_TIEU_{i:04d}", "value", "Biểu số liệu", f"E{11 + i}", "input") for i in range(600)]
    ident = Identity(FORMAT, "2024-Q1/P1/abcd1234", "cv", "ws", "P1", "2024-Q1", "t", "fp", "Biểu số liệu", cells)
    rows = ident.to_rows()
    start = rows.index(["map/2", "indicator|column|sheet|cell|role"])
    chunks = rows[start + 1 :]
    assert len(chunks) > 1 and all(len(r) == 1 and len(r[0]) <= MAP_CHUNK for r in chunks)
    assert Identity.from_rows(rows) == ident
    assert Identity.from_rows([r if i <= start else [r[0].replace("\n", "\r\n")] for i, r in enumerate(rows)]) == ident
    old = rows[:start] + [list(MAP_HEADER)] + [[c.indicator, c.column, c.sheet, c.cell, c.role] for c in cells]
    assert Identity.from_rows(old) == ident
    with pytest.raises(IdentityError, match="incomplete"):
        Identity.from_rows(rows[: start + 1] + [["XX.A|value|Biểu số liệu|E11"]])
