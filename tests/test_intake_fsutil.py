"""The archive's file operations: never overwrite, read once, stage read-only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from toolkit.intake import fsutil


@pytest.fixture(params=["renameat2", "link+unlink"])
def mover(request, monkeypatch):
    if request.param == "link+unlink":
        monkeypatch.setattr(fsutil, "_NOREPLACE", [None])  # as on a system without renameat2
    return request.param


def test_place_moves_and_never_overwrites(tmp_path: Path, mover: str) -> None:
    src, taken = tmp_path / "staged.xlsx", tmp_path / "archive" / "P1" / "v1.xlsx"
    src.write_bytes(b"new")
    taken.parent.mkdir(parents=True)
    taken.write_bytes(b"old")
    assert fsutil.place(src, taken) is False
    assert taken.read_bytes() == b"old" and src.read_bytes() == b"new"
    dest = tmp_path / "archive" / "P2" / "v1.xlsx"  # its folder does not exist yet
    assert fsutil.place(src, dest) is True
    assert dest.read_bytes() == b"new" and not src.exists()
    with pytest.raises(FileNotFoundError):
        fsutil.place(tmp_path / "gone.xlsx", tmp_path / "archive" / "P3" / "v1.xlsx")


def test_a_folder_removed_behind_the_cache_is_made_again(tmp_path: Path) -> None:
    d = tmp_path / "staging" / "run-0"
    fsutil.write_new(d / "a.json", b"{}")
    (d / "a.json").chmod(0o644)
    (d / "a.json").unlink()
    d.rmdir()  # the folder is remembered as made, but is gone
    fsutil.write_new(d / "b.json", b"[]")
    assert (d / "b.json").read_bytes() == b"[]"


def test_write_new_is_read_only_and_replaces_a_leftover(tmp_path: Path) -> None:
    p = tmp_path / "s" / "1.xlsx"
    fsutil.write_new(p, b"first")
    assert not p.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    fsutil.write_new(p, b"second")  # a cut run's leftover under the same staging name
    assert p.read_bytes() == b"second"


def test_read_limited(tmp_path: Path) -> None:
    p = tmp_path / "f.xlsx"
    p.write_bytes(b"x" * 100)
    assert fsutil.read_limited(p, 100) == b"x" * 100
    assert fsutil.read_limited(p, 99) is None  # more than the limit: not held whole
    link = tmp_path / "link.xlsx"
    os.symlink(p, link)
    with pytest.raises(OSError):
        fsutil.read_limited(link, 1000)  # a link is not followed
    with pytest.raises(OSError):
        fsutil.read_limited(tmp_path, 1000)  # a folder is not a file
