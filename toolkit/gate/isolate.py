"""Hard bounds: reads in child processes, killed after a timeout, with an address-space cap.

:func:`read_workbook` already bounds itself cooperatively (a deadline checked in every
loop, caps on decompressed bytes, cells and text). These functions add a second, hard
fence for what cooperation cannot catch (a stuck C call, an allocation the caps did not
foresee): each child sets ``RLIMIT_AS`` to its current size plus ``limits.memory_mb`` and
is killed when a file takes longer than ``limits.hard_timeout_s``. A killed or crashed
child yields a ``read-timeout``/``read-memory``/``unreadable-file`` finding for that file
only; a fresh child takes the next file.

:func:`read_many` keeps ``workers`` children alive across files, so the cost of a child is
paid once per worker, not per file; intake uses it for batches. On platforms without
``fork`` children are spawned; without :mod:`resource` (Windows) only the timeout applies.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from toolkit.findings import make
from toolkit.gate import codes
from toolkit.gate.limits import DEFAULT, MB, Limits
from toolkit.gate.read import Area, GateResult, read_workbook
from toolkit.rawbook import RawBook, RawCell, RawSheet


def _vm_bytes() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def limit_memory(limits: Limits) -> bool:
    """Cap this process's address space at its current size + limits.memory_mb."""
    try:
        import resource
    except ImportError:
        return False
    vm = _vm_bytes()
    if vm is None:
        return False
    cap = vm + limits.memory_mb * MB
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    return True


def pack(res: GateResult) -> tuple[Any, ...]:
    """A result as plain tuples: pickles several times faster than the dataclasses."""
    book = res.book
    packed_book = None
    if book is not None:
        sheets = [
            (s.name, s.state, s.protected, s.protection, s.dimension, s.max_row, s.max_col,
             [(c.ref, c.row, c.col, c.value, c.formula, c.kind, c.style) for c in s.cells.values()])
            for s in book.sheets
        ]
        packed_book = (book.path, sheets, book.defined_names, book.structure_locked,
                       book.locked_styles, book.application)
    return (res.path, res.size, res.sha256, packed_book, res.findings, res.elapsed)


def unpack(data: tuple[Any, ...]) -> GateResult:
    path, size, sha256, packed_book, findings, elapsed = data
    book = None
    if packed_book is not None:
        bpath, sheets, names, locked_structure, locked_styles, app = packed_book
        book = RawBook(bpath, [], names, locked_structure, locked_styles, app)
        for name, state, protected, protection, dimension, max_row, max_col, cells in sheets:
            sh = RawSheet(name, state, {}, protected, protection, dimension, max_row, max_col)
            sh.cells = {c[0]: RawCell(*c) for c in cells}
            book.sheets.append(sh)
    return GateResult(path, size, sha256, book, findings, elapsed)


MEMORY_EXIT = 75  # a child that could not even report running out of memory exits so


def _worker(conn: Connection, limits: Limits, max_row: Area, max_col: Area) -> None:
    limit_memory(limits)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        idx, path = msg
        try:
            conn.send((idx, pack(read_workbook(path, limits, max_row=max_row, max_col=max_col))))
        except (EOFError, OSError):
            return
        except BaseException:  # MemoryError while packing or sending: the verdict only
            try:
                conn.send((idx, pack(_failed(path, limits, codes.READ_MEMORY))))
            except BaseException:
                os._exit(MEMORY_EXIT)


@dataclass
class _Child:
    proc: Any
    conn: Connection
    task: tuple[int, str] | None = None
    started: float = 0.0


def _context() -> Any:
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def _spawn(ctx: Any, limits: Limits, max_row: Area, max_col: Area) -> _Child:
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_worker, args=(child, limits, max_row, max_col), daemon=True)
    proc.start()
    child.close()
    return _Child(proc, parent)


def _stop(c: _Child, kill: bool) -> None:
    if kill:
        c.proc.kill()
    else:
        try:
            c.conn.send(None)
        except (OSError, ValueError):
            pass
    c.proc.join(timeout=2)
    if c.proc.is_alive():
        c.proc.kill()
        c.proc.join(timeout=2)
    c.conn.close()


def _failed(path: str, limits: Limits, code_: str) -> GateResult:
    r = GateResult(path, 0, "", None)
    try:
        r.size = os.stat(path).st_size
    except OSError:
        pass
    if code_ == codes.READ_TIMEOUT:
        f = make(code_, file=path, seconds=f"{limits.hard_timeout_s:g}")
    elif code_ == codes.READ_MEMORY:
        f = make(code_, file=path, limit_mb=limits.memory_mb)
    else:
        f = make(code_, file=path, error="the reading process died")
    r.findings.append(f)
    return r


def read_many(
    paths: Iterable[str | os.PathLike[str]],
    limits: Limits | None = None,
    *,
    workers: int = 2,
    max_row: Area = None,
    max_col: Area = None,
) -> list[GateResult]:
    """Read every file in child processes; results in the order of ``paths``.

    ``workers=0`` reads in this process (cooperative bounds only).
    """
    limits = limits or DEFAULT
    todo = deque(enumerate(os.fspath(p) for p in paths))
    results: list[GateResult | None] = [None] * len(todo)
    if workers <= 0:
        return [read_workbook(p, limits, max_row=max_row, max_col=max_col) for _, p in todo]
    ctx = _context()
    pool: list[_Child] = []
    try:
        while todo or pool:
            busy = sum(1 for c in pool if c.task)
            while len(pool) < min(workers, len(todo) + busy):
                pool.append(_spawn(ctx, limits, max_row, max_col))
            for c in list(pool):
                if c.task is None and todo:
                    task = todo.popleft()
                    try:
                        c.conn.send(task)
                    except (OSError, ValueError):  # the idle child died: a new one takes it
                        todo.appendleft(task)
                        _stop(c, kill=True)
                        pool.remove(c)
                        continue
                    c.task, c.started = task, time.monotonic()
            busy_children = [c for c in pool if c.task]
            if not busy_children:
                break
            now = time.monotonic()
            wait_s = max(0.0, min(c.started + limits.hard_timeout_s - now for c in busy_children))
            ready = set(wait([c.conn for c in busy_children], timeout=wait_s))
            now = time.monotonic()
            for c in busy_children:
                assert c.task is not None
                idx, path = c.task
                if c.conn in ready:
                    try:
                        got_idx, packed = c.conn.recv()
                        res = unpack(packed)
                    except Exception:
                        c.proc.join(timeout=1)
                        code = c.proc.exitcode
                        oom = code is not None and (code < 0 or code == MEMORY_EXIT)  # < 0: killed
                        code_ = codes.READ_MEMORY if oom else codes.UNREADABLE_FILE
                        results[idx] = _failed(path, limits, code_)
                    else:
                        results[got_idx] = res
                        c.task = None
                        continue
                elif now - c.started > limits.hard_timeout_s:
                    results[idx] = _failed(path, limits, codes.READ_TIMEOUT)
                else:
                    continue
                c.task = None
                _stop(c, kill=True)
                pool.remove(c)
            if not todo:
                for c in [c for c in pool if c.task is None]:
                    _stop(c, kill=False)
                    pool.remove(c)
    finally:
        for c in pool:
            _stop(c, kill=c.task is not None)
    return [r for r in results if r is not None]


def read_workbook_isolated(
    path: str | os.PathLike[str],
    limits: Limits | None = None,
    *,
    max_row: Area = None,
    max_col: Area = None,
) -> GateResult:
    """:func:`read_workbook` in a child process under the hard bounds."""
    return read_many([path], limits, workers=1, max_row=max_row, max_col=max_col)[0]
