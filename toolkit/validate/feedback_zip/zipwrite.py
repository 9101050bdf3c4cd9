"""The raw zip writer: unchanged entries copied as stored (their local header read to find the
data, no recompression), edited and new parts deflated and checked, then the central directory.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from .package import Package
from .xmltext import Unsupported, check_xml

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LIMIT = 0xFFFFFFFF


def _dos(date_time: tuple[int, ...]) -> tuple[int, int]:
    y, mo, d, h, mi, s = date_time
    if y < 1980:
        y, mo, d, h, mi, s = 1980, 1, 1, 0, 0, 0
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


def _raw(fh: BinaryIO, info: zipfile.ZipInfo) -> bytes:
    """An entry's data as stored (still compressed), read from its local header on."""
    fh.seek(info.header_offset)
    head = fh.read(_LOCAL.size)
    if len(head) != _LOCAL.size or head[:4] != b"PK\x03\x04":
        raise Unsupported("local header")
    fields = _LOCAL.unpack(head)
    fh.seek(info.header_offset + _LOCAL.size + fields[10] + fields[11])
    data = fh.read(info.compress_size)
    if len(data) != info.compress_size:
        raise Unsupported("truncated entry")
    return data


def write_zip(pkg: Package, src: Path, tmp: Path) -> None:
    """The new package: unchanged entries copied as stored (no recompression), edited and new
    parts deflated; every written part parsed again first."""
    blobs = {name: text.encode("utf-8") for name, text in pkg.out.items()}
    for blob in blobs.values():
        check_xml(blob)
    central: list[bytes] = []
    offset = 0
    with open(src, "rb") as fh, open(tmp, "wb") as out:

        def put(
            name: str, method: int, date_time: tuple[int, ...], crc: int, data: bytes, size: int, attr: int
        ) -> None:
            nonlocal offset
            raw_name = name.encode("utf-8")
            flags = 0x800 if not name.isascii() else 0
            t, d = _dos(date_time)
            if offset > _LIMIT or size > _LIMIT or len(data) > _LIMIT:
                raise Unsupported("zip64")
            out.write(_LOCAL.pack(b"PK\x03\x04", 20, 0, flags, method, t, d, crc, len(data), size, len(raw_name), 0))
            out.write(raw_name)
            out.write(data)
            central.append(
                _CENTRAL.pack(
                    b"PK\x01\x02",
                    20,
                    0,
                    20,
                    0,
                    flags,
                    method,
                    t,
                    d,
                    crc,
                    len(data),
                    size,
                    len(raw_name),
                    0,
                    0,
                    0,
                    0,
                    attr,
                    offset,
                )
                + raw_name
            )
            offset += _LOCAL.size + len(raw_name) + len(data)

        def deflate(name: str, blob: bytes, date_time: tuple[int, ...], attr: int) -> None:
            z = zlib.compressobj(6, zlib.DEFLATED, -15)
            put(name, zipfile.ZIP_DEFLATED, date_time, zlib.crc32(blob), z.compress(blob) + z.flush(), len(blob), attr)

        for info in pkg.infos:
            rewritten = blobs.pop(info.filename, None)
            if rewritten is not None:
                deflate(info.filename, rewritten, info.date_time, info.external_attr)
            elif info.flag_bits & 1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Unsupported("encrypted or unusual compression")
            else:
                put(
                    info.filename,
                    info.compress_type,
                    info.date_time,
                    info.CRC,
                    _raw(fh, info),
                    info.file_size,
                    info.external_attr,
                )
        for name, blob in blobs.items():
            deflate(name, blob, (1980, 1, 1, 0, 0, 0), 0o600 << 16)
        directory = b"".join(central)
        if len(central) > 0xFFFF or offset + len(directory) > _LIMIT:
            raise Unsupported("zip64")
        out.write(directory)
        out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0))
