"""The form's "Thuyết minh" sheet: one text block per topic (:mod:`toolkit.narrative`).

Two columns, so that the sheet costs the reading gate little (every returned form carries
it): the topic with what to write (the prompt and the limit), and the unit's text (yellow,
unlocked, wrapped, a text-length data validation at the block's limit whose message repeats
the prompt). Protected like the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..a1 import col_letter
from ..narrative import NARRATIVE_SHEET, TextBlock
from ..numbers import fmt
from ..periods import Period
from .styles import COLOURS, FONT, Styles

# 0-based columns
C_TOPIC, C_TEXT = 0, 1
WIDTHS = (42, 100)
HEADER_ROW = 3  # 0-based
FIRST_ROW = 4
TEXT_ROW_HEIGHT = 150  # points: about ten lines of the text column
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def place(blocks: list[TextBlock], section_names: Mapping[str, str]) -> tuple[list[TextBlock], list[tuple[int, str]]]:
    """Give each block its cell; returns the placed blocks and the section heading rows."""
    out: list[TextBlock] = []
    headings: list[tuple[int, str]] = []
    row = FIRST_ROW
    current = None
    for b in blocks:
        if b.section != current:
            current = b.section
            n = len(headings)
            label = _ROMAN[n] if n < len(_ROMAN) else str(n + 1)
            headings.append((row, f"{label}. {section_names.get(b.section, b.section).upper()}"))
            row += 1
        out.append(
            TextBlock(
                b.section, b.group, b.part, b.title, b.prompt, b.limit, b.required, f"{col_letter(C_TEXT + 1)}{row + 1}"
            )
        )
        row += 1
    return out, headings


def write_narrative_sheet(
    sheet: Any,
    st: Styles,
    blocks: list[TextBlock],
    headings: list[tuple[int, str]],
    *,
    unit_name: str,
    period: Period,
    texts: Mapping[tuple[str, str, str], str] | None = None,
    password: str = "",
    permissions: Mapping[str, bool] | None = None,
) -> None:
    texts = texts or {}
    for n, w in enumerate(WIDTHS):
        sheet.set_column(n, n, w)
    last = len(WIDTHS) - 1
    sheet.merge_range(
        0, 0, 0, last, f"THUYẾT MINH KẾT QUẢ THỰC HIỆN NHIỆM VỤ {period.title_vi()}", st.text(14, bold=True)
    )
    limit = max((b.limit for b in blocks), default=0)
    sheet.merge_range(
        1,
        0,
        1,
        last,
        f"Đơn vị: {unit_name}. Viết ngắn gọn vào các ô màu vàng, mỗi ô không quá {fmt(limit)} ký tự; "
        "có thể xuống dòng trong ô (Alt+Enter). Không dán công thức, không dán bảng.",
        st.text(12, italic=True),
    )
    sheet.set_row(1, 32)
    for col, title in enumerate(("Mục và gợi ý nội dung", "Thuyết minh của đơn vị")):
        sheet.write_string(HEADER_ROW, col, title, st.head())
    text_fmt = st.get(
        border=1, bg_color=COLOURS["input"], num_format="@", text_wrap=True, align="left", valign="top", locked=False
    )
    topic_fmt = st.get(border=1, text_wrap=True, align="left", valign="top", font_size=11)
    for row, title in headings:
        sheet.merge_range(row, 0, row, last, title, st.section())
    for n, b in enumerate(blocks, start=1):
        row = int(b.cell[1:]) - 1
        topic = f"{n}. {b.title}" + (" (bắt buộc)" if b.required else "")
        sheet.write_string(row, C_TOPIC, f"{topic}\n{b.prompt} Tối đa {fmt(b.limit)} ký tự.", topic_fmt)
        text = texts.get(b.key, "")
        if text:
            sheet.write_string(row, C_TEXT, text, text_fmt)
        else:
            sheet.write_blank(row, C_TEXT, None, text_fmt)
        sheet.data_validation(
            row,
            C_TEXT,
            row,
            C_TEXT,
            {
                "validate": "length",
                "criteria": "<=",
                "value": b.limit,
                "input_title": b.title[:32],
                "input_message": f"{b.prompt} Tối đa {fmt(b.limit)} ký tự."[:255],
                "error_title": "Quá dài",
                "error_message": f"Mục này tối đa {fmt(b.limit)} ký tự: hãy viết ngắn lại."[:255],
            },
        )
        sheet.set_row(row, TEXT_ROW_HEIGHT)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=1.18, right=0.59, top=0.79, bottom=0.79)
    sheet.repeat_rows(HEADER_ROW, HEADER_ROW)
    sheet.set_footer(f'&L&"{FONT},Italic"&9{unit_name} · {period.code} · {NARRATIVE_SHEET}&R&"{FONT}"&9Trang &P/&N')
    if blocks:
        sheet.set_selection(blocks[0].cell)
    sheet.protect(password, dict(permissions or {}))
