"""The form's formulas: rendering and Excel semantics of the evaluator that writes cached values.

test_forms_libreoffice.py checks the same evaluator against LibreOffice's own recalculation.
"""

from __future__ import annotations

import pytest

from toolkit.forms import formulas as fx


def evaluate(expr: fx.Expr, cells: dict[str, object]):
    return expr.eval(lambda a: cells.get(a))


def test_copy_of_keeps_blanks_blank():
    e = fx.copy_of("E11")
    assert e.render() == 'IF(E11="","",E11)'
    assert evaluate(e, {}) == ""
    assert evaluate(e, {"E11": 0.0}) == 0.0  # a typed 0 is not blank
    assert evaluate(e, {"E11": 12.5}) == 12.5
    assert evaluate(e, {"E11": "1.234"}) == "1.234"


def test_total_of_parts_uses_ranges_and_ignores_text():
    e = fx.total_of(["E12", "E13", "E14", "E16"])
    assert e.render() == 'IF(COUNT(E12:E14,E16)=0,"",SUM(E12:E14,E16))'
    assert evaluate(e, {}) == ""
    assert evaluate(e, {"E12": 1.0, "E13": "x", "E16": 2.5}) == 3.5
    assert evaluate(e, {"E13": "1.234"}) == ""  # only text: nothing counted


@pytest.mark.parametrize(
    "cells,expected",
    [
        ({"E1": 50.0, "E2": 200.0}, 25.0),
        ({"E1": 50.0}, ""),  # blank denominator
        ({"E1": 50.0, "E2": 0.0}, ""),  # zero denominator
        ({"E2": 200.0}, ""),  # blank numerator
        ({"E1": 50.0, "E2": "abc"}, ""),  # N(text) = 0
        ({"E1": "abc", "E2": 200.0}, fx.VALUE_ERROR),
        ({"E1": 0.0, "E2": 4.0}, 0.0),
    ],
)
def test_ratio_is_guarded(cells, expected):
    e = fx.ratio_of("E1", "E2", 100)
    assert e.render() == 'IF(OR(N(E2)=0,E1=""),"",E1/E2*100)'
    assert evaluate(e, cells) == expected


def test_per_mille_scale_and_operator_precedence():
    e = fx.ratio_of("E1", "E2", 1000)
    assert evaluate(e, {"E1": 3.0, "E2": 4.0}) == 750.0
    assert fx.Op("/", fx.Ref("A1"), fx.Op("*", fx.Ref("B1"), fx.Num(2))).render() == "A1/(B1*2)"
    assert fx.Op("*", fx.Op("+", fx.Ref("A1"), fx.Num(1)), fx.Num(2)).render() == "(A1+1)*2"
    assert fx.Num(0.5).render() == "0.5" and fx.Num(100.0).render() == "100"
    assert fx.Text('say "hi"').render() == '"say ""hi"""'


def test_excel_comparisons():
    def cmp(op, a, b):
        return evaluate(fx.Op(op, fx.Ref("A"), fx.Ref("B")), {"A": a, "B": b})

    assert cmp("=", None, 0.0) is True
    assert cmp("=", None, "") is True
    assert cmp(">", "a", 5.0) is True  # text sorts after numbers
    assert cmp("=", "ABC", "abc") is True
    assert cmp("<", 2.0, 3.0) is True
    assert evaluate(fx.Op("/", fx.Num(1), fx.Ref("Z")), {}) == fx.DIV0_ERROR


def test_first_problem_reports_the_first_failing_check():
    e = fx.first_problem(
        [
            (fx.call("ISTEXT", fx.Ref("E1")), "text"),
            (fx.call("AND", fx.call("ISNUMBER", fx.Ref("E1")), fx.Op(">", fx.Ref("E2"), fx.Ref("E1"))), "parts"),
        ]
    )
    assert evaluate(e, {"E1": "x", "E2": 5.0}) == "text"
    assert evaluate(e, {"E1": 1.0, "E2": 5.0}) == "parts"
    assert evaluate(e, {"E1": 9.0, "E2": 5.0}) == ""
    assert evaluate(e, {}) == ""


def test_evaluate_all_follows_chains_and_refuses_cycles():
    forms = {"E3": fx.total_of(["E1", "E2"]), "F3": fx.copy_of("E3"), "G3": fx.ratio_of("E1", "E3", 100)}
    out = fx.evaluate_all(forms, {"E1": 1.0, "E2": 3.0})
    assert out == {"E3": 4.0, "F3": 4.0, "G3": 25.0}
    with pytest.raises(ValueError):
        fx.evaluate_all({"A1": fx.copy_of("B1"), "B1": fx.copy_of("A1")}, {})
