"""Definitions that forgive one slip, and numbers written as the office writes them.

One YAML mistake gives one finding at its line, not a cascade over everything that refers
to the broken file; Vietnamese numbers in targets and baseline are read as docs/catalog.md
says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.workspace import Workspace


def _edit(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1  # the line of the edit


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        (
            "catalog.yaml",
            "  - {code: NN.DAN_GIA_SUC, name: Đàn gia súc,",
            "  - {code: NN.DAN_GIA_SUC, name: Đàn gia súc,,]",
        ),
        ("units.yaml", "\n  - ", "\n   - broken: [\n  - "),
        ("targets/2024.yaml", "  NN.DAN_GIA_SUC: {province: 53460,", "  NN.DAN_GIA_SUC: {province: 53460,,"),
    ],
    ids=["catalog", "units", "targets"],
)
def test_one_yaml_slip_is_one_finding_at_its_line(workspace: Workspace, file: str, old: str, new: str) -> None:
    path = workspace.definitions / file
    line = _edit(path, old, new) + (1 if old.startswith("\n") else 0)
    problems = Workspace.open(workspace.root).problems()
    assert [p.code for p in problems] == ["catalog-yaml-syntax"], [p.code for p in problems][:10]
    assert problems[0].file == str(path) and abs((problems[0].line or 0) - line) <= 1, (problems[0].line, line)


def test_vietnamese_numbers_in_baseline_and_targets(workspace: Workspace) -> None:
    base = workspace.definitions / "baseline" / "2023-Q1.csv"
    _edit(base, "2023-Q1,NN,NN.DAN_GIA_SUC,value,25056,", "2023-Q1,NN,NN.DAN_GIA_SUC,value,25.056,")
    targets = workspace.definitions / "targets" / "2024.yaml"
    _edit(
        targets,
        "NN.DAN_GIA_SUC: {province: 53460, resolution: 54000}",
        "NN.DAN_GIA_SUC: {province: 53.460, resolution: 54.000}",
    )
    _edit(
        targets,
        "NN.DAN_GIA_CAM: {province: 1300000, resolution: 1450000}",
        'NN.DAN_GIA_CAM: {province: "1.300.000", resolution: 1450000}',
    )
    fresh = Workspace.open(workspace.root)
    assert [p.code for p in fresh.problems()] == []
    assert fresh.baseline.get("2023-Q1", "NN", "NN.DAN_GIA_SUC") == 25056  # a count: 25.056 con
    t = fresh.targets(2024).values
    assert t["NN.DAN_GIA_SUC"] == {"province": 53460, "resolution": 54000}  # YAML's 54.000 is 54.0: a count
    assert t["NN.DAN_GIA_CAM"]["province"] == 1_300_000


def test_an_ambiguous_number_of_a_decimal_indicator_is_one_clear_finding(workspace: Workspace) -> None:
    decimal = next(i for i in workspace.catalog if i.type == "decimal" and i.reporters)
    base = workspace.definitions / "baseline" / "2023-Q1.csv"
    with base.open("a", encoding="utf-8") as fh:
        fh.write(f"2023-Q1,NN,{decimal.code},value,2.713,test\n")
    problems = Workspace.open(workspace.root).problems()
    assert [p.code for p in problems] == ["catalog-baseline-bad-row"]
    assert "2.713" in problems[0].message_en and "ambiguous" in problems[0].message_en
