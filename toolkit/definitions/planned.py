"""A definition file the workbook produces, before it is written: what the import checks.

Shared by the import (:mod:`.importer`, :mod:`.from_master`) and :mod:`.locate`, which maps
a problem at a file's line back to the sheet and cell it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .reader import SheetRead


@dataclass
class Planned:
    """A definition file the workbook produces: its relative path and text."""

    rel: str
    text: str
    sheet: SheetRead
    rows: list[tuple[SheetRead, Any]] = field(default_factory=list)  # (sheet, ReadRow) in document order
    kept_lines: bool = False  # rows given as (sheet, None) are the file's own: report them at its lines
    anchors: list[tuple[tuple, SheetRead, Any]] = field(default_factory=list)  # (path in the document, sheet, row)
