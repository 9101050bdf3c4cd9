"""The benchmark at a tiny N: it completes and writes every phase (no timing assertion).

Also checks what the benchmark's figures rest on: a cloned corpus file is the form the
real writer makes for that unit, every writer's corpus (re-saved by LibreOffice and
Gnumeric where installed) is flagged where the mistakes were planted, and intake's verdicts
agree with them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
N = 40  # two files with planted mistakes (one in 20)


def _writers() -> list[str]:
    sys.path.insert(0, str(REPO))
    from bench.corpus import available_writers

    return available_writers()


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("bench")
    out = work / "results.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--n",
            str(N),
            "--jobs",
            "2",
            "--work",
            str(work),
            "--out",
            str(out),
            "--cli-runs",
            "2",
            "--writers",
            ",".join(_writers()),
            "--keep",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    print(proc.stdout)  # the table, visible with pytest -s
    assert proc.returncode == 0, proc.stderr[-3000:] + proc.stdout[-3000:]
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["_work"] = str(work)
    doc["_stdout"] = proc.stdout
    return doc


def test_every_phase_is_measured(bench_run):
    doc = bench_run
    assert doc["format"] == "baocao-bench/1"
    assert doc["n"] == N and doc["machine"]["cores"] >= 1
    for phase in (
        "floor",
        "baseline",
        "gate",
        "validate",
        "intake_nofeedback",
        "intake",
        "feedback",
        "consolidate",
        "cli",
        "validate_json",
    ):
        r = doc["phases"][phase]
        assert "error" not in r, (phase, r)
        assert r["seconds"] is not None and r["seconds"] > 0, phase
        assert r["parent_mb"] > 0, phase
    assert doc["phases"]["floor"]["files"] == N
    assert doc["summary"]["vs_floor"]["intake"] > 0
    assert "intake_vs_floor" in doc["summary"]["targets"]
    assert "giai đoạn / phase" in doc["_stdout"]
    # every writer installed here has its corpus and its row, the realistic one measured in full
    writers = _writers()
    assert list(doc["writers"]) == writers and doc["writer"] == writers[0]
    assert doc["corpus"]["writer"] == writers[0]
    if os.environ.get("BAOCAO_REQUIRE_SOFFICE"):
        assert writers[0] == "libreoffice"
    for w, r in doc["writers"].items():
        assert r["corpus"]["writer"] == w
        for phase in ("floor", "validate_json", "intake"):
            assert "error" not in r["phases"][phase], (w, phase, r["phases"][phase])
        assert r["summary"]["vs_floor"]["validate_json"] > 0
        assert "Gnumeric" in doc["_stdout"] if w == "gnumeric" else True


def test_validate_json_from_the_shell_reports_every_file(bench_run):
    for w, r in bench_run["writers"].items():
        v, c = r["phases"]["validate_json"], r["corpus"]
        assert v["reported"] == N and v["exit_code"] == (1 if c["expected_invalid"] else 0), w
        assert v["invalid"] == c["expected_invalid"], w


def test_intake_agrees_with_the_planted_mistakes(bench_run):
    for w, run in bench_run["writers"].items():
        c = run["corpus"]
        for phase in ("intake", "intake_nofeedback"):
            if phase not in run["phases"]:
                continue
            r = run["phases"][phase]
            assert r["received"] == N and r["rejected"] == 0, (w, phase)
            assert r["invalid"] == c["expected_invalid"], (w, phase)
            assert r["outcome_mismatches"] == 0, (w, phase)
    assert bench_run["phases"]["intake_nofeedback"]["feedback_copies"] == 0


def test_consolidation_covers_every_valid_unit(bench_run):
    r = bench_run["phases"]["consolidate"]
    assert r["written"]
    assert r["units_covered"] == N - bench_run["corpus"]["expected_invalid"]
    cli = bench_run["phases"]["cli"]
    assert set(cli["exit_codes"]) <= {0, 1}


def test_patterns_are_flagged_where_planted(bench_run):
    for w, run in bench_run["writers"].items():
        pats = run["corpus"]["patterns"]
        planted = {k: p for k, p in pats.items() if p["kind"] != "valid"}
        assert len(planted) >= 10
        for name, p in pats.items():
            if w != "xlsxwriter":
                assert p["writer"] == w, name  # every pattern re-saved by the writer
            if p["kind"] == "valid":
                assert p["errors"] == 0, (w, name, p["codes"])
            else:
                assert p["errors"] + p["warnings"] > 0, (w, name)
                assert p["flagged_at_plant"], (w, name, p["codes"])


def test_a_cloned_file_is_what_the_writer_makes_for_that_unit(bench_run, tmp_path):
    sys.path.insert(0, str(REPO))
    from bench import corpus
    from toolkit.workspace import Workspace

    work = Path(bench_run["_work"])
    ws = Workspace.open(work / "ws")
    c = corpus.load_cached(corpus.corpus_dir(work, N, ws.catalog.version, "xlsxwriter"))
    assert c is not None and c.cached
    checked = 0
    for i, f in enumerate(c.files):
        p = c.patterns[f["pattern"]]
        if i == 0 or p.libreoffice or corpus.fills.MISTAKES.get(p.kind) == "xml":
            continue
        assert corpus.verify_clone(ws, c, i, tmp_path) == [], f["name"]
        checked += 1
        if checked == 2:
            break
    assert checked == 2


def test_intake_is_projected_from_its_rate_after_start_up():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.report import _projected

    # 1.000 files in 4 s, 1,5 s of it start-up: 10.000 files = 1,5 + 2,5 × 10
    assert _projected({"seconds": 4.0, "files": 1000, "startup_s": 1.5}, 10_000) == pytest.approx(26.5)
    # no start-up recorded, or measured at the size asked: linear
    assert _projected({"seconds": 4.0, "files": 1000}, 10_000) == pytest.approx(40.0)
    assert _projected({"seconds": 27.0, "files": 10_000, "startup_s": 1.5}, 10_000) == pytest.approx(27.0)


def test_small_batches_benchmark_runs_with_spawn(tmp_path) -> None:
    """bench/small.py (N = 50 and 200 in docs/performance.md) at a tiny size, spawn only."""
    out = tmp_path / "small.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "small.py"), "--sizes", "4", "--methods", "spawn"]
        + ["--work", str(tmp_path / "w"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    print(proc.stdout)
    assert proc.returncode == 0, proc.stderr[-3000:] + proc.stdout[-3000:]
    doc = json.loads(out.read_text(encoding="utf-8"))
    (run,) = doc["runs"]
    assert run["method"] == "spawn" and run["n"] == 4
    assert run["validate_j"]["workers"] == 0 and run["validate_j_forced"]["workers"] == 2
    assert all(run[c]["files"] == 4 for c in ("validate_1", "validate_j", "validate_j_forced", "intake_j"))
