"""How the master's sheets print: column widths from the figures they hold, row heights from
their wrapped texts, the Nghị định 30/2020 header and signature blocks, A4 page setup, page
breaks that keep headings with their rows, unit columns on pages of their own.

The layout derives from the columns present (:mod:`.layout`) and the values written, never
from a fixed column count, so that a column added to Tổng hợp prints as well.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from .. import printing as P
from ..numbers import fmt

BODY_SIZE = 12  # points: every text of the tables (printed at ≥ 9 pt after scaling)
MIN_SCALE = 78  # percent: 12 pt × 78 % ≈ 9,4 pt
FOOTER = '&L&"Times New Roman,Italic"&9&A&R&"Times New Roman"&9Trang &P/&N'
MAX_BREAKS = 1000  # Excel keeps at most 1.023 manual page breaks a direction


def units_width(width: float) -> float:
    """Printed points of a column ``width`` units wide (the master's default font is Times 12)."""
    return P.column_points(width, "times12")


def width_for(points: float, lo: float, hi: float) -> float:
    """Column width (units) that shows ``points`` of text plus the cell padding, within lo..hi."""
    return min(hi, max(lo, math.ceil((points + 8 - 3.75) / 6 * 2) / 2))


def number_text(value: Any, decimals: int, kind: str = "num") -> str:
    """What a number looks like in its cell (Vietnamese marks; signs and % for changes)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return ""
    s = fmt(value, decimals)
    if kind == "pct":
        return s + "%"
    if kind == "change":
        return ("+" if value > 0 else "") + s + " điểm %"
    if kind == "signed":
        return ("+" if value > 0 else "") + s
    return s


def longest(texts: Iterable[str], size: float = BODY_SIZE, bold: bool = False) -> float:
    return max((P.text_points(t, size, bold) for t in texts if t), default=0.0)


def longest_word(texts: Iterable[str], size: float = BODY_SIZE, bold: bool = False) -> float:
    return max((P.text_points(w, size, bold) for t in texts for w in str(t).split()), default=0.0)


def print_scale(widths: Sequence[float], landscape: bool = True) -> int:
    """The print scale (percent) at which columns of these widths fill the page's width."""
    total = sum(units_width(w) for w in widths)
    page_w, _ = P.printable_points(landscape)
    return max(10, min(100, int(page_w / total * 98) if total else 100))  # 2 % to spare


def unit_page_breaks(first_unit: int, fixed: float, unit_widths: Sequence[float], scale: int) -> list[int]:
    """Column breaks so that the unit columns print in blocks, each on pages that repeat the
    fixed columns (``fixed`` points) on their left."""
    page_w, _ = P.printable_points(True)
    room = page_w * 100 / scale - fixed - 4
    breaks = [first_unit]
    used = 0.0
    for i, w in enumerate(unit_widths):
        pts = units_width(w)
        if used and used + pts > room:
            breaks.append(first_unit + i)
            used = 0.0
        used += pts
    return breaks[:MAX_BREAKS]


def setup_page(w: Any, *, landscape: bool = True, footer: str = FOOTER) -> None:
    """A4, Nghị định 30 margins, page numbers in the footer, no gridlines."""
    if landscape:
        w.set_landscape()
    else:
        w.set_portrait()
    w.set_paper(9)
    m = P.MARGINS_IN
    w.set_margins(left=m["left"], right=m["right"], top=m["top"], bottom=m["bottom"])
    w.set_footer(footer, {"margin": P.HEADER_FOOTER_IN})
    w.hide_gridlines(2)


def apply_row_breaks(
    w: Any,
    heights: dict[int, float],
    *,
    first: int,
    last: int,
    scale: int,
    repeated: Sequence[int] = (),
    keep: set[int] | None = None,
    default: float = 15.75,
) -> list[int]:
    """Manual page breaks between ``first`` and ``last`` (0-based rows) computed from the rows'
    heights, so that a heading in ``keep`` never ends a page; returns them."""
    _, page_h = P.printable_points(True)
    top = sum(heights.get(r, default) for r in range(0, first))
    rep = sum(heights.get(r, default) for r in repeated)
    hs = [heights.get(r, default) for r in range(first, last + 1)]
    breaks = P.page_breaks(hs, first, page_h, repeated=rep, top=top, keep_with_next=keep or set(), scale=scale / 100)
    breaks = breaks[:MAX_BREAKS]
    if breaks:
        w.set_h_pagebreaks(breaks)
    return breaks


def header_block(
    sh: Any,
    *,
    authority: str,
    place: str,
    day: date,
    number: str,
    last_col: int,
    widths: dict[int, float],
) -> int:
    """The Nghị định 30 header over columns 0..last_col (rows 0-2): the authority and the
    document number on the left, quốc hiệu, tiêu ngữ and the place and date (italic) on the
    right. Returns the last column of the left block."""
    w, st = sh.worksheet, sh.st
    line1, line2 = P.authority_lines(authority)
    cols = list(range(last_col + 1))
    # the left block takes the first columns up to ~38 % of the width, the right block the rest
    total = sum(units_width(widths.get(c, 9)) for c in cols)
    acc, left_end = 0.0, 0
    for c in cols:
        acc += units_width(widths.get(c, 9))
        left_end = c
        if acc >= total * 0.38:
            break
    left_end = min(left_end, last_col - 1)
    right = left_end + 1

    def put(row: int, c1: int, c2: int, text: str, fmt_name: str) -> None:
        if c2 > c1:
            w.merge_range(row, c1, row, c2, "", st.get(fmt_name))
        sh.string(row, c1, text, st.get(fmt_name))

    put(0, 0, left_end, line1, "nd30_left" if line2 else "nd30_left_bold")
    put(0, right, last_col, P.NATION, "nd30_bold")
    put(1, 0, left_end, line2, "nd30_left_bold_u")
    put(1, right, last_col, P.MOTTO, "nd30_motto")
    put(2, 0, left_end, number, "nd30")
    put(2, right, last_col, P.place_date(place, day), "nd30_italic")
    for r in range(3):
        sh.need(r, P.row_points(1, 13))
    return left_end


def signature_block(sh: Any, row: int, *, authority: str, left_end: int, last_col: int) -> list[int]:
    """``NGƯỜI LẬP BIỂU`` on the left, ``TM. ỦY BAN NHÂN DÂN`` / ``CHỦ TỊCH`` on the right,
    from ``row`` (0-based); returns the rows used (to be kept on one page)."""
    w, st = sh.worksheet, sh.st
    who, title = P.signer_lines(authority)
    right = left_end + 1
    lines_left = ["NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"]
    lines_right = [who] + ([title] if title else []) + ["(Ký tên, đóng dấu)"]
    rows = []
    for i in range(max(len(lines_left), len(lines_right))):
        r = row + i
        for c1, c2, lines in ((0, left_end, lines_left), (right, last_col, lines_right)):
            if i < len(lines):
                name = "nd30_italic" if lines[i].startswith("(") else "nd30_bold"
                if c2 > c1:
                    w.merge_range(r, c1, r, c2, "", st.get(name))
                sh.string(r, c1, lines[i], st.get(name))
        sh.need(r, P.row_points(1, 13))
        rows.append(r)
    n = row + len(rows)
    for i in range(4):  # room for the signature and the seal
        sh.need(n + i, 18)
        rows.append(n + i)
    return rows
