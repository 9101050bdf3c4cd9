"""File names a person recognises: period, unit code and the unit's name without diacritics."""

from __future__ import annotations

import re
import unicodedata

from ..periods import Period
from ..units import Unit

_NOT_WORD = re.compile(r"[^A-Za-z0-9]+")


def ascii_fold(text: str) -> str:
    """'Phòng Tài chính - Kế hoạch' -> 'Phong Tai chinh - Ke hoach' (đ -> d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug(text: str) -> str:
    """'Phòng Tài chính - Kế hoạch' -> 'Phong-Tai-chinh-Ke-hoach'."""
    return _NOT_WORD.sub("-", ascii_fold(text)).strip("-")


def form_file_name(unit: Unit, period: Period) -> str:
    """'2024-Q1_P1_Phuong-1.xlsx'."""
    name = slug(unit.name)
    return f"{period.code}_{unit.code}" + (f"_{name}" if name else "") + ".xlsx"
