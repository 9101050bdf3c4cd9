"""The measured phases. Each runs in its own process (started by :mod:`bench.run`), so that
its peak memory (``ru_maxrss`` of the process, and of its largest worker) is its own.

* ``floor``: python-calamine reads every sheet's values of every file, nothing else;
* ``baseline``: the naive way, openpyxl full load of each file plus a pandas table of the
  form sheet and a bounds check;
* ``gate``: the reading gate alone (``toolkit.gate.read_workbook`` with the template's
  area), every file;
* ``validate``: ``toolkit.validate.validate_paths`` over the files (no archive);
* ``intake``: ``toolkit.intake.intake`` of an inbox holding the N files (copy, hash,
  gate, validation, feedback copies, archive, ledger), compared with what the corpus
  planted; ``intake_nofeedback`` the same without the annotated copies;
* ``feedback``: one annotated copy (``write_feedback``) for files with findings, timed alone
  (intake writes one for every such file);
* ``consolidate``: ``toolkit.master.build_master`` over the N current versions;
* ``cli``: ``baocao validate FILE`` as a fresh process, start-up included;
* ``validate_json``: ``baocao validate FOLDER --json`` over the N files as a fresh process
  (default ``--jobs``: every core), start-up included, its output written to a file and
  checked afterwards; peak memory and CPU seconds of the process and its workers.

Pools: ``floor``, ``baseline`` and ``gate`` use a fork pool of ``jobs`` processes over
chunks of files, each worker returning only a small count; ``validate`` and ``intake``
use the toolkit's own parallelism with ``jobs``.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _hwm_mb() -> float | None:
    """This process's peak resident set (VmHWM): unlike ru_maxrss, not inherited across exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def peak_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its largest (waited-for) child, in MB.

    Children are forked pool workers: their peak starts from this process's size at the
    fork, which they really share. ``baocao`` processes of the cli phase are measured by
    :func:`_run_measured` instead.
    """
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    me = _hwm_mb()
    if me is None:
        me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale
    return {"parent_mb": round(me, 1), "worker_mb": round(kids, 1)}


def _pool_map(fn: Callable[[list[str]], int], paths: list[str], jobs: int) -> int:
    size = max(1, min(200, -(-len(paths) // max(1, jobs * 8))))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    if jobs <= 1:
        return sum(fn(c) for c in chunks)
    import multiprocessing as mp

    with mp.get_context("fork").Pool(jobs) as pool:
        total = sum(pool.imap_unordered(fn, chunks))
        pool.close()
        pool.join()
    return total


# --- floor: python-calamine alone ---------------------------------------------------------------
def _calamine_chunk(paths: list[str]) -> int:
    from python_calamine import CalamineWorkbook

    cells = 0
    for p in paths:
        wb = CalamineWorkbook.from_path(p)
        for name in wb.sheet_names:
            for row in wb.get_sheet_by_name(name).to_python():
                cells += len(row)
    return cells


def floor(paths: list[str], jobs: int, **_: Any) -> dict[str, Any]:
    t0 = time.perf_counter()
    cells = _pool_map(_calamine_chunk, paths, jobs)
    return {"files": len(paths), "seconds": time.perf_counter() - t0, "cells": cells}


# --- naive baseline: openpyxl full load + pandas --------------------------------------------------
_BOUNDS: dict[str, tuple[float | None, float | None]] = {}


def _openpyxl_chunk(paths: list[str]) -> int:
    import openpyxl
    import pandas as pd

    problems = 0
    for p in paths:
        wb = openpyxl.load_workbook(p)
        sheet = wb.worksheets[0]
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_col=9)]
        df = pd.DataFrame(rows, columns=list("ABCDEFGHI"))
        df = df[df["B"].isin(list(_BOUNDS))]
        for col in ("E", "F", "G"):
            nums = pd.to_numeric(df[col], errors="coerce")
            lo = df["B"].map(lambda c: _BOUNDS[c][0])
            hi = df["B"].map(lambda c: _BOUNDS[c][1])
            problems += int(((nums < lo) | (nums > hi)).sum())
            problems += int((nums.isna() & df[col].notna() & ~df[col].astype(str).str.startswith("=")).sum())
        wb.close()
    return problems


def baseline(paths: list[str], jobs: int, ws: Any = None, **_: Any) -> dict[str, Any]:
    _BOUNDS.clear()
    for ind in ws.catalog:
        _BOUNDS[ind.code] = (ind.min, ind.max)
    t0 = time.perf_counter()
    problems = _pool_map(_openpyxl_chunk, paths, jobs)
    return {"files": len(paths), "seconds": time.perf_counter() - t0, "problems_seen": problems}


# --- the gate alone ---------------------------------------------------------------------------------
_AREA: dict[str, int] = {}


def _gate_chunk(paths: list[str]) -> int:
    from toolkit.gate import read_workbook

    refused = 0
    for p in paths:
        r = read_workbook(p, max_row=_AREA.get("row"), max_col=_AREA.get("col"))
        refused += r.book is None
    return refused


def gate(paths: list[str], jobs: int, ws: Any = None, **_: Any) -> dict[str, Any]:
    import toolkit.gate  # noqa: F401  (loaded before the workers fork)
    from toolkit.validate.run import template_area

    _AREA["row"], _AREA["col"] = template_area(ws)
    t0 = time.perf_counter()
    refused = _pool_map(_gate_chunk, paths, jobs)
    return {"files": len(paths), "seconds": time.perf_counter() - t0, "refused": refused}


# --- validation alone ------------------------------------------------------------------------------
def validate(paths: list[str], jobs: int, ws: Any = None, **_: Any) -> dict[str, Any]:
    from toolkit.validate import validate_paths

    t0 = time.perf_counter()
    reports = validate_paths(paths, ws, jobs=jobs, cross_unit=False)
    secs = time.perf_counter() - t0
    return {
        "files": len(paths),
        "seconds": secs,
        "invalid": sum(1 for r in reports if r.errors),
        "findings": sum(len(r.findings) for r in reports),
    }


# --- intake ------------------------------------------------------------------------------------------
def _fill_inbox(paths: list[str], inbox: Path) -> None:
    """The files into a fresh inbox: hard links (instant, same bytes), copies across devices."""
    inbox.mkdir(parents=True, exist_ok=True)
    for p in paths:
        dest = inbox / Path(p).name
        try:
            os.link(p, dest)
        except OSError:
            shutil.copyfile(p, dest)


def trash_dir(ws_root: Path) -> Path:
    """Where intake phases put the previous run's submissions (beside the workspace)."""
    return ws_root.parent / ".bench-trash"


def intake(
    paths: list[str],
    jobs: int,
    ws: Any = None,
    expected: dict[str, bool] | None = None,
    period: str | None = None,
    feedback: bool = True,
    **_: Any,
) -> dict[str, Any]:
    from toolkit.intake import intake as run_intake

    subs = Path(ws.submissions)
    if subs.exists():
        # moved aside, deleted when the whole benchmark is done (bench/run.py): deleting
        # 30.000 files makes ext4 (mounted with online discard here) slow for a while after,
        # and no office's intake follows a mass delete
        trash = trash_dir(Path(ws.root))
        trash.mkdir(parents=True, exist_ok=True)
        subs.rename(trash / str(time.time_ns()))
    _fill_inbox(paths, Path(ws.inbox))
    os.sync()  # the inbox links are on disk before the clock starts
    r0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    first: list[float] = []

    def progress(done: int, total: int, outcome: Any) -> None:
        if not first:
            first.append(time.perf_counter() - t0)  # start-up: workers loaded, first chunk done

    t0 = time.perf_counter()
    res = run_intake(ws, period=period, jobs=jobs, feedback=feedback, progress=progress)
    secs = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {
        f"{who}_{k}_s": round(getattr(b, f"ru_{k}time") - getattr(a, f"ru_{k}time"), 2)
        for who, a, b in (("parent", r0[0], r1[0]), ("workers", r0[1], r1[1]))
        for k in ("u", "s")
    }
    s = res.summary
    wrong = 0
    if expected is not None:
        for o in res.outcomes:
            want = expected.get(Path(o.name).name)
            if want is not None and bool(o.errors) != want:
                wrong += 1
    return {
        "files": len(paths),
        "seconds": secs,
        "received": s.new_versions,
        "valid": s.valid,
        "invalid": s.invalid,
        "rejected": s.rejected,
        "duplicates": s.duplicates,
        "outcome_mismatches": wrong,
        "feedback_copies": sum(1 for o in res.outcomes if o.feedback),
        "cpu": cpu,
        "startup_s": round(first[0], 3) if first else None,
    }


def intake_nofeedback(paths: list[str], jobs: int, **kw: Any) -> dict[str, Any]:
    """Intake without the annotated copies (``baocao intake --no-feedback``)."""
    return intake(paths, jobs, feedback=False, **kw)


# --- feedback copies -------------------------------------------------------------------------------
def feedback(paths: list[str], jobs: int, ws: Any = None, share: float = 0.0, **_: Any) -> dict[str, Any]:
    """What one annotated copy costs (``write_feedback``), for the files that get one.

    Intake writes a copy for every file with an error or a warning; this phase times the copies alone
    (validation excluded) on ``paths`` (files with findings), in this process.
    """
    import tempfile

    from toolkit.validate import validate_file, write_feedback

    if not paths:
        return {"files": 0, "seconds": None, "note": "no file with findings in the corpus"}
    reports = [validate_file(p, ws) for p in paths]
    with tempfile.TemporaryDirectory(prefix="bench-fb-") as out:
        write_feedback(reports[0], paths[0], out)  # warms up (imports, caches) outside the timing
        t0 = time.perf_counter()
        for r, p in zip(reports, paths, strict=True):
            write_feedback(r, p, out)
        secs = time.perf_counter() - t0
    return {
        "files": len(paths),
        "seconds": secs,
        "findings": sum(len(r.findings) for r in reports),
        "share_of_files": round(share, 4),
    }


# --- consolidation ----------------------------------------------------------------------------------
def consolidate(paths: list[str], jobs: int, ws: Any = None, period: str = "", **_: Any) -> dict[str, Any]:
    from toolkit.master import build_master

    t0 = time.perf_counter()
    before = os.times()
    res = build_master(ws, period)
    after = os.times()
    secs = time.perf_counter() - t0
    size = res.path.stat().st_size if res.path and res.path.exists() else 0
    return {
        "files": len(paths),
        "seconds": secs,
        "cpu": {"user_s": round(after.user - before.user, 2), "system_s": round(after.system - before.system, 2)},
        "timings": {k: round(v, 2) for k, v in res.timings.items()},
        "written": res.written,
        "units_covered": len(res.units_covered),
        "units_expected": len(res.units_expected),
        "data_rows": res.data_rows,
        "formulas": res.formulas,
        "master_mb": round(size / 1e6, 2),
        "errors": [f.code for f in res.errors][:5],
    }


# --- one file from the command line -----------------------------------------------------------------
_EXEC = "import os, sys; os.execv(sys.argv[1], sys.argv[1:])"


def _run_measured(cmd: list[str], stdout: Any = subprocess.DEVNULL) -> tuple[float, int, float]:
    """(wall seconds, exit code, peak MB) of one command; see :func:`_run_usage`."""
    wall, code, usage = _run_usage(cmd, stdout)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return wall, code, usage.ru_maxrss / scale


def _run_usage(cmd: list[str], stdout: Any = subprocess.DEVNULL) -> tuple[float, int, Any]:
    """(wall seconds, exit code, ``wait4`` resource usage) of one command.

    Started through a bare ``python -S`` that execs it, so that the peak the kernel
    reports for it (``wait4``) is not this process's size, which Linux carries across exec.
    The usage covers the command and the workers it waited for: CPU seconds summed, peak
    memory the largest of them.
    """
    launcher = [sys.executable, "-S", "-c", _EXEC, *cmd]  # argv[1] is the program, argv[1:] its argv
    t0 = time.perf_counter()
    proc = subprocess.Popen(launcher, stdout=stdout, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, proc.returncode, usage


def _baocao() -> list[str]:
    exe = Path(sys.executable).with_name("baocao")
    return [str(exe)] if exe.exists() else [sys.executable, str(Path(__file__).resolve().parent.parent / "cli.py")]


def validate_json(
    paths: list[str], jobs: int, ws: Any = None, folder: str = "", expected_invalid: int | None = None, **_: Any
) -> dict[str, Any]:
    """``baocao validate FOLDER --json`` from the shell, start-up included (the user's view)."""
    import json

    out = Path(ws.root).parent / "validate-json.out"
    with open(out, "wb") as fh:
        wall, code, usage = _run_usage([*_baocao(), "-w", str(ws.root), "validate", folder, "--json"], fh)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    size = out.stat().st_size
    with open(out, encoding="utf-8") as fh:
        doc = json.load(fh)  # the streamed document is one valid JSON (read after the timing)
    out.unlink()
    s = doc.get("summary", {})
    return {
        "files": len(paths),
        "seconds": wall,
        "exit_code": code,
        "reported": len(doc.get("files", [])),
        "invalid": s.get("invalid"),
        "expected_invalid": expected_invalid,
        "json_mb": round(size / 1e6, 1),
        "cpu": {"user_s": round(usage.ru_utime, 2), "system_s": round(usage.ru_stime, 2)},
        "parent_mb": round(usage.ru_maxrss / scale, 1),  # the largest of the command and its workers
        "worker_mb": 0.0,
    }


def cli(paths: list[str], jobs: int, ws: Any = None, runs: int = 7, **_: Any) -> dict[str, Any]:
    cmd = _baocao()
    probe = subprocess.run([*cmd, "validate", "--help"], capture_output=True, text=True)
    if probe.returncode != 0:
        return {"files": 0, "seconds": None, "error": "baocao validate is not available"}
    # one valid file and one with findings, alternately
    picks = [paths[0], paths[min(len(paths) - 1, 1)]]
    walls: list[float] = []
    codes: list[int] = []
    peak = 0.0
    for i in range(runs + 1):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [*cmd, "-w", str(ws.root), "validate", picks[i % len(picks)]], capture_output=True, text=True
        )
        wall = time.perf_counter() - t0
        if i:  # the first run warms the disk cache and the bytecode cache
            walls.append(wall)
            codes.append(proc.returncode)
    for p in picks:
        _w, code, mb = _run_measured([*cmd, "-w", str(ws.root), "validate", p])
        codes.append(code)  # the measured run too: a usage error would measure nothing
        peak = max(peak, mb)
    return {
        "files": 1,
        "seconds": statistics.median(walls),
        "runs": len(walls),
        "min": min(walls),
        "max": max(walls),
        "exit_codes": sorted(set(codes)),
        "parent_mb": round(peak, 1),
        "worker_mb": 0.0,
    }


PHASES: dict[str, Callable[..., dict[str, Any]]] = {
    "floor": floor,
    "baseline": baseline,
    "gate": gate,
    "validate": validate,
    "intake": intake,
    "intake_nofeedback": intake_nofeedback,
    "feedback": feedback,
    "consolidate": consolidate,
    "cli": cli,
    "validate_json": validate_json,
}
