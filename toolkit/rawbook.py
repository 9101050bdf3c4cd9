"""What the reading gate hands to the rest of baocao: a workbook as plain data.

Nothing downstream of the gate opens an untrusted file itself. The gate
(:mod:`toolkit.gate`) checks the package, parses it with a bounded streaming reader and
returns a :class:`RawBook`: sheets with their cells (value, formula, style), the sheet
states, protection flags, the defined names and which cell styles are locked.

A book is read, never changed: the gate shares the :class:`RawCell` objects that nothing in a
form varies (blank cells, formulas without a value) between the books of every form of one
template (:mod:`toolkit.gate.layout`), so changing one would change them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CellValue = str | int | float | bool | None


@dataclass(slots=True)
class RawCell:
    ref: str  # A1
    row: int  # 1-based
    col: int  # 1-based
    value: CellValue  # cached/typed value; strings resolved from the shared string table
    formula: str | None = None  # formula text without the leading '=' (None: a constant)
    kind: str | None = None  # the OOXML cell type: n, s, str, inlineStr, b, e, d
    style: int = 0  # index into cellXfs

    @property
    def is_formula(self) -> bool:
        return self.formula is not None

    @property
    def is_blank(self) -> bool:
        return self.formula is None and (self.value is None or self.value == "")


@dataclass
class RawSheet:
    name: str
    state: str = "visible"  # visible | hidden | veryHidden
    cells: dict[str, RawCell] = field(default_factory=dict)
    protected: bool = False
    protection: dict[str, str] = field(default_factory=dict)  # <sheetProtection> attributes
    dimension: str | None = None  # the declared <dimension ref>, as written by the sender
    max_row: int = 0  # the real extent of the cells read
    max_col: int = 0
    merged: list[str] = field(default_factory=list)  # merged ranges ("E21:E22"), as declared

    def get(self, ref: str) -> RawCell | None:
        return self.cells.get(ref.replace("$", "").upper())

    def value(self, ref: str) -> CellValue:
        c = self.get(ref)
        return None if c is None else c.value

    def rows(self) -> dict[int, dict[int, RawCell]]:
        out: dict[int, dict[int, RawCell]] = {}
        for c in self.cells.values():
            out.setdefault(c.row, {})[c.col] = c
        return out


@dataclass
class RawBook:
    path: str
    sheets: list[RawSheet] = field(default_factory=list)
    defined_names: dict[str, str] = field(default_factory=dict)  # name -> text as stored
    structure_locked: bool = False  # <workbookProtection lockStructure="1">
    locked_styles: list[bool] = field(default_factory=list)  # cellXfs index -> locked?
    application: str | None = None  # docProps/app.xml <Application>, when present
    # cellXfs index -> what the cell's number format shows: "date", "percent", "text" or "" (a number)
    style_formats: list[str] = field(default_factory=list)

    def sheet(self, name: str) -> RawSheet | None:
        for s in self.sheets:
            if s.name == name:
                return s
        return None

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def is_locked(self, cell: RawCell | None) -> bool:
        """Excel's rule: a cell is locked unless its style says locked="0"."""
        if cell is None:
            return True  # an absent cell has the default style, which is locked
        if 0 <= cell.style < len(self.locked_styles):
            return self.locked_styles[cell.style]
        return True

    def shown_as(self, cell: RawCell | None) -> str:
        """What the cell's number format shows a number as: "date", "percent", "text" or ""."""
        if cell is None or not 0 <= cell.style < len(self.style_formats):
            return ""
        return self.style_formats[cell.style]
