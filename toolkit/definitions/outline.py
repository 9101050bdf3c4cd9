"""A catalog a leader can read: every indicator, its unit, who reports it, how it adds up,
its targets; printed on A4 as a document (Nghị định 30/2020: Times New Roman, header
block, margins).

``baocao definitions outline [--year 2024] [-o FILE] [--pdf]`` writes an .xlsx laid out for
printing (portrait, header repeated, page numbers) and, with ``--pdf``, its PDF through
LibreOffice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..catalog import Indicator
from ..findings import Finding
from ..master.layout import plan_rows
from ..numbers import fmt
from ..periods import Period
from ..workspace import Workspace
from .columns import GROUP_LABELS
from .sheetwriter import close_book, open_book

FONT = "Times New Roman"
MM = 1 / 25.4  # inches
COLUMNS = (  # header, width: about 88 units fill A4 portrait between 30 and 15 mm margins at 100 %
    ("STT", 4),
    ("Chỉ tiêu", 30),
    ("ĐVT", 7.5),
    ("Đơn vị báo cáo", 15.5),
    ("Cách tổng hợp", 17),
    ("KH tỉnh giao", 7.5),
    ("Nghị quyết", 7.5),
)


@dataclass
class OutlineResult:
    path: Path
    written: bool = False
    pdf: Path | None = None
    indicators: int = 0
    year: int | None = None
    problems: list[Finding] = field(default_factory=list)


def _dmy(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def reporters_text(ws: Workspace, ind: Indicator) -> str:
    """Who reports, in words: 'Các xã, phường', 'Phòng Kinh tế', with dates when they change."""
    parts = []
    for span in ind.reporter_spans:
        if isinstance(span.units, str):
            who = GROUP_LABELS.get(span.units, span.units)
        else:
            who = ", ".join(ws.units[c].name if c in ws.units else c for c in span.units)
        when = " ".join(
            x
            for x in (span.valid_from and f"từ {_dmy(span.valid_from)}", span.valid_to and f"đến {_dmy(span.valid_to)}")
            if x
        )
        parts.append(f"{who} ({when})" if when else who)
    return "; ".join(parts)


def aggregation_text(ws: Workspace, ind: Indicator) -> str:
    """How the figure adds up, in words."""
    cat = ws.catalog
    if ind.is_ratio:
        num, den = (
            cat.indicators[code].name if code is not None and code in cat.indicators else code
            for code in (ind.numerator, ind.denominator)
        )
        text = f"Tỷ lệ = ({num}) / ({den}) × {fmt(ind.scale)}, tính từ tổng tử số và mẫu số"
    elif ind.parts and ind.parts_mode == "complete":
        text = "Tổng các chỉ tiêu thành phần"
    else:
        text = {
            "sum": "Cộng số của các đơn vị",
            "single": "Số của đơn vị báo cáo",
            "max": "Số lớn nhất của các đơn vị",
            "none": "Không tổng hợp (xem từng đơn vị)",
        }.get(ind.aggregate, ind.aggregate)
    if not ind.is_ratio:
        text += "; số thời điểm, không cộng dồn" if ind.is_stock else ("; cộng dồn từ đầu năm" if ind.ytd else "")
    if ind.lower_is_better:
        text += "; càng thấp càng tốt"
    return text


def write_outline(ws: Workspace, out: Path, year: int | None = None, *, today: date | None = None) -> OutlineResult:
    out = Path(out)
    years = ws.target_years()
    year = year or (years[-1] if years else (today or date.today()).year)
    res = OutlineResult(out, year=year)
    problems = [p for p in ws.problems() if p.is_error and Path(p.file or "").name in ("catalog.yaml", "units.yaml")]
    if problems:
        res.problems = problems
        return res
    period = Period(year, "Y")
    targets = ws.targets(year)
    today = today or date.today()
    wb, tmp = open_book(out)
    wb.set_properties({"title": f"Danh mục chỉ tiêu báo cáo kinh tế - xã hội năm {year}"})
    sh = wb.add_worksheet("Danh mục chỉ tiêu")

    def f(**props: Any) -> Any:
        base = {"font_name": FONT, "font_size": 12, "valign": "top", "text_wrap": True}
        base.update(props)
        return wb.add_format(base)

    last = len(COLUMNS) - 1
    for n, (_h, w) in enumerate(COLUMNS):
        sh.set_column(n, n, w)
    authority = (ws.authority(period) or ws.settings.name or "").upper()
    line1, line2 = authority, ""
    if authority.startswith("ỦY BAN NHÂN DÂN "):
        line1, line2 = "ỦY BAN NHÂN DÂN", authority.removeprefix("ỦY BAN NHÂN DÂN ")
    centre = {"align": "center", "font_size": 13}
    sh.merge_range(0, 0, 0, 2, line1, f(**centre))
    sh.merge_range(1, 0, 1, 2, line2, f(**centre, bold=True, underline=1))
    sh.merge_range(0, 3, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f(**centre, bold=True))
    sh.merge_range(1, 3, 1, last, "Độc lập - Tự do - Hạnh phúc", f(**centre, bold=True, underline=1))
    place = ws.place(period) or ""
    sh.merge_range(
        2,
        3,
        2,
        last,
        f"{place}, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}".lstrip(", "),
        f(**centre, italic=True),
    )
    sh.merge_range(
        4, 0, 4, last, "DANH MỤC CHỈ TIÊU BÁO CÁO KINH TẾ - XÃ HỘI", f(**{**centre, "font_size": 14}, bold=True)
    )
    source = f" ({targets.source})" if targets.source else ""
    sh.merge_range(
        5,
        0,
        5,
        last,
        f"Kèm chỉ tiêu kế hoạch năm {year}{source}",
        f(align="center", italic=True, font_size=12),
    )
    sh.set_row(5, 18 * max(1, -(-len(source) // 110)))
    head = f(bold=True, align="center", valign="vcenter", border=1, font_size=11)
    hr = 7
    for n, (h, _w) in enumerate(COLUMNS):
        sh.write_string(hr, n, h, head)
    sh.set_row(hr, 30)
    cell = f(border=1, font_size=12)
    centre_cell = f(border=1, align="center", font_size=12)
    number = f(border=1, align="right", font_size=12)
    part = f(border=1, font_size=12, indent=1, italic=True)
    section = f(border=1, bold=True, font_size=12)
    group = f(border=1, bold=True, italic=True, font_size=12)
    part_of = {p for i in ws.catalog for p in i.parts}
    r = hr + 1
    n = 0
    for plan in plan_rows(ws.catalog):
        if plan.kind == "section":
            sh.merge_range(r, 0, r, last, plan.text, section)
        elif plan.kind == "group":
            sh.merge_range(r, 0, r, last, plan.text, group)
        else:
            ind = plan.indicator
            assert ind is not None
            n += 1
            res.indicators += 1
            name = f"{ind.name}\n({ind.code})"
            values = [
                str(n),
                name,
                ind.unit,
                reporters_text(ws, ind),
                aggregation_text(ws, ind),
                fmt(targets.get(ind.code, "province"), None),
                fmt(targets.get(ind.code, "resolution"), None),
            ]
            fmts = [centre_cell, part if ind.code in part_of else cell, centre_cell, cell, cell, number, number]
            for c, (v, fm) in enumerate(zip(values, fmts, strict=True)):
                sh.write_string(r, c, v, fm)
            lines = max(_lines(name, COLUMNS[1][1]), _lines(values[3], COLUMNS[3][1]), _lines(values[4], COLUMNS[4][1]))
            sh.set_row(r, 16 * lines + 2)
        r += 1
    sh.set_paper(9)
    sh.set_portrait()
    sh.set_margins(left=30 * MM, right=15 * MM, top=20 * MM, bottom=20 * MM)
    sh.fit_to_pages(1, 0)
    sh.repeat_rows(hr)
    sh.set_footer('&C&"Times New Roman"&11Trang &P/&N')
    sh.print_area(0, 0, r - 1, last)
    failed = close_book(wb, tmp, out)
    if failed:
        res.problems.append(failed)
        return res
    res.written = True
    return res


def _lines(text: str, width: float) -> int:
    per = max(1, int(width * 1.15))
    return sum(max(1, -(-len(p) // per)) for p in text.split("\n"))
