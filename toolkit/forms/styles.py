"""Cell formats of a form: Times New Roman, official-table borders, one colour per role.

Colours (explained on the instructions sheet): yellow = type here, green = computed by
formula, blue = filled in by the office, grey = does not apply. Every format is locked
except the input formats.
"""

from __future__ import annotations

from typing import Any

from ..numbers import excel_format

FONT = "Times New Roman"
TABLE_SIZE = 12
COLOURS = {
    "input": "#FFF2CC",
    "formula": "#E2EFDA",
    "prefilled": "#DDEBF7",
    "na": "#D9D9D9",
}
ROLE_NAMES_VI = {
    "input": "Ô nhập số liệu (đơn vị điền)",
    "formula": "Ô tự tính bằng công thức (không sửa được)",
    "prefilled": "Số liệu văn phòng đã có, ghi sẵn (không sửa được)",
    "na": "Không áp dụng cho chỉ tiêu này",
}


class Styles:
    """Creates xlsxwriter formats on demand and reuses identical ones."""

    def __init__(self, workbook: Any) -> None:
        self._wb = workbook
        self._cache: dict[tuple, Any] = {}

    def get(self, **props: Any) -> Any:
        base = {"font_name": FONT, "font_size": TABLE_SIZE, "valign": "vcenter"}
        base.update(props)
        key = tuple(sorted(base.items()))
        fmt = self._cache.get(key)
        if fmt is None:
            fmt = self._cache[key] = self._wb.add_format(base)
        return fmt

    # --- header block ----------------------------------------------------------------
    def text(self, size: int = 13, **props: Any) -> Any:
        return self.get(font_size=size, align="center", text_wrap=True, **props)

    # --- table -----------------------------------------------------------------------
    def head(self) -> Any:
        return self.get(bold=True, align="center", text_wrap=True, border=1)

    def number_head(self) -> Any:
        return self.get(italic=True, align="center", border=1, font_size=10)

    def section(self, align: str = "left") -> Any:
        return self.get(bold=True, border=1, align=align, text_wrap=True)

    def group(self, align: str = "left") -> Any:
        return self.get(bold=True, italic=True, border=1, align=align, text_wrap=True)

    def label(self, align: str = "left", indent: int = 0, size: int = TABLE_SIZE, italic: bool = False) -> Any:
        props: dict[str, Any] = {"border": 1, "align": align, "text_wrap": True, "font_size": size}
        if indent:
            props["indent"] = indent
        if italic:
            props["italic"] = True
        return self.get(**props)

    def cell(self, role: str, decimals: int = 0, text: bool = False) -> Any:
        props: dict[str, Any] = {"border": 1, "bg_color": COLOURS[role]}
        if text:
            props.update(num_format="@", text_wrap=True, align="left")
        elif role != "na":
            props.update(num_format=excel_format(decimals), align="right")
        if role == "input":
            props["locked"] = False
        return self.get(**props)

    def check(self) -> Any:
        return self.get(border=1, font_color="#C00000", italic=True, font_size=10, text_wrap=True)

    def warning_fill(self) -> Any:
        """Conditional format: a number typed as text."""
        return self._wb.add_format({"bg_color": "#F4B084", "font_color": "#9C0006"})
