"""Durable file operations: write to a temporary name, fsync, rename; never overwrite."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .. import caches

T = TypeVar("T")

READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH  # 0444
CHUNK = 1 << 20
_MADE = caches.memo(
    "intake.fsutil.made", 100_000
)  # folders this process made or found (intake files thousands into a few)


def ensure_dir(d: Path, *, fresh: bool = False) -> None:
    """``d.mkdir(parents=True, exist_ok=True)``, once per folder and process (``fresh``: check again)."""
    key = os.fspath(d)
    if key in _MADE and not fresh:
        return
    d.mkdir(parents=True, exist_ok=True)
    _MADE.put(key, True)


def new_dir(d: Path) -> bool:
    """Make folder ``d`` (and its parents); True when this call made it, so it is empty."""
    try:
        os.mkdir(d)
    except FileExistsError:
        _MADE.put(os.fspath(d), True)
        return False
    except FileNotFoundError:
        d.parent.mkdir(parents=True, exist_ok=True)
        return new_dir(d)
    _MADE.put(os.fspath(d), True)
    return True


def _in_dir(d: Path, op: Callable[[], T]) -> T:
    """Run ``op()`` in folder ``d``: made first, and again if it vanished since (then ``op`` is retried)."""
    ensure_dir(d)
    try:
        return op()
    except FileNotFoundError:
        ensure_dir(d, fresh=True)
        return op()


def fsync_dir(path: Path) -> None:
    """Make renames in ``path`` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_bytes(path: Path, data: bytes, *, read_only: bool = True, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, fsync, rename).

    ``durable=False`` skips the fsync: the caller makes the folder durable later
    (:func:`sync_filesystem`) before anything depends on the file.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with _in_dir(path.parent, lambda: open(tmp, "wb")) as fh:
        fh.write(data)
        fh.flush()
        if durable:
            os.fsync(fh.fileno())
    if read_only:
        os.chmod(tmp, READ_ONLY)
    os.replace(tmp, path)


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` read-only with ``data`` (no temporary name: for staging, where a cut
    write is discarded by the next run; a leftover of such a run is replaced)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = _in_dir(path.parent, lambda: os.open(path, flags, READ_ONLY))
    except FileExistsError:
        _unlink(path)
        fd = os.open(path, flags, READ_ONLY)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        _unlink(path)
        raise
    os.close(fd)


def read_limited(src: Path, limit: int) -> bytes | None:
    """The bytes of the regular file ``src``, or None when it holds more than ``limit`` bytes.

    Raises :class:`OSError` when ``src`` is gone or is no longer a regular file (a link is
    not followed)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(src, flags | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileNotFoundError(errno.ENOENT, "no longer a regular file", str(src))
        from toolkit.gate.read import read_upto

        data = read_upto(fd, limit)
    finally:
        os.close(fd)
    return None if len(data) > limit else data


def copy_hashing(src: Path, dest: Path | None, limit: int | None = None, *, durable: bool = True) -> tuple[str, int]:
    """Copy ``src`` to ``dest`` (fsynced, read-only) while hashing it; (sha256, size).

    With ``dest`` None, or when the file is larger than ``limit`` bytes, only hash it (the
    copy is then not made and ``dest`` does not exist afterwards).
    """
    h = hashlib.sha256()
    size = 0
    out = None
    try:
        with open(src, "rb") as fh:
            if dest is not None and (limit is None or os.fstat(fh.fileno()).st_size <= limit):
                _unlink(dest)  # a read-only leftover of an attempt that was cut short
                out = _in_dir(dest.parent, lambda: open(dest, "wb"))
            while chunk := fh.read(CHUNK):
                h.update(chunk)
                size += len(chunk)
                if out is not None:
                    out.write(chunk)
        if out is not None:
            out.flush()
            if durable:
                os.fsync(out.fileno())
            out.close()
            assert dest is not None  # out is only ever opened on dest
            os.chmod(dest, READ_ONLY)
            out = None
    except BaseException:
        if out is not None:
            out.close()
            _unlink(dest)
        raise
    return h.hexdigest(), size


def sync_filesystem(path: Path) -> bool:
    """Flush every written file of the filesystem holding ``path`` (Linux ``syncfs``).

    One call makes a whole chunk of archived files durable, instead of one fsync per
    file. False where unavailable: the caller then fsyncs the files one by one.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        return fn(fd) == 0
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256_of(path: Path) -> str:
    return copy_hashing(path, None)[0]


def place(src: Path, dest: Path) -> bool:
    """Rename ``src`` to ``dest`` unless ``dest`` exists (never overwrite); True if placed.

    Linux: one ``renameat2(RENAME_NOREPLACE)``, atomic and never replacing ``dest``, even in
    a race. Elsewhere, link+unlink (also never replacing); on filesystems without hard links
    Windows' rename (which never replaces), else a checked rename.
    """
    done = _in_dir(dest.parent, lambda: _rename_noreplace(src, dest))
    if done is not None:
        return done
    try:
        os.link(src, dest)
    except FileExistsError:
        return False
    except OSError:  # no hard links here (FAT, exFAT, some network shares)
        if dest.exists():
            return False
        if os.name == "nt":  # Windows' rename never replaces an existing file
            try:
                os.rename(src, dest)
            except FileExistsError:
                return False
            return True
        os.replace(src, dest)
        return True
    os.unlink(src)
    return True


_NOREPLACE: list[Any] = []  # [renameat2] once looked up; [None] where there is none


def _rename_noreplace(src: Path, dest: Path) -> bool | None:
    """True: renamed; False: ``dest`` exists; None: not available on this system or filesystem."""
    if not _NOREPLACE:
        try:
            import ctypes

            fn = ctypes.CDLL(None, use_errno=True).renameat2
            fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
            _NOREPLACE.append((fn, ctypes.get_errno))
        except (OSError, AttributeError):
            _NOREPLACE.append(None)
    if _NOREPLACE[0] is None:
        return None
    fn, get_errno = _NOREPLACE[0]
    if fn(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dest), _RENAME_NOREPLACE) == 0:
        return True
    e = get_errno()
    if e == errno.EEXIST:
        return False
    if e in (errno.EINVAL, errno.ENOSYS, errno.EPERM, getattr(errno, "ENOTSUP", errno.EINVAL)):
        return None  # this filesystem cannot: link+unlink instead
    raise OSError(e, os.strerror(e), os.fspath(src), None, os.fspath(dest))


_AT_FDCWD, _RENAME_NOREPLACE = -100, 1


def move_out(src: Path, dest: Path) -> Path | None:
    """Move an inbox file away (rename, or copy+delete across filesystems), never overwriting.

    Returns where it went, or None when ``dest`` already held it (then ``src`` is removed:
    the caller guarantees the bytes are the same, e.g. the name carries the hash).
    """
    try:
        if place(src, dest):
            return dest
    except OSError:  # another filesystem
        if not dest.exists():
            tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
            shutil.copyfile(src, tmp)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, dest)
            os.unlink(src)
            return dest
    os.unlink(src)
    return None


def _unlink(path: Path | None) -> None:
    if path is None:
        return
    try:
        os.unlink(path)
    except OSError:
        pass


unlink_quiet = _unlink
