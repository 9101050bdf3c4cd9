"""Reading a form's identity back from a workbook parsed by the gate.

The validator finds which unit, period and catalog a returned file is for, and where
each indicator's cells are, from the identity sheet; the defined names are a second
copy for a client that dropped the hidden sheet. A client such as LibreOffice may turn
the very hidden sheet into a merely hidden one and drop the workbook structure lock on
re-save; both are client behaviour, not tampering.
"""

from __future__ import annotations

from ..identity import DEFINED_NAMES, IDENTITY_SHEET, Identity
from ..rawbook import RawBook


def identity_rows(book: RawBook) -> list[list[object]] | None:
    """The rows of the identity sheet, or None when the workbook has none."""
    sheet = book.sheet(IDENTITY_SHEET)
    if sheet is None:
        return None
    out: list[list[object]] = []
    for _, cells in sorted(sheet.rows().items()):
        width = max(cells)
        out.append([cells[c].value if c in cells else None for c in range(1, width + 1)])
    return out


def identity_of_rawbook(book: RawBook) -> Identity | None:
    """The identity stored in the workbook (raises IdentityError when it is unreadable)."""
    rows = identity_rows(book)
    return None if rows is None else Identity.from_rows(rows)


def defined_identity(book: RawBook) -> dict[str, str]:
    """The identity fields held by workbook defined names (string constants)."""
    out: dict[str, str] = {}
    for field, name in DEFINED_NAMES.items():
        text = book.defined_names.get(name)
        if text is None:
            continue
        text = text.strip().lstrip("=")
        if len(text) >= 2 and text[0] == text[-1] == '"':
            text = text[1:-1].replace('""', '"')
        out[field] = text
    return out


def layout_of(rows: list[list[object]]) -> dict[str, str]:
    """The column layout row ('layout': 'stt=A;code=B;...') as {column key: letter}."""
    for row in rows:
        if row and row[0] == "layout" and len(row) > 1:
            return dict(part.split("=", 1) for part in str(row[1]).split(";") if "=" in part)
    return {}
