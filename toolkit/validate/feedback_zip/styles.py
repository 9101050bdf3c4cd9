"""``styles.xml`` edited: :class:`Styles` appends fonts, fills and cell formats, and clones a
flagged cell's format with the new fill.
"""

from __future__ import annotations

import re

from .xmltext import Unsupported, find_root, set_attr

_XFS = re.compile(r"<xf\b[^>]*?/>|<xf\b[^>]*?[^/]>.*?</xf>", re.S)


class Styles:
    """styles.xml with fonts, fills and cell formats appended."""

    def __init__(self, xml: str) -> None:
        find_root(xml, "styleSheet")
        self.xml = xml
        self.fonts = self._count("fonts", "font")
        self.fills = self._count("fills", "fill")
        self.borders = self._count("borders", "border")
        # number formats that show a percentage: a flagged cell keeps them (the clerk typed 93%)
        self._percent = {9, 10} | {
            int(m.group(1))
            for m in re.finditer(r'<numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"', xml)
            if "%" in m.group(2)
        }
        body = self._body("cellXfs")
        self.xfs: list[str] = _XFS.findall(body)
        if not self.xfs or len(self.xfs) != len(re.findall(r"<xf\b", body)):
            raise Unsupported("cellXfs")
        if self._count("borders", "border") < 1 or self._count("cellStyleXfs", "xf") < 1:
            raise Unsupported("styles")
        self.new_fonts: list[str] = []
        self.new_fills: list[str] = []
        self.new_borders: list[str] = []
        self.new_xfs: list[str] = []
        self._fill_ids: dict[str, int] = {}
        self._clones: dict[tuple[int, int, bool], int] = {}

    def _body(self, section: str) -> str:
        m = re.search(r"<" + section + r"\b[^>]*?(?<!/)>(.*?)</" + section + ">", self.xml, re.S)
        if m is None:
            raise Unsupported(section)
        return m.group(1)

    def _count(self, section: str, item: str) -> int:
        return len(re.findall(r"<" + item + r"\b", self._body(section)))

    def font(self, inner: str) -> int:
        self.new_fonts.append(f"<font>{inner}</font>")
        return self.fonts + len(self.new_fonts) - 1

    def fill(self, rgb: str) -> int:
        if rgb not in self._fill_ids:
            self.new_fills.append(
                f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
                f'<bgColor rgb="FF{rgb}"/></patternFill></fill>'
            )
            self._fill_ids[rgb] = self.fills + len(self.new_fills) - 1
        return self._fill_ids[rgb]

    def border(self) -> int:
        """A thin border on all four sides (appended once)."""
        if not self.new_borders:
            side = '<{0} style="thin"><color indexed="64"/></{0}>'
            self.new_borders.append(
                "<border>"
                + "".join(side.format(s) for s in ("left", "right", "top", "bottom"))
                + "<diagonal/></border>"
            )
        return self.borders

    def xf(self, xml: str) -> int:
        self.new_xfs.append(xml)
        return len(self.xfs) + len(self.new_xfs) - 1

    def flagged(self, style: int, rgb: str) -> int:
        """A flagged cell's format: like ``style`` (font, border, lock kept) with a solid fill and
        the General number format, so that the value shows as typed (a format with two decimals
        would show 0,9986 as 1,00 while the comment speaks of 0,9986); a percentage format is
        kept, since that is how the clerk typed the value."""
        return self.filled(style, rgb, general=True)

    def filled(self, style: int, rgb: str, general: bool = False) -> int:
        """A cell format like ``style`` (number format, font, border, lock kept) with a solid fill."""
        if not 0 <= style < len(self.xfs):
            style = 0
        fill = self.fill(rgb)
        key = (style, fill, general)
        if key not in self._clones:
            src = self.xfs[style]
            m = re.match(r"<xf\b[^>]*?/?>", src)
            if m is None:
                raise Unsupported("xf")
            tag = set_attr(set_attr(m.group(0), "fillId", str(fill)), "applyFill", "1")
            fmt = re.search(r'numFmtId="(\d+)"', tag)
            if general and (fmt is None or int(fmt.group(1)) not in self._percent):
                tag = set_attr(set_attr(tag, "numFmtId", "0"), "applyNumberFormat", "1")
            self._clones[key] = self.xf(tag + src[m.end() :])
        return self._clones[key]

    def _append(self, xml: str, section: str, items: list[str], total: int) -> str:
        if not items:
            return xml
        m = re.search(r"<" + section + r"\b[^>]*?(?<!/)>", xml)
        end = xml.find(f"</{section}>", m.end()) if m else -1
        if m is None or end < 0:
            raise Unsupported(section)
        start = set_attr(m.group(0), "count", str(total))
        return xml[: m.start()] + start + xml[m.end() : end] + "".join(items) + xml[end:]

    def result(self) -> str:
        xml = self._append(self.xml, "fonts", self.new_fonts, self.fonts + len(self.new_fonts))
        xml = self._append(xml, "fills", self.new_fills, self.fills + len(self.new_fills))
        xml = self._append(xml, "borders", self.new_borders, self.borders + len(self.new_borders))
        return self._append(xml, "cellXfs", self.new_xfs, len(self.xfs) + len(self.new_xfs))
