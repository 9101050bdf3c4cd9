"""baocao init: a new workspace from a built-in sample, never over an existing one."""

from __future__ import annotations

from conftest import run

from toolkit.workspace import Workspace

SAMPLE = "phuong-nga-nam"


def test_init_creates_workspace_and_refuses_to_overwrite(tmp_path):
    dest = tmp_path / "new"
    r = run("init", str(dest))
    assert r.exit_code == 0
    assert (dest / "templates" / "catalog.yaml").is_file() and (dest / "submissions" / "inbox").is_dir()
    again = run("init", str(dest))
    assert again.exit_code == 2


def test_init_picks_a_sample_and_the_default_stays_nga_nam(tmp_path):
    res = run("init", str(tmp_path / "a"), "--sample", SAMPLE)
    assert res.exit_code == 0, res.output
    a = Workspace.open(tmp_path / "a")
    assert a.settings.name == "Phường Ngã Năm" and "PNN" in a.units and "NN" not in a.units
    res = run("init", str(tmp_path / "b"))
    assert res.exit_code == 0 and "nga-nam-2024" in res.output
    assert "NN" in Workspace.open(tmp_path / "b").units
    res = run("init", str(tmp_path / "c"), "--sample", "khong-co")
    assert res.exit_code == 2 and "nga-nam-2024, phuong-nga-nam" in res.output
    assert not (tmp_path / "c").exists()
    res = run("catalog", "check", ws=tmp_path / "a")
    assert res.exit_code == 0, res.output
