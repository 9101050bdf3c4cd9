"""The seed report's own figures, entered as the responsible units would, through the real forms.

Ward-reported figures are split across the wards by the seed file's weights (largest
remainder, so totals are exact); department figures go to their reporter. Every unit's
form is written, validated, and:

* every discrepancy the seed file lists is either flagged by validation (parts that
  exceed their whole) or shown by the form itself: the figure the form computes (a whole
  from its parts, a rate from its operands) differs from the one the report printed;
* nothing else is an error.
"""

from __future__ import annotations

import pytest
import yaml

from toolkit.demo import seed_table
from toolkit.forms import write_form
from toolkit.periods import Period
from toolkit.seedsplit import largest_remainder, split_district_figures
from toolkit.validate import validate_paths
from toolkit.workspace import Workspace

SEED = yaml.safe_load(seed_table().read_text(encoding="utf-8"))
PERIOD = Period.parse(SEED["period"])


@pytest.fixture(scope="module")
def seed_reports(tmp_path_factory):
    ws = Workspace.sample()
    out = tmp_path_factory.mktemp("seed-forms")
    values = {e["code"]: e["value"] for e in SEED["indicators"]}
    fills = split_district_figures(ws, values, SEED["ward_split_weights"])
    units = [u.code for u in ws.expected_units(PERIOD)]
    assert set(fills) <= set(units)
    for unit in units:
        write_form(ws, unit, PERIOD, out / f"{unit}.xlsx", fill=fills.get(unit, {}))
    reports = validate_paths([out], ws, expect_period=PERIOD.code, jobs=2)
    return ws, {r.unit: r for r in reports}


def _value(reports, unit: str, code: str, column: str = "value"):
    for v in reports[unit].values:
        if (v.indicator, v.column) == (code, column):
            return v
    raise KeyError((unit, code, column))


def test_split_keeps_totals():
    parts = largest_remainder(25607, SEED["ward_split_weights"])
    assert sum(parts.values()) == 25607 and all(float(p).is_integer() for p in parts.values())
    parts = largest_remainder(22327.18, {"A": 1, "B": 2}, 2)
    assert round(sum(parts.values()), 2) == 22327.18


def test_every_expected_unit_returns_a_form(seed_reports):
    ws, reports = seed_reports
    assert set(reports) == {u.code for u in ws.expected_units(PERIOD)}
    print(
        f"\n{len(reports)} forms validated; findings:", {u: (r.errors, r.warnings) for u, r in sorted(reports.items())}
    )


@pytest.mark.parametrize("d", SEED["discrepancies"], ids=lambda d: f"{d['kind']}-{d['indicator']}")
def test_every_seed_discrepancy_is_found(seed_reports, d):
    ws, reports = seed_reports
    ind = ws.catalog[d["indicator"]]
    unit = ind.reporters[0] if not ind.by_wards else None
    assert unit is not None, "the seed's discrepancies are department figures"
    rep = reports[unit]
    flagged = [f for f in rep.findings if f.is_error and f.indicator in d["codes"]]
    computed = _value(reports, unit, ind.code).value
    if d["kind"] == "of_which":
        # typed as reported: the parts exceed the whole -> an error at the whole's cell
        assert [f.code for f in flagged] == ["parts-exceed-whole"], flagged
        f = flagged[0]
        assert f.indicator == ind.code and f.cell == _value(reports, unit, ind.code).cell
        assert f.expected == f"{d['computed']:,}".replace(",", ".")
        print(f"\n{ind.code}: flagged at {f.sheet}!{f.cell}: {f.message_vi}")
    elif d["kind"] == "parts_sum":
        # the form computes the whole from its parts: it cannot show the report's figure
        assert computed == d["computed"] != d["seed"][ind.code]
        print(
            f"\n{ind.code}: the form computes {computed:g} from the parts; the report printed {d['seed'][ind.code]:g}"
        )
    else:  # a printed rate the operands do not give
        assert computed == pytest.approx(d["computed"], abs=0.01)  # the file truncates
        assert round(computed, 2) != d["seed"][ind.code]
        print(f"\n{ind.code}: the form computes {computed:.2f}%; the report printed {d['seed'][ind.code]:g}%")


def test_nothing_else_is_an_error(seed_reports):
    ws, reports = seed_reports
    expected = {
        (ind_unit(ws, d["indicator"]), "parts-exceed-whole", d["indicator"])
        for d in SEED["discrepancies"]
        if d["kind"] == "of_which"
    }
    errors = {(r.unit, f.code, f.indicator) for r in reports.values() for f in r.findings if f.is_error}
    assert errors == expected, sorted(errors - expected)


def test_figures_read_back_as_entered(seed_reports):
    ws, reports = seed_reports
    values = {e["code"]: e["value"] for e in SEED["indicators"]}
    fills = split_district_figures(ws, values, SEED["ward_split_weights"])
    for unit, fill in fills.items():
        got = {(v.indicator, v.column): v.value for v in reports[unit].values}
        for key, v in fill.items():
            assert got[key] == pytest.approx(v), (unit, key)


def ind_unit(ws: Workspace, code: str) -> str:
    return ws.catalog[code].reporters[0]
