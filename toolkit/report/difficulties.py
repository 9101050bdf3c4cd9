""" "Khó khăn, hạn chế" drafted from the figures.

Three kinds of item, each stated with its figures (so the trail covers them too):

* behind the period's share of the annual target: a flow whose year to date is below the
  share of the year elapsed (Q1 25 %, H1 50 %, 9M 75 %, the year 100 %); a stock or a rate
  below its target; a lower-is-better indicator over its ceiling (pro rata for flows);
* worse than the same period: a fall (or, lower is better, a rise) against last year;
* units that have not sent, sent an invalid return, or sent after the deadline.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..periods import Period
from . import phrasing as ph
from .model import GAP, Block, Run
from .sentences import CEILING_WORDS, TARGET_WORDS, Clauses


def year_share(period: Period) -> float:
    """The share of the year the period's year to date covers, in %."""
    return len(period.ytd_quarters()) / 4 * 100


def target_items(cl: Clauses, period: Period) -> list[Block]:
    share = year_share(period)
    out: list[Block] = []
    for ind in cl.catalog:
        row = cl.rows.get(ind.code)
        if row is None or row.basis_value is None:
            continue
        bar = share if ind.ytd else 100.0
        pieces: list[list[Run]] = []
        for kind in ("province", "resolution"):
            pct = row.attainment.get(kind)
            if pct is None:
                continue
            if ind.lower_is_better and pct > bar:
                fig = cl.fig(row, f"pct_{kind}", ph.pct(pct), pct)
                pieces.append([Run("bằng "), fig, Run(f" {CEILING_WORDS[kind]}, vượt mức cho phép")])
            elif not ind.lower_is_better and pct < bar:
                fig = cl.fig(row, f"pct_{kind}", ph.pct(pct), pct)
                if ind.ytd:
                    pieces.append([Run("mới đạt " if not pieces else "đạt "), fig, Run(" " + TARGET_WORDS[kind])])
                else:
                    pieces.append([Run(f"chưa đạt {TARGET_WORDS[kind]} (đạt "), fig, Run(")")])
        if not pieces:
            continue
        runs = [Run(ph.clause_name(ind.name) + " ")]
        for n, p in enumerate(pieces):
            if n:
                runs.append(Run(" và "))
            runs.extend(p)
        if ind.ytd and share < 100:
            runs.append(Run(f" (thời gian đã qua: {ph.pct(share, 0)} của năm)"))
        out.append(Block("item", runs, section=ind.section, group=ind.group))
    return out


def worse_items(cl: Clauses) -> list[Block]:
    out: list[Block] = []
    for ind in cl.catalog:
        row = cl.rows.get(ind.code)
        if row is None:
            continue
        delta = row.change if row.change is not None else row.diff
        if delta is None or delta == 0 or (delta > 0) != ind.lower_is_better:
            continue
        change = cl.change(row, "change")
        if not change:
            continue
        out.append(Block("item", [Run(ph.clause_name(ind.name) + " "), *change], section=ind.section, group=ind.group))
    return out


def _received(sub: Any) -> date | None:
    at = getattr(sub, "received_at", None)
    if isinstance(at, datetime):
        return at.date()
    if isinstance(at, date):
        return at
    try:
        return date.fromisoformat(str(at)[:10]) if at else None
    except ValueError:
        return None


def late_units(cl: Clauses, deadline: date) -> list[str]:
    out = []
    for s in cl.master.status:
        if s.submission is None or not s.expected:
            continue
        day = _received(s.submission)
        if day is not None and day > deadline:
            out.append(s.code)
    return out


def unit_items(cl: Clauses, deadline: date) -> list[Block]:
    names = cl.names
    out: list[Block] = []
    missing = [s.code for s in cl.master.status if s.expected and s.state == "missing"]
    invalid = [s.code for s in cl.master.status if s.expected and s.state == "invalid"]
    late = late_units(cl, deadline)
    if missing:
        text = "[chưa nhận được báo cáo của " + ", ".join(names.get(u, u) for u in missing) + "]"
        out.append(Block("item", [Run(text, GAP)]))
    if invalid:
        text = "[báo cáo của " + ", ".join(names.get(u, u) for u in invalid) + " còn lỗi, chưa tổng hợp được]"
        out.append(Block("item", [Run(text, GAP)]))
    if late:
        text = (
            "gửi báo cáo sau hạn (" + deadline.strftime("%d/%m/%Y") + "): " + ", ".join(names.get(u, u) for u in late)
        )
        out.append(Block("item", [Run(text)]))
    return out


def difficulty_blocks(cl: Clauses, period: Period, deadline: date) -> list[Block]:
    items = target_items(cl, period) + worse_items(cl) + unit_items(cl, deadline)
    lead = Block("para", [Run("Tuy nhiên, bên cạnh kết quả đạt được vẫn còn một số khó khăn, hạn chế như:")])
    if not items:
        return [Block("para", [Run("Chưa ghi nhận khó khăn, hạn chế nào qua số liệu của kỳ.")])]
    for n, b in enumerate(items):
        b.runs.insert(0, Run("- "))
        b.runs.append(Run("." if n == len(items) - 1 else ";"))
    return [lead, *items]
