"""Targets (chỉ tiêu), kept apart from the catalog: per year or per term, for the office
as a whole or for each reporting unit.

``targets/2025.yaml`` holds a year's targets (the plan the city or province gives, the
council's resolution); ``targets/2025-2030.yaml`` a term's (the 2025–2030 congress
resolution: levels to reach by the end of the term). An indicator's entry gives the
office-wide figure by kind and, under ``units``, a figure per reporting unit (a province
setting each commune's target, a ward each hamlet's)::

    GN.HO_NGHEO:
      province: 95
      units:
        K1: {province: 15}
        K2: {province: 12}
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlio
from .findings import Finding, make
from .findings import catalog as catalog_codes
from .numbers import read_yaml_number

KINDS = ("province", "resolution", "congress")
TERM_RE = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass
class Targets:
    year: int  # the year (for a term file: its first year)
    values: dict[str, dict[str, float]] = field(default_factory=dict)  # code -> kind -> value
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)
    units: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)  # code -> unit -> kind -> value
    unit_lines: dict[tuple[str, str], int] = field(default_factory=dict)
    last_year: int = 0  # a term's last year; equal to ``year`` for a year's file

    @property
    def is_term(self) -> bool:
        return self.last_year > self.year

    @property
    def label(self) -> str:
        return f"{self.year}–{self.last_year}" if self.is_term else str(self.year)

    def covers(self, year: int) -> bool:
        return self.year <= year <= max(self.year, self.last_year)

    def get(self, code: str, kind: str) -> float | None:
        return self.values.get(code, {}).get(kind)

    def for_unit(self, code: str, unit: str, kind: str) -> float | None:
        return self.units.get(code, {}).get(unit, {}).get(kind)

    def kinds(self) -> list[str]:
        """The kinds this file sets (office-wide or per unit), in KINDS order."""
        seen = {k for v in self.values.values() for k in v}
        seen |= {k for per in self.units.values() for v in per.values() for k in v}
        return [k for k in KINDS if k in seen]


def load_targets(path: Path, whole: Collection[str] = ()) -> Targets:
    """``whole``: codes of indicators that count whole things (their 25.056 is 25.056, thousands)."""
    fname = str(path)
    term = TERM_RE.match(path.stem)
    year = int(path.stem) if path.stem.isdigit() else int(term.group(1)) if term else 0
    out = Targets(year=year, last_year=int(term.group(2)) if term else year)
    try:
        doc = yamlio.load(path)
    except FileNotFoundError:
        return out
    except yamlio.YamlError as e:
        out.problems.append(make(catalog_codes.YAML_SYNTAX, file=fname, line=e.line, detail=e.detail))
        return out
    if not isinstance(doc, dict):
        out.problems.append(make(catalog_codes.BAD_STRUCTURE, file=fname, line=1, detail="a mapping is expected"))
        return out
    if not term:
        out.year = out.last_year = int(doc.get("year", year) or year)
    out.source = str(doc.get("source", "") or "")
    raw = doc.get("targets") or {}
    if not isinstance(raw, dict):
        out.problems.append(
            make(
                catalog_codes.BAD_STRUCTURE,
                file=fname,
                line=yamlio.line_of(doc, "targets"),
                detail="'targets' must map indicator codes to {province, resolution}",
            )
        )
        return out

    def bad(line: int | None, code: str, detail: str) -> None:
        out.problems.append(make(catalog_codes.TARGET_BAD_VALUE, file=fname, line=line, indicator=code, detail=detail))

    def figures(spec: dict[str, Any], line: int | None, code: str, allow_units: bool) -> dict[str, float]:
        vals: dict[str, float] = {}
        for kind, v in spec.items():
            if kind == "units" and allow_units:
                continue
            if kind not in KINDS:
                bad(line, code, f"unknown target kind '{kind}' ({', '.join(KINDS)}{', units' if allow_units else ''})")
            elif kind == "congress" and not term:
                bad(line, code, "a congress target belongs in a term's file (targets/2025-2030.yaml)")
            else:
                try:
                    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
                        raise ValueError(f"not a number: {v!r}")
                    number = read_yaml_number(v, whole=code in whole)  # "1.300.000"; a count's 54.000
                    if number < 0:
                        raise ValueError(f"{v!r} is negative")
                except ValueError as e:
                    bad(line, code, f"{kind}: a number ≥ 0 is expected ({e})")
                    continue
                vals[kind] = number
        return vals

    for code, spec in raw.items():
        line = yamlio.line_of(raw, code)
        out.lines[code] = line or 0
        if not isinstance(spec, dict):
            bad(line, code, "{province: N, resolution: N} is expected")
            continue
        out.values[code] = figures(spec, line, code, True)
        per_unit = spec.get("units")
        if per_unit is None:
            continue
        if not isinstance(per_unit, dict):
            bad(line, code, "'units' must map unit codes to {province: N, resolution: N}")
            continue
        for unit, uspec in per_unit.items():
            uline = yamlio.line_of(per_unit, unit) or line
            out.unit_lines[(code, str(unit))] = uline or 0
            if not isinstance(uspec, dict):
                bad(uline, code, f"unit {unit}: {{province: N, resolution: N}} is expected")
                continue
            out.units.setdefault(code, {})[str(unit)] = figures(uspec, uline, code, False)
    return out
