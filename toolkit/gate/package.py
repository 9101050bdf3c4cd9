"""The zip package: every limit checked from the directory before anything is decompressed,
then bounded, streamed decompression of the few parts the gate reads.

The end-of-central-directory record is read by hand first, so that a zip announcing a
million entries is refused before :mod:`zipfile` builds a million objects. Each entry's
declared sizes, compression method and ratio are checked from the central directory.
Parts are then inflated here (not by :mod:`zipfile`) in 64 KiB steps: the output may not
exceed the declared size (``zip-entry-overflow``), the CRC must match, and the read's
deadline is checked between steps.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from toolkit import caches
from toolkit.findings import gate as codes
from toolkit.gate.budget import Budget
from toolkit.gate.limits import MB, Limits
from toolkit.gate.reject import Reject

CHUNK = 64 * 1024
BUFFERED = 1024 * 1024
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_LOCAL = b"PK\x03\x04"
_CD_ENTRY_MAX = 46 + 3 * 1024  # a central directory record with generous name/extra/comment
# Small parts (content types, relationships, styles, the hidden sheets) are the same stored bytes in
# every form of a template: inflating the same deflated bytes, with the same declared CRC and size,
# always gives the same chunks (or the same refusal, never remembered), so they are inflated once.
_INFLATED = caches.memo("gate.package.inflated", 64)  # (method, CRC, size, stored bytes) -> (chunks, bytes)
_KEEP_COMPRESSED = 4 * 1024
_KEEP_SIZE = 32 * 1024


@dataclass(frozen=True)
class Part:
    """One part of the package as the gate's readers get it (:mod:`.readers`)."""

    name: str
    chunks: Iterable[bytes]  # at most 64 KiB each; an iterator, read once, when streamed
    data: bytes | None  # the whole part when it is in memory (at most BUFFERED bytes), else None


def _mb(n: int) -> str:
    return f"{n / MB:.1f}"


def precheck_directory(data: bytes, limits: Limits) -> None:
    """Entry count and directory size from the end record, before :mod:`zipfile` sees it."""
    pos = data.rfind(_EOCD, max(0, len(data) - 22 - 65535))
    if pos < 0 or len(data) - pos < 22:
        raise Reject(codes.CORRUPT_ZIP, detail="no end-of-central-directory record (truncated?)")
    disk, cd_disk, _n_disk, entries, cd_size, _cd_off, _clen = struct.unpack("<HHHHIIH", data[pos + 4 : pos + 22])
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        loc = pos - 20
        if loc < 0 or data[loc : loc + 4] != _EOCD64_LOCATOR:
            raise Reject(codes.CORRUPT_ZIP, detail="zip64 marker without zip64 locator")
        (off64,) = struct.unpack("<Q", data[loc + 8 : loc + 16])
        if off64 + 56 > len(data) or data[off64 : off64 + 4] != _EOCD64:
            raise Reject(codes.CORRUPT_ZIP, detail="bad zip64 end record")
        entries, cd_size = struct.unpack("<QQ", data[off64 + 32 : off64 + 48])
    if disk or cd_disk:
        raise Reject(codes.CORRUPT_ZIP, detail="multi-volume zip")
    if entries > limits.max_entries or cd_size > limits.max_entries * _CD_ENTRY_MAX:
        raise Reject(codes.ZIP_TOO_MANY_ENTRIES, count=entries, limit=limits.max_entries)
    if entries == 0:
        raise Reject(codes.NOT_A_WORKBOOK, kind="empty zip archive")


class Package:
    """A checked zip package held in memory; parts are looked up case-insensitively (OPC)."""

    def __init__(self, data: bytes, limits: Limits, budget: Budget) -> None:
        self.data = data
        self.limits = limits
        self.budget = budget
        precheck_directory(data, limits)
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            infos = zf.infolist()
        except Reject:
            raise
        except Exception as exc:  # BadZipFile, struct.error, ValueError, NotImplementedError ...
            raise Reject(codes.CORRUPT_ZIP, detail=f"{type(exc).__name__}: {exc}") from None
        if len(infos) > limits.max_entries:
            raise Reject(codes.ZIP_TOO_MANY_ENTRIES, count=len(infos), limit=limits.max_entries)
        self.parts: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            key = info.filename.lstrip("/").lower()
            if key in self.parts:
                raise Reject(codes.DUPLICATE_PART, part=info.filename)
            self.parts[key] = info
        self._check_declared(infos)

    def _check_declared(self, infos: list[zipfile.ZipInfo]) -> None:
        lim = self.limits
        total = 0
        spans: list[tuple[int, int, str]] = []
        for info in infos:
            name = info.filename
            if info.flag_bits & 0x1:
                raise Reject(codes.ENCRYPTED_FILE)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Reject(codes.UNSUPPORTED_COMPRESSION, part=name, method=info.compress_type)
            size = info.file_size
            if size > lim.max_part_bytes:
                raise Reject(codes.ZIP_TOO_LARGE, part=name, size_mb=_mb(size), limit_mb=f"{lim.max_part_mb:g}")
            total += size
            if total > lim.max_total_bytes:
                raise Reject(
                    codes.ZIP_TOO_LARGE,
                    part="tệp/the file",
                    size_mb=_mb(total),
                    limit_mb=f"{lim.max_total_mb:g}",
                )
            if size > lim.ratio_floor_kb * 1024 and size > lim.max_ratio * max(info.compress_size, 1):
                ratio = size // max(info.compress_size, 1)
                raise Reject(codes.ZIP_BOMB, part=name, ratio=ratio, limit=lim.max_ratio)
            end = info.header_offset + 30 + info.compress_size
            if info.header_offset < 0 or end > len(self.data):
                raise Reject(codes.CORRUPT_ZIP, detail=f"{name}: data beyond the end of the file")
            spans.append((info.header_offset, end, name))
        spans.sort()
        for (_s1, e1, n1), (s2, _e2, n2) in zip(spans, spans[1:], strict=False):
            if s2 < e1:
                raise Reject(codes.CORRUPT_ZIP, detail=f"overlapping entries {n1} and {n2}")

    # --- lookup ----------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name.lstrip("/").lower() in self.parts

    def names(self) -> list[str]:
        return [i.filename for i in self.parts.values()]

    def info(self, name: str) -> zipfile.ZipInfo:
        try:
            return self.parts[name.lstrip("/").lower()]
        except KeyError:
            raise Reject(codes.MISSING_PART, part=name) from None

    # --- bounded reading -----------------------------------------------------------------
    def _raw(self, info: zipfile.ZipInfo) -> memoryview:
        off = info.header_offset
        head = self.data[off : off + 30]
        if len(head) < 30 or head[:4] != _LOCAL:
            raise Reject(codes.CORRUPT_ZIP, detail=f"{info.filename}: bad local header")
        n, m = struct.unpack("<HH", head[26:30])
        start = off + 30 + n + m
        end = start + info.compress_size
        if end > len(self.data):
            raise Reject(codes.CORRUPT_ZIP, detail=f"{info.filename}: truncated data")
        return memoryview(self.data)[start:end]

    def part(self, name: str) -> Part:
        """The part, in chunks of at most 64 KiB, never more than declared.

        A part of up to ``BUFFERED`` bytes is inflated whole and its CRC checked before the
        first chunk is handed out, so a damaged form is reported as damaged, not as bad XML:
        it is in memory (``data``). Larger parts are streamed (``data`` is None) and their
        CRC is checked at the end.
        """
        info = self.info(name)
        if info.file_size <= BUFFERED:
            key = None
            if info.compress_size <= _KEEP_COMPRESSED and info.file_size <= _KEEP_SIZE:
                key = (info.compress_type, info.CRC, info.file_size, bytes(self._raw(info)))
                hit = _INFLATED.get(key)
                if hit is not None:
                    return Part(name, list(hit[0]), hit[1])
            chunks = list(self._inflate(info))
            data = b"".join(chunks)
            if key is not None:
                _INFLATED.put(key, (tuple(chunks), data))
            return Part(name, chunks, data)
        return Part(name, self._inflate(info), None)

    def stream(self, name: str) -> Iterable[bytes]:
        """The part's bytes in chunks (:meth:`part`)."""
        return self.part(name).chunks

    def _inflate(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        declared = info.file_size
        raw = self._raw(info)
        crc = 0
        produced = 0
        if info.compress_type == zipfile.ZIP_STORED:
            if len(raw) > declared:
                raise Reject(codes.ZIP_ENTRY_OVERFLOW, part=info.filename, declared=declared)
            if len(raw) < declared:
                raise Reject(codes.CORRUPT_ZIP, detail=f"{info.filename}: shorter than declared")
            for i in range(0, len(raw), CHUNK):
                self.budget.tick()
                out = bytes(raw[i : i + CHUNK])
                crc = zlib.crc32(out, crc)
                yield out
            produced = declared
        else:
            d = zlib.decompressobj(-15)
            pos = 0
            while not d.eof:
                self.budget.tick()
                if d.unconsumed_tail:
                    buf: bytes | memoryview = d.unconsumed_tail
                elif pos < len(raw):
                    buf = raw[pos : pos + CHUNK]
                    pos += len(buf)
                else:
                    break
                try:
                    out = d.decompress(buf, CHUNK)
                except zlib.error as exc:
                    raise Reject(codes.CORRUPT_ZIP, detail=f"{info.filename}: {exc}") from None
                produced += len(out)
                if produced > declared:
                    raise Reject(codes.ZIP_ENTRY_OVERFLOW, part=info.filename, declared=declared)
                if out:
                    crc = zlib.crc32(out, crc)
                    yield out
            if not d.eof:
                raise Reject(codes.CORRUPT_ZIP, detail=f"{info.filename}: truncated deflate data")
            tail = d.flush()
            produced += len(tail)
            if produced > declared:
                raise Reject(codes.ZIP_ENTRY_OVERFLOW, part=info.filename, declared=declared)
            if tail:
                crc = zlib.crc32(tail, crc)
                yield tail
        if produced != declared:
            raise Reject(codes.CORRUPT_ZIP, detail=f"{info.filename}: shorter than declared")
        if crc != info.CRC:
            raise Reject(codes.CORRUPT_ZIP, detail=f"{info.filename}: CRC mismatch")

    def read(self, name: str) -> bytes:
        return b"".join(self.stream(name))


@caches.function("gate.package.resolve", 4096)
def resolve(base_part: str, target: str) -> str:
    """A relationship target, relative to the part that holds the relationship, as a part name
    (remembered: every form of a template names the same parts)."""
    from urllib.parse import unquote

    target = unquote(target.replace("\\", "/"))
    if target.startswith("/"):
        path = target
    else:
        path = posixpath.join(posixpath.dirname("/" + base_part.lstrip("/")), target)
    return posixpath.normpath(path).lstrip("/")


def rels_of(part: str) -> str:
    """xl/workbook.xml -> xl/_rels/workbook.xml.rels"""
    d, f = posixpath.split(part.lstrip("/"))
    return posixpath.join(d, "_rels", f + ".rels")
