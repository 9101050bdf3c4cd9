"""Run a batch function over files in child processes, fenced: the reading gate and intake.

Files go to the workers in chunks (so that per-call costs, like one pandera validation,
are paid per chunk), large while much is left and small at the end (:func:`chunk_sizes`). Each child caps its address space (``RLIMIT_AS``) once
initialised, dies with its parent, and is killed when a chunk takes longer than its
timeout; the chunk is then retried file by file, and the file that fails alone gets a
failure result while a fresh child takes the next work. Results come back one per item,
in the order of the items (so that two versions of one unit arriving together are
numbered in arrival order), while the children work ahead. ``jobs=0`` runs everything in
this process (no fence).

Children are forked on Linux (they share the parent's loaded modules) and spawned
elsewhere (Windows, macOS), or as ``BAOCAO_START_METHOD`` says: everything sent to a child
(the batch function, the initialiser and its argument) is a module-level, picklable
object, so both work. A spawned child imports pandas and pandera again (about a second),
so a small batch gets fewer spawned workers (:func:`worth_starting`).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

TIMEOUT, MEMORY, DIED = "timeout", "memory", "died"
AHEAD = 2  # chunks sent to a worker before it finishes the first: the parent may be busy filing
MEMORY_EXIT = 75  # a child that could not even report running out of memory exits with this
READY = "ready"  # what a child sends once initialised
START_S = 120.0  # seconds a child may take to start (spawned: imports, the workspace) before it is killed


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


def _child(
    conn: Connection,
    init: Callable[[Any, bool], None],
    init_arg: Any,
    fn: Callable[[list[Any]], list[Any]],
    parent: int,
) -> None:
    _die_with_parent(parent)
    init(init_arg, True)
    try:
        conn.send(READY)  # the clock of the first chunk starts now, not at the (spawned) start
    except (EOFError, OSError):
        return
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        start, items = msg
        res = fn(items)
        settle()
        try:
            conn.send((start, res))
        except (EOFError, OSError):
            return
        except MemoryError:  # the work fitted in the memory fence, its result does not: say so
            os._exit(MEMORY_EXIT)


_SETTLED: list[bool] = []


def settle() -> None:
    """Once per process, after its first piece of work: collect, then freeze what is left
    (modules, the workspace, caches) out of the cyclic collector's reach. Each full
    collection would otherwise walk all of it again: 0,5 ms a form (12 %) at 10.000 forms.
    Then collect less often (a form's objects die by reference counting): another 5 %."""
    if _SETTLED:
        return
    _SETTLED.append(True)
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 50)


@dataclass
class _Worker(Generic[T]):
    proc: Any
    conn: Connection
    tasks: deque[tuple[int, list[T]]] = field(default_factory=deque)  # sent, in the order it works
    started: float = 0.0  # when it began the first of them
    ready: bool = False  # initialised: until then the start-up limit applies, not the work's


# Items a worker must have before it is worth starting. A spawned one imports pandas and
# pandera and loads the workspace again (about a second: ~250 forms validated in the parent);
# a forked one costs little, but a pool still does not pay for fewer than ~32 forms each.
# Measured by bench/small.py (docs/performance.md).
SPAWN_ITEMS_PER_WORKER = 250
FORK_ITEMS_PER_WORKER = 32


def start_method() -> str:
    """``BAOCAO_START_METHOD`` when set and available; else fork on Linux, spawn elsewhere
    (macOS's fork is unsafe with system libraries; Windows has none)."""
    methods = mp.get_all_start_methods()
    chosen = os.environ.get("BAOCAO_START_METHOD", "")
    if chosen in methods:
        return chosen
    return "fork" if sys.platform.startswith("linux") and "fork" in methods else "spawn"


def context() -> Any:
    return mp.get_context(start_method())


def default_jobs() -> int:
    """Worker processes when the user does not say (``--jobs``): every core this process may
    use (its CPU affinity where the system has one), at least one."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13
    if count is not None:
        return max(1, count() or 1)
    if hasattr(os, "sched_getaffinity"):
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except OSError:
            pass
    return max(1, os.cpu_count() or 1)


def worth_starting(n_items: int, jobs: int, method: str | None = None) -> int:
    """How many of ``jobs`` workers are worth starting for ``n_items`` (0: do it in this process).

    Each needs :data:`FORK_ITEMS_PER_WORKER` (forked) or :data:`SPAWN_ITEMS_PER_WORKER`
    (spawned) items, or it takes longer to start than the work it takes off the parent.
    """
    if jobs <= 0 or n_items <= 0:
        return 0
    each = FORK_ITEMS_PER_WORKER if (method or start_method()) == "fork" else SPAWN_ITEMS_PER_WORKER
    return min(jobs, n_items // each)


def chunk_size(n: int, jobs: int, most: int = 16) -> int:
    """Chunks small enough to keep every worker busy to the end, large enough to batch."""
    return max(1, min(most, n // max(1, jobs * 4)))


CHUNK_LEAST = 16  # files of the smallest chunk chunk_sizes cuts


def chunk_sizes(n: int, jobs: int, most: int, least: int | None = None) -> list[int]:
    """Sizes of the consecutive chunks ``n`` items are cut into for ``jobs`` workers: about a
    third of each worker's share of what is left, between ``least`` (:data:`CHUNK_LEAST`)
    and ``most``. Large chunks while much is left (a per-chunk cost, like one pandera
    validation, is paid less often), small ones at the end (the workers finish together)."""
    least = min(most, CHUNK_LEAST if least is None else least)
    out: list[int] = []
    left = n
    while left > 0:
        size = min(left, max(least, min(most, left // (3 * max(1, jobs)))))
        out.append(size)
        left -= size
    return out


def run(
    items: Sequence[T],
    fn: Callable[[list[T]], list[R]],
    *,
    jobs: int,
    init: Callable[[Any, bool], None],
    init_arg: Any,
    timeout_s: float,
    on_failure: Callable[[T, str], R],
    batch: int | Sequence[int] | None = None,
    per_item_s: float = 2.0,
) -> Iterator[R]:
    """Yield ``fn([item])[0]`` for every item, in order, computed in chunks of ``batch`` items
    (or of the sizes ``batch`` lists, in turn: :func:`chunk_sizes`)."""
    n = len(items)
    if isinstance(batch, int) or batch is None:
        size = batch or chunk_size(n, jobs)
        sizes: Sequence[int] = [size] * -(-n // size)
    else:
        sizes = batch
    starts = [0]
    for size in sizes:
        starts.append(starts[-1] + size)
    chunks = [(i, list(items[i:j])) for i, j in zip(starts, starts[1:], strict=False) if i < n]
    if jobs <= 0 or not items:
        if items:
            init(init_arg, False)
        for _i, c in chunks:
            yield from fn(c)
        return
    jobs = max(1, worth_starting(n, jobs))  # at least one: the child is the fence
    ctx = context()
    todo: deque[tuple[int, list[T]]] = deque(chunks)
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
        work = timeout_s + per_item_s * (len(w.tasks[0][1]) - 1)
        return work if w.ready else START_S + work

    try:
        for _ in range(min(jobs, len(todo))):
            workers.append(spawn())
        while nxt < n:
            now = time.monotonic()
            for w in workers:  # keep AHEAD chunks at each worker: it never waits for this loop
                while len(w.tasks) < AHEAD and todo:
                    if not w.tasks:
                        w.started = now
                    w.tasks.append(todo.popleft())
                    try:
                        w.conn.send(w.tasks[-1])
                    except (OSError, ValueError):  # it died: its end of the pipe reads as closed below
                        break
            busy = [w for w in workers if w.tasks]
            if busy:
                wait_s = max(0.0, min(w.started + limit(w) - now for w in busy))
                ready = set(wait([w.conn for w in busy], timeout=wait_s))
                now = time.monotonic()
                for i, w in enumerate(workers):
                    if not w.tasks:
                        continue
                    start, chunk = w.tasks[0]
                    if w.conn in ready:
                        try:
                            msg = w.conn.recv()
                            if isinstance(msg, str):  # READY: the first chunk's clock starts
                                w.ready, w.started = True, now
                                continue
                            got, res = msg
                            for k, r in enumerate(res):
                                done[got + k] = r
                            w.tasks.popleft()
                            w.started = now
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
                    w.tasks.popleft()
                    while w.tasks:  # sent after the failed one, not begun: back to the queue as they were
                        todo.appendleft(w.tasks.pop())
                    if len(chunk) > 1:  # find the culprit: the same files again, one by one
                        for k in range(len(chunk) - 1, -1, -1):
                            todo.appendleft((start + k, [chunk[k]]))
                    else:
                        done[start] = on_failure(chunk[0], kind)
                    _stop(w, kill=True)
                    workers[i] = spawn()
            while nxt in done:
                yield done.pop(nxt)
                nxt += 1
    finally:
        for w in workers:
            _stop(w, kill=bool(w.tasks))


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
