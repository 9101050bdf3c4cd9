"""Installed as an office installs it: a wheel in a fresh virtual environment, used in a folder
of its own, far from the source tree.

The wheel is built from a copy of the sources (the checkout is never written), installed
(not editable) into a new ``python -m venv``, and the whole job runs in a temporary folder:
init, catalog check, templates, demo returns, intake, status, consolidate. The dependencies
come from the package index when ``BAOCAO_INSTALL_FROM_INDEX=1`` (CI); otherwise, to keep
the suite quick, the fresh environment borrows this environment's installed libraries (a
``.pth`` line after its own site-packages); baocao itself is always the wheel's, which the
test checks.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SKIP_COPY = (".git", ".venv", "build", "output", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache", "bench")


def _files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (to prove nothing was written)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``baocao`` script of a fresh virtual environment holding the built wheel."""
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(*SKIP_COPY))
    wheels = base / "wheels"
    pip = [sys.executable, "-m", "pip"]
    subprocess.run([*pip, "wheel", "--no-deps", "-q", "-w", str(wheels), str(src)], check=True, capture_output=True)
    (wheel,) = wheels.glob("baocao-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    if os.environ.get("BAOCAO_INSTALL_FROM_INDEX") == "1":
        subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    else:
        purelib = subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
        (Path(purelib) / "zz-borrowed-libraries.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
        subprocess.run(
            [str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, capture_output=True
        )
    script = py.parent / ("baocao.exe" if os.name == "nt" else "baocao")
    assert script.is_file()
    where = subprocess.run(
        [
            str(py),
            "-c",
            "import toolkit, importlib.resources as r; print(toolkit.__file__); print(r.files('toolkit.samples'))",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=base,
        env=_env(),
    ).stdout.split()
    assert all(Path(w).is_relative_to(venv) for w in where), where  # the wheel's, not the checkout's
    return script


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BAOCAO_WORKSPACE", "VIRTUAL_ENV")}
    env.update(BAOCAO_LANG="vi", BAOCAO_NO_PROGRESS="1")
    return env


def _run(script: Path, cwd: Path, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
    r = subprocess.run([str(script), *args], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=600)
    assert r.returncode in ok, f"baocao {' '.join(args)} -> {r.returncode}\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}"
    return r


def test_the_whole_job_from_the_installed_wheel(installed: Path, tmp_path: Path) -> None:
    before = _files(REPO / "templates")
    office = tmp_path / "Văn phòng" / "bao-cao"
    office.parent.mkdir()
    _run(installed, office.parent, "init", office.name)
    assert (office / "templates" / "catalog.yaml").is_file()
    assert not (office / "templates" / "demo").exists()  # the demo's figures stay in the package
    check = json.loads(_run(installed, office, "catalog", "check", "--json").stdout)
    assert check["format"] and check["indicators"] > 100 and not check["problems"]
    _run(installed, office, "templates", "--period", "2024-Q1")
    assert len(list((office / "output" / "forms" / "2024-Q1").glob("*.xlsx"))) > 20
    _run(installed, office, "demo", "returns", "--period", "2024-Q1")
    assert len(list((office / "submissions" / "inbox").glob("*.xlsx"))) > 20
    _run(installed, office, "intake", "--received-at", "2024-03-18T09:00", ok=(0, 1))
    status = json.loads(_run(installed, office, "status", "--period", "2024-Q1", "--json").stdout)
    assert status["counts"]["valid"] > 10, status["counts"]
    _run(installed, office, "consolidate", "--period", "2024-Q1")
    assert (office / "output" / "master" / "tong-hop-2024-Q1.xlsx").is_file()
    assert _files(REPO / "templates") == before
    assert not (REPO / "submissions" / "ledger.sqlite").exists()


WRITING = [
    ("templates", "--period", "2024-Q1"),
    ("demo", "returns"),
    ("intake",),
    ("approve", "--period", "2024-Q1"),
    ("consolidate", "--period", "2024-Q1"),
]


@pytest.mark.parametrize("args", WRITING, ids=lambda a: a[0])
def test_a_writing_command_in_an_empty_folder_exits_2_and_writes_nothing(
    installed: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    package = installed.parent.parent
    before = _files(package)
    r = _run(installed, empty, *args, ok=(2,))
    assert "baocao init" in r.stderr, r.stderr
    assert not any(empty.iterdir())
    after = _files(package)
    assert {k for k in after if not k.endswith(".pyc")} == {k for k in before if not k.endswith(".pyc")}
    assert all(after[k] == v for k, v in before.items() if k in after)


def test_read_only_commands_outside_a_workspace_say_they_show_the_sample(installed: Path, tmp_path: Path) -> None:
    r = _run(installed, tmp_path, "--lang", "en", "catalog", "show", "--section", "CDS")
    assert "built-in sample" in r.stderr and "CDS" in r.stdout
    r = _run(installed, tmp_path, "status", "--period", "2024-Q1", ok=(2,))
    assert "baocao init" in r.stderr and "quá" not in r.stdout
    assert not any(tmp_path.iterdir())
