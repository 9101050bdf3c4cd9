"""validate_paths: folders expanded, temp files skipped, the same reports with a process pool,
outliers among wards across a batch; and a printed throughput figure."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from conftest import mini_fill

from toolkit.forms import write_form
from toolkit.periods import Period
from toolkit.validate import cross_unit_findings, expand_paths, validate_batch, validate_file, validate_paths
from toolkit.workspace import Workspace

MINI = Path(__file__).resolve().parent / "data" / "mini"
Q1 = Period.parse("2024-Q1")


def _fill(cattle: float, area: float = 1000) -> dict:
    return mini_fill(cattle, area, cccd=9000, over_14=10000)


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return Workspace.open(MINI)


def test_expand_paths_skips_owner_hidden_and_temp_files(tmp_path):
    (tmp_path / "a").mkdir()
    for name in (
        "a/x.xlsx",
        "a/~$x.xlsx",
        "a/.~lock.x.xlsx#",
        "a/y.xlsx.part",
        "a/.h.xlsx",
        "a/z.XLSX",
        "a/note.txt",
        "b.xlsx",
    ):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "a" / ".git").mkdir()
    (tmp_path / "a" / ".git" / "k.xlsx").write_bytes(b"")
    got = expand_paths([tmp_path / "a", tmp_path / "b.xlsx", tmp_path / "a" / "x.xlsx"])
    assert [p.relative_to(tmp_path).as_posix() for p in got] == ["a/x.xlsx", "a/z.XLSX", "b.xlsx"]


def test_pool_gives_the_same_reports(ws, tmp_path, monkeypatch):
    from toolkit import pool

    monkeypatch.setattr(pool, "FORK_ITEMS_PER_WORKER", 1)  # a pool even for four files
    monkeypatch.setattr(pool, "SPAWN_ITEMS_PER_WORKER", 1)
    assert pool.worth_starting(4, 2) == 2
    for n, unit in enumerate(("P1", "P2", "LB")):
        write_form(ws, unit, Q1, tmp_path / f"{unit}.xlsx", fill=_fill(9000 + n, 1000 + n))
    write_form(ws, "CA", Q1, tmp_path / "CA.xlsx", fill={("AN.TNGT_VU", "value"): 3, ("AN.TNGT_CHET_VU", "value"): 5})
    one = validate_paths([tmp_path], ws)
    two = validate_paths([tmp_path], ws, jobs=2, chunk=1)
    assert [r.to_dict() for r in one] == [r.to_dict() for r in two]
    assert [Path(r.path).name for r in one] == ["CA.xlsx", "LB.xlsx", "P1.xlsx", "P2.xlsx"]
    assert [r.valid for r in one] == [False, True, True, True]
    single = validate_file(tmp_path / "CA.xlsx", ws)
    assert single.to_dict() == one[0].to_dict()
    from toolkit.gate import read_workbook

    items = [(p, read_workbook(p)) for p in sorted(tmp_path.glob("*.xlsx"))]
    assert [r.to_dict() for r in validate_batch(items, ws)] == [r.to_dict() for r in one]


def test_reports_stream_in_order_before_the_batch_is_done(ws, tmp_path):
    from toolkit.validate import iter_reports

    for unit in ("P1", "P2", "LB"):
        write_form(ws, unit, Q1, tmp_path / f"{unit}.xlsx", fill=_fill(9000))
    files = sorted(tmp_path.glob("*.xlsx"))
    chunks_done: list[int] = []
    seen = []
    for rep in iter_reports(files, ws, chunk=1, progress=chunks_done.append):
        seen.append((rep.path, len(chunks_done)))  # how many files were validated when it came
    assert seen == [(str(f), n) for n, f in enumerate(files, start=1)]
    assert [r.to_dict() for r in validate_paths(files, ws, cross_unit=False)] == [
        r.to_dict() for r in iter_reports(files, ws, jobs=2, chunk=1)
    ]


def test_outlier_among_wards(tmp_path):
    ws = Workspace.open(shutil.copytree(MINI, tmp_path / "ws"))
    units = ws.units.units
    # five more wards, so that a batch has enough units of a kind
    extra = "".join(f"  - {{code: W{i}, name: Phường W{i}, kind: ward, parent: NN}}\n" for i in range(5))
    path = ws.definitions / "units.yaml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    ws = Workspace.open(ws.root)
    assert len(units) + 5 == len(ws.units.units)
    inbox = tmp_path / "inbox"
    cattle = {"P1": 9100, "P2": 8700, "LB": 9400, "W0": 9000, "W1": 8800, "W2": 9300, "W3": 8900, "W4": 45000}
    for unit, n in cattle.items():
        write_form(ws, unit, Q1, inbox / f"{unit}.xlsx", fill=_fill(n))
    reports = validate_paths([inbox], ws)
    flagged = [(r.unit, f.cell) for r in reports for f in r.findings if f.code == "outlier-among-units"]
    assert flagged == [("W4", "E17")]
    f = next(f for r in reports for f in r.findings if f.code == "outlier-among-units")
    assert not f.is_error and "45.000" in f.message_vi and "Phường W4" in f.message_vi
    assert cross_unit_findings(reports[:3], ws) == []  # fewer than 4 wards: no comparison


def test_throughput(ws, tmp_path):
    """Files per second through validate_paths (printed, not asserted)."""
    src = tmp_path / "P1.xlsx"
    write_form(ws, "P1", Q1, src, fill=_fill(9100))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    n = 300
    for i in range(n):
        shutil.copy(src, inbox / f"P1-{i:04d}.xlsx")
    for jobs in (1, 2):
        t = time.perf_counter()
        reports = validate_paths([inbox], ws, jobs=jobs, cross_unit=False)
        dt = time.perf_counter() - t
        assert len(reports) == n and all(r.valid for r in reports)
        print(f"\nvalidate_paths: {n} mini forms, jobs={jobs}: {dt:.2f} s, {dt / n * 1000:.1f} ms/file")
