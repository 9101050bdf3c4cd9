"""Part I's sentences: one clause per indicator, grouped as the catalog groups them.

Every figure comes from the master's computed rows (:class:`toolkit.master.MasterRow`):
nothing is computed here a second way. A clause follows the indicator's ``sentence``
template (:mod:`toolkit.sentence_template`) or the default below; each figure it states
becomes a :class:`~.model.Figure` of the trail, pointing at the master's cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..catalog import Catalog, Indicator
from ..master import MasterResult, MasterRow
from ..master.layout import (
    C_CHANGE,
    C_DIFF,
    C_PCT_PROV,
    C_PCT_RES,
    C_SAME,
    C_T_PROV,
    C_T_RES,
    C_VALUE,
    C_YTD,
    SUMMARY,
    ref,
)
from ..sentence_template import Field, Segment, fields, parse
from . import phrasing as ph
from .model import FIGURE, GAP, TEXT, Figure, Run

DEFAULT_SENTENCE = "{name}[ là {value}][ ({ratio})][ ({change})][, {ytd}][, {attainment}][, {parts}][ {gap}]"
# an estimate ("ước") until the official return arrives: the seed's "năng suất ... ước đạt 8 tấn/ha"
DEFAULT_ESTIMATE_SENTENCE = (
    "{name}[ ước đạt {value}][ ({ratio})][ ({change})][, {ytd}][, {attainment}][, {parts}][ {gap}]"
)
ESTIMATE_WORD = "ước"
GAP_SENTENCE = "{name}[ {gap}]"
DEFAULT_GROUP = "- {group}: {clauses}."
DEFAULT_UNGROUPED = "- {clauses}."
TARGET_WORDS = {"province": "chỉ tiêu kế hoạch của tỉnh", "resolution": "chỉ tiêu Nghị quyết"}
CEILING_WORDS = {"province": "mức chỉ tiêu của tỉnh", "resolution": "mức chỉ tiêu Nghị quyết"}
_COLUMN = {
    "value": C_VALUE,
    "ytd": C_YTD,
    "same": C_SAME,
    "change": C_CHANGE,
    "diff": C_DIFF,
    "pct_province": C_PCT_PROV,
    "pct_resolution": C_PCT_RES,
    "target_province": C_T_PROV,
    "target_resolution": C_T_RES,
}
SMALL_COUNT = 100  # a count whose same-period base is below this changes "by N", not "by N %"
STATE_WORDS = {"missing": "chưa gửi báo cáo", "invalid": "báo cáo còn lỗi, chưa tổng hợp"}

Runs = list[Run]


@dataclass
class Clauses:
    """The clauses of part I, and every figure they state."""

    master: MasterResult
    catalog: Catalog
    year_start: bool
    figures: list[Figure] = field(default_factory=list)
    folded: set[str] = field(default_factory=set)  # stated inside another indicator's clause

    def __post_init__(self) -> None:
        self.rows = {r.code: r for r in self.master.rows}
        self.state = {s.code: s.state for s in self.master.status}
        self.names = dict(self.master.unit_names)
        self.folded = self._folded()

    # --- which indicators get a clause of their own --------------------------------------
    def template(self, ind: Indicator) -> tuple[Segment, ...]:
        if ind.sentence:
            return parse(ind.sentence)
        return parse(DEFAULT_ESTIMATE_SENTENCE if self.is_estimate(ind) else DEFAULT_SENTENCE)

    def is_estimate(self, ind: Indicator) -> bool:
        row = self.rows.get(ind.code)
        return bool(row is not None and row.estimate)

    def _references(self, ind: Indicator) -> dict[str, str]:
        """code -> how this indicator's clause states it (parts, operand, code)."""
        out: dict[str, str] = {}
        for f in fields(self.template(ind)):
            if f.name == "parts":
                out.update({p: "part" for p in ind.parts})
            elif f.name in ("ratio", "numerator", "denominator") and ind.is_ratio:
                for c in (ind.numerator, ind.denominator):
                    if c and (f.name == "ratio" or c == getattr(ind, f.name)):
                        out.setdefault(c, "operand")
            elif f.is_code:
                out[f.name] = "code"
        return out

    def _folded(self) -> set[str]:
        folded: set[str] = set()
        for ind in self.catalog:
            if not self.states_anything(ind):
                continue
            for code, how in self._references(ind).items():
                row = self.rows.get(code)
                if row is None or code == ind.code:
                    continue
                if how == "operand" and (row.indicator.parts or row.change is not None or any(row.attainment.values())):
                    continue  # an operand with parts or its own comparison keeps its own clause
                folded.add(code)
        return folded

    def states_anything(self, ind: Indicator) -> bool:
        """Whether the indicator has a district figure to state, or a gap to show."""
        row = self.rows.get(ind.code)
        if row is None or (ind.aggregate == "none" and not ind.is_ratio):
            return False
        if row.value is not None:
            return True
        return bool(self.gap_units(row)) or ind.required

    def own_clause(self, ind: Indicator) -> bool:
        return ind.code not in self.folded and self.states_anything(ind)

    # --- figures -----------------------------------------------------------------------
    def contributors(self, row: MasterRow) -> list[str]:
        return [u for u in row.reporters if row.unit_values.get(u) is not None]

    def fig(self, row: MasterRow, what: str, text: str, value: float | None) -> Run:
        f = Figure(
            id=len(self.figures) + 1,
            text=text,
            indicator=row.code,
            name=row.indicator.name,
            what=what,
            sheet=SUMMARY,
            cell=ref(row.row, _COLUMN[what]),
            units=self.contributors(row),
            value=value,
        )
        self.figures.append(f)
        return Run(text, FIGURE, f.id)

    def gap_units(self, row: MasterRow) -> list[str]:
        ind = row.indicator
        reporters = list(row.reporters)
        if ind.is_ratio:
            for c in (ind.numerator, ind.denominator):
                if c in self.rows:
                    reporters += [u for u in self.rows[c].reporters if u not in reporters]
        return [u for u in reporters if self.state.get(u, "missing") != "valid"]

    def gap(self, row: MasterRow) -> Runs | None:
        units = self.gap_units(row)
        if not units:
            if row.value is None and row.indicator.required:
                return [Run("[chưa có số liệu]", GAP)]
            return None
        by_state: dict[str, list[str]] = {}
        for u in units:
            by_state.setdefault(self.state.get(u, "missing"), []).append(self.names.get(u, u))
        parts = [f"{', '.join(names)} {STATE_WORDS.get(s, s)}" for s, names in by_state.items()]
        lead = "chưa có số liệu" if row.value is None else "chưa đủ số liệu"
        return [Run(f"[{lead}: {'; '.join(parts)}]", GAP)]

    # --- one clause --------------------------------------------------------------------
    def clause(self, ind: Indicator, stack: tuple[str, ...] = ()) -> Runs:
        row = self.rows[ind.code]
        # without its own figure a template cannot be filled: the name and whose figure is missing
        segs = self.template(ind) if row.value is not None else parse(GAP_SENTENCE)
        return _render(segs, lambda f: self.resolve(row, f, stack + (ind.code,)))

    def resolve(self, row: MasterRow, f: Field, stack: tuple[str, ...]) -> Runs | None:
        if f.is_code:
            other = self.rows.get(f.name)
            if other is None:
                return None
            got = self.resolve(other, Field(f.arg or "value"), stack)
            return got if got or other.value is not None else self.gap(other)
        ind = row.indicator
        name = f.name
        if name == "name":
            return [Run(ph.clause_name(ind.name))]
        if name == "unit":
            return [Run(ind.unit)]
        if name == "gap":
            return self.gap(row)
        if name in ("value", "number"):
            if row.value is None:
                return None
            text = ph.figure(ind, row.value) if name == "value" else ph.bare(ind, row.value)
            run = self.fig(row, "value", text, row.value)
            if row.estimate and ind.sentence and ESTIMATE_WORD not in ind.sentence:
                return [Run(ESTIMATE_WORD + " "), run]
            return [run]
        if name in ("ytd", "ytd_value"):
            if self.year_start or not ind.ytd or row.ytd is None:
                return None
            run = self.fig(row, "ytd", ph.figure(ind, row.ytd), row.ytd)
            return [Run("lũy kế từ đầu năm "), run] if name == "ytd" else [run]
        if name == "same":
            if row.same is None:
                return None
            return [self.fig(row, "same", ph.figure(ind, row.same), row.same)]
        if name in ("change", "change_pct", "change_diff"):
            return self.change(row, name)
        if name == "attainment":
            return self.attainment(row)
        if name.startswith("pct_") or name.startswith("target_"):
            kind = name.split("_", 1)[1]
            v = row.attainment.get(kind) if name.startswith("pct_") else row.targets.get(kind)
            if v is None:
                return None
            return [self.fig(row, name, ph.pct(v) if name.startswith("pct_") else ph.figure(ind, v), v)]
        if name in ("ratio", "numerator", "denominator"):
            return self.operands(row, name)
        if name == "parts":
            return self.parts(ind, stack)
        return None

    def change(self, row: MasterRow, how: str) -> Runs | None:
        ind = row.indicator
        if row.same is None or row.value is None:
            return None
        if how == "change":
            small = ph.counts(ind) and abs(row.same) < SMALL_COUNT
            how = "change_diff" if (small or row.change is None) and not row.change_in_points else "change_pct"
        if row.change_in_points:
            delta, what, text = row.change, "change", None
        elif how == "change_pct":
            delta, what = row.change, "change"
        else:
            delta, what = row.diff, "diff"
        if delta is None:
            return None
        if delta == 0:
            return [Run("bằng cùng kỳ ("), self.fig(row, "same", ph.figure(ind, row.same), row.same), Run(")")]
        verb = "tăng " if delta > 0 else "giảm "
        size = abs(delta)
        if row.change_in_points:
            text = f"{ph.number(size, ph.PCT_DECIMALS)} điểm phần trăm"
        elif what == "change":
            text = ph.pct(size)
        else:
            text = ph.with_unit(ph.number(size, ind.decimals, pad=ph.counts(ind)), ind.unit)
        return [Run(verb), self.fig(row, what, text, delta), Run(" so với cùng kỳ")]

    def attainment(self, row: MasterRow) -> Runs | None:
        ind = row.indicator
        pieces: list[Runs] = []
        for kind in ("province", "resolution"):
            pct, target = row.attainment.get(kind), row.targets.get(kind)
            if pct is None or target is None:
                continue
            fig = self.fig(row, f"pct_{kind}", ph.pct(pct), pct)
            if not ind.lower_is_better:
                verb = f"{ESTIMATE_WORD} đạt " if row.estimate else "đạt "
                pieces.append([Run(verb), fig, Run(" " + TARGET_WORDS[kind])])
                continue
            tgt = self.fig(row, f"target_{kind}", ph.figure(ind, target), target)
            if pct <= 100:
                pieces.append([Run("bằng "), fig, Run(f" {CEILING_WORDS[kind]} (không vượt quá "), tgt, Run(")")])
            else:
                pieces.append([Run(f"vượt {CEILING_WORDS[kind]} (không vượt quá "), tgt, Run("), bằng "), fig])
        if not pieces:
            return None
        out: Runs = []
        for n, p in enumerate(pieces):
            if n:
                out.append(Run(" và "))
            out.extend(p)
        return out

    def operands(self, row: MasterRow, name: str) -> Runs | None:
        ind = row.indicator
        if not ind.is_ratio:
            return None
        num, den = self.rows.get(ind.numerator or ""), self.rows.get(ind.denominator or "")
        if name == "numerator":
            if num is None or num.value is None:
                return None
            return [self.fig(num, "value", ph.figure(num.indicator, num.value), num.value)]
        if name == "denominator":
            if den is None or den.value is None:
                return None
            return [self.fig(den, "value", ph.figure(den.indicator, den.value), den.value)]
        if num is None or den is None or num.value is None or den.value is None:
            return None
        unit = num.indicator.unit if num.indicator.unit == den.indicator.unit else ""
        out = [
            self.fig(num, "value", ph.bare(num.indicator, num.value, pad=False), num.value),
            Run("/"),
            self.fig(den, "value", ph.bare(den.indicator, den.value, pad=False), den.value),
        ]
        if unit:
            out.append(Run(("" if unit in ph.TIGHT_UNITS else " ") + unit))
        return out

    def parts(self, ind: Indicator, stack: tuple[str, ...]) -> Runs | None:
        clauses: list[Runs] = []
        for code in ind.parts:
            part = self.catalog.indicators.get(code)
            if part is None or code in stack or not self.states_anything(part):
                continue
            clauses.append(self.clause(part, stack))
        if not clauses:
            return None
        return [Run("trong đó: "), *join(clauses, "; ")]

    # --- a group ----------------------------------------------------------------------
    def group_runs(self, group: str, inds: list[Indicator]) -> Runs | None:
        clauses = [self.clause(i) for i in inds if self.own_clause(i)]
        if not clauses:
            return None
        spec = self.catalog.groups.get(group) if group else None
        template = (spec.sentence if spec and spec.sentence else "") or (DEFAULT_GROUP if group else DEFAULT_UNGROUPED)
        body = capitalize(join(clauses, "; "))

        def resolve(f: Field) -> Runs | None:
            if f.name == "group":
                return [Run(group)]
            if f.name == "clauses":
                return body
            return None

        return _render(parse(template), resolve)


def join(pieces: list[Runs], sep: str) -> Runs:
    out: Runs = []
    for n, p in enumerate(pieces):
        if n:
            out.append(Run(sep))
        out.extend(p)
    return out


def capitalize(runs: Runs) -> Runs:
    for n, r in enumerate(runs):
        if r.text:
            if r.kind == TEXT:
                runs[n] = Run(r.text[0].upper() + r.text[1:], r.kind, r.ref)
            return runs
    return runs


def _render(segs: tuple[Segment, ...], resolve: Callable[[Field], Runs | None]) -> Runs:
    """Fill a template: an optional segment whose placeholders say nothing is dropped."""
    out: Runs = []
    for s in segs:
        if s.field is not None:
            out.extend(resolve(s.field) or [])
        elif s.optional is not None:
            inner = _render_optional(s.optional, resolve)
            if inner is not None:
                out.extend(inner)
        elif s.text:
            out.append(Run(s.text))
    return _merge(out)


def _render_optional(segs: tuple[Segment, ...], resolve: Callable[[Field], Runs | None]) -> Runs | None:
    out: Runs = []
    for s in segs:
        if s.field is not None:
            got = resolve(s.field)
            if not got:
                return None
            out.extend(got)
        elif s.optional is not None:
            inner = _render_optional(s.optional, resolve)
            if inner is not None:
                out.extend(inner)
        elif s.text:
            out.append(Run(s.text))
    return out


def _merge(runs: Runs) -> Runs:
    """Adjacent plain-text runs joined (fewer runs in the document)."""
    out: Runs = []
    for r in runs:
        if out and r.kind == TEXT and out[-1].kind == TEXT:
            out[-1] = Run(out[-1].text + r.text)
        elif r.text:
            out.append(r)
    return out
