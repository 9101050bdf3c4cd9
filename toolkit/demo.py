"""Simulated returns for the demo: what the wards and departments send back for a period.

For Ngã Năm's wards (2024) the figures are the seed report's (``demo/seed_q1_2024.yaml`` in the
sample's folder, shipped with the package), split across the wards as each clerk would type
them (:mod:`toolkit.seedsplit`); a few units also write on the "Thuyết minh" sheet, in words
taken from the seed's prose (``demo/seed_texts_q1_2024.yaml``); for another sample or period,
plausible figures scaled on the definitions (:func:`plausible_fills`). Round 1 is what arrives
first: most units correct, a few with the mistakes clerks make (a number typed as text in
Vietnamese notation, a rate typed as a fraction, a required figure left empty), a
renamed file, an Excel owner file and a document that is not a workbook, and one unit
that does not send anything. Round 2 is the corrected resubmission of one of them.

Later quarters (the demo goes on with 2024-Q2) have no real report behind them: their
figures are **invented, deterministically** (:func:`invented_fills`) from the Q1 split: flows
grow by 12 % a quarter (rounded down to the indicator's decimals, so that "of which" parts
never exceed their whole nor a numerator its denominator), stocks and typed rates stay as
in Q1. The units type only this quarter; where the office had no accepted figure to carry
(a unit whose Q1 return was not valid), they also type their year to date up to the
previous quarter, as the form asks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .numbers import fmt
from .periods import Period
from .seedsplit import Fill, split_district_figures
from .workspace import DEFAULT_SAMPLE, DEMO_DIR, samples_dir

if TYPE_CHECKING:
    from .catalog import Indicator
    from .forms.writer import FillValue
    from .workspace import Workspace

SEED_NAME = "seed_q1_2024.yaml"


def seed_table(sample: str = DEFAULT_SAMPLE) -> Path:
    """The seed report's figures for the demo: in the package, beside the sample's definitions."""
    return samples_dir() / sample / DEMO_DIR / SEED_NAME


TEXTS_NAME = "seed_texts_q1_2024.yaml"  # the units' texts of the first period, from the seed's prose


@dataclass
class DemoReturn:
    unit: str
    path: Path
    story_vi: str
    story_en: str


def seed_fills(ws: Workspace, table: Path | None = None) -> dict[str, Fill]:
    """unit -> what its clerk types, from the seed's district figures."""
    table = table or ws.demo_file(SEED_NAME)
    seed = yaml.safe_load(table.read_text(encoding="utf-8"))
    values = {e["code"]: e["value"] for e in seed["indicators"] if e["code"] in ws.catalog}
    return split_district_figures(ws, values, seed["ward_split_weights"])


GROWTH = 1.12  # the demo's invented quarter-on-quarter growth of flows


def invented_fills(ws: Workspace, period: Period, first: dict[str, Fill]) -> dict[str, Fill]:
    """Deterministic figures for a later quarter from the first quarter's ``first`` fills:
    this quarter's value and the year to date up to the quarter before (``ytd_prev``)."""
    q = period.quarter or 1
    out: dict[str, Fill] = {}
    for unit, fill in first.items():
        mine: Fill = {}
        for (code, column), v in fill.items():
            ind = ws.catalog.indicators.get(code)
            if column != "value" or ind is None or not isinstance(v, (int, float)):
                continue
            if ind.is_stock or ind.type == "percent":
                mine[(code, "value")] = v
                continue
            step = [_grown(ind, v, i) for i in range(1, q + 1)]
            mine[(code, "value")] = step[-1]
            if q > 1 and ind.ytd:
                mine[(code, "ytd_prev")] = _rounded(ind, sum(step[:-1]))
        out[unit] = mine
    return out


def _grown(ind: Indicator, v: float, quarter: int) -> float:
    x = v * GROWTH ** (quarter - 1)
    if ind.max is not None:
        x = min(x, ind.max)
    return _rounded(ind, x)


def _rounded(ind: Indicator, x: float) -> float:
    d = 0 if ind.type == "integer" else (ind.decimals if ind.decimals is not None else 2)
    f = math.floor(x * 10**d + 1e-9) / 10**d
    return int(f) if d == 0 else f


def seed_texts(ws: Workspace, period: Period | None = None) -> dict[str, dict[tuple[str, str, str], str]]:
    """unit -> what it writes on the "Thuyết minh" sheet, by (section, group, part); only for the
    period the texts were written for (the seed's)."""
    table = ws.demo_file(TEXTS_NAME)
    if not table.is_file():
        return {}
    doc = yaml.safe_load(table.read_text(encoding="utf-8")) or {}
    if period is not None and str(doc.get("period", "")) != period.code:
        return {}
    out: dict[str, dict[tuple[str, str, str], str]] = {}
    for t in doc.get("texts") or []:
        if t.get("unit") in ws.units:
            out.setdefault(t["unit"], {})[(t["section"], t.get("group") or "", t["part"])] = str(t["text"]).strip()
    return out


def seed_conflicts(ws: Workspace, fills: dict[str, Fill], table: Path | None = None) -> dict[str, tuple[str, str]]:
    """unit -> (vi, en): the seed report's own inconsistencies its figures carry, as the seed
    lists them (``discrepancies``) where a validator rejects them ('trong đó' figures adding
    up to more than their whole); the demo's "correct" returns say so instead of "correct"."""
    table = table or ws.demo_file(SEED_NAME)
    if not table.is_file():
        return {}
    seed = yaml.safe_load(table.read_text(encoding="utf-8")) or {}
    out: dict[str, tuple[str, str]] = {}
    for d in seed.get("discrepancies") or []:
        code = d.get("indicator")
        if d.get("kind") != "of_which" or code not in ws.catalog:
            continue
        whole, parts = fmt(d["seed"][code], 0), fmt(d["computed"], 0)
        for unit, fill in fills.items():
            if (code, "value") in fill:
                out[unit] = (
                    f"như báo cáo gốc, kể cả mâu thuẫn có thật của báo cáo: các số 'trong đó' của {code} "
                    f"cộng lại {parts} > {whole}",
                    f"as the seed report, with its own inconsistency: the 'of which' figures of {code} "
                    f"add up to {parts} > {whole}",
                )
    return out


def seed_applies(ws: Workspace, period: Period, seed_table: Path | None = None) -> bool:
    """The seed report's figures fit this workspace and period: Ngã Năm's wards report in
    it (later quarters of the year are invented from the seed: :func:`invented_fills`)."""
    seed_table = seed_table or ws.demo_file(SEED_NAME)
    if not seed_table.is_file():
        return False
    seed = yaml.safe_load(seed_table.read_text(encoding="utf-8"))
    expected = {u.code for u in ws.expected_units(period)}
    return all(u in expected for u in seed["ward_split_weights"]) and any(
        e["code"] in ws.catalog for e in seed["indicators"]
    )


def plausible_fills(ws: Workspace, period: Period, before: dict[str, Fill] | None = None) -> dict[str, Fill]:
    """unit -> figures a careful clerk could type, for a workspace without a seed report.

    Scaled on what the definitions know: the office's figure of the same period last year
    (baseline), else its annual target (a quarter's share for a flow), else the indicator's
    bounds; split across the indicator's reporters with a little variation, so that ratios,
    parts and changes stay plausible. ``before``: the fills of the previous period of the
    year, whose year to date a flow's adds to. Deterministic (a simulation, said so by the
    demo)."""
    import random

    office = ws.collector(period)
    units = ws.expected_units(period)
    base = ws.baseline.index()
    same_code = period.same_period_last_year().code
    targets = ws.targets(period.year)
    quarters = max(1, period.months_covered // 3)
    totals: dict[str, float] = {}
    for ind in ws.catalog:
        if not ind.is_input:
            continue
        b = base.get((same_code, office.code, ind.code, "value")) if office else None
        t = targets.get(ind.code, "province") or targets.get(ind.code, "resolution")
        lo = ind.min if ind.min is not None else 0.0
        hi = ind.max if ind.max is not None else 1000.0
        if b is not None:
            v = b * 1.04
        elif t is not None:
            v = t * (quarters / 4 if not (ind.is_stock or ind.type == "percent") else 1.0)
        else:
            v = (lo + hi) / 2 if hi <= 100 else lo + (hi - lo) * 0.05
        totals[ind.code] = v
    out: dict[str, Fill] = {}
    for ind in ws.catalog:
        if ind.code not in totals:
            continue
        reps = [u for u in units if ind.reported_by(u, period.end)]
        if not reps:
            continue
        share = 1.0 / len(reps) if ind.aggregate == "sum" else 1.0
        for u in reps:
            rnd = random.Random(f"{u.code}|{ind.code}|{period.code}")
            v = totals[ind.code] * share * rnd.uniform(0.9, 1.1)
            lo = ind.min if ind.min is not None else 0.0
            hi = ind.max if ind.max is not None else v
            v = min(max(v, lo), hi)
            v = float(round(v)) if ind.type == "integer" or ind.decimals == 0 else round(v, ind.decimals)
            fill = out.setdefault(u.code, {})
            fill[(ind.code, "value")] = v
            prev = (before or {}).get(u.code, {}).get((ind.code, "ytd"))
            if ind.is_stock or ind.type == "percent":
                fill[(ind.code, "ytd")] = v
            else:  # the year to date up to the period before, where the form asks for it
                if not isinstance(prev, (int, float)):
                    prev = round(v * (len(period.ytd_quarters()) - 1), ind.decimals)
                fill[(ind.code, "ytd_prev")] = prev
                fill[(ind.code, "ytd")] = round(prev + v, ind.decimals)
            same = v * rnd.uniform(0.93, 0.99)
            fill[(ind.code, "same_period")] = float(round(same)) if ind.decimals == 0 else round(same, ind.decimals)
    for ind in ws.catalog:  # a ratio's numerator stays below its denominator
        if ind.is_ratio and ind.numerator and ind.denominator:
            for fill in out.values():
                for col in ("value", "ytd", "same_period"):
                    n, d = fill.get((ind.numerator, col)), fill.get((ind.denominator, col))
                    if isinstance(n, float) and isinstance(d, float) and n > d:
                        fill[(ind.numerator, col)] = float(int(d * 0.05))
    return out


def _first_input(ws: Workspace, unit: str, period: Period, fill: Fill, *, kind: str) -> str | None:
    """The first typed indicator of the unit's return matching a kind of mistake."""
    for ind in ws.indicators_for(unit, period):
        if (ind.code, "value") not in fill or not ind.is_input:
            continue
        if kind == "text" and ind.type in ("decimal", "integer") and (fill[(ind.code, "value")] or 0) >= 100:
            return ind.code
        if kind == "percent" and ind.type == "percent" and (fill[(ind.code, "value")] or 0) > 1:
            return ind.code
        if kind == "required" and ind.required:
            return ind.code
    return None


def simulate_returns(
    ws: Workspace,
    period: Period,
    inbox: Path,
    round_no: int = 1,
    missing: tuple[str, ...] = ("QS",),
    *,
    mistakes: bool = True,
) -> list[DemoReturn]:
    """Write the returns of ``round_no`` (1 or 2) into ``inbox``; ``mistakes=False``: every
    unit sends a correct return, and nothing else arrives."""
    from .forms import write_form

    inbox.mkdir(parents=True, exist_ok=True)
    seeded = seed_applies(ws, period)
    fills = seed_fills(ws) if seeded else plausible_fills(ws, period)
    texts = seed_texts(ws, period)
    units = [u.code for u in ws.expected_units(period)]
    if not units:
        return []
    if not period.starts_year and seeded:
        return _later_returns(ws, period, inbox, invented_fills(ws, period, fills), units, missing)
    conflicts = seed_conflicts(ws, fills) if seeded else {}  # the seed's own figures, as returned
    # wards and hamlets: the units that report the same indicators side by side
    wards = [u for u in units if ws.units[u].is_ward or ws.units[u].kind == "hamlet"] or units
    depts = [u for u in units if u not in wards and u not in missing]
    text_unit = wards[1] if len(wards) > 1 else wards[0]  # types a number as text, Vietnamese style
    empty_unit = wards[2] if len(wards) > 2 else wards[-1]  # leaves a required figure empty, corrects it later
    rate_unit = next((d for d in depts if _first_input(ws, d, period, fills.get(d, {}), kind="percent")), None)
    out: list[DemoReturn] = []

    def write(unit: str, fill: dict, name: str, vi: str, en: str) -> None:
        path = inbox / name
        write_form(ws, unit, period, path, fill=fill, texts=texts.get(unit))
        out.append(DemoReturn(unit, path, vi, en))

    if round_no == 2:
        write(
            empty_unit,
            dict(fills.get(empty_unit, {})),
            f"{empty_unit}_bao-cao-quy-sua-lai.xlsx",
            "gửi lại bản đã sửa",
            "sends the corrected file",
        )
        return out

    if not mistakes:
        for unit in units:
            vi, en = conflicts.get(unit, ("đúng", "correct"))
            write(unit, dict(fills.get(unit, {})), f"{period.code}_{unit}.xlsx", vi, en)
        return out

    for unit in units:
        if unit in missing:
            continue
        numbers = fills.get(unit, {})
        fill: dict[tuple[str, str], FillValue] = dict(numbers)
        name = f"{period.code}_{unit}.xlsx"
        vi, en = conflicts.get(unit, ("đúng", "correct"))
        if unit == text_unit and (code := _first_input(ws, unit, period, numbers, kind="text")):
            v = numbers[(code, "value")]
            fill[(code, "value")] = fmt(v, ws.catalog[code].decimals if v != int(v) else 0)
            vi, en = f"gõ {code} thành chữ '{fill[(code, 'value')]}'", f"types {code} as text"
            name = f"Bao cao {ws.units[unit].name} (1).xlsx"
        elif unit == empty_unit and (code := _first_input(ws, unit, period, numbers, kind="required")):
            fill.pop((code, "value"))
            vi, en = f"bỏ trống {code}", f"leaves {code} empty"
        elif unit == rate_unit and (code := _first_input(ws, unit, period, numbers, kind="percent")):
            fill[(code, "value")] = round(numbers[(code, "value")] / 100, 4)
            vi, en = f"gõ tỷ lệ {code} dạng thập phân", f"types rate {code} as a fraction"
        write(unit, fill, name, vi, en)

    owner = inbox / f"~${period.code}_{units[0]}.xlsx"
    owner.write_bytes(b"\x00" * 165)  # what Excel leaves beside a file it has open
    note = inbox / "ghi-chu-gui-kem.xlsx"
    note.write_text("Kính gửi Văn phòng: số liệu gửi kèm theo email.\n", encoding="utf-8")
    out.append(DemoReturn("", note, "một tệp văn bản đặt tên .xlsx", "a text file named .xlsx"))
    return out


def _later_returns(
    ws: Workspace,
    period: Period,
    inbox: Path,
    fills: dict[str, Fill],
    units: list[str],
    missing: tuple[str, ...],
) -> list[DemoReturn]:
    """A later quarter: every unit but ``missing`` returns its form, made as the office sends
    it (carried figures from the archive), with this quarter typed."""
    from .forms import write_form
    from .intake import ArchiveHistory

    history = ArchiveHistory(ws)
    out: list[DemoReturn] = []
    for unit in units:
        if unit in missing:
            continue
        path = inbox / f"{period.code}_{unit}.xlsx"
        info = write_form(ws, unit, period, path, fill=dict(fills.get(unit, {})), history=history)
        typed = sum(1 for k in fills.get(unit, {}) if k[1] == "ytd_prev" and k not in info.ignored_fill)
        vi = "chỉ nhập số kỳ này" + (f" (và {typed} số lũy kế kỳ trước chưa được duyệt)" if typed else "")
        en = "types this quarter only" + (
            f" (and {typed} earlier year-to-date figures not yet accepted)" if typed else ""
        )
        out.append(DemoReturn(unit, path, vi, en))
    return out
