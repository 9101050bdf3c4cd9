"""Writing text that came from a submission into files baocao produces, safely.

Text from a ward (notes, names, anything read from a returned workbook) is data, never a
formula, whatever its first character. Two dangers:

* a workbook: ``worksheet.write()`` (xlsxwriter) or ``cell.value = ...`` (openpyxl) turn
  "=HYPERLINK(...)" into a live formula. :func:`write_text` always calls
  ``write_string``; :func:`set_text` forces openpyxl's string type;
* a CSV: spreadsheet programs evaluate cells starting with = + - @ tab or carriage
  return (CSV/formula injection). :func:`csv_safe` prefixes such text with a single
  quote, as OWASP recommends; numbers stay numbers.

Both also drop the control characters XML 1.0 cannot hold (a workbook with them is
unreadable), mapping vertical tab and form feed, which Word pastes for line breaks, to a
line break. In workbooks a carriage return becomes a line feed (Excel's line break; XML
readers would turn a literal CR into LF anyway) and text is cut to Excel's cell limit of
32,767 UTF-16 code units.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

EXCEL_MAX_CHARS = 32_767
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINEBREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
# first characters that make a spreadsheet program evaluate a CSV cell (OWASP), plus the
# full-width forms some East Asian locales also evaluate
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def clean_text(text: str) -> str:
    """Text without the characters a workbook cannot store."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text.translate(_LINEBREAKS))
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


def _truncate_utf16(text: str, limit: int) -> str:
    if len(text) <= limit // 2:
        return text
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return text[:i]
    return text


def as_text_cell(value: Any) -> str:
    """A value as the text of a workbook cell: cleaned, cut to Excel's limit, never None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = clean_text(text)
    if "\r" in text:  # Excel's line break is LF; XML readers turn a literal CR into LF anyway
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _truncate_utf16(text, EXCEL_MAX_CHARS)


def write_text(sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> int:
    """xlsxwriter: write value as a string cell (``write_string``), never as a formula."""
    return sheet.write_string(row, col, as_text_cell(value), fmt)


def set_text(cell: Any, value: Any) -> None:
    """openpyxl: store value in the cell as a string, never as a formula."""
    cell.value = as_text_cell(value)
    cell.data_type = "s"


def csv_safe(value: Any) -> Any:
    """A value for a CSV cell: text starting with = + - @ tab or CR gets a leading quote.

    Numbers and booleans pass unchanged (they are written as numbers); None becomes "".
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    if text.startswith(CSV_TRIGGERS):
        return "'" + text
    return text


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A row for ``csv.writer.writerow`` with every text cell made safe."""
    return [csv_safe(v) for v in values]
