"""The Dữ liệu sheet: every value of the included returns as one long table.

One row per value: unit, period, indicator, kind of figure, the number (or the text of a
note), the source file, its archive version, and the sheet and cell it was read from —
ready for a pivot table. Beyond ``limit`` rows (default 100.000; Excel's hard limit is
1.048.575) the table is written as a UTF-8 CSV file beside the master instead, because a
sheet that large is slow to write and to open; the sheet then says where the file is.
"""

from __future__ import annotations

import csv
import io
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
        s = safe.get(v)
        if s is None:
            s = safe[v] = csv_safe(v)
        return s
    if v.__class__ is float and v.is_integer():
        return int(v)
    return v


def _quoted(text: str) -> str:
    """``text`` as one field of a row ``csv.writer`` writes (quoted where it must be)."""
    buf = io.StringIO()
    csv.writer(buf).writerow((text, ""))
    return buf.getvalue()[:-3]  # the empty last field and the line end: ',\r\n'


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

    def _csv_lines(self) -> Iterator[str]:
        """:meth:`rows` as the lines ``csv.writer`` writes (each cell through :func:`_cell`,
        then quoted as the writer quotes it), the fields a unit, an indicator or a file repeats
        made once: 800.000 rows of 13 cells cost 10 s through the writer, 3 s this way."""
        fields: dict[str, str] = {}  # a text -> its field, safe and quoted
        safe: dict[str, object] = {}

        def field(v: object) -> str:
            if v.__class__ is str:
                f = fields.get(v)
                if f is None:
                    f = fields[v] = _quoted(str(_cell(v, safe)))
                return f
            c = _cell(v, safe)
            return str(c) if c.__class__ is int else _quoted(str(c))

        cat = self.catalog.indicators
        names = self._names
        # the rows come sorted by unit: the unit's and the file's fields are kept from the last
        # row; an indicator's and a place's fields are made once (by indicator, then column;
        # by sheet, then cell) and looked up without building a key
        last_unit = last_period = last_source = last_version = None
        u = src = ""
        inds: dict[str, dict[str, str]] = {}
        places: dict[str, dict[str, str]] = {}
        for r in self._sorted:
            if r.unit != last_unit or r.period != last_period:
                last_unit, last_period = r.unit, r.period
                u = f"{field(r.unit)},{field(names.get(r.unit, r.unit))},{field(r.period)}"
            if r.source != last_source or r.version != last_version:
                last_source, last_version = r.source, r.version
                src = f"{field(r.source)},{field(r.version)}"
            by_column = inds.get(r.indicator)
            if by_column is None:
                by_column = inds[r.indicator] = {}
            ic = by_column.get(r.column)
            if ic is None:
                ind = cat.get(r.indicator)
                ic = by_column[r.column] = (
                    f"{field(r.indicator)},{field(ind.name if ind else '')},{field(ind.unit if ind else '')},"
                    f"{field(COLUMN_VI.get(r.column, r.column))}"
                )
            by_cell = places.get(r.sheet)
            if by_cell is None:
                by_cell = places[r.sheet] = {}
            at = by_cell.get(r.cell)
            if at is None:
                at = by_cell[r.cell] = f"{field(r.sheet)},{field(r.cell)}"
            v = r.value
            if r.column == "note" or v.__class__ is str:
                value = "," + field(v)
            elif v is None:
                value = ","
            elif v.__class__ is float:
                value = (str(int(v)) if v.is_integer() else repr(v)) + ","
            elif v.__class__ is int:
                value = f"{v},"
            else:
                value = _quoted(str(v)) + ","
            yield f"{u},{ic},{value},{src},{at}\r\n"

    def write_csv(self, path: Path) -> Path:
        """Write the table as UTF-8 CSV (with BOM, so Excel reads the diacritics), atomically."""
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                csv.writer(fh).writerow(DATA_HEADERS)
                lines: list[str] = []
                for line in self._csv_lines():
                    lines.append(line)
                    if len(lines) >= 10_000:
                        fh.write("".join(lines))
                        lines.clear()
                fh.write("".join(lines))
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()
        self.csv_path = path
        return path
