"""Accepted figures of other periods: the one lookup behind "đã có", "cùng kỳ" and "lũy kế".

Forms (the locked "Lũy kế đến hết kỳ trước", "Cùng kỳ năm trước" and "Lũy kế cùng kỳ
năm trước" cells), validation (prefilled cells, year-to-date and change rules), intake
(which validates with it) and the master (same-period figures, periods built from
quarters) all ask :class:`Figures`, so that a form and the check of its return never
disagree about a figure.

A figure of (unit, period, indicator, column) is, first that applies:

1. **the archive**: the value in the unit's current version for that period, when that
   version is valid (an :class:`AcceptedSource`, e.g. intake's archive); a year to date
   filed before the period before it was corrected is settled: accepted up to the period
   before + the period's value;
2. **built from the period's components** when nobody returned the period itself: 6 months,
   9 months and the year from their quarters, a quarter from its months (flows: the year to
   date of the last component for a period that starts the year, else the sum of the
   components; stocks: the last component's value; a year to date: the last component's);
3. **the baseline** (``templates/baseline/*.csv``, last year's figures typed by the office);
4. for a period that starts the year, its **year to date is its value** (and back);
5. for a unit formed by a merger (``predecessors`` in units.yaml), **the sum of its
   predecessors' figures**, recursively, for indicators that add up over units
   (``aggregate: sum``), and only when every predecessor's figure is known: a partial sum
   would be wrong, so :meth:`Figures.lookup` says which predecessor is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from .periods import Period, PeriodError

if TYPE_CHECKING:
    from .workspace import Workspace

Key = tuple[str, str]  # (indicator, column)


class AcceptedSource(Protocol):
    """Accepted figures (the current, valid version's numbers): a History."""

    def get(self, unit: str, period: str, indicator: str, column: str = "value") -> float | None: ...


@dataclass(frozen=True)
class Lookup:
    """A figure and where it came from; ``missing`` names the predecessors without one."""

    value: float | None
    source: str = ""  # archive | components | baseline | predecessors | "" (unknown)
    missing: tuple[str, ...] = field(default_factory=tuple)


_NONE = Lookup(None)


class Figures:
    """``get(unit, period, indicator, column)``: a :class:`~toolkit.records.History`."""

    def __init__(self, ws: Workspace, archive: AcceptedSource | None = None) -> None:
        self.ws = ws
        self.archive = archive
        self._baseline: dict[tuple[str, str, str, str], float] | None = None
        self._memo: dict[tuple[str, str, str, str], Lookup] = {}
        self._periods: dict[str, Period | None] = {}
        self._has_figures: dict[str, bool] = {}
        self._components: dict[str, list[Period]] = {}
        self._starts: dict[str, bool] = {}
        self._holders: set[tuple[str, str]] | None = None  # (unit, period) that hold figures, when known
        self._may: dict[tuple[str, str], bool] = {}
        self._known: set[str] | None = None  # periods the archive or the baseline hold figures of

    @property
    def has_archive(self) -> bool:
        return self.archive is not None

    def refresh(self) -> None:
        """Forget what was looked up (after an intake filed new versions)."""
        self._memo.clear()
        self._has_figures.clear()
        self._components.clear()
        self._holders = None
        self._may.clear()
        self._known = None
        refresh = getattr(self.archive, "refresh", None)
        if refresh is not None:
            refresh()

    # --- the History protocol ------------------------------------------------------------------
    def get(self, unit: str, period: str, indicator: str, column: str = "value") -> float | None:
        return self.lookup(unit, str(period), indicator, column).value

    # --- what forms, validation and the master ask -------------------------------------------------
    def same_period(self, unit: str, period: Period, indicator: str, column: str = "value") -> Lookup:
        """Last year's figure of the same period (``column`` ``ytd``: last year's year to date)."""
        return self.lookup(unit, period.same_period_last_year().code, indicator, column)

    def ytd_before(self, unit: str, period: Period, indicator: str) -> Lookup:
        """The accepted year to date up to the period before ``period`` (none when it starts the year)."""
        prev = period.previous()
        if prev is None:
            return _NONE
        return self.lookup(unit, prev.code, indicator, "ytd")

    def may_hold(self, unit: str, period: str) -> bool:
        """False when no figure of ``unit`` for ``period`` can exist (a cheap test per unit, so
        that a master of 10.000 units does not look up every indicator of every unit)."""
        key = (unit, period)
        hit = self._may.get(key)
        if hit is None:
            self._may[key] = False  # a loop among predecessors
            p = self._period(period)
            hit = p is not None and self._holds(p)
            if p is not None and hit and self._holders is not None and key not in self._holders and not self._parts(p):
                u = self.ws.units.get(unit)
                hit = u is not None and bool(u.predecessors) and any(self.may_hold(x, period) for x in u.predecessors)
            self._may[key] = hit
        return hit

    def lookup(self, unit: str, period: str, indicator: str, column: str = "value") -> Lookup:
        key = (unit, period, indicator, column)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._lookup(unit, period, indicator, column, frozenset())
            self._memo[key] = hit
        return hit

    # --- the order of sources ------------------------------------------------------------------------
    def _lookup(self, unit: str, period: str, indicator: str, column: str, seen: frozenset[str]) -> Lookup:
        v = self._own(unit, period, indicator, column)
        if v.value is not None:
            return v
        u = self.ws.units.get(unit)
        ind = self.ws.catalog.indicators.get(indicator)
        if u is None or not u.predecessors or ind is None or ind.aggregate != "sum" or unit in seen:
            return _NONE
        total = 0.0
        missing: list[str] = []
        for pred in u.predecessors:
            pv = self._lookup(pred, period, indicator, column, seen | {unit})
            if pv.value is None:
                missing.extend(pv.missing or (pred,))
            else:
                total += pv.value
        if missing:
            return Lookup(None, "", tuple(dict.fromkeys(missing)))
        return Lookup(total, "predecessors")

    def _own(self, unit: str, period: str, indicator: str, column: str) -> Lookup:
        """The unit's own figure: archive, built from components, baseline."""
        p = self._period(period)
        if p is None or not self._holds(p):
            return _NONE
        if self._holders is not None and (unit, period) not in self._holders and not self._parts(p):
            return _NONE  # nothing of this unit for this period anywhere: the usual case in a master
        starts = self._starts.get(period)
        if starts is None:
            starts = self._starts[period] = p.starts_year
        ind = self.ws.catalog.indicators.get(indicator)
        cols: tuple[str, ...] = (column,)
        if starts and ind is not None and not ind.is_stock:  # a stock has no year to date
            if column == "value":
                cols = ("value", "ytd")
            elif column == "ytd":
                cols = ("ytd", "value")
        if self.archive is not None:
            for col in cols:
                v = self._archived(unit, period, indicator, col)
                if v is not None:
                    if col == "ytd" and not starts:
                        v = self._settled(unit, p, indicator, v)
                    return Lookup(v, "archive")
        if ind is not None and (column == "value" or column == "ytd"):
            v = self._from_components(unit, p, ind.code, ind.is_stock, column)
            if v is not None:
                return Lookup(v, "components")
        for col in cols:
            v = self._base(period, unit, indicator, col)
            if v is not None:
                return Lookup(v, "baseline")
        return _NONE

    def _settled(self, unit: str, p: Period, indicator: str, ytd: float) -> float:
        """An archived year to date, settled when the period before was corrected after the
        return was filed: what is accepted up to the period before now, plus the period's value."""
        prev = p.previous()
        carried = self._archived(unit, p.code, indicator, "ytd_prev")
        this = self._archived(unit, p.code, indicator, "value")
        if prev is None or carried is None or this is None:
            return ytd
        now = self.lookup(unit, prev.code, indicator, "ytd").value
        if now is None or abs(now - carried) <= 1e-6 * max(1.0, abs(now)):
            return ytd
        return now + this

    def _period(self, code: str) -> Period | None:
        if code not in self._periods:
            try:
                self._periods[code] = Period.parse(code)
            except PeriodError:
                self._periods[code] = None
        return self._periods[code]

    def _holds(self, p: Period) -> bool:
        """Whether any figure of ``p`` (or of the periods it is built from) can exist: most
        lookups of a master (every unit, every indicator) are for periods nobody returned."""
        hit = self._has_figures.get(p.code)
        if hit is None:
            if self._known is None:
                periods = getattr(self.archive, "periods", None)
                if self.archive is not None and periods is None:
                    self._known = set()  # a History that cannot list its periods: ask it everything
                    self._has_figures[p.code] = True
                    return True
                if self._baseline is None:
                    self._baseline = self.ws.baseline.index()
                self._known = {k[0] for k in self._baseline} | (set(periods()) if periods else set())
                holders = getattr(self.archive, "holders", None)
                if self.archive is None or holders is not None:
                    self._holders = {(k[1], k[0]) for k in self._baseline} | (holders() if holders else set())
            if self.archive is not None and getattr(self.archive, "periods", None) is None:
                hit = True
            else:
                hit = p.code in self._known or any(self._holds(c) for c in p.components())
            self._has_figures[p.code] = hit
        return hit

    def _archived(self, unit: str, period: str, indicator: str, column: str) -> float | None:
        if self.archive is None:
            return None
        try:
            v = self.archive.get(unit, period, indicator, column)
        except Exception:  # noqa: BLE001 - an unreadable archive entry is an unknown figure
            return None
        return None if v is None else float(v)

    def _base(self, period: str, unit: str, indicator: str, column: str) -> float | None:
        if self._baseline is None:
            self._baseline = self.ws.baseline.index()
        return self._baseline.get((period, unit, indicator, column))

    def _parts(self, p: Period) -> list[Period]:
        """The period's components when any of them can hold figures (else none), cached."""
        hit = self._components.get(p.code)
        if hit is None:
            parts = p.components()
            hit = self._components[p.code] = parts if any(self._holds(c) for c in parts) else []
        return hit

    def _from_components(self, unit: str, p: Period, code: str, stock: bool, column: str) -> float | None:
        parts = self._parts(p)
        if not parts:
            return None
        last = parts[-1].code
        if stock:
            return self._own(unit, last, code, "value").value if column == "value" else None
        if column == "ytd" or p.starts_year:
            return self._own(unit, last, code, "ytd").value
        values = [self._own(unit, c.code, code, "value").value for c in parts]
        known = [v for v in values if v is not None]
        if len(known) == len(values):
            return float(sum(known))
        before = parts[0].previous()
        end = self._own(unit, last, code, "ytd").value
        start = self._own(unit, before.code, code, "ytd").value if before is not None else 0.0
        if end is None or start is None:
            return None
        return end - start


def baseline_figures(ws: Workspace) -> Figures:
    """Figures without an archive: the baseline and the predecessors' sums."""
    return Figures(ws, None)


def figures_of(ws: Workspace, history: AcceptedSource | None) -> Figures:
    """``history`` as :class:`Figures`: itself when it is one, else read as the archive."""
    if isinstance(history, Figures):
        return history
    return Figures(ws, history)
