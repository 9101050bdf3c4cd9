"""baocao templates: the command over toolkit/forms (files written, --unit, --json, usage errors)."""

from __future__ import annotations

import json
import shutil

from conftest import DATA, run

from toolkit.periods import Period
from toolkit.workspace import Workspace

Q1 = Period.parse("2024-Q1")


def test_cli_templates(tmp_path):
    mini = tmp_path / "mini"  # a copy: templates keeps the catalog's version in the workspace
    shutil.copytree(DATA / "mini" / "templates", mini / "templates")
    args = ["-w", str(mini), "templates", "--period", "2024-Q1", "--out", str(tmp_path)]
    r = run(*args)
    assert r.exit_code == 0, r.output
    files = sorted((tmp_path / "2024-Q1").glob("*.xlsx"))
    ws = Workspace.open(mini)
    assert (mini / "submissions" / "catalog-versions" / f"{ws.catalog.version}.json").is_file()
    assert len(files) == len(ws.expected_units(Q1))
    assert "giây/biểu" in r.output
    assert all(str(f) in r.output for f in files)

    r = run(*args, "-u", "P2", "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert [f["unit"] for f in doc["forms"]] == ["P2"]

    r = run(*args, "-u", "NOPE")
    assert r.exit_code == 2 and "NOPE" in r.output
    r = run("templates", "--period", "2024-Q9", "--out", str(tmp_path), ws=mini)
    assert r.exit_code == 2
    r = run("templates", "--out", str(tmp_path), ws=mini)
    assert r.exit_code == 2  # --period is required


def test_cli_refuses_a_broken_catalog(tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(DATA / "mini" / "templates", root / "templates")
    cat = root / "templates" / "catalog.yaml"
    cat.write_text(cat.read_text(encoding="utf-8").replace("type: integer", "type: whole", 1), encoding="utf-8")
    r = run("templates", "--period", "2024-Q1", ws=root)
    assert r.exit_code == 2
    assert not (root / "output").exists()
