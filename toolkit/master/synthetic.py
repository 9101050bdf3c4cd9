"""Synthetic workspaces and returns of any size, to measure consolidation (issue 8).

``python -m toolkit.master.synthetic --units 10000`` copies the sample's definitions,
replaces its wards by N synthetic wards, makes one valid return per unit with a figure
for every typed indicator (value and same period), builds the master and prints the time.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..periods import Period
from ..records import ValueRecord
from ..workspace import Workspace
from .inputs import Submission


def synthetic_workspace(
    dest: Path,
    wards: int,
    source: Workspace | None = None,
    *,
    all_by_wards: bool = False,
    indicators: int | None = None,
) -> Workspace:
    """A copy of ``source``'s definitions whose wards are ``wards`` synthetic ones.

    ``all_by_wards``: every indicator becomes ward-reported (the heaviest case: every
    ward returns every indicator). ``indicators``: keep only the first N indicators of the
    catalog (plus the operands and parts they need), with their targets and baseline rows.
    """
    import yaml

    source = source or Workspace.sample()
    shutil.copytree(source.definitions, dest / "templates")
    path = dest / "templates" / "catalog.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if indicators is not None:
        keep_codes = _closure(doc["indicators"], indicators)
        doc["indicators"] = [i for i in doc["indicators"] if i["code"] in keep_codes]
        _trim_targets_and_baseline(dest / "templates", keep_codes)
    if all_by_wards:
        for ind in doc["indicators"]:
            ind["reporters"] = "wards"
            if ind.get("aggregate") == "single":
                ind["aggregate"] = "max" if ind.get("type") == "percent" else "sum"
    if indicators is not None or all_by_wards:
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (dest / "submissions" / "inbox").mkdir(parents=True, exist_ok=True)
    changes = source.units.change_dates()
    first_day = changes[0] - timedelta(days=1) if changes else date.today()
    first = source.units.collector_on(first_day, source.settings.district or None)
    district = first.code if first else source.settings.district  # the office of the sample's first years
    keep = []
    for u in source.units.units.values():
        row: dict[str, Any] = {"code": u.code, "name": u.name, "kind": u.kind}
        if u.parent:
            row["parent"] = u.parent
        if u.valid_to:
            row["valid_to"] = u.valid_to.isoformat()
        if u.valid_from:
            row["valid_from"] = u.valid_from.isoformat()
        if u.predecessors:
            row["predecessors"] = list(u.predecessors)
        if u.external or (u.is_ward and u.parent == district):
            row["external"] = True  # the sample's wards stay defined (lineage, baseline) but do not report
        keep.append(row)
    width = len(str(wards))
    synthetic = [
        {"code": f"W{n:0{width}d}", "name": f"Xã số {n}", "kind": "commune", "parent": district}
        for n in range(1, wards + 1)
    ]
    (dest / "templates" / "units.yaml").write_text(
        yaml.safe_dump({"units": keep + synthetic}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return Workspace.open(dest)


def _closure(raw: list[dict], n: int) -> set[str]:
    """The first n codes plus every operand and part they need, recursively."""
    by_code = {i["code"]: i for i in raw}
    keep: set[str] = set()
    stack = [i["code"] for i in raw[:n]]
    while stack:
        code = stack.pop()
        if code in keep or code not in by_code:
            continue
        keep.add(code)
        ind = by_code[code]
        stack.extend(c for c in (ind.get("numerator"), ind.get("denominator")) if c)
        stack.extend(ind.get("parts") or [])
    return keep


def _trim_targets_and_baseline(templates: Path, keep: set[str]) -> None:
    import csv

    import yaml

    for path in (templates / "targets").glob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        doc["targets"] = {k: v for k, v in (doc.get("targets") or {}).items() if k in keep}
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in (templates / "baseline").glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        fields = list(rows[0]) if rows else ["period", "unit", "indicator", "column", "value", "source"]
        with path.open("w", encoding="utf-8", newline="") as fh:
            out = csv.DictWriter(fh, fieldnames=fields)
            out.writeheader()
            out.writerows(r for r in rows if r.get("indicator") in keep)


def synthetic_submissions(
    ws: Workspace, period: Period, *, seed: int = 1, same_period: bool = True, note_every: int = 0
) -> list[Submission]:
    """One valid return per expected unit, with plausible figures for its typed indicators."""
    rnd = random.Random(seed)
    received = datetime(period.end.year, period.end.month, period.end.day, 9, 0)
    out = []
    for unit in ws.expected_units(period):
        recs: list[ValueRecord] = []
        for n, ind in enumerate(ws.indicators_for(unit, period)):
            if not ind.is_input:
                continue
            hi = ind.max if ind.max is not None else 1000.0
            lo = ind.min if ind.min is not None else 0.0
            v = round(lo + (hi - lo) * rnd.uniform(0.05, 0.5), ind.decimals)
            src = f"{unit.code}-{period.code}.xlsx"
            recs.append(ValueRecord(unit.code, period.code, ind.code, "value", v, "Biểu mẫu", f"E{8 + n}", src, 1))
            if same_period and ind.same_period:
                recs.append(
                    ValueRecord(
                        unit.code,
                        period.code,
                        ind.code,
                        "same_period",
                        round(v * 0.95, ind.decimals),
                        "Biểu mẫu",
                        f"G{8 + n}",
                        src,
                        1,
                    )
                )
            if note_every and n % note_every == 0:
                recs.append(
                    ValueRecord(
                        unit.code,
                        period.code,
                        ind.code,
                        "note",
                        "=ghi chú " + unit.code,
                        "Biểu mẫu",
                        f"H{8 + n}",
                        src,
                        1,
                    )
                )
        out.append(
            Submission(
                unit.code, recs, sha256=f"{rnd.getrandbits(256):064x}", received_at=received, path=f"{unit.code}.xlsx"
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    from .build import build_master

    ap = argparse.ArgumentParser(description="Measure consolidating N synthetic wards.")
    ap.add_argument("--units", type=int, default=10000)
    ap.add_argument("--period", default="2024-Q1")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--all-by-wards", action="store_true", help="every indicator reported by every ward")
    ap.add_argument("--indicators", type=int, default=None, help="keep the first N indicators (and what they need)")
    ap.add_argument("--no-same-period", action="store_true", help="returns without same-period figures")
    args = ap.parse_args(argv)
    period = Period.parse(args.period)
    with tempfile.TemporaryDirectory(prefix="baocao-synth-") as tmp:
        t0 = time.perf_counter()
        ws = synthetic_workspace(
            Path(tmp) / "ws", args.units, all_by_wards=args.all_by_wards, indicators=args.indicators
        )
        problems = [p for p in ws.problems() if p.is_error]
        if problems:
            print(*(p.message_en for p in problems[:5]), sep="\n")
        subs = synthetic_submissions(ws, period, same_period=not args.no_same_period)
        t1 = time.perf_counter()
        out = args.out or Path(tmp) / "master.xlsx"
        r = build_master(ws, period, subs, out)
        t2 = time.perf_counter()
        records = sum(len(s.values) for s in subs)
        size = out.stat().st_size if out.exists() else 0
        print(
            f"{len(subs)} units, {len(ws.catalog)} indicators, {records} values: prepared in {t1 - t0:.1f} s; "
            f"build_master {t2 - t1:.1f} s; {r.formulas} formulas; master {size / 1e6:.1f} MB; "
            f"data table {'CSV ' + str(r.data_csv.name) if r.data_csv else 'in the workbook'}; written={r.written}"
        )
        print("steps: " + ", ".join(f"{k} {v:.1f} s" for k, v in r.timings.items()))
    return 0 if r.written else 1


if __name__ == "__main__":
    raise SystemExit(main())
