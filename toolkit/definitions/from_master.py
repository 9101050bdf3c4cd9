"""Baseline ("cùng kỳ") figures from last year's master workbook or any plain table.

``baocao definitions baseline FILE --period 2023-Q1`` reads a table that has an indicator
code or name column and a figures column ("Thực hiện ...", "Kỳ này", "Số liệu", "Giá
trị"; "Lũy kế ..." for the year to date; one column per unit when headed by a unit's name
or code): this toolkit's own master (sheet Tổng hợp) is such a table. Names are matched
exactly (case, spaces and leading numbering aside); a near-miss is an error with
suggestions, never a silent guess. The figures are merged into ``baseline/<period>.csv``
(a figure of the same period, unit, indicator and column is replaced), checked like
every definition, and written only when no error remains.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl

from ..a1 import col_letter
from ..catalog import CODE_RE, Catalog
from ..findings import Finding, Severity, make
from ..findings import definitions as definitions_codes
from ..master import layout as L
from ..numbers import read
from ..periods import Period
from ..workspace import Workspace
from . import columns as K
from .cells import CellProblem, is_blank, read_number
from .importer import backup, csv_number, dedupe, write_files
from .locate import Locator
from .planned import Planned
from .reader import SheetRead, norm
from .source import BASELINE_DIR, dump_csv, read_csv_rows
from .tables import ReadRow

VALUE_HEADERS = ("thực hiện", "kỳ này", "số liệu", "giá trị", "kết quả", "số thực hiện", "th", "value")
YTD_HEADERS = ("lũy kế", "luỹ kế", "ytd")
CODE_HEADERS = ("mã chỉ tiêu", "mã", "mã số", "code")
NAME_HEADERS = ("chỉ tiêu", "tên chỉ tiêu", "nội dung", "nội dung chỉ tiêu", "tên", "indicator")
_NUMBERING = re.compile(r"^(?:[ivxlc]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s+|^[-+•–]\s*")


@dataclass
class BaselineImport:
    source: Path
    period: Period | None = None
    sheet: str = ""
    path: Path | None = None  # the baseline file written (or that would be)
    rows: list[dict[str, str]] = field(default_factory=list)  # the figures read
    replaced: int = 0
    written: bool = False
    backup: Path | None = None
    problems: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


def name_key(text: Any) -> str:
    t = norm(text)
    t = _NUMBERING.sub("", t)
    return t.rstrip(" :;.").strip()


def _header_kind(text: Any) -> str | None:
    t = norm(text)
    if not t:
        return None
    if t in CODE_HEADERS:
        return "code"
    if t in NAME_HEADERS:
        return "name"
    if any(t == h or t.startswith(h + " ") for h in YTD_HEADERS):
        return "ytd"
    if any(t == h or t.startswith(h + " ") for h in VALUE_HEADERS):
        return "value"
    return None


@dataclass
class _Table:
    sheet: str
    header_row: int  # 1-based
    code_col: int | None = None
    name_col: int | None = None
    value_cols: dict[str, int] = field(default_factory=dict)  # column kind -> index (district figures)
    unit_cols: dict[int, str] = field(default_factory=dict)  # index -> unit code


def _find_table(ws: Workspace, name: str, grid: list[list[Any]], period: Period) -> _Table | None:
    # names repeat over time (xã Tân Long before and after the merger): the period's units first
    units = sorted(ws.units.units.values(), key=lambda u: not u.active_in(period))
    units_by_name: dict[str, str] = {}
    for u in units:
        units_by_name.setdefault(norm(u.name), u.code)
    units_by_code = {norm(u.code): u.code for u in units}
    for r, row in enumerate(grid[:40]):
        t = _Table(name, r + 1)
        for c, v in enumerate(row):
            kind = _header_kind(v)
            if kind == "code" and t.code_col is None:
                t.code_col = c
            elif kind == "name" and t.name_col is None:
                t.name_col = c
            elif kind in ("value", "ytd") and kind not in t.value_cols:
                t.value_cols[kind] = c
            elif not is_blank(v) and (norm(v) in units_by_name or norm(v) in units_by_code):
                t.unit_cols[c] = units_by_name.get(norm(v)) or units_by_code[norm(v)]
        if (t.code_col is not None or t.name_col is not None) and (t.value_cols or t.unit_cols):
            return t
    return None


def import_baseline(
    ws: Workspace,
    book: Path,
    period: Period | str | None = None,
    *,
    unit: str | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> BaselineImport:
    """Read the figures of ``book`` as ``period``'s and merge them into the baseline."""
    book = Path(book)
    now = now or datetime.now()
    res = BaselineImport(book)
    if period is None:
        m = re.match(r"^tong-hop-(.+)$", book.stem)
        period = m[1] if m else None
    if period is None:
        res.problems.append(
            make(definitions_codes.MASTER_NO_TABLE, file=str(book), detail="--period is needed for this file")
        )
        return res
    res.period = period if isinstance(period, Period) else Period.parse(str(period))
    try:
        wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as e:
        res.problems.append(make(definitions_codes.UNREADABLE, file=str(book), detail=str(e) or type(e).__name__))
        return res
    try:
        names = [sheet] if sheet else ([L.SUMMARY] if L.SUMMARY in wb.sheetnames else []) + wb.sheetnames
        table, grid = None, []
        for name in dict.fromkeys(names):
            if name not in wb.sheetnames:
                continue
            grid = [list(r) for r in wb[name].iter_rows(values_only=True)]
            table = _find_table(ws, name, grid, res.period)
            if table:
                break
    finally:
        wb.close()
    if table is None:
        res.problems.append(
            make(
                definitions_codes.MASTER_NO_TABLE,
                file=str(book),
                detail="headers looked for: " + ", ".join(("Mã chỉ tiêu", "Chỉ tiêu", "Thực hiện", "Lũy kế")),
            )
        )
        return res
    res.sheet = table.sheet
    collector = ws.collector(res.period)
    district = unit or (collector.code if collector else "")
    origin = _read_rows(ws, book, table, grid, res, district)
    if not res.rows:
        return res
    _merge_and_check(ws, book, res, origin, dry_run, now)
    return res


def _read_rows(
    ws: Workspace, book: Path, table: _Table, grid: list[list[Any]], res: BaselineImport, district: str
) -> list[ReadRow]:
    cat = ws.catalog
    by_name: dict[str, str] = {}
    for ind in cat:
        by_name.setdefault(name_key(ind.name), ind.code)
    origin: list[ReadRow] = []
    seen: dict[tuple[str, str, str], str] = {}
    for r in range(table.header_row + 1, len(grid) + 1):
        line = grid[r - 1]

        def cell(c: int | None, line: list[Any] = line) -> Any:
            return line[c] if c is not None and c < len(line) else None

        figures = [(kind, c, district) for kind, c in table.value_cols.items()]
        figures += [("value", c, u) for c, u in table.unit_cols.items()]
        present = [(k, c, u, cell(c)) for k, c, u in figures if not is_blank(cell(c))]
        if not present:
            continue  # a heading, a blank line
        code_text, name_text = cell(table.code_col), cell(table.name_col)
        code = _code_of(code_text, name_text, table, r, by_name, cat, res, book)
        if code is None:
            continue
        for kind, c, u, v in present:
            at = f"{col_letter(c + 1)}{r}"
            if isinstance(v, str) and v.strip() in ("-", "–", "x", "…"):
                continue
            try:
                value = read_number(v)
            except CellProblem as e:
                value = _whole_reading(v) if cat[code].type == "integer" else None
                if value is None:
                    res.problems.append(
                        make(e.what, file=str(book), sheet=table.sheet, cell=at, indicator=code, **e.ctx)
                    )
                    continue
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                res.problems.append(
                    make(
                        definitions_codes.MASTER_NOT_NUMBER,
                        file=str(book),
                        sheet=table.sheet,
                        cell=at,
                        indicator=code,
                        value=v,
                    )
                )
                continue
            key = (u, code, kind)
            if key in seen:
                continue  # the same indicator twice (a part shown under two wholes): the first wins
            seen[key] = at
            ind_col = table.code_col if table.code_col is not None and not is_blank(code_text) else table.name_col
            row = {
                "period": res.period.code if res.period else "",
                "unit": u,
                "indicator": code,
                "column": kind,
                "value": csv_number(value),
                "source": f"{book.name}, '{table.sheet}'!{at}",
            }
            res.rows.append(row)
            origin.append(
                ReadRow(
                    r,
                    raw=row,
                    cells={"indicator": f"{col_letter((ind_col or 0) + 1)}{r}", "value": at, "unit": at, "column": at},
                    blank=False,
                )
            )
    return origin


def _whole_reading(v: Any) -> float | None:
    """A count (type integer) typed '25.056': the one whole-number reading, if only one is."""
    whole = {r.value for r in read(str(v)).readings if float(r.value).is_integer()}
    return whole.pop() if len(whole) == 1 else None


def _code_of(
    code_text: Any,
    name_text: Any,
    table: _Table,
    r: int,
    by_name: dict[str, str],
    cat: Catalog,
    res: BaselineImport,
    book: Path,
) -> str | None:
    if not is_blank(code_text):
        code = str(code_text).strip()
        if code in cat:
            return code
        if CODE_RE.match(code):
            near = difflib.get_close_matches(code, list(cat.indicators), n=3, cutoff=0.75)
            res.problems.append(
                make(
                    definitions_codes.MASTER_CODE_UNKNOWN,
                    file=str(book),
                    sheet=table.sheet,
                    cell=_address(table.code_col, r),
                    value=code,
                    suggest=_suggest(near),
                    suggestions=near,
                )
            )
            return None
    if is_blank(name_text) or isinstance(name_text, (int, float)):
        return None  # no name, or the row that numbers the columns (1, 2, 3...)
    key = name_key(name_text)
    if key in by_name:
        return by_name[key]
    near_keys = difflib.get_close_matches(key, list(by_name), n=3, cutoff=0.8)
    near = [f"{by_name[k]} ({cat[by_name[k]].name})" for k in near_keys]
    res.problems.append(
        make(
            definitions_codes.MASTER_NAME_UNKNOWN,
            file=str(book),
            sheet=table.sheet,
            cell=_address(table.name_col, r),
            value=str(name_text).strip(),
            suggest=_suggest(near),
            suggestions=[by_name[k] for k in near_keys],
            severity=Severity.ERROR if near else Severity.WARNING,
        )
    )
    return None


def _address(col: int | None, row: int) -> str | None:
    """The A1 address of a 0-based column of the table (None: the table has no such column)."""
    return None if col is None else f"{col_letter(col + 1)}{row}"


def _suggest(near: list[str]) -> str:
    return f" (gần giống: {'; '.join(near)})" if near else ""


def _merge_and_check(
    ws: Workspace, book: Path, res: BaselineImport, origin: list[ReadRow], dry_run: bool, now: datetime
) -> None:
    assert res.period is not None
    rel = f"{BASELINE_DIR}/{res.period.code}.csv"
    target = ws.definitions / rel
    res.path = target
    old = read_csv_rows(target, []) if target.is_file() else []
    new_keys = {(r["period"], r["unit"], r["indicator"], r["column"]) for r in res.rows}
    kept = [
        r
        for r in old
        if (r.get("period"), r.get("unit"), r.get("indicator"), r.get("column") or "value") not in new_keys
    ]
    res.replaced = len(old) - len(kept)
    spec = dataclasses.replace(K.BASELINE_SHEET, name=res.sheet)
    sheet = SheetRead(spec)
    planned = Planned(
        rel,
        dump_csv(kept + res.rows),
        sheet,
        [(sheet, None) for _ in kept] + [(sheet, rr) for rr in origin],
        kept_lines=True,
    )
    with tempfile.TemporaryDirectory(prefix="baocao-cung-ky-") as tmp:
        scratch = Path(tmp) / "templates"
        shutil.copytree(ws.definitions, scratch, ignore=shutil.ignore_patterns(".backup"))
        (scratch / rel).parent.mkdir(parents=True, exist_ok=True)
        (scratch / rel).write_text(planned.text, encoding="utf-8")
        locator = Locator(scratch, ws.definitions, book, [planned])
        mine = str(scratch / rel)
        # only what this file adds: other files' problems are catalog check's business
        found = [locator.move(f) for f in Workspace(Path(tmp), scratch).problems() if f.file == mine]
    res.problems = dedupe(res.problems + found)
    if res.errors:
        res.problems.append(make(definitions_codes.NOT_WRITTEN, errors=len(res.errors)))
        return
    if dry_run:
        return
    try:
        res.backup = backup(ws.definitions, [target], now) if target.exists() else None
        write_files(ws.definitions, [planned])
    except OSError as e:
        res.problems.append(make(definitions_codes.WRITE_FAILED, file=str(target), detail=str(e)))
        return
    res.written = True
