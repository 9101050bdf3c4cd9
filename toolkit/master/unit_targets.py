"""Attainment per unit and per term: the master's "Chỉ tiêu đơn vị" and "Chỉ tiêu nhiệm kỳ".

A target may be set for each reporting unit (a city for each commune, a ward for each
hamlet) and for a term (the 2025–2030 congress resolution) beside the year's office-wide
targets (toolkit.targets). :func:`unit_attainment` and :func:`term_attainment` compute
what the sheets show; the sheets carry live formulas on the unit's (or the office's)
figure cell of Tổng hợp / Lũy kế đơn vị, so that a target edited in the sheet recomputes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import printing as P
from ..numbers import excel_format
from ..targets import KINDS
from . import formulas as F
from . import layout as L
from . import sheetprint as SP
from .compute import MasterRow, MasterTable, Num, attain_value
from .styles import PCT

if TYPE_CHECKING:
    from ..workspace import Workspace

UNIT_TARGETS = "Chỉ tiêu đơn vị"
TERM_TARGETS = "Chỉ tiêu nhiệm kỳ"
KIND_VI = {"province": "Cấp trên giao", "resolution": "Nghị quyết HĐND", "congress": "Nghị quyết Đại hội"}
KIND_EN = {"province": "set by the level above", "resolution": "council resolution", "congress": "congress resolution"}


@dataclass
class Attainment:
    """One target and how far the figure has come: per unit (``unit``) or office-wide."""

    code: str
    unit: str  # a unit code; "" for the office as a whole
    kind: str  # province | resolution | congress
    target: float
    basis: Num  # the figure measured: year to date for flows, the value otherwise
    pct: Num
    term: str = ""  # "2025–2030" for a term's target

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.code,
            "unit": self.unit or None,
            "kind": self.kind,
            "target": self.target,
            "basis": self.basis,
            "pct": self.pct,
            "term": self.term or None,
        }


def unit_basis(table: MasterTable, r: MasterRow, unit: str) -> Num:
    """The unit's figure that its target is measured on (year to date for flows)."""
    if r.indicator.ytd and not table.year_start:
        return r.unit_ytd.get(unit)
    return r.unit_values.get(unit)


def unit_attainment(ws: Workspace, table: MasterTable) -> list[Attainment]:
    """Every unit target of the period's year with the unit's figure and percentage."""
    tg = ws.targets(table.period.year)
    out: list[Attainment] = []
    columns = {u.code for u in table.units}
    for code, per_unit in tg.units.items():
        r = table.rows.get(code)
        if r is None:
            continue
        for unit, kinds in per_unit.items():
            if unit not in columns:
                continue
            basis = unit_basis(table, r, unit)
            for kind in KINDS:
                if kind in kinds:
                    out.append(Attainment(code, unit, kind, kinds[kind], basis, attain_value(basis, kinds[kind])))
    return out


def term_attainment(ws: Workspace, table: MasterTable) -> list[Attainment]:
    """The terms' targets in force in the period's year: the office's and the units'."""
    out: list[Attainment] = []
    for tg in ws.term_targets(table.period.year):
        for code, kinds in tg.values.items():
            r = table.rows.get(code)
            if r is None:
                continue
            for kind in KINDS:
                if kind in kinds:
                    v = r.basis_value
                    out.append(Attainment(code, "", kind, kinds[kind], v, attain_value(v, kinds[kind]), tg.label))
            for unit, ukinds in tg.units.get(code, {}).items():
                if unit not in {u.code for u in table.units}:
                    continue
                basis = unit_basis(table, r, unit)
                for kind in KINDS:
                    if kind in ukinds:
                        t = ukinds[kind]
                        out.append(Attainment(code, unit, kind, t, basis, attain_value(basis, t), tg.label))
    return out


def _basis_ref(table: MasterTable, r: MasterRow, unit: str) -> str | None:
    """The cell holding ``unit``'s (or, for "", the office's) basis figure, or None."""
    ind = r.indicator
    if not unit:
        col = L.C_YTD if ind.ytd else L.C_VALUE
        return L.ref(r.row, col, L.SUMMARY)
    pos = next((i for i, u in enumerate(table.units) if u.code == unit), None)
    if pos is None:
        return None
    if ind.ytd and not table.year_start:
        return L.ref(r.row, L.U_FIRST_UNIT + pos, L.UNIT_YTD) if table.has_unit_ytd else None
    return L.ref(r.row, L.C_FIRST_UNIT + pos, L.SUMMARY)


def write_attainment_sheet(sh: Any, table: MasterTable, items: list[Attainment], *, term: bool) -> None:
    """One row per target: indicator, unit, kind, target (editable), figure, % (formula)."""
    w, st = sh.worksheet, sh.st
    names = {u.code: u.name for u in table.units}
    title = "CHỈ TIÊU NHIỆM KỲ VÀ MỨC ĐẠT" if term else "CHỈ TIÊU GIAO CHO TỪNG ĐƠN VỊ VÀ MỨC ĐẠT"
    sh.string(0, 0, f"{title} — {table.period.label_vi()}", st.get("authority"))
    sh.string(
        1,
        0,
        "Số đạt: lũy kế từ đầu năm với chỉ tiêu cộng dồn, số hiện có với chỉ tiêu tồn và tỷ lệ; "
        "chỉ tiêu giảm là tốt đạt khi % ≤ 100. Sửa chỉ tiêu ở cột F (ô nền vàng): % tự tính lại.",
        st.get("subtitle"),
    )
    heads = ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Đơn vị", "Loại chỉ tiêu", "Chỉ tiêu giao", "Thực hiện", "% đạt"]
    if term:
        heads.append("Nhiệm kỳ")
    header_row = 3
    for c, h in enumerate(heads):
        sh.string(header_row, c, h, st.get("header"))
    widths = (20, 48, 10, 28, 20, 14, 14, 11, 12)[: len(heads)]
    for c, width in enumerate(widths):
        w.set_column(c, c, width)
    pts = [P.column_points(wd) for wd in widths]
    w.set_row(header_row, P.fit_height([P.Cell(h, pts[c], SP.BODY_SIZE, True) for c, h in enumerate(heads)]))
    w.freeze_panes(header_row + 1, 2)
    SP.setup_page(w)  # A4 landscape, Nghị định 30 margins, page numbers, like every sheet of the master
    w.fit_to_pages(1, 0)
    w.repeat_rows(header_row)
    pct_fmt = st.get("blank", num_format=PCT)
    for n, a in enumerate(items):
        row = header_row + 1 + n
        r = table.rows[a.code]
        ind = r.indicator
        sh.string(row, 0, ind.code, st.get("code"))
        sh.string(row, 1, ind.name, st.get("name"))
        sh.string(row, 2, ind.unit, st.get("center"))
        unit_name = names.get(a.unit, a.unit) if a.unit else "Toàn đơn vị"
        sh.string(row, 3, unit_name, st.get("text"))
        w.set_row(row, P.fit_height([P.Cell(ind.name, pts[1], SP.BODY_SIZE), P.Cell(unit_name, pts[3], SP.BODY_SIZE)]))
        kind = KIND_VI[a.kind] + (" (mức trần)" if ind.lower_is_better else "")
        sh.string(row, 4, kind, st.get("text"))
        w.write_number(row, 5, a.target, st.get("input", num_format=excel_format(ind.decimals)))
        ref = _basis_ref(table, r, a.unit)
        num = st.num(ind.decimals)
        if ref is not None:
            sh.formula(row, 6, f"={ref}", a.basis, num)
            sh.formula(row, 7, F.attainment(L.ref(row, 6), L.ref(row, 5)), a.pct, pct_fmt)
        else:
            sh.number(row, 6, a.basis, num)
            sh.number(row, 7, a.pct, pct_fmt)
        if term:
            sh.string(row, 8, a.term, st.get("center"))
    if items:
        w.autofilter(header_row, 0, header_row + len(items), len(heads) - 1)
