"""What must hold on every system: the lock, the pools under ``spawn``, the fences, the archive moves.

These run in ``make test`` and again in ``make test-portable`` (BAOCAO_PORTABLE=1: baocao's
code cannot import ``fcntl`` or ``resource``, and children are spawned, as on Windows).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import child_env

from toolkit import pool
from toolkit.filelock import FileLock, LockBusy
from toolkit.gate import Limits, read_many
from toolkit.gate.isolate import limit_memory, memory_fence_available
from toolkit.intake.fsutil import place

PORTABLE = os.environ.get("BAOCAO_PORTABLE") == "1"

HOLD = """
import sys, time
from pathlib import Path
from toolkit.filelock import FileLock
lock = FileLock(Path(sys.argv[1]), "intake").acquire()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_the_portable_guard_is_what_it_says() -> None:
    if not PORTABLE:
        pytest.skip("BAOCAO_PORTABLE is not set")
    assert pool.start_method() == "spawn"
    with pytest.raises(ImportError):
        exec("import fcntl", {"__name__": "toolkit.anything"})  # as baocao's own code would
    with pytest.raises(ImportError):
        exec("import resource", {"__name__": "toolkit.anything"})
    assert not memory_fence_available() and not limit_memory(Limits())


def test_a_lock_held_by_another_process_is_busy_then_free_when_it_dies(tmp_path: Path) -> None:
    path = tmp_path / "submissions" / ".lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), "60"], stdout=subprocess.PIPE, text=True, env=child_env()
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockBusy) as e:
            FileLock(path, "approve").acquire()
        assert f"pid {holder.pid}" in e.value.holder and e.value.holder.startswith("intake")
    finally:
        holder.kill()  # killed, not released: the system frees the lock
        holder.wait()
    with FileLock(path, "approve") as again:
        assert again.held
    assert not again.held


def test_one_process_cannot_take_its_own_lock_twice(tmp_path: Path) -> None:
    path = tmp_path / ".lock"
    with FileLock(path, "a"):
        with pytest.raises(LockBusy):
            FileLock(path, "b").acquire()
    FileLock(path, "c").acquire().release()


def _square(xs: list[int]) -> list[int]:
    return [x * x for x in xs]


def _init(_arg: object, _in_child: bool) -> None:
    pass


def _fail(x: int, kind: str) -> str:
    return f"{x}:{kind}"


def test_the_pool_works_with_spawn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BAOCAO_START_METHOD", "spawn")
    monkeypatch.setattr(pool, "SPAWN_ITEMS_PER_WORKER", 1)  # workers even for a few items
    out = list(pool.run(list(range(20)), _square, jobs=2, init=_init, init_arg=None, timeout_s=60, on_failure=_fail))
    assert out == [x * x for x in range(20)]


def test_few_items_start_no_spawned_workers_many_do() -> None:
    assert pool.worth_starting(50, 4, "spawn") == 0
    assert pool.worth_starting(50, 4, "fork") == 1
    assert pool.worth_starting(200, 4, "fork") == 4
    assert pool.worth_starting(10_000, 4, "spawn") == 4
    assert pool.worth_starting(3, 0, "fork") == 0


def test_validate_of_a_small_batch_starts_no_workers(workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """50 returns with --jobs 4 under spawn: validated in this process, as fast as without workers."""
    import concurrent.futures

    from intake_support import write_return

    from toolkit.validate import validate_paths

    monkeypatch.setenv("BAOCAO_START_METHOD", "spawn")
    started: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def counting(*a, **kw):
        started.append(1)
        return real(*a, **kw)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting)
    one = write_return(workspace, "P1", "2024-Q1", workspace.inbox / "P1.xlsx")
    paths = [one] * 50
    reports = validate_paths(paths, workspace, jobs=4, cross_unit=False)
    assert len(reports) == 1 and not started  # the same path once; no pool
    many = [workspace.inbox / f"c{i}.xlsx" for i in range(50)]
    for p in many:
        p.write_bytes(one.read_bytes())
    assert len(validate_paths(many, workspace, jobs=4, cross_unit=False)) == 50 and not started


def test_isolated_reads_under_spawn_keep_the_time_fence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_gate import _big

    monkeypatch.setenv("BAOCAO_START_METHOD", "spawn")
    big = _big(tmp_path, rows=6000)
    lim = Limits(timeout_s=600, hard_timeout_s=1, max_cells=10**8)
    t0 = time.perf_counter()
    (res,) = read_many([big], lim.with_(hard_timeout_s=0.05), workers=1)
    assert res.codes == ["read-timeout"] and time.perf_counter() - t0 < 30


def test_archive_moves_never_overwrite_whatever_the_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.intake import fsutil

    for fallback in (False, True):
        if fallback:  # no renameat2 (Windows, macOS, a network share): the portable path
            monkeypatch.setattr(fsutil, "_rename_noreplace", lambda _s, _d: None)
        a, b, dest = tmp_path / f"a{fallback}", tmp_path / f"b{fallback}", tmp_path / f"dest{fallback}"
        a.write_bytes(b"first")
        b.write_bytes(b"second")
        assert place(a, dest) and dest.read_bytes() == b"first"
        assert not place(b, dest) and dest.read_bytes() == b"first" and b.read_bytes() == b"second"
