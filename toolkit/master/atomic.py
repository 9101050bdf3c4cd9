"""Write the master safely: one writer at a time, and never a half-written file.

* A lock (:mod:`toolkit.filelock` on ``.<name>.lock`` next to the master) keeps two consolidate
  runs from writing the same file; the second one is told the file is busy.
* The workbook is written to a temporary file in the same folder, then renamed over the
  old one with ``os.replace`` (atomic on one file system). If the old master is open in
  Excel, Windows refuses the rename with a PermissionError: the temporary file is removed,
  the old master is left intact and the user is told to close it and run again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..filelock import FileLock, LockBusy


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
    lock = FileLock(lock_path(path), "consolidate")
    try:
        lock.acquire()
    except LockBusy as e:
        raise MasterBusy(path, e.holder) from None
    try:
        yield lock.path
    finally:
        lock.release()


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
