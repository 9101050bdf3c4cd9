"""The Dữ liệu sheet: every value of the included returns as one long table.

One row per value: unit, period, indicator, kind of figure, the number (or the text of a
note), the source file, its archive version, and the sheet and cell it was read from —
ready for a pivot table. Beyond ``limit`` rows (default 100.000; Excel's hard limit is
1.048.575) the table is written as a UTF-8 CSV file beside the master instead, because a
sheet that large is slow to write and to open; the sheet then says where the file is.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import Catalog
from ..records import ValueRecord
from ..safe_text import csv_safe
from ..units import Unit

DEFAULT_LIMIT = 100_000
EXCEL_MAX_ROWS = 1_048_575  # data rows under one header row

DATA_HEADERS = [
    "Mã đơn vị",
    "Đơn vị",
    "Kỳ",
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "ĐVT",
    "Loại số liệu",
    "Giá trị",
    "Văn bản",
    "Tệp nguồn",
    "Phiên bản",
    "Trang tính",
    "Ô",
]
COLUMN_VI = {
    "value": "Kỳ này",
    "ytd_prev": "Lũy kế kỳ trước",
    "ytd": "Lũy kế",
    "same_period": "Cùng kỳ",
    "same_ytd": "Lũy kế cùng kỳ",
    "note": "Ghi chú",
}
_COLUMN_ORDER = {"value": 0, "ytd_prev": 1, "ytd": 2, "same_period": 3, "same_ytd": 4, "note": 5}


def _cell(v: object, safe: dict[str, object]) -> object:
    if v is None:
        return ""
    if v.__class__ is str:
        s = safe.get(v)  # type: ignore[arg-type]
        if s is None:
            s = safe[v] = csv_safe(v)  # type: ignore[index]
        return s
    if v.__class__ is float and v.is_integer():  # type: ignore[union-attr]
        return int(v)  # type: ignore[arg-type]
    return v


@dataclass
class DataTable:
    records: list[ValueRecord]
    units: list[Unit]
    catalog: Catalog
    limit: int = DEFAULT_LIMIT
    csv_path: Path | None = None
    _sorted: list[ValueRecord] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.limit = min(self.limit, EXCEL_MAX_ROWS)
        upos = {u.code: n for n, u in enumerate(self.units)}
        ipos = {ind.code: ind.order for ind in self.catalog}
        self._sorted = sorted(
            self.records,
            key=lambda r: (upos.get(r.unit, len(upos)), ipos.get(r.indicator, 0), _COLUMN_ORDER.get(r.column, 9)),
        )
        self._names = {u.code: u.name for u in self.units}

    @property
    def count(self) -> int:
        return len(self._sorted)

    @property
    def spills(self) -> bool:
        return self.count > self.limit

    def rows(self) -> Iterator[list[object]]:
        cat = self.catalog.indicators
        names = self._names
        for r in self._sorted:
            ind = cat.get(r.indicator)
            is_text = r.column == "note" or isinstance(r.value, str)
            yield [
                r.unit,
                names.get(r.unit, r.unit),
                r.period,
                r.indicator,
                ind.name if ind else "",
                ind.unit if ind else "",
                COLUMN_VI.get(r.column, r.column),
                None if is_text else r.value,
                r.value if is_text else None,
                r.source,
                r.version,
                r.sheet,
                r.cell,
            ]

    def _csv_rows(self) -> Iterator[tuple[object, ...]]:
        """:meth:`rows` as CSV cells (each through :func:`_cell`), the texts a unit, an
        indicator or a file repeats made safe once: 800.000 rows of 13 cells otherwise
        call :func:`_cell` ten million times."""
        safe: dict[str, object] = {}  # most texts repeat: make each safe once
        cat = self.catalog.indicators
        names = self._names
        units: dict[str, tuple[object, object]] = {}
        inds: dict[str, tuple[object, object, object]] = {}
        columns: dict[str, object] = {}
        for r in self._sorted:
            u = units.get(r.unit)
            if u is None:
                u = units[r.unit] = (_cell(r.unit, safe), _cell(names.get(r.unit, r.unit), safe))
            i = inds.get(r.indicator)
            if i is None:
                ind = cat.get(r.indicator)
                i = inds[r.indicator] = (
                    _cell(r.indicator, safe),
                    _cell(ind.name if ind else "", safe),
                    _cell(ind.unit if ind else "", safe),
                )
            col = columns.get(r.column)
            if col is None:
                col = columns[r.column] = _cell(COLUMN_VI.get(r.column, r.column), safe)
            v = r.value
            is_text = r.column == "note" or isinstance(v, str)
            yield (
                u[0],
                u[1],
                _cell(r.period, safe),
                i[0],
                i[1],
                i[2],
                col,
                "" if is_text else _cell(v, safe),
                _cell(v, safe) if is_text else "",
                _cell(r.source, safe),
                _cell(r.version, safe),
                _cell(r.sheet, safe),
                _cell(r.cell, safe),
            )

    def write_csv(self, path: Path) -> Path:
        """Write the table as UTF-8 CSV (with BOM, so Excel reads the diacritics), atomically."""
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                out = csv.writer(fh)
                out.writerow(DATA_HEADERS)
                out.writerows(self._csv_rows())
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        self.csv_path = path
        return path
