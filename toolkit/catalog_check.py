"""Checks that need the whole workspace: references between indicators, units, targets.

:func:`check_workspace` returns every problem of every definition file at once, each with
its file and line, so the office fixes them in one pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .catalog import Catalog, Indicator
from .catalog_codes import catalog_problem
from .findings import Finding
from .numbers import fmt

if TYPE_CHECKING:
    from .units import Units
    from .workspace import Workspace


def check_workspace(ws: Workspace) -> list[Finding]:
    cat, units = ws.catalog, ws.units
    problems: list[Finding] = [*ws.settings.problems, *cat.problems, *units.problems]
    problems += check_catalog(cat, units)
    for year in ws.target_years():
        t = ws.targets(year)
        problems += t.problems
        tfile = str(ws.definitions / "targets" / f"{year}.yaml")
        for code in t.values:
            if code not in cat:
                problems.append(
                    catalog_problem("target-unknown-indicator", file=tfile, line=t.lines.get(code), indicator=code)
                )
    problems += ws.baseline.problems
    for row in ws.baseline.rows:
        if row.indicator not in cat:
            problems.append(
                catalog_problem("baseline-unknown-indicator", file=row.file, line=row.line, indicator=row.indicator)
            )
        if row.unit not in units:
            problems.append(catalog_problem("baseline-unknown-unit", file=row.file, line=row.line, unit=row.unit))
    if ws.settings.district and ws.settings.district not in units:
        problems.append(
            catalog_problem(
                "bad-workspace",
                file=str(ws.definitions / "workspace.yaml"),
                line=None,
                detail=f"district '{ws.settings.district}' is not in units.yaml",
            )
        )
    return problems


def _same_reporters(a: Indicator, b: Indicator) -> bool:
    ra = a.reporters if isinstance(a.reporters, str) else tuple(sorted(a.reporters))
    rb = b.reporters if isinstance(b.reporters, str) else tuple(sorted(b.reporters))
    return ra == rb


def check_catalog(cat: Catalog, units: Units | None) -> list[Finding]:
    out: list[Finding] = []
    f = str(cat.path)

    def p(what: str, ind: Indicator, **kw) -> None:
        out.append(catalog_problem(what, file=f, line=ind.line, indicator=ind.code, **kw))

    for ind in cat:
        if ind.section not in cat.sections:
            p("unknown-section", ind, section=ind.section)
        if units is not None and not ind.by_wards:
            for r in ind.reporters:
                if r not in units:
                    p("unknown-reporter", ind, unit=r)
        if ind.aggregate == "single" and not ind.by_wards and len(ind.reporters) > 1:
            p("single-many-reporters", ind)
        if ind.aggregate == "single" and ind.by_wards:
            p("single-many-reporters", ind)
        if ind.min is not None and ind.max is not None and ind.min > ind.max:
            p("min-above-max", ind, min=fmt(ind.min), max=fmt(ind.max))
        for part in ind.parts:
            if part not in cat:
                p("unknown-part", ind, part=part)
                continue
            pi = cat[part]
            if pi.unit != ind.unit:
                p("part-unit-mismatch", ind, part=part, part_unit=pi.unit, unit=ind.unit)
            if not _same_reporters(pi, ind):
                p("part-reporters-mismatch", ind, part=part)
        if ind.is_ratio:
            for role in ("numerator", "denominator"):
                op = getattr(ind, role)
                if not op:
                    p("ratio-operand-missing", ind, role=role)
                elif op not in cat:
                    p("unknown-operand", ind, role=role, operand=op)
                else:
                    oi = cat[op]
                    if oi.is_ratio:
                        p("ratio-of-ratio", ind, role=role, operand=op)
                    elif oi.aggregate not in ("sum", "single"):
                        p("operand-not-numeric", ind, role=role, operand=op, kind=oi.aggregate)
                    if not _same_reporters(oi, ind):
                        p("operand-reporters-mismatch", ind, role=role, operand=op)
    out += _cycles(cat, f)
    return out


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
                        catalog_problem(
                            "parts-cycle", file=fname, line=ind.line, indicator=ind.code, cycle=" → ".join(cycle)
                        )
                    )
            elif state.get(part) is None:
                visit(part, path + [part])
        state[code] = 2

    for code in cat.indicators:
        if code not in state:
            visit(code, [code])
    return out
