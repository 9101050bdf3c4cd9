"""Cell formats of the master workbook, created once per workbook and reused."""

from __future__ import annotations

from typing import Any

from ..numbers import excel_format

# "font_scheme": "none": xlsxwriter would otherwise mark the default font as the theme's minor
# font (<scheme val="minor"/>), and the theme's minor font is Calibri, which Excel then shows.
FONT = {"font_name": "Times New Roman", "font_size": 12, "font_scheme": "none"}
PCT = '#,##0.00"%"'
CHANGE_PCT = '+#,##0.00"%";-#,##0.00"%";0.00"%"'
CHANGE_POINTS = '+#,##0.00" điểm %";-#,##0.00" điểm %";0.00" điểm %"'
DATETIME = "dd/mm/yyyy hh:mm"

GREEN = {"bg_color": "#C6EFCE", "font_color": "#006100"}
RED = {"bg_color": "#FFC7CE", "font_color": "#9C0006"}


def signed(decimals: int) -> str:
    f = excel_format(decimals)
    zero = "0" if decimals == 0 else "0." + "0" * decimals
    return f"+{f};-{f};{zero}"


class Styles:
    """``styles.get("num", decimals=2)`` → an xlsxwriter Format, cached by its properties."""

    BASE: dict[str, dict[str, Any]] = {
        "title": {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter", "text_wrap": True},
        "nd30": {"font_size": 13, "align": "center", "valign": "vcenter"},
        "nd30_bold": {"font_size": 13, "bold": True, "align": "center", "valign": "vcenter"},
        "nd30_left": {"font_size": 13, "align": "center", "valign": "vcenter"},
        "nd30_left_bold": {"font_size": 13, "bold": True, "align": "center", "valign": "vcenter"},
        "nd30_left_bold_u": {"font_size": 13, "bold": True, "underline": 1, "align": "center", "valign": "vcenter"},
        "nd30_motto": {"font_size": 13, "bold": True, "underline": 1, "align": "center", "valign": "vcenter"},
        "nd30_italic": {"font_size": 13, "italic": True, "align": "center", "valign": "vcenter"},
        "center_wrap": {"border": 1, "align": "center", "valign": "vcenter", "text_wrap": True},
        "banner": {"text_wrap": True, "valign": "vcenter", "align": "center", "italic": True},
        "banner_warn": {
            "bold": True,
            "font_color": "#9C0006",
            "text_wrap": True,
            "valign": "vcenter",
            "align": "center",
        },
        "banner_ok": {"bold": True, "font_color": "#006100", "text_wrap": True, "valign": "vcenter", "align": "center"},
        "authority": {"bold": True},
        "sheet_title": {"bold": True, "font_size": 13, "align": "center", "valign": "vcenter", "text_wrap": True},
        "subtitle_wrap": {"italic": True, "text_wrap": True, "valign": "vcenter"},
        "subtitle": {"italic": True},
        "warn": {"bold": True, "font_color": "#9C0006"},
        "ok": {"bold": True, "font_color": "#006100"},
        "header": {
            "bold": True,
            "text_wrap": True,
            "align": "center",
            "valign": "vcenter",
            "border": 1,
            "bg_color": "#D9E1F2",
        },
        "colno": {"italic": True, "align": "center", "valign": "vcenter", "border": 1},
        "section": {"bold": True, "bg_color": "#FCE4D6", "border": 1},
        "group": {"bold": True, "italic": True, "border": 1},
        "hash": {"border": 1, "text_wrap": True, "valign": "vcenter", "font_size": 10},
        "code": {"border": 1, "text_wrap": True, "valign": "vcenter"},
        "name": {"border": 1, "text_wrap": True, "valign": "vcenter"},
        "text": {"border": 1, "text_wrap": True, "valign": "vcenter"},
        "num": {"valign": "vcenter"},
        "plain": {},
        "wrap": {"text_wrap": True, "valign": "top"},
        "center": {"border": 1, "align": "center", "valign": "vcenter"},
        "blank": {"border": 1, "valign": "vcenter"},
        "input": {"border": 1, "bg_color": "#FFF2CC", "locked": False},
        "datetime": {"border": 1, "num_format": DATETIME, "valign": "vcenter"},
        "missing": {"border": 1, "text_wrap": True, "valign": "vcenter", "font_color": "#9C0006", "bold": True},
        "invalid": {"border": 1, "text_wrap": True, "valign": "vcenter", "font_color": "#9C5700", "bold": True},
        "valid": {"border": 1, "text_wrap": True, "valign": "vcenter", "font_color": "#006100"},
    }

    def __init__(self, workbook: Any) -> None:
        self.wb = workbook
        self._cache: dict[tuple, Any] = {}
        self.green = workbook.add_format(GREEN)
        self.red = workbook.add_format(RED)

    def get(self, name: str, *, num_format: str | None = None, indent: int = 0, border: bool = True) -> Any:
        key = (name, num_format, indent, border)
        fmt = self._cache.get(key)
        if fmt is None:
            props = dict(FONT)
            props.update(self.BASE.get(name, {}))
            if num_format:
                props["num_format"] = num_format
            if indent:
                props["indent"] = indent
            if border and name in ("num",):
                props["border"] = 1
            fmt = self._cache[key] = self.wb.add_format(props)
        return fmt

    def num(self, decimals: int, border: bool = True) -> Any:
        return self.get("num", num_format=excel_format(decimals), border=border)
