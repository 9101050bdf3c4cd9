"""Draw a :class:`~toolkit.forms.layout.FormPlan` into an .xlsx with xlsxwriter.

Sheets: the form (active), the units' texts ("Thuyết minh", :mod:`.narrative_sheet`), the
instructions, and the very hidden identity sheet. The
workbook structure is protected (no renaming, adding or deleting sheets), every sheet is
protected, only input cells are unlocked.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import xlsxwriter

from .. import printing
from ..identity import DEFINED_NAMES, FORMAT, IDENTITY_SHEET, LAYOUT_KEY, Identity
from ..narrative import NARRATIVE_SHEET, TextBlock, map_text, plan_blocks
from ..periods import fmt_date
from . import formulas as fx
from .instructions import write_instructions
from .layout import (
    COLUMNS,
    FIRST_ROW,
    FORM_SHEET,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    LETTER,
    NUMBER_ROW,
    FormPlan,
    RowPlan,
)
from .narrative_sheet import place, write_narrative_sheet
from .rules import COLUMN_TITLES
from .styles import FONT, TABLE_SIZE, Styles

if TYPE_CHECKING:
    from ..workspace import Workspace

FillValue = float | str | bool | None  # what a clerk types: a number, a text (a note, a mistake); None: blank
Fill = Mapping[tuple[str, str], FillValue]
Texts = Mapping[tuple[str, str, str], str]  # (section, group, part) -> what the unit wrote


class _Workbook(xlsxwriter.Workbook):
    """xlsxwriter has no workbook protection: add <workbookProtection lockStructure="1"/>."""

    lock_password_hash = ""

    def _write_workbook_pr(self) -> None:
        super()._write_workbook_pr()
        attrs: list[tuple[str, Any]] = []
        if self.lock_password_hash:
            attrs.append(("workbookPassword", self.lock_password_hash))
        attrs.append(("lockStructure", 1))
        self._xml_empty_tag("workbookProtection", attrs)


def _password_hash(password: str) -> str:
    """Excel's legacy 16-bit protection hash (what xlsxwriter uses for sheets)."""
    h = 0
    for i, ch in enumerate(password, start=1):
        v = ord(ch) << i
        h ^= (v & 0x7FFF) | (v >> 15)
    h ^= len(password)
    h ^= 0xCE4B
    return f"{h:X}"


DEFAULT_HEIGHT = 15.75  # points: a row without a height of its own (Times New Roman 12)

# What a clerk may still do on a protected sheet: select cells, widen columns and rows.
SHEET_PERMISSIONS = {
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}


def template_id(plan: FormPlan, catalog_version: str) -> str:
    """Stable for the same unit, period, catalog, layout and pre-filled figures."""
    prefilled = sorted((c.address, c.value) for r in plan.rows for c in r.cells.values() if c.role == "prefilled")
    blob = f"{FORMAT}|{plan.unit.code}|{plan.period.code}|{catalog_version}|{plan.fingerprint}|{prefilled}"
    return f"{plan.period.code}/{plan.unit.code}/{hashlib.sha256(blob.encode()).hexdigest()[:8]}"


def layout_rows(plan: FormPlan, blocks: list[TextBlock] | None = None) -> list[list[str]]:
    """Extra key/value rows of the identity sheet: where each column and the table are, and
    the text blocks of the narrative sheet (``narrative_map``, :mod:`toolkit.narrative`)."""
    rows = [
        [LAYOUT_KEY, ";".join(f"{c.key}={c.letter}" for c in COLUMNS)],
        ["header_row", str(HEADER_ROW)],
        ["first_row", str(FIRST_ROW)],
        ["last_row", str(plan.last_row)],
        ["instructions_sheet", INSTRUCTIONS_SHEET],
    ]
    if blocks:
        rows += [["narrative_sheet", NARRATIVE_SHEET], ["narrative_map", map_text(blocks)]]
    return rows


def _cached(v: fx.Value) -> Any:
    if v is None:
        return ""
    if isinstance(v, fx.XlError):
        return v.code
    return v


def write_workbook(
    ws: Workspace,
    plan: FormPlan,
    path: Path,
    *,
    fill: Fill | None = None,
    texts: Texts | None = None,
    generated_at: datetime | None = None,
) -> tuple[Identity, list[tuple[str, str]]]:
    """Write the form; returns its identity and the ``fill`` keys that were not input cells.

    ``texts``: what the unit wrote on the narrative sheet, by (section, group, part)."""
    generated_at = generated_at or datetime.now().astimezone()
    password = str(ws.settings.extra.get("form_password") or "")
    catalog_version = ws.catalog.version
    identity = Identity(
        format=FORMAT,
        template_id=template_id(plan, catalog_version),
        catalog_version=catalog_version,
        workspace=ws.settings.name or ws.root.name,
        unit=plan.unit.code,
        period=plan.period.code,
        generated_at=generated_at.isoformat(timespec="seconds"),
        fingerprint=plan.fingerprint,
        form_sheet=FORM_SHEET,
        cells=plan.cellrefs,
        figures="official" if plan.official else "",
    )

    inputs = plan.inputs()
    typed: dict[str, fx.Value] = {}
    ignored: list[tuple[str, str]] = []
    for key, value in (fill or {}).items():
        cell = inputs.get(key)
        if cell is None:
            ignored.append(key)
        elif value is not None:
            typed[cell.address] = value if isinstance(value, (str, bool)) else float(value)
    known = dict(typed)
    for r in plan.rows:
        for c in r.cells.values():
            if c.role == "prefilled":
                known[c.address] = c.value
    cached = fx.evaluate_all(plan.formulas(), known)

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    wb = _Workbook(
        str(tmp),
        {
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            # Times New Roman everywhere, not tied to the theme (whose minor font is Calibri):
            # column widths then print the same in Excel and in LibreOffice (Liberation Serif)
            "default_format_properties": {"font_name": FONT, "font_size": TABLE_SIZE, "font_scheme": "none"},
        },
    )
    wb.lock_password_hash = _password_hash(password) if password else ""
    st = Styles(wb)
    blocks, headings = place(
        plan_blocks(ws, plan.unit, plan.period), {s.code: s.name for s in ws.catalog.sections.values()}
    )
    form = wb.add_worksheet(FORM_SHEET)
    story = wb.add_worksheet(NARRATIVE_SHEET) if blocks else None
    guide = wb.add_worksheet(INSTRUCTIONS_SHEET)
    hidden = wb.add_worksheet(IDENTITY_SHEET)

    _write_form(ws, plan, form, st, typed, cached)
    form.protect(password, SHEET_PERMISSIONS)
    if story is not None:
        write_narrative_sheet(
            story,
            st,
            blocks,
            headings,
            unit_name=plan.unit.name,
            period=plan.period,
            texts=texts,
            password=password,
            permissions=SHEET_PERMISSIONS,
        )
    write_instructions(ws, plan, guide, st)
    guide.protect(password, SHEET_PERMISSIONS)
    _write_identity(identity, plan, hidden, blocks)
    hidden.protect(password, {})
    hidden.very_hidden()
    form.activate()

    for field, name in DEFINED_NAMES.items():
        wb.define_name(name, '="' + str(getattr(identity, field)).replace('"', '""') + '"')
    u, p = plan.unit, plan.period
    wb.set_properties(
        {
            "title": f"Biểu báo cáo số liệu kinh tế - xã hội {p.label_vi()} - {u.name}",
            "subject": f"{p.code} {u.code}",
            "author": ws.settings.name,
            "company": ws.authority(p),
            "comments": f"baocao {identity.template_id}; danh mục {catalog_version}",
            "created": generated_at,
        }
    )
    for field in ("unit", "period", "catalog_version", "template_id"):
        wb.set_custom_property(f"baocao_{field}", str(getattr(identity, field)))
    wb.close()
    os.replace(tmp, path)
    return identity, ignored


def _write_identity(identity: Identity, plan: FormPlan, sheet: Any, blocks: list[TextBlock]) -> None:
    rows = identity.to_rows()
    blank = rows.index([])
    rows[blank:blank] = layout_rows(plan, blocks)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            sheet.write_string(r, c, text)


def _write_header(ws: Workspace, plan: FormPlan, sheet: Any, st: Styles) -> dict[int, float]:
    u, p, s = plan.unit, plan.period, ws.settings
    last_col = len(COLUMNS) - 1
    left_end, right_start = 3, 4
    if u.is_ward:
        line1, line2 = "ỦY BAN NHÂN DÂN", u.name.upper()
    else:
        line1, line2 = (ws.authority(p) or s.name).upper(), u.name.upper()
    deadline = ws.deadline(p)
    sheet.merge_range(0, 0, 0, left_end, line1, st.text(13))
    sheet.merge_range(1, 0, 1, left_end, line2, st.text(13, bold=True, underline=1))
    sheet.merge_range(0, right_start, 0, last_col, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st.text(13, bold=True))
    sheet.merge_range(1, right_start, 1, last_col, "Độc lập - Tự do - Hạnh phúc", st.text(13, bold=True, underline=1))
    sheet.merge_range(2, 0, 2, left_end, "Số:          /BC", st.text(13))
    sheet.merge_range(
        2,
        right_start,
        2,
        last_col,
        f"{ws.place(p) or ''}, ngày      tháng      năm {deadline.year}".lstrip(", "),
        st.text(13, italic=True),
    )
    sheet.merge_range(
        4,
        0,
        4,
        last_col,
        f"BIỂU BÁO CÁO SỐ LIỆU {'CHÍNH THỨC ' if plan.official else ''}KINH TẾ - XÃ HỘI {p.title_vi()}",
        st.text(14, bold=True),
    )
    sheet.merge_range(
        5,
        0,
        5,
        last_col,
        f"Đơn vị báo cáo: {u.name} (mã {u.code}). Kỳ số liệu: từ ngày {fmt_date(p.start)} đến ngày "
        f"{fmt_date(p.end)}. Hạn gửi: {fmt_date(deadline)}.",
        st.text(13, italic=True),
    )
    sheet.merge_range(
        6,
        0,
        6,
        last_col,
        "Ô màu vàng: đơn vị nhập số liệu · màu xanh lá: tự tính · màu xanh dương: số liệu đã có · "
        "màu xám: không áp dụng. Xem trang «Hướng dẫn».",
        st.text(11, italic=True),
    )
    for r, h in ((0, 18), (1, 18), (2, 18), (3, 8), (4, 22), (5, 18), (6, 16), (7, 8)):
        sheet.set_row(r, h)
    return {0: 18, 1: 18, 2: 18, 3: 8, 4: 22, 5: 18, 6: 16, 7: 8}


def _column_titles(plan: FormPlan) -> dict[str, str]:
    p = plan.period
    titles = {c.key: c.title for c in COLUMNS}
    titles["value"] = f"{COLUMN_TITLES['value']}\n({p.label_vi()})"
    titles["same_period"] = f"{COLUMN_TITLES['same_period']}\n({p.same_period_last_year().label_vi()})"
    if p.previous() is not None:
        titles["ytd_prev"] = f"{COLUMN_TITLES['ytd_prev']}\n(số liệu đã có)"
    return titles


def _write_form(
    ws: Workspace, plan: FormPlan, sheet: Any, st: Styles, typed: dict[str, fx.Value], cached: dict[str, fx.Value]
) -> None:
    for n, col in enumerate(COLUMNS):
        sheet.set_column(n, n, col.width)
    heights = _write_header(ws, plan, sheet, st)  # 0-based row -> points, for the page breaks
    titles = _column_titles(plan)
    hr, nr = HEADER_ROW - 1, NUMBER_ROW - 1
    for n, col in enumerate(COLUMNS):
        sheet.write_string(hr, n, titles[col.key], st.head())
        sheet.write_string(nr, n, f"({n + 1})", st.number_head())
    heights[hr] = printing.fit_height(
        [printing.Cell(titles[c.key], printing.column_points(c.width), TABLE_SIZE, bold=True) for c in COLUMNS], 48.0
    )
    sheet.set_row(hr, heights[hr])
    widths = {c.key: c.width for c in COLUMNS}
    first_input: str | None = None
    for r in plan.rows:
        first_input = _write_row(plan, sheet, st, r, typed, cached, widths, heights) or first_input
    last = plan.last_row
    if plan.rows:
        top = f"{LETTER['value']}{FIRST_ROW}"
        sheet.conditional_format(
            f"{LETTER['value']}{FIRST_ROW}:{LETTER['same_ytd']}{last}",
            {"type": "formula", "criteria": f"=AND(ISTEXT({top}),LEN({top})>0)", "format": st.warning_fill()},
        )
    sign = last + 1  # 0-based row two below the table
    sheet.merge_range(sign, 0, sign, 3, "NGƯỜI LẬP BIỂU", st.text(13, bold=True))
    sheet.merge_range(sign, 4, sign, len(COLUMNS) - 1, "THỦ TRƯỞNG ĐƠN VỊ", st.text(13, bold=True))
    sheet.merge_range(sign + 1, 0, sign + 1, 3, "(Ký, ghi rõ họ tên)", st.text(12, italic=True))
    sheet.merge_range(sign + 1, 4, sign + 1, len(COLUMNS) - 1, "(Ký tên, đóng dấu)", st.text(12, italic=True))
    sheet.set_row(sign - 1, 12)
    heights[sign - 1] = 12

    sheet.freeze_panes(NUMBER_ROW, 0)
    if first_input:
        sheet.set_selection(first_input)
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.center_horizontally()
    sheet.set_margins(**printing.MARGINS_IN)
    sheet.repeat_rows(hr, nr)
    sheet.print_area(0, 0, sign + 4, len(COLUMNS) - 1)
    sheet.fit_to_pages(1, 0)
    # page breaks computed from the rows' heights: a section or group heading never ends a
    # page, the signatures stay together. The client fits the width to the page at the scale
    # computed here (column widths in Times New Roman 12 digits).
    total = sum(printing.column_points(c.width, "times12") for c in COLUMNS)
    scale = min(100, int(printing.printable_points(True)[0] / total * 100))
    headings = {r.row - 1 for r in plan.rows if r.kind in ("section", "group")}
    keep = headings | {plan.last_row - 1, *range(sign - 1, sign + 4)}  # the last row goes with the signatures
    rows = range(FIRST_ROW - 1, sign + 5)
    breaks = printing.page_breaks(
        [heights.get(r, DEFAULT_HEIGHT) for r in rows],
        FIRST_ROW - 1,
        printing.printable_points(True)[1],
        repeated=heights[hr] + DEFAULT_HEIGHT,
        top=sum(heights.get(r, DEFAULT_HEIGHT) for r in range(FIRST_ROW - 1)),
        keep_with_next=keep,
        scale=scale / 100,
    )
    if breaks:
        sheet.set_h_pagebreaks(breaks)
    sheet.set_footer(f'&L&"{FONT},Italic"&9{plan.unit.code} · {plan.period.code}&R&"{FONT}"&9Trang &P/&N')


def _write_row(
    plan: FormPlan,
    sheet: Any,
    st: Styles,
    r: RowPlan,
    typed: dict[str, fx.Value],
    cached: dict[str, fx.Value],
    widths: dict[str, float],
    heights: dict[int, float],
) -> str | None:
    row = r.row - 1
    if r.kind in ("section", "group"):
        fmt = st.section if r.kind == "section" else st.group
        sheet.write_string(row, 0, r.stt, fmt("center"))
        sheet.write_blank(row, 1, None, fmt())
        sheet.write_string(row, 2, r.text, fmt())
        for n in range(3, len(COLUMNS)):
            sheet.write_blank(row, n, None, fmt())
        heights[row] = printing.fit_height(
            [printing.Cell(r.text, printing.column_points(widths["name"]), TABLE_SIZE, bold=True)], 18.0
        )
        sheet.set_row(row, heights[row])
        return None
    ind = r.indicator
    assert ind is not None
    sheet.write_string(row, 0, r.stt, st.label("center"))
    sheet.write_string(row, 1, ind.code, st.label(size=10))
    sheet.write_string(row, 2, ind.name, st.label(indent=r.depth, italic=r.depth > 0))
    sheet.write_string(row, 3, ind.unit, st.label("center"))
    first_input = None
    for column, c in r.cells.items():
        col = COLUMNS.index(next(x for x in COLUMNS if x.key == column))
        is_text = column == "note"
        fmt = st.cell(c.role, ind.decimals, text=is_text)
        if c.role == "input":
            first_input = first_input or c.address
            assert c.rule is not None  # plan_form gives every input cell its rule
            sheet.data_validation(c.address, c.rule.options())
            v = typed.get(c.address)
            if v is None:
                sheet.write_blank(row, col, None, fmt)
            elif isinstance(v, str):
                sheet.write_string(row, col, v, fmt)
            elif isinstance(v, bool):
                sheet.write_boolean(row, col, v, fmt)
            else:
                sheet.write_number(row, col, v, fmt)
        elif c.role == "formula":
            assert c.formula is not None  # plan_form gives every formula cell its formula
            sheet.write_formula(row, col, "=" + c.formula.render(), fmt, _cached(cached.get(c.address)))
        elif c.role == "prefilled":
            sheet.write_number(row, col, c.value, fmt)
        else:
            sheet.write_blank(row, col, None, fmt)
    check_col = len(COLUMNS) - 1
    if r.check is not None:
        a = f"{LETTER['check']}{r.row}"
        sheet.write_formula(row, check_col, "=" + r.check.render(), st.check(), _cached(cached.get(a)))
    else:
        sheet.write_blank(row, check_col, None, st.check())
    heights[row] = printing.fit_height(
        [
            printing.Cell(ind.name, printing.column_points(widths["name"]), TABLE_SIZE, indent=r.depth),
            printing.Cell(ind.code, printing.column_points(widths["code"]), 10),
            printing.Cell(ind.unit, printing.column_points(widths["unit"]), TABLE_SIZE),
        ],
        18.0,
    )
    sheet.set_row(row, heights[row])
    return first_input
