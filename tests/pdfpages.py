"""Read a PDF the way a person reads a printout: pages, their text lines, where each line
sits and how big its letters are (``pdftotext -bbox-layout`` from poppler-utils).

Text size: pdftotext gives each line's box, whose height is the font's ascent plus descent.
For Times New Roman and its metric twin Liberation Serif that box is 1,3 times the font
size, so ``size`` is the printed size in points (within a few percent).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

BOX_PER_POINT = 1.299  # line box height / font size of Liberation Serif, measured
_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def size(self) -> float:
        return (self.y1 - self.y0) / BOX_PER_POINT


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)

    @property
    def footer(self) -> str:
        """The text printed in the bottom margin (page number, sheet name)."""
        return " ".join(ln.text for ln in self.lines if ln.y0 > self.height - 50)

    @property
    def body(self) -> list[Line]:
        return [ln for ln in self.lines if ln.y0 <= self.height - 50]

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)


def available() -> bool:
    return shutil.which("pdftotext") is not None


def read_pdf(pdf: Path) -> list[Page]:
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    root = ET.fromstring(xml)
    pages = []
    for n, p in enumerate(root.iter(f"{_NS}page"), start=1):
        page = Page(n, float(p.get("width", 0)), float(p.get("height", 0)))
        for ln in p.iter(f"{_NS}line"):
            words = [w.text or "" for w in ln.iter(f"{_NS}word")]
            page.lines.append(
                Line(
                    " ".join(words),
                    float(ln.get("xMin", 0)),
                    float(ln.get("yMin", 0)),
                    float(ln.get("xMax", 0)),
                    float(ln.get("yMax", 0)),
                )
            )
        pages.append(page)
    return pages


def overlaps(page: Page, tolerance: float = 0.25) -> list[tuple[Line, Line]]:
    """Pairs of text lines printed over each other: their boxes intersect horizontally and
    vertically by more than ``tolerance`` of the smaller line's height (lines of one
    paragraph touch, they do not overlap)."""
    out = []
    lines = sorted(page.lines, key=lambda ln: ln.y0)
    for i, a in enumerate(lines):
        for b in lines[i + 1 :]:
            if b.y0 >= a.y1:
                break
            if b.x0 >= a.x1 or a.x0 >= b.x1:
                continue
            v = min(a.y1, b.y1) - max(a.y0, b.y0)
            if v > tolerance * min(a.y1 - a.y0, b.y1 - b.y0):
                out.append((a, b))
    return out
