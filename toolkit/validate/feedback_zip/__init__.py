"""The feedback copy written fast: the sender's package edited in place, part by part.

:func:`toolkit.validate.feedback.write_feedback` loads the workbook with openpyxl and saves it
again (40-60 ms a commune form). :func:`write_fast` writes the same annotated copy by editing
the OOXML package itself: every part of the original is copied unchanged (cached formula
results included) except

* ``workbook.xml`` (the new first sheet, ``localSheetId`` shifted, print titles, active tab),
  its relationships and ``[Content_Types].xml``;
* ``styles.xml``: the fills, fonts and cell formats appended (a flagged cell's format is cloned
  with the new fill, so its number format and lock stay);
* each flagged sheet: the cells' ``s`` attribute, ``<legacyDrawing>``, its relationships, plus
  a new comments part and VML drawing; ``tabSelected`` dropped from the other sheets;
* a new worksheet part for the list of findings, with inline strings (``sharedStrings.xml`` is
  untouched and text from the submission is never a formula).

Whenever the package is not in a shape this module knows (prefixed SpreadsheetML, a sheet
that already has comments, a cell without its address, a part in UTF-16...), it writes
nothing and returns None: the caller falls back to openpyxl. Every part it writes is parsed
again before the file is assembled, and the file appears only through ``os.replace``.
"""

from __future__ import annotations

import os
import posixpath
import stat
import zipfile
from pathlib import Path

from defusedxml import ElementTree as SafeET

from ...findings import Finding
from ...records import FileReport
from ..feedback_list import FEEDBACK_SHEET, FEEDBACK_SHEET_EN
from .listsheet import list_xml
from .package import MAX_PART, Package, add_rels, content_types, last_vml_block, new_rid, part_rels, relative
from .sheet import flag_sheet
from .styles import Styles
from .workbook import deselect, workbook_xml
from .xmltext import CT_COMMENTS, CT_SHEET, NS_MAIN, NS_REL, T_DOC, T_SHEET, T_STYLES, Unsupported
from .zipwrite import write_zip

__all__ = ["write_fast"]


def _build(pkg: Package, report: FileReport, lang: str) -> None:
    """Every edited and new part into ``pkg.out``; raises :class:`Unsupported`."""
    doc = [t for _, ty, t, mode in part_rels(pkg, "") if ty == T_DOC and mode != "External"]
    if len(doc) != 1:
        raise Unsupported("officeDocument")
    wb_part = doc[0]
    wb_xml = pkg.text(wb_part)
    wb = SafeET.fromstring(wb_xml.encode("utf-8"))
    if wb.tag != f"{{{NS_MAIN}}}workbook":
        raise Unsupported("workbook")
    wb_rels = part_rels(pkg, wb_part)
    by_id = {i: (t, g) for i, t, g, _ in wb_rels}
    sheets: list[tuple[str, str, str]] = []  # name, type, part
    ids: list[int] = []
    for s in wb.iter(f"{{{NS_MAIN}}}sheet"):
        rid = s.get(f"{{{NS_REL}}}id", "")
        if rid not in by_id:
            raise Unsupported("sheet without part")
        sheets.append((s.get("name", ""), *by_id[rid]))
        ids.append(int(s.get("sheetId", "0")))
    worksheets = {name: part for name, t, part in sheets if t == T_SHEET}
    if not worksheets:
        raise Unsupported("no worksheet")
    styles_parts = [g for _, t, g, _ in wb_rels if t == T_STYLES]
    if len(styles_parts) != 1:
        raise Unsupported("styles")
    styles = Styles(pkg.text(styles_parts[0]))

    by_sheet: dict[str, dict[tuple[str, str], list[Finding]]] = {}
    for f in report.findings:
        if f.sheet in worksheets and f.cell:
            by_sheet.setdefault(f.sheet, {}).setdefault((f.sheet, f.cell), []).append(f)
    ct: list[tuple[str, str]] = []
    block = last_vml_block(pkg)
    for sheet, cells in by_sheet.items():
        block += 1
        flag_sheet(pkg, worksheets[sheet], cells, styles, lang, block, ct)

    base = FEEDBACK_SHEET if lang != "en" else FEEDBACK_SHEET_EN
    taken = {name.casefold() for name, _, _ in sheets}
    title, n = base, 2
    while title.casefold() in taken:
        title, n = f"{base} ({n})", n + 1
    new_part = pkg.fresh(posixpath.join(posixpath.dirname(wb_part), "worksheets", "sheet{}.xml"))
    pkg.put(new_part, list_xml(report, lang, styles, set(worksheets), title))
    ct.insert(0, ("/" + new_part, CT_SHEET))
    pkg.put(styles_parts[0], styles.result())
    for _, _t, part in sheets:
        if pkg.has(part):
            text = pkg.text(part)
            if "tabSelected" in text:
                pkg.put(part, deselect(text))
    rid = new_rid({i for i, _, _, _ in wb_rels})
    add_rels(pkg, wb_part, [(rid, T_SHEET, relative(wb_part, new_part))])
    pkg.put(wb_part, workbook_xml(wb_xml, title, max(ids, default=0) + 1, rid))
    pkg.put(
        "[Content_Types].xml", content_types(pkg.text("[Content_Types].xml"), ct, any(t == CT_COMMENTS for _, t in ct))
    )


def write_fast(
    report: FileReport, src: str | os.PathLike[str], out: str | os.PathLike[str], lang: str = "vi"
) -> Path | None:
    """Write the annotated copy of ``src`` to ``out`` by editing its package.

    Returns ``out``, or None (nothing written) when the package is not in a shape this module
    handles; the caller then uses openpyxl.
    """
    out = Path(out)
    if out.resolve() == Path(src).resolve():
        raise ValueError("the feedback copy must not overwrite the original file")
    tmp = out.with_name(out.name + ".part")
    try:
        st = os.stat(src)  # a regular file of a sane size only: no pipe, device or monster
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_PART:
            return None
        with zipfile.ZipFile(src) as zf:
            pkg = Package(zf)
            _build(pkg, report, lang)
            write_zip(pkg, Path(src), tmp)
        os.replace(tmp, out)
    except Exception:  # noqa: BLE001 - any surprise: openpyxl writes the copy instead
        try:
            tmp.unlink()
        except OSError:
            pass
        return None
    return out
