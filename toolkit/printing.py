"""What a printed sheet needs that xlsxwriter does not compute: how tall a wrapped row is, how
wide a column prints, where pages break, and the Nghị định 30/2020 page and header block.

Neither xlsxwriter nor a spreadsheet opening the file autofits the height of a row whose
text wraps (Excel does on edit only, LibreOffice not for a row with a stored height), so
every writer sizes such rows itself from the text, the column width and the font size.
Widths come from the metrics of Times New Roman (Adobe's Times-Roman AFM, the same advance
widths as Liberation Serif, its metric twin); a Vietnamese letter is measured as its base
letter (diacritics do not widen a glyph). Estimates err on the generous side: a row a little
too tall is harmless, text printed over the next row is not.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from . import caches

# Advance widths of Times-Roman in 1/1000 em, ASCII 32..126 (bold is about 6 % wider).
_TIMES = (
    [250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278]
    + [500] * 10
    + [278, 278, 564, 564, 564, 444, 921]
    + [722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556]
    + [611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333]
    + [444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389]
    + [278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541]
)
_OTHER = 600  # anything else (symbols, dashes): a wide guess
BOLD = 1.07
SAFETY = 1.05  # measured widths are within 1 %; clients round column widths to pixels
LINE = 1.3  # line pitch in em: Excel gives Times New Roman 12 about 15,75 pt a line, LibreOffice less
ROW_PADDING = 3.0  # points above and below the lines of a row

# Column width (Excel's character units) to printed points, for a workbook whose default
# font is Times New Roman 12 (digits 8 px wide) and one whose default is Calibri 11 (7 px).
PX_PER_UNIT = {"times12": 8.0, "calibri11": 7.0}


@caches.function("printing.char_width", None)
def char_width(ch: str) -> int:
    """Advance width of one character in 1/1000 em."""
    o = ord(ch)
    if 32 <= o <= 126:
        return _TIMES[o - 32]
    if ch in "đĐ":
        return 500 if ch == "đ" else 722
    base = unicodedata.normalize("NFD", ch)[0]
    if base != ch and 32 <= ord(base) <= 126:
        return _TIMES[ord(base) - 32]
    if ch in "–—…":
        return 1000
    return _OTHER


@caches.function("printing.em", 65536)
def _em(text: str) -> int:
    """Width of ``text`` in 1/1000 em (words repeat: each is measured once)."""
    return sum(map(char_width, text))


def text_points(text: str, size: float, bold: bool = False) -> float:
    """Printed width of ``text`` in points."""
    w = _em(text) * size / 1000
    return w * BOLD if bold else w


def column_points(width: float, default_font: str = "times12") -> float:
    """Printed width in points of a column ``width`` characters wide."""
    return (width * PX_PER_UNIT[default_font] + 5) * 0.75


def wrapped_lines(text: str, width_pt: float, size: float, bold: bool = False, indent: int = 0) -> int:
    """Lines ``text`` takes when wrapped at word boundaries in ``width_pt`` points (a word
    longer than the line is broken anywhere, as spreadsheets do)."""
    avail = max(10.0, width_pt - 6 - indent * 3 * size * 0.5)  # cell padding, indent steps
    avail /= SAFETY
    scale = size / 1000 * (BOLD if bold else 1.0)
    avail /= scale  # in 1/1000 em from here
    space = 250
    lines = 0
    for para in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in para.split(" "):
            w: float = _em(word)  # less `avail` per wrapped line of a long word
            if used and used + space + w > avail:
                lines += 1
                used = 0.0
            elif used:
                used += space
            while w > avail:  # a word wider than the line
                lines += 1
                w -= avail
            used += w
    return max(1, lines)


def row_points(lines: int, size: float) -> float:
    """Height in points of a row holding ``lines`` lines of ``size``-point text."""
    return round(lines * size * LINE + ROW_PADDING, 2)


@dataclass(frozen=True)
class Cell:
    """One wrapped text of a row: the text, the printed width of its cell, its font."""

    text: str
    width_pt: float
    size: float = 12
    bold: bool = False
    indent: int = 0


def fit_height(cells: Sequence[Cell], minimum: float = 0.0) -> float:
    """The height a row needs so that none of its wrapped texts runs over the next row."""
    need = minimum
    for c in cells:
        if c.text:
            need = max(need, row_points(wrapped_lines(c.text, c.width_pt, c.size, c.bold, c.indent), c.size))
    return need


# --- pages --------------------------------------------------------------------------------

A4_LANDSCAPE_PT = (841.89, 595.28)
A4_PORTRAIT_PT = (595.28, 841.89)
MM = 72 / 25.4
# Nghị định 30/2020: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm (inches for xlsxwriter)
MARGINS_IN = {"left": 30 / 25.4, "right": 15 / 25.4, "top": 20 / 25.4, "bottom": 20 / 25.4}
HEADER_FOOTER_IN = 0.3


def printable_points(landscape: bool = True) -> tuple[float, float]:
    """Width and height in points between the margins of an A4 page."""
    w, h = A4_LANDSCAPE_PT if landscape else A4_PORTRAIT_PT
    return w - (30 + 15) * MM, h - (20 + 20) * MM


def page_breaks(
    heights: Sequence[float],
    first: int,
    page_height: float,
    *,
    repeated: float = 0.0,
    top: float = 0.0,
    keep_with_next: set[int] | frozenset[int] = frozenset(),
    scale: float = 1.0,
) -> list[int]:
    """Rows (0-based, as xlsxwriter's ``set_h_pagebreaks`` takes them) before which a page
    starts, so that no row in ``keep_with_next`` (a heading) ends a page alone.

    ``heights[i]`` is the height of row ``first + i`` in points; ``top`` the height of what
    the first page prints above row ``first``; ``repeated`` the height of the rows repeated
    on every later page; ``scale`` the print scale (0-1).
    """
    breaks: list[int] = []
    room = page_height / scale - 2.0  # a little slack for rounding in the client
    used = top
    i = 0
    n = len(heights)
    while i < n:
        h = heights[i]
        if used + h > room and used > (top if not breaks else repeated):
            # the page is full before row i: break there, moving any headings above it along
            b = i
            while b - 1 > (breaks[-1] - first if breaks else 0) and (first + b - 1) in keep_with_next:
                b -= 1
            breaks.append(first + b)
            used = repeated
            i = b
            continue
        used += h
        i += 1
    return breaks


# --- Nghị định 30/2020 header ---------------------------------------------------------------

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
_HEADS = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "UBND")


def authority_lines(authority: str) -> tuple[str, str]:
    """The authority as the header's two lines: the body above, the place below it
    (``ỦY BAN NHÂN DÂN THỊ XÃ NGÃ NĂM`` → ``ỦY BAN NHÂN DÂN`` / ``THỊ XÃ NGÃ NĂM``)."""
    a = " ".join(authority.split()).upper()
    for head in _HEADS:
        if a.startswith(head + " "):
            return ("ỦY BAN NHÂN DÂN" if head == "UBND" else head), a[len(head) + 1 :]
    return a, ""


def place_date(place: str, day: date) -> str:
    """``Ngã Năm, ngày 05 tháng 4 năm 2024``: Nghị định 30 writes days below 10 and the months
    1 and 2 with a leading zero."""
    d = f"{day.day:02d}"
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {d} tháng {m} năm {day.year}"
    return f"{place}, {text}" if place else text.capitalize()


def signer_lines(authority: str) -> tuple[str, str]:
    """Who signs for the authority: ``TM. ỦY BAN NHÂN DÂN`` / ``CHỦ TỊCH``."""
    head, _ = authority_lines(authority)
    if head == "ỦY BAN NHÂN DÂN":
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    return "THỦ TRƯỞNG CƠ QUAN", ""
