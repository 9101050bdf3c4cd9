"""Units as data: validity, lineage of the 1/7/2025 merger, who reports when."""

from __future__ import annotations

from toolkit.periods import Period


def test_sample_units_before_and_after_the_merger(sample):
    units = sample.units
    assert units.problems == []
    q1_2024 = {u.code for u in units.wards(Period.parse("2024-Q1"), "NN")}
    assert q1_2024 == {"P1", "P2", "P3", "LB", "MB", "MQ", "TL", "VQ"}
    after = {u.code for u in units.wards(Period.parse("2025-Q3"), "CT")}
    assert after == {"PNN", "PMQ", "XTL"}
    assert units.wards(Period.parse("2025-Q3"), "NN") == []
    assert set(units.ancestors_of("PNN")) == {"P1", "P2", "VQ"}
    assert set(units.ancestors_of("XTL")) == {"TL", "LB", "TTAN"}
    # the external commune is lineage only: never expected to report here
    assert "TTAN" not in {u.code for u in units.reporting(Period.parse("2024-Q1"))}


def test_bad_units_file_lists_every_problem(tmp_path):
    from toolkit.units import load_units

    p = tmp_path / "units.yaml"
    p.write_text(
        "units:\n"
        "  - {code: A, name: A, kind: ward, parent: ZZ}\n"
        "  - {code: A, name: A again, kind: ward}\n"
        "  - {code: B, name: B, kind: village}\n"
        "  - {code: C, name: C, kind: ward, valid_from: 2025-13-01}\n"
        "  - {code: D, name: D, kind: ward, predecessors: [QQ], colour: red}\n",
        encoding="utf-8",
    )
    problems = load_units(p).problems
    lines = sorted(f.line for f in problems)
    assert lines == [2, 3, 4, 5, 6, 6]
    assert all(f.code == "catalog-bad-unit" for f in problems)
