"""Reporting units: wards, communes, departments, with validity dates and lineage.

Units change (the 1/7/2025 merger removed the district level), so units, their parents
and their history are data in ``units.yaml``, never code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import yamlio
from .catalog_codes import catalog_problem
from .findings import Finding
from .periods import Period

KINDS = ("province", "district", "ward", "commune", "department")
WARD_KINDS = ("ward", "commune")
_FIELDS = {"code", "name", "kind", "parent", "valid_from", "valid_to", "predecessors", "external", "contact"}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    predecessors: tuple[str, ...] = ()
    external: bool = False
    line: int = 0

    @property
    def is_ward(self) -> bool:
        return self.kind in WARD_KINDS

    def active_in(self, period: Period) -> bool:
        """A unit reports for a period that ends within its validity."""
        day = period.end
        if self.valid_from and day < self.valid_from:
            return False
        if self.valid_to and day > self.valid_to:
            return False
        return True


@dataclass
class Units:
    path: Path
    units: dict[str, Unit] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)

    def __getitem__(self, code: str) -> Unit:
        return self.units[code]

    def __contains__(self, code: object) -> bool:
        return code in self.units

    def get(self, code: str) -> Unit | None:
        return self.units.get(code)

    def reporting(self, period: Period, under: str | None = None) -> list[Unit]:
        """Units expected to report for a period: active wards/communes and departments.

        ``under``: only the children of that unit (the workspace's own district or
        province), so that a workspace does not expect returns from its neighbours.
        """
        out = []
        for u in self.units.values():
            if u.external or u.kind not in ("ward", "commune", "department"):
                continue
            if under and u.parent != under:
                continue
            if u.active_in(period):
                out.append(u)
        return out

    def wards(self, period: Period, under: str | None = None) -> list[Unit]:
        return [u for u in self.reporting(period, under) if u.is_ward]

    def ancestors_of(self, code: str) -> list[str]:
        """Predecessor units, recursively (the sources of a merged unit's history)."""
        seen: list[str] = []
        stack = list(self.units[code].predecessors) if code in self.units else []
        while stack:
            c = stack.pop(0)
            if c in seen:
                continue
            seen.append(c)
            if c in self.units:
                stack.extend(self.units[c].predecessors)
        return seen


def _date(v: Any) -> date | None:
    if v is None or v == "":
        return None
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def load_units(path: Path) -> Units:
    out = Units(path=path)
    fname = str(path)

    def problem(line: int | None, detail: str) -> None:
        out.problems.append(catalog_problem("bad-unit", file=fname, line=line, detail=detail))

    try:
        doc = yamlio.load(path)
    except FileNotFoundError:
        out.problems.append(catalog_problem("file-missing", file=fname))
        return out
    except yamlio.YamlError as e:
        out.problems.append(catalog_problem("yaml-syntax", file=fname, line=e.line, detail=e.message))
        return out
    rows = doc.get("units") if isinstance(doc, dict) else None
    if not isinstance(rows, list):
        problem(1, "the file must have a list 'units'")
        return out
    for raw in rows:
        line = yamlio.line_of(raw)
        if not isinstance(raw, dict) or not raw.get("code") or not raw.get("name"):
            problem(line, "a unit needs 'code' and 'name'")
            continue
        code = str(raw["code"])
        for key in raw:
            if key not in _FIELDS:
                problem(yamlio.line_of(raw, key), f"unit {code}: unknown field '{key}'")
        if raw.get("kind") not in KINDS:
            problem(line, f"unit {code}: kind must be one of {', '.join(KINDS)}")
            continue
        if code in out.units:
            problem(line, f"unit code {code} is defined twice")
            continue
        try:
            vf, vt = _date(raw.get("valid_from")), _date(raw.get("valid_to"))
        except ValueError as e:
            problem(line, f"unit {code}: a date is expected as YYYY-MM-DD ({e})")
            continue
        if vf and vt and vf > vt:
            problem(line, f"unit {code}: valid_from is after valid_to")
        preds = raw.get("predecessors") or []
        out.units[code] = Unit(
            code=code,
            name=str(raw["name"]),
            kind=str(raw["kind"]),
            parent=raw.get("parent"),
            valid_from=vf,
            valid_to=vt,
            predecessors=tuple(str(p) for p in preds),
            external=bool(raw.get("external", False)),
            line=line or 0,
        )
    for u in out.units.values():
        if u.parent and u.parent not in out.units:
            problem(u.line, f"unit {u.code}: parent '{u.parent}' is not defined")
        for p in u.predecessors:
            if p not in out.units:
                problem(u.line, f"unit {u.code}: predecessor '{p}' is not defined")
    return out
