"""The master built from the seed's figures reproduces every percentage the seed states.

Table-driven from templates/nga-nam-2024/demo/seed_q1_2024.yaml: the district figures are split across
the wards by the file's weights (ward-reported indicators) or given to their one reporter
(toolkit.seedsplit),
the master is built from those returns, and each stated attainment, change and printed
rate is compared at the seed's precision (half-up rounding, or truncation where the seed
truncated). Figures the seed itself gets wrong (its `discrepancies`) must not reproduce.
The same workbook is recalculated by LibreOffice, and every formula must give the value
the toolkit cached.
"""

from __future__ import annotations

from datetime import datetime

import pytest
import yaml

from toolkit.demo import seed_table
from toolkit.master import Submission, build_master
from toolkit.master.verify import compare_recalculated
from toolkit.numbers import round_half_up, truncate
from toolkit.periods import Period
from toolkit.records import ValueRecord
from toolkit.seedsplit import split_district_figures
from toolkit.workspace import Workspace

SEED = yaml.safe_load(seed_table().read_text(encoding="utf-8"))
PERIOD = SEED["period"]
WEIGHTS: dict[str, int] = SEED["ward_split_weights"]
# rates the seed printed wrongly, and wholes whose printed figure is not the sum of its parts
WRONG_RATES = {d["indicator"] for d in SEED["discrepancies"] if d["kind"] == "rate"}
WRONG_WHOLES = {d["indicator"] for d in SEED["discrepancies"] if d["kind"] == "parts_sum"}


SAMPLE = Workspace.sample()


def seed_submissions(ws: Workspace) -> list[Submission]:
    """One return per expected unit, holding what its clerk would type (toolkit.seedsplit)."""
    period = Period.parse(PERIOD)
    fills = split_district_figures(ws, {e["code"]: e["value"] for e in SEED["indicators"]}, WEIGHTS)
    subs = []
    for unit in ws.expected_units(period):
        recs = [
            ValueRecord(unit.code, PERIOD, code, column, v, "Biểu mẫu", "E8", f"{unit.code}.xlsx", 1)
            for (code, column), v in fills.get(unit.code, {}).items()
        ]
        subs.append(Submission(unit.code, recs, sha256=f"{unit.code}-sha", received_at=datetime(2024, 3, 18, 8, 30)))
    return subs


@pytest.fixture(scope="module")
def seed_master(tmp_path_factory):
    ws = SAMPLE
    out = tmp_path_factory.mktemp("seed") / "tong-hop-2024-Q1.xlsx"
    result = build_master(ws, PERIOD, seed_submissions(ws), out, now=datetime(2024, 3, 25, 9, 0))
    assert result.written, [f.message_en for f in result.findings]
    return result


def _shown(x: float, decimals: int, how: str | None) -> float:
    return truncate(x, decimals) if how == "truncate" else round_half_up(x, decimals)


def _stated(*keys: str):
    for e in SEED["indicators"]:
        st = e.get("stated") or {}
        if any(k in st for k in keys):
            yield pytest.param(e, id=e["code"])


def test_every_unit_covered_and_district_figures_add_up(seed_master):
    assert seed_master.units_missing == []
    assert seed_master.row("NN.DT_MAU_CAT").value == 2713
    assert seed_master.row("NN.DAN_GIA_SUC").value == 25607
    assert seed_master.row("LD.GQVL").value == 942
    assert seed_master.row("BH.TL_BHYT").value == pytest.approx(93.35)


@pytest.mark.parametrize("entry", list(_stated("pct_province", "pct_resolution")))
def test_attainment_as_the_seed_states(seed_master, entry):
    row = seed_master.row(entry["code"])
    st = entry["stated"]
    for kind in ("province", "resolution"):
        key = f"pct_{kind}"
        if key not in st:
            continue
        got = row.attainment[kind]
        assert got is not None, f"{entry['code']}: no attainment vs {kind}"
        shown = _shown(got, st["precision"][key], st.get("rounding"))
        assert shown == pytest.approx(st[key]), f"{entry['code']} {kind}: {got} → {shown}, seed {entry['quote']}"


@pytest.mark.parametrize("entry", list(_stated("change_pct", "change_abs")))
def test_change_against_the_same_period_as_the_seed_states(seed_master, entry):
    row = seed_master.row(entry["code"])
    st = entry["stated"]
    if "change_pct" in st:
        assert row.change is not None
        assert _shown(row.change, st["precision"]["change_pct"], None) == pytest.approx(st["change_pct"])
    if "change_abs" in st:
        got = row.change if row.change_in_points else row.diff
        assert got is not None
        assert _shown(got, st["precision"]["change_abs"], None) == pytest.approx(st["change_abs"]), entry["quote"]


@pytest.mark.parametrize("entry", list(_stated("pct")))
def test_printed_rates_recomputed_from_operands(seed_master, entry):
    ws = SAMPLE
    ind = ws.catalog[entry["code"]]
    row = seed_master.row(entry["code"])
    st = entry["stated"]
    shown = None if row.value is None else _shown(row.value, st["precision"]["pct"], st.get("rounding"))
    if ind.code in WRONG_RATES or {ind.numerator, ind.denominator} & WRONG_WHOLES:
        # the seed's own arithmetic is wrong here (or its rate used a whole that is not the
        # sum of its parts, which the master recomputes): the master must not copy its figure
        assert shown != pytest.approx(st["pct"]), f"{ind.code}: the seed's error reproduced"
    else:
        assert shown == pytest.approx(st["pct"]), f"{ind.code}: {row.value} vs seed {st['pct']}"


def test_the_examples_of_the_issue(seed_master):
    r = seed_master
    assert round_half_up(r.row("NN.DT_MAU_CAT").attainment["province"], 2) == 79.79
    assert round_half_up(r.row("NN.DT_MAU_CAT").attainment["resolution"], 2) == 54.92
    assert round_half_up(r.row("NN.DAN_GIA_SUC").attainment["province"], 2) == 47.90
    assert round_half_up(r.row("NN.DAN_GIA_SUC").attainment["resolution"], 2) == 47.42
    assert round_half_up(r.row("LD.GQVL").attainment["province"], 1) == 39.3
    assert round_half_up(r.row("LD.GQVL").attainment["resolution"], 1) == 31.4
    assert round_half_up(r.row("BH.TL_BHYT").attainment["province"], 1) == 102.7
    assert round_half_up(r.row("BH.TL_BHYT").attainment["resolution"], 1) == 96.2
    assert round_half_up(r.row("NN.DAN_GIA_SUC").change, 1) == 2.2
    assert round_half_up(r.row("NN.DT_MAU_CAT").change, 1) == 2.4
    assert r.row("AN.TNGT_SO_VU").diff == 4  # "so với cùng kỳ tăng 04 vụ"


def test_below_half_lists_the_weak_indicators(seed_master):
    below = {(s.code, s.kind) for s in seed_master.below_half}
    assert ("NN.DAN_GIA_SUC", "province") in below  # 47,90 %
    assert ("LD.GQVL", "resolution") in below  # 31,4 %
    assert ("NN.DT_MAU_CAT", "province") not in below  # 79,79 %
    for s in seed_master.below_half:
        assert s.pct < 50
    print(
        f"\n{len(seed_master.below_half)} attainments below 50 %:",
        ", ".join(f"{s.code} {s.kind} {s.pct:.2f}" for s in seed_master.below_half),
    )


def test_libreoffice_recalculates_the_seed_master_to_the_cached_values(seed_master, soffice, tmp_path):
    n, differences = compare_recalculated(seed_master.path, tmp_path)
    print(f"\n{n} formula cells recalculated by LibreOffice")
    assert n >= 500
    assert differences == []
