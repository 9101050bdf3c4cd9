"""baocao demo returns: the sample's units send their returns into the inbox (make demo uses it)."""

from __future__ import annotations

from conftest import run

from toolkit.periods import Period


def test_demo_returns_fill_the_inbox_and_name_every_file(workspace):
    r = run("demo", "returns", "--period", "2024-Q1", ws=workspace, ok=(0,))
    files = sorted(p.name for p in workspace.inbox.iterdir() if not p.name.startswith("~$"))  # and Excel's lock file
    assert len(files) >= len(workspace.expected_units(Period.parse("2024-Q1"))) - 2  # a few units are late
    assert f"{len(files)} tệp trong" in r.output
    assert all(name in r.output for name in files)


def test_demo_returns_without_mistakes_all_validate(phuong):
    """As `make demo` runs it on the commune sample (the 2024 seed's own figures hold a
    'trong đó' larger than its whole, so the district sample is not used here)."""
    run("demo", "returns", "--period", "2025-Q3", "--no-mistakes", ws=phuong, ok=(0,))
    r = run("validate", str(phuong.inbox), "--jobs", "1", ws=phuong)
    assert r.exit_code == 0, r.output[-3000:]


def test_demo_returns_with_mistakes_do_not_all_validate(workspace):
    run("demo", "returns", ws=workspace, ok=(0,))
    r = run("validate", str(workspace.inbox), "--jobs", "1", ws=workspace)
    assert r.exit_code == 1


def test_demo_returns_bad_period_is_a_usage_error_and_writes_nothing(workspace):
    r = run("demo", "returns", "--period", "2024-Q9", "--lang", "en", ws=workspace)
    assert r.exit_code == 2, r.output
    assert not any(workspace.inbox.iterdir())
