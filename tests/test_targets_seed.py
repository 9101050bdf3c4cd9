"""The sample's targets and baseline reproduce every percentage the seed report states.

Driven by templates/nga-nam-2024/demo/seed_q1_2024.yaml (the seed's figures and statements, with quotes):
attainment = actual / target × 100 at the seed's printed precision (half-up rounding, or
truncation where the seed truncated); change = actual vs the 2023-Q1 baseline; a printed
rate = numerator / denominator. The figures the seed gets wrong are listed in the same file
and must NOT reproduce.
"""

from __future__ import annotations

import pytest
import yaml

from toolkit.demo import seed_table
from toolkit.numbers import round_half_up, truncate

SEED = yaml.safe_load(seed_table().read_text(encoding="utf-8"))
VALUES = {e["code"]: e["value"] for e in SEED["indicators"]}
RATE_DISCREPANCIES = {d["indicator"] for d in SEED["discrepancies"] if d["kind"] == "rate"}


def _shown(x: float, decimals: int, how: str | None) -> float:
    return truncate(x, decimals) if how == "truncate" else round_half_up(x, decimals)


def _statements(kind: str):
    for e in SEED["indicators"]:
        st = e.get("stated") or {}
        if kind in st:
            yield pytest.param(e, id=e["code"])


@pytest.mark.parametrize("entry", list(_statements("pct_province")) + list(_statements("pct_resolution")))
def test_attainment_reproduces(sample, entry):
    targets = sample.targets(2024)
    st = entry["stated"]
    for kind, key in (("province", "pct_province"), ("resolution", "pct_resolution")):
        if key not in st:
            continue
        target = targets.get(entry["code"], kind)
        assert target, f"{entry['code']}: no {kind} target in targets/2024.yaml"
        got = _shown(entry["value"] / target * 100, st["precision"][key], st.get("rounding"))
        assert got == pytest.approx(st[key]), f"{entry['code']} {kind}: {got} vs seed {st[key]} ({entry['quote']})"


@pytest.mark.parametrize("entry", list(_statements("change_pct")) + list(_statements("change_abs")))
def test_change_against_same_period_reproduces(sample, entry):
    st = entry["stated"]
    base = sample.baseline.get("2023-Q1", "NN", entry["code"])
    assert base is not None, f"{entry['code']}: no 2023-Q1 district baseline"
    if "change_pct" in st:
        got = _shown((entry["value"] / base - 1) * 100, st["precision"]["change_pct"], None)
        assert got == pytest.approx(st["change_pct"])
    if "change_abs" in st:
        assert entry["value"] - base == pytest.approx(st["change_abs"])


def _rates():
    for e in SEED["indicators"]:
        if "pct" in (e.get("stated") or {}):
            yield pytest.param(e, id=e["code"])


@pytest.mark.parametrize("entry", list(_rates()))
def test_printed_rates_reproduce_from_their_operands_except_the_seed_errors(sample, entry):
    ind = sample.catalog[entry["code"]]
    if not ind.is_ratio:
        pytest.skip(f"{ind.code} is typed by its reporter, not computed")
    num, den = VALUES.get(ind.numerator), VALUES.get(ind.denominator)
    assert num is not None and den is not None, f"seed lacks operands of {ind.code}"
    st = entry["stated"]
    got = _shown(num / den * ind.scale, st["precision"]["pct"], st.get("rounding"))
    if ind.code in RATE_DISCREPANCIES:
        assert got != pytest.approx(st["pct"]), f"{ind.code} is listed as a seed error but reproduces"
    else:
        assert got == pytest.approx(st["pct"]), f"{ind.code}: {num}/{den} = {got}, seed says {st['pct']}"


def test_every_catalog_code_in_the_seed_table_exists(sample):
    unknown = [c for c in VALUES if c not in sample.catalog]
    assert unknown == []
    assert len(sample.catalog) >= 100
    assert set(sample.catalog.sections) == {"KT", "VHXH", "QPAN", "TTTP", "CDS"}
