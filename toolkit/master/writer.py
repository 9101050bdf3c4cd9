"""Write the master workbook with xlsxwriter, from a computed :class:`MasterTable`.

Sheets: Tổng hợp (district totals with live formulas), Chỉ tiêu (targets the formulas
read), Tình trạng nộp (who returned what), Biểu đồ (attainment chart), Dữ liệu (the long
table), and, when needed, Lũy kế đơn vị / Cùng kỳ đơn vị (the units' year-to-date and
same-period figures that the district formulas add up).

Every formula cell carries the value :mod:`toolkit.master.compute` computed; every text
that comes from a submission is written with ``write_string``, never as a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_range_abs

from .. import printing as P
from ..catalog import Indicator
from ..numbers import excel_format
from ..periods import fmt_date
from ..safe_text import as_text_cell
from ..workspace import Workspace
from . import formulas as F
from . import layout as L
from . import sheetprint as SP
from .compute import MasterRow, MasterTable, is_derived
from .inputs import Inputs, UnitStatus
from .longtable import DATA_HEADERS, DataTable
from .styles import CHANGE_PCT, CHANGE_POINTS, FONT, PCT, Styles, signed
from .unit_targets import TERM_TARGETS, UNIT_TARGETS, write_attainment_sheet
from .xlsxfast import fast_rows, formula_writer, number_writer, row_writers

DEFAULT_ROW = P.row_points(1, 12)
UNIT_WIDTH = 12
HASH_SIZE = 10
DATA_WRAP_ROWS = 20_000


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

    def __init__(self, worksheet: Any, styles: Styles, info: WriteInfo) -> None:
        self.worksheet, self.st, self.info = worksheet, styles, info
        self.heights: dict[int, float] = {}  # 0-based row -> points, set on the sheet by apply_heights
        self._formula = formula_writer(worksheet)
        self.fast_number = number_writer(worksheet)  # finite numbers only (values are checked on input)
        fast_rows(worksheet)  # 10.000 unit columns: rows written from their cells, not by trying every column
        self._numbers, self._formulas = row_writers(worksheet)

    def formula(self, row: int, col: int, formula: str, value: Any, fmt: Any) -> None:
        self._formula(row, col, formula, fmt, "" if value is None else value)
        self.info.formulas += 1

    def unit_cells(
        self,
        row: int,
        ind: Indicator,
        reporters: list[str],
        ucol: dict[str, int],
        values: dict[str, float],
        rows: dict[str, MasterRow],
        fmt: Any,
    ) -> None:
        """The reporting units' cells of an indicator row: a derived row's own formula in every
        reporter's column (with the value it computes), else the figures there are."""
        if is_derived(ind):
            own = _derived_unit_formula(ind, rows)
            cells = [(ucol[u], own.replace(_COLUMN, L.letter(ucol[u])), values.get(u)) for u in reporters]
            self._formulas(row, [(c, f, "" if v is None else v) for c, f, v in cells], fmt)
            self.info.formulas += len(cells)
        else:
            self._numbers(row, [(ucol[u], v) for u in reporters if (v := values.get(u)) is not None], fmt)

    def string(self, row: int, col: int, value: Any, fmt: Any = None) -> None:
        self.worksheet.write_string(row, col, text(value), fmt)

    def need(self, row: int, height: float) -> None:
        """Row ``row`` must be at least ``height`` points tall."""
        if height > self.heights.get(row, 0.0):
            self.heights[row] = min(409.0, height)  # Excel's tallest row

    def fit(self, row: int, *cells: P.Cell, minimum: float = DEFAULT_ROW) -> None:
        """Row ``row`` tall enough for these wrapped texts."""
        self.need(row, P.fit_height(cells, minimum))

    def apply_heights(self) -> None:
        for row, h in self.heights.items():
            self.worksheet.set_row(row, h)

    def number(self, row: int, col: int, value: float | None, fmt: Any) -> None:
        if value is None:
            self.worksheet.write_blank(row, col, None, fmt)
        else:
            self.worksheet.write_number(row, col, value, fmt)


def write_workbook(
    path: Path, ws: Workspace, table: MasterTable, inputs: Inputs, data: DataTable, *, now: datetime
) -> WriteInfo:
    import xlsxwriter

    info = WriteInfo(unit_columns=len(table.units))
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "default_format_properties": dict(FONT),
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
            "title": f"Tổng hợp chỉ tiêu kinh tế - xã hội {period.in_sentence_vi()}",
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
    if table.unit_targets:
        sheet = _Sheet(wb.add_worksheet(UNIT_TARGETS), styles, info)
        write_attainment_sheet(sheet, table, table.unit_targets, term=False)
    if table.term_targets:
        sheet = _Sheet(wb.add_worksheet(TERM_TARGETS), styles, info)
        write_attainment_sheet(sheet, table, table.term_targets, term=True)
    summary.worksheet.activate()
    wb.close()
    return info


# --- Tổng hợp -----------------------------------------------------------------------------


def summary_headers(table: MasterTable) -> list[str]:
    """Titles of Tổng hợp's fixed columns, in column order."""
    return [
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "ĐVT",
        f"Thực hiện {table.period.in_sentence_vi()}",
        "Lũy kế từ đầu năm",
        "Cùng kỳ năm trước",
        "Lũy kế cùng kỳ",
        "Tăng/giảm so cùng kỳ",
        "Chênh lệch so cùng kỳ",
        "Chỉ tiêu tỉnh giao",
        "% đạt chỉ tiêu tỉnh",
        "Chỉ tiêu Nghị quyết",
        "% đạt chỉ tiêu Nghị quyết",
        "Số đơn vị có số liệu",
        "Ghi chú của đơn vị",
    ]


def summary_widths(table: MasterTable, headers: list[str]) -> dict[int, float]:
    """Column widths of Tổng hợp from what the columns hold: the longest code, unit and
    figure, the longest word of each title, so that nothing is clipped or shown as ###."""
    rows = list(table.rows.values())
    inds = [r.indicator for r in rows]
    widths: dict[int, float] = {}
    widths[L.C_CODE] = SP.width_for(SP.longest(i.code for i in inds), 10, 15)
    widths[L.C_NAME] = 34
    widths[L.C_UNIT] = SP.width_for(SP.longest_word(i.unit for i in inds), 6, 9)
    kinds: dict[int, tuple[str, Any]] = {
        L.C_VALUE: ("num", lambda r: r.value),
        L.C_YTD: ("num", lambda r: r.ytd),
        L.C_SAME: ("num", lambda r: r.same),
        L.C_SAME_YTD: ("num", lambda r: r.same_ytd),
        L.C_CHANGE: ("change", lambda r: r.change),
        L.C_DIFF: ("signed", lambda r: r.diff),
        L.C_T_PROV: ("num", lambda r: r.targets.get("province")),
        L.C_PCT_PROV: ("pct", lambda r: r.attainment.get("province")),
        L.C_T_RES: ("num", lambda r: r.targets.get("resolution")),
        L.C_PCT_RES: ("pct", lambda r: r.attainment.get("resolution")),
    }
    for col, (kind, get) in kinds.items():
        texts = []
        for r in rows:
            dec = 2 if kind in ("pct", "change") else r.indicator.decimals
            k = "change" if kind == "change" and r.change_in_points else ("pct" if kind == "change" else kind)
            texts.append(SP.number_text(get(r), dec, k))
        need = max(SP.longest(texts), SP.longest_word([headers[col]], bold=True))
        widths[col] = SP.width_for(need, 8, 16)
    widths[L.C_COVER] = SP.width_for(SP.longest_word([headers[L.C_COVER]], bold=True), 6, 9)
    widths[L.C_NOTE] = 28
    for c in range(L.C_CODE, L.C_FIRST_UNIT):
        widths.setdefault(c, 10)
    return widths


def _write_summary(sh: _Sheet, ws: Workspace, table: MasterTable, inputs: Inputs, now: datetime) -> None:
    w, st = sh.worksheet, sh.st
    period = table.period
    ncols = L.C_FIRST_UNIT + len(table.units)
    last_fixed = L.C_NOTE
    last_main = L.C_NOTE - 1  # the first pages: code to coverage; notes print with the units
    headers = summary_headers(table)
    widths = summary_widths(table, headers)
    for i in range(len(table.units)):
        widths[L.C_FIRST_UNIT + i] = UNIT_WIDTH
    for c in range(L.C_FIRST_UNIT):
        w.set_column(c, c, widths[c])
    if table.units:
        w.set_column(L.C_FIRST_UNIT, ncols - 1, UNIT_WIDTH)
    scale = SP.print_scale([widths[c] for c in range(last_main + 1)])
    if scale < SP.MIN_SCALE:  # a narrower name column before smaller print
        widths[L.C_NAME] = 26
        w.set_column(L.C_NAME, L.C_NAME, widths[L.C_NAME])
        scale = SP.print_scale([widths[c] for c in range(last_main + 1)])
    pts = {c: SP.units_width(wd) for c, wd in widths.items()}

    # Nghị định 30 header, title, period, coverage, legend
    left_end = SP.header_block(
        sh,
        authority=ws.authority(period) or ws.settings.name,
        place=ws.place(period),
        day=now.date(),
        number="Số:        /BC-UBND"
        if P.authority_lines(ws.authority(period))[0] == "ỦY BAN NHÂN DÂN"
        else "Số:        /BC",
        last_col=last_main,
        widths=widths,
    )
    sh.need(3, 8)
    span = sum(pts[c] for c in range(last_main + 1))

    def banner(row: int, text: str, name: str, size: float = 12, bold: bool = False) -> None:
        w.merge_range(row, 0, row, last_main, "", st.get(name))
        sh.string(row, 0, text, st.get(name))
        sh.fit(row, P.Cell(text, span, size, bold))

    banner(L.TITLE_ROW, f"BẢNG TỔNG HỢP CHỈ TIÊU KINH TẾ - XÃ HỘI {period.title_vi()}", "title", 14, True)
    banner(
        L.TITLE_ROW + 1,
        f"(Kỳ báo cáo từ ngày {fmt_date(period.start)} đến ngày {fmt_date(period.end)}; lập lúc "
        f"{now.strftime('%d/%m/%Y %H:%M')}; danh mục chỉ tiêu phiên bản {ws.catalog.version})",
        "banner",
    )
    covered, expected = len(inputs.covered), len(inputs.expected)
    names = {u.code: u.name for u in table.units}
    if inputs.missing:
        missing = ", ".join(names.get(c, c) for c in inputs.missing[:30])
        more = f" và {len(inputs.missing) - 30} đơn vị khác" if len(inputs.missing) > 30 else ""
        banner(
            L.COVERAGE_ROW,
            f"CHƯA ĐỦ SỐ LIỆU: các số tổng chỉ gồm {covered}/{expected} đơn vị; chưa có số liệu hợp lệ "
            f"của {missing}{more} (xem sheet {L.STATUS}).",
            "banner_warn",
            bold=True,
        )
    else:
        banner(
            L.COVERAGE_ROW, f"Đủ số liệu hợp lệ của {covered}/{expected} đơn vị phải báo cáo.", "banner_ok", bold=True
        )
    banner(
        L.COVERAGE_ROW + 1,
        "Tăng/giảm so cùng kỳ: %, với chỉ tiêu tỷ lệ là điểm %. % đạt: xanh ≥ 100%, đỏ < 50%. Chỉ tiêu "
        "'thấp hơn là tốt' (tai nạn, tội phạm...): chỉ tiêu là mức trần, xanh ≤ 100%, đỏ > 100%. "
        "Sửa chỉ tiêu trong sheet Chỉ tiêu: các tỷ lệ tự tính lại.",
        "banner",
    )

    hr = L.SUMMARY_HEADER_ROW
    for c, h in enumerate(headers):
        sh.string(hr, c, h, st.get("header"))
        sh.fit(hr, P.Cell(h, pts[c], 12, True))
    for i, unit in enumerate(table.units):
        sh.string(hr, L.C_FIRST_UNIT + i, unit.name, st.get("header"))
        if i < 2000:  # a few thousand names tell the height as well as ten thousand
            sh.fit(hr, P.Cell(unit.name, pts[L.C_FIRST_UNIT + i], 12, True))
    colno = st.get("colno")
    for c in range(ncols):
        w.write_number(hr + 1, c, c + 1, colno)
    w.freeze_panes(L.SUMMARY_FIRST_ROW, L.C_UNIT + 1)

    ucol = {u.code: L.C_FIRST_UNIT + i for i, u in enumerate(table.units)}
    rows = table.rows
    trow = L.target_rows(ws.catalog)
    part_of = {p for r in rows.values() for p in r.indicator.parts}
    last_row = L.SUMMARY_FIRST_ROW
    headings: set[int] = set()
    for plan in table.plan:
        last_row = plan.row
        if plan.kind == "section":
            w.merge_range(plan.row, 0, plan.row, last_main, "", st.get("section"))
            sh.string(plan.row, 0, plan.text, st.get("section"))
            w.write_blank(plan.row, last_fixed, None, st.get("blank"))
            sh.fit(plan.row, P.Cell(plan.text, span, 12, True))
            headings.add(plan.row)
            continue
        if plan.indicator is None:  # a group heading
            sh.string(plan.row, L.C_CODE, "", st.get("group"))
            sh.string(plan.row, L.C_NAME, plan.text, st.get("group"))
            for c in range(L.C_UNIT, last_fixed + 1):
                w.write_blank(plan.row, c, None, st.get("blank"))
            sh.fit(plan.row, P.Cell(plan.text, pts[L.C_NAME], 12, True))
            headings.add(plan.row)
            continue
        r = rows[plan.indicator.code]
        indent = 1 if r.code in part_of else 0
        _write_indicator_row(sh, r, rows, ucol, trow, indent=indent, unit_names=names)
        note = "; ".join(f"{names.get(u, u)}: {t}" for u, t in r.notes)
        sh.fit(
            r.row,
            P.Cell(r.indicator.code, pts[L.C_CODE]),
            P.Cell(r.indicator.name, pts[L.C_NAME], indent=indent),
            P.Cell(r.indicator.unit, pts[L.C_UNIT]),
            P.Cell(note, pts[L.C_NOTE]),
        )

    _conditional_formats(sh, table)
    sign = SP.signature_block(
        sh, last_row + 2, authority=ws.authority(period) or ws.settings.name, left_end=left_end, last_col=last_main
    )
    sh.need(last_row + 1, 10)
    sh.apply_heights()

    # print: the fixed columns on the first pages, then the notes and the unit columns in
    # blocks, each repeating code, name and unit on its left
    SP.setup_page(w)
    w.set_print_scale(scale)
    w.repeat_rows(hr, hr + 1)
    # two print ranges: the document (header block to signatures, code to coverage), then
    # the table's notes and unit columns from its column titles down, code, name and unit
    # repeated on the left (xlsxwriter takes one range; its attribute takes the list)
    w.print_area(0, 0, sign[-1], last_main)
    units_area = xl_range_abs(hr, L.C_NOTE, last_row, max(ncols - 1, last_fixed))
    w.print_area_range += f",{quote_sheetname(L.SUMMARY)}!{units_area}"
    fixed_left = sum(pts[c] for c in (L.C_CODE, L.C_NAME, L.C_UNIT))
    vbreaks = SP.unit_page_breaks(L.C_NOTE, fixed_left, [widths[c] for c in range(L.C_NOTE, ncols)], scale)
    w.repeat_columns(L.C_CODE, L.C_UNIT)
    w.set_v_pagebreaks(vbreaks[1:])
    SP.apply_row_breaks(
        w,
        sh.heights,
        first=L.SUMMARY_FIRST_ROW,
        last=sign[-1],
        scale=scale,
        repeated=(hr, hr + 1),
        keep=headings | {last_row, last_row + 1} | set(sign[:-1]),  # the last row goes with the signatures
        default=DEFAULT_ROW,
    )


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
    w, st = sh.worksheet, sh.st
    ind = r.indicator
    row = r.row
    num = st.num(ind.decimals)
    blank = st.get("blank")
    sh.string(row, L.C_CODE, ind.code, st.get("code"))
    sh.string(row, L.C_NAME, ind.name + (" (ước)" if r.estimate else ""), st.get("name", indent=indent))
    sh.string(row, L.C_UNIT, ind.unit, st.get("center_wrap"))
    has_district = ind.aggregate != "none" or ind.is_ratio
    rep_cols = [ucol[u] for u in r.reporters]

    # unit cells (this period)
    sh.unit_cells(row, ind, r.reporters, ucol, r.unit_values, rows, st.num(ind.decimals, False))

    # D: this period
    if ind.is_ratio:
        n, d = _operand_rows(ind, rows)
        sh.formula(row, L.C_VALUE, F.ratio(L.ref(n, L.C_VALUE), L.ref(d, L.C_VALUE), ind.scale), r.value, num)
    elif has_district and rep_cols:
        sh.formula(row, L.C_VALUE, F.aggregate(ind, row, rep_cols), r.value, num)
    else:
        w.write_blank(row, L.C_VALUE, None, blank)

    # E: year to date
    if r.ytd_source == "value":
        sh.formula(row, L.C_YTD, F.copy(L.ref(row, L.C_VALUE)), r.ytd, num)
    elif r.ytd_source == "units" and ind.is_ratio:
        n, d = _operand_rows(ind, rows)
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
        n, d = _operand_rows(ind, rows)
        sh.formula(row, L.C_SAME, F.ratio(L.ref(n, L.C_SAME), L.ref(d, L.C_SAME), ind.scale), r.same, num)
    elif r.same_source == "units" and rep_cols:
        cols = [L.U_FIRST_UNIT + (c - L.C_FIRST_UNIT) for c in rep_cols]
        sh.formula(row, L.C_SAME, F.aggregate(ind, row, cols, L.UNIT_SAME), r.same, num)
    else:
        w.write_blank(row, L.C_SAME, None, blank)

    # G: last year's year to date (Q2-Q4, months after January): the accepted figure, a number
    if r.same_ytd is not None:
        sh.number(row, L.C_SAME_YTD, r.same_ytd, num)
    else:
        w.write_blank(row, L.C_SAME_YTD, None, blank)

    # H, I: change against the same period
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

    # J..M: targets (read from Chỉ tiêu) and attainment
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

    # N: coverage, O: notes
    if rep_cols:
        sh.formula(row, L.C_COVER, F.coverage(F.cells(row, rep_cols), len(rep_cols)), r.coverage, st.get("center"))
    else:
        w.write_blank(row, L.C_COVER, None, blank)
    if r.notes:
        sh.string(row, L.C_NOTE, "; ".join(f"{unit_names.get(u, u)}: {t}" for u, t in r.notes), st.get("text"))
    else:
        w.write_blank(row, L.C_NOTE, None, blank)


def _operand_rows(ind: Indicator, rows: dict[str, MasterRow]) -> tuple[int, int]:
    """The master rows of a ratio's numerator and denominator (the catalog check requires both)."""
    return rows[ind.numerator or ""].row, rows[ind.denominator or ""].row


_COLUMN = "\x00"  # a unit's column letters, in a formula made once per indicator (no formula holds NUL)


def _derived_unit_formula(ind: Indicator, rows: dict[str, MasterRow]) -> str:
    """A unit's own rate (numerator/denominator) or whole (sum of its complete parts), its
    column left as ``_COLUMN``: made once per indicator, then completed for each unit column
    with ``.replace(_COLUMN, letters)`` (10.000 units: 240.000 formulas)."""
    if ind.is_ratio:
        n, d = _operand_rows(ind, rows)
        return F.ratio(f"{_COLUMN}{n + 1}", f"{_COLUMN}{d + 1}", ind.scale)
    parts = ",".join(f"{_COLUMN}{rows[p].row + 1}" for p in ind.parts if p in rows)
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
            sh.worksheet.conditional_format(
                first, col, last, col, {"type": "formula", "criteria": "=" + good, "format": sh.st.green}
            )
            sh.worksheet.conditional_format(
                first, col, last, col, {"type": "formula", "criteria": "=" + bad, "format": sh.st.red}
            )


# --- Chỉ tiêu -----------------------------------------------------------------------------


def _banner(sh: _Sheet, row: int, last_col: int, text: str, name: str, span: float, size: float = 12) -> None:
    """A line of text over columns 0..last_col, wrapped, its row tall enough."""
    sh.worksheet.merge_range(row, 0, row, last_col, "", sh.st.get(name))
    sh.string(row, 0, text, sh.st.get(name))
    sh.fit(row, P.Cell(text, span, size, name in ("sheet_title", "banner_warn", "banner_ok")))


def _columns(sh: _Sheet, widths: Sequence[float]) -> list[float]:
    """Set the widths; returns each column's printed width in points."""
    for c, width in enumerate(widths):
        sh.worksheet.set_column(c, c, width)
    return [SP.units_width(x) for x in widths]


def _write_targets(sh: _Sheet, ws: Workspace, table: MasterTable) -> None:
    w, st = sh.worksheet, sh.st
    year = table.period.year
    tg = ws.targets(year)
    inds = list(ws.catalog)
    headers = [
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "ĐVT",
        "Chỉ tiêu tỉnh giao",
        "Chỉ tiêu Nghị quyết",
        "Hướng",
        "% đạt tính trên",
    ]
    widths = [
        SP.width_for(SP.longest(i.code for i in inds), 10, 18),
        44,
        SP.width_for(SP.longest_word(i.unit for i in inds), 6, 10),
        13,
        13,
        16,
        16,
    ]
    pts = _columns(sh, widths)
    span = sum(pts)
    last = len(headers) - 1
    _banner(sh, 0, last, f"CHỈ TIÊU KẾ HOẠCH NĂM {year}", "sheet_title", span, 13)
    _banner(
        sh,
        1,
        last,
        f"Nguồn: {tg.source}" if tg.source else f"Nguồn: templates/targets/{year}.yaml",
        "subtitle_wrap",
        span,
    )
    _banner(
        sh,
        2,
        last,
        "Sửa số ở cột D, E (ô nền vàng): mọi % đạt trong sheet Tổng hợp tự tính lại. Để trống khi không giao chỉ tiêu.",
        "subtitle_wrap",
        span,
    )
    for c, h in enumerate(headers):
        sh.string(L.TARGETS_HEADER_ROW, c, h, st.get("header"))
        sh.fit(L.TARGETS_HEADER_ROW, P.Cell(h, pts[c], 12, True))
    w.freeze_panes(L.TARGETS_FIRST_ROW, 2)
    for n, ind in enumerate(inds):
        row = L.TARGETS_FIRST_ROW + n
        sh.string(row, L.T_CODE, ind.code, st.get("code"))
        sh.string(row, L.T_NAME, ind.name, st.get("name"))
        sh.string(row, L.T_UNIT, ind.unit, st.get("center_wrap"))
        for kind in L.TARGET_KINDS:
            v = tg.get(ind.code, kind)
            fmt = st.get("input", num_format=excel_format(ind.decimals))
            if v is None:
                w.write_blank(row, L.TARGET_COL[kind], None, fmt)
            else:
                w.write_number(row, L.TARGET_COL[kind], v, fmt)
        direction = "Thấp hơn là tốt (mức trần)" if ind.lower_is_better else "Cao hơn là tốt"
        sh.string(row, L.T_DIRECTION, direction, st.get("text"))
        basis = "lũy kế từ đầu năm" if ind.ytd else "số hiện có (tồn)" if ind.is_stock else "số của kỳ"
        sh.string(row, L.T_BASIS, basis, st.get("text"))
        sh.fit(
            row,
            P.Cell(ind.code, pts[L.T_CODE]),
            P.Cell(ind.name, pts[L.T_NAME]),
            P.Cell(ind.unit, pts[L.T_UNIT]),
            P.Cell(direction, pts[L.T_DIRECTION]),
            P.Cell(basis, pts[L.T_BASIS]),
        )
    w.autofilter(L.TARGETS_HEADER_ROW, 0, L.TARGETS_FIRST_ROW + max(len(inds) - 1, 0), L.T_BASIS)
    sh.apply_heights()
    SP.setup_page(w)
    w.set_print_scale(SP.print_scale(widths))
    w.repeat_rows(L.TARGETS_HEADER_ROW)
    w.print_area(0, 0, L.TARGETS_FIRST_ROW + max(len(inds) - 1, 0), last)


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
    w, st = sh.worksheet, sh.st
    period = table.period
    deadline = ws.deadline(period)
    overdue = now.date() > deadline
    widths = [5, 8, 20, 11, 17, 8, 17, 17, 6, 8, 18, 26, 7, 9]
    pts = _columns(sh, widths)
    span = sum(pts)
    _banner(sh, 0, len(widths) - 1, f"TÌNH TRẠNG NỘP BÁO CÁO {period.title_vi()}", "sheet_title", span, 13)
    n_exp, n_cov = len(inputs.expected), len(inputs.covered)
    line = (
        f"Hạn nộp {fmt_date(deadline)}. Đã tổng hợp {n_cov}/{n_exp} đơn vị; chưa nộp "
        f"{sum(1 for s in inputs.status if s.state == 'missing' and s.expected)}; còn lỗi {len(inputs.invalid)}."
    )
    _banner(sh, 1, len(widths) - 1, line, "banner_warn" if inputs.missing else "banner_ok", span)
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
        sh.fit(hr, P.Cell(h, pts[c], 12, True))
    kinds = {
        "ward": "Phường",
        "commune": "Xã",
        "department": "Phòng, ban, ngành",
        "section": "Bộ phận chuyên môn",
        "hamlet": "Khóm, ấp",
    }
    blank = st.get("blank")
    for n, s in enumerate(inputs.status, start=1):
        row = hr + n
        sub = s.submission
        w.write_number(row, 0, n, st.get("center"))
        sh.string(row, 1, s.code, st.get("code"))
        sh.string(row, 2, s.unit.name, st.get("text"))
        sh.string(row, 3, kinds.get(s.unit.kind, s.unit.kind), st.get("text"))
        label = status_label(s, overdue)
        sh.string(row, 4, label, st.get(s.state))
        texts = {2: s.unit.name, 3: kinds.get(s.unit.kind, s.unit.kind), 4: label}
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
            sh.string(row, 7, getattr(sub, "sha256", "") or "", st.get("hash"))
            texts[7] = getattr(sub, "sha256", "") or ""
            w.write_number(row, 8, int(getattr(sub, "errors", 0) or 0), st.get("center"))
            w.write_number(row, 9, int(getattr(sub, "warnings", 0) or 0), st.get("center"))
            path = _relative(getattr(sub, "path", "") or "", ws.root)
            sent = getattr(sub, "original_name", "") or Path(path).name
            sh.string(row, 10, sent, st.get("code"))
            sh.string(row, 11, path, st.get("code"))
            texts.update({10: sent, 11: path})
            versions = getattr(sub, "versions", None)
            if isinstance(versions, int):
                w.write_number(row, 12, versions, st.get("center"))
            else:
                w.write_blank(row, 12, None, blank)
        used = ("Có, số chính thức" if s.official else "Có") if s.included else "Không"
        sh.string(row, 13, used, st.get("center"))
        texts[13] = used
        sh.fit(row, *(P.Cell(t, pts[c], HASH_SIZE if c == 7 else 12) for c, t in texts.items()))
    last = hr + max(len(inputs.status), 1)
    w.autofilter(hr, 0, last, len(headers) - 1)
    w.freeze_panes(hr + 1, 3)
    sh.apply_heights()
    SP.setup_page(w)
    w.set_print_scale(SP.print_scale(widths))
    w.repeat_rows(hr)
    w.print_area(0, 0, last, len(headers) - 1)


# --- Biểu đồ ------------------------------------------------------------------------------


def chart_rows(table: MasterTable) -> list[MasterRow]:
    """The main indicators: those with a province target and a district figure."""
    return [
        r
        for r in sorted(table.rows.values(), key=lambda r: r.row)
        if r.targets.get("province") is not None and (r.indicator.aggregate != "none" or r.indicator.is_ratio)
    ]


CHART_ROWS = 10  # indicators a chart: two bars each, labels readable on one A4 page
CHART_WIDTHS = [46, 13, 13, 42]  # the table's columns; the charts span all four


def _xlsxwriter_px(width: float) -> int:
    """Pixels xlsxwriter gives a column (7 px a unit + 5): how it anchors a chart to cells."""
    return int(width * 7 + 0.5) + 5


def _write_chart(sh: _Sheet, wb: Any, table: MasterTable) -> None:
    w, st = sh.worksheet, sh.st
    rows = chart_rows(table)
    pts = _columns(sh, CHART_WIDTHS)
    span = sum(pts)
    last_col = len(CHART_WIDTHS) - 1
    label = table.period.label_vi()
    _banner(
        sh, 0, last_col, f"MỨC ĐẠT CHỈ TIÊU KẾ HOẠCH NĂM {table.period.year} — {label.upper()}", "sheet_title", span, 13
    )
    _banner(
        sh,
        1,
        last_col,
        "Thực hiện (lũy kế từ đầu năm; số hiện có với chỉ tiêu tồn, tỷ lệ) so với chỉ tiêu năm tỉnh giao và chỉ "
        "tiêu Nghị quyết, tính bằng %; 100% là đạt chỉ tiêu. Số liệu: bảng cuối sheet này, lấy từ sheet Tổng hợp.",
        "subtitle_wrap",
        span,
    )
    SP.setup_page(w)
    scale = SP.print_scale(CHART_WIDTHS)
    w.set_print_scale(scale)
    if not rows:
        _banner(sh, 2, last_col, "Chưa có chỉ tiêu nào có chỉ tiêu tỉnh giao.", "subtitle_wrap", span)
        sh.apply_heights()
        w.print_area(0, 0, 2, last_col)
        return
    _, page_h = P.printable_points(True)
    page_h = page_h * 100 / scale
    chunks = [rows[i : i + CHART_ROWS] for i in range(0, len(rows), CHART_ROWS)]
    chart_rows_n = int((page_h - 8 - sh.heights.get(0, 0) - sh.heights.get(1, 0)) // DEFAULT_ROW) - 1
    first_table = 2 + len(chunks) * (chart_rows_n + 1)
    hr = first_table
    for c, h in enumerate(["Chỉ tiêu (ĐVT)", "% đạt chỉ tiêu tỉnh", "% đạt chỉ tiêu Nghị quyết"]):
        sh.string(hr, c, h, st.get("header"))
        sh.fit(hr, P.Cell(h, pts[c], 12, True))
    pct = st.get("num", num_format=PCT)
    for n, r in enumerate(rows):
        row = hr + 1 + n
        text = f"{r.indicator.name} ({r.indicator.unit})"
        sh.string(row, 0, text, st.get("text"))
        sh.fit(row, P.Cell(text, pts[0]))
        sh.formula(row, 1, F.link(r.row, L.C_PCT_PROV, L.SUMMARY), r.attainment.get("province"), pct)
        sh.formula(row, 2, F.link(r.row, L.C_PCT_RES, L.SUMMARY), r.attainment.get("resolution"), pct)
    width_px = sum(_xlsxwriter_px(x) for x in CHART_WIDTHS) - 4
    breaks = []
    for k, chunk in enumerate(chunks):
        anchor = 2 + k * (chart_rows_n + 1)
        if k:
            breaks.append(anchor)
        for i in range(chart_rows_n + 1):
            sh.need(anchor + i, DEFAULT_ROW)
        first = hr + 1 + k * CHART_ROWS
        last = first + len(chunk) - 1
        chart = wb.add_chart({"type": "bar"})
        for col, name, colour in (
            (1, "% đạt chỉ tiêu tỉnh giao", "#2F5597"),
            (2, "% đạt chỉ tiêu Nghị quyết", "#C55A11"),
        ):
            chart.add_series(
                {
                    "name": name,
                    "categories": [L.CHART, first, 0, last, 0],
                    "values": [L.CHART, first, col, last, col],
                    "fill": {"color": colour},
                    "gap": 60,
                    "data_labels": {
                        "value": True,
                        "num_format": '0.0"%"',
                        "position": "outside_end",
                        "font": {"name": "Times New Roman", "size": 9},
                    },
                }
            )
        part = f" ({k + 1}/{len(chunks)})" if len(chunks) > 1 else ""
        chart.set_title(
            {
                "name": f"% đạt chỉ tiêu tỉnh giao và chỉ tiêu Nghị quyết — {label}{part}",
                "name_font": {"name": "Times New Roman", "size": 13, "bold": True},
            }
        )
        chart.set_x_axis(
            {
                "name": "% thực hiện so với chỉ tiêu năm (100% = đạt)",
                "name_font": {"name": "Times New Roman", "size": 10, "bold": False},
                "num_format": '0"%"',
                "num_font": {"name": "Times New Roman", "size": 9},
                "min": 0,
                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
            }
        )
        chart.set_y_axis({"reverse": True, "num_font": {"name": "Times New Roman", "size": 9}})
        chart.set_legend({"position": "bottom", "font": {"name": "Times New Roman", "size": 10}})
        height_px = int(chart_rows_n * DEFAULT_ROW * 4 / 3)
        chart.set_size({"width": width_px, "height": height_px})
        w.insert_chart(anchor, 0, chart, {"x_offset": 2, "y_offset": 2, "object_position": 1})
    breaks.append(hr)
    last_row = hr + len(rows)
    table_h = [sh.heights.get(r, DEFAULT_ROW) for r in range(hr + 1, last_row + 1)]
    more = P.page_breaks(
        table_h,
        hr + 1,
        page_h * scale / 100,
        repeated=sh.heights.get(hr, DEFAULT_ROW),
        top=sh.heights.get(hr, DEFAULT_ROW),
        scale=scale / 100,
    )
    w.set_h_pagebreaks(breaks + more)
    sh.apply_heights()
    w.print_area(0, 0, last_row, last_col)


# --- Dữ liệu ------------------------------------------------------------------------------


def _write_data(sh: _Sheet, data: DataTable) -> int:
    w, st = sh.worksheet, sh.st
    widths = [9, 18, 9, 16, 32, 9, 9, 12, 20, 20, 8, 12, 6]
    pts = _columns(sh, widths)
    SP.setup_page(w)
    w.set_print_scale(SP.print_scale(widths))
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
    wrap = data.count <= DATA_WRAP_ROWS  # a table that size is printed; a larger one is not
    text_fmt = st.get("wrap" if wrap else "plain", border=False)
    lines: dict[tuple[int, str], int] = {}  # (column, text) -> wrapped lines: texts repeat
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
                if wrap:
                    k = lines.get((c, t))
                    if k is None:
                        k = lines[(c, t)] = P.wrapped_lines(t, pts[c], 12)
                    if k > 1:
                        sh.need(n, P.row_points(k, 12))
    for c, h in enumerate(DATA_HEADERS):
        sh.fit(0, P.Cell(h, pts[c] - 14, 12, True))  # the filter button takes room
    sh.apply_heights()
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
    w.repeat_rows(0)
    w.print_area(0, 0, last, len(DATA_HEADERS) - 1)
    return n


# --- Lũy kế đơn vị, Cùng kỳ đơn vị --------------------------------------------------------


def _write_unit_sheet(sh: _Sheet, table: MasterTable, ctx: str) -> None:
    w, st = sh.worksheet, sh.st
    title = {"ytd": "LŨY KẾ TỪ ĐẦU NĂM THEO ĐƠN VỊ", "same": "CÙNG KỲ NĂM TRƯỚC THEO ĐƠN VỊ"}[ctx]
    inds = [r.indicator for r in table.rows.values()]
    widths = [
        SP.width_for(SP.longest(i.code for i in inds), 10, 15),
        34,
        SP.width_for(SP.longest_word(i.unit for i in inds), 6, 9),
    ]
    pts = _columns(sh, widths)
    ncols = L.U_FIRST_UNIT + len(table.units)
    if table.units:
        w.set_column(L.U_FIRST_UNIT, ncols - 1, UNIT_WIDTH)
    unit_pt = SP.units_width(UNIT_WIDTH)
    span = sum(pts)
    last_col = len(widths) - 1
    _banner(sh, 0, last_col, f"{title} — {table.period.label_vi()}", "sheet_title", span, 13)
    _banner(sh, 1, last_col, "Các số tổng ở sheet Tổng hợp cộng các ô của sheet này.", "subtitle_wrap", span)
    for line in range(2, L.SUMMARY_HEADER_ROW):
        sh.need(line, 4)
    hr = L.SUMMARY_HEADER_ROW
    for c, h in enumerate(["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT"]):
        sh.string(hr, c, h, st.get("header"))
        sh.fit(hr, P.Cell(h, pts[c], 12, True))
    for i, unit in enumerate(table.units):
        sh.string(hr, L.U_FIRST_UNIT + i, unit.name, st.get("header"))
        if i < 2000:
            sh.fit(hr, P.Cell(unit.name, unit_pt, 12, True))
    sh.need(hr + 1, 6)
    w.freeze_panes(L.SUMMARY_FIRST_ROW, 3)
    ucol = {u.code: L.U_FIRST_UNIT + i for i, u in enumerate(table.units)}
    rows = table.rows
    headings: set[int] = set()
    last_row = hr + 1
    for plan in table.plan:
        last_row = plan.row
        if plan.indicator is None:  # a section or group heading
            sh.string(plan.row, 0, "", st.get("group"))
            sh.string(plan.row, 1, plan.text, st.get("group"))
            sh.string(plan.row, 2, "", st.get("group"))
            sh.fit(plan.row, P.Cell(plan.text, pts[1], 12, True))
            headings.add(plan.row)
            continue
        r = rows[plan.indicator.code]
        ind = r.indicator
        sh.string(r.row, 0, ind.code, st.get("code"))
        sh.string(r.row, 1, ind.name, st.get("name"))
        sh.string(r.row, 2, ind.unit, st.get("center_wrap"))
        sh.fit(r.row, P.Cell(ind.code, pts[0]), P.Cell(ind.name, pts[1]), P.Cell(ind.unit, pts[2]))
        enabled = ind.ytd if ctx == "ytd" else ind.same_period
        if not enabled:
            continue
        values = r.unit_ytd if ctx == "ytd" else r.unit_same
        sh.unit_cells(r.row, ind, r.reporters, ucol, values, rows, st.num(ind.decimals, False))
    sh.apply_heights()
    # print: code, name and unit repeated on the left of every block of unit columns
    SP.setup_page(w)
    scale = max(SP.MIN_SCALE, SP.print_scale(widths + [UNIT_WIDTH] * min(3, len(table.units))))
    w.set_print_scale(scale)
    w.repeat_rows(hr)
    w.print_area(0, 0, last_row, max(ncols - 1, last_col))
    if table.units:
        w.repeat_columns(0, last_col)
        w.set_v_pagebreaks(SP.unit_page_breaks(L.U_FIRST_UNIT, span, [UNIT_WIDTH] * len(table.units), scale)[1:])
    SP.apply_row_breaks(
        w,
        sh.heights,
        first=L.SUMMARY_FIRST_ROW,
        last=last_row,
        scale=scale,
        repeated=(hr,),
        keep=headings,
        default=DEFAULT_ROW,
    )
