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


def test_demo_returns_say_which_return_carries_the_seeds_own_inconsistency(workspace):
    """On the district sample, --no-mistakes returns are valid but for the one unit whose
    figures are the seed report's own 'trong đó' inconsistency, and the story names it."""
    import json

    r = run("demo", "returns", "--period", "2024-Q1", "--no-mistakes", ws=workspace, ok=(0,))
    flagged = [line.split()[0] for line in r.output.splitlines() if "mâu thuẫn có thật" in line]
    assert flagged == ["CA"]
    assert "AN.MT_DUONG_TINH" in r.output and "45 > 25" in r.output
    out = run("validate", str(workspace.inbox), "--jobs", "1", "--json", "--values", "none", ws=workspace)
    errors = {
        d["unit"]: sorted({(f["code"], f.get("indicator")) for f in d["findings"] if f["severity"] == "error"})
        for d in json.loads(out.output)["files"]
    }
    assert errors.pop("CA") == [("parts-exceed-whole", "AN.MT_DUONG_TINH")]
    assert all(not e for e in errors.values()), errors
