"""Helpers for the intake tests (no tests here): workspaces and returned forms.

Forms are real: written by ``toolkit.forms.write_form`` (xlsxwriter), filled with figures
derived from the catalog only (bounds, ratios, parts), so the helpers work on any catalog.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from toolkit.periods import Period
from toolkit.workspace import Workspace

DATA = Path(__file__).resolve().parent / "data"
REPO = DATA.parent.parent


def mini_workspace(dest: Path) -> Workspace:
    """A fresh copy of tests/data/mini with an empty inbox."""
    shutil.copytree(DATA / "mini" / "templates", dest / "templates")
    (dest / "submissions" / "inbox").mkdir(parents=True)
    return Workspace.open(dest)


def plausible_fill(ws: Workspace, unit: str, period: str, factor: float = 1.0) -> dict[tuple[str, str], object]:
    """Figures a careful clerk could type: inside bounds, ratios <= 1, parts <= wholes.

    ``factor`` scales every figure (a correction typically changes a few figures).
    """
    from toolkit.figures import Figures

    figures = Figures(ws)

    cat = ws.catalog
    inds = ws.indicators_for(unit, Period.parse(period))
    values: dict[str, float] = {}
    for ind in inds:
        lo = ind.min if ind.min is not None else 0.0
        hi = ind.max if ind.max is not None else 1000.0
        if ind.type == "percent":
            hi = min(hi, 100.0)
        before = figures.same_period(unit, Period.parse(period), ind.code).value  # near last year: no warnings
        values[ind.code] = (before if before is not None else lo + (hi - lo) * 0.1) * factor
    for ind in cat:  # numerator <= denominator
        if ind.is_ratio and ind.numerator in values and ind.denominator in values:
            values[ind.numerator] = min(values[ind.numerator], values[ind.denominator] * 0.9)
    for ind in cat:  # "trong đó" parts add up to at most the whole
        if ind.parts and ind.parts_mode == "of_which" and ind.code in values:
            parts = [p for p in ind.parts if p in values]
            total = sum(values[p] for p in parts)
            if total > values[ind.code] and total:
                for p in parts:
                    values[p] = values[p] * values[ind.code] / total * 0.9
    fill: dict[tuple[str, str], object] = {}
    for ind in inds:
        v = values[ind.code]
        v = float(int(v)) if ind.type == "integer" else round(v, 2)
        fill[(ind.code, "value")] = v
        fill[(ind.code, "ytd")] = v
        fill[(ind.code, "same_period")] = v
    return fill


def write_return(
    ws: Workspace,
    unit: str,
    period: str,
    path: Path,
    *,
    valid: bool = True,
    factor: float = 1.0,
    mtime: float | None = None,
) -> Path:
    """A returned form of ``unit``: plausible figures, or (valid=False) left empty."""
    from toolkit.forms import write_form

    fill = plausible_fill(ws, unit, period, factor) if valid else {}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_form(ws, unit, Period.parse(period), path, fill=fill)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def run_intake(ws: Workspace, **kw):
    """intake() in this process (jobs=0 unless given)."""
    from toolkit.intake import intake

    kw.setdefault("jobs", 0)
    return intake(ws, **kw)


def ledger_rows(ws: Workspace):
    from toolkit.intake import history

    return history(ws)


def sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_consistent(ws: Workspace, originals: dict[str, Path] | None = None) -> dict[str, int]:
    """The archive and the ledger agree; nothing half-filed; every original kept once.

    ``originals``: sha256 -> a copy of each file put in the inbox; each must be archived
    as exactly one version, or kept in rejected/, or still wait in the inbox.
    Returns counts (versions, rejected) for the caller to print or compare.
    """
    import json
    import stat as st

    from toolkit.intake.folders import Folders, parse_archive_name

    lay = Folders(ws.submissions)
    rows = ledger_rows(ws)
    received = [r for r in rows if r.status == "received"]
    # one row per version, versions 1..n per unit and period, one version per sha
    keys = [(r.unit, r.period, r.version) for r in received]
    assert len(keys) == len(set(keys)), "a version recorded twice"
    shas = [r.sha256 for r in received]
    assert len(shas) == len(set(shas)), "the same bytes filed as two versions"
    by_up: dict[tuple, list[int]] = {}
    for r in received:
        by_up.setdefault((r.unit, r.period), []).append(r.version)
    for k, vs in by_up.items():
        assert sorted(vs) == list(range(1, len(vs) + 1)), (k, vs)
    # every row has its file, with the recorded bytes, read-only, its JSON beside
    for r in received:
        p = ws.root / r.path
        assert p.is_file(), r.path
        assert sha256(p) == r.sha256, r.path
        assert not (p.stat().st_mode & (st.S_IWUSR | st.S_IWGRP | st.S_IWOTH)), f"{r.path} is writable"
        doc = json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))
        assert doc["sha256"] == r.sha256 and doc["unit"] == r.unit and doc["period"] == r.period
        assert doc["errors"] == r.errors
    # every archived original has its row; no stray side files
    recorded = {r.path for r in received}
    on_disk = set()
    if lay.archive.is_dir():
        for p in lay.archive.rglob("*"):
            if p.is_file():
                rel = p.relative_to(ws.root).as_posix()
                if parse_archive_name(p.name):
                    on_disk.add(rel)
                else:
                    assert p.name.endswith((".json", ".feedback.xlsx")), rel
                    stem = p.name.split(".", 1)[0]
                    assert (p.parent / f"{stem}.xlsx").exists(), f"side file without original: {rel}"
    assert on_disk == recorded, on_disk ^ recorded
    # no work files left
    assert not lay.staging.exists() or not any(lay.staging.rglob("*")), list(lay.staging.rglob("*"))
    rejected_files = (
        [p for p in lay.rejected.glob("*") if not p.name.endswith(".reason.txt")] if lay.rejected.is_dir() else []
    )
    for p in rejected_files:
        assert Path(str(p) + ".reason.txt").is_file(), p
    if originals:
        kept = {r.sha256 for r in received} | {sha256(p) for p in rejected_files}
        waiting = {sha256(p) for p in ws.inbox.rglob("*") if p.is_file()}
        for h, src in originals.items():
            assert h in kept or h in waiting, f"lost: {src.name}"
    return {"versions": len(received), "rejected": len(rejected_files)}
