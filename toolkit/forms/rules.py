"""Data validation of an input cell, from the catalog type and bounds, with Vietnamese texts.

Excel loses validation on paste, so this only guides the clerk; every returned cell is
validated again on return. Limits from Excel: prompt title 32 characters, message 255.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..catalog import Indicator
from ..numbers import fmt
from ..periods import Period, fmt_date

NOTE_MAX = 500
_TITLE_MAX, _MESSAGE_MAX = 32, 255
_ANY = 1e15  # "no bound" for Excel, which needs a number

COLUMN_TITLES = {
    "value": "Thực hiện kỳ này",
    "ytd_prev": "Lũy kế đến hết kỳ trước",
    "ytd": "Lũy kế từ đầu năm",
    "same_period": "Cùng kỳ năm trước",
    "same_ytd": "Lũy kế cùng kỳ năm trước",
    "note": "Ghi chú",
}
# columns that hold a year to date (their flow bounds cover every month since January)
YTD_COLUMNS = ("ytd", "ytd_prev", "same_ytd")
# what a carried column asks for when the office has no accepted figure to fill in
_CARRIED_PROMPT = {
    "ytd_prev": "Chưa có số liệu đã duyệt của kỳ trước: nhập lũy kế từ đầu năm đến hết kỳ trước.",
}

NO_SEPARATORS = "Không gõ dấu ngăn cách hàng nghìn."


@dataclass(frozen=True)
class Rule:
    """What an input cell accepts."""

    kind: str  # integer | decimal | length
    min: float | None
    max: float | None
    title: str
    prompt: str
    error_title: str
    error: str

    def options(self) -> dict[str, Any]:
        """Options for xlsxwriter's ``data_validation``."""
        opts: dict[str, Any] = {"validate": self.kind}
        lo, hi = self.min, self.max
        if self.kind == "length":
            opts.update(criteria="<=", value=int(hi or NOTE_MAX))
        elif lo is not None and hi is not None:
            opts.update(criteria="between", minimum=lo, maximum=hi)
        elif lo is not None:
            opts.update(criteria=">=", value=lo)
        elif hi is not None:
            opts.update(criteria="<=", value=hi)
        else:
            opts.update(criteria="between", minimum=-_ANY, maximum=_ANY)
        opts.update(
            input_title=_cut(self.title, _TITLE_MAX),
            input_message=_cut(self.prompt, _MESSAGE_MAX),
            error_title=_cut(self.error_title, _TITLE_MAX),
            error_message=_cut(self.error, _MESSAGE_MAX),
            error_type="stop",
            ignore_blank=True,
        )
        return opts


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _range_text(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"từ {fmt(lo)} đến {fmt(hi)}"
    if lo is not None:
        return f"từ {fmt(lo)} trở lên"
    if hi is not None:
        return f"không quá {fmt(hi)}"
    return ""


def bounds(ind: Indicator, column: str, period: Period) -> tuple[float | None, float | None]:
    """Bounds of a cell: the catalog's, widened for flows that cover several quarters."""
    lo, hi = ind.min, ind.max
    if hi is not None and ind.type != "percent" and not ind.is_stock:
        # max is per quarter: a cell allows it once per quarter it covers (a month: once)
        if column in YTD_COLUMNS:
            hi = hi * _quarters(period.last_month)
        elif column in ("value", "same_period"):
            hi = hi * _quarters(period.months_covered)
    return lo, hi


def _quarters(months: int) -> int:
    return max(1, -(-months // 3))


def rule_for(ind: Indicator, column: str, period: Period, why: str = "") -> Rule:
    """``why``: said first in the prompt (a merged unit's carried figure it must type)."""
    title = COLUMN_TITLES[column]
    why = why or _CARRIED_PROMPT.get(column, "")
    short = _cut(ind.name, 90)
    if column == "note":
        return Rule(
            "length",
            None,
            NOTE_MAX,
            title,
            f"{short}: ghi chú, giải thích khi số liệu tăng, giảm bất thường (tối đa {NOTE_MAX} ký tự).",
            "Ghi chú quá dài",
            f"Ghi chú tối đa {NOTE_MAX} ký tự.",
        )
    lo, hi = bounds(ind, column, period)
    span = _range_text(lo, hi)
    unit = ind.unit
    if ind.type == "integer":
        kind, what = "integer", "số nguyên"
    elif ind.type == "percent":
        kind, what = "decimal", "số phần trăm"
    else:
        kind, what = "decimal", "số"
    rule = f"{what} {span}".strip()
    extra = ""
    if ind.type == "percent":
        extra = " Ghi số từ 0 đến 100, ví dụ 37,89 cho 37,89%; không gõ dấu %."
    elif ind.type in ("decimal", "money") and ind.decimals:
        extra = f" Tối đa {ind.decimals} chữ số thập phân."
    optional = "" if ind.required and column != "same_ytd" else " Không bắt buộc."
    if column == "ytd" and ind.given_as == "ytd":
        extra += f" Lũy kế từ đầu năm đến ngày {fmt_date(period.end)} theo số của hệ thống."
    elif column == "value" and ind.given_as == "as_of":
        extra += f" Số có đến ngày {fmt_date(period.end)}."
    if column == "value" and ind.estimate:
        extra += " Chưa có số chính thức thì ghi số ước."
    prompt = f"{short}. ĐVT: {unit}. Nhập {rule}.{extra} {NO_SEPARATORS}{optional}"
    if why:
        prompt = f"{why} {_cut(ind.name, 60)}. ĐVT: {unit}. Nhập {rule}. {NO_SEPARATORS}{optional}"
    error = f"{ind.code}: phải là {rule} (ĐVT: {unit}). Gõ số, không gõ chữ, đơn vị hay dấu ngăn cách hàng nghìn."
    return Rule(kind, lo, hi, title, prompt, "Số liệu không hợp lệ", error)
