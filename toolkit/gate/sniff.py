"""What a file really is, from its first bytes, whatever its name says.

Only a zip (``PK\\x03\\x04``) can be an .xlsx; everything else is classified so that the
sender is told what they sent (a CSV, a web page, an old .xls, an encrypted file ...).
"""

from __future__ import annotations

import re

from toolkit.findings import gate as codes
from toolkit.gate.reject import Reject

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_OTHER_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"{\\rtf", "RTF document"),
    (b"\x00\x00\x02\x00", "Lotus/Quattro file"),
    (b"\x09\x08", "Excel 2.x-4.0 (BIFF) file"),
]

_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|meta)\b", re.I)
_XML2003 = re.compile(rb"urn:schemas-microsoft-com:office:spreadsheet|progid=\"Excel\.Sheet\"", re.I)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def classify_ole2(data: bytes) -> Reject:
    """An OLE2 compound file: an encrypted .xlsx, an old .xls, or something else.

    Stream names are stored as UTF-16LE in the directory sectors; their presence is enough
    to tell these apart (an encrypted OOXML package has EncryptionInfo + EncryptedPackage).
    """
    if _utf16("EncryptionInfo") in data or _utf16("EncryptedPackage") in data:
        return Reject(codes.ENCRYPTED_FILE)
    if _utf16("WordDocument") in data:
        return Reject(codes.NOT_A_WORKBOOK, kind="Word 97-2003 (.doc)")
    if _utf16("PowerPoint Document") in data:
        return Reject(codes.NOT_A_WORKBOOK, kind="PowerPoint 97-2003 (.ppt)")
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return Reject(codes.XLS_RENAMED)
    return Reject(codes.NOT_A_WORKBOOK, kind="OLE2 compound file")


def _decode_text(head: bytes) -> str | None:
    """The head of the file as text, if it plausibly is text; None for binary data."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(enc, errors="replace")
    if b"\x00" in head:
        return None
    text = head.decode("utf-8", errors="replace")
    bad = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\r\n"))
    if bad > max(2, len(text) // 50):
        # not UTF-8: a legacy single-byte code page (TCVN3/VNI/cp1258 CSV exports) still is text
        text = head.decode("latin-1")
        bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
        if bad > max(2, len(text) // 50):
            return None
    return text


def classify_other(data: bytes) -> Reject:
    """A file that is neither a zip nor OLE2: say what it looks like."""
    head = data[:8192]
    for magic, kind in _OTHER_MAGIC:
        if head.startswith(magic):
            if kind == "PDF":
                return Reject(codes.PDF_RENAMED)
            return Reject(codes.NOT_A_WORKBOOK, kind=kind)
    text = _decode_text(head)
    if text is None:
        return Reject(codes.NOT_A_WORKBOOK, kind="unknown binary data")
    stripped = text.lstrip()
    low = stripped[:4096].lower().encode("utf-8", errors="replace")
    if _XML2003.search(low):
        return Reject(codes.XML2003_RENAMED)
    if _HTML.search(low[:2048]):
        return Reject(codes.HTML_RENAMED)
    if stripped.startswith("<"):
        return Reject(codes.NOT_A_WORKBOOK, kind="XML/markup text")
    lines = [ln for ln in stripped.splitlines()[:20] if ln.strip()]
    if lines and any(sep in ln for ln in lines for sep in (",", ";", "\t", "|")):
        return Reject(codes.CSV_RENAMED)
    return Reject(codes.NOT_A_WORKBOOK, kind="plain text")


def sniff(data: bytes) -> Reject | None:
    """None when the bytes start like a zip package; otherwise the reason to refuse."""
    if not data:
        return Reject(codes.EMPTY_FILE)
    if data.startswith(ZIP_MAGIC):
        return None
    if data.startswith(EMPTY_ZIP_MAGIC):
        return Reject(codes.NOT_A_WORKBOOK, kind="empty zip archive")
    if data.startswith(OLE2_MAGIC):
        return classify_ole2(data)
    return classify_other(data)
