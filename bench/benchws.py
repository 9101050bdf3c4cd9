"""The benchmark's workspace: the sample's definitions plus N synthetic communes.

3.300 communes do not exist in the sample's ``units.yaml``; the benchmark copies the
sample workspace (``baocao init``) and appends ``X00001 … X<N>`` under the district, so
that intake identifies every file and consolidation has N unit columns. The names carry
the code (``Xã Thử nghiệm X00001``), so that a form written for one synthetic commune
becomes another's by replacing the code (:mod:`bench.corpus`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from toolkit.periods import Period
from toolkit.workspace import Workspace, init_workspace

PREFIX = "X"
PERIOD = "2024-Q1"
MARK = "# --- benchmark communes"


def unit_code(i: int, n: int) -> str:
    """The i-th synthetic commune (1-based); codes of one run all have the same width."""
    return f"{PREFIX}{i:0{max(5, len(str(n)))}d}"


def unit_name(code: str) -> str:
    return f"Xã Thử nghiệm {code}"


def build(dest: Path, n: int) -> Workspace:
    """A fresh workspace at ``dest`` (replaced if present) with ``n`` synthetic communes."""
    if dest.exists():
        shutil.rmtree(dest)
    init_workspace(dest)
    ws = Workspace.open(dest)
    district = ws.collector(Period.parse(PERIOD))  # the office that collects the benchmark's period
    parent = district.code if district else ws.settings.district
    valid_to = f", valid_to: {district.valid_to.isoformat()}" if district is not None and district.valid_to else ""
    lines = [f"\n  {MARK} ({n}) ---\n"]
    for i in range(1, n + 1):
        code = unit_code(i, n)
        lines.append(f"  - {{code: {code}, name: {unit_name(code)}, kind: commune, parent: {parent}{valid_to}}}\n")
    units = ws.definitions / "units.yaml"
    with units.open("a", encoding="utf-8") as fh:
        fh.writelines(lines)
    return Workspace.open(dest)
