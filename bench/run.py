"""baocao benchmark at national size: ``python bench/run.py --n 10000 [--jobs 2]``.

Builds a workspace with N synthetic communes (:mod:`bench.benchws`), a corpus of N filled
commune workbooks (:mod:`bench.corpus`, cached), then measures in one run, each phase in
its own process (:mod:`bench.phases`): the python-calamine read floor, the naive openpyxl
+ pandas baseline, the reading gate, validation, intake + validation, consolidation, and
one ``baocao validate FILE`` from the command line. Prints a table and writes JSON (with
the machine's core count: compare figures as ratios on the same machine).

    python bench/run.py --n N [--jobs J] [--out results.json] [--work DIR] [--keep]
                        [--phases floor,intake,...] [--baseline-max M] [--cli-runs R]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import benchws, corpus, report  # noqa: E402

FORMAT = "baocao-bench/1"
ALL_PHASES = (
    "floor",
    "baseline",
    "gate",
    "validate",
    "validate_json",
    "intake_nofeedback",
    "intake",
    "feedback",
    "consolidate",
    "cli",
)
# measured again on each other writer's corpus: one row each in the writers' table
WRITER_PHASES = ("floor", "validate_json", "intake")
DEFAULT_WORK = REPO / "build" / "bench"
RESULTS = REPO / "bench" / "results"


def _args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="number of commune workbooks (default 1000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: all cores)")
    ap.add_argument("--out", type=Path, help="JSON results (default bench/results/bench-n<N>-<time>.json)")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK, help=f"work dir (default {DEFAULT_WORK})")
    ap.add_argument("--keep", action="store_true", help="keep the bench workspace (archive, master) afterwards")
    ap.add_argument("--phases", default=",".join(ALL_PHASES), help="comma-separated subset of " + ",".join(ALL_PHASES))
    ap.add_argument(
        "--baseline-max",
        type=int,
        default=600,
        help="files the slow openpyxl baseline reads (a spread sample; its rate is what is compared)",
    )
    ap.add_argument("--cli-runs", type=int, default=7, help="runs of 'baocao validate FILE' (median)")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--no-libreoffice", action="store_true", help="no LibreOffice re-saves in the corpus")
    ap.add_argument(
        "--writers",
        help="the programs that save the corpora, the first measured in full: "
        f"{','.join(corpus.WRITERS)} (default: those installed, in this order)",
    )
    ap.add_argument(
        "--writer-phases",
        default=",".join(WRITER_PHASES),
        help="phases measured on the other writers' corpora (default %(default)s)",
    )
    ap.add_argument("--phase", help=argparse.SUPPRESS)  # internal: run one phase in this process
    ap.add_argument("--writer", default="xlsxwriter", help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def _sample(items: list[Any], m: int) -> list[Any]:
    if m <= 0 or len(items) <= m:
        return items
    step = len(items) / m
    return [items[int(i * step)] for i in range(m)]


def run_phase(a: argparse.Namespace) -> int:
    """Child process: one phase, its figures and peak memory into ``a.result``."""
    from bench import phases
    from toolkit.workspace import Workspace

    ws = Workspace.open(a.work / "ws")
    c = corpus.load_cached(corpus.corpus_dir(a.work, a.n, ws.catalog.version, a.writer))
    if c is None:
        raise SystemExit("corpus missing: run bench/run.py without --phase first")
    paths = [str(p) for p in c.paths()]
    kw: dict[str, Any] = {"ws": ws, "period": benchws.PERIOD}
    if a.phase == "baseline":
        paths = _sample(paths, a.baseline_max)
    elif a.phase == "validate_json":
        kw["folder"] = str(c.dir / "files")
        kw["expected_invalid"] = c.expected_invalid()
    elif a.phase in ("intake", "intake_nofeedback"):
        kw["expected"] = {Path(f["name"]).name: bool(c.patterns[f["pattern"]].errors) for f in c.files}
    elif a.phase == "feedback":
        flagged = [
            str(c.dir / f["name"])
            for f in c.files
            if c.patterns[f["pattern"]].errors or c.patterns[f["pattern"]].warnings
        ]
        paths = _sample(flagged, 60)
        kw["share"] = len(flagged) / max(1, len(c.files))
    elif a.phase == "cli":
        valid = [str(c.dir / f["name"]) for f in c.files if not c.patterns[f["pattern"]].planted]
        flawed = [str(c.dir / f["name"]) for f in c.files if c.patterns[f["pattern"]].errors]
        paths = valid[:1] + flawed[:1] or paths[:1]
        kw["runs"] = a.cli_runs
    out = phases.PHASES[a.phase](paths, a.jobs, **kw)
    for k, v in phases.peak_mb().items():
        out.setdefault(k, v)
    a.result.write_text(json.dumps(out, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


def _child(a: argparse.Namespace, phase: str, writer: str) -> dict[str, Any]:
    res = a.work / f"phase-{phase}.json"
    res.unlink(missing_ok=True)
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--phase",
        phase,
        "--n",
        str(a.n),
        "--jobs",
        str(a.jobs),
        "--work",
        str(a.work),
        "--result",
        str(res),
        "--baseline-max",
        str(a.baseline_max),
        "--cli-runs",
        str(a.cli_runs),
        "--writer",
        writer,
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0 or not res.exists():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-12:]
        return {"error": f"exit {proc.returncode}", "stderr": tail, "process_seconds": wall}
    out = json.loads(res.read_text(encoding="utf-8"))
    out["process_seconds"] = round(wall, 3)
    res.unlink()
    return out


def _load() -> str:
    """The 1-minute load average (the machine may be shared: figures are read with it)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (OSError, AttributeError):
        return "?"


def machine() -> dict[str, Any]:
    import importlib.metadata as md

    def ver(p: str) -> str | None:
        try:
            return md.version(p)
        except md.PackageNotFoundError:
            return None

    mem = None
    try:
        mem = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        pass
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except (OSError, AttributeError):
        load = None
    return {
        "cores": os.cpu_count(),
        "load_average": load,
        "cpu": cpu,
        "memory_gb": mem,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "packages": {p: ver(p) for p in ("openpyxl", "xlsxwriter", "pandas", "pandera", "python-calamine")},
    }


def main(argv: list[str] | None = None) -> int:
    a = _args(argv)
    a.work = a.work.resolve()
    if a.phase:
        return run_phase(a)
    if a.n < 1:
        print("--n must be at least 1", file=sys.stderr)
        return 2
    wanted = [p.strip() for p in a.phases.split(",") if p.strip()]
    again = [p.strip() for p in a.writer_phases.split(",") if p.strip()]
    unknown = [p for p in wanted + again if p not in ALL_PHASES]
    if unknown:
        print(f"unknown phases: {', '.join(unknown)} (known: {', '.join(ALL_PHASES)})", file=sys.stderr)
        return 2
    writers = [w.strip() for w in a.writers.split(",") if w.strip()] if a.writers else corpus.available_writers()
    if a.no_libreoffice:
        writers = [w for w in writers if w != "libreoffice"]
    bad = [w for w in writers if w not in corpus.WRITERS]
    if bad or not writers:
        print(f"unknown writers: {', '.join(bad) or '(none)'} (known: {', '.join(corpus.WRITERS)})", file=sys.stderr)
        return 2
    started = datetime.now().astimezone()
    a.work.mkdir(parents=True, exist_ok=True)
    print(
        f"baocao bench: N = {a.n}, {a.jobs} processes, {os.cpu_count()} cores, writers {', '.join(writers)}, "
        f"work dir {a.work}; load average {_load()}"
    )
    t0 = time.perf_counter()
    from bench.phases import trash_dir

    shutil.rmtree(trash_dir(a.work / "ws"), ignore_errors=True)  # an earlier run's, before any timing
    ws = benchws.build(a.work / "ws", a.n)
    lo = False if a.no_libreoffice else None
    corpora = {w: corpus.generate(ws, a.work, a.n, jobs=a.jobs, seed=a.seed, libreoffice=lo, writer=w) for w in writers}
    setup_s = time.perf_counter() - t0
    by_writer: dict[str, dict[str, Any]] = {}
    for k, w in enumerate(writers):
        results: dict[str, Any] = {}
        for phase in wanted if k == 0 else [p for p in again if p in ALL_PHASES]:
            print(f"… {w}: {phase} (load average {_load()})", flush=True)
            results[phase] = _child(a, phase, w)
            results[phase]["load_average"] = _load()
            if "error" in results[phase]:
                print(f"  {phase} failed: {results[phase]['error']}", file=sys.stderr)
                for line in results[phase].get("stderr", []):
                    print(f"    {line}", file=sys.stderr)
        by_writer[w] = {"corpus": corpora[w].to_dict(), "phases": results}
    first = by_writer[writers[0]]
    doc = {
        "format": FORMAT,
        "started": started.isoformat(timespec="seconds"),
        "n": a.n,
        "jobs": a.jobs,
        "machine": machine(),
        "setup_seconds": round(setup_s, 3),
        "writer": writers[0],
        "corpus": first["corpus"],
        "phases": first["phases"],
        "writers": {w: {"corpus": r["corpus"], "phases": r["phases"]} for w, r in by_writer.items()},
    }
    doc["summary"] = report.summarise(doc)
    for r in doc["writers"].values():
        r["summary"] = report.summarise({**doc, "phases": r["phases"]})
    print()
    print(report.table(doc))
    out = a.out or RESULTS / f"bench-n{a.n}-{started.strftime('%Y%m%dT%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(f"\nJSON: {out}")
    shutil.rmtree(trash_dir(a.work / "ws"), ignore_errors=True)  # after every timing
    if not a.keep:
        shutil.rmtree(a.work / "ws", ignore_errors=True)
    failed = [p for p, r in results.items() if "error" in r]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
