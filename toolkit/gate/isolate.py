"""Hard bounds: reads in child processes, killed after a timeout, with an address-space cap.

:func:`read_workbook` already bounds itself cooperatively (a deadline checked in every
loop, caps on decompressed bytes, cells and text). These functions add a second, hard
fence for what cooperation cannot catch (a stuck C call, an allocation the caps did not
foresee): each child sets ``RLIMIT_AS`` to its current size plus ``limits.memory_mb`` and
is killed when a file takes longer than ``limits.hard_timeout_s``. A killed or crashed
child yields a ``read-timeout``/``read-memory``/``unreadable-file`` finding for that file
only; a fresh child takes the next file.

:func:`read_many` keeps ``workers`` children alive across files (the fenced pool of
:mod:`toolkit.pool`, which intake uses too), so the cost of a child is
paid once per worker, not per file. Children are forked on Linux and spawned elsewhere
(:func:`toolkit.pool.start_method`). Without :mod:`resource` (Windows), or without a way to
measure the address space (no ``/proc``: macOS), there is no memory cap
(:func:`memory_fence_available` is False): only the timeout applies.
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterable
from functools import partial
from typing import Any

from toolkit import pool
from toolkit.findings import Code, make
from toolkit.findings import gate as codes
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


def memory_fence_available() -> bool:
    """Whether :func:`limit_memory` can cap a process here (``resource`` and ``/proc``: Linux)."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return _vm_bytes() is not None


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


_BLOCK = 16 * 1024  # well under the C library's threshold for a mapping of its own: taken from the heap's holes


def occupy_free_heap(most: int = 1 << 30) -> int:
    """Take the free space of the C heap (glibc) without touching it; the bytes taken.

    A forked child inherits its parent's heap, freed blocks included: address space that
    :func:`limit_memory`'s cap already counts as used, so a read could fill it and more than
    ``memory_mb`` before the cap stops it (the test suite's parent held 53 MB free after its
    earlier tests). Blocks of it are allocated here and never used (no page is touched, so
    no memory is spent), so that a read's allocations are new address space. Nothing is
    done where the C library cannot say how much is free (not glibc 2.33+).
    """
    try:
        libc = ctypes.CDLL(None)
        info = libc.mallinfo2
        malloc = libc.malloc
    except (OSError, AttributeError):
        return 0
    info.restype = _MallInfo2
    malloc.restype = ctypes.c_void_p
    malloc.argtypes = [ctypes.c_size_t]
    free = info().fordblks
    taken = 0
    while free >= 2 * _BLOCK and taken < most:
        for _ in range(16):
            if not malloc(_BLOCK):
                return taken
            taken += _BLOCK
        now = info().fordblks
        if now >= free:
            break  # the heap grew instead: what is left free is in pieces smaller than a block
        free = now
    return taken


def limit_memory(limits: Limits) -> bool:
    """Cap this process's address space at its current size + limits.memory_mb, once the free
    space it inherited in the C heap is taken (:func:`occupy_free_heap`).

    False where that is impossible (:func:`memory_fence_available`): the time fence still holds.
    """
    try:
        import resource
    except ImportError:
        return False
    occupy_free_heap()
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
            (
                s.name,
                s.state,
                s.protected,
                s.protection,
                s.dimension,
                s.max_row,
                s.max_col,
                s.merged,
                [(c.ref, c.row, c.col, c.value, c.formula, c.kind, c.style) for c in s.cells.values()],
            )
            for s in book.sheets
        ]
        packed_book = (
            book.path,
            sheets,
            book.defined_names,
            book.structure_locked,
            book.locked_styles,
            book.application,
            book.style_formats,
        )
    return (res.path, res.size, res.sha256, packed_book, res.findings, res.elapsed)


def unpack(data: tuple[Any, ...]) -> GateResult:
    path, size, sha256, packed_book, findings, elapsed = data
    book = None
    if packed_book is not None:
        bpath, sheets, names, locked_structure, locked_styles, app, formats = packed_book
        book = RawBook(bpath, [], names, locked_structure, locked_styles, app, formats)
        for name, state, protected, protection, dimension, max_row, max_col, merged, cells in sheets:
            sh = RawSheet(name, state, {}, protected, protection, dimension, max_row, max_col, merged)
            sh.cells = {c[0]: RawCell(*c) for c in cells}
            book.sheets.append(sh)
    return GateResult(path, size, sha256, book, findings, elapsed)


def _failed(path: str, limits: Limits, code_: Code) -> GateResult:
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
    """Read every file in child processes (:mod:`toolkit.pool`); results in the order of ``paths``.

    ``workers=0`` reads in this process (cooperative bounds only).
    """
    limits = limits or DEFAULT
    items = [os.fspath(p) for p in paths]
    if workers <= 0:
        return [read_workbook(p, limits, max_row=max_row, max_col=max_col) for p in items]

    def failed(path: str, kind: str) -> tuple[Any, ...]:
        code_ = {pool.TIMEOUT: codes.READ_TIMEOUT, pool.MEMORY: codes.READ_MEMORY}.get(kind, codes.UNREADABLE_FILE)
        return pack(_failed(path, limits, code_))

    return [
        unpack(r)
        for r in pool.run(
            items,
            partial(_read_batch, limits, max_row, max_col),
            jobs=workers,
            init=_fence,
            init_arg=limits,
            timeout_s=limits.hard_timeout_s,
            per_item_s=limits.hard_timeout_s,
            on_failure=failed,
            batch=1,
        )
    ]


def _read_batch(limits: Limits, max_row: Area, max_col: Area, batch: list[str]) -> list[tuple[Any, ...]]:
    """In a child: read each file, packed (module-level, so that a spawned child can run it)."""
    out = []
    for path in batch:
        try:
            out.append(pack(read_workbook(path, limits, max_row=max_row, max_col=max_col)))
        except MemoryError:  # while packing: the verdict only
            try:
                out.append(pack(_failed(path, limits, codes.READ_MEMORY)))
            except BaseException:
                os._exit(pool.MEMORY_EXIT)
    return out


def _fence(limits: Limits, in_child: bool) -> None:
    if in_child:
        limit_memory(limits)


def read_workbook_isolated(
    path: str | os.PathLike[str],
    limits: Limits | None = None,
    *,
    max_row: Area = None,
    max_col: Area = None,
) -> GateResult:
    """:func:`read_workbook` in a child process under the hard bounds."""
    return read_many([path], limits, workers=1, max_row=max_row, max_col=max_col)[0]
