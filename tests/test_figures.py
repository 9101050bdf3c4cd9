"""The one lookup of accepted figures (toolkit/figures.py): archive, built from components,
baseline, a period that starts the year, a merged unit's predecessors."""

from __future__ import annotations

from toolkit.figures import Figures
from toolkit.forms import plan_form
from toolkit.periods import Period


class Archive:
    """Accepted figures as the archive gives them: get(unit, period, indicator, column)."""

    def __init__(self, data: dict) -> None:
        self.data = data

    def get(self, unit, period, indicator, column="value"):
        return self.data.get((unit, period, indicator, column))


FLOW, STOCK = "NN.DT_MAU", "NN.DAN_GIA_SUC"


def test_archive_first_then_baseline(sample):
    base = sample.baseline.get("2023-Q1", "NN", "NN.DT_MAU_CAT")
    assert base is not None
    f = Figures(sample, Archive({}))
    assert f.lookup("NN", "2023-Q1", "NN.DT_MAU_CAT").source == "baseline"
    f = Figures(sample, Archive({("NN", "2023-Q1", "NN.DT_MAU_CAT", "value"): base + 1}))
    got = f.lookup("NN", "2023-Q1", "NN.DT_MAU_CAT")
    assert (got.value, got.source) == (base + 1, "archive")


def test_a_period_that_starts_the_year_has_its_value_as_year_to_date(sample):
    f = Figures(sample, Archive({("P1", "2024-Q1", FLOW, "value"): 140.0, ("P1", "2024-Q1", STOCK, "value"): 9.0}))
    assert f.ytd_before("P1", Period.parse("2024-Q2"), FLOW).value == 140.0
    assert f.ytd_before("P1", Period.parse("2024-Q1"), FLOW).value is None  # nothing before Q1
    assert f.get("P1", "2024-Q1", STOCK, "ytd") is None  # a stock has no year to date


def test_windows_are_built_from_their_components(sample):
    data = {
        ("P1", "2024-Q1", FLOW, "value"): 100.0,
        ("P1", "2024-Q2", FLOW, "value"): 120.0,
        ("P1", "2024-Q2", FLOW, "ytd"): 220.0,
        ("P1", "2024-Q1", STOCK, "value"): 9.0,
        ("P1", "2024-Q2", STOCK, "value"): 11.0,
        ("P1", "2025-M07", FLOW, "value"): 5.0,
        ("P1", "2025-M08", FLOW, "value"): 6.0,
        ("P1", "2025-M09", FLOW, "value"): 7.0,
        ("P1", "2025-M09", FLOW, "ytd"): 80.0,
    }
    f = Figures(sample, Archive(data))
    assert f.lookup("P1", "2024-H1", FLOW).value == 220.0  # H1 = Q2's year to date
    assert f.lookup("P1", "2024-H1", FLOW).source == "components"
    assert f.get("P1", "2024-H1", STOCK) == 11.0  # a stock at the end of the window
    assert f.get("P1", "2025-Q3", FLOW) == 18.0  # a quarter = the sum of its months
    assert f.get("P1", "2025-Q3", FLOW, "ytd") == 80.0
    assert f.get("P1", "2025-9M", FLOW) == 80.0  # 9 months = Q3's year to date, itself from M09
    assert f.same_period("P1", Period.parse("2025-H1"), FLOW).value == 220.0


def test_a_merged_unit_sums_its_predecessors_or_says_who_is_missing(sample):
    pnn = sample.units["PNN"]
    assert pnn.predecessors == ("P1", "P2", "VQ")
    q3 = Period.parse("2025-Q3")
    data = {(u, "2024-Q3", FLOW, "value"): v for u, v in (("P1", 10.0), ("P2", 20.0), ("VQ", 30.0))}
    got = Figures(sample, Archive(data)).same_period("PNN", q3, FLOW)
    assert (got.value, got.source) == (60.0, "predecessors")
    del data[("VQ", "2024-Q3", FLOW, "value")]
    got = Figures(sample, Archive(data)).same_period("PNN", q3, FLOW)
    assert got.value is None and got.missing == ("VQ",)


def test_a_merged_units_form_prompts_for_what_is_missing(sample):
    """The cùng kỳ of a merged ward stays an input when a predecessor's figure is missing,
    and its prompt names the predecessor."""
    q3 = Period.parse("2025-Q3")
    pnn = sample.units["PNN"]
    inds = [i for i in sample.indicators_for(pnn, q3) if i.is_input and i.aggregate == "sum" and i.same_period]
    assert inds
    code = inds[0].code
    full = {(u, "2024-Q3", code, "value"): 1.0 for u in ("P1", "P2", "VQ")}
    plan = plan_form(sample, pnn, q3, history=Figures(sample, Archive(full)))
    same = plan.cell(code, "same_period")
    assert (same.role, same.value) == ("prefilled", 3.0)
    del full[("VQ", "2024-Q3", code, "value")]
    plan = plan_form(sample, pnn, q3, history=Figures(sample, Archive(full)))
    same = plan.cell(code, "same_period")
    assert same.role == "input" and "Xã Vĩnh Quới" in same.rule.prompt and "sáp nhập" in same.rule.prompt


def test_a_year_to_date_filed_before_the_period_before_was_corrected_is_settled(sample):
    """Q2 filed carrying Q1 = 100; Q1 corrected to 150 afterwards: Q2's year to date is 150 + Q2."""
    data = {
        ("P1", "2024-Q1", FLOW, "value"): 150.0,
        ("P1", "2024-Q2", FLOW, "value"): 20.0,
        ("P1", "2024-Q2", FLOW, "ytd_prev"): 100.0,
        ("P1", "2024-Q2", FLOW, "ytd"): 120.0,
    }
    f = Figures(sample, Archive(data))
    assert f.get("P1", "2024-Q2", FLOW, "ytd") == 170.0
    assert f.ytd_before("P1", Period.parse("2024-Q3"), FLOW).value == 170.0
    assert f.get("P1", "2024-H1", FLOW) == 170.0
    data[("P1", "2024-Q2", FLOW, "ytd_prev")] = 150.0
    data[("P1", "2024-Q2", FLOW, "ytd")] = 170.0
    assert Figures(sample, Archive(data)).get("P1", "2024-Q2", FLOW, "ytd") == 170.0


def test_may_hold_is_a_cheap_no_for_units_without_figures(sample):
    f = Figures(sample, None)
    assert f.may_hold("NN", "2023-Q1")  # the baseline's district rows
    assert f.may_hold("P1", "2023-Q1")  # a ward's baseline rows
    assert not f.may_hold("PKT", "2023-Q1") and not f.may_hold("NN", "2022-Q1")
    data = {("P1", "2024-Q3", FLOW, "value"): 1.0}

    class Listed(Archive):
        def holders(self):
            return {(u, p) for (u, p, _i, _c) in self.data}

        def periods(self):
            return {p for (_u, p, _i, _c) in self.data}

    f = Figures(sample, Listed(data))
    assert f.may_hold("P1", "2024-Q3") and f.may_hold("PNN", "2024-Q3")  # through a predecessor
    assert not f.may_hold("P3", "2024-Q3") and not f.may_hold("PMQ", "2024-Q3")
    assert f.may_hold("P1", "2024-9M")  # built from its quarters
