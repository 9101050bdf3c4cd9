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
from typing import TypeVar

from ..errors import BaocaoError
from ..filelock import FileLock, LockBusy

T = TypeVar("T")  # what the writer returns


class MasterBusy(BaocaoError, RuntimeError):
    """Another consolidation is writing the master (``path``, ``holder``)."""

    path: Path
    holder: str

    vi = "{path} đang được một lệnh khác ghi ({holder})."
    en = "{path} is being written by {holder}."
    hint_vi_template = "Chờ lệnh đó xong rồi chạy lại."
    hint_en_template = "Wait for it to finish, then run again."

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(path=path, holder=holder)


class MasterInUse(BaocaoError, RuntimeError):
    """The old master could not be replaced (open in Excel); ``detail``: the system's words."""

    detail: str

    vi = "Không thay được bảng tổng hợp cũ (đang mở trong Excel?): {detail}."
    en = "Cannot replace the old master (open in Excel?): {detail}."
    hint_vi_template = "Đóng tệp rồi chạy lại."
    hint_en_template = "Close it, then run again."

    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail)


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


def write_atomically(path: Path, write: Callable[[Path], T]) -> T:
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
