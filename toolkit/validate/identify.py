"""Which form is this? The identity a returned workbook carries, and whether it is the right one.

The identity is read from the very hidden sheet ``_baocao`` (:mod:`toolkit.identity`), with
the workbook's defined names ``baocao_unit``/``baocao_period``/``baocao_catalog``/
``baocao_template`` as a second copy. The file name is never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .. import caches
from ..a1 import cell_in_sheet
from ..findings import Finding, make
from ..findings import identity as codes
from ..identity import (
    COLUMNS,
    DEFINED_NAMES,
    FORMAT,
    IDENTITY_SHEET,
    LABEL_COLUMNS,
    MAP2_HEADER,
    MAP_HEADER,
    ROLES,
    CellRef,
    Identity,
    IdentityError,
    is_map_header,
    parse_map,
)
from ..periods import Period, PeriodError
from ..rawbook import RawBook
from .cache import catalog_version
from .versions import version_findings

if TYPE_CHECKING:
    from ..workspace import Workspace


@dataclass
class IdentityRead:
    identity: Identity | None
    source: str  # "sheet" | "names" | "none"
    findings: list[Finding] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)  # other key/value rows (layout, first_row, last_row...)


def _name_text(raw: str | None) -> str | None:
    """A defined name's stored text ('"P1"' or '="P1"') -> 'P1'."""
    if raw is None:
        return None
    s = raw.strip()
    if s.startswith("="):
        s = s[1:].strip()
    if len(s) >= 2 and s[0] == '"' and s[-1] == '"':
        s = s[1:-1].replace('""', '"')
    return s


def names_identity(book: RawBook) -> dict[str, str]:
    """The identity facts held in defined names: field -> text (only those present)."""
    out: dict[str, str] = {}
    lower = {k.lower(): v for k, v in book.defined_names.items()}
    for fld, name in DEFINED_NAMES.items():
        v = _name_text(lower.get(name.lower()))
        if v:
            out[fld] = v
    return out


def _sheet_rows(book: RawBook, name: str) -> list[list[object]] | None:
    sheet = book.sheet(name)
    if sheet is None:
        return None
    rows: dict[int, dict[int, object]] = {}
    for c in sheet.cells.values():
        row = rows.get(c.row)
        if row is None:
            rows[c.row] = {c.col: c.value}
        else:
            row[c.col] = c.value
    out = []
    for r in sorted(rows):
        cols = rows[r]
        width = max(cols)
        out.append([cols.get(i) for i in range(1, width + 1)])
    return out


_HEADER_FIRST = (MAP2_HEADER[0], MAP_HEADER[0])  # what the first cell of a map header row holds


def _is_header(row: list[object]) -> bool:
    """:func:`~toolkit.identity.is_map_header`, asked only of rows that can be one (a header's
    first cell is one of two texts; the identity sheet's other rows start with a key)."""
    return bool(row) and isinstance(row[0], str) and row[0] in _HEADER_FIRST and is_map_header(row)


def _extra(rows: list[list[object]]) -> dict[str, str]:
    """Key/value rows before the map that are not fields of :class:`Identity`."""
    out: dict[str, str] = {}
    for row in rows:
        if _is_header(row):
            break
        if len(row) >= 2 and isinstance(row[0], str) and row[0] and row[1] is not None:
            out[row[0]] = str(row[1])
    return out


_MAP_COLUMNS = set(COLUMNS) | set(LABEL_COLUMNS)


def _bad_refs(ident: Identity) -> list[CellRef]:
    """Map rows that cannot be right: not an A1 address, an unknown column or role."""
    out = []
    for c in ident.cells:
        ok = cell_in_sheet(c.cell) is not None and c.column in _MAP_COLUMNS and c.role in ROLES and bool(c.sheet)
        ok = ok and (c.role == "label") == (c.column in LABEL_COLUMNS)
        if not ok:
            out.append(c)
    return out


@dataclass(frozen=True)
class _Parsed:
    identity: Identity | None
    error: str | None
    bad: tuple[CellRef, ...]
    extra: dict[str, str]


_MAPS = caches.memo("validate.identify.maps", 512)  # the identity map's rows -> (cells, error, bad rows)


def _parse_sheet(book: RawBook) -> _Parsed | None:
    """The identity sheet parsed. Its map (compact ``map/2`` text, or a row per mapped cell
    on forms written before it: :func:`toolkit.identity.parse_map` reads both) is the same on
    every form of one template while the key/value rows above it name the unit, so the map
    is parsed once per template and cached on its rows; the key/value rows every time."""
    rows = _sheet_rows(book, IDENTITY_SHEET)
    if rows is None:
        return None
    split = next((i for i, row in enumerate(rows) if _is_header(row)), len(rows))
    head, tail = rows[:split], rows[split:]
    key = tuple(map(tuple, tail))
    got = _MAPS.get(key)
    if got is None:
        try:
            cells: list[CellRef] | None = parse_map(tail)
            error = None
        except IdentityError as e:
            cells, error = None, e.detail
        probe = Identity(FORMAT, "", "", "", "", "", "", "", "", cells or [])
        got = (cells, error, tuple(_bad_refs(probe)) if cells else ())
        _MAPS.put(key, got)
    cells, error, bad = got
    if error is not None:  # an incomplete map row is reported before missing keys, as from_rows does
        return _Parsed(None, error, (), {})
    try:
        ident = Identity.from_rows(head)
    except IdentityError as e:
        return _Parsed(None, e.detail, (), {})
    ident.cells = list(cells or [])  # from_rows made this Identity for this file: no copy needed
    return _Parsed(ident, None, bad, _extra(head))


def read_identity(book: RawBook, file: str, ws: Workspace | None = None) -> IdentityRead:
    """The identity of a workbook, from the hidden sheet, else from the defined names."""
    names = names_identity(book)
    parsed = _parse_sheet(book)
    findings: list[Finding] = []
    if parsed is not None:
        if parsed.identity is None:
            if not names:
                return IdentityRead(
                    None, "none", [make(codes.IDENTITY_DAMAGED, file=file, sheet=IDENTITY_SHEET, detail=parsed.error)]
                )
            findings.append(make(codes.IDENTITY_DAMAGED, file=file, sheet=IDENTITY_SHEET, detail=parsed.error))
        else:
            bad = set(parsed.bad)
            cells = parsed.identity.cells
            # hashing ~265 frozen cell refs per file only when some map rows are bad; without,
            # the identity _parse_sheet made for this file (its own list of cells) is used as is
            ident = replace(parsed.identity, cells=[c for c in cells if c not in bad]) if bad else parsed.identity
            for fld, other in names.items():
                found = str(getattr(ident, fld))
                if other != found:
                    findings.append(
                        make(
                            codes.IDENTITY_CONFLICT,
                            file=file,
                            field=fld,
                            found=found,
                            other=other,
                            value=other,
                            expected=found,
                        )
                    )
            if bad:
                findings.append(
                    make(
                        codes.IDENTITY_DAMAGED,
                        file=file,
                        sheet=IDENTITY_SHEET,
                        detail=f"{len(bad)} dòng bản đồ ô không hợp lệ / invalid map rows, e.g. {parsed.bad[0]}",
                    )
                )
            return IdentityRead(ident, "sheet", findings, dict(parsed.extra))
    if not names or "unit" not in names or "period" not in names:
        return IdentityRead(None, "none", findings + [make(codes.NOT_A_FORM, file=file)])
    ident = Identity(
        format=FORMAT,
        template_id=names.get("template_id", ""),
        catalog_version=names.get("catalog_version", ""),
        workspace="",
        unit=names["unit"],
        period=names["period"],
        generated_at="",
        fingerprint="",
        form_sheet="",
        cells=[],
    )
    rebuilt = _rebuild(ws, ident) if ws is not None else None
    if rebuilt is not None:
        ident.cells, ident.form_sheet, ident.fingerprint = rebuilt.cells, rebuilt.form_sheet, rebuilt.fingerprint
    if not any(f.code == codes.IDENTITY_DAMAGED for f in findings):
        findings.append(make(codes.IDENTITY_SHEET_MISSING, file=file))
    return IdentityRead(ident, "names", findings)


def _rebuild(ws: Workspace, ident: Identity) -> Identity | None:
    """The cell map of the form the office would write for (unit, period) with this catalog.

    Only when the form was made from the current catalog (same version): then the layout
    is the same, and :func:`toolkit.forms.plan_form` gives the map and the fingerprint.
    """
    if ident.catalog_version != catalog_version(ws.catalog) or ident.unit not in ws.units:
        return None
    try:
        from ..forms import FORM_SHEET, plan_form

        plan = plan_form(ws, ws.units[ident.unit], Period.parse(ident.period))
    except Exception:  # noqa: BLE001 - a fallback only: without it the file is reported as unmapped
        return None
    return Identity(
        format=FORMAT,
        template_id=ident.template_id,
        catalog_version=ident.catalog_version,
        workspace="",
        unit=ident.unit,
        period=ident.period,
        generated_at="",
        fingerprint=plan.fingerprint,
        form_sheet=FORM_SHEET,
        cells=plan.cellrefs,
    )


def check_identity(
    ident: Identity, ws: Workspace, file: str, *, expect_unit: str | None = None, expect_period: str | None = None
) -> tuple[list[Finding], Period | None]:
    """Unit known and active, period valid, unit/period as expected, catalog current."""
    out: list[Finding] = []
    unit = ws.units.get(ident.unit)
    period: Period | None = None
    try:
        period = Period.parse(ident.period)
    except PeriodError:
        out.append(make(codes.PERIOD_INVALID, file=file, found=ident.period, value=ident.period))
    if unit is None:
        out.append(make(codes.UNIT_UNKNOWN, file=file, unit=ident.unit, value=ident.unit))
    if expect_unit and ident.unit != expect_unit:
        exp = ws.units.get(expect_unit)
        out.append(
            make(
                codes.UNIT_MISMATCH,
                file=file,
                found=ident.unit,
                expected=expect_unit,
                value=ident.unit,
                found_name=unit.name if unit else ident.unit,
                expected_name=exp.name if exp else expect_unit,
            )
        )
    if expect_period and period is not None:
        try:
            want = Period.parse(expect_period)
        except PeriodError:
            want = None
        if want is not None and want != period:
            out.append(
                make(
                    codes.PERIOD_MISMATCH,
                    file=file,
                    found=period.code,
                    expected=want.code,
                    value=period.code,
                    found_label=period.label_vi(),
                    expected_label=want.label_vi(),
                    found_label_en=period.title_en(),
                    expected_label_en=want.title_en(),
                )
            )
    if unit is not None and period is not None and not unit.active_in(period):
        out.append(
            make(
                codes.UNIT_INACTIVE,
                file=file,
                unit=unit.code,
                found_name=unit.name,
                value=unit.code,
                period_label=period.label_vi(),
                period_label_en=period.title_en(),
            )
        )
    if not ident.catalog_version:
        out.append(
            make(
                codes.CATALOG_OUTDATED,
                file=file,
                found="?",
                expected=catalog_version(ws.catalog),
                value="?",
            )
        )
    else:
        out.extend(version_findings(ident, ws, file))
    return out, period
