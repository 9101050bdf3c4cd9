"""Write the master workbook with xlsxwriter, from a computed :class:`MasterTable`.

Sheets: Tổng hợp (district totals with live formulas), Chỉ tiêu (targets the formulas
read), Tình trạng nộp (who returned what), Biểu đồ (attainment chart), Dữ liệu (the long
table), and, when needed, Lũy kế đơn vị / Cùng kỳ đơn vị (the units' year-to-date and
same-period figures that the district formulas add up).

Every formula cell carries the value :mod:`toolkit.master.compute` computed; every text
that comes from a submission is written with ``write_string``, never as a formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..catalog import Indicator
from ..numbers import excel_format
from ..periods import fmt_date
from ..safe_text import as_text_cell
from ..workspace import Workspace
from . import formulas as F
from . import layout as L
from .compute import MasterRow, MasterTable, is_derived
from .inputs import Inputs, UnitStatus
from .longtable import DATA_HEADERS, DataTable
from .styles import CHANGE_PCT, CHANGE_POINTS, PCT, Styles, signed
from .xlsxfast import formula_writer, number_writer

NAME_WIDTH = 60
LINE_HEIGHT = 16.5


def row_height(*texts: str, width: int = NAME_WIDTH) -> float | None:
    """Height for wrapped text (xlsxwriter cannot autofit rows); None for one line."""
    lines = max((len(t) // int(width * 1.05) + 1 for t in texts if t), default=1)
    return LINE_HEIGHT * lines if lines > 1 else None


@dataclass
class WriteInfo:
    formulas: int = 0
    unit_columns: int = 0
    data_rows_in_sheet: int = 0


def text(value: Any) -> str:
    """Any text for a cell (notes, names, file names): cleaned and cut (toolkit.safe_text)."""
    return as_text_cell(value)


class _Sheet:
    """A worksheet plus the writing helpers every sheet uses."""

    def __init__(self, ws: Any, styles: Styles, info: WriteInfo) -> None:
        self.ws, self.st, self.info = ws, styles, info
        self._formula = formula_writer(ws)
        self.fast_number = number_writer(ws)  # finite numbers only (values are checked on input)

    def formula(self, row: int, col: int, formula: str, value: Any, fmt: Any) -> None:
        self._formula(row, col, formula, fmt, "" if value is None else value)
        self.info.formulas += 1

    def string(self, row: int, col: int, value: Any, fmt: Any = None) -> None:
        self.ws.write_string(row, col, text(value), fmt)

    def number(self, row: int, col: int, value: float | None, fmt: Any) -> None:
        if value is None:
            self.ws.write_blank(row, col, None, fmt)
        else:
            self.ws.write_number(row, col, value, fmt)


def write_workbook(
    path: Path, ws: Workspace, table: MasterTable, inputs: Inputs, data: DataTable, *, now: datetime
) -> WriteInfo:
    import xlsxwriter

    info = WriteInfo(unit_columns=len(table.units))
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "default_format_properties": {"font_name": "Times New Roman", "font_size": 12},
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "nan_inf_to_errors": True,
        },
    )
    styles = Styles(wb)
    period = table.period
    wb.set_properties(
        {
            "title": f"Tổng hợp chỉ tiêu kinh tế - xã hội {period.label_vi().lower()}",
            "subject": ws.settings.name or "",
            "author": ws.authority(period) or "baocao",
            "comments": "Lập bằng baocao / written by baocao",
            "created": now,
        }
    )
    wb.set_custom_property("baocao_period", period.code)
    wb.set_custom_property("baocao_catalog", ws.catalog.version)

    summary = _Sheet(wb.add_worksheet(L.SUMMARY), styles, info)
    targets = _Sheet(wb.add_worksheet(L.TARGETS), styles, info)
    status = _Sheet(wb.add_worksheet(L.STATUS), styles, info)
    chart = _Sheet(wb.add_worksheet(L.CHART), styles, info)
    datasheet = _Sheet(wb.add_worksheet(L.DATA), styles, info)
    _write_summary(summary, ws, table, inputs, now)
    _write_targets(targets, ws, table)
    _write_status(status, ws, table, inputs, now)
    _write_chart(chart, wb, table)
    info.data_rows_in_sheet = _write_data(datasheet, data)
    if table.has_unit_ytd:
        _write_unit_sheet(_Sheet(wb.add_worksheet(L.UNIT_YTD), styles, info), table, "ytd")
    if table.has_unit_same:
        _write_unit_sheet(_Sheet(wb.add_worksheet(L.UNIT_SAME), styles, info), table, "same")
    summary.ws.activate()
    wb.close()
    return info


# --- Tổng hợp -----------------------------------------------------------------------------


def _write_summary(sh: _Sheet, ws: Workspace, table: MasterTable, inputs: Inputs, now: datetime) -> None:
    w, st = sh.ws, sh.st
    period = table.period
    ncols = L.C_FIRST_UNIT + len(table.units)
    last_fixed = L.C_NOTE
    w.set_landscape()
    w.set_paper(9)
    w.set_margins(left=1.18, right=0.59, top=0.79, bottom=0.79)
    w.fit_to_pages(1, 0)
    w.repeat_rows(L.SUMMARY_HEADER_ROW, L.SUMMARY_HEADER_ROW + 1)
    w.set_footer("&C&P/&N")
    w.hide_gridlines(2)

    sh.string(0, 0, ws.authority(period) or ws.settings.name, st.get("authority"))
    w.merge_range(1, 0, 1, last_fixed, "", st.get("title"))
    sh.string(1, 0, f"BẢNG TỔNG HỢP CHỈ TIÊU KINH TẾ - XÃ HỘI {period.title_vi()}", st.get("title"))
    sh.string(
        2,
        0,
        f"Kỳ báo cáo {fmt_date(period.start)} - {fmt_date(period.end)}; lập lúc "
        f"{now.strftime('%d/%m/%Y %H:%M')}; danh mục phiên bản {ws.catalog.version}.",
        st.get("subtitle"),
    )
    covered, expected = len(inputs.covered), len(inputs.expected)
    names = {u.code: u.name for u in table.units}
    if inputs.missing:
        missing = ", ".join(names.get(c, c) for c in inputs.missing[:30])
        more = f" và {len(inputs.missing) - 30} đơn vị khác" if len(inputs.missing) > 30 else ""
        sh.string(
            3,
            0,
            f"CHƯA ĐỦ SỐ LIỆU: các số tổng chỉ gồm {covered}/{expected} đơn vị; chưa có số liệu hợp lệ "
            f"của {missing}{more} (xem sheet {L.STATUS}).",
            st.get("warn"),
        )
    else:
        sh.string(3, 0, f"Đủ số liệu hợp lệ của {covered}/{expected} đơn vị phải báo cáo.", st.get("ok"))
    sh.string(
        4,
        0,
        "% đạt: xanh ≥ 100%, đỏ < 50%. Chỉ tiêu 'thấp hơn là tốt' (tai nạn, tội phạm...): chỉ tiêu là "
        "mức trần, xanh ≤ 100%, đỏ > 100%. Sửa chỉ tiêu trong sheet Chỉ tiêu: các tỷ lệ tự tính lại.",
        st.get("subtitle"),
    )

    headers = [
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "ĐVT",
        f"Thực hiện {table.period.label_vi().lower()}",
        "Lũy kế từ đầu năm",
        "Cùng kỳ năm trước",
        "Tăng/giảm so cùng kỳ (%; điểm % với chỉ tiêu tỷ lệ)",
        "Chênh lệch so cùng kỳ",
        "Chỉ tiêu tỉnh giao",
        "% đạt chỉ tiêu tỉnh",
        "Chỉ tiêu Nghị quyết",
        "% đạt chỉ tiêu Nghị quyết",
        "Số đơn vị có số liệu",
        "Ghi chú của đơn vị",
    ]
    for c, h in enumerate(headers):
        sh.string(L.SUMMARY_HEADER_ROW, c, h, st.get("header"))
    for i, unit in enumerate(table.units):
        sh.string(L.SUMMARY_HEADER_ROW, L.C_FIRST_UNIT + i, unit.name, st.get("header"))
    colno = st.get("colno")
    for c in range(ncols):
        w.write_number(L.SUMMARY_HEADER_ROW + 1, c, c + 1, colno)
    w.set_row(L.SUMMARY_HEADER_ROW, 64)
    w.set_column(L.C_CODE, L.C_CODE, 24)
    w.set_column(L.C_NAME, L.C_NAME, NAME_WIDTH)
    w.set_column(L.C_UNIT, L.C_UNIT, 10)
    w.set_column(L.C_VALUE, L.C_PCT_RES, 13)
    w.set_column(L.C_COVER, L.C_COVER, 9)
    w.set_column(L.C_NOTE, L.C_NOTE, 30)
    if table.units:
        w.set_column(L.C_FIRST_UNIT, ncols - 1, 12)
    w.freeze_panes(L.SUMMARY_FIRST_ROW, L.C_UNIT + 1)

    ucol = {u.code: L.C_FIRST_UNIT + i for i, u in enumerate(table.units)}
    rows = table.rows
    trow = L.target_rows(ws.catalog)
    part_of = {p for r in rows.values() for p in r.indicator.parts}
    last_row = L.SUMMARY_FIRST_ROW
    for plan in table.plan:
        last_row = plan.row
        if plan.kind == "section":
            w.merge_range(plan.row, 0, plan.row, last_fixed, "", st.get("section"))
            sh.string(plan.row, 0, plan.text, st.get("section"))
            continue
        if plan.kind == "group":
            sh.string(plan.row, L.C_CODE, "", st.get("group"))
            sh.string(plan.row, L.C_NAME, plan.text, st.get("group"))
            for c in range(L.C_UNIT, last_fixed + 1):
                w.write_blank(plan.row, c, None, st.get("blank"))
            continue
        r = rows[plan.indicator.code]
        _write_indicator_row(sh, r, rows, ucol, trow, indent=1 if r.code in part_of else 0, unit_names=names)

    _conditional_formats(sh, table)
    w.print_area(0, 0, last_row, last_fixed)


def _write_indicator_row(
    sh: _Sheet,
    r: MasterRow,
    rows: dict[str, MasterRow],
    ucol: dict[str, int],
    trow: dict[str, int],
    *,
    indent: int,
    unit_names: dict[str, str],
) -> None:
    w, st = sh.ws, sh.st
    ind = r.indicator
    row = r.row
    num = st.num(ind.decimals)
    blank = st.get("blank")
    sh.string(row, L.C_CODE, ind.code, st.get("code"))
    sh.string(row, L.C_NAME, ind.name, st.get("name", indent=indent))
    height = row_height(ind.name + "   " * indent)
    if height:
        w.set_row(row, height)
    sh.string(row, L.C_UNIT, ind.unit, st.get("center"))
    has_district = ind.aggregate != "none" or ind.is_ratio
    rep_cols = [ucol[u] for u in r.reporters]

    # unit cells (this period)
    if is_derived(ind):
        for u in r.reporters:
            c = ucol[u]
            sh.formula(
                row, c, _derived_unit_formula(ind, rows, c, None), r.unit_values.get(u), st.num(ind.decimals, False)
            )
    else:
        fmt = st.num(ind.decimals, False)
        put = sh.fast_number
        for u in r.reporters:
            v = r.unit_values.get(u)
            if v is not None:
                put(row, ucol[u], v, fmt)

    # D: this period
    if ind.is_ratio:
        n, d = rows[ind.numerator].row, rows[ind.denominator].row
        sh.formula(row, L.C_VALUE, F.ratio(L.ref(n, L.C_VALUE), L.ref(d, L.C_VALUE), ind.scale), r.value, num)
    elif has_district and rep_cols:
        sh.formula(row, L.C_VALUE, F.aggregate(ind, row, rep_cols), r.value, num)
    else:
        w.write_blank(row, L.C_VALUE, None, blank)

    # E: year to date
    if r.ytd_source == "value":
        sh.formula(row, L.C_YTD, F.copy(L.ref(row, L.C_VALUE)), r.ytd, num)
    elif r.ytd_source == "units" and ind.is_ratio:
        n, d = rows[ind.numerator].row, rows[ind.denominator].row
        sh.formula(row, L.C_YTD, F.ratio(L.ref(n, L.C_YTD), L.ref(d, L.C_YTD), ind.scale), r.ytd, num)
    elif r.ytd_source == "units" and rep_cols:
        cols = [L.U_FIRST_UNIT + (c - L.C_FIRST_UNIT) for c in rep_cols]
        sh.formula(row, L.C_YTD, F.aggregate(ind, row, cols, L.UNIT_YTD), r.ytd, num)
    else:
        w.write_blank(row, L.C_YTD, None, blank)

    # F: same period last year
    if r.same_source == "baseline":
        sh.number(row, L.C_SAME, r.same, num)
    elif r.same_source == "operands":
        n, d = rows[ind.numerator].row, rows[ind.denominator].row
        sh.formula(row, L.C_SAME, F.ratio(L.ref(n, L.C_SAME), L.ref(d, L.C_SAME), ind.scale), r.same, num)
    elif r.same_source == "units" and rep_cols:
        cols = [L.U_FIRST_UNIT + (c - L.C_FIRST_UNIT) for c in rep_cols]
        sh.formula(row, L.C_SAME, F.aggregate(ind, row, cols, L.UNIT_SAME), r.same, num)
    else:
        w.write_blank(row, L.C_SAME, None, blank)

    # G, H: change against the same period
    if r.same_source:
        points = r.change_in_points
        sh.formula(
            row,
            L.C_CHANGE,
            F.change(L.ref(row, L.C_VALUE), L.ref(row, L.C_SAME), points),
            r.change,
            st.get("num", num_format=CHANGE_POINTS if points else CHANGE_PCT),
        )
        if points:
            w.write_blank(row, L.C_DIFF, None, blank)
        else:
            sh.formula(
                row,
                L.C_DIFF,
                F.diff(L.ref(row, L.C_VALUE), L.ref(row, L.C_SAME)),
                r.diff,
                st.get("num", num_format=signed(ind.decimals)),
            )
    else:
        w.write_blank(row, L.C_CHANGE, None, blank)
        w.write_blank(row, L.C_DIFF, None, blank)

    # I..L: targets (read from Chỉ tiêu) and attainment
    basis_col = L.C_YTD if ind.ytd else L.C_VALUE
    for kind in L.TARGET_KINDS:
        tcol, pcol = L.TARGET_SUMMARY_COL[kind], L.PCT_COL[kind]
        if not has_district:
            w.write_blank(row, tcol, None, blank)
            w.write_blank(row, pcol, None, blank)
            continue
        tcell = L.ref(trow[ind.code], L.TARGET_COL[kind], L.TARGETS, absolute=True)
        sh.formula(row, tcol, F.target(tcell), r.targets.get(kind), num)
        sh.formula(
            row,
            pcol,
            F.attainment(L.ref(row, basis_col), L.ref(row, tcol)),
            r.attainment.get(kind),
            st.get("num", num_format=PCT),
        )

    # M: coverage, N: notes
    if rep_cols:
        sh.formula(row, L.C_COVER, F.coverage(F.cells(row, rep_cols), len(rep_cols)), r.coverage, st.get("center"))
    else:
        w.write_blank(row, L.C_COVER, None, blank)
    if r.notes:
        sh.string(row, L.C_NOTE, "; ".join(f"{unit_names.get(u, u)}: {t}" for u, t in r.notes), st.get("text"))
    else:
        w.write_blank(row, L.C_NOTE, None, blank)


def _derived_unit_formula(ind: Indicator, rows: dict[str, MasterRow], col: int, sheet: str | None) -> str:
    """A unit's own rate (numerator/denominator) or whole (sum of its complete parts)."""
    if ind.is_ratio:
        return F.ratio(L.ref(rows[ind.numerator].row, col), L.ref(rows[ind.denominator].row, col), ind.scale)
    parts = ",".join(L.ref(rows[p].row, col) for p in ind.parts if p in rows)
    return F.parts_sum(parts)


def _conditional_formats(sh: _Sheet, table: MasterTable) -> None:
    """Green/red attainment; for lower-is-better rows the target is a ceiling."""
    runs: list[tuple[int, int, bool]] = []
    for r in sorted(table.rows.values(), key=lambda r: r.row):
        if r.indicator.aggregate == "none" and not r.indicator.is_ratio:
            continue
        lower = r.indicator.lower_is_better
        if runs and runs[-1][1] == r.row - 1 and runs[-1][2] == lower:
            runs[-1] = (runs[-1][0], r.row, lower)
        else:
            runs.append((r.row, r.row, lower))
    for first, last, lower in runs:
        for col in (L.C_PCT_PROV, L.C_PCT_RES):
            top = L.ref(first, col)
            if lower:
                good, bad = f"AND(ISNUMBER({top}),{top}<=100)", f"AND(ISNUMBER({top}),{top}>100)"
            else:
                good, bad = f"AND(ISNUMBER({top}),{top}>=100)", f"AND(ISNUMBER({top}),{top}<50)"
            sh.ws.conditional_format(
                first, col, last, col, {"type": "formula", "criteria": "=" + good, "format": sh.st.green}
            )
            sh.ws.conditional_format(
                first, col, last, col, {"type": "formula", "criteria": "=" + bad, "format": sh.st.red}
            )


# --- Chỉ tiêu -----------------------------------------------------------------------------


def _write_targets(sh: _Sheet, ws: Workspace, table: MasterTable) -> None:
    w, st = sh.ws, sh.st
    year = table.period.year
    tg = ws.targets(year)
    sh.string(0, 0, f"CHỈ TIÊU KẾ HOẠCH NĂM {year}", st.get("authority"))
    sh.string(
        1, 0, f"Nguồn: {tg.source}" if tg.source else "Nguồn: templates/targets/" + f"{year}.yaml", st.get("subtitle")
    )
    sh.string(
        2,
        0,
        "Sửa số ở cột D, E (ô nền vàng): mọi % đạt trong sheet Tổng hợp tự tính lại. Để trống khi không giao chỉ tiêu.",
        st.get("subtitle"),
    )
    for c, h in enumerate(
        ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Chỉ tiêu tỉnh giao", "Chỉ tiêu Nghị quyết", "Hướng", "% đạt tính trên"]
    ):
        sh.string(L.TARGETS_HEADER_ROW, c, h, st.get("header"))
    w.set_column(L.T_CODE, L.T_CODE, 20)
    w.set_column(L.T_NAME, L.T_NAME, 55)
    w.set_column(L.T_UNIT, L.T_UNIT, 10)
    w.set_column(L.T_PROV, L.T_RES, 15)
    w.set_column(L.T_DIRECTION, L.T_BASIS, 28)
    w.freeze_panes(L.TARGETS_FIRST_ROW, 2)
    w.set_landscape()
    w.set_paper(9)
    w.fit_to_pages(1, 0)
    w.repeat_rows(L.TARGETS_HEADER_ROW)
    for n, ind in enumerate(ws.catalog):
        row = L.TARGETS_FIRST_ROW + n
        sh.string(row, L.T_CODE, ind.code, st.get("code"))
        sh.string(row, L.T_NAME, ind.name, st.get("name"))
        sh.string(row, L.T_UNIT, ind.unit, st.get("center"))
        for kind in L.TARGET_KINDS:
            v = tg.get(ind.code, kind)
            fmt = st.get("input", num_format=excel_format(ind.decimals))
            if v is None:
                w.write_blank(row, L.TARGET_COL[kind], None, fmt)
            else:
                w.write_number(row, L.TARGET_COL[kind], v, fmt)
        sh.string(
            row,
            L.T_DIRECTION,
            "Thấp hơn là tốt (mức trần)" if ind.lower_is_better else "Cao hơn là tốt",
            st.get("text"),
        )
        basis = "lũy kế từ đầu năm" if ind.ytd else "số hiện có (tồn)" if ind.is_stock else "số của kỳ"
        sh.string(row, L.T_BASIS, basis, st.get("text"))
    w.autofilter(L.TARGETS_HEADER_ROW, 0, L.TARGETS_FIRST_ROW + max(len(ws.catalog) - 1, 0), L.T_BASIS)


# --- Tình trạng nộp -----------------------------------------------------------------------

STATE_VI = {"valid": "Đã nộp, hợp lệ", "invalid": "Đã nộp, còn lỗi (chưa tổng hợp)", "missing": "Chưa nộp"}


def status_label(s: UnitStatus, overdue: bool) -> str:
    label = STATE_VI[s.state]
    if s.state == "missing" and overdue:
        label += " (quá hạn)"
    if not s.expected:
        label += " — ngoài danh sách phải báo cáo"
    return label


def _when(v: Any) -> datetime | None:
    if isinstance(v, datetime):
        return v.replace(tzinfo=None)
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    if isinstance(v, str) and v:
        try:
            return datetime.fromisoformat(v).replace(tzinfo=None)
        except ValueError:
            return None
    return None


def _relative(path: Any, root: Path) -> str:
    """An archived file's path relative to the workspace (shorter, and the same on any machine)."""
    p = Path(str(path))
    try:
        return p.relative_to(root).as_posix() if p.is_absolute() else str(path)
    except ValueError:
        return str(path)


def _write_status(sh: _Sheet, ws: Workspace, table: MasterTable, inputs: Inputs, now: datetime) -> None:
    w, st = sh.ws, sh.st
    period = table.period
    deadline = ws.deadline(period)
    overdue = now.date() > deadline
    sh.string(0, 0, f"TÌNH TRẠNG NỘP BÁO CÁO {period.title_vi()}", st.get("authority"))
    n_exp, n_cov = len(inputs.expected), len(inputs.covered)
    line = (
        f"Hạn nộp {fmt_date(deadline)}. Đã tổng hợp {n_cov}/{n_exp} đơn vị; chưa nộp "
        f"{sum(1 for s in inputs.status if s.state == 'missing' and s.expected)}; còn lỗi {len(inputs.invalid)}."
    )
    sh.string(1, 0, line, st.get("warn") if inputs.missing else st.get("ok"))
    headers = [
        "STT",
        "Mã",
        "Đơn vị",
        "Loại",
        "Trạng thái",
        "Phiên bản",
        "Nhận lúc",
        "Mã băm SHA-256",
        "Số lỗi",
        "Số cảnh báo",
        "Tệp đơn vị gửi",
        "Tệp lưu trữ",
        "Số lần nộp",
        "Được tổng hợp",
    ]
    hr = 3
    for c, h in enumerate(headers):
        sh.string(hr, c, h, st.get("header"))
    kinds = {"ward": "Phường", "commune": "Xã", "department": "Phòng, ban, ngành"}
    blank = st.get("blank")
    for n, s in enumerate(inputs.status, start=1):
        row = hr + n
        sub = s.submission
        w.write_number(row, 0, n, st.get("center"))
        sh.string(row, 1, s.code, st.get("code"))
        sh.string(row, 2, s.unit.name, st.get("text"))
        sh.string(row, 3, kinds.get(s.unit.kind, s.unit.kind), st.get("text"))
        sh.string(row, 4, status_label(s, overdue), st.get(s.state))
        if sub is None:
            for c in range(5, len(headers) - 1):
                w.write_blank(row, c, None, blank)
        else:
            version = getattr(sub, "version", None)
            if isinstance(version, int):
                w.write_number(row, 5, version, st.get("center"))
            else:
                sh.string(row, 5, version or "", st.get("center"))
            when = _when(getattr(sub, "received_at", None))
            if when is not None:
                w.write_datetime(row, 6, when, st.get("datetime"))
            else:
                sh.string(row, 6, getattr(sub, "received_at", "") or "", st.get("text"))
            sh.string(row, 7, getattr(sub, "sha256", "") or "", st.get("code"))
            w.write_number(row, 8, int(getattr(sub, "errors", 0) or 0), st.get("center"))
            w.write_number(row, 9, int(getattr(sub, "warnings", 0) or 0), st.get("center"))
            path = _relative(getattr(sub, "path", "") or "", ws.root)
            sh.string(row, 10, getattr(sub, "original_name", "") or Path(path).name, st.get("code"))
            sh.string(row, 11, path, st.get("code"))
            versions = getattr(sub, "versions", None)
            if isinstance(versions, int):
                w.write_number(row, 12, versions, st.get("center"))
            else:
                w.write_blank(row, 12, None, blank)
        sh.string(row, 13, "Có" if s.included else "Không", st.get("center"))
    last = hr + max(len(inputs.status), 1)
    w.autofilter(hr, 0, last, len(headers) - 1)
    w.freeze_panes(hr + 1, 3)
    w.set_row(hr, 32)
    for c, width in enumerate([6, 8, 32, 16, 30, 9, 17, 20, 8, 10, 32, 60, 9, 12]):
        w.set_column(c, c, width)
    w.set_landscape()
    w.set_paper(9)
    w.fit_to_pages(1, 0)


# --- Biểu đồ ------------------------------------------------------------------------------


def chart_rows(table: MasterTable) -> list[MasterRow]:
    """The main indicators: those with a province target and a district figure."""
    return [
        r
        for r in sorted(table.rows.values(), key=lambda r: r.row)
        if r.targets.get("province") is not None and (r.indicator.aggregate != "none" or r.indicator.is_ratio)
    ]


def _write_chart(sh: _Sheet, wb: Any, table: MasterTable) -> None:
    w, st = sh.ws, sh.st
    rows = chart_rows(table)
    sh.string(0, 0, f"MỨC ĐẠT CHỈ TIÊU {table.period.title_vi()}", st.get("authority"))
    for c, h in enumerate(["Chỉ tiêu", "% đạt chỉ tiêu tỉnh", "% đạt chỉ tiêu Nghị quyết"]):
        sh.string(2, c, h, st.get("header"))
    w.set_column(0, 0, 50)
    w.set_column(1, 2, 14)
    w.set_landscape()
    w.set_paper(9)
    w.fit_to_pages(1, 1)
    if not rows:
        sh.string(3, 0, "Chưa có chỉ tiêu nào có chỉ tiêu tỉnh giao.", st.get("subtitle"))
        return
    pct = st.get("num", num_format=PCT)
    for n, r in enumerate(rows):
        row = 3 + n
        label = r.indicator.name if len(r.indicator.name) <= 70 else r.indicator.name[:69] + "…"
        sh.string(row, 0, f"{label} ({r.indicator.unit})", st.get("text"))
        height = row_height(label, width=50)
        if height:
            w.set_row(row, height)
        sh.formula(row, 1, F.link(r.row, L.C_PCT_PROV, L.SUMMARY), r.attainment.get("province"), pct)
        sh.formula(row, 2, F.link(r.row, L.C_PCT_RES, L.SUMMARY), r.attainment.get("resolution"), pct)
    first, last = 3, 3 + len(rows) - 1
    chart = wb.add_chart({"type": "bar"})
    for col, name, colour in ((1, "% chỉ tiêu tỉnh", "#2F5597"), (2, "% chỉ tiêu Nghị quyết", "#C55A11")):
        chart.add_series(
            {
                "name": name,
                "categories": [L.CHART, first, 0, last, 0],
                "values": [L.CHART, first, col, last, col],
                "fill": {"color": colour},
                "data_labels": {"value": True, "num_format": '0.0"%"'},
            }
        )
    chart.set_title({"name": f"Mức đạt chỉ tiêu tỉnh giao — {table.period.label_vi()}"})
    chart.set_x_axis({"name": "% đạt", "num_format": '0"%"', "min": 0})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 900, "height": max(320, 60 + 38 * len(rows))})
    w.insert_chart(2, 4, chart)


# --- Dữ liệu ------------------------------------------------------------------------------


def _write_data(sh: _Sheet, data: DataTable) -> int:
    w, st = sh.ws, sh.st
    widths = [10, 28, 9, 22, 45, 10, 12, 14, 30, 40, 9, 14, 8]
    for c, width in enumerate(widths):
        w.set_column(c, c, width)
    if data.csv_path is not None:
        sh.string(
            0,
            0,
            f"Bảng dữ liệu có {data.count} dòng, quá {data.limit} dòng để mở nhanh trong Excel; "
            f"đã ghi ra tệp CSV (UTF-8) bên cạnh: {data.csv_path.name}",
            st.get("warn"),
        )
        sh.string(
            1,
            0,
            f"The data table has {data.count} rows, more than {data.limit}; it was written to "
            f"{data.csv_path.name} beside this workbook.",
            st.get("subtitle"),
        )
        return 0
    num_fmt = st.get("plain", num_format="#,##0.######", border=False)
    text_fmt = st.get("plain", border=False)
    put = sh.fast_number
    cleaned: dict[str, str] = {}  # most texts repeat (codes, names, files): clean each once
    n = 0
    for n, values in enumerate(data.rows(), start=1):
        for c, v in enumerate(values):
            if v is None or v == "":
                continue
            if v.__class__ is float or v.__class__ is int:
                put(n, c, v, num_fmt)
            else:
                t = cleaned.get(v) if v.__class__ is str else None
                if t is None:
                    t = text(v)
                    if v.__class__ is str:
                        cleaned[v] = t
                w.write_string(n, c, t, text_fmt)
    last = max(n, 1)
    w.add_table(
        0,
        0,
        last,
        len(DATA_HEADERS) - 1,
        {
            "name": "DuLieu",
            "style": "Table Style Light 9",
            "columns": [{"header": h} for h in DATA_HEADERS],
        },
    )
    w.freeze_panes(1, 0)
    w.set_landscape()
    w.set_paper(9)
    w.fit_to_pages(1, 0)
    w.repeat_rows(0)
    return n


# --- Lũy kế đơn vị, Cùng kỳ đơn vị --------------------------------------------------------


def _write_unit_sheet(sh: _Sheet, table: MasterTable, ctx: str) -> None:
    w, st = sh.ws, sh.st
    title = {"ytd": "LŨY KẾ TỪ ĐẦU NĂM THEO ĐƠN VỊ", "same": "CÙNG KỲ NĂM TRƯỚC THEO ĐƠN VỊ"}[ctx]
    sh.string(0, 0, f"{title} — {table.period.label_vi()}", st.get("authority"))
    sh.string(1, 0, "Các số tổng ở sheet Tổng hợp cộng các ô của sheet này.", st.get("subtitle"))
    for c, h in enumerate(["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT"]):
        sh.string(L.SUMMARY_HEADER_ROW, c, h, st.get("header"))
    for i, unit in enumerate(table.units):
        sh.string(L.SUMMARY_HEADER_ROW, L.U_FIRST_UNIT + i, unit.name, st.get("header"))
    w.set_row(L.SUMMARY_HEADER_ROW, 64)
    w.set_column(0, 0, 17)
    w.set_column(1, 1, 50)
    w.set_column(2, 2, 10)
    if table.units:
        w.set_column(L.U_FIRST_UNIT, L.U_FIRST_UNIT + len(table.units) - 1, 12)
    w.freeze_panes(L.SUMMARY_FIRST_ROW, 3)
    ucol = {u.code: L.U_FIRST_UNIT + i for i, u in enumerate(table.units)}
    rows = table.rows
    for plan in table.plan:
        if plan.kind != "indicator":
            sh.string(plan.row, 1, plan.text, st.get("group"))
            continue
        r = rows[plan.indicator.code]
        ind = r.indicator
        sh.string(r.row, 0, ind.code, st.get("code"))
        sh.string(r.row, 1, ind.name, st.get("name"))
        sh.string(r.row, 2, ind.unit, st.get("center"))
        enabled = ind.ytd if ctx == "ytd" else ind.same_period
        if not enabled:
            continue
        values = r.unit_ytd if ctx == "ytd" else r.unit_same
        fmt = st.num(ind.decimals, False)
        if is_derived(ind):
            for u in r.reporters:
                c = ucol[u]
                sh.formula(r.row, c, _derived_unit_formula(ind, rows, c, None), values.get(u), fmt)
        else:
            put = sh.fast_number
            for u in r.reporters:
                v = values.get(u)
                if v is not None:
                    put(r.row, ucol[u], v, fmt)
