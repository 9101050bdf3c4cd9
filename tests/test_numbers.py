"""Vietnamese number display and reading of typed text."""

from __future__ import annotations

import pytest

from toolkit.numbers import fmt, fmt_pct, read, read_plain, round_half_up, truncate


@pytest.mark.parametrize(
    "value,decimals,text",
    [
        (7600, None, "7.600"),
        (37.891, 2, "37,89"),
        (22327.18, None, "22.327,18"),
        (0.5, None, "0,5"),
        (-1234.5, 1, "-1.234,5"),
        (39.25, 1, "39,3"),
        (2.675, 2, "2,68"),
        (1234567, 0, "1.234.567"),
        (None, None, ""),
    ],
)
def test_fmt(value, decimals, text):
    assert fmt(value, decimals) == text


def test_fmt_pct_and_rounding_helpers():
    assert fmt_pct(97.4137) == "97,41%"
    assert round_half_up(0.125, 2) == 0.13 and truncate(103.1856, 2) == 103.18


@pytest.mark.parametrize(
    "text,values,percent,suffix",
    [
        ("1.234,5", [1234.5], False, ""),
        ("2,5", [2.5], False, ""),
        ("37,89%", [37.89], True, ""),
        ("1.234,5 ha", [1234.5], False, "ha"),
        ("1,234.5", [1234.5], False, ""),
        ("1.5", [1.5], False, ""),
        ("1.234", [1234.0, 1.234], False, ""),
        ("1,234", [1.234, 1234.0], False, ""),
        ("1.234.567", [1234567.0], False, ""),
        (" 25 607 ", [25607.0], False, ""),
        ("-3", [-3.0], False, ""),
        ("7.600 đ/kg", [7600.0, 7.6], False, "đ/kg"),
        ("abc", [], False, ""),
        ("12,3,4", [], False, ""),
        ("1.23.4", [], False, ""),
        ("", [], False, ""),
    ],
)
def test_read_returns_every_plausible_reading(text, values, percent, suffix):
    p = read(text)
    assert [r.value for r in p.readings] == values
    assert p.ambiguous == (len(values) > 1)
    if values:
        assert p.percent == percent and p.suffix == suffix
        assert all(r.how_vi and r.how_en for r in p.readings)


def test_read_plain_refuses_ambiguity():
    assert read_plain("8,27") == 8.27 and read_plain("25056") == 25056
    with pytest.raises(ValueError, match="ambiguous"):
        read_plain("25.056")
    with pytest.raises(ValueError, match="not a number"):
        read_plain("n/a")
