"""One intake or approval at a time: the workspace lock on ``submissions/.lock``."""

from __future__ import annotations

from pathlib import Path

from ..filelock import FileLock, LockBusy

__all__ = ["BusyError", "WorkspaceLock"]


class BusyError(LockBusy):
    """Another intake or approval holds the workspace lock."""

    vi = "Thư mục nộp báo cáo đang bận: một lệnh nhận hồ sơ/duyệt khác đang chạy ({holder})."
    en = "The submissions folder is busy: another intake/approve is running ({holder})."


class WorkspaceLock(FileLock):
    def __init__(self, path: Path, purpose: str = "intake") -> None:
        super().__init__(path, purpose)

    def acquire(self) -> WorkspaceLock:
        try:
            super().acquire()
        except LockBusy as e:
            raise BusyError(e.path, e.holder) from None
        return self
