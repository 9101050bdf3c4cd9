"""Period arithmetic and cut-off dates (Nghị định 09/2019/NĐ-CP, Điều 12)."""

from __future__ import annotations

from datetime import date

import pytest

from toolkit.periods import Period, PeriodError, fmt_date, standard_periods


@pytest.mark.parametrize(
    "code,start,end",
    [
        ("2024-Q1", date(2023, 12, 15), date(2024, 3, 14)),
        ("2024-Q2", date(2024, 3, 15), date(2024, 6, 14)),
        ("2024-Q3", date(2024, 6, 15), date(2024, 9, 14)),
        ("2024-Q4", date(2024, 9, 15), date(2024, 12, 14)),
        ("2024-H1", date(2023, 12, 15), date(2024, 6, 14)),
        ("2024-9M", date(2023, 12, 15), date(2024, 9, 14)),
        ("2024", date(2023, 12, 15), date(2024, 12, 14)),
    ],
)
def test_cut_off_windows(code, start, end):
    p = Period.parse(code)
    assert (p.start, p.end) == (start, end)
    assert p.code == code and str(p) == code
    assert p.contains(start) and p.contains(end)


def test_consecutive_quarters_tile_the_year_without_gaps():
    qs = [Period(2024, f"Q{i}") for i in range(1, 5)]
    for a, b in zip(qs, qs[1:]):
        assert (b.start - a.end).days == 1
    assert qs[0].start == Period.parse("2024").start and qs[-1].end == Period.parse("2024").end


def test_quarters_ytd_previous_and_same_period():
    assert [str(q) for q in Period.parse("2024-9M").quarters()] == ["2024-Q1", "2024-Q2", "2024-Q3"]
    assert [str(q) for q in Period.parse("2024-Q3").ytd_quarters()] == ["2024-Q1", "2024-Q2", "2024-Q3"]
    assert str(Period.parse("2024-Q3").previous_quarter()) == "2024-Q2"
    assert Period.parse("2024-Q1").previous_quarter() is None
    assert str(Period.parse("2024-H1").same_period_last_year()) == "2023-H1"
    assert len(standard_periods(2024)) == 7


def test_deadline_default_and_override():
    p = Period.parse("2024-Q1")
    assert p.deadline(5) == date(2024, 3, 19)
    assert p.deadline(5, {"2024-Q1": date(2024, 3, 20)}) == date(2024, 3, 20)


def test_titles_in_vietnamese():
    assert Period.parse("2024-Q1").title_vi() == "QUÝ I NĂM 2024"
    assert Period.parse("2024-Q4").label_vi() == "Quý IV năm 2024"
    assert Period.parse("2024-H1").title_vi() == "6 THÁNG ĐẦU NĂM 2024"
    assert fmt_date(date(2024, 3, 4)) == "04/03/2024"


@pytest.mark.parametrize("bad", ["2024-Q5", "Q1-2024", "24-Q1", "", "2024-H2"])
def test_bad_period_codes_are_refused_in_both_languages(bad):
    with pytest.raises(PeriodError) as e:
        Period.parse(bad)
    assert "kỳ báo cáo" in str(e.value) and "not a period" in str(e.value)
