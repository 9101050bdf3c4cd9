"""Catalog loading and every catalog check, on the mini workspace and on planted mistakes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from toolkit.catalog import load_catalog
from toolkit.workspace import Workspace

MINI = Path(__file__).parent / "data" / "mini"


def test_mini_catalog_loads_with_every_feature():
    ws = Workspace.open(MINI)
    assert ws.problems() == []
    cat = ws.catalog
    whole = cat["NN.DT_MAU_CAT"]
    assert whole.parts == ("NN.DT_CAY_AN_TRAI", "NN.DT_MAU")
    assert whole.parts_mode == "complete" and not whole.is_input
    ratio = cat["AN.CCCD_TL"]
    assert ratio.is_ratio and ratio.numerator == "AN.CCCD_LK" and ratio.max == 100
    assert cat["NN.GIA_SUC"].is_stock and cat["NN.GIA_SUC"].ytd is False
    assert cat["AN.TNGT_VU"].lower_is_better
    assert cat["TC.THU_NS"].decimals == 3 and cat["NN.DT_MAU"].decimals == 2 and cat["NN.GIA_SUC"].decimals == 0


def test_catalog_version_changes_with_content(tmp_path):
    src = MINI / "templates" / "catalog.yaml"
    v1 = load_catalog(src).version
    changed = tmp_path / "catalog.yaml"
    changed.write_text(src.read_text(encoding="utf-8").replace("max: 50000", "max: 60000"), encoding="utf-8")
    assert load_catalog(changed).version != v1
    assert load_catalog(src).version == v1


def _break(tmp_path: Path, replacements: list[tuple[str, str]], extra: str = "") -> Workspace:
    dest = tmp_path / "ws"
    shutil.copytree(MINI, dest)
    cat = dest / "templates" / "catalog.yaml"
    text = cat.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    cat.write_text(text + extra, encoding="utf-8")
    return Workspace.open(dest)


def _line_of(ws: Workspace, needle: str) -> int:
    lines = (ws.definitions / "catalog.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


CASES = [
    # (what is planted, replacements, extra yaml, expected code, line needle)
    (
        "duplicate code",
        [("code: NN.DT_MAU, name", "code: NN.DT_CAY_AN_TRAI, name")],
        "",
        "catalog-duplicate-code",
        "code: NN.DT_CAY_AN_TRAI, name: Diện tích trồng màu",
    ),
    (
        "unknown part",
        [("parts: [NN.DT_CAY_AN_TRAI, NN.DT_MAU]", "parts: [NN.DT_CAY_AN_TRAI, NN.DT_MAUU]")],
        "",
        "catalog-unknown-part",
        "code: NN.DT_MAU_CAT",
    ),
    (
        "unknown ratio operand",
        [("denominator: AN.DAN_SO_14", "denominator: AN.DAN_SO")],
        "",
        "catalog-unknown-operand",
        "code: AN.CCCD_TL",
    ),
    (
        "part with another unit",
        [
            (
                "code: NN.DT_MAU, name: Diện tích trồng màu, unit: ha",
                "code: NN.DT_MAU, name: Diện tích trồng màu, unit: m2",
            )
        ],
        "",
        "catalog-part-unit-mismatch",
        "code: NN.DT_MAU_CAT",
    ),
    (
        "ratio over a ratio",
        [("numerator: AN.CCCD_LK", "numerator: AN.CCCD_TL")],
        "",
        "catalog-ratio-of-ratio",
        "code: AN.CCCD_TL",
    ),
    (
        "cycle",
        [
            (
                "code: NN.DT_MAU, name: Diện tích trồng màu, unit: ha, section: KT, group: Sản xuất nông nghiệp,",
                "code: NN.DT_MAU, name: Diện tích trồng màu, unit: ha, section: KT, group: Sản xuất nông nghiệp, parts: [NN.DT_MAU_CAT],",
            )
        ],
        "",
        "catalog-parts-cycle",
        None,
    ),
    (
        "unknown section",
        [("section: VHXH, type: percent", "section: XH, type: percent")],
        "",
        "catalog-unknown-section",
        "code: YT.BHYT_TL",
    ),
    (
        "unknown reporter",
        [("reporters: [TCKH]", "reporters: [TCKHH]")],
        "",
        "catalog-unknown-reporter",
        "code: TC.THU_NS",
    ),
    ("unknown field", [("change_warn: 200", "change_wrn: 200")], "", "catalog-unknown-field", "change_wrn"),
    ("bad type", [("type: money", "type: currency")], "", "catalog-bad-value", "code: TC.THU_NS"),
    ("min above max", [("min: 0, max: 15", "min: 20, max: 15")], "", "catalog-min-above-max", "code: NN.NANG_SUAT_LUA"),
    (
        "single with many reporters",
        [("reporters: [PKT]", "reporters: [PKT, TCKH]")],
        "",
        "catalog-single-many-reporters",
        "code: NN.NANG_SUAT_LUA",
    ),
]


@pytest.mark.parametrize("what,repl,extra,code,needle", CASES, ids=[c[0] for c in CASES])
def test_each_check_reports_its_code_at_its_line(tmp_path, what, repl, extra, code, needle):
    ws = _break(tmp_path, repl, extra)
    found = [p for p in ws.problems() if p.code == code]
    assert found, f"{what}: expected {code}, got {[p.code for p in ws.problems()]}"
    assert all(p.file and p.file.endswith("catalog.yaml") for p in found)
    if needle:
        assert found[0].line == _line_of(ws, needle)
    assert found[0].message_vi and found[0].message_en and found[0].message_vi != found[0].message_en


def test_five_planted_mistakes_are_all_reported_at_once(tmp_path):
    ws = _break(
        tmp_path,
        [
            ("code: NN.DT_MAU, name", "code: NN.DT_CAY_AN_TRAI, name"),
            ("denominator: AN.DAN_SO_14", "denominator: AN.DAN_SO"),
            ("reporters: [TCKH]", "reporters: [TCKHH]"),
            ("min: 0, max: 15", "min: 20, max: 15"),
            ("section: VHXH, type: percent", "section: XH, type: percent"),
        ],
    )
    codes = {p.code for p in ws.problems()}
    assert {
        "catalog-duplicate-code",
        "catalog-unknown-operand",
        "catalog-unknown-reporter",
        "catalog-min-above-max",
        "catalog-unknown-section",
    } <= codes


def test_yaml_syntax_error_names_the_line(tmp_path):
    dest = tmp_path / "ws"
    shutil.copytree(MINI, dest)
    cat = dest / "templates" / "catalog.yaml"
    lines = cat.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5] + " : : ["
    cat.write_text("\n".join(lines), encoding="utf-8")
    problems = Workspace.open(dest).problems()
    assert [p.code for p in problems][:1] == ["catalog-yaml-syntax"]
    assert problems[0].line is not None and 5 <= problems[0].line <= 8


def test_targets_and_baseline_for_unknown_codes(tmp_path):
    dest = tmp_path / "ws"
    shutil.copytree(MINI, dest)
    t = dest / "templates" / "targets" / "2024.yaml"
    t.write_text(
        t.read_text(encoding="utf-8") + "  NN.KHONG_CO: {province: 1}\n  NN.GIA_SUC_X: {provinc: 2}\n", encoding="utf-8"
    )
    b = dest / "templates" / "baseline" / "2023-Q1.csv"
    b.write_text(
        b.read_text(encoding="utf-8") + "2023-Q1,XX,NN.GIA_SUC,value,1,\n2023-Q1,NN,NN.NOPE,value,1,\n"
        "2023-Q1,NN,NN.GIA_SUC,value,abc,\n",
        encoding="utf-8",
    )
    problems = Workspace.open(dest).problems()
    by_code = {}
    for p in problems:
        by_code.setdefault(p.code, []).append(p)
    assert by_code["catalog-target-unknown-indicator"][0].indicator == "NN.KHONG_CO"
    assert by_code["catalog-target-unknown-indicator"][0].line == 9
    assert by_code["catalog-baseline-unknown-unit"][0].line == 7
    assert by_code["catalog-baseline-unknown-indicator"][0].line == 8
    assert by_code["catalog-baseline-bad-row"][0].line == 9


def test_baseline_reads_vietnamese_numbers(tmp_path):
    dest = tmp_path / "ws"
    shutil.copytree(MINI, dest)
    b = dest / "templates" / "baseline" / "2023-Q1.csv"
    b.write_text(b.read_text(encoding="utf-8") + '2023-Q1,NN,TC.THU_NS,value,"8,27",\n', encoding="utf-8")
    ws = Workspace.open(dest)
    assert ws.baseline.get("2023-Q1", "NN", "TC.THU_NS") == pytest.approx(8.27)
    assert ws.baseline.get("2023-Q1", "P2", "NN.GIA_SUC") == 8500
