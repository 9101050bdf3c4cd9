"""Shared helpers of the test suite: ``run()`` (baocao's command line, in process), the
workspaces tests work in, and LibreOffice when present.

Layout (tests/test_docs.py checks it):
- ``test_cli.py``: the command line as a whole (-w, --lang, --json formats, help);
- ``test_cli_<group>.py``: the click layer of ``toolkit/commands/<group>.py``;
- ``test_<module>[_<topic>].py``: the library module or package ``toolkit/<module>``;
- ``test_e2e_<story>.py``: a story across stages (forms, returns, intake, master, report);
- ``test_docs.py``, ``test_architecture.py``, ``test_install.py``, ``test_portable.py``,
  ``test_windows.py``, ``test_rendering.py``, ``test_bench_smoke.py``: the docs, the toolkit's
  shape (docs/architecture.md), packaging, platforms, print, bench.
Helper modules without tests have no ``test_`` prefix (intake_support.py, gate_corpus.py, ...).

``BAOCAO_PORTABLE=1`` runs the tests as on Windows/macOS as far as Linux can: baocao's
code cannot import ``fcntl`` or ``resource`` and processes are spawned, in this process and
in every child (tests/portable/sitecustomize.py, put on PYTHONPATH). CI runs the lock,
pool, intake-safety and gate-isolation tests a second time so (.ci/run).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

PORTABLE_DIR = Path(__file__).resolve().parent / "portable"
if os.environ.get("BAOCAO_PORTABLE") == "1":
    sys.path.insert(0, str(PORTABLE_DIR))
    import sitecustomize  # noqa: E402  (the guard, in this process)

    sitecustomize.install()
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(PORTABLE_DIR), os.environ.get("PYTHONPATH")) if p)

from intake_support import mini_workspace  # noqa: E402  (after the guard)

from cli import main  # noqa: E402
from toolkit.libreoffice import find_soffice  # noqa: E402
from toolkit.workspace import Workspace, init_workspace  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini"


def mini_fill(
    cattle: float = 9100, area: float = 1535, *, mau: float | None = None, cccd: float = 20000, over_14: float = 21000
) -> dict[tuple[str, str], float]:
    """What a ward of the mini workspace types into its Q1 form: fruit trees ``area`` ha,
    crops ``mau`` ha (half the trees when not given), ``cattle`` head, ``cccd`` of ``over_14``
    people with an identity card. The defaults are a return every check accepts."""
    return {
        ("NN.DT_CAY_AN_TRAI", "value"): area,
        ("NN.DT_MAU", "value"): area / 2 if mau is None else mau,
        ("NN.GIA_SUC", "value"): cattle,
        ("AN.CCCD_LK", "value"): cccd,
        ("AN.DAN_SO_14", "value"): over_14,
    }


def run(
    *args: str,
    ws: Workspace | Path | None = None,
    lang: str | None = None,
    ok: tuple[int, ...] | None = None,
    env: Mapping[str, str | None] | None = None,
    color: bool = False,
) -> Result:
    """``baocao *args`` in this process, as a user types it: ``-w ws`` and ``--lang lang`` go
    first when given. An exception out of a command is a failure of the test, never an exit
    code. With ``ok``, the exit code must be one of it (the output's end in the message)."""
    argv = [*(("-w", str(ws.root if isinstance(ws, Workspace) else ws)) if ws is not None else ()), *args]
    if lang is not None:
        argv[:0] = ["--lang", lang]
    r = CliRunner().invoke(main, argv, catch_exceptions=False, env=env, color=color)
    if ok is not None:
        assert r.exit_code in ok, (argv, r.exit_code, r.output[-3000:])
    return r


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A new workspace made from the default sample (as ``baocao init`` makes it), in a temporary folder."""
    return Workspace.open(init_workspace(tmp_path / "ws"))


@pytest.fixture
def phuong(tmp_path: Path) -> Workspace:
    """A new workspace made from the sample ``phuong-nga-nam`` (a commune after the reform)."""
    return Workspace.open(init_workspace(tmp_path / "ws", Workspace.sample("phuong-nga-nam")))


@pytest.fixture
def mini(tmp_path: Path) -> Workspace:
    """A fresh copy of tests/data/mini (a small catalog) with an empty inbox, where a test may write."""
    return mini_workspace(tmp_path / "ws")


@pytest.fixture(scope="session")
def mini_readonly() -> Workspace:
    """tests/data/mini itself, for tests that only read it."""
    return Workspace.open(MINI)


@pytest.fixture(scope="session")
def sample() -> Workspace:
    """The built-in sample workspace (read-only use)."""
    return Workspace.sample()


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path of LibreOffice's soffice; skips (or fails under BAOCAO_REQUIRE_SOFFICE=1) without it."""
    path = find_soffice()
    if not path:
        if os.environ.get("BAOCAO_REQUIRE_SOFFICE") == "1":
            pytest.fail("LibreOffice is required (BAOCAO_REQUIRE_SOFFICE=1) but soffice is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


@pytest.fixture
def copy_definitions(tmp_path: Path):
    """Copy the sample's definitions to a folder where a test may break them."""

    def _copy() -> Path:
        dest = tmp_path / "broken"
        shutil.copytree(REPO / "templates" / "nga-nam-2024", dest / "templates", ignore=shutil.ignore_patterns("demo"))
        (dest / "submissions").mkdir()
        return dest

    return _copy


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child ``python -m cli``: the repository importable, and the
    portable guard kept (BAOCAO_PORTABLE)."""
    path = [str(REPO)] + ([str(PORTABLE_DIR)] if os.environ.get("BAOCAO_PORTABLE") == "1" else [])
    return dict(os.environ, PYTHONPATH=os.pathsep.join(path), **extra)
