"""Moving a definition problem from its file and line to the workbook's sheet and cell.

The loaders and checks say "catalog.yaml line 212"; the import wrote line 212 from row 14
of sheet 'Chỉ tiêu', and the finding's field (its ``field``, ``role``, or what its code is
about) picks the column. The message keeps its code and words, without the line number.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import yamlio
from ..findings import Finding, registry
from ..findings import catalog as catalog_codes

if TYPE_CHECKING:
    from .planned import Planned
    from .reader import SheetRead
    from .tables import ReadRow

# the field (column) a catalog finding is about, when it does not name one itself
FIELD_OF_CODE: dict[str, str] = {
    catalog_codes.DUPLICATE_CODE: "code",
    catalog_codes.BAD_CODE: "code",
    catalog_codes.DUPLICATE_SECTION: "code",
    catalog_codes.UNKNOWN_SECTION: "section",
    catalog_codes.UNKNOWN_REPORTER: "reporters",
    catalog_codes.SINGLE_MANY_REPORTERS: "reporters",
    catalog_codes.NO_REPORTER: "reporters",
    catalog_codes.MIN_ABOVE_MAX: "min",
    catalog_codes.UNKNOWN_PART: "parts",
    catalog_codes.PART_UNIT_MISMATCH: "parts",
    catalog_codes.PART_REPORTERS_MISMATCH: "parts",
    catalog_codes.PARTS_CYCLE: "parts",
    catalog_codes.PARTS_MODE_WITHOUT_PARTS: "parts_mode",
    catalog_codes.TARGET_UNKNOWN_INDICATOR: "code",
    catalog_codes.BASELINE_UNKNOWN_INDICATOR: "indicator",
    catalog_codes.BASELINE_UNKNOWN_UNIT: "unit",
}
# bad-unit, target-bad-value and baseline-bad-row say what is wrong in their detail only
_DETAIL_FIELDS = (
    (re.compile(r"unknown field '([^']+)'"), None),
    (re.compile(r"unknown target kind '([^']+)'"), None),
    (re.compile(r"^(province|resolution):"), None),
    (re.compile(r"\bparent\b"), "parent"),
    (re.compile(r"\bpredecessor"), "predecessors"),
    (re.compile(r"\bkind\b"), "kind"),
    (re.compile(r"valid_from is after|YYYY-MM-DD"), "valid_from"),
    (re.compile(r"^column must be"), "column"),
    (re.compile(r"number|ambiguous"), "value"),
)


class Locator:
    def __init__(self, scratch: Path, real: Path, book: Path, planned: list[Planned]) -> None:
        self.scratch, self.real, self.book = scratch, real, book
        self.files: dict[str, Planned] = {}
        self.index: dict[tuple[str, int], tuple[SheetRead, ReadRow, str | None]] = {}
        for p in planned:
            path = str(scratch / p.rel)
            self.files[path] = p
            if p.rel.endswith(".csv"):
                for n, (sheet, rr) in enumerate(p.rows, start=2):
                    if rr is not None:  # None: a row kept from the file as it was
                        self.index[(path, n)] = (sheet, rr, None)
                continue
            self._index_yaml(path, p)

    def _index_yaml(self, path: str, p: Planned) -> None:
        doc = yamlio.loads(p.text, path)
        for where, sheet, rr in p.anchors:  # a mapping entry: the line of its key
            node, line = doc, None
            for step in where:
                if not isinstance(node, dict) or step not in node:
                    node = None
                    break
                line, node = yamlio.line_of(node, step), node[step]
            if node is not None and line:
                self.index[(path, line)] = (sheet, rr, None)
        items: list[Any] = []
        if isinstance(doc, dict):
            for key in ("sections", "indicators", "units"):
                if isinstance(doc.get(key), list):
                    items += doc[key]
        for (sheet, rr), item in zip(p.rows, items, strict=False):
            for key, line in getattr(item, "key_lines", {}).items():
                self.index[(path, line)] = (sheet, rr, key)
            self.index[(path, yamlio.line_of(item) or 0)] = (sheet, rr, None)

    def move(self, f: Finding) -> Finding:
        if not f.file or not f.file.startswith(str(self.scratch)):
            return f
        at = self.index.get((f.file, f.line or 0))
        if at is None:
            p = self.files.get(f.file)
            if p is None or p.kept_lines:  # a file (or row) the workbook does not hold: name the real one
                return dataclasses.replace(f, file=str(self.real) + f.file[len(str(self.scratch)) :])
            return self._reword(f, p.sheet.spec.name, None)
        sheet, rr, key = at
        fld = _field(f) or key or "code"
        letter = rr.cells.get(fld, "").rstrip("0123456789") or sheet.letter(fld) or sheet.letter("code") or "A"
        return self._reword(f, sheet.spec.name, f"{letter}{rr.row}")

    def _row_of(self, path: str, line: Any) -> Any:
        if isinstance(line, int) and (path, line) in self.index:
            return self.index[(path, line)][1].row
        return line

    def _reword(self, f: Finding, sheet: str, cell: str | None) -> Finding:
        entry = registry().get(f.code)
        vi, en = f.message_vi, f.message_en
        if entry is not None:
            ctx = {k: v for k, v in dataclasses.asdict(f).items() if k != "extra"}
            ctx.update(f.extra)
            ctx = {k: (self._row_of(f.file or "", v) if k.endswith("_line") else v) for k, v in ctx.items()}
            ctx["file"] = str(self.book)
            vi = _render(entry.message_vi, ("Dòng {line}: ", "Dòng {line}:"), ctx)
            en = _render(entry.message_en, ("Line {line}: ", "Line {line}:"), ctx)
        return dataclasses.replace(
            f, file=str(self.book), sheet=sheet, cell=cell, line=None, message_vi=vi, message_en=en
        )


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def _render(template: str, prefixes: tuple[str, ...], ctx: dict[str, Any]) -> str:
    for p in prefixes:
        if template.startswith(p):
            template = template[len(p) :]
            break
    text = template.format_map(_Blank({k: ("" if v is None else v) for k, v in ctx.items()}))
    return text[:1].upper() + text[1:]


def _field(f: Finding) -> str | None:
    if f.code in FIELD_OF_CODE:
        return FIELD_OF_CODE[f.code]
    role = f.extra.get("role")
    if role in ("numerator", "denominator"):
        return str(role)
    if f.extra.get("field"):
        return str(f.extra["field"])
    detail = str(f.extra.get("detail", ""))
    for rx, fld in _DETAIL_FIELDS:
        m = rx.search(detail)
        if m:
            return fld or m.group(1)
    return None
