"""A streaming expat parser that refuses every DTD, entity and external reference.

The gate parses with :mod:`pyexpat` directly (one pass, Python callbacks only for the
elements it needs, about twice as fast as ElementTree with defusedxml's Python-level
parser). The refusal handlers are the ones :mod:`defusedxml` installs, raising
defusedxml's own exceptions: a ``<!DOCTYPE`` stops the parse at its first byte, before
any entity is declared, so billion-laughs, quadratic blow-up and external entities never
start. :func:`verify_xml_defences` proves at start-up that defusedxml is installed and
that both it and this parser refuse such documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, NoReturn
from xml.parsers import expat

from defusedxml.common import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)

from toolkit.errors import BaocaoError
from toolkit.findings import gate as codes
from toolkit.gate.reject import Reject

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_REL_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
SEP = " "  # expat namespace separator: element names arrive as "uri local"

_DECL_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_OK_ENCODINGS = {"utf-8", "utf8", "us-ascii", "ascii", "utf-16", "utf-16le", "utf-16be"}


def _refuse_doctype(name: str, sysid: Any, pubid: Any, has_internal_subset: Any) -> None:
    raise DTDForbidden(name, sysid, pubid)


def _refuse_entity(name: str, is_pe: Any, value: Any, base: Any, sysid: Any, pubid: Any, notation: Any) -> None:
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation)


def _refuse_unparsed(name: str, base: Any, sysid: Any, pubid: Any, notation: Any) -> None:
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation)


def _refuse_external(context: Any, base: Any, sysid: Any, pubid: Any) -> NoReturn:
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def new_parser() -> Any:
    """An expat parser with namespaces resolved and every DTD feature refused."""
    p = expat.ParserCreate(namespace_separator=SEP)
    p.StartDoctypeDeclHandler = _refuse_doctype
    p.EntityDeclHandler = _refuse_entity
    p.UnparsedEntityDeclHandler = _refuse_unparsed
    p.ExternalEntityRefHandler = _refuse_external
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    p.buffer_text = True
    p.buffer_size = 65536
    return p


def _check_encoding(first: bytes, part: str) -> None:
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 with a byte order mark: allowed by OPC, handled by expat
    m = _DECL_ENCODING.match(first.removeprefix(b"\xef\xbb\xbf")[:256])
    if m and m.group(1).decode("ascii").lower() not in _OK_ENCODINGS:
        raise Reject(codes.XML_ENCODING, part=part, encoding=m.group(1).decode("ascii"))


def feed(parser: Any, chunks: Iterable[bytes], part: str, tick: Callable[[], None] | None = None) -> None:
    """Parse the chunks to the end, mapping every parse failure to a gate finding."""
    first = True
    try:
        for chunk in chunks:
            if first:
                _check_encoding(chunk, part)
                first = False
            parser.Parse(chunk, False)
            if tick is not None:
                tick()
        parser.Parse(b"", True)
    except DefusedXmlException:
        raise Reject(codes.XML_DOCTYPE, part=part) from None
    except expat.ExpatError as exc:
        raise Reject(
            codes.XML_MALFORMED,
            part=part,
            line=getattr(exc, "lineno", "?"),
            detail=expat.ErrorString(exc.code) if getattr(exc, "code", None) else str(exc),
        ) from None


# --- start-up verification ---------------------------------------------------------------
_PROBES = {
    "doctype": b'<?xml version="1.0"?><!DOCTYPE r><r/>',
    "billion-laughs": (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        b"]><r>&c;</r>"
    ),
    "external-entity": (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'),
    "parameter-entity": (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><r/>'
    ),
}
_verified = False


class XmlDefenceError(BaocaoError, RuntimeError):
    """The XML defences the gate relies on are not in place; the gate refuses to run.

    ``detail``: what failed (technical, in English)."""

    detail: str

    vi = "Không kiểm tra tệp: lớp bảo vệ XML của bộ đọc chưa đủ ({detail})."
    en = "No file is checked: the reader's XML defences are not in place ({detail})."
    hint_vi_template = "Cài lại baocao."
    hint_en_template = "Reinstall baocao."

    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail)


def verify_xml_defences(force: bool = False) -> None:
    """Prove that defusedxml is installed and that it and the gate's parser refuse DTDs.

    Cheap (well under a millisecond); runs once per process, when :mod:`toolkit.gate` is
    imported. Raises :class:`XmlDefenceError` if anything is not as it must be.
    """
    global _verified
    if _verified and not force:
        return
    try:
        import defusedxml
        from defusedxml import ElementTree as DefusedET
    except ImportError as exc:  # pragma: no cover - the import at the top would fail first
        raise XmlDefenceError(f"defusedxml is not installed: {exc}") from exc
    for what, payload in _PROBES.items():
        try:
            DefusedET.fromstring(payload, forbid_dtd=True)
        except DefusedXmlException:
            pass
        else:
            # types-defusedxml does not declare the package's __version__ (defusedxml has it)
            version = defusedxml.__version__  # type: ignore[attr-defined]
            raise XmlDefenceError(f"defusedxml {version} accepted a {what} probe")
        try:
            feed(new_parser(), [payload], part="probe")
        except Reject as r:
            if r.code != codes.XML_DOCTYPE:
                raise XmlDefenceError(f"gate parser answered {r.code} to a {what} probe") from None
        else:
            raise XmlDefenceError(f"the gate's XML parser accepted a {what} probe")
    _verified = True
