"""Last year's figures (cùng kỳ), imported from CSV files an office can fill from old masters.

Format (docs/catalog.md): ``period,unit,indicator,column,value,source``. Accepted values
from intake are the other source of history; :class:`History` merges both.
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Finding, make
from .findings import catalog as catalog_codes
from .numbers import read_plain

COLUMNS = ("period", "unit", "indicator", "column", "value", "source")
VALUE_COLUMNS = ("value", "ytd")


@dataclass(frozen=True)
class BaselineRow:
    period: str
    unit: str
    indicator: str
    column: str
    value: float
    source: str
    file: str
    line: int


@dataclass
class Baseline:
    rows: list[BaselineRow] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)

    def get(self, period: str, unit: str, indicator: str, column: str = "value") -> float | None:
        for r in self.rows:
            if (r.period, r.unit, r.indicator, r.column) == (period, unit, indicator, column):
                return r.value
        return None

    def index(self) -> dict[tuple[str, str, str, str], float]:
        return {(r.period, r.unit, r.indicator, r.column): r.value for r in self.rows}


def load_baseline(folder: Path, whole: Collection[str] = ()) -> Baseline:
    """Every CSV in ``folder``; ``whole``: codes of indicators that count whole things, whose
    "25.056" is read as 25.056 (thousands), as docs/catalog.md says."""
    out = Baseline()
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.csv")):
        _load_file(path, out, frozenset(whole))
    return out


def _load_file(path: Path, out: Baseline, whole: frozenset[str] = frozenset()) -> None:
    fname = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        out.problems.append(
            make(
                catalog_codes.BASELINE_BAD_ROW,
                file=fname,
                line=1,
                detail="the file is not UTF-8; save it as 'CSV UTF-8'",
            )
        )
        return
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS[:5] if c not in (reader.fieldnames or [])]
    if missing:
        out.problems.append(
            make(catalog_codes.BASELINE_BAD_ROW, file=fname, line=1, detail="missing columns: " + ", ".join(missing))
        )
        return
    for n, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        col = (row.get("column") or "value").strip() or "value"
        if col not in VALUE_COLUMNS:
            out.problems.append(
                make(
                    catalog_codes.BASELINE_BAD_ROW,
                    file=fname,
                    line=n,
                    detail=f"column must be value or ytd, got '{col}'",
                )
            )
            continue
        try:
            value = read_plain(row["value"] or "", whole=(row["indicator"] or "").strip() in whole)
        except ValueError as e:
            out.problems.append(make(catalog_codes.BASELINE_BAD_ROW, file=fname, line=n, detail=str(e)))
            continue
        out.rows.append(
            BaselineRow(
                period=(row["period"] or "").strip(),
                unit=(row["unit"] or "").strip(),
                indicator=(row["indicator"] or "").strip(),
                column=col,
                value=value,
                source=(row.get("source") or "").strip(),
                file=fname,
                line=n,
            )
        )
