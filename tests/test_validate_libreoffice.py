"""A correctly filled sample form validates, and so does the same file re-saved by LibreOffice."""

from __future__ import annotations

import pytest
import yaml

from toolkit.demo import seed_table
from toolkit.forms import write_form
from toolkit.libreoffice import convert
from toolkit.periods import Period
from toolkit.seedsplit import split_district_figures
from toolkit.validate import validate_file
from toolkit.workspace import Workspace

SEED = yaml.safe_load(seed_table().read_text(encoding="utf-8"))
Q1 = Period.parse("2024-Q1")


@pytest.fixture(scope="module")
def sample_forms(tmp_path_factory):
    """P1 (a ward) and PKT (a department) of the sample workspace, filled with the seed's figures."""
    ws = Workspace.sample()
    out = tmp_path_factory.mktemp("sample")
    fills = split_district_figures(ws, {e["code"]: e["value"] for e in SEED["indicators"]}, SEED["ward_split_weights"])
    paths = {}
    for unit in ("P1", "PKT"):
        paths[unit] = out / f"{unit}.xlsx"
        write_form(ws, unit, Q1, paths[unit], fill=fills[unit])
    return ws, paths


@pytest.mark.parametrize("unit", ["P1", "PKT"])
def test_correct_sample_form_has_no_error(sample_forms, unit):
    ws, paths = sample_forms
    rep = validate_file(paths[unit], ws, expect_unit=unit, expect_period="2024-Q1")
    assert rep.errors == 0, [f.to_dict() for f in rep.findings if f.is_error]
    assert rep.unit == unit and rep.values


@pytest.mark.parametrize("unit", ["P1", "PKT"])
def test_resaved_by_libreoffice_still_valid(sample_forms, unit, soffice, tmp_path):
    ws, paths = sample_forms
    original = validate_file(paths[unit], ws)
    resaved = convert(paths[unit], "xlsx", tmp_path / "lo")
    rep = validate_file(resaved, ws, expect_unit=unit, expect_period="2024-Q1")
    assert rep.errors == 0, [f.to_dict() for f in rep.findings if f.is_error]
    # nothing new either: LibreOffice's own changes (hidden instead of very hidden identity
    # sheet, no workbook structure lock, respelled formulas) are not the clerk's mistakes
    assert [f.code for f in rep.findings] == [f.code for f in original.findings]
    before = {(v.indicator, v.column): v.value for v in original.values}
    after = {(v.indicator, v.column): v.value for v in rep.values}
    assert before.keys() == after.keys()
    for k, v in before.items():
        assert after[k] == (pytest.approx(v) if isinstance(v, float) else v), k
