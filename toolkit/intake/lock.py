"""One writer at a time: an exclusive, non-blocking lock on ``submissions/.lock``.

The lock is an ``fcntl.flock`` on the file (released by the kernel when the process
ends, even when it is killed); the file holds the holder's pid, host and start time so
that a second process can say who is busy.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime
from pathlib import Path
from types import TracebackType

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class BusyError(RuntimeError):
    """Another intake or approval holds the workspace lock."""

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder
        self.message_vi = (
            f"Thư mục nộp báo cáo đang bận: một lệnh nhận hồ sơ/duyệt khác đang chạy ({holder}). "
            "Chờ lệnh đó xong rồi chạy lại."
        )
        self.message_en = (
            f"The submissions folder is busy: another intake/approve is running ({holder}). "
            "Wait for it to finish, then run again."
        )
        super().__init__(f"{self.message_vi} / {self.message_en}")


_HELD: set[int] = set()  # descriptors of locks held by this process


def close_inherited() -> None:
    """In a forked child: drop the copies of the parent's lock descriptors.

    Only closes this process's copies (never unlocks), so that the lock is released as
    soon as the parent ends, even if a child outlives it for a moment.
    """
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


class WorkspaceLock:
    def __init__(self, path: Path, purpose: str = "intake") -> None:
        self.path = path
        self.purpose = purpose
        self._fd: int | None = None

    def acquire(self) -> WorkspaceLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = _read_holder(fd)
                os.close(fd)
                raise BusyError(self.path, holder) from None
        os.ftruncate(fd, 0)
        info = f"{self.purpose} pid {os.getpid()} on {socket.gethostname()} since {datetime.now():%Y-%m-%d %H:%M:%S}"
        os.write(fd, info.encode())
        self._fd = fd
        _HELD.add(fd)
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _HELD.discard(fd)
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        os.close(fd)  # closing the descriptor releases the flock

    def __enter__(self) -> WorkspaceLock:
        return self.acquire()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 300).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "?"
