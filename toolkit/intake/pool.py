"""Run a function over files in child processes, fenced like the reading gate.

Each child caps its address space (``RLIMIT_AS``) once initialised and is killed when
one file takes longer than the timeout; the file then gets a failure result and a fresh
child takes the next file. Results come back in the order of the tasks (so that two
versions of one unit arriving together are numbered in arrival order) while the
children work ahead. ``jobs=0`` runs everything in this process (no fence).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

TIMEOUT, MEMORY, DIED = "timeout", "memory", "died"


def _die_with_parent(parent: int) -> None:
    """Linux: be killed when the parent dies (no orphan keeps working after a crash)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl
        os._exit(1)


def _child(conn: Connection, init: Callable[[Any, bool], None], init_arg: Any, fn: Callable[[Any], Any],
           parent: int) -> None:
    _die_with_parent(parent)
    init(init_arg, True)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        idx, task = msg
        res = fn(task)
        try:
            conn.send((idx, res))
        except (EOFError, OSError):
            return


@dataclass
class _Worker(Generic[T]):
    proc: Any
    conn: Connection
    task: tuple[int, T] | None = None
    started: float = 0.0


def _context() -> Any:
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def run(
    tasks: Sequence[T],
    fn: Callable[[T], R],
    *,
    jobs: int,
    init: Callable[[Any, bool], None],
    init_arg: Any,
    timeout_s: float,
    on_failure: Callable[[T, str], R],
) -> Iterator[R]:
    """Yield ``fn(task)`` for every task, in order."""
    if jobs <= 0 or not tasks:
        if tasks:
            init(init_arg, False)
        for t in tasks:
            yield fn(t)
        return
    ctx = _context()
    todo = list(enumerate(tasks))
    todo.reverse()
    done: dict[int, R] = {}
    nxt = 0
    workers: list[_Worker[T]] = []

    def spawn() -> _Worker[T]:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_child, args=(child, init, init_arg, fn, os.getpid()), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent)

    try:
        for _ in range(min(jobs, len(tasks))):
            workers.append(spawn())
        while nxt < len(tasks):
            for w in workers:
                if w.task is None and todo:
                    w.task = todo.pop()
                    w.started = time.monotonic()
                    w.conn.send(w.task)
            busy = [w for w in workers if w.task is not None]
            if busy:
                now = time.monotonic()
                wait_s = max(0.0, min(w.started + timeout_s - now for w in busy))
                ready = set(wait([w.conn for w in busy], timeout=wait_s))
                now = time.monotonic()
                for i, w in enumerate(workers):
                    if w.task is None:
                        continue
                    idx, task = w.task
                    if w.conn in ready:
                        try:
                            got, res = w.conn.recv()
                            done[got] = res
                            w.task = None
                            continue
                        except Exception:
                            w.proc.join(timeout=1)
                            killed = w.proc.exitcode is not None and w.proc.exitcode < 0
                            done[idx] = on_failure(task, MEMORY if killed else DIED)
                    elif now - w.started > timeout_s:
                        done[idx] = on_failure(task, TIMEOUT)
                    else:
                        continue
                    _stop(w, kill=True)
                    workers[i] = spawn()
            while nxt in done:
                yield done.pop(nxt)
                nxt += 1
    finally:
        for w in workers:
            _stop(w, kill=w.task is not None)


def _stop(w: _Worker[Any], kill: bool) -> None:
    if kill:
        w.proc.kill()
    else:
        try:
            w.conn.send(None)
        except (OSError, ValueError):
            pass
    w.proc.join(timeout=5)
    if w.proc.is_alive():
        w.proc.kill()
        w.proc.join(timeout=2)
    w.conn.close()
