"""Workspace safety and one consistent command line.

Writing commands run only in a workspace (the current folder, a folder above it, or ``-w``);
outside one they exit 2, say how to make one, and write nothing. Read-only commands show
the built-in sample and say so. ``-w`` and ``--lang`` work before or after the subcommand,
and every ``--json`` output names its ``format``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run

from toolkit.intake import approve, intake
from toolkit.workspace import Workspace, WorkspaceError, find_workspace, sample_names, samples_dir

QUIET = {"BAOCAO_NO_PROGRESS": "1"}


def test_the_samples_are_package_data() -> None:
    assert "nga-nam-2024" in sample_names()
    ws = Workspace.sample()
    assert ws.is_sample and ws.definitions == samples_dir() / "nga-nam-2024"
    assert (ws.definitions / "demo" / "seed_q1_2024.yaml").is_file()
    with pytest.raises(WorkspaceError, match="read-only"):
        ws.require_writable()
    with pytest.raises(WorkspaceError, match="read-only"):
        intake(ws)
    with pytest.raises(WorkspaceError, match="read-only"):
        approve(ws, "2024-Q1")
    with pytest.raises(WorkspaceError, match="no built-in sample 'nope'"):
        Workspace.sample("nope")


@pytest.mark.parametrize(
    "args",
    [
        ("templates", "--period", "2024-Q1"),
        ("demo", "returns"),
        ("intake",),
        ("approve", "--period", "2024-Q1"),
        ("consolidate", "--period", "2024-Q1"),
        ("status", "--period", "2024-Q1"),
        ("history",),
    ],
    ids=lambda a: a[0],
)
def test_outside_a_workspace_exit_2_and_write_nothing(tmp_path, monkeypatch, args) -> None:
    before = sorted(p.relative_to(samples_dir()) for p in samples_dir().rglob("*") if "__pycache__" not in p.parts)
    monkeypatch.chdir(tmp_path)
    r = run(*args, env=QUIET)
    assert r.exit_code == 2, r.output
    assert "baocao init" in r.output and "không phải thư mục làm việc" in r.output
    assert not any(tmp_path.iterdir())
    after = sorted(p.relative_to(samples_dir()) for p in samples_dir().rglob("*") if "__pycache__" not in p.parts)
    assert after == before


def test_read_only_commands_show_the_sample_and_say_so(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = run("--lang", "en", "catalog", "check", env=QUIET)
    assert r.exit_code == 0 and "showing the built-in sample 'nga-nam-2024'" in r.output
    assert not any(tmp_path.iterdir())


def test_a_workspace_is_found_from_a_folder_inside_it(workspace, monkeypatch) -> None:
    inner = workspace.inbox
    assert find_workspace(inner) == workspace.root
    monkeypatch.chdir(inner)
    r = run("catalog", "check", "--json", env=QUIET)
    assert r.exit_code == 0
    assert json.loads(r.output)["workspace"] == str(workspace.root)


def test_global_options_before_or_after_the_subcommand(workspace, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    w = str(workspace.root)
    outputs = [
        run("-w", w, "--lang", "en", "catalog", "show", "--section", "CDS", env=QUIET).output,
        run("catalog", "show", "--section", "CDS", "-w", w, "--lang", "en", env=QUIET).output,
        run("catalog", "-w", w, "show", "--lang", "en", "--section", "CDS", env=QUIET).output,
    ]
    assert outputs[0] == outputs[1] == outputs[2] and "indicators; catalog version" in outputs[0]
    r = run("status", "--period", "2024-Q1", "--lang", "en", "-w", w, "--json", env=QUIET)
    assert r.exit_code == 0 and json.loads(r.output)["format"] == "baocao-status/1"


@pytest.mark.parametrize(
    ("args", "fmt"),
    [
        (("catalog", "check"), "baocao-catalog-check/1"),
        (("catalog", "show", "--section", "CDS"), "baocao-catalog-show/1"),
        (("history",), "baocao-history/1"),
        (("approve", "--period", "2024-Q1"), "baocao-approve/1"),
    ],
)
def test_every_json_output_has_its_format(workspace, args, fmt) -> None:
    r = run("-w", str(workspace.root), *args, "--json", env=QUIET)
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["format"] == fmt


def test_init_never_overwrites_and_says_so_in_one_language(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init", "ws", env=QUIET).exit_code == 0
    r = run("--lang", "en", "init", "ws", env=QUIET)
    assert r.exit_code == 2 and "exists; not overwriting" in r.output and "đã tồn tại" not in r.output


def test_exit_codes_as_documented(workspace, tmp_path) -> None:
    w = str(workspace.root)
    assert run("-w", w, "history", "--unit", "NOPE", env=QUIET).exit_code == 2  # unknown unit
    assert run("-w", w, "validate", str(tmp_path), "--unit", "NOPE", env=QUIET).exit_code == 2
    assert run("-w", str(tmp_path), "catalog", "check", env=QUIET).exit_code == 2  # no workspace
    (workspace.definitions / "units.yaml").unlink()
    assert run("-w", w, "catalog", "check", env=QUIET).exit_code == 2  # a definition file missing
    (workspace.definitions / "catalog.yaml").unlink()
    r = run("-w", w, "--lang", "en", "catalog", "check", env=QUIET)
    assert r.exit_code == 2 and "no templates/catalog.yaml" in r.output  # no catalog: not a workspace


def test_english_plurals_and_vietnamese_period_labels(workspace) -> None:
    w = str(workspace.root)
    r = run("-w", w, "--lang", "en", "intake", env=QUIET)
    assert "Summary: 0 files; 0 new versions" in r.output and "1 files" not in r.output
    workspace.inbox.joinpath("ghi-chu.xlsx").write_text("not a workbook", encoding="utf-8")
    r = run("-w", w, "--lang", "en", "intake", env=QUIET)
    assert "Summary: 1 file;" in r.output, r.output


def test_catalog_show_wraps_long_names(workspace) -> None:
    r = run("-w", str(workspace.root), "catalog", "show", env=QUIET)
    longest = max((i.name for i in workspace.catalog), key=len)
    assert len(longest) > 58
    words = longest.split()
    assert all(word in r.output for word in words)  # every word shown, none cut off
    assert " ".join(r.output.split()).count(" ".join(words[-3:])) >= 1


def test_intake_without_an_inbox_says_where_to_put_files(workspace) -> None:
    workspace.inbox.rmdir()
    r = run("-w", str(workspace.root), "--lang", "en", "intake", env=QUIET)
    assert r.exit_code == 2 and "Create it and copy the returned files into it" in r.output


def test_progress_bars_only_on_a_terminal(workspace, tmp_path) -> None:
    import os
    import pty
    import subprocess
    import sys

    from conftest import child_env

    args = [sys.executable, "-m", "cli", "-w", str(workspace.root), "templates", "--period", "2024-Q1"]
    env = child_env(BAOCAO_LANG="vi")
    env.pop("BAOCAO_NO_PROGRESS", None)
    master, slave = pty.openpty()
    try:
        proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=slave, env=env, timeout=300)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert proc.returncode == 0
    assert "Đang tạo biểu mẫu" in seen.decode("utf-8", "replace")  # on the terminal
    assert "Đang tạo biểu mẫu" not in proc.stdout.decode()
    redirected = subprocess.run(args + ["--json"], capture_output=True, env=env, timeout=300)
    assert redirected.returncode == 0 and "Đang tạo" not in redirected.stderr.decode()
    assert json.loads(redirected.stdout)["format"] == "baocao-templates/1"


def test_messages_in_one_language(workspace) -> None:
    w = str(workspace.root)
    en = run("-w", w, "--lang", "en", "templates", "--period", "2024-Q9", env=QUIET)
    vi = run("-w", w, "templates", "--period", "2024-Q9", env=QUIET)
    assert en.exit_code == vi.exit_code == 2
    assert "is not a period" in en.output and "không phải" not in en.output
    assert "không phải kỳ báo cáo" in vi.output and "is not a period" not in vi.output


def test_help_lists_command_groups():
    r = run("--help")
    assert r.exit_code == 0
    for cmd in ("init", "catalog"):
        assert cmd in r.output


def test_installed_script_and_python_cli_are_the_same_group():
    script = Path(sys.executable).parent / "baocao"
    a = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    b = subprocess.run([sys.executable, str(REPO / "cli.py"), "--help"], capture_output=True, text=True)
    assert a.returncode == b.returncode == 0
    assert a.stdout.splitlines()[1:] == b.stdout.splitlines()[1:]
    assert a.stdout.startswith("Usage: baocao") and b.stdout.startswith("Usage: cli.py")
