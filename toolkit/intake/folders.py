"""Where intake keeps things under ``submissions/``, and which inbox files it ignores.

::

    submissions/
      inbox/                                   files as they arrive (any sub-folders)
      archive/<period>/<unit>/v<N>_<sha12>.xlsx          the original bytes, read-only
                              v<N>_<sha12>.json          the validation result (FileReport)
                              v<N>_<sha12>.feedback.xlsx the annotated copy (when findings)
      rejected/<date>_<sha12>_<name>           unreadable or unidentifiable files ...
      rejected/<date>_<sha12>_<name>.reason.txt  ... and why, in Vietnamese and English
      processed/<date>/<sha12>_<name>          inbox files already filed (safe to clean)
      ledger.sqlite                            the append-only ledger (WAL)
      .staging/                                work files of a run in progress
      .lock                                    held while intake or approve runs
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# names of files that are not returns: Excel/LibreOffice owner and lock files, temporary
# and partial downloads, OS litter. Hidden files (leading dot) are skipped as well.
_TEMP_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp")
_SYSTEM_NAMES = {"thumbs.db", "desktop.ini", "ehthumbs.db"}
_ARCHIVE_NAME = re.compile(r"^v(?P<version>[0-9]+)_(?P<sha>[0-9a-f]{12})\.xlsx$")
_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]")


def skip_reason(name: str) -> str | None:
    """Why a file name is not a return (owner, hidden, temporary), or None to take it."""
    low = name.lower()
    if name.startswith("~$"):
        return "owner"  # Excel's owner file of an open workbook
    if name.startswith("."):
        return "hidden"  # includes LibreOffice's .~lock.<name># and .DS_Store
    if low in _SYSTEM_NAMES:
        return "system"
    if low.endswith(_TEMP_SUFFIXES) or low.endswith("~"):
        return "temporary"  # ~WRL0001.tmp, downloads in progress, editor backups
    return None


def safe_name(name: str, limit: int = 120) -> str:
    """An original file name made safe to sit in one folder: no separators or controls."""
    base = _UNSAFE.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip() or "file"
    if len(base) > limit:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: limit - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else base[:limit]
    return base


WINDOWS_MAX_PATH = 259  # characters of a path Windows opens without long-path support (260 with the NUL)


def room(folder: Path, used: int = 0, most: int = 120, least: int = 16) -> int:
    """Characters left for a name in ``folder`` (beside ``used`` more of its own) so that the
    whole path stays within Windows' limit, a workspace deep in a user's folders included."""
    return max(least, min(most, WINDOWS_MAX_PATH - len(str(folder)) - 1 - used))


def parse_archive_name(name: str) -> tuple[int, str] | None:
    """'v2_0123456789ab.xlsx' -> (2, '0123456789ab')."""
    m = _ARCHIVE_NAME.match(name)
    return (int(m.group("version")), m.group("sha")) if m else None


@dataclass(frozen=True)
class Folders:
    """The folders and files intake keeps under ``submissions/`` (see the module docstring)."""

    submissions: Path

    @property
    def archive(self) -> Path:
        return self.submissions / "archive"

    @property
    def rejected(self) -> Path:
        return self.submissions / "rejected"

    @property
    def processed(self) -> Path:
        return self.submissions / "processed"

    @property
    def staging(self) -> Path:
        return self.submissions / ".staging"

    @property
    def ledger(self) -> Path:
        return self.submissions / "ledger.sqlite"

    @property
    def lock(self) -> Path:
        return self.submissions / ".lock"

    def version_dir(self, period: str, unit: str) -> Path:
        return self.archive / period / unit

    @staticmethod
    def stem(version: int, sha256: str) -> str:
        return f"v{version}_{sha256[:12]}"

    def version_file(self, period: str, unit: str, version: int, sha256: str, suffix: str = ".xlsx") -> Path:
        return self.version_dir(period, unit) / (self.stem(version, sha256) + suffix)

    def internal(self) -> tuple[Path, ...]:
        """Folders intake writes to: never scanned as an inbox."""
        return (self.archive, self.rejected, self.processed, self.staging)

    def rel(self, path: Path) -> str:
        """A path relative to the workspace root (as stored in the ledger)."""
        try:
            return path.relative_to(self.submissions.parent).as_posix()
        except ValueError:
            return str(path)


def folders_of(ws: Any) -> Folders:
    """The folders of a workspace (anything with ``submissions``)."""
    return Folders(Path(ws.submissions))
