"""Reporting units: wards, communes, departments, with validity dates and lineage.

Units change (the 1/7/2025 merger removed the district level), so units, their parents
and their history are data in ``units.yaml``, never code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from . import yamlio
from .findings import Finding, make
from .findings import catalog as catalog_codes
from .periods import Period

KINDS = ("province", "district", "ward", "commune", "department", "section", "hamlet")
WARD_KINDS = ("ward", "commune")
# Units that return forms: wards and communes (to a district or province), departments (to a
# district), a commune's sections (kinh tế, văn hóa - xã hội, công an, trạm y tế) and hamlets
# (khóm, ấp).
REPORTING_KINDS = ("ward", "commune", "department", "section", "hamlet")
# The groups a catalog indicator can name as its reporters instead of unit codes.
KIND_GROUPS: dict[str, tuple[str, ...]] = {"wards": WARD_KINDS, "hamlets": ("hamlet",)}
_FIELDS = {
    "code",
    "name",
    "kind",
    "parent",
    "valid_from",
    "valid_to",
    "predecessors",
    "external",
    "contact",
    "authority",
    "place",
}


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
    authority: str = ""  # a collecting unit's header line ("ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ")
    place: str = ""  # where its documents are dated ("Cần Thơ")

    @property
    def is_ward(self) -> bool:
        return self.kind in WARD_KINDS

    @property
    def reports(self) -> bool:
        """Of a kind that returns forms (not a province or district, not outside the workspace)."""
        return not self.external and self.kind in REPORTING_KINDS

    def active_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        if self.valid_to and day > self.valid_to:
            return False
        return True

    def active_in(self, period: Period) -> bool:
        """A unit reports for a period that ends within its validity.

        A period that straddles a change (2025-Q3 runs from 15/6 to 14/9/2025, the merger
        took effect on 1/7) belongs to the units valid at its end: the merged unit reports
        the whole window, its predecessors do not report it."""
        return self.active_on(period.end)


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
        """Units expected to report for a period: active units of a reporting kind.

        ``under``: only the children of that unit (the office that collects in the period,
        :meth:`collector`), so that a workspace does not expect returns from its neighbours.
        """
        out = []
        for u in self.units.values():
            if not u.reports:
                continue
            if under and u.parent != under:
                continue
            if u.active_in(period):
                out.append(u)
        return out

    def wards(self, period: Period, under: str | None = None) -> list[Unit]:
        return [u for u in self.reporting(period, under) if u.is_ward]

    def collectors(self, day: date) -> list[Unit]:
        """The units that collect on ``day``: active, inside the workspace, with active
        reporting children."""
        parents = {c.parent for c in self.units.values() if c.parent and c.reports and c.active_on(day)}
        return [u for u in self.units.values() if u.code in parents and not u.external and u.active_on(day)]

    def collector(self, period: Period, preferred: str | None = None) -> Unit | None:
        """The office that collects the period's returns, from the units' dates.

        Before 1/7/2025 the district (thị xã Ngã Năm) collected from its wards and
        departments; after it, the province (Cần Thơ) from the merged communes: one
        workspace serves both. ``preferred`` (an old workspace.yaml's ``district``) wins
        when it collects in the period; otherwise the topmost collector, when it is the
        only one at its level."""
        return self.collector_on(period.end, preferred)

    def collector_on(self, day: date, preferred: str | None = None) -> Unit | None:
        found = self.collectors(day)
        if preferred:
            for u in found:
                if u.code == preferred:
                    return u
        top = [u for u in found if not _under_any(self, u, found)]
        return top[0] if len(top) == 1 else None

    def change_dates(self) -> list[date]:
        """Every day on which some unit starts or ends (the day after its valid_to)."""
        days: set[date] = set()
        for u in self.units.values():
            if u.valid_from:
                days.add(u.valid_from)
            if u.valid_to:
                days.add(u.valid_to + timedelta(days=1))
        return sorted(days)

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


def _under_any(units: Units, u: Unit, found: list[Unit]) -> bool:
    codes = {f.code for f in found}
    seen: set[str] = set()
    p = u.parent
    while p and p in units.units and p not in seen:
        if p in codes:
            return True
        seen.add(p)
        p = units.units[p].parent
    return False


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
        out.problems.append(make(catalog_codes.BAD_UNIT, file=fname, line=line, detail=detail))

    try:
        doc = yamlio.load(path)
    except FileNotFoundError:
        out.problems.append(make(catalog_codes.FILE_MISSING, file=fname))
        return out
    except yamlio.YamlError as e:
        out.problems.append(make(catalog_codes.YAML_SYNTAX, file=fname, line=e.line, detail=e.detail))
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
            authority=str(raw.get("authority", "") or ""),
            place=str(raw.get("place", "") or ""),
        )
    for u in out.units.values():
        if u.parent and u.parent not in out.units:
            problem(u.line, f"unit {u.code}: parent '{u.parent}' is not defined")
        for p in u.predecessors:
            if p not in out.units:
                problem(u.line, f"unit {u.code}: predecessor '{p}' is not defined")
    return out
