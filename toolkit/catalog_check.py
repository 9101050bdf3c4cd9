"""Checks that need the whole workspace: references between indicators, units, targets.

:meth:`toolkit.workspace.Workspace.problems` runs them over every definition file at once,
each problem with its file and line, so the office fixes them in one pass.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .catalog import Catalog, Indicator
from .findings import Code, Finding, make
from .findings import catalog as catalog_codes
from .numbers import fmt
from .periods import Period, fmt_date
from .targets import Targets

if TYPE_CHECKING:
    from .units import Units


UNREADABLE = (catalog_codes.YAML_SYNTAX, catalog_codes.FILE_MISSING)  # a file that could not be read at all


def unreadable(problems: list[Finding]) -> bool:
    """The file behind ``problems`` could not be read (a YAML slip, or missing)."""
    return any(p.code in UNREADABLE for p in problems)


def check_targets(t: Targets, cat: Catalog, units: Units, tfile: str) -> list[Finding]:
    """Targets name known indicators; a unit's target names a unit that reports the
    indicator in the file's years; a term's target is a level (a stock or a rate)."""
    out: list[Finding] = []
    first, last = date(t.year, 1, 1), date(max(t.year, t.last_year), 12, 31)
    days = _days_between(first, last, units, cat) if t.units else []
    for code in t.values:
        line = t.lines.get(code)
        if code not in cat:
            out.append(make(catalog_codes.TARGET_UNKNOWN_INDICATOR, file=tfile, line=line, indicator=code))
            continue
        ind = cat[code]
        if t.is_term and not (ind.is_stock or ind.is_ratio or ind.type == "percent"):
            out.append(
                make(
                    catalog_codes.TARGET_BAD_VALUE,
                    file=tfile,
                    line=line,
                    indicator=code,
                    detail="a term's target is a level to reach (a stock or a rate); "
                    f"{code} adds up over periods: give its target per year",
                )
            )
        for unit in t.units.get(code, {}):
            uline = t.unit_lines.get((code, unit), line)
            u = units.get(unit)
            if u is None:
                detail = f"unit {unit} is not in units.yaml"
            elif not any(ind.reported_by(u, day) and u.active_on(day) for day in days):
                detail = f"unit {unit} does not report {code} in {t.label}"
            else:
                continue
            out.append(make(catalog_codes.TARGET_BAD_VALUE, file=tfile, line=uline, indicator=code, detail=detail))
    return out


def _days_between(first: date, last: date, units: Units, cat: Catalog) -> list[date]:
    """One day per stretch between changes inside [first, last]: enough to ask "ever in"."""
    days = [first, last] + [d for d in (*units.change_dates(), *cat.change_dates()) if first <= d <= last]
    return sorted(set(days))


def check_collectors(units: Units, district: str | None) -> list[Finding]:
    """On every stretch between unit changes, one office collects (or workspace.yaml's
    ``district`` chooses among several)."""
    out: list[Finding] = []
    changes = units.change_dates()
    for start in [None, *changes]:
        probe = start or (_day_before(changes[0]) if changes else date.today())
        found = units.collectors(probe)
        if found and units.collector_on(probe, district or None) is None:
            out.append(
                make(
                    catalog_codes.COLLECTOR_AMBIGUOUS,
                    file=str(units.path),
                    line=None,
                    start=fmt_date(start) if start else "—",
                    units=", ".join(u.code for u in found),
                )
            )
    return out


def _reporter_key(ind: Indicator) -> tuple:
    return tuple(
        (s.units if isinstance(s.units, str) else tuple(sorted(s.units)), s.valid_from, s.valid_to)
        for s in ind.reporter_spans
    )


def _same_reporters(a: Indicator, b: Indicator) -> bool:
    return _reporter_key(a) == _reporter_key(b)


def check_catalog(cat: Catalog, units: Units | None) -> list[Finding]:
    out: list[Finding] = []
    f = str(cat.path)

    def p(what: Code, ind: Indicator, **kw: Any) -> None:
        out.append(make(what, file=f, line=ind.line, indicator=ind.code, **kw))

    for ind in cat:
        if ind.section not in cat.sections:
            p(catalog_codes.UNKNOWN_SECTION, ind, section=ind.section)
        if units is not None:
            for r in sorted(ind.named_reporters()):
                if r not in units:
                    p(catalog_codes.UNKNOWN_REPORTER, ind, unit=r)
        if ind.aggregate == "single" and any(s.group is not None or len(s.units) > 1 for s in ind.reporter_spans):
            p(catalog_codes.SINGLE_MANY_REPORTERS, ind)
        if ind.min is not None and ind.max is not None and ind.min > ind.max:
            p(catalog_codes.MIN_ABOVE_MAX, ind, min=fmt(ind.min), max=fmt(ind.max))
        for part in ind.parts:
            if part not in cat:
                p(catalog_codes.UNKNOWN_PART, ind, part=part)
                continue
            pi = cat[part]
            if pi.unit != ind.unit:
                p(catalog_codes.PART_UNIT_MISMATCH, ind, part=part, part_unit=pi.unit, unit=ind.unit)
            if not _same_reporters(pi, ind):
                p(catalog_codes.PART_REPORTERS_MISMATCH, ind, part=part)
        if ind.is_ratio:
            for role in ("numerator", "denominator"):
                op = getattr(ind, role)
                if not op:
                    p(catalog_codes.RATIO_OPERAND_MISSING, ind, role=role)
                elif op not in cat:
                    p(catalog_codes.UNKNOWN_OPERAND, ind, role=role, operand=op)
                else:
                    oi = cat[op]
                    if oi.is_ratio:
                        p(catalog_codes.RATIO_OF_RATIO, ind, role=role, operand=op)
                    elif oi.aggregate not in ("sum", "single"):
                        p(catalog_codes.OPERAND_NOT_NUMERIC, ind, role=role, operand=op, kind=oi.aggregate)
                    if not _same_reporters(oi, ind):
                        p(catalog_codes.OPERAND_REPORTERS_MISMATCH, ind, role=role, operand=op)
    out += _cycles(cat, f)
    if units is not None:
        out += check_reporters_by_date(cat, units)
    return out


def _day_before(d: date) -> date:
    return d - timedelta(days=1)


def _quarters_between(start: date | None, end: date | None) -> str:
    """The quarters whose end falls in [start, end]: "2025-Q3 …", "2025-Q3 … 2026-Q2"."""
    first = start.year if start else (end.year if end else date.today().year)
    last = end.year if end else first + 1
    found = [
        per
        for year in range(first, last + 1)
        for q in (1, 2, 3, 4)
        if (per := Period.parse(f"{year}-Q{q}"))
        and (start is None or per.end >= start)
        and (end is None or per.end <= end)
    ]
    if not found:
        return "—"
    if end is None:
        return f"{found[0].code} …"
    if start is None:
        return f"… {found[-1].code}"
    return found[0].code if len(found) == 1 else f"{found[0].code} … {found[-1].code}"


def check_reporters_by_date(cat: Catalog, units: Units) -> list[Finding]:
    """Every indicator has a reporter on every day the office collects it.

    Who reports (units' validity, the catalog's reporter spans) only changes on known days,
    so one day per stretch between changes decides it. A stretch counts when some unit of
    the workspace collects then (the office exists) and the indicator is collected."""
    out: list[Finding] = []
    f = str(cat.path)
    changes = sorted(set(units.change_dates()) | set(cat.change_dates()))
    starts: list[date | None] = [None, *changes]  # None: from the beginning of time
    stretches: list[tuple[date | None, date | None, date, tuple[set[str], set[str]]]] = []
    for n, start in enumerate(starts):
        end = _day_before(changes[n]) if n < len(changes) else None
        probe = start or (_day_before(changes[0]) if changes else date.today())
        collectors = units.collectors(probe)
        if not collectors:
            continue
        offices = {c.code for c in collectors}
        members = [u for u in units.units.values() if u.reports and u.parent in offices and u.active_on(probe)]
        # what a reporter span can match: unit codes and kinds (a national workspace has
        # thousands of communes: never a loop over them per indicator)
        stretches.append((start, end, probe, ({u.code for u in members}, {u.kind for u in members})))
    for ind in cat:
        gaps: list[tuple[date | None, date | None]] = []
        for start, end, probe, (codes, kinds) in stretches:
            if not ind.collected_on(probe):
                continue
            if any(
                (s.group is not None and kinds.intersection(s.group))
                or (s.group is None and codes.intersection(s.units))
                for s in ind.spans_on(probe)
            ):
                continue
            if gaps and gaps[-1][1] is not None and start is not None and _day_before(start) == gaps[-1][1]:
                gaps[-1] = (gaps[-1][0], end)
            else:
                gaps.append((start, end))
        for start, end in gaps:
            vi, en = _when(start, end)
            out.append(
                make(
                    catalog_codes.NO_REPORTER,
                    file=f,
                    line=ind.line,
                    indicator=ind.code,
                    when=vi,
                    when_en=en,
                    periods=_quarters_between(start, end),
                )
            )
    return out


def _when(start: date | None, end: date | None) -> tuple[str, str]:
    if start and end:
        return f"từ {fmt_date(start)} đến {fmt_date(end)}", f"from {start.isoformat()} to {end.isoformat()}"
    if start:
        return f"từ {fmt_date(start)}", f"from {start.isoformat()}"
    if end:
        return f"đến {fmt_date(end)}", f"until {end.isoformat()}"
    return "trong mọi kỳ", "in any period"


def _cycles(cat: Catalog, fname: str) -> list[Finding]:
    out: list[Finding] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done
    reported: set[frozenset[str]] = set()

    def visit(code: str, path: list[str]) -> None:
        state[code] = 1
        for part in cat[code].parts:
            if part not in cat:
                continue
            if state.get(part) == 1:
                cycle = path[path.index(part) :] + [part]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    ind = cat[part]
                    out.append(
                        make(
                            catalog_codes.PARTS_CYCLE,
                            file=fname,
                            line=ind.line,
                            indicator=ind.code,
                            cycle=" → ".join(cycle),
                        )
                    )
            elif state.get(part) is None:
                visit(part, path + [part])
        state[code] = 2

    for code in cat.indicators:
        if code not in state:
            visit(code, [code])
    return out
