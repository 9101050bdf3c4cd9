"""Catalog edits while forms are in the field: only what changes a form's content counts.

A form is made and filled under one catalog version; the office then edits the catalog;
the same file is validated against the edited catalog (as intake would, a week later).
"""

from __future__ import annotations

from pathlib import Path

from conftest import run
from test_validate_planted import GOOD_P1, Q1, addr, check

from toolkit.catalog_versions import folder, recall, remember
from toolkit.forms import write_form
from toolkit.validate import validate_file
from toolkit.workspace import Workspace


def _form(mini: Workspace, path: Path, fill: dict | None = None, unit: str = "P1") -> Path:
    remember(mini)  # what 'baocao templates' does when it writes forms
    write_form(mini, unit, Q1, path, fill=dict(GOOD_P1) if fill is None else fill)
    return path


def _edit(mini: Workspace, old: str, new: str) -> Workspace:
    cat = mini.definitions / "catalog.yaml"
    text = cat.read_text(encoding="utf-8")
    assert old in text, old
    cat.write_text(text.replace(old, new, 1), encoding="utf-8")
    return Workspace.open(mini.root)


def test_a_name_typo_leaves_the_form_valid_without_a_word(mini, tmp_path):
    path = _form(mini, tmp_path / "p1.xlsx")
    new = _edit(mini, "name: Đàn gia súc,", "name: Tổng đàn gia súc,")
    assert new.catalog.version != mini.catalog.version
    rep = validate_file(path, new)
    assert rep.valid and not rep.findings, [f.code for f in rep.findings]


def test_another_units_indicator_and_a_target_change_nothing_for_this_form(mini, tmp_path):
    path = _form(mini, tmp_path / "p1.xlsx")
    new = _edit(mini, "type: integer, max: 100,\n     reporters: [CA]", "type: integer, max: 80,\n     reporters: [CA]")
    targets = new.definitions / "targets"
    targets.mkdir(exist_ok=True)
    (targets / "2024.yaml").write_text("year: 2024\ntargets:\n  NN.GIA_SUC: {province: 60000}\n", encoding="utf-8")
    rep = validate_file(path, Workspace.open(new.root))
    assert rep.valid and not rep.findings, [f.code for f in rep.findings]


def test_a_changed_maximum_is_stated_for_that_indicator_and_the_new_rule_applies(mini, tmp_path):
    ok = _form(mini, tmp_path / "ok.xlsx")
    over = _form(mini, tmp_path / "over.xlsx", {**GOOD_P1, ("NN.GIA_SUC", "value"): 45000})
    new = _edit(mini, "type: integer, max: 50000,", "type: integer, max: 40000,")
    rep = validate_file(ok, new)
    (f,) = [f for f in rep.findings if f.code == "catalog-rule-changed"]
    assert rep.valid and f.severity == "info"
    assert f.indicator == "NN.GIA_SUC" and f.cell == addr(new, "P1", "NN.GIA_SUC", "value")
    assert f"phiên bản {mini.catalog.version}" in f.message_vi
    assert "giới hạn trên của NN.GIA_SUC (Đàn gia súc) đổi từ 50.000 thành 40.000" in f.message_vi
    assert "the maximum of NN.GIA_SUC (Đàn gia súc) changed from 50.000 to 40.000" in f.message_en
    rep = validate_file(over, new)
    assert not rep.valid
    errors = [x for x in rep.findings if x.is_error]
    assert [x.cell for x in errors] == [addr(new, "P1", "NN.GIA_SUC", "value")], [x.code for x in errors]
    assert "catalog-outdated" not in {x.code for x in rep.findings}


def test_a_changed_unit_of_measure_is_an_error_on_that_indicator_only(mini, tmp_path):
    path = _form(mini, tmp_path / "p1.xlsx")
    new = _edit(mini, "name: Đàn gia súc, unit: con,", "name: Đàn gia súc, unit: nghìn con,")
    rep = validate_file(path, new)
    check(rep, ("catalog-unit-changed", addr(new, "P1", "NN.GIA_SUC", "value")))
    f = next(f for f in rep.findings if f.code == "catalog-unit-changed")
    assert "từ con thành nghìn con" in f.message_vi


def test_a_form_whose_content_changed_is_still_catalog_outdated(mini, tmp_path):
    """An indicator added for the wards: the form lacks a row the current form has."""
    path = _form(mini, tmp_path / "p1.xlsx")
    new = _edit(
        mini,
        "  - {code: NN.NANG_SUAT_LUA,",
        "  - {code: NN.DAN_HEO, name: Đàn heo, unit: con, section: KT, type: integer, reporters: wards,"
        " aggregate: sum, behaviour: stock}\n  - {code: NN.NANG_SUAT_LUA,",
    )
    check(validate_file(path, new), ("catalog-outdated", None))


def test_a_version_the_workspace_did_not_keep_is_said_once(mini, tmp_path):
    path = tmp_path / "p1.xlsx"
    write_form(mini, "P1", Q1, path, fill=dict(GOOD_P1))  # no remember(): an older toolkit made it
    new = _edit(mini, "type: integer, max: 50000,", "type: integer, max: 60000,")
    rep = validate_file(path, new)
    assert rep.valid and [f.code for f in rep.findings] == ["catalog-version-unknown"]


def test_templates_keeps_the_version_it_makes_forms_from(mini):
    res = run("templates", "--period", "2024-Q1", ws=mini)
    assert res.exit_code == 0, res.output
    kept = recall(mini, mini.catalog.version)
    assert kept is not None and kept["NN.GIA_SUC"]["max"] == 50000
    assert [p.name for p in folder(mini).iterdir()] == [f"{mini.catalog.version}.json"]
    assert recall(mini, "../../etc") is None
