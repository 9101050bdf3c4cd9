"""Intake under stress: a busy lock, two intakes at once, a process killed mid-way.

Real subprocesses run the real command line; faults are injected with the test-only
``BAOCAO_FAULT`` variable (the process exits with 137 at that point, like ``kill -9``).
After each, a new intake must leave a consistent archive: nothing lost, nothing doubled.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from conftest import child_env
from intake_support import check_consistent, ledger_rows, run_intake, sha256, write_return

from toolkit.intake import BusyError, intake
from toolkit.intake.fault import POINTS
from toolkit.intake.folders import parse_archive_name
from toolkit.intake.lock import WorkspaceLock

REPO = Path(__file__).resolve().parent.parent
Q1 = "2024-Q1"
UNITS = ("P1", "P2", "LB", "PKT", "TCKH", "CA", "BHXH")


def _cli(ws_root: Path, *args: str, env: dict[str, str] | None = None, **kw) -> subprocess.Popen:
    e = child_env(BAOCAO_LANG="vi")
    e.update(env or {})
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "-w", str(ws_root), *args],
        cwd=REPO,
        env=e,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


def _fill_inbox(mini, copies: Path, n_rounds: int = 1) -> dict[str, Path]:
    """Returns of every unit (a few invalid, one unreadable), kept aside by sha256."""
    copies.mkdir(exist_ok=True)
    originals: dict[str, Path] = {}
    for k in range(n_rounds):
        for i, u in enumerate(UNITS):
            p = write_return(mini, u, Q1, mini.inbox / f"r{k}-{u}.xlsx", valid=(i + k) % 3 != 0, factor=1 + k / 50)
            originals[sha256(p)] = shutil.copy(p, copies / p.name)
    bad = mini.inbox / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken zip")
    originals[sha256(bad)] = shutil.copy(bad, copies / bad.name)
    return originals


def test_busy_lock_gives_a_clear_message_and_exit_2(mini):
    write_return(mini, "P1", Q1, mini.inbox / "P1.xlsx")
    with WorkspaceLock(mini.submissions / ".lock", "test"):
        p = _cli(mini.root, "intake")
        out, err = p.communicate(timeout=120)
        print(err)
        assert p.returncode == 2
        assert "đang bận" in err and f"pid {os.getpid()}" in err
        e = _cli(mini.root, "--lang", "en", "intake")
        _o, eerr = e.communicate(timeout=120)
        assert e.returncode == 2 and "busy" in eerr
        with pytest.raises(BusyError):
            intake(mini, jobs=0)
        a = _cli(mini.root, "approve", "--period", Q1)
        _o, aerr = a.communicate(timeout=120)
        assert a.returncode == 2 and "đang bận" in aerr
    assert (mini.inbox / "P1.xlsx").is_file() and ledger_rows(mini) == []  # nothing was touched
    assert run_intake(mini).summary.new_versions == 1  # the lock is free again


def test_two_intakes_at_once_do_not_corrupt_anything(mini, tmp_path):
    originals = _fill_inbox(mini, tmp_path / "copies", n_rounds=3)
    procs = [_cli(mini.root, "intake", "--jobs", "1") for _ in range(2)]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]
    for rc, _out, err in results:
        print(rc, err.strip().splitlines()[-1:])
    codes = sorted(rc for rc, _o, _e in results)
    # one ran (1: some returns are invalid), the other was busy (2) or found nothing left (0/1)
    assert codes[0] in (0, 1) and all(c in (0, 1, 2) for c in codes)
    for rc, _o, err in results:
        if rc == 2:
            assert "đang bận" in err
    run_intake(mini)  # whatever the interleaving, a last run finishes the job
    counts = check_consistent(mini, originals)
    print("counts", counts)
    assert counts["versions"] == len(originals) - 1 and counts["rejected"] == 1
    assert not any(mini.inbox.iterdir())


@pytest.mark.parametrize("jobs", ["0", "2"])
@pytest.mark.parametrize("point", POINTS)
def test_killed_at_a_fault_point_then_intake_again(mini, tmp_path, point, jobs):
    originals = _fill_inbox(mini, tmp_path / "copies")
    p = _cli(mini.root, "intake", "--jobs", jobs, env={"BAOCAO_FAULT": point})
    _out, err = p.communicate(timeout=300)
    assert p.returncode == 137, err
    res = run_intake(mini, now=datetime(2024, 3, 16, 9))  # the next run, in this process
    s = res.summary
    print(point, jobs, s)
    counts = check_consistent(mini, originals)
    assert counts["versions"] == len(UNITS) and counts["rejected"] == 1
    assert not any(mini.inbox.iterdir()), "every file filed or kept"
    received = [r for r in ledger_rows(mini) if r.status == "received"]
    assert sorted(r.unit for r in received) == sorted(UNITS)
    if point == "after-archive-before-ledger":
        assert s.recovered >= 1 and all(o.reason.code.startswith("intake-recovered") for o in res.recovered)
        assert s.new_versions + sum(o.status == "received" for o in res.recovered) == len(UNITS)
        assert len([r for r in ledger_rows(mini) if r.status == "rejected"]) == 1
    if point == "after-ledger-before-move":
        assert s.duplicates >= 1 and s.new_versions + s.duplicates == len(UNITS)
        assert not [r for r in ledger_rows(mini) if r.status == "duplicate"], "a re-seen file is not news"
    if point in ("after-stage", "mid-archive"):
        assert s.recovered == 0 and s.new_versions == len(UNITS)


def test_killed_at_a_random_moment_then_intake_again(mini, tmp_path):
    originals = _fill_inbox(mini, tmp_path / "copies", n_rounds=4)
    p = _cli(mini.root, "intake", "--jobs", "2", start_new_session=True)
    archive = mini.submissions / "archive"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and p.poll() is None:
        if archive.is_dir() and any(archive.rglob("v*.xlsx")):
            break
        time.sleep(0.01)
    os.killpg(p.pid, signal.SIGKILL)
    p.wait(timeout=60)
    filed_before = len(list(archive.rglob("v*.xlsx"))) if archive.is_dir() else 0
    res = run_intake(mini)
    print("killed with", filed_before, "archived; then", res.summary)
    counts = check_consistent(mini, originals)
    assert counts["versions"] == len(originals) - 1 and counts["rejected"] == 1
    assert not any(mini.inbox.iterdir())


def test_a_torn_archive_copy_is_set_aside_and_filed_again(mini, tmp_path):
    """A power loss can leave a renamed but incomplete copy (never recorded): simulate one."""
    originals = _fill_inbox(mini, tmp_path / "copies")
    p = _cli(mini.root, "intake", "--jobs", "0", env={"BAOCAO_FAULT": "after-archive-before-ledger"})
    p.communicate(timeout=300)
    torn = sorted(p for p in (mini.submissions / "archive").rglob("v1_*.xlsx") if parse_archive_name(p.name))[0]
    os.chmod(torn, 0o644)
    torn.write_bytes(torn.read_bytes()[:100])  # what an unsynced file can look like after a crash
    res = run_intake(mini)
    print([pr.code for pr in res.problems], res.summary)
    assert [pr.code for pr in res.problems] == ["intake-archive-damaged"]
    assert torn.with_name(torn.name + ".damaged").exists()
    for d in (mini.submissions / "archive").rglob("*.damaged"):
        d.unlink()  # the office's cleanup, once seen
    check_consistent(mini, originals)
    assert len([r for r in ledger_rows(mini) if r.status == "received"]) == len(UNITS)


# --- the fenced workers ------------------------------------------------------------------------
def _init(_arg: object, _fenced: bool) -> None:
    pass


def _work(xs: list[int]) -> list[int]:
    for x in xs:
        if x == 3:
            os._exit(1)  # a worker that dies (like a crash in a C library)
        if x == 5:
            time.sleep(60)  # a worker stuck on a file
    return [x * 10 for x in xs]


@pytest.mark.parametrize("batch", [1, 3])
def test_pool_survives_a_dying_and_a_stuck_worker(batch):
    from toolkit import pool

    t0 = time.monotonic()
    out = list(
        pool.run(
            list(range(8)),
            _work,
            jobs=2,
            init=_init,
            init_arg=None,
            timeout_s=1.0,
            per_item_s=0.5,
            batch=batch,
            on_failure=lambda x, kind: f"{x}:{kind}",
        )
    )
    print("pool took", round(time.monotonic() - t0, 2), "s")
    # the chunks holding 3 and 5 are retried file by file: only the culprits fail
    assert out == [0, 10, 20, "3:died", 40, "5:timeout", 60, 70]
