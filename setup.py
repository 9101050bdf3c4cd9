"""Packages: the library, and the built-in samples as package data.

The repository keeps the samples' definitions at the top, in ``templates/`` (one folder per
sample); they ship inside the package as ``toolkit.samples`` so that an installed baocao
(``pip install .``, a wheel) carries them, and ``toolkit.samples`` finds them with
importlib.resources in an editable install as well. Every file under ``templates/`` ships:
a new sample needs no change here. Everything else is in setup.cfg.
"""

from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "templates"


def sample_files() -> list[str]:
    """Every file under templates/, relative to it (Python caches left out)."""
    return sorted(
        p.relative_to(SAMPLES).as_posix()
        for p in SAMPLES.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    )


setup(
    packages=[*find_packages(include=["toolkit", "toolkit.*"]), "toolkit.samples"],
    package_dir={"toolkit.samples": "templates"},
    package_data={"toolkit.samples": sample_files()},
)
