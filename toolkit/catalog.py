"""The indicator catalog: the one source of truth for forms, rules and the master.

:func:`load_catalog` reads ``catalog.yaml`` into :class:`Catalog`, collecting every
problem (with file and line) instead of stopping at the first; :mod:`toolkit.catalog_check`
adds the checks that need the whole workspace.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import yamlio
from .catalog_codes import catalog_problem
from .findings import Finding

TYPES = ("integer", "decimal", "percent", "money")
AGGREGATES = ("sum", "ratio", "single", "max", "none")
BEHAVIOURS = ("flow", "stock")
DIRECTIONS = ("higher", "lower")
PARTS_MODES = ("complete", "of_which")
WARDS = "wards"
CODE_RE = re.compile(r"^[A-Z][A-Z0-9_.]*$")

_FIELDS = {
    "code",
    "name",
    "unit",
    "section",
    "group",
    "type",
    "min",
    "max",
    "reporters",
    "aggregate",
    "numerator",
    "denominator",
    "scale",
    "behaviour",
    "direction",
    "parts",
    "parts_mode",
    "ytd",
    "same_period",
    "change_warn",
    "required",
    "decimals",
    "note",
}
_REQUIRED = ("code", "name", "unit", "section", "type", "reporters", "aggregate")


@dataclass(frozen=True)
class Section:
    code: str
    name: str
    order: int
    name_en: str = ""


@dataclass
class Indicator:
    code: str
    name: str
    unit: str
    section: str
    type: str
    reporters: tuple[str, ...] | str  # "wards" or unit codes
    aggregate: str
    group: str = ""
    min: float | None = 0.0
    max: float | None = None
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 100.0
    behaviour: str = "flow"
    direction: str = "higher"
    parts: tuple[str, ...] = ()
    parts_mode: str = "of_which"
    ytd: bool = True
    same_period: bool = True
    change_warn: float = 100.0
    required: bool = True
    decimals: int = 0
    note: str = ""
    line: int = 0  # where it is defined in catalog.yaml
    order: int = 0  # position in the catalog

    @property
    def is_ratio(self) -> bool:
        return self.aggregate == "ratio"

    @property
    def is_input(self) -> bool:
        """Typed by the reporter (not computed by the form)."""
        return not self.is_ratio and not (self.parts and self.parts_mode == "complete")

    @property
    def by_wards(self) -> bool:
        return self.reporters == WARDS

    @property
    def lower_is_better(self) -> bool:
        return self.direction == "lower"

    @property
    def is_stock(self) -> bool:
        return self.behaviour == "stock"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["reporters"] = self.reporters if isinstance(self.reporters, str) else list(self.reporters)
        d["parts"] = list(self.parts)
        d.pop("line")
        d.pop("order")
        return d


@dataclass
class Catalog:
    path: Path
    sections: dict[str, Section] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)

    @cached_property
    def version(self) -> str:
        """A hash of the catalog's content: forms made from another catalog are detected.

        Computed once: a loaded catalog is not edited in place."""
        payload = {
            "sections": [[s.code, s.name] for s in self.sections.values()],
            "indicators": [i.to_dict() for i in self.indicators.values()],
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:12]

    def __getitem__(self, code: str) -> Indicator:
        return self.indicators[code]

    def __contains__(self, code: object) -> bool:
        return code in self.indicators

    def __iter__(self):
        return iter(self.indicators.values())

    def __len__(self) -> int:
        return len(self.indicators)

    def in_section(self, section: str) -> list[Indicator]:
        return [i for i in self if i.section == section]

    def parents_of(self, code: str) -> list[Indicator]:
        return [i for i in self if code in i.parts]

    def reported_by(self, unit_code: str, unit_is_ward: bool) -> list[Indicator]:
        """Indicators a unit reports, in catalog order.

        A unit that no indicator names reports the wards' indicators (or none): that list is
        made once, since a national workspace asks for thousands of communes (a loaded
        catalog is not edited in place)."""
        if unit_code not in self._named_reporters:
            return list(self._ward_indicators) if unit_is_ward else []
        out = []
        for ind in self:
            if ind.by_wards and unit_is_ward:
                out.append(ind)
            elif not ind.by_wards and unit_code in ind.reporters:
                out.append(ind)
        return out

    @cached_property
    def _ward_indicators(self) -> tuple[Indicator, ...]:
        return tuple(ind for ind in self if ind.by_wards)

    @cached_property
    def _named_reporters(self) -> frozenset[str]:
        return frozenset(code for ind in self if not ind.by_wards for code in ind.reporters)


def _num(v: Any) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool):
        raise ValueError("a number is expected, not true/false")
    if isinstance(v, (int, float)):
        return float(v)
    raise ValueError(f"a number is expected, got {v!r}")


def _bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    raise ValueError(f"true or false is expected, got {v!r}")


def load_catalog(path: Path) -> Catalog:
    """Load and check one catalog file; problems are collected in ``Catalog.problems``."""
    cat = Catalog(path=path)
    fname = str(path)

    def problem(what: str, line: int | None, **kw: Any) -> None:
        cat.problems.append(catalog_problem(what, file=fname, line=line, **kw))

    try:
        doc = yamlio.load(path)
    except FileNotFoundError:
        problem("file-missing", None)
        return cat
    except yamlio.YamlError as e:
        problem("yaml-syntax", e.line, detail=e.message)
        return cat
    if not isinstance(doc, dict):
        problem("bad-structure", 1, detail="the file must be a mapping with 'sections' and 'indicators'")
        return cat

    for n, raw in enumerate(doc.get("sections") or []):
        line = yamlio.line_of(raw)
        if not isinstance(raw, dict) or not raw.get("code") or not raw.get("name"):
            problem("bad-structure", line, detail="a section needs 'code' and 'name'")
            continue
        code = str(raw["code"])
        if code in cat.sections:
            problem("duplicate-section", line, indicator=code)
            continue
        cat.sections[code] = Section(code, str(raw["name"]), n, str(raw.get("name_en", "")))

    raw_inds = doc.get("indicators")
    if not isinstance(raw_inds, list) or not raw_inds:
        problem("bad-structure", yamlio.line_of(doc, "indicators"), detail="'indicators' must be a non-empty list")
        return cat
    for n, raw in enumerate(raw_inds):
        ind = _indicator(raw, n, problem)
        if ind is None:
            continue
        if ind.code in cat.indicators:
            first = cat.indicators[ind.code].line
            problem("duplicate-code", ind.line, indicator=ind.code, first_line=first)
            continue
        cat.indicators[ind.code] = ind
    return cat


def _indicator(raw: Any, order: int, problem) -> Indicator | None:
    line = yamlio.line_of(raw)
    if not isinstance(raw, dict):
        problem("bad-structure", line, detail="an indicator must be a mapping of fields")
        return None
    code = str(raw.get("code", "")).strip()
    for key in raw:
        if key not in _FIELDS:
            problem("unknown-field", yamlio.line_of(raw, key), indicator=code or None, field=key)
    missing = [k for k in _REQUIRED if raw.get(k) in (None, "")]
    for k in missing:
        problem("missing-field", line, indicator=code or None, field=k)
    if missing:
        return None
    if not CODE_RE.match(code):
        problem("bad-code", line, indicator=code)
        return None

    def bad(key: str, detail: str) -> None:
        problem("bad-value", yamlio.line_of(raw, key), indicator=code, field=key, detail=detail)

    def choice(key: str, allowed: tuple[str, ...], default: str) -> str:
        v = raw.get(key, default)
        if v not in allowed:
            bad(key, f"{v!r} is not one of {', '.join(allowed)}")
            return default
        return str(v)

    ind = Indicator(
        code=code,
        name=str(raw["name"]).strip(),
        unit=str(raw["unit"]).strip(),
        section=str(raw["section"]),
        type=choice("type", TYPES, "decimal"),
        reporters=WARDS,
        aggregate=choice("aggregate", AGGREGATES, "sum"),
        group=str(raw.get("group", "") or ""),
        behaviour=choice("behaviour", BEHAVIOURS, "flow"),
        direction=choice("direction", DIRECTIONS, "higher"),
        note=str(raw.get("note", "") or ""),
        line=line or 0,
        order=order,
    )
    reps = raw["reporters"]
    if reps == WARDS:
        ind.reporters = WARDS
    elif isinstance(reps, str):
        ind.reporters = (reps,)
    elif isinstance(reps, list) and all(isinstance(r, str) for r in reps) and reps:
        ind.reporters = tuple(reps)
    else:
        bad("reporters", "'wards' or a list of unit codes is expected")
    for key in ("min", "max", "scale", "change_warn"):
        if key in raw:
            try:
                v = _num(raw[key])
            except ValueError as e:
                bad(key, str(e))
                continue
            if key in ("min", "max"):
                setattr(ind, key, v)
            elif v is not None:
                setattr(ind, key, v)
    if ind.type == "percent" and "max" not in raw:
        ind.max = 100.0
    if "decimals" in raw:
        if isinstance(raw["decimals"], int) and not isinstance(raw["decimals"], bool) and 0 <= raw["decimals"] <= 6:
            ind.decimals = raw["decimals"]
        else:
            bad("decimals", "a whole number from 0 to 6 is expected")
    else:
        ind.decimals = 0 if ind.type == "integer" else 2
    for key in ("ytd", "same_period", "required"):
        if key in raw:
            try:
                setattr(ind, key, _bool(raw[key]))
            except ValueError as e:
                bad(key, str(e))
    if ind.behaviour == "stock":
        ind.ytd = False
    elif ind.is_ratio and "ytd" not in raw:
        ind.ytd = False
    for key in ("numerator", "denominator"):
        if raw.get(key) is not None:
            setattr(ind, key, str(raw[key]))
    parts = raw.get("parts")
    if parts is not None:
        if isinstance(parts, list) and all(isinstance(p, str) for p in parts):
            ind.parts = tuple(parts)
        else:
            bad("parts", "a list of indicator codes is expected")
    ind.parts_mode = choice("parts_mode", PARTS_MODES, "of_which")
    return ind
