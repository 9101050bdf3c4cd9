"""Character data of a part already known to be well-formed, decoded as expat gives it
(:func:`text`), and the proof that new character data keeps a well-formed part well-formed
(:func:`chardata`).

Both the plain-shape reader (:mod:`.fast`) and the learned layouts (:mod:`.layout`) use
these, so they live apart from either.
"""

from __future__ import annotations

import re

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
_PLAIN_BYTES = bytes(range(0x20, 0x7F)).replace(b"&", b"") + b"\t\n"
# characters XML 1.0 does not allow in a document; a raw CR too (the plain shape has none, and
# expat would turn CR LF into LF where the pieces' text would keep it)
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_REFERENCE = re.compile(r"&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|amp|lt|gt|quot|apos);")


def _allowed(code: int) -> bool:
    """A character reference XML 1.0 allows (its production Char)."""
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def chardata(pieces: list[bytes]) -> bool:
    """True when every piece may stand as character data inside an element of a well-formed
    UTF-8 document: valid UTF-8, only characters XML allows (no raw CR), ``&`` only in the
    five predefined references or a character reference to an allowed character, never
    ``]]>``, never ``<``.

    So a well-formed document whose character data is replaced by such pieces is still
    well-formed (:mod:`.layout` relies on it). Numbers, the common case, are decided by one
    ``bytes.translate``.
    """
    joined = b"<".join(pieces)
    if joined.count(b"<") != len(pieces) - 1 if pieces else False:
        return False  # a piece holds "<"
    if not joined.translate(None, _PLAIN_BYTES + b"<"):
        return b"]]>" not in joined  # printable ASCII, tabs and line feeds only
    if b"\r" in joined or b"]]>" in joined:
        return False
    try:
        s = joined.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if _FORBIDDEN.search(s):
        return False
    amps = s.count("&")
    if not amps:
        return True
    refs = _REFERENCE.findall(s)
    if len(refs) != amps:
        return False  # an "&" that starts no reference XML defines: an entity of a DTD, or none
    for hexa, dec in refs:
        if hexa or dec:
            if len(hexa or dec) > 8 or not _allowed(int(hexa, 16) if hexa else int(dec)):
                return False
    return True
