"""One writer at a time: an exclusive, non-blocking lock file, on every system.

The lock itself is py-filelock's (``filelock.FileLock``): ``flock`` on Linux and macOS,
``msvcrt.locking`` on Windows; either way the operating system releases it when the
process ends, even when it is killed, and (filelock 4) a forked child's copy of the
descriptor is dropped, so a worker outliving its parent never keeps the lock. Beside it, ``<lock>.holder`` says who holds it
(purpose, pid, host, start time), so that a second process can tell the user who is busy.
Used by intake and approval (the submissions folder) and consolidation (the master file).
"""

from __future__ import annotations

import contextlib
import os
import socket
from datetime import datetime
from pathlib import Path
from types import TracebackType

import filelock

from .errors import BaocaoError


class LockBusy(BaocaoError, RuntimeError):
    """Another process holds the lock (``path``, ``holder``: who, since when)."""

    path: Path
    holder: str

    vi = "{path} đang bị khóa bởi {holder}."
    en = "{path} is locked by {holder}."
    hint_vi_template = "Chờ lệnh đó xong rồi chạy lại."
    hint_en_template = "Wait for it to finish, then run again."

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(path=path, holder=holder)


def holder_path(path: Path) -> Path:
    return path.with_name(path.name + ".holder")


class FileLock:
    """``with FileLock(path, "intake"):`` ... ; :class:`LockBusy` at once when it is held."""

    def __init__(self, path: Path, purpose: str = "") -> None:
        self.path = Path(path)
        self.purpose = purpose
        self._lock: filelock.BaseFileLock | None = None

    def acquire(self) -> FileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(os.fspath(self.path), timeout=0, thread_local=False)
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            raise LockBusy(self.path, _read_holder(self.path)) from None
        self._lock = lock
        who = f"{self.purpose} " if self.purpose else ""
        text = f"{who}pid {os.getpid()} on {socket.gethostname()} since {datetime.now():%Y-%m-%d %H:%M:%S}"
        with contextlib.suppress(OSError):
            holder_path(self.path).write_text(text, encoding="utf-8")
        return self

    def release(self) -> None:
        if self._lock is None:
            return
        lock, self._lock = self._lock, None
        with contextlib.suppress(OSError):
            holder_path(self.path).unlink()
        lock.release(force=True)

    @property
    def held(self) -> bool:
        return self._lock is not None

    def __enter__(self) -> FileLock:
        return self.acquire()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


def _read_holder(path: Path) -> str:
    try:
        text = holder_path(path).read_text(encoding="utf-8", errors="replace")[:300].strip()
    except OSError:
        text = ""
    return text or "?"
