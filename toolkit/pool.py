"""Run a batch function over files in child processes, fenced: the reading gate and intake.

Files go to the workers in small chunks (so that per-call costs, like one pandera
validation, are paid per chunk). Each child caps its address space (``RLIMIT_AS``) once
initialised, dies with its parent, and is killed when a chunk takes longer than its
timeout; the chunk is then retried file by file, and the file that fails alone gets a
failure result while a fresh child takes the next work. Results come back one per item,
in the order of the items (so that two versions of one unit arriving together are
numbered in arrival order), while the children work ahead. ``jobs=0`` runs everything in
this process (no fence).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

TIMEOUT, MEMORY, DIED = "timeout", "memory", "died"
MEMORY_EXIT = 75  # a child that could not even report running out of memory exits with this


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


def _child(conn: Connection, init: Callable[[Any, bool], None], init_arg: Any,
           fn: Callable[[list[Any]], list[Any]], parent: int) -> None:
    _die_with_parent(parent)
    init(init_arg, True)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        start, items = msg
        res = fn(items)
        try:
            conn.send((start, res))
        except (EOFError, OSError):
            return


@dataclass
class _Worker(Generic[T]):
    proc: Any
    conn: Connection
    task: tuple[int, list[T]] | None = None
    started: float = 0.0


def _context() -> Any:
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def chunk_size(n: int, jobs: int, most: int = 16) -> int:
    """Chunks small enough to keep every worker busy to the end, large enough to batch."""
    return max(1, min(most, n // max(1, jobs * 4)))


def run(
    items: Sequence[T],
    fn: Callable[[list[T]], list[R]],
    *,
    jobs: int,
    init: Callable[[Any, bool], None],
    init_arg: Any,
    timeout_s: float,
    on_failure: Callable[[T, str], R],
    batch: int | None = None,
    per_item_s: float = 2.0,
) -> Iterator[R]:
    """Yield ``fn([item])[0]`` for every item, in order (computed in chunks of ``batch``)."""
    n = len(items)
    size = batch or chunk_size(n, jobs)
    if jobs <= 0 or not items:
        if items:
            init(init_arg, False)
        for i in range(0, n, size):
            yield from fn(list(items[i:i + size]))
        return
    ctx = _context()
    todo: deque[tuple[int, list[T]]] = deque((i, list(items[i:i + size])) for i in range(0, n, size))
    done: dict[int, R] = {}
    nxt = 0
    workers: list[_Worker[T]] = []

    def spawn() -> _Worker[T]:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_child, args=(child, init, init_arg, fn, os.getpid()), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def limit(w: _Worker[T]) -> float:
        assert w.task is not None
        return timeout_s + per_item_s * (len(w.task[1]) - 1)

    try:
        for _ in range(min(jobs, len(todo))):
            workers.append(spawn())
        while nxt < n:
            for w in workers:
                if w.task is None and todo:
                    w.task = todo.popleft()
                    w.started = time.monotonic()
                    w.conn.send(w.task)
            busy = [w for w in workers if w.task is not None]
            if busy:
                now = time.monotonic()
                wait_s = max(0.0, min(w.started + limit(w) - now for w in busy))
                ready = set(wait([w.conn for w in busy], timeout=wait_s))
                now = time.monotonic()
                for i, w in enumerate(workers):
                    if w.task is None:
                        continue
                    start, chunk = w.task
                    if w.conn in ready:
                        try:
                            got, res = w.conn.recv()
                            for k, r in enumerate(res):
                                done[got + k] = r
                            w.task = None
                            continue
                        except Exception:
                            w.proc.join(timeout=1)
                            code = w.proc.exitcode
                            oom = code is not None and (code < 0 or code == MEMORY_EXIT)  # < 0: killed
                            kind = MEMORY if oom else DIED
                    elif now - w.started > limit(w):
                        kind = TIMEOUT
                    else:
                        continue
                    if len(chunk) > 1:  # find the culprit: the same files again, one by one
                        for k in range(len(chunk) - 1, -1, -1):
                            todo.appendleft((start + k, [chunk[k]]))
                    else:
                        done[start] = on_failure(chunk[0], kind)
                    w.task = None
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
