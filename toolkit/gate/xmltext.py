"""Character data of a part already known to be well-formed, decoded as expat gives it
(:func:`text`), and the proof that new character data keeps a well-formed part well-formed
(:func:`chardata`).

Both the plain-shape reader (:mod:`.fast`) and the learned layouts (:mod:`.layout`) use
these, so they live apart from either.
"""

from __future__ import annotations

import re
from typing import cast

from toolkit import caches

_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _entity(m: re.Match[str]) -> str:
    e = m.group(1)
    if e[0] == "#":
        return chr(int(e[2:], 16) if e[1] in "xX" else int(e[1:]))
    return _NAMED[e]


# the references writers put in text, decoded by str.replace (LibreOffice writes a line break in
# a label as &#10;, a quote in a formula as &quot;): none of them decodes to "&", so the
# references left after them are the document's own, and &amp; goes last
_COMMON_REFS = (("&quot;", '"'), ("&#10;", "\n"), ("&#9;", "\t"), ("&lt;", "<"), ("&gt;", ">"), ("&apos;", "'"))
_TEXTS = caches.memo(
    "gate.xmltext.texts", 20_000
)  # element text -> decoded: formulas and labels repeat in every form of a template


def _decode_refs(s: str) -> str:
    for ref, char in _COMMON_REFS:
        if ref in s:
            s = s.replace(ref, char)
    if "&#" in s:
        s = _ENTITY.sub(_entity, s)
    return s.replace("&amp;", "&") if "&amp;" in s else s


def text(raw: bytes) -> str:
    """Element text as expat gives it (the document is known to be well-formed); remembered,
    since the formulas and most labels of a template's forms are the same bytes."""
    hit = _TEXTS.get(raw)
    if hit is not None:
        return hit
    s = raw.decode("utf-8")
    if "&" not in s:
        if len(raw) < 40:
            return s  # short plain text (a number): decoding costs less than remembering it
    else:
        s = _decode_refs(s)
    _TEXTS.put(raw, s)
    return s


# bytes that are character data on their own: printable ASCII but "&", tab and line feed; "<" is
# the separator between the pieces (:func:`chardata`), never in one
_PLAIN_BYTES = bytes(range(0x20, 0x7F)).replace(b"&", b"") + b"\t\n<"
# the bytes of the characters below U+0020 XML 1.0 does not allow (a raw CR too: the plain shape has
# none, and expat would turn CR LF into LF where the pieces' text would keep it); in UTF-8 no other
# character holds these bytes, and U+FFFE, U+FFFF are the other two it does not allow (surrogates
# are not UTF-8: decoding refuses them)
_CONTROLS = bytes((*range(0x00, 0x09), *range(0x0B, 0x20)))
_NONCHARS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")
_REFERENCE = re.compile(rb"&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|amp|lt|gt|quot|apos);")


def _allowed(code: int) -> bool:
    """A character reference XML 1.0 allows (its production Char)."""
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def _proven(joined: bytes, pieces: int) -> bool:
    """:func:`chardata` for the pieces joined by "<"; ``joined`` is known to be valid UTF-8."""
    if joined.count(b"<") != pieces - 1:
        return False  # a piece holds "<"
    if b"]]>" in joined:
        return False
    if not joined.translate(None, _PLAIN_BYTES):
        return True  # printable ASCII, tabs and line feeds only: numbers, the common case
    if len(joined.translate(None, _CONTROLS)) != len(joined) or any(n in joined for n in _NONCHARS):
        return False
    amps = joined.count(b"&")
    if not amps:
        return True
    refs = _REFERENCE.findall(joined)
    if len(refs) != amps:
        return False  # an "&" that starts no reference XML defines: an entity of a DTD, or none
    for hexa, dec in refs:
        if hexa or dec:
            if len(hexa or dec) > 8 or not _allowed(int(hexa, 16) if hexa else int(dec)):
                return False
    return True


def chardata(pieces: list[bytes]) -> bool:
    """True when every piece may stand as character data inside an element of a well-formed
    UTF-8 document: valid UTF-8, only characters XML allows (no raw CR), ``&`` only in the
    five predefined references or a character reference to an allowed character, never
    ``]]>``, never ``<``.

    So a well-formed document whose character data is replaced by such pieces is still
    well-formed (:mod:`.layout` relies on it). Numbers, the common case, are decided by one
    ``bytes.translate``.
    """
    if not pieces:
        return True
    joined = b"<".join(pieces)
    if not joined.isascii():
        try:
            joined.decode("utf-8")
        except UnicodeDecodeError:
            return False
    return _proven(joined, len(pieces))


_PROVEN = caches.memo(
    "gate.xmltext.proven", 20_000
)  # character data proven (:func:`chardata`) -> decoded: a template's labels repeat in every form
_PROVEN_BYTES = 2048  # longer texts are proven each time: the remembered ones stay small


def texts(pieces: list[bytes]) -> list[str] | None:
    """The pieces decoded as expat would give them when each stands as character data in a
    well-formed document (:func:`chardata`), or None when one could not. Remembered by piece:
    the shared strings of one template's forms are mostly the same labels."""
    out: list[str | None] = list(map(_PROVEN.get, pieces))
    if None not in out:
        return cast(list[str], out)
    for i, s in enumerate(out):
        if s is None:
            raw = pieces[i]
            if not chardata([raw]):
                return None
            s = raw.decode("utf-8")
            if "&" in s:
                s = _decode_refs(s)
            out[i] = _PROVEN.put(raw, s) if len(raw) <= _PROVEN_BYTES else s
    return cast(list[str], out)  # every None replaced


_DECL_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")


def utf8_without_markup(data: bytes) -> bool:
    """True for a part in UTF-8 (declared so, or not declared, and no UTF-16 byte order mark)
    holding no DTD, comment, CDATA section or processing instruction but its XML declaration:
    then every ``>…<`` in it between two tags is character data, not the inside of one of those."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"<!" in data:
        return False
    head = data.removeprefix(b"\xef\xbb\xbf")
    pis = data.count(b"<?")
    if pis > 1 or (pis == 1 and not head.startswith(b"<?xml ")):
        return False
    enc = _DECL_ENCODING.match(head)
    return enc is None or enc.group(1).lower() == b"utf-8"
