"""The gate's public entry: :func:`read_workbook` -> :class:`GateResult`, never an exception."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from toolkit import caches
from toolkit.findings import Finding, Severity, make
from toolkit.findings import gate as codes
from toolkit.gate import fast, layout
from toolkit.gate.budget import Budget
from toolkit.gate.cells import SheetContext
from toolkit.gate.formula import MAX_COL, MAX_ROW
from toolkit.gate.limits import DEFAULT, MB, Limits
from toolkit.gate.package import Package, Part, rels_of, resolve
from toolkit.gate.parts import (
    Rel,
    WorkbookInfo,
    parse_app,
    parse_content_types,
    parse_rels,
    parse_workbook,
)
from toolkit.gate.readers import PLAIN, READERS, Reader, parse_shared_strings, parse_sheet, parse_styles
from toolkit.gate.reject import Reject
from toolkit.gate.sniff import sniff
from toolkit.gate.xmlsafe import NS_REL_STRICT
from toolkit.rawbook import RawBook

T = TypeVar("T")
Area = int | Mapping[str, int] | None  # the template's last row (or column): one, or per sheet
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
_MACRO_TYPES = ("macroenabled", "vbaproject", "macrosheet", "vbadata")
_MACRO_RELS = {"vbaProject", "xlMacrosheet", "xlIntlMacrosheet", "wsSortMap"}


@dataclass
class GateResult:
    path: str
    size: int
    sha256: str  # of the bytes read; "" when the file was refused before being read
    book: RawBook | None
    findings: list[Finding] = field(default_factory=list)
    elapsed: float = 0.0  # seconds spent in the gate

    @property
    def ok(self) -> bool:
        return self.book is not None and not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]


def read_workbook(
    path: str | os.PathLike[str],
    limits: Limits | None = None,
    *,
    max_row: Area = None,
    max_col: Area = None,
    data: bytes | None = None,
    readers: tuple[Reader, ...] = READERS,
) -> GateResult:
    """Read an untrusted workbook through every check; never raises for any input file.

    ``data``: the file's bytes, already read by the caller (intake reads each file once, to
    hash, archive and check the same bytes); ``path`` then only names it in findings.

    ``max_row``/``max_col``: the template's area, either one number for every sheet (the
    largest row and column used on any of its sheets, hidden ones included) or a mapping
    sheet name -> number. Cells beyond it by more than the limits' margin are not
    materialised, and any value there is a ``sheet-too-large`` finding. Without them (or
    for a sheet the mapping does not name) the absolute ``max_rows``/``max_cols`` apply.

    ``readers``: which readers read the worksheets, styles and shared strings, in order
    (:mod:`toolkit.gate.readers`): by default the fast path for the plain shape, then the
    streaming reference; ``readers.REFERENCE`` reads with the reference alone.
    """
    limits = limits or DEFAULT
    budget = Budget(limits)
    try:
        name = os.fspath(path)
    except TypeError:
        name = str(path)
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    result = GateResult(name, 0, "", None)
    out_of_memory = False
    try:
        data = _load(Path(name), limits, result) if data is None else _given(data, limits, result)
        result.book = _read(data, name, limits, budget, max_row, max_col, result.findings, readers)
    except Reject as r:
        result.findings.append(_finding(r, name))
    except MemoryError:
        out_of_memory = True  # reported below, once the traceback has let go of the partial book
    except Exception as exc:  # the gate's promise: a finding, never a traceback
        result.findings.append(make(codes.UNREADABLE_FILE, file=name, error=f"{type(exc).__name__}: {exc}"[:300]))
    if out_of_memory:
        data = b""
        result.findings.append(make(codes.READ_MEMORY, file=name, limit_mb=limits.memory_mb))
    if result.book is not None and any(f.code == codes.READ_TIMEOUT for f in result.findings):
        result.book = None
    result.elapsed = budget.elapsed
    return result


def _finding(r: Reject, name: str) -> Finding:
    ctx = dict(r.ctx)
    ctx.setdefault("file", name)
    return make(r.code, **ctx)


# --- the file on disk ------------------------------------------------------------------------
def read_upto(fd: int, limit: int) -> bytes:
    """What ``fd`` holds, but never more than ``limit + 1`` bytes (one more than allowed tells
    the caller it is too large)."""
    chunks: list[bytes] = []
    got = 0
    while got <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _load(path: Path, limits: Limits, result: GateResult) -> bytes:
    """The file's bytes: a regular file (no link, folder, pipe or device), within the size limit."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        if path.is_symlink():
            raise Reject(codes.NOT_A_REGULAR_FILE)
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise Reject(codes.FILE_NOT_FOUND) from None
    except (IsADirectoryError, NotADirectoryError):
        raise Reject(codes.NOT_A_REGULAR_FILE) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Reject(codes.NOT_A_REGULAR_FILE) from None
        if os.path.isdir(path):
            raise Reject(codes.NOT_A_REGULAR_FILE) from None
        raise Reject(codes.FILE_NOT_FOUND, error=str(exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Reject(codes.NOT_A_REGULAR_FILE)
        result.size = st.st_size
        limit = limits.max_file_bytes
        if st.st_size > limit:
            raise Reject(codes.FILE_TOO_LARGE, size_mb=f"{st.st_size / MB:.1f}", limit_mb=f"{limits.max_file_mb:g}")
        data = read_upto(fd, limit)
    finally:
        os.close(fd)
    result.size = len(data)
    if len(data) > limit:  # grew while being read
        raise Reject(codes.FILE_TOO_LARGE, size_mb=f"{len(data) / MB:.1f}", limit_mb=f"{limits.max_file_mb:g}")
    result.sha256 = hashlib.sha256(data).hexdigest()
    return data


def _given(data: bytes, limits: Limits, result: GateResult) -> bytes:
    result.size = len(data)
    if len(data) > limits.max_file_bytes:
        raise Reject(codes.FILE_TOO_LARGE, size_mb=f"{len(data) / MB:.1f}", limit_mb=f"{limits.max_file_mb:g}")
    result.sha256 = hashlib.sha256(data).hexdigest()
    return data


# --- the package ------------------------------------------------------------------------------
def _read(
    data: bytes,
    name: str,
    limits: Limits,
    budget: Budget,
    max_row: Area,
    max_col: Area,
    findings: list[Finding],
    readers: tuple[Reader, ...],
) -> RawBook:
    bad = sniff(data)
    if bad is not None:
        raise bad
    pkg = Package(data, limits, budget)
    _check_kind(pkg, name)
    ct = _same(parse_content_types, pkg.part("[Content_Types].xml"))
    types = [t.lower() for t in ct.all()]
    if pkg.has("xl/workbook.bin") or any(".sheet.binary." in t for t in types):
        raise Reject(codes.XLSB_RENAMED)
    if (
        name.lower().endswith(MACRO_SUFFIXES)
        or any(n.lower().endswith("vbaproject.bin") for n in pkg.names())
        or any(m in t for t in types for m in _MACRO_TYPES)
    ):
        raise Reject(codes.MACRO_ENABLED)

    main = _main_part(pkg, ct.of)
    wb = _workbook(pkg.part(main), readers)
    rels_part = rels_of(main)
    if not pkg.has(rels_part):
        raise Reject(codes.MISSING_PART, part=rels_part)
    rels = {r.id: r for r in _same(parse_rels, pkg.part(rels_part)) if not r.external}
    if any(r.kind in _MACRO_RELS for r in rels.values()):
        raise Reject(codes.MACRO_ENABLED)
    if any(r.type.startswith(NS_REL_STRICT) for r in rels.values()):
        raise Reject(codes.STRICT_OOXML)

    locked: list[bool] = []
    formats: list[str] = []
    style_rel = _first(rels, "styles")
    if style_rel is not None:
        part = _target(pkg, main, style_rel)
        locked, formats = parse_styles(pkg.part(part), readers)
    sst = None
    sst_rel = _first(rels, "sharedStrings")
    if sst_rel is not None:
        part = _target(pkg, main, sst_rel)
        sst = parse_shared_strings(pkg.part(part), budget, readers)

    if len(wb.sheets) > limits.max_sheets:
        raise Reject(codes.TOO_MANY_SHEETS, count=len(wb.sheets), limit=limits.max_sheets)
    seen: set[str] = set()
    for entry in wb.sheets:  # Excel forbids two sheets of one name (ignoring case)
        if entry.name.casefold() in seen:
            raise Reject(codes.XML_MALFORMED, part=main, line="?", detail=f"two sheets named {entry.name!r}")
        seen.add(entry.name.casefold())
    book = RawBook(path=name, structure_locked=wb.lock_structure, locked_styles=locked, style_formats=formats)
    for entry in wb.sheets:
        rel = rels.get(entry.rid)
        if rel is None:
            raise Reject(codes.MISSING_PART, part=f"{entry.name} ({entry.rid or 'r:id'})")
        if rel.kind != "worksheet":
            continue  # chart sheets and dialog sheets hold no cells
        part = _target(pkg, main, rel)
        area_rows = _area(max_row, entry.name, limits.margin_rows, limits.max_rows, MAX_ROW)
        area_cols = _area(max_col, entry.name, limits.margin_cols, limits.max_cols, MAX_COL)
        ctx = SheetContext(name, part, sst, budget, area_rows, area_cols, findings)
        book.sheets.append(parse_sheet(entry.name, entry.state, pkg.part(part), ctx, readers))
    if not book.sheets:
        raise Reject(codes.NO_SHEETS)

    for n, local, text in wb.names:
        if local is not None and 0 <= local < len(wb.sheets):
            n = f"{wb.sheets[local].name}!{n}"
        book.defined_names[n] = text
    book.application = _application(pkg)
    return book


def _workbook(part: Part, readers: tuple[Reader, ...]) -> WorkbookInfo:
    """``xl/workbook.xml`` read, or recognised by its learned layout when the fast path reads
    (:func:`toolkit.gate.layout.workbook`): a template's forms differ there only in the texts
    of their defined names."""
    data = part.data
    if data is None or not fast.ENABLED or PLAIN not in readers:
        return parse_workbook(part.chunks, part.name)
    known = layout.workbook(data)
    if known is not None:
        return known
    wb = parse_workbook([data], part.name)
    layout.learn_workbook(data, wb)
    return wb


_SAME = caches.memo("gate.read.same", 64)  # (parser, a small part's bytes) -> what it read
_SAME_BYTES = 8 * 1024


def _same(parse: Callable[[Iterable[bytes], str], T], part: Part) -> T:
    """``parse(chunks, part)``, remembered by a small part's bytes.

    The content types, relationships and application parts of every form of a template are
    the same bytes; what the parsers return is only read, never changed. A part refused
    (:class:`Reject`) is never remembered, so it is refused again with the same finding.
    """
    data = part.data
    if data is None or len(data) > _SAME_BYTES:
        return parse(part.chunks, part.name)
    key = (parse.__name__, data)  # the bytes themselves: a part inflated once is one object, its hash kept
    hit = _SAME.get(key)
    if hit is None:
        hit = parse([data], part.name)
        _SAME.put(key, hit)
    return cast(T, hit)  # remembered under parse's own name: what parse returned


def _area(given: Area, sheet: str, margin: int, absolute: int, ceiling: int) -> int:
    n = given.get(sheet) if isinstance(given, Mapping) else given
    return min(n + margin, ceiling) if n else absolute


def _check_kind(pkg: Package, name: str) -> None:
    """Zips that are not OOXML packages: OpenDocument, other zips, no content types."""
    if pkg.has("mimetype"):
        info = pkg.info("mimetype")
        if info.file_size <= 200:
            mime = pkg.read("mimetype").decode("ascii", errors="replace").strip()
            if mime == "application/vnd.oasis.opendocument.spreadsheet":
                raise Reject(codes.ODS_RENAMED)
            if mime.startswith("application/vnd.oasis.opendocument"):
                raise Reject(codes.NOT_A_WORKBOOK, kind=f"OpenDocument ({mime.rpartition('.')[2]})")
    if not pkg.has("[Content_Types].xml"):
        if pkg.has("xl/workbook.xml"):
            raise Reject(codes.MISSING_PART, part="[Content_Types].xml")
        raise Reject(codes.NOT_A_WORKBOOK, kind="zip archive")


def _main_part(pkg: Package, type_of: Callable[[str], str | None]) -> str:
    if not pkg.has("_rels/.rels"):
        if pkg.has("xl/workbook.xml"):
            raise Reject(codes.MISSING_PART, part="_rels/.rels")
        raise Reject(codes.NOT_A_WORKBOOK, kind="zip archive")
    rels = _same(parse_rels, pkg.part("_rels/.rels"))
    if any(r.type.startswith(NS_REL_STRICT) for r in rels):
        raise Reject(codes.STRICT_OOXML)
    office = next((r for r in rels if r.kind == "officeDocument" and not r.external), None)
    if office is None:
        raise Reject(codes.MISSING_PART, part="xl/workbook.xml")
    main = resolve("", office.target)
    ctype = (type_of(main) or "").lower()
    if "wordprocessingml" in ctype:
        raise Reject(codes.NOT_A_WORKBOOK, kind="Word document (.docx)")
    if "presentationml" in ctype:
        raise Reject(codes.NOT_A_WORKBOOK, kind="PowerPoint presentation (.pptx)")
    if not pkg.has(main):
        raise Reject(codes.MISSING_PART, part=main)
    return main


def _first(rels: dict[str, Rel], kind: str) -> Rel | None:
    return next((r for r in rels.values() if r.kind == kind), None)


def _target(pkg: Package, source: str, rel: Rel) -> str:
    part = resolve(source, rel.target)
    if not pkg.has(part):
        raise Reject(codes.MISSING_PART, part=part)
    return part


def _application(pkg: Package) -> str | None:
    part = "docProps/app.xml"
    if not pkg.has(part):
        return None
    return _same(parse_app, pkg.part(part))
