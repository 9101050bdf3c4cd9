"""The yearly chore: a workbook for next year's targets, beside last year's targets and actuals.

``baocao definitions targets --year 2025`` writes one row per indicator: its name, unit
and direction, the province and resolution targets of 2024, what 2024 reached (from the
latest 2024 master in ``output/master/``: year to date for flows, the value for stocks and
rates), and the yellow cells for 2025's targets (already filled when targets/2025.yaml
exists). ``baocao definitions import`` reads it like the definitions workbook's targets
sheet and writes ``targets/2025.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl

from ..master import layout as L
from ..periods import Period, PeriodError
from ..workspace import Workspace
from . import columns as K
from .export import (
    ExportResult,
    indicator_list,
    split_unit_targets,
    target_rows,
    targets_map,
    write_target_meta,
)
from .sheetwriter import FONT, Formats, Lists, close_book, open_book, write_table
from .source import read_raw

_MASTER = re.compile(r"^tong-hop-(?P<period>.+)\.xlsx$")


@dataclass
class Actuals:
    """What a year reached, read from its latest master workbook."""

    period: Period | None = None
    path: Path | None = None
    values: dict[str, float] = field(default_factory=dict)


def latest_master(ws: Workspace, year: int) -> tuple[Period, Path] | None:
    folder = ws.output / "master"
    found = []
    for p in folder.glob("tong-hop-*.xlsx") if folder.is_dir() else []:
        m = _MASTER.match(p.name)
        if not m:
            continue
        try:
            period = Period.parse(m["period"])
        except PeriodError:
            continue
        if period.year == year:
            found.append((period.end, period.months_covered, period, p))
    if not found:
        return None
    found.sort(key=lambda t: (t[0], t[1]))
    return found[-1][2], found[-1][3]


def read_actuals(ws: Workspace, year: int) -> Actuals:
    """The year-to-date (flows) or current value (stocks, rates) of each indicator."""
    hit = latest_master(ws, year)
    if hit is None:
        return Actuals()
    period, path = hit
    out = Actuals(period, path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - an unreadable master only means no figures
        return out
    try:
        if L.SUMMARY not in wb.sheetnames:
            return out
        for row in wb[L.SUMMARY].iter_rows(min_row=L.SUMMARY_FIRST_ROW + 1, values_only=True):
            code = row[L.C_CODE] if len(row) > L.C_YTD else None
            if not isinstance(code, str):
                continue
            code = code.strip()
            ind = ws.catalog.indicators.get(code)
            ytd, value = row[L.C_YTD], row[L.C_VALUE]
            pick = ytd if ind is not None and ind.ytd and isinstance(ytd, (int, float)) else value
            if isinstance(pick, (int, float)) and not isinstance(pick, bool):
                out.values[code] = float(pick)
    finally:
        wb.close()
    return out


def targets_workbook(ws: Workspace, year: int, out: Path, *, now: datetime | None = None) -> ExportResult:
    """Write the targets workbook of ``year`` to ``out`` (atomically)."""
    out = Path(out)
    res = ExportResult(out)
    raw = read_raw(ws.definitions)
    if raw.problems:
        res.problems = raw.problems
        return res
    now = now or datetime.now()
    prev = year - 1
    actuals = read_actuals(ws, prev)
    label = actuals.period.label_vi() if actuals.period else str(prev)
    info = (
        K.Column(K.INFO, "Chiều tốt", "info", 14),
        K.Column(K.INFO, f"KH tỉnh giao {prev}", "info", 12),
        K.Column(K.INFO, f"Nghị quyết {prev}", "info", 12),
        K.Column(K.INFO, f"Thực hiện {label}", "info", 14),
    )
    spec = K.targets_sheet(year, info)
    old = targets_map(raw.targets.get(prev, {}))
    inds = indicator_list(raw)
    direction = {str(i.get("code")): K.LABELS["direction"].get(str(i.get("direction", "higher")), "") for i in inds}

    def more(code: str) -> dict[int, Any]:
        spec_old = old.get(code)
        spec_old = spec_old if isinstance(spec_old, dict) else {}
        return {
            3: direction.get(code),
            4: spec_old.get("province"),
            5: spec_old.get("resolution"),
            6: actuals.values.get(code),
        }

    # per-unit targets are not on this sheet: import keeps the file's own
    office, _per_unit = split_unit_targets(targets_map(raw.targets.get(year, {})))
    rows = target_rows(spec, office, inds, more)
    wb, tmp = open_book(out)
    wb.set_properties({"title": f"Chỉ tiêu kế hoạch năm {year}", "subject": "baocao targets"})
    fm = Formats(wb)
    lists = Lists()
    lists.add("indicators", "Mã chỉ tiêu", [str(i.get("code")) for i in inds])
    help_sheet = wb.add_worksheet(K.HELP)
    sh = write_table(wb, fm, spec, rows, lists, tab_color="#FFC000")
    doc = raw.targets.get(year) or {"year": year}
    write_target_meta(sh, fm, spec, doc, year)
    lists.write(wb, fm)
    _help(help_sheet, fm, ws, year, actuals, now)
    sh.activate()
    failed = close_book(wb, tmp, out)
    if failed:
        res.problems.append(failed)
        return res
    res.written = True
    res.counts[spec.name] = len(rows)
    return res


def _help(sh: Any, fm: Formats, ws: Workspace, year: int, actuals: Actuals, now: datetime) -> None:
    sh.set_column(0, 0, 110)
    wrap = fm.get(text_wrap=True, font_name=FONT)
    source = (
        f"Cột 'Thực hiện' lấy từ bảng tổng hợp {actuals.path.name} ({actuals.period.label_vi()}): lũy kế từ đầu năm "
        "với chỉ tiêu phát sinh, số tại thời điểm với chỉ tiêu thời điểm và tỷ lệ."
        if actuals.path and actuals.period
        else f"Chưa có bảng tổng hợp năm {year - 1} trong output/master/: cột 'Thực hiện' để trống."
    )
    lines = [
        (f"CHỈ TIÊU KẾ HOẠCH NĂM {year} — {ws.settings.name or ws.root.name}", fm.get(bold=True, font_size=14)),
        (f"Lập lúc {now:%H:%M ngày %d/%m/%Y}.", fm.get(italic=True)),
        ("", wrap),
        (
            f"1. Ở trang '{K.TARGETS_PREFIX}{year}', điền chỉ tiêu kế hoạch tỉnh giao và chỉ tiêu Nghị quyết vào các ô "
            "màu vàng; để trống chỉ tiêu không có kế hoạch. Các cột nền xám (tên, ĐVT, chiều tốt, chỉ tiêu và "
            f"thực hiện năm {year - 1}) chỉ để tham khảo.",
            wrap,
        ),
        ("2. Ghi nguồn (số, ngày của kế hoạch và nghị quyết) ở ô 'Nguồn'.", wrap),
        (f"3. Lưu tệp rồi chạy: baocao definitions import {Path('chi-tieu-' + str(year) + '.xlsx')}", wrap),
        (
            "4. Lệnh chỉ ra từng ô còn lỗi (chữ thay cho số, mã không có trong danh mục...) và không ghi gì khi còn "
            f"lỗi; hết lỗi thì ghi templates/targets/{year}.yaml (bản cũ giữ trong templates/.backup/).",
            wrap,
        ),
        ("Số gõ kiểu Việt Nam được: 3.400; 46,5. Chỉ tiêu 'càng thấp càng tốt' là mức trần.", wrap),
        (source, wrap),
    ]
    for r, (text, f) in enumerate(lines):
        sh.write_string(r, 0, text, f)
        sh.set_row(r, 32 if len(text) > 110 else 18)
