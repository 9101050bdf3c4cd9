"""The "Hướng dẫn" sheet: what to fill, units, deadline, cut-off, how to send it back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import printing
from ..periods import fmt_date
from .layout import FORM_SHEET, FormPlan
from .rules import NOTE_MAX
from .styles import COLOURS, ROLE_NAMES_VI, Styles

if TYPE_CHECKING:
    from ..workspace import Workspace


def instruction_rows(ws: Workspace, plan: FormPlan) -> list[tuple[str, str]]:
    """(heading, text) pairs, in Vietnamese."""
    p, u, s = plan.period, plan.unit, ws.settings
    last = p.same_period_last_year()
    prev = p.previous()
    n_inputs = len({code for code, col in plan.inputs() if col != "note"})
    rows = [
        ("Đơn vị báo cáo", f"{u.name} (mã {u.code})"),
        (
            "Kỳ báo cáo",
            f"{p.label_vi()}: số liệu tính từ ngày {fmt_date(p.start)} đến ngày {fmt_date(p.end)} "
            "(Nghị định 09/2019/NĐ-CP, Điều 12).",
        ),
        ("Hạn gửi", f"Chậm nhất ngày {fmt_date(ws.deadline(p))}."),
        ("Cách gửi", s.send_to or "Gửi tệp đã điền về cơ quan tổng hợp, giữ nguyên tên tệp."),
        ("Liên hệ", s.contact or "Cơ quan tổng hợp báo cáo."),
        (
            "Cần điền",
            f"{len(plan.indicators)} chỉ tiêu trên trang «{FORM_SHEET}», trong đó {n_inputs} chỉ tiêu "
            "đơn vị nhập số liệu. Chỉ nhập vào các ô màu vàng; các ô khác đã khóa.",
        ),
        (
            "Thực hiện kỳ này",
            "Chỉ tiêu phát sinh (diện tích gieo trồng, số lượt khám...): số liệu phát sinh trong kỳ. "
            f"Chỉ tiêu hiện có (đàn gia súc, số bác sĩ...): số hiện có tại ngày {fmt_date(p.end)}.",
        ),
        (
            "Lũy kế đến hết kỳ trước",
            (
                f"Số liệu đã duyệt cộng dồn từ đầu năm đến hết {prev.in_sentence_vi()}. Ô màu xanh "
                "dương: văn phòng đã ghi sẵn (số liệu đã có). Ô màu vàng: chưa có số liệu đã duyệt, đơn vị "
                "ghi lũy kế của mình đến hết kỳ trước."
            )
            if prev is not None
            else "Kỳ báo cáo tính từ đầu năm: không có (ô màu xám).",
        ),
        (
            "Lũy kế từ đầu năm",
            "Tự tính: lũy kế đến hết kỳ trước cộng thực hiện kỳ này (kỳ đầu năm: bằng kỳ này). "
            "Đơn vị chỉ nhập số thực hiện kỳ này. Ô màu xám: chỉ tiêu không tính lũy kế.",
        ),
        (
            "Cùng kỳ năm trước",
            f"Số liệu {last.in_sentence_vi()}; cột «Lũy kế cùng kỳ năm trước»: cộng dồn từ đầu năm "
            "trước đến cùng thời điểm. Ô màu xanh dương: văn phòng đã ghi sẵn. "
            "Ô màu vàng: đơn vị ghi số liệu cùng kỳ của mình.",
        ),
        ("Ghi chú", f"Giải thích khi số liệu tăng, giảm bất thường so với cùng kỳ (tối đa {NOTE_MAX} ký tự)."),
        *_source_rows(plan),
        (
            "Cách gõ số",
            "Gõ số trực tiếp, không gõ dấu chấm hay dấu phẩy ngăn cách hàng nghìn (gõ 25607, không gõ "
            "25.607). Phần thập phân dùng dấu thập phân theo cài đặt Excel của máy: máy cài kiểu Việt Nam "
            "gõ 8,5; máy cài kiểu Anh - Mỹ gõ 8.5. Không gõ đơn vị tính hay chữ vào ô số.",
        ),
        (
            "Tỷ lệ phần trăm",
            "Ghi số từ 0 đến 100, không gõ dấu % (gõ 37,89 cho 37,89%). Các tỷ lệ có tử số và "
            "mẫu số trên biểu được tự tính, đơn vị chỉ nhập tử số và mẫu số.",
        ),
        (
            "Không có số liệu",
            "Chỉ tiêu không phát sinh thì ghi 0, không để trống; nếu chưa có số liệu, ghi lý do vào cột Ghi chú.",
        ),
        (
            "Cột Kiểm tra",
            "Tự báo khi số bị gõ thành chữ, khi các mục “trong đó” lớn hơn tổng, khi lũy kế nhỏ hơn "
            "kỳ này. Sửa cho đến khi cột này trống.",
        ),
        (
            "Không được",
            "Đổi tên, thêm, xóa trang; chèn, xóa dòng hoặc cột; sao chép dán cả vùng từ tệp khác (dán "
            "làm mất kiểm tra dữ liệu của ô, hãy dùng Dán đặc biệt → Giá trị). Tệp được nhận diện "
            "bằng nội dung, không bằng tên tệp; mọi ô đều được kiểm tra lại khi nhận.",
        ),
    ]
    return rows


def _role(plan: FormPlan, code: str, column: str) -> str:
    c = plan.cell(code, column)
    return c.role if c is not None else ""


def _codes(inds: list) -> str:
    return ", ".join(f"{i.code} ({i.name})" for i in inds)


def _source_rows(plan: FormPlan) -> list[tuple[str, str]]:
    """What the form asks as the sources give it: year to date, a level at a date, estimates."""
    p = plan.period
    rows: list[tuple[str, str]] = []
    ytd = [i for i in plan.indicators if i.given_as == "ytd" and _role(plan, i.code, "value") == "formula"]
    if ytd:
        rows.append(
            (
                "Số lũy kế theo hệ thống",
                f"{_codes(ytd)}: nhập số lũy kế từ đầu năm đến ngày {fmt_date(p.end)} đúng như hệ thống "
                "quản lý (Kho bạc, phần mềm đầu tư công...) cung cấp, vào cột «Lũy kế từ đầu năm»; số thực "
                "hiện kỳ này được tính tự động (lũy kế trừ lũy kế đến hết kỳ trước).",
            )
        )
    as_of = [i for i in plan.indicators if i.given_as == "as_of"]
    if as_of:
        rows.append(("Số tại một ngày", f"{_codes(as_of)}: số có đến ngày {fmt_date(p.end)}, không cộng dồn."))
    estimates = [i for i in plan.indicators if i.estimate]
    if estimates:
        rows.append(
            (
                "Số ước tính",
                f"{_codes(estimates)}: khi chưa có số chính thức, ghi số ước thực hiện (ước) và ghi “ước” ở "
                "cột Ghi chú; khi có số chính thức, văn phòng gửi biểu số liệu chính thức để đơn vị gửi lại.",
            )
        )
    return rows


def write_instructions(ws: Workspace, plan: FormPlan, sheet: Any, st: Styles) -> None:
    widths = (22, 88)  # Times New Roman 12 digits: the two fill an A4 landscape page
    sheet.set_column(0, 0, widths[0])
    sheet.set_column(1, 1, widths[1])
    pts = [printing.column_points(w) for w in widths]
    title = st.text(14, bold=True)
    sheet.merge_range(0, 0, 0, 1, f"HƯỚNG DẪN ĐIỀN BIỂU BÁO CÁO SỐ LIỆU {plan.period.title_vi()}", title)
    sheet.set_row(0, 24)
    sheet.merge_range(1, 0, 1, 1, f"{plan.unit.name} · {ws.authority(plan.period)}", st.text(12, italic=True))
    head = st.get(bold=True, border=1, text_wrap=True, valign="top")
    body = st.get(border=1, text_wrap=True, valign="top")
    r = 3
    for heading, text in instruction_rows(ws, plan):
        sheet.write_string(r, 0, heading, head)
        sheet.write_string(r, 1, text, body)
        sheet.set_row(
            r, printing.fit_height([printing.Cell(heading, pts[0], bold=True), printing.Cell(text, pts[1])], 18.0)
        )
        r += 1
    r += 1
    sheet.write_string(r, 0, "Màu ô", st.get(bold=True))
    r += 1
    for role in ("input", "formula", "prefilled", "na"):
        sheet.write_blank(r, 0, None, st.get(border=1, bg_color=COLOURS[role]))
        sheet.write_string(r, 1, ROLE_NAMES_VI[role], body)
        r += 1
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(**printing.MARGINS_IN)
    sheet.set_footer(
        f'&L&"Times New Roman,Italic"&9{plan.unit.code} · {plan.period.code}&R&"Times New Roman"&9Trang &P/&N'
    )
    sheet.hide_gridlines(2)
