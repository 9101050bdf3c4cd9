"""Small batches as offices have them (30-200 returns), with ``fork`` and with ``spawn``.

``python bench/small.py [--sizes 50,200] [--jobs 2]`` builds the bench workspace with the
largest size's communes and its corpus (:mod:`bench.benchws`, :mod:`bench.corpus`), then
times, each in a fresh process with ``BAOCAO_START_METHOD`` set (so that a spawned worker's
imports of pandas and pandera are counted, as on Windows and macOS):

* ``validate_paths`` of N files in the process (``jobs=1``);
* the same with ``--jobs J`` as baocao runs it (workers only when they pay:
  :func:`toolkit.pool.worth_starting`);
* the same with J workers forced, to show what they would cost;
* intake of the N files (fenced: at least one worker).

Prints a table and writes JSON (``bench/results/small-<time>.json`` or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import benchws, corpus  # noqa: E402

FORMAT = "baocao-bench-small/1"
CASES = ("validate_1", "validate_j", "validate_j_forced", "intake_j")
LABELS = {
    "validate_1": "validate, 1 process",
    "validate_j": "validate --jobs J (as run)",
    "validate_j_forced": "validate, J workers forced",
    "intake_j": "intake --jobs J",
}


def _args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="bench/small.py", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="50,200", help="batch sizes (default 50,200)")
    ap.add_argument("--jobs", type=int, default=2, help="J: worker processes asked for (default 2)")
    ap.add_argument("--methods", default="fork,spawn", help="start methods (default fork,spawn)")
    ap.add_argument("--work", type=Path, default=REPO / "build" / "bench-small")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--case", help=argparse.SUPPRESS)  # internal: one measurement in this process
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def measure(a: argparse.Namespace) -> dict[str, Any]:
    """In a child: one case for the first ``a.n`` files; the clock starts before the imports
    (filling intake's inbox is not timed)."""
    t0 = time.perf_counter()
    from toolkit import pool
    from toolkit.intake import intake
    from toolkit.validate import validate_paths
    from toolkit.workspace import Workspace

    ws = Workspace.open(a.work / "ws")
    c = corpus.load_cached(corpus.corpus_dir(a.work, max(_sizes(a)), ws.catalog.version))
    assert c is not None, "corpus missing"
    paths = [str(p) for p in c.paths()[: a.n]]
    jobs = 1 if a.case == "validate_1" else a.jobs
    if a.case == "validate_j_forced":
        pool.SPAWN_ITEMS_PER_WORKER = pool.FORK_ITEMS_PER_WORKER = 1
    setup = time.perf_counter() - t0
    if a.case == "intake_j":
        import shutil

        from bench.phases import _fill_inbox

        shutil.rmtree(ws.submissions, ignore_errors=True)
        _fill_inbox(paths, ws.inbox)
        t1 = time.perf_counter()
        done = intake(ws, jobs=jobs, feedback=True).summary.files
        workers = max(1, pool.worth_starting(a.n, jobs))
    else:
        t1 = time.perf_counter()
        done = len(validate_paths(paths, ws, jobs=jobs, cross_unit=False))
        workers = pool.worth_starting(a.n, jobs) if jobs > 1 else 0
        workers = workers if workers > 1 else 0
    return {"files": done, "seconds": round(setup + time.perf_counter() - t1, 3), "workers": workers}


def _sizes(a: argparse.Namespace) -> list[int]:
    return [int(x) for x in str(a.sizes).split(",") if x.strip()]


def _child(a: argparse.Namespace, case: str, n: int, method: str) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--case", case, "--n", str(n)]
    cmd += ["--jobs", str(a.jobs), "--work", str(a.work), "--sizes", a.sizes]
    env = dict(os.environ, BAOCAO_START_METHOD=method)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-5:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def table(doc: dict[str, Any]) -> str:
    rows = [["start method", "N", *(LABELS[c] for c in CASES)]]
    for r in doc["runs"]:
        cells = []
        for c in CASES:
            m = r[c]
            if "error" in m:
                cells.append("failed")
            else:
                cells.append(f"{m['seconds']:.2f} s ({m['workers']} w)".replace(".", ","))
        rows.append([r["method"], str(r["n"]), *cells])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = [
        "  ".join(
            cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    a = _args(argv)
    a.work = a.work.resolve()
    if a.case:
        print(json.dumps(measure(a)))
        return 0
    sizes = _sizes(a)
    a.work.mkdir(parents=True, exist_ok=True)
    ws = benchws.build(a.work / "ws", max(sizes))
    corpus.generate(ws, a.work, max(sizes), jobs=a.jobs, libreoffice=False, log=lambda *_: None)
    runs = []
    for method in [m for m in a.methods.split(",") if m]:
        for n in sizes:
            print(f"… {method} N = {n}", flush=True)
            runs.append({"method": method, "n": n, **{c: _child(a, c, n, method) for c in CASES}})
    doc = {
        "format": FORMAT,
        "started": datetime.now().astimezone().isoformat(timespec="seconds"),
        "jobs": a.jobs,
        "cores": os.cpu_count(),
        "runs": runs,
    }
    print()
    print(f"J = {a.jobs}; seconds from process start (imports included), workers started in brackets")
    print(table(doc))
    out = a.out or REPO / "bench" / "results" / f"small-{datetime.now():%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nJSON: {out}")
    return 1 if any("error" in r[c] for r in runs for c in CASES) else 0


if __name__ == "__main__":
    raise SystemExit(main())
