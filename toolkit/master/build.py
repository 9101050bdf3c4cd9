"""build_master: the district master workbook of one period, and what it says."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..figures import Figures
from ..findings import Finding, Severity, make
from ..findings import master as master_codes
from ..numbers import fmt, fmt_pct
from ..periods import Period
from ..workspace import Workspace
from .atomic import MasterBusy, MasterInUse, master_lock, open_markers, write_atomically
from .compute import MasterRow, compute
from .inputs import UnitStatus, gather
from .layout import C_FIRST_UNIT
from .longtable import DEFAULT_LIMIT, DataTable
from .unit_targets import TERM_TARGETS, UNIT_TARGETS, Attainment, term_attainment, unit_attainment
from .window import period_submissions

BELOW = 50.0  # "below half of the target"
MAX_UNITS = 16384 - C_FIRST_UNIT  # Excel's last column is XFD (16.384)


@dataclass(frozen=True)
class Shortfall:
    """An indicator far from a target: below 50 % (higher is better) or over its ceiling (lower is better)."""

    code: str
    name: str
    kind: str  # province | resolution
    pct: float
    actual: float | None
    target: float | None
    unit: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "pct": self.pct,
            "actual": self.actual,
            "target": self.target,
            "unit": self.unit,
        }


@dataclass
class MasterResult:
    period: str
    path: Path | None = None  # the master, when written
    written: bool = False
    units_expected: list[str] = field(default_factory=list)
    units_covered: list[str] = field(default_factory=list)  # included: a valid current return
    units_missing: list[str] = field(default_factory=list)  # expected, not included
    units_invalid: list[str] = field(default_factory=list)  # returned, but with errors
    unit_names: dict[str, str] = field(default_factory=dict)
    status: list[UnitStatus] = field(default_factory=list)  # every unit's state and chosen return
    rows: list[MasterRow] = field(default_factory=list)
    below_half: list[Shortfall] = field(default_factory=list)
    over_ceiling: list[Shortfall] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    data_rows: int = 0
    data_csv: Path | None = None
    formulas: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step
    unit_targets: list[Attainment] = field(default_factory=list)  # attainment of each unit's target
    term_targets: list[Attainment] = field(default_factory=list)  # attainment of the term's targets

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return self.written and not self.errors

    @property
    def partial(self) -> bool:
        return bool(self.units_missing)

    def row(self, code: str) -> MasterRow:
        for r in self.rows:
            if r.code == code:
                return r
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "path": str(self.path) if self.path else None,
            "written": self.written,
            "units_expected": self.units_expected,
            "units_covered": self.units_covered,
            "units_missing": self.units_missing,
            "units_invalid": self.units_invalid,
            "below_half": [s.to_dict() for s in self.below_half],
            "over_ceiling": [s.to_dict() for s in self.over_ceiling],
            "data_rows": self.data_rows,
            "data_csv": str(self.data_csv) if self.data_csv else None,
            "formulas": self.formulas,
            "seconds": round(self.seconds, 3),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "findings": [f.to_dict() for f in self.findings],
            "rows": [r.to_dict() for r in self.rows],
            "unit_targets": [a.to_dict() for a in self.unit_targets],
            "term_targets": [a.to_dict() for a in self.term_targets],
        }

    def summary_lines(self, lang: str = "vi") -> list[str]:
        """A short summary for the terminal: path, coverage, indicators far from target."""
        vi = lang != "en"
        n_cov, n_exp = len(self.units_covered), len(self.units_expected)
        out: list[str] = []
        if self.written:
            out.append(f"Bảng tổng hợp: {self.path}" if vi else f"Master workbook: {self.path}")
        cover = f"Đơn vị có số liệu: {n_cov}/{n_exp}" if vi else f"Units covered: {n_cov}/{n_exp}"
        if self.units_missing:
            names = ", ".join(self.unit_names.get(c, c) for c in self.units_missing[:12])
            more = len(self.units_missing) - 12
            if more > 0:
                names += f" (+{more})"
            cover += f" — CHƯA ĐỦ, thiếu: {names}" if vi else f" — PARTIAL, missing: {names}"
        out.append(cover)
        if self.below_half:
            n = len({s.code for s in self.below_half})
            out.append(f"Chỉ tiêu đạt dưới 50% ({n}):" if vi else f"Indicators below 50% of a target ({n}):")
            out.extend(_shortfall_lines(self.below_half, vi))
        else:
            out.append("Không có chỉ tiêu nào đạt dưới 50%." if vi else "No indicator below 50% of a target.")
        if self.over_ceiling:
            n = len({s.code for s in self.over_ceiling})
            out.append(f"Chỉ tiêu vượt mức trần ({n}):" if vi else f"Indicators over their ceiling ({n}):")
            out.extend(_shortfall_lines(self.over_ceiling, vi))
        if self.unit_targets:
            units = len({a.unit for a in self.unit_targets})
            met = sum(1 for a in self.unit_targets if _met(a, self))
            out.append(
                f"Chỉ tiêu giao cho từng đơn vị: {len(self.unit_targets)} ({units} đơn vị), {met} đã đạt "
                f"(sheet {UNIT_TARGETS})."
                if vi
                else f"Unit targets: {len(self.unit_targets)} ({units} units), {met} met (sheet {UNIT_TARGETS})."
            )
        if self.term_targets:
            term = self.term_targets[0].term
            met = sum(1 for a in self.term_targets if _met(a, self))
            out.append(
                f"Chỉ tiêu nhiệm kỳ {term}: {len(self.term_targets)}, {met} đã đạt (sheet {TERM_TARGETS})."
                if vi
                else f"Term targets {term}: {len(self.term_targets)}, {met} met (sheet {TERM_TARGETS})."
            )
        if self.data_csv:
            out.append(
                f"Bảng dữ liệu ({fmt(self.data_rows)} dòng): {self.data_csv}"
                if vi
                else f"Data table ({fmt(self.data_rows)} rows): {self.data_csv}"
            )
        return out


def _met(a: Attainment, result: MasterResult) -> bool:
    """A target met: ≥ 100 % (higher is better) or ≤ 100 % (a ceiling)."""
    if a.pct is None:
        return False
    lower = result.row(a.code).indicator.lower_is_better
    return a.pct <= 100 if lower else a.pct >= 100


def _shortfall_lines(items: list[Shortfall], vi: bool) -> list[str]:
    """One line per indicator: code, name, figure, then each target's percentage."""
    kinds = (
        {"province": "CT tỉnh", "resolution": "CT NQ"} if vi else {"province": "province", "resolution": "resolution"}
    )
    lines: list[str] = []
    by_code: dict[str, list[Shortfall]] = {}
    for s in items:
        by_code.setdefault(s.code, []).append(s)
    for code, group in by_code.items():
        first = group[0]
        name = first.name if len(first.name) <= 44 else first.name[:43] + "…"
        pcts = ", ".join(f"{fmt_pct(s.pct)} {kinds[s.kind]} ({fmt(s.target)})" for s in group)
        lines.append(f"  {code:<22} {name:<44} {fmt(first.actual)} {first.unit}: {pcts}")
    return lines


def _shortfalls(rows: list[MasterRow]) -> tuple[list[Shortfall], list[Shortfall]]:
    below, over = [], []
    for r in rows:
        ind = r.indicator
        for kind, pct in r.attainment.items():
            if pct is None:
                continue
            s = Shortfall(ind.code, ind.name, kind, pct, r.basis_value, r.targets.get(kind), ind.unit)
            if ind.lower_is_better:
                if pct > 100:
                    over.append(s)
            elif pct < BELOW:
                below.append(s)
    return below, over


def _current_submissions(ws: Workspace, period: Period) -> list[Any]:
    from ..intake import current_submissions  # the archive's current version of each unit

    return list(current_submissions(ws, period))


def _archive(ws: Workspace, period: Period) -> tuple[list[Any], list[Finding], Figures, Any]:
    """Every unit's return for the period (its own, else built from the period's components),
    the archive's accepted figures, and the period's approval (None while open)."""
    from ..intake import ArchiveHistory
    from ..intake.approval import approval_of

    figures = ArchiveHistory(ws)
    subs, found = period_submissions(ws, period, _current_submissions, figures)
    return subs, found, figures, approval_of(ws, period)


def _frozen(
    ws: Workspace, period: Period, out: Path, approved: Any, new_version: bool, now: datetime, result: MasterResult
) -> Path | None:
    """Where to write the master of an approved period (None: refuse, its approved master is kept)."""
    from ..intake.approval import record_master
    from ..intake.ledger import MASTER_REFUSED

    if new_version:
        return out.with_name(f"{out.stem}-{now:%Y%m%d-%H%M%S}{out.suffix}")
    if not out.exists():
        return out  # approved before any master was built: this one is the approved master
    result.findings.append(
        make(
            master_codes.PERIOD_APPROVED,
            period=period.code,
            at=approved.at,
            by=approved.actor or "",
            file=str(out),
        )
    )
    record_master(ws, period, MASTER_REFUSED, _rel(ws, out), now)
    return None


def _rel(ws: Workspace, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path(ws.root).resolve()))
    except ValueError:
        return str(path)


def build_master(
    ws: Workspace,
    period: Period | str,
    submissions: Iterable[Any] | None = None,
    out: Path | None = None,
    *,
    now: datetime | None = None,
    data_limit: int = DEFAULT_LIMIT,
    new_version: bool = False,
) -> MasterResult:
    """Build and write the master workbook of ``period``; never raises on bad input.

    Without ``submissions`` the returns come from the archive: each unit's own return, else
    one built from the period's components (6/9 months and the year from the quarters, a
    quarter from its months; :mod:`toolkit.master.window`). An approved period's master is
    never overwritten: ``master-period-approved`` (nothing written) unless ``new_version``
    writes a dated copy beside it; the ledger records either.

    ``submissions``: the current return of each unit (``toolkit.intake.current_submissions``
    when omitted); objects with ``unit, version, path, sha256, received_at, valid, errors,
    warnings, report`` (see :class:`toolkit.master.inputs.SubmissionLike`).
    """
    # the cyclic collector paused while the figures pile up: each of its full collections
    # walked every value read so far (10.000 units: 19 -> 16 s, the same peak memory)
    paused = gc.isenabled()
    gc.disable()
    try:
        return _build(ws, period, submissions, out, now, data_limit, new_version)
    finally:
        if paused:
            gc.enable()


def _build(
    ws: Workspace,
    period: Period | str,
    submissions: Iterable[Any] | None,
    out: Path | None,
    now: datetime | None,
    data_limit: int,
    new_version: bool = False,
) -> MasterResult:
    started = time.perf_counter()
    period = Period.parse(period) if isinstance(period, str) else period
    now = now or datetime.now()
    own_path = not out or Path(out) == ws.master_path(period)
    if own_path:
        ws.require_writable()  # a built-in sample's master would be written into the package
    out = Path(out) if out else ws.master_path(period)
    figures: Figures | None = None
    approved: Any = None
    result = MasterResult(period=period.code)

    lap = started

    def step(name: str) -> None:
        nonlocal lap
        now_ = time.perf_counter()
        result.timings[name] = now_ - lap
        lap = now_

    problems = [p for p in ws.problems() if p.is_error]
    step("definitions")
    if problems:
        result.findings.append(make(master_codes.BAD_DEFINITIONS, count=len(problems)))
        result.findings.extend(problems)
        return result
    if submissions is None:
        try:
            submissions, found, figures, approved = _archive(ws, period)
        except Exception as e:  # intake missing or its archive unreadable: say so, no traceback
            result.findings.append(make(master_codes.INTAKE_UNAVAILABLE, detail=f"{type(e).__name__}: {e}"))
            return result
        result.findings.extend(found)
        step("archive")
    if approved is not None and own_path:
        target = _frozen(ws, period, out, approved, new_version, now, result)
        if target is None:
            return result
        out = target

    inputs = gather(ws, period, submissions)
    result.findings.extend(inputs.findings)
    step("gather")
    if len(inputs.units) > MAX_UNITS:
        result.findings.append(make(master_codes.TOO_MANY_UNITS, count=fmt(len(inputs.units)), limit=fmt(MAX_UNITS)))
        return result
    table = compute(ws, inputs, figures)
    table.unit_targets = unit_attainment(ws, table)
    table.term_targets = term_attainment(ws, table)
    step("compute")
    rows = sorted(table.rows.values(), key=lambda r: r.row)
    result.rows = rows
    result.unit_targets, result.term_targets = table.unit_targets, table.term_targets
    result.units_expected = inputs.expected
    result.units_covered = inputs.covered
    result.units_missing = inputs.missing
    result.units_invalid = inputs.invalid
    result.unit_names = {u.code: u.name for u in inputs.units}
    result.status = inputs.status
    result.below_half, result.over_ceiling = _shortfalls(rows)
    if not inputs.covered:
        result.findings.append(make(master_codes.NO_SUBMISSIONS, period=period.code))
    elif inputs.missing:
        names = ", ".join(result.unit_names.get(c, c) for c in inputs.missing[:20])
        if len(inputs.missing) > 20:
            names += f" (+{len(inputs.missing) - 20})"
        result.findings.append(
            make(master_codes.UNITS_MISSING, covered=len(inputs.covered), expected=len(inputs.expected), units=names)
        )

    data = DataTable(inputs.records, inputs.units, ws.catalog, limit=data_limit)
    result.data_rows = data.count
    step("sort")
    csv_path = out.with_name(out.stem + "-du-lieu.csv")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        markers = open_markers(out)
        if markers:
            result.findings.append(make(master_codes.OPEN_ELSEWHERE, file=str(out), value=", ".join(markers)))
        with master_lock(out):
            if data.spills:
                write_atomically(csv_path, data.write_csv)
                data.csv_path = csv_path
                result.data_csv = csv_path
                result.findings.append(
                    make(master_codes.DATA_CSV, rows=fmt(data.count), limit=fmt(data.limit), value=str(csv_path))
                )
                step("csv")
            from .writer import write_workbook

            info = write_atomically(out, lambda tmp: write_workbook(tmp, ws, table, inputs, data, now=now))
            step("workbook")
            if not data.spills and csv_path.exists():
                csv_path.unlink()  # a data CSV of an earlier, larger run would now be stale
    except MasterBusy:
        result.findings.append(make(master_codes.BUSY, file=str(out)))
    except MasterInUse:
        result.findings.append(make(master_codes.FILE_IN_USE, file=str(out)))
    except OSError as e:
        result.findings.append(make(master_codes.WRITE_FAILED, file=str(out), detail=e.strerror or str(e)))
    except Exception as e:  # xlsxwriter wraps file errors in its own exceptions (FileCreateError)
        if not type(e).__module__.startswith("xlsxwriter"):
            raise
        result.findings.append(make(master_codes.WRITE_FAILED, file=str(out), detail=str(e)))
    else:
        result.written = True
        result.path = out
        result.formulas = info.formulas
        if approved is not None and own_path and new_version:
            from ..intake.approval import record_master
            from ..intake.ledger import MASTER_VERSION

            result.findings.append(make(master_codes.NEW_VERSION, period=period.code, file=str(out)))
            record_master(ws, period, MASTER_VERSION, _rel(ws, out), now)
    result.seconds = time.perf_counter() - started
    return result
