"""The indicator catalog: the one source of truth for forms, rules and the master.

:func:`load_catalog` reads ``catalog.yaml`` into :class:`Catalog`, collecting every
problem (with file and line) instead of stopping at the first; :mod:`toolkit.catalog_check`
adds the checks that need the whole workspace.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from . import yamlio
from .findings import Code, Finding, make
from .findings import catalog as catalog_codes
from .sentence_template import problems as sentence_problems

if TYPE_CHECKING:
    from .units import Unit

TYPES = ("integer", "decimal", "percent", "money")
AGGREGATES = ("sum", "ratio", "single", "max", "none")
BEHAVIOURS = ("flow", "stock")
DIRECTIONS = ("higher", "lower")
PARTS_MODES = ("complete", "of_which")
# What the source gives: the period's own figure, a total from the start of the year to the
# period's end (budget revenue, disbursement from their systems), or a level at a date.
GIVEN_AS = ("period", "ytd", "as_of")
WARDS = "wards"
# Reporter groups: every active unit of these kinds under the collecting office (units.KIND_GROUPS).
GROUPS: dict[str, tuple[str, ...]] = {WARDS: ("ward", "commune"), "hamlets": ("hamlet",)}
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
    "valid_from",
    "valid_to",
    "sentence",
    "given_as",
    "estimate",
}
_SPAN_FIELDS = {"units", "valid_from", "valid_to"}
_REQUIRED = ("code", "name", "unit", "section", "type", "reporters", "aggregate")


@dataclass(frozen=True)
class Section:
    code: str
    name: str
    order: int
    name_en: str = ""


@dataclass(frozen=True)
class ReporterSpan:
    """Who reports an indicator from one date to another: a group (``wards``, ``hamlets``)
    or unit codes. An indicator without dates has one span that never ends."""

    units: tuple[str, ...] | str
    valid_from: date | None = None
    valid_to: date | None = None

    def covers(self, day: date | None) -> bool:
        if day is None:
            return True
        return not (self.valid_from and day < self.valid_from) and not (self.valid_to and day > self.valid_to)

    @property
    def group(self) -> tuple[str, ...] | None:
        """The unit kinds of a group span; None for a list of unit codes."""
        return GROUPS.get(self.units) if isinstance(self.units, str) else None

    def includes(self, unit: Unit) -> bool:
        kinds = self.group
        if kinds is not None:
            return unit.kind in kinds
        return unit.code in self.units

    def to_yaml(self) -> Any:
        units = self.units if isinstance(self.units, str) else list(self.units)
        if self.valid_from is None and self.valid_to is None:
            return units
        d: dict[str, Any] = {"units": units}
        if self.valid_from:
            d["valid_from"] = self.valid_from.isoformat()
        if self.valid_to:
            d["valid_to"] = self.valid_to.isoformat()
        return d


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
    sentence: str = ""  # how the report words it (toolkit.sentence_template); "" = the default
    line: int = 0  # where it is defined in catalog.yaml
    order: int = 0  # position in the catalog
    spans: tuple[ReporterSpan, ...] = ()  # reporters by date; () = ``reporters`` always
    valid_from: date | None = None  # collected from / until (default: always)
    valid_to: date | None = None
    given_as: str = "period"  # period | ytd | as_of (GIVEN_AS)
    estimate: bool = False  # the period's figure is an estimate ("ước") when first reported

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
    def reporter_spans(self) -> tuple[ReporterSpan, ...]:
        return self.spans or (ReporterSpan(self.reporters),)

    def collected_on(self, day: date | None) -> bool:
        """The office collects the indicator on ``day`` (None: at any time)."""
        if day is None:
            return True
        return not (self.valid_from and day < self.valid_from) and not (self.valid_to and day > self.valid_to)

    def spans_on(self, day: date | None) -> list[ReporterSpan]:
        """The reporter spans in force on ``day`` (a period's end; None: every span)."""
        if not self.collected_on(day):
            return []
        return [s for s in self.reporter_spans if s.covers(day)]

    def reported_by(self, unit: Unit, day: date | None = None) -> bool:
        """``unit`` reports this indicator for a period ending on ``day`` (None: ever)."""
        return any(s.includes(unit) for s in self.spans_on(day))

    def named_reporters(self) -> set[str]:
        """Unit codes named in any span (groups excluded)."""
        return {c for s in self.reporter_spans if s.group is None for c in s.units}

    @property
    def lower_is_better(self) -> bool:
        return self.direction == "lower"

    @property
    def is_stock(self) -> bool:
        return self.behaviour == "stock"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["reporters"] = (
            [s.to_yaml() for s in self.spans]
            if self.spans
            else (self.reporters if isinstance(self.reporters, str) else list(self.reporters))
        )
        d["parts"] = list(self.parts)
        for key in ("line", "order", "spans"):
            d.pop(key)
        for key in ("valid_from", "valid_to"):  # absent unless set: a catalog without dates keeps its version
            v = d.pop(key)
            if v is not None:
                d[key] = v.isoformat()
        if d["given_as"] == "period":  # likewise: absent unless set
            d.pop("given_as")
        if not d["estimate"]:
            d.pop("estimate")
        return d


@dataclass(frozen=True)
class Group:
    """A group heading of the report (the indicators' ``group``) and how its sentence reads."""

    name: str
    sentence: str = ""  # template with {group} and {clauses}; "" = the default
    line: int = 0


@dataclass
class Catalog:
    path: Path
    sections: dict[str, Section] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)
    groups: dict[str, Group] = field(default_factory=dict)  # by name; optional wording only

    @cached_property
    def version(self) -> str:
        """A hash of the catalog's content: forms made from another catalog are detected.

        Computed once: a loaded catalog is not edited in place. The report's wording
        (``sentence``, ``groups``) is left out: rewording a sentence must not make the forms
        in the field look outdated."""
        inds = []
        for i in self.indicators.values():
            d = i.to_dict()
            d.pop("sentence")
            inds.append(d)
        payload = {
            "sections": [[s.code, s.name] for s in self.sections.values()],
            "indicators": inds,
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:12]

    def __getitem__(self, code: str) -> Indicator:
        return self.indicators[code]

    def __contains__(self, code: object) -> bool:
        return code in self.indicators

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators.values())

    def __len__(self) -> int:
        return len(self.indicators)

    def in_section(self, section: str) -> list[Indicator]:
        return [i for i in self if i.section == section]

    def parents_of(self, code: str) -> list[Indicator]:
        return [i for i in self if code in i.parts]

    def reported_by(self, unit: Unit, day: date | None = None) -> list[Indicator]:
        """Indicators ``unit`` reports for a period ending on ``day`` (None: ever), in
        catalog order.

        A unit that no indicator names reports its group's indicators (wards', hamlets') or
        none: that list is made once per kind and day, since a national workspace asks for
        thousands of communes (a loaded catalog is not edited in place)."""
        if unit.code not in self._named_reporters:
            key = (unit.kind, day)
            hit = self._group_lists.get(key)
            if hit is None:
                hit = self._group_lists[key] = tuple(i for i in self if i.reported_by(unit, day))
            return list(hit)
        return [i for i in self if i.reported_by(unit, day)]

    @cached_property
    def _group_lists(self) -> dict[tuple[str, date | None], tuple[Indicator, ...]]:
        return {}

    @cached_property
    def _named_reporters(self) -> frozenset[str]:
        return frozenset(code for ind in self for code in ind.named_reporters())

    def change_dates(self) -> list[date]:
        """Every day on which an indicator's collection or one of its reporter spans starts
        or ends (the day after a valid_to)."""
        days: set[date] = set()
        for ind in self:
            dated: tuple[Indicator | ReporterSpan, ...] = (ind, *ind.spans)
            for obj in dated:
                if obj.valid_from:
                    days.add(obj.valid_from)
                if obj.valid_to:
                    days.add(date.fromordinal(obj.valid_to.toordinal() + 1))
        return sorted(days)


def _num(v: Any) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool):
        raise ValueError("a number is expected, not true/false")
    if isinstance(v, (int, float)):
        return float(v)
    raise ValueError(f"a number is expected, got {v!r}")


def _day(v: Any) -> date:
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v))
    except ValueError:
        raise ValueError(f"a date is expected as YYYY-MM-DD, got {v!r}") from None


def _reporter_units(reps: Any) -> tuple[str, ...] | str | None:
    """``wards`` / ``hamlets`` (a group), one unit code, or a list of unit codes."""
    if isinstance(reps, str) and reps in GROUPS:
        return reps
    if isinstance(reps, str) and reps:
        return (reps,)
    if isinstance(reps, list) and reps and all(isinstance(r, str) for r in reps):
        return tuple(reps)
    return None


def _spans(rows: list[dict[str, Any]], bad: Callable[[str, str], None]) -> tuple[ReporterSpan, ...]:
    """Reporters by date: ``[{units: [CA], valid_to: 2025-06-30}, {units: wards, valid_from: 2025-07-01}]``.

    Spans are kept in date order; two spans may not overlap (one set of reporters at a time)."""
    out: list[ReporterSpan] = []
    for row in rows:
        for key in row:
            if key not in _SPAN_FIELDS:
                bad("reporters", f"unknown key '{key}' in a reporters entry (units, valid_from, valid_to)")
        units = _reporter_units(row.get("units"))
        if units is None:
            bad("reporters", "each entry needs 'units': 'wards', 'hamlets' or a list of unit codes")
            continue
        try:
            vf = _day(row["valid_from"]) if row.get("valid_from") not in (None, "") else None
            vt = _day(row["valid_to"]) if row.get("valid_to") not in (None, "") else None
        except ValueError as e:
            bad("reporters", str(e))
            continue
        if vf and vt and vf > vt:
            bad("reporters", f"valid_from {vf.isoformat()} is after valid_to {vt.isoformat()}")
            continue
        out.append(ReporterSpan(units, vf, vt))
    out.sort(key=lambda s: s.valid_from or date.min)
    for a, b in zip(out, out[1:], strict=False):
        if a.valid_to is None or (b.valid_from is not None and b.valid_from <= a.valid_to) or b.valid_from is None:
            bad("reporters", "two reporters entries overlap in time: end one (valid_to) before the next starts")
            break
    return tuple(out)


def _bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    raise ValueError(f"true or false is expected, got {v!r}")


class _Problem(Protocol):
    """How the loaders report a problem: its code, its line in the file, and the finding's fields."""

    def __call__(self, what: Code, line: int | None, **kw: Any) -> None: ...


def load_catalog(path: Path) -> Catalog:
    """Load and check one catalog file; problems are collected in ``Catalog.problems``."""
    cat = Catalog(path=path)
    fname = str(path)

    def problem(what: Code, line: int | None, **kw: Any) -> None:
        cat.problems.append(make(what, file=fname, line=line, **kw))

    try:
        doc = yamlio.load(path)
    except FileNotFoundError:
        problem(catalog_codes.FILE_MISSING, None)
        return cat
    except yamlio.YamlError as e:
        problem(catalog_codes.YAML_SYNTAX, e.line, detail=e.detail)
        return cat
    if not isinstance(doc, dict):
        problem(catalog_codes.BAD_STRUCTURE, 1, detail="the file must be a mapping with 'sections' and 'indicators'")
        return cat

    for n, raw in enumerate(doc.get("sections") or []):
        line = yamlio.line_of(raw)
        if not isinstance(raw, dict) or not raw.get("code") or not raw.get("name"):
            problem(catalog_codes.BAD_STRUCTURE, line, detail="a section needs 'code' and 'name'")
            continue
        code = str(raw["code"])
        if code in cat.sections:
            problem(catalog_codes.DUPLICATE_SECTION, line, indicator=code)
            continue
        cat.sections[code] = Section(code, str(raw["name"]), n, str(raw.get("name_en", "")))

    raw_inds = doc.get("indicators")
    if not isinstance(raw_inds, list) or not raw_inds:
        problem(
            catalog_codes.BAD_STRUCTURE,
            yamlio.line_of(doc, "indicators"),
            detail="'indicators' must be a non-empty list",
        )
        return cat
    for n, raw in enumerate(raw_inds):
        ind = _indicator(raw, n, problem)
        if ind is None:
            continue
        if ind.code in cat.indicators:
            first = cat.indicators[ind.code].line
            problem(catalog_codes.DUPLICATE_CODE, ind.line, indicator=ind.code, first_line=first)
            continue
        cat.indicators[ind.code] = ind
    _load_groups(doc.get("groups"), cat, problem)
    _check_sentences(raw_inds, cat, problem)
    return cat


def _load_groups(raw: Any, cat: Catalog, problem: _Problem) -> None:
    """``groups:``: an optional list of ``{name, sentence}``, the wording of a group."""
    if raw is None:
        return
    if not isinstance(raw, list):
        problem(catalog_codes.BAD_STRUCTURE, yamlio.line_of(raw), detail="'groups' must be a list of {name, sentence}")
        return
    known = {i.group for i in cat if i.group}
    for g in raw:
        line = yamlio.line_of(g)
        if not isinstance(g, dict) or not g.get("name") or set(g) - {"name", "sentence"}:
            problem(
                catalog_codes.BAD_STRUCTURE, line, detail="a group needs 'name' and may have 'sentence' (nothing else)"
            )
            continue
        name = str(g["name"])
        if name not in known:
            problem(catalog_codes.BAD_VALUE, line, field="groups", detail=f"no indicator has the group {name!r}")
            continue
        text = str(g.get("sentence") or "")
        for what in sentence_problems(text, group=True):
            problem(catalog_codes.BAD_VALUE, yamlio.line_of(g, "sentence") or line, field="sentence", detail=what)
        cat.groups[name] = Group(name, text, line or 0)


def _check_sentences(raw_inds: list[Any], cat: Catalog, problem: _Problem) -> None:
    codes = frozenset(cat.indicators)
    for raw in raw_inds:
        if not isinstance(raw, dict) or not raw.get("sentence"):
            continue
        code = str(raw.get("code", "")).strip()
        for what in sentence_problems(str(raw["sentence"]), group=False, codes=codes):
            problem(
                catalog_codes.BAD_VALUE,
                yamlio.line_of(raw, "sentence"),
                indicator=code or None,
                field="sentence",
                detail=what,
            )


def _indicator(raw: Any, order: int, problem: _Problem) -> Indicator | None:
    line = yamlio.line_of(raw)
    if not isinstance(raw, dict):
        problem(catalog_codes.BAD_STRUCTURE, line, detail="an indicator must be a mapping of fields")
        return None
    code = str(raw.get("code", "")).strip()
    for key in raw:
        if key not in _FIELDS:
            problem(catalog_codes.UNKNOWN_FIELD, yamlio.line_of(raw, key), indicator=code or None, field=key)
    missing = [k for k in _REQUIRED if raw.get(k) in (None, "")]
    for k in missing:
        problem(catalog_codes.MISSING_FIELD, line, indicator=code or None, field=k)
    if missing:
        return None
    if not CODE_RE.match(code):
        problem(catalog_codes.BAD_CODE, line, indicator=code)
        return None

    def bad(key: str, detail: str) -> None:
        problem(catalog_codes.BAD_VALUE, yamlio.line_of(raw, key), indicator=code, field=key, detail=detail)

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
        sentence=str(raw.get("sentence", "") or ""),
        line=line or 0,
        order=order,
    )
    reps = raw["reporters"]
    if isinstance(reps, list) and reps and all(isinstance(r, dict) for r in reps):
        ind.spans = _spans(reps, bad)
        if ind.spans:
            ind.reporters = ind.spans[-1].units  # the latest reporters, for code that asks "who"
    else:
        got = _reporter_units(reps)
        if got is None:
            bad(
                "reporters",
                "'wards', 'hamlets', a list of unit codes or a list of {units, valid_from, valid_to} is expected",
            )
        else:
            ind.reporters = got
    for key in ("valid_from", "valid_to"):
        if raw.get(key) not in (None, ""):
            try:
                setattr(ind, key, _day(raw[key]))
            except ValueError as e:
                bad(key, str(e))
    if ind.valid_from and ind.valid_to and ind.valid_from > ind.valid_to:
        bad("valid_to", "valid_from is after valid_to")
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
    ind.given_as = choice("given_as", GIVEN_AS, "period")
    if ind.given_as == "as_of":
        if raw.get("behaviour", "stock") != "stock":
            bad("given_as", "a figure at a date (as_of) is a stock: behaviour must be stock")
        ind.behaviour = "stock"
    if "estimate" in raw:
        try:
            ind.estimate = _bool(raw["estimate"])
        except ValueError as e:
            bad("estimate", str(e))
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
    if ind.given_as == "ytd" and (not ind.ytd or ind.is_ratio or (ind.parts and ind.parts_mode == "complete")):
        bad("given_as", "a year-to-date figure (ytd) needs a typed flow indicator with the year-to-date column")
    return ind
