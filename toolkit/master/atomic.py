"""Write the master safely: one writer at a time, and never a half-written file.

* A lock (``fcntl.flock`` on ``.<name>.lock`` next to the master) keeps two consolidate
  runs from writing the same file; the second one is told the file is busy.
* The workbook is written to a temporary file in the same folder, then renamed over the
  old one with ``os.replace`` (atomic on one file system). If the old master is open in
  Excel, Windows refuses the rename with a PermissionError: the temporary file is removed,
  the old master is left intact and the user is told to close it and run again.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: rely on the rename refusing instead
    fcntl = None  # type: ignore[assignment]


class MasterBusy(RuntimeError):
    def __init__(self, path: Path, holder: str) -> None:
        self.path, self.holder = path, holder
        super().__init__(f"{path} is being written by {holder}")


class MasterInUse(RuntimeError):
    """The old master could not be replaced (open in Excel)."""


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextmanager
def master_lock(path: Path) -> Iterator[Path]:
    lp = lock_path(path)
    lp.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lp, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.lseek(fd, 0, os.SEEK_SET)
                holder = os.read(fd, 200).decode(errors="replace").strip() or "another process"
                raise MasterBusy(path, holder) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} on {socket.gethostname()} since {datetime.now():%Y-%m-%d %H:%M:%S}".encode())
        yield lp
    finally:
        os.close(fd)


def temp_path(path: Path) -> Path:
    return path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")


def write_atomically(path: Path, write: Callable[[Path], object]) -> object:
    """``write(tmp)`` then rename tmp over ``path``; the old file survives any failure."""
    tmp = temp_path(path)
    try:
        result = write(tmp)
        try:
            os.replace(tmp, path)
        except PermissionError as e:
            raise MasterInUse(str(e)) from e
        return result
    finally:
        if tmp.exists():
            tmp.unlink()


def open_markers(path: Path) -> list[str]:
    """Lock files Excel (~$name) or LibreOffice (.~lock.name#) leave while the file is open."""
    found = []
    if path.with_name("~$" + path.name).exists() or path.with_name("~$" + path.name[2:]).exists():
        found.append("Excel")
    if path.with_name(f".~lock.{path.name}#").exists():
        found.append("LibreOffice")
    return found
