"""The master's data CSV (written beyond the sheet's row limit) is exactly what csv.writer
writes for the table's rows, each cell made safe: texts with commas, quotes, line breaks
and formula triggers, numbers integral or not, empty values, notes, several periods."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from toolkit.master.longtable import DATA_HEADERS, DataTable, _cell
from toolkit.master.synthetic import synthetic_workspace
from toolkit.periods import Period
from toolkit.records import ValueRecord


def test_the_csv_is_what_csv_writer_writes(tmp_path: Path) -> None:
    ws = synthetic_workspace(tmp_path / "ws", 3)
    units = ws.expected_units(Period.parse("2024-Q1"))
    codes = [i.code for i in ws.catalog][:4]
    odd = ["a, b", 'say "hi"', "two\nlines", "=1+1", "+3", "-x", "@me", "\tTab", "  ", 'Đơn vị, "x"\r\n']
    values: list[object] = [1.0, 2.5, 1e20, -3.0, 0.1 + 0.2, 7, None, True, float("inf"), 123456789012.0]
    records = []
    n = 0
    for u in units:
        for code in codes:
            for column in ("value", "ytd", "note"):
                v = odd[n % len(odd)] if column == "note" else values[n % len(values)]
                records.append(
                    ValueRecord(
                        u.code,
                        "2024-Q1" if n % 3 else "2023-Q4",
                        code,
                        column,
                        v,
                        odd[n % 4] if n % 5 == 0 else "Biểu 1",
                        f"E{n}",
                        odd[n % 3],
                        n % 4 or None,
                    )
                )
                n += 1
    records.append(ValueRecord("GONE", "2024-Q1", "NO.SUCH", "other", "x,y", "", "", "", None))
    table = DataTable(records, units, ws.catalog, limit=1)
    out = table.write_csv(tmp_path / "d.csv")

    expected = io.StringIO()
    w = csv.writer(expected)
    w.writerow(DATA_HEADERS)
    safe: dict[str, object] = {}
    for row in table.rows():
        w.writerow([_cell(v, safe) for v in row])
    assert out.read_bytes().decode("utf-8-sig") == expected.getvalue()
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
