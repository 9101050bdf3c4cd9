"""Is the form still the form? Locate every mapped cell by indicator code, report what moved.

The identity map says where each indicator's cells were written. A clerk may have
renamed the sheet, inserted, deleted or sorted rows, typed over a code or a formula,
or typed figures outside the input cells. :func:`locate` finds each indicator's row by
its code in the code column (so values are read where they really are) and reports every
difference at its A1 address; :func:`check_cells` then checks labels, formulas,
protection and the cells outside the map.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from operator import attrgetter, is_, itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import caches
from ..a1 import a1, col_index, col_letter, split_a1
from ..findings import Finding, make
from ..findings import structure as codes
from ..forms.layout import COLUMNS, HEADER_ROW
from ..identity import (
    IDENTITY_SHEET,
    LAYOUT_KEY,
    CellRef,
    Identity,
    canonical,
    canonical_formula,
    fingerprint,
    parse_column_letters,
)
from ..numbers import read as read_number
from ..rawbook import RawBook, RawCell, RawSheet

if TYPE_CHECKING:
    from ..catalog import Catalog


_CODE_LIKE = re.compile(r"^[A-Z][A-Z0-9_]*\.[A-Z0-9_.]+$")
DATA_COLUMNS = ("value", "ytd_prev", "ytd", "same_period", "same_ytd", "note")


class Slot(NamedTuple):
    """One mapped cell: where the identity put it and where it is now (a tuple: ~230 are made
    for every file, and a tuple is made in C)."""

    indicator: str
    column: str  # value | ytd | same_period | note | code | name | unit
    role: str  # input | formula | prefilled | label
    expected: str  # A1 in the identity map
    address: str  # A1 now (after inserted/deleted rows)
    cell: RawCell | None


_new_slot = partial(tuple.__new__, Slot)  # Slot(*fields) without its Python __new__


@dataclass
class Located:
    sheet: RawSheet | None
    sheet_name: str  # the name in the identity
    slots: dict[tuple[str, str], Slot] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # indicator -> row now
    missing: set[str] = field(default_factory=set)  # indicators whose row was not found
    shifted: bool = False  # some rows (or columns) are not where the identity put them
    findings: list[Finding] = field(default_factory=list)
    book: RawBook | None = None  # the workbook read (number formats, locks)
    inserted_cols: set[int] = field(default_factory=set)  # columns a clerk inserted into the table
    sorted_rows: tuple[int, int] | None = None  # rows (now) of a block of the table that was sorted
    merged_away: set[str] = field(default_factory=set)  # mapped cells hidden under a merge (cells-merged)
    # the map's plan; as_planned: every mapped cell was found at the map's own address (no row or
    # column moved, none missing), so what the plan derived from the addresses holds for this file
    plan: MapPlan | None = None
    as_planned: bool = False

    def slot(self, indicator: str, column: str) -> Slot | None:
        return self.slots.get((indicator, column))


def _text(cell: RawCell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    v = cell.value
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _find_sheet(
    book: RawBook, name: str, expected_codes: Collection[str], code_cols: set[int]
) -> tuple[RawSheet | None, bool]:
    """The form sheet by name, else the sheet holding most of the codes (renamed)."""
    s = book.sheet(name)
    if s is not None:
        return s, False
    best, hits = None, 0
    for sh in book.sheets:
        if sh.name == IDENTITY_SHEET:
            continue
        n = sum(
            1
            for c in sh.cells.values()
            if c.col in code_cols and isinstance(c.value, str) and c.value.strip() in expected_codes
        )
        if n > hits:
            best, hits = sh, n
    return best, best is not None


def _lis(seq: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence of ``seq``."""
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, x in enumerate(seq):
        j = bisect_left(tails, x)
        if j == len(tails):
            tails.append(x)
            tails_idx.append(i)
        else:
            tails[j] = x
            tails_idx[j] = i
        prev[i] = tails_idx[j - 1] if j else -1
    out: set[int] = set()
    k = tails_idx[-1] if tails_idx else -1
    while k >= 0:
        out.add(k)
        k = prev[k]
    return out


@dataclass(frozen=True)
class MapPlan:
    """What :func:`locate` derives from an identity map alone: the same for every form of one
    template, so computed once per map (the map's cells are shared objects, see identify.py)."""

    cells: tuple[CellRef, ...]  # held so that the ids in the cache key stay theirs
    by_ind: dict[str, dict[str, CellRef]]
    code_refs: dict[str, CellRef]
    expected_row: dict[str, int]
    code_cols: set[int]
    order: list[str]
    col_letter_code: dict[str, str]
    label_cols: set[int]
    # indicator, column, ref, row and column in the map, the map's address as RawSheet.get looks it up
    slots: list[tuple[str, str, CellRef, int, int, str]]
    key_cols: dict[str, int]  # column key of the map (code, name ... note) -> its column in the form
    sheet_name: str  # the form sheet the map names
    # per slot: (indicator, column), indicator, column, role, the map's address, row and column in
    # the map, the address as RawSheet.get looks it up, whether it is on the form sheet
    rows: list[tuple[tuple[str, str], str, str, str, str, int, int, str, bool, str]]
    sheets: frozenset[str]  # the sheets the map names
    # for a file whose cells are all at the map's addresses (Located.as_planned):
    mapped: frozenset[str]  # the mapped addresses
    data_cols: frozenset[int]  # the columns of the data cells
    slot_label_cols: frozenset[int]  # the columns of the label cells
    table_rows: tuple[int, int]  # the first and last indicator row (0, 0 without indicators)
    unlabelled: frozenset[str]  # the addresses of the cells that are not labels
    header_refs: tuple[tuple[str, str], ...]  # (column key, its header-row address) of the map's columns
    label_keys: tuple[tuple[str, str], ...]  # the slots of the indicators with a code row that are labels
    formula_keys: tuple[tuple[str, str], ...]  # ... and that are formulas
    label_lookups: tuple[str, ...]  # their addresses as RawSheet.get looks them up
    formula_lookups: tuple[str, ...]
    # the slots of the indicators with a code row, when all of them are on the form sheet (else
    # None): their keys, indicators, columns, roles, addresses and addresses as RawSheet.get looks
    # them up, for a file whose codes are all on the map's rows
    on_rows: (
        tuple[
            tuple[tuple[str, str], ...],
            tuple[str, ...],
            tuple[str, ...],
            tuple[str, ...],
            tuple[str, ...],
            tuple[str, ...],
        ]
        | None
    )


_PLANS = caches.memo("validate.structure.plans", 256)  # per template: its map's rows and columns
_NAMES = caches.memo("validate.structure.names", 64)  # per catalog object: code -> name


def _plan(ident: Identity) -> MapPlan:
    # keyed on the map's first and last cell objects (shared by every form of a template, see
    # identify.py) and checked against all of them: a key of every cell's id cost ~15 us a file
    cells = tuple(ident.cells)
    key = (ident.form_sheet, len(cells), id(cells[0]) if cells else 0, id(cells[-1]) if cells else 0)
    hit = _PLANS.get(key)
    if hit is not None and hit.cells == cells:
        return hit
    by_ind: dict[str, dict[str, CellRef]] = {}
    for ref in cells:
        by_ind.setdefault(ref.indicator, {})[ref.column] = ref
    code_refs = {ind: cols["code"] for ind, cols in by_ind.items() if "code" in cols}
    expected_row = {ind: split_a1(r.cell)[0] for ind, r in code_refs.items()}
    code_cols = {split_a1(r.cell)[1] for r in code_refs.values()}
    order = sorted(code_refs, key=lambda i: expected_row[i])
    col_letter_code = {ind: col_letter(split_a1(r.cell)[1]) for ind, r in code_refs.items()}
    label_cols = {split_a1(r.cell)[1] for r in cells if r.role == "label"}
    slots = [
        (ind, col, ref, *split_a1(ref.cell), ref.cell.replace("$", "").upper())
        for ind, cols in by_ind.items()
        for col, ref in cols.items()
    ]
    key_cols: dict[str, int] = {}
    for _ind, col, ref, _r, c0, _k in slots:
        if ref.sheet == ident.form_sheet or not ident.form_sheet:
            key_cols[col] = c0
    sheet_name = ident.form_sheet or (next(iter(code_refs.values())).sheet if code_refs else "")
    rows = [
        ((ind, col), ind, col, ref.role, ref.cell, r0, c0, k, ref.sheet == sheet_name, ref.sheet)
        for ind, col, ref, r0, c0, k in slots
    ]
    listed = [ref for _i, _c, ref, _r, _c0, _k in slots if ref.indicator in expected_row]
    rows_now = [expected_row[i] for i in by_ind if i in expected_row]
    plan = MapPlan(
        cells,
        by_ind,
        code_refs,
        expected_row,
        code_cols,
        order,
        col_letter_code,
        label_cols,
        slots,
        key_cols,
        sheet_name,
        rows,
        frozenset(r.sheet for r in cells),
        frozenset(r.cell for r in listed if r.cell),
        frozenset(split_a1(r.cell)[1] for r in listed if r.column in DATA_COLUMNS),
        frozenset(split_a1(r.cell)[1] for r in listed if r.role == "label"),
        (min(rows_now), max(rows_now)) if rows_now else (0, 0),
        frozenset(r.cell for r in listed if r.role != "label"),
        tuple((k, a1(HEADER_ROW, col)) for k, col in key_cols.items() if k in _TITLES),
        tuple(r[0] for r in rows if r[1] in expected_row and r[3] == "label"),
        tuple(r[0] for r in rows if r[1] in expected_row and r[3] == "formula"),
        tuple(r[7] for r in rows if r[1] in expected_row and r[3] == "label"),
        tuple(r[7] for r in rows if r[1] in expected_row and r[3] == "formula"),
        _on_rows([r for r in rows if r[1] in expected_row], expected_row),
    )
    return _PLANS.put(key, plan)


def _on_rows(
    rows: list[tuple[tuple[str, str], str, str, str, str, int, int, str, bool, str]], expected_row: dict[str, int]
) -> Any:
    """``MapPlan.on_rows``: None unless every slot is on the form sheet, on its code's row."""
    if not all(r[8] and r[5] == expected_row[r[1]] for r in rows):
        return None
    return tuple(tuple(r[i] for r in rows) for i in (0, 1, 2, 3, 4, 7))


def _names(catalog: Catalog) -> dict[str, str]:
    hit = _NAMES.get(id(catalog))
    if hit is None or hit[0] is not catalog:
        hit = _NAMES.put(id(catalog), (catalog, {i.code: i.name for i in catalog}))
    return hit[1]


def locate(book: RawBook, ident: Identity, catalog: Catalog, file: str) -> Located:
    """Find each indicator's row by its code; report sheets and rows that moved."""
    plan = _plan(ident)
    by_ind, code_refs, expected_row, code_cols = plan.by_ind, plan.code_refs, plan.expected_row, plan.code_cols
    sheet_name = plan.sheet_name
    out = Located(None, sheet_name, book=book, plan=plan)
    sheet, renamed = _find_sheet(book, sheet_name, code_refs.keys(), code_cols)
    if sheet is None:
        out.findings.append(make(codes.SHEET_MISSING, file=file, sheet=sheet_name))
        out.missing = set(by_ind)
        return out
    if renamed:
        out.findings.append(make(codes.SHEET_RENAMED, file=file, sheet=sheet.name, expected=sheet_name))
    out.sheet = sheet
    name_of = _names(catalog)

    # columns inserted, deleted or moved: found by their titles in the table's header row
    col_map = _columns(out, sheet, plan, file)
    col_letter_code = plan.col_letter_code
    label_cols = plan.label_cols
    if col_map:
        code_cols = {col_map[c] for c in code_cols if col_map.get(c)}
        col_letter_code = {
            ind: col_letter(col_map.get(split_a1(r.cell)[1]) or split_a1(r.cell)[1]) for ind, r in code_refs.items()
        }
        label_cols = {col_map[c] for c in label_cols if col_map.get(c)}

    # every code-like text in the code column(s)
    found: dict[str, list[int]] = {}
    strangers: list[RawCell] = []
    indicators = catalog.indicators
    code_like = _CODE_LIKE.match
    for c in sheet.cells.values():
        v = c.value
        if c.col not in code_cols or not isinstance(v, str):
            continue
        t = v.strip()
        if t in code_refs:
            rows_of = found.get(t)
            if rows_of is None:
                found[t] = [c.row]
            else:
                rows_of.append(c.row)
        elif t in indicators or code_like(t):
            strangers.append(c)

    order = plan.order
    actual: dict[str, int] = {}
    for ind in order:
        rows = found.get(ind)
        if not rows:
            continue
        if len(rows) == 1:  # the usual case: the code once
            actual[ind] = rows[0]
            continue
        rows = sorted(rows)
        best = min(rows, key=lambda r: abs(r - expected_row[ind]))
        actual[ind] = best
        for r in rows:
            if r != best:
                out.findings.append(
                    make(
                        codes.CODE_DUPLICATE,
                        file=file,
                        sheet=sheet.name,
                        cell=f"{col_letter_code[ind]}{r}",
                        indicator=ind,
                        expected=f"{col_letter_code[ind]}{best}",
                        value=ind,
                    )
                )

    # moved rows: not on the longest run that keeps the catalog order
    located = [i for i in order if i in actual]
    seq = [actual[i] for i in located]
    if all(x < y for x, y in zip(seq, seq[1:], strict=False)):  # in order already: the longest run is all of it
        moved: set[str] = set()
        straight = located
    else:
        keep = _lis(seq)
        moved = {ind for n, ind in enumerate(located) if n not in keep}
        straight = [i for i in located if i not in moved]
    for ind in moved:
        out.findings.append(
            make(
                codes.ROW_MOVED,
                file=file,
                sheet=sheet.name,
                cell=f"{col_letter_code[ind]}{actual[ind]}",
                indicator=ind,
                name=name_of.get(ind, ind),
                expected=expected_row[ind],
            )
        )

    # codes not found: typed over (something else at the expected place) or row deleted
    def offset_near(ind: str) -> int:
        before = [i for i in straight if expected_row[i] < expected_row[ind]]
        return (actual[before[-1]] - expected_row[before[-1]]) if before else 0

    stranger_at = {c.row: c for c in strangers}
    if len(actual) < len(order):
        for ind in order:
            if ind in actual:
                continue
            row = expected_row[ind] + offset_near(ind)
            here = sheet.get(f"{col_letter_code[ind]}{row}")
            taken = any(actual.get(o) == row for o in actual)
            if not taken and _text(here):
                actual[ind] = row
                stranger_at.pop(row, None)
                out.findings.append(
                    make(
                        codes.CODE_ALTERED,
                        file=file,
                        sheet=sheet.name,
                        cell=here.ref if here else f"{col_letter_code[ind]}{row}",
                        indicator=ind,
                        value=_text(here),
                        expected=ind,
                    )
                )
            else:
                out.missing.add(ind)
                out.findings.append(
                    make(
                        codes.CODE_MISSING,
                        file=file,
                        sheet=sheet.name,
                        cell=f"{col_letter_code[ind]}{row}",
                        indicator=ind,
                        name=name_of.get(ind, ind),
                    )
                )
    for c in stranger_at.values():
        out.findings.append(make(codes.CODE_UNKNOWN, file=file, sheet=sheet.name, cell=c.ref, value=_text(c)))

    # inserted / deleted rows between consecutive indicators that kept their order
    _row_shifts(out, sheet, file, order, straight, expected_row, actual, moved, name_of, col_letter_code, label_cols)
    if len(moved) >= 2:
        _sorted_block(out, sheet.name, file, moved, expected_row, actual)

    # every mapped cell at its row now
    rows_now, slots = out.rows, out.slots
    for ind in by_ind:
        row_now = actual.get(ind)
        if row_now is not None:
            rows_now[ind] = row_now
    cells_get = sheet.cells.get
    fast = plan.on_rows
    if fast is not None and not col_map and actual == expected_row:
        # every code on its row, every column in its place: each cell at the map's address
        keys, inds, cols, roles, addrs, lookups = fast
        new = map(_new_slot, zip(inds, cols, roles, addrs, addrs, map(cells_get, lookups), strict=True))
        slots.update(zip(keys, new, strict=True))
        out.as_planned = True
        return out
    shifted = False
    made = 0
    for key2, ind, col, role, expected, r0, c0, key, on_form, ref_sheet in plan.rows:
        row_now = actual.get(ind)
        if row_now is None:
            continue
        if on_form:
            if col_map:
                col_now = col_map.get(c0, c0)
                if not col_now:
                    continue  # its column was deleted (column-deleted)
            else:
                col_now = c0
            if row_now == r0 and col_now == c0:
                addr, cell = expected, cells_get(key)
            else:
                addr = a1(row_now, col_now)
                cell = sheet.get(addr)
                shifted = True
        else:
            addr = expected
            target = book.sheet(ref_sheet)
            cell = target.cells.get(key) if target is not None else None
        if row_now != r0:
            shifted = True
        slots[key2] = Slot(ind, col, role, expected, addr, cell)
        made += 1
    out.shifted = shifted
    out.as_planned = not shifted and not col_map and made == len(plan.rows)
    return out


def _title(text: object) -> str:
    return _title_of(text) if isinstance(text, str) else ""


@caches.function("validate.structure.titles", 4096)
def _title_of(text: str) -> str:
    """A column title as compared: spaces collapsed, case folded (the same headers in every file)."""
    return " ".join(text.split()).casefold()


_TITLES = {c.key: _title(c.title) for c in COLUMNS}
_KEY_ORDER = {c.key: n for n, c in enumerate(COLUMNS)}
_FIGURES = {"code", *DATA_COLUMNS}  # without them, figures are lost


def _layout(book: RawBook | None) -> dict[str, int]:
    """The identity's 'layout' row (stt=A;code=B;...) as {key: column}; {} without one."""
    ident = book.sheet(IDENTITY_SHEET) if book is not None else None
    if ident is None:
        return {}
    for c in ident.cells.values():
        if c.col == 1 and c.value == LAYOUT_KEY:
            text = ident.cells.get(a1(c.row, 2))
            if text is None or not isinstance(text.value, str):
                return {}
            return {key: col_index(letters) for key, letters in parse_column_letters(text.value).items()}
    return {}


def _columns(out: Located, sheet: RawSheet, plan: MapPlan, file: str) -> dict[int, int]:
    """Where each of the form's columns is now, by its title in the table's header row.

    {} when every title is where the form put it (the common case: a few lookups). Otherwise
    the map from each column of the form to its column now (0 for a deleted one), with one
    finding per cause: a run of inserted columns, a deleted column, a moved column.
    """
    keys = plan.key_cols
    cells = sheet.cells
    for k, ref in plan.header_refs:
        c = cells.get(ref)
        if not (_title(c.value) if c is not None else "").startswith(_TITLES[k]):
            break
    else:
        return {}
    # the form's own layout (its identity says where every column was, unmapped ones included)
    keys = {**_layout(out.book), **keys}
    # the header row now: the row holding most of the titles (rows may have been inserted above it)
    where: dict[int, dict[str, int]] = {}
    for c in sheet.cells.values():
        t = _title(c.value)
        if not t:
            continue
        for k, want in _TITLES.items():
            if t.startswith(want) and not (k == "name" and t.startswith(_TITLES["code"])):
                where.setdefault(c.row, {}).setdefault(k, c.col)
    if not where:
        return {}
    row = max(where, key=lambda r: (len(where[r]), -abs(r - HEADER_ROW)))
    now = where[row]
    if len(now) < 3 or all(now.get(k) == col for k, col in keys.items() if k in _TITLES):
        return {}  # not a header row we can trust, or only rows moved
    col_map = {col: now.get(k, 0) for k, col in keys.items() if k in _TITLES}
    name = sheet.name
    # moved: off the longest run of titles that kept the form's order
    present = sorted((k for k in keys if k in now), key=lambda k: keys[k])
    keep = _lis([now[k] for k in present])
    moved = {k for n, k in enumerate(present) if n not in keep}
    for k in present:
        if k in moved:
            out.findings.append(
                make(
                    codes.COLUMN_MOVED,
                    file=file,
                    sheet=name,
                    cell=a1(row, now[k]),
                    title=COLUMNS[_KEY_ORDER[k]].title,
                    letter=col_letter(now[k]),
                    expected=col_letter(keys[k]),
                )
            )
    for k in sorted(keys, key=lambda k: keys[k]):
        if k in _TITLES and k not in now:
            out.findings.append(
                make(
                    codes.COLUMN_DELETED,
                    file=file,
                    sheet=name,
                    cell=a1(row, max(1, min(keys[k], sheet.max_col or 1))),
                    title=COLUMNS[_KEY_ORDER[k]].title,
                    letter=col_letter(keys[k]),
                    lost_vi="nên thiếu số liệu của cột này" if k in _FIGURES else "(cột này không có số liệu)",
                    lost_en="so its figures are missing" if k in _FIGURES else "(it held no figures)",
                )
            )
    # inserted: columns inside the table that no column of the form landed on
    taken = set(now.values())
    last = max(taken)
    new = [c for c in range(1, last + 1) if c not in taken]
    out.inserted_cols = set(new)
    runs: list[list[int]] = []
    for col in new:
        if runs and runs[-1][-1] == col - 1:
            runs[-1].append(col)
        else:
            runs.append([col])
    for run in runs:
        out.findings.append(
            make(
                codes.COLUMN_INSERTED,
                file=file,
                sheet=name,
                cell=a1(row, run[0]),
                letter=col_letter(run[0]),
                count=len(run),
            )
        )
    return col_map


def _sorted_block(
    out: Located, sheet: str, file: str, moved: set[str], expected_row: dict[str, int], actual: dict[str, int]
) -> None:
    """Several rows moved within one block that no indicator left or entered: the block was
    sorted. One rows-sorted finding replaces the row-moved, row-inserted and row-deleted
    findings of its indicators (the moves of a sort, not separate edits)."""
    lo = min(min(actual[i], expected_row[i]) for i in moved)
    hi = max(max(actual[i], expected_row[i]) for i in moved)
    while True:
        inside = {i for i in actual if lo <= actual[i] <= hi or lo <= expected_row[i] <= hi}
        nlo = min(min(actual[i], expected_row[i]) for i in inside)
        nhi = max(max(actual[i], expected_row[i]) for i in inside)
        if (nlo, nhi) == (lo, hi):
            break
        lo, hi = nlo, nhi
    if any(i not in actual for i in inside) or any(
        i in out.missing for i in expected_row if lo <= expected_row[i] <= hi
    ):
        return  # a row was deleted or typed over in the block: not only a sort
    rows_kind = {codes.ROW_MOVED, codes.ROW_INSERTED, codes.ROW_DELETED}
    out.findings = [f for f in out.findings if not (f.code in rows_kind and f.indicator in inside)]
    count = sum(1 for i in inside if actual[i] != expected_row[i])
    out.findings.append(make(codes.ROWS_SORTED, file=file, sheet=sheet, cell=f"A{lo}", first=lo, last=hi, count=count))
    out.sorted_rows = (lo, hi)


def _row_shifts(
    out: Located,
    sheet: RawSheet,
    file: str,
    order: list[str],
    straight: list[str],
    expected_row: dict[str, int],
    actual: dict[str, int],
    moved: set[str],
    name_of: dict[str, str],
    letter: dict[str, str],
    label_cols: set[int],
) -> None:
    prev_exp, prev_act = 0, 0
    prev_off = 0
    rank: dict[str, int] = {}  # made when a shift needs it
    for ind in straight:
        e, a = expected_row[ind], actual[ind]
        off = a - e
        delta = off - prev_off
        if delta:
            if not rank:
                rank = {ind: n for n, ind in enumerate(order)}
            # rows that left or joined this stretch explain part of the shift
            lo, hi = rank.get(_at(order, prev_exp, expected_row), -1), rank[ind]
            between = order[lo + 1 : hi] if lo >= 0 else order[:hi]
            explained = 0
            for o in between:
                if o in out.missing:
                    explained -= 1
                elif o in moved:
                    explained -= 1
            for o in moved:
                if prev_act < actual[o] < a:
                    explained += 1
            residual = delta - explained
            if residual > 0:
                header = _header_now(sheet, label_cols) if prev_act == 0 else 0
                if header and header - HEADER_ROW >= residual:  # inserted above the table's header
                    first = header - residual
                else:
                    first = _first_new_row(sheet, max(prev_act, header) + 1, a - 1, label_cols) or (a - residual)
                out.findings.append(
                    make(
                        codes.ROW_INSERTED,
                        file=file,
                        sheet=sheet.name,
                        cell=f"A{first}",
                        indicator=ind,
                        name=name_of.get(ind, ind),
                        count=residual,
                        expected=e,
                    )
                )
            elif residual < 0:
                out.findings.append(
                    make(
                        codes.ROW_DELETED,
                        file=file,
                        sheet=sheet.name,
                        cell=f"{letter[ind]}{a}",
                        indicator=ind,
                        name=name_of.get(ind, ind),
                        count=-residual,
                        expected=e,
                    )
                )
        prev_exp, prev_act, prev_off = e, a, off


def _at(order: list[str], row: int, expected_row: dict[str, int]) -> str:
    for ind in order:
        if expected_row[ind] == row:
            return ind
    return ""


def _header_now(sheet: RawSheet, label_cols: set[int]) -> int:
    """The row of the table's header now (the code column's title), or 0."""
    want = _TITLES["code"]
    rows = [c.row for c in sheet.cells.values() if c.col in label_cols and _title(c.value) == want]
    return min(rows) if rows else 0


def _first_new_row(sheet: RawSheet, lo: int, hi: int, label_cols: set[int]) -> int | None:
    """The first row between lo and hi without text in the code column: a row the form did not have
    (the form's own rows, headings included, have their text there or in the name column)."""
    if lo > hi:
        return None
    labelled = {
        c.row
        for c in sheet.cells.values()
        if lo <= c.row <= hi and c.col in label_cols and isinstance(c.value, str) and c.value.strip()
    }
    for r in range(lo, hi + 1):
        if r not in labelled:
            return r
    return lo


# --- what the slots hold ------------------------------------------------------------------------

_REF_RE = re.compile(
    r"(?<![A-Za-z0-9_.!'])\$?([A-Z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Z]{1,3})\$?([0-9]{1,7}))?(?![0-9(])"
)
_STRING_RE = re.compile(r'"(?:[^"]|"")*"')


def formula_refs(formula: str) -> set[str]:
    """Cells a formula reads ('SUM(E12:E14)+F3' -> {E12, E13, E14, F3}); strings ignored."""
    out: set[str] = set()
    for m in _REF_RE.finditer(_STRING_RE.sub('""', formula.upper())):
        c1, r1, c2, r2 = m.groups()
        if c2 is None:
            out.add(f"{c1}{r1}")
            continue
        if c1 != c2 or abs(int(r2) - int(r1)) > 10_000:
            out.add(f"{c1}{r1}")
            out.add(f"{c2}{r2}")
            continue
        lo, hi = sorted((int(r1), int(r2)))
        out.update(f"{c1}{r}" for r in range(lo, hi + 1))
    return out


_FINGERPRINTS = caches.memo("validate.structure.fingerprints", 256)  # per template's locked content


def current_fingerprint(loc: Located, ident: Identity) -> str:
    """The fingerprint of the locked content as it is now, at the identity's addresses.

    Memoised on what it is computed from (every label's and formula's raw content, with the
    value's type): an intact form of one template gives the same fingerprint in every file."""
    plan = loc.plan if loc.as_planned else None
    if plan is not None:
        hit = _planned_fingerprint(loc, plan)
        if hit is not None:
            return hit
    key_parts: list[object] = [loc.sheet_name]
    for slot in loc.slots.values():
        if slot.role == "label" or slot.role == "formula":
            c = slot.cell
            if c is None:
                key_parts.append((slot.role, slot.expected, None))
            elif slot.role == "formula" and c.formula:  # the cached result does not count
                key_parts.append((slot.role, slot.expected, c.formula))
            else:
                v = c.value
                key_parts.append((slot.role, slot.expected, c.formula, type(v), v))
    key = tuple(key_parts)
    hit = _FINGERPRINTS.get(key)
    if hit is None:
        hit = _current_fingerprint(loc)
        _FINGERPRINTS.put(key, hit)
    return hit


_PLANNED_FINGERPRINTS = caches.memo("validate.structure.planned_fingerprints", 256)  # per map and locked content
_CELL = itemgetter(5)  # Slot.cell
_VALUE, _FORMULA = attrgetter("value"), attrgetter("formula")


def _planned_fingerprint(loc: Located, plan: MapPlan) -> str | None:
    """:func:`current_fingerprint` of a file whose cells are all at the map's addresses, keyed on
    the same content (labels: formula, value and its type; formulas: the formula) gathered
    without a Python loop; None (the general way) when a cell is absent or a formula cell
    holds no formula."""
    if plan.on_rows is not None and loc.sheet is not None:  # every cell on the form sheet: looked up there
        get = loc.sheet.cells.get
        labels = list(map(get, plan.label_lookups))
        formulas = list(map(get, plan.formula_lookups))
    else:
        slots = loc.slots
        labels = list(map(_CELL, map(slots.__getitem__, plan.label_keys)))
        formulas = list(map(_CELL, map(slots.__getitem__, plan.formula_keys)))
    if any(map(is_, labels, repeat(None))) or any(map(is_, formulas, repeat(None))):
        return None
    written = tuple(map(_FORMULA, formulas))
    if not all(written):
        return None
    values = tuple(map(_VALUE, labels))
    key = (id(plan), loc.sheet_name, tuple(map(_FORMULA, labels)), values, tuple(map(type, values)), written)
    hit = _PLANNED_FINGERPRINTS.get(key)
    if hit is None or hit[0] is not plan:
        hit = _PLANNED_FINGERPRINTS.put(key, (plan, _current_fingerprint(loc)))
    return hit[1]


def _current_fingerprint(loc: Located) -> str:
    items: list[tuple[str, str, str]] = []
    for slot in loc.slots.values():
        if slot.role == "label":
            items.append((loc.sheet_name, slot.expected, canonical(slot.cell.value if slot.cell else None)))
        elif slot.role == "formula":
            f = slot.cell.formula if slot.cell is not None else None
            text = canonical_formula("=" + f) if f else "<constant>" + canonical(slot.cell.value if slot.cell else None)
            items.append((loc.sheet_name, slot.expected, text))
    return fingerprint(items)


def check_cells(
    loc: Located,
    ident: Identity,
    catalog: Catalog,
    book: RawBook,
    file: str,
    operands: dict[tuple[str, str], list[tuple[str, str]]],
    known_sheets: set[str] | None = None,
) -> list[Finding]:
    """Labels, formulas, protection, sheets, and the cells outside the map.

    ``operands``: for a formula slot (indicator, column), the slots its formula must read
    (parts of a complete whole, numerator and denominator of a ratio), from the catalog.
    """
    out: list[Finding] = []
    sheet = loc.sheet
    plan = loc.plan if loc.plan is not None and loc.plan.cells == tuple(ident.cells) else _plan(ident)
    known = {IDENTITY_SHEET, loc.sheet_name} | plan.sheets | (known_sheets or set())
    if sheet is not None:
        known.add(sheet.name)
    for s in book.sheets:
        if s.name not in known:
            out.append(_added_sheet(loc, s, file))
    app = (book.application or "").strip()
    # LibreOffice drops the structure lock on every save: client behaviour, not tampering
    unlocked = not book.structure_locked and not app.startswith("LibreOffice")
    if sheet is None:
        if unlocked:
            out.append(make(codes.STRUCTURE_UNLOCKED, file=file))
        return out
    sname = sheet.name
    intact = (
        not loc.shifted
        and len(loc.slots) == len(ident.cells)
        and bool(ident.fingerprint)
        and current_fingerprint(loc, ident) == ident.fingerprint
    )
    if not intact:
        out.extend(_labels_and_formulas(loc, catalog, file, sname, operands))
        if ident.fingerprint and not loc.shifted and not out and len(loc.slots) == len(ident.cells):
            out.append(make(codes.LOCKED_CONTENT_CHANGED, file=file, sheet=sname))
    if not sheet.protected:
        out.append(make(codes.PROTECTION_REMOVED, file=file, sheet=sname))
    if sheet.merged:
        out.extend(_merged(loc, catalog, file))
    out.extend(_outside(loc, book, file))
    if unlocked:
        out.append(_unlocked(app, file, changed=bool(out or loc.findings)))
    return out


def _unlocked(app: str, file: str, changed: bool) -> Finding:
    """The structure lock is missing. Excel keeps it on save, so there (or when the form was
    changed otherwise too) the clerk removed it; other programs (Gnumeric, ...) drop it on
    every save of an untouched form, and the clerk is not to blame."""
    if changed or not app or app.casefold().startswith("microsoft"):
        return make(codes.STRUCTURE_UNLOCKED, file=file)
    return make(codes.STRUCTURE_LOCK_DROPPED, file=file, program=app[:1].upper() + app[1:])


def _merged(loc: Located, catalog: Catalog, file: str) -> list[Finding]:
    """Merged ranges that hide a mapped cell (any cell of a range but its first is hidden):
    one finding per range, at the first cell it hides. The form's own merges (header,
    signature) hide none."""
    sheet = loc.sheet
    assert sheet is not None
    plan = loc.plan if loc.as_planned else None
    at: dict[str, Slot] | None = None
    out: list[Finding] = []
    for ref in sheet.merged:
        covered = _covered(ref)
        if covered is None:
            continue
        if plan is not None and plan.unlabelled.isdisjoint(covered):
            continue  # hides no mapped cell (the form's own merges)
        if at is None:
            at = {s.address: s for s in loc.slots.values() if s.role != "label"}
        hidden = [at[a] for a in covered if a in at]
        if not hidden:
            continue
        loc.merged_away.update(h.address for h in hidden)
        slot = hidden[0]
        ind = catalog.indicators.get(slot.indicator)
        col_vi, col_en = column_names(slot.column)
        out.append(
            make(
                codes.CELLS_MERGED,
                file=file,
                sheet=sheet.name,
                cell=slot.address,
                indicator=slot.indicator,
                column=slot.column,
                name=ind.name if ind else slot.indicator,
                col_vi=col_vi,
                col_en=col_en,
                range=ref,
            )
        )
    return out


@caches.function("validate.structure.covered", 4096)
def _covered(ref: str) -> tuple[str, ...] | None:
    """The cells a merged range ('E21:E22') hides: all but its first, in row order; None when
    it is no range of cells."""
    first, _, last = ref.partition(":")
    try:
        (r1, c1), (r2, c2) = split_a1(first), split_a1(last or first)
    except ValueError:
        return None
    return tuple(
        a1(r, c)
        for r in range(min(r1, r2), max(r1, r2) + 1)
        for c in range(min(c1, c2), max(c1, c2) + 1)
        if (r, c) != (min(r1, r2), min(c1, c2))
    )


def _added_sheet(loc: Located, added: RawSheet, file: str) -> Finding:
    """sheet-added, or sheet-copied when the sheet is a copy of the form whose figures differ
    from the form sheet's (a clerk filled the copy: the form sheet's empty cells say the rest)."""
    form = loc.sheet
    if form is None or not loc.slots:
        return make(codes.SHEET_ADDED, file=file, sheet=added.name)
    codes_at = [s for s in loc.slots.values() if s.column == "code"]
    same = sum(1 for s in codes_at if _text(added.cells.get(s.address)) == s.indicator)
    if not codes_at or same * 2 < len(codes_at):
        return make(codes.SHEET_ADDED, file=file, sheet=added.name)
    differ = [
        s.address
        for s in loc.slots.values()
        if s.column in DATA_COLUMNS
        and s.role == "input"
        and _text(added.cells.get(s.address)) != _text(s.cell)
        and _text(added.cells.get(s.address))
    ]
    if not differ:
        return make(codes.SHEET_ADDED, file=file, sheet=added.name)
    first = min(differ, key=_rowkey)
    return make(
        codes.SHEET_COPIED,
        file=file,
        sheet=added.name,
        cell=first,
        value=_text(added.cells.get(first)),
        count=len(differ),
        form=form.name,
    )


def _labels_and_formulas(
    loc: Located, catalog: Catalog, file: str, sname: str, operands: dict[tuple[str, str], list[tuple[str, str]]]
) -> list[Finding]:
    out: list[Finding] = []
    for slot in loc.slots.values():
        ind = catalog.indicators.get(slot.indicator)
        if ind is None:
            continue
        if slot.role == "label" and slot.column in ("name", "unit"):
            want = ind.name if slot.column == "name" else ind.unit
            have = _text(slot.cell)
            if canonical(have) != canonical(want):
                what = ("Tên", "name") if slot.column == "name" else ("Đơn vị tính", "unit")
                out.append(
                    make(
                        codes.LABEL_ALTERED,
                        file=file,
                        sheet=sname,
                        cell=slot.address,
                        indicator=ind.code,
                        value=have,
                        expected=want,
                        what_vi=what[0],
                        what_en=what[1],
                        unit=ind.unit,
                    )
                )
        elif slot.role == "formula":
            cell = slot.cell
            col_vi, col_en = column_names(slot.column)
            if cell is None or cell.formula is None:
                if cell is not None and not cell.is_blank:
                    out.append(
                        make(
                            codes.FORMULA_OVERWRITTEN,
                            file=file,
                            sheet=sname,
                            cell=slot.address,
                            indicator=ind.code,
                            column=slot.column,
                            value=_text(cell),
                            name=ind.name,
                            col_vi=col_vi,
                            col_en=col_en,
                        )
                    )
                elif cell is None or cell.formula is None:
                    out.append(
                        make(
                            codes.FORMULA_CLEARED,
                            file=file,
                            sheet=sname,
                            cell=slot.address,
                            indicator=ind.code,
                            column=slot.column,
                            name=ind.name,
                            col_vi=col_vi,
                            col_en=col_en,
                        )
                    )
                continue
            need = operands.get((slot.indicator, slot.column))
            if need and loc.sorted_rows and loc.sorted_rows[0] <= split_a1(slot.address)[0] <= loc.sorted_rows[1]:
                continue  # rows-sorted says the formulas of the block read other rows now
            if need:
                refs = {loc.slots[k].address for k in need if k in loc.slots}
                if len(refs) == len(need) and formula_refs(cell.formula) != refs:
                    out.append(
                        make(
                            codes.FORMULA_ALTERED,
                            file=file,
                            sheet=sname,
                            cell=slot.address,
                            indicator=ind.code,
                            column=slot.column,
                            value=cell.formula,
                            expected=", ".join(sorted(refs, key=_rowkey)),
                            name=ind.name,
                            col_vi=col_vi,
                            col_en=col_en,
                        )
                    )
    return out


def _rowkey(ref: str) -> tuple[int, int]:
    return split_a1(ref)


COLUMN_NAMES = {
    "value": ("Thực hiện kỳ này", "this period"),
    "ytd": ("Lũy kế từ đầu năm", "year to date"),
    "same_period": ("Cùng kỳ năm trước", "same period last year"),
    "ytd_prev": ("Lũy kế đến hết kỳ trước", "year to date before this period"),
    "same_ytd": ("Lũy kế cùng kỳ năm trước", "last year's year to date"),
    "note": ("Ghi chú", "note"),
    "code": ("Mã chỉ tiêu", "code"),
    "name": ("Chỉ tiêu", "name"),
    "unit": ("ĐVT", "unit"),
}


def column_names(column: str) -> tuple[str, str]:
    return COLUMN_NAMES.get(column, (column, column))


_DIGIT = re.compile(r"\d")


def _numberish(cell: RawCell) -> bool:
    v = cell.value
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float)):
        return True
    return isinstance(v, str) and _DIGIT.search(v) is not None and _reads(v)


@caches.function("validate.structure.reads", 4096)
def _reads(text: str) -> bool:
    return read_number(text).ok


def _outside(loc: Located, book: RawBook, file: str) -> list[Finding]:
    """Non-empty cells of the form sheet that are not mapped and not the form's own text.

    The form's own content is locked; a clerk can only type into unlocked cells, unless the
    protection was removed. So: any unlocked cell outside the map that holds something, and,
    in the table's rows or data columns, any constant figure (number or number-like text)
    outside the map; rows inserted into the table are checked entirely.
    """
    sheet = loc.sheet
    assert sheet is not None
    if not loc.rows:
        return []
    plan = loc.plan if loc.as_planned else None
    if plan is not None:  # every cell at the map's address: what the addresses give, once per template
        mapped: set[str] | frozenset[str] = plan.mapped
        data_cols: set[int] | frozenset[int] = plan.data_cols
        label_cols: set[int] | frozenset[int] = plan.slot_label_cols
        first, last = plan.table_rows
    else:
        mapped = {s.address for s in loc.slots.values() if s.address}
        data_cols = {split_a1(s.address)[1] for s in loc.slots.values() if s.column in DATA_COLUMNS}
        label_cols = {split_a1(s.address)[1] for s in loc.slots.values() if s.role == "label"}
        first, last = min(loc.rows.values()), max(loc.rows.values())
    if not data_cols:
        return []
    max_data, min_data = max(data_cols), min(data_cols)
    out: list[Finding] = []
    inserted = loc.inserted_cols
    locked = book.locked_styles
    n_styles = len(locked)
    for c in sheet.cells.values():  # in file order: rows ascending, as spreadsheet programs write them
        v = c.value
        # blank, a formula, or mapped (RawCell.is_blank inlined: this runs for every cell of the sheet)
        if v is None or c.formula is not None or v == "" or c.ref in mapped:
            continue
        row, col = c.row, c.col
        if inserted and col in inserted:
            continue  # column-inserted says the inserted column is not counted
        if isinstance(v, str) and not v.strip():
            continue
        style = c.style
        unlocked = not (locked[style] if 0 <= style < n_styles else True)  # RawBook.is_locked
        in_table = first <= row <= last
        flag = unlocked and col not in label_cols
        # where a figure must not be, then (the dearer test) whether it is a figure
        if not flag and (
            (col in data_cols and row >= first) or (in_table and col > max_data) or (row > last and col <= max_data + 1)
        ):
            flag = _numberish(c)
        if not flag and in_table and col >= min_data and col not in label_cols:
            flag = True  # text in the data columns of the table (a heading row or a not-applicable cell)
        if flag:
            out.append(make(codes.VALUE_OUTSIDE_AREA, file=file, sheet=sheet.name, cell=c.ref, value=_text(c)))
    return out
