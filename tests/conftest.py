"""Shared fixtures: a fresh copy of the sample workspace, and LibreOffice when present."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from toolkit.libreoffice import find_soffice
from toolkit.workspace import Workspace, init_workspace

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
        shutil.copytree(REPO / "templates" / "nga-nam-2024", dest / "templates")
        (dest / "submissions").mkdir()
        return dest

    return _copy
