"""Shared fixtures: a fresh copy of the sample workspace, and LibreOffice when present.

``BAOCAO_PORTABLE=1`` runs the tests as on Windows/macOS as far as Linux can: baocao's
code cannot import ``fcntl`` or ``resource`` and processes are spawned, in this process and
in every child (tests/portable/sitecustomize.py, put on PYTHONPATH). CI runs the lock,
pool, intake-safety and gate-isolation tests a second time so (.ci/run).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

PORTABLE_DIR = Path(__file__).resolve().parent / "portable"
if os.environ.get("BAOCAO_PORTABLE") == "1":
    sys.path.insert(0, str(PORTABLE_DIR))
    import sitecustomize  # noqa: E402  (the guard, in this process)

    sitecustomize.install()
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(PORTABLE_DIR), os.environ.get("PYTHONPATH")) if p)

from toolkit.libreoffice import find_soffice  # noqa: E402  (after the guard)
from toolkit.workspace import Workspace, init_workspace  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A new workspace made from the sample, in a temporary folder."""
    return Workspace.open(init_workspace(tmp_path / "ws"))


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
