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


@pytest.mark.parametrize(
    "code,start,end",
    [
        ("2025-M01", date(2024, 12, 15), date(2025, 1, 14)),
        ("2025-M07", date(2025, 6, 15), date(2025, 7, 14)),
        ("2025-M12", date(2025, 11, 15), date(2025, 12, 14)),
    ],
)
def test_months_cut_off_from_the_15th_of_the_month_before(code, start, end):
    """Nghị định 09/2019/NĐ-CP, Điều 12: a monthly report runs from the 15th of the month
    before to the 14th of the month."""
    p = Period.parse(code)
    assert (p.start, p.end) == (start, end) and p.code == code and p.is_month
    assert p.title_vi() == f"THÁNG {p.month} NĂM 2025" and p.title_en().endswith("2025")


def test_months_build_quarters_as_quarters_build_the_year():
    q3 = Period.parse("2025-Q3")
    assert [m.code for m in q3.components()] == ["2025-M07", "2025-M08", "2025-M09"]
    assert q3.start == q3.components()[0].start and q3.end == q3.components()[-1].end
    months = [Period.month_of(2025, m) for m in range(1, 13)]
    for a, b in zip(months, months[1:]):
        assert (b.start - a.end).days == 1 and b.previous() == a
    assert months[0].previous() is None and months[0].starts_year and not months[6].starts_year
    assert [q.code for q in Period.parse("2025-9M").components()] == ["2025-Q1", "2025-Q2", "2025-Q3"]
    assert [q.code for q in Period.parse("2025").components()] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert Period.parse("2025-M07").components() == []
    assert Period.parse("2025-Q2").previous() == Period.parse("2025-Q1")
    assert Period.parse("2025-H1").previous() is None and Period.parse("2025-H1").starts_year
    assert Period.parse("2025-M08").same_period_last_year().code == "2024-M08"


@pytest.mark.parametrize("bad", ["2025-M13", "2025-M00", "2025-M7"])
def test_bad_months_are_refused(bad):
    with pytest.raises(PeriodError):
        Period.parse(bad)


def test_in_a_sentence_the_quarter_keeps_its_roman_numeral() -> None:
    from toolkit.periods import Period

    assert Period.parse("2024-Q1").in_sentence_vi() == "quý I năm 2024"
    assert Period.parse("2024-Q4").in_sentence_vi() == "quý IV năm 2024"
    assert Period.parse("2024-H1").in_sentence_vi() == "6 tháng đầu năm 2024"
