"""The fingerprint of a form's locked content, recomputed from a returned workbook.

The form stores :attr:`Identity.fingerprint`, a hash over its label cells (indicator
code, name, unit) and formula cells at the addresses of its cell map. Recomputing it
from the returned file and comparing tells whether locked content was altered, without
trusting the file name. Formulas are compared in canonical spelling
(:func:`toolkit.identity.canonical_formula`), so a re-save by another spreadsheet
program that only respells a formula does not count as tampering.
"""

from __future__ import annotations

from collections.abc import Callable

from ..identity import CellRef, Identity, canonical, canonical_formula, fingerprint
from ..rawbook import RawBook

# (sheet, A1) -> (value, formula without or with '='; None for a constant)
CellLookup = Callable[[str, str], tuple[object, str | None]]

FINGERPRINT_ROLES = ("label", "formula")


def fingerprint_items(cells: list[CellRef], lookup: CellLookup) -> list[tuple[str, str, str]]:
    items = []
    for ref in cells:
        if ref.role not in FINGERPRINT_ROLES:
            continue
        value, formula = lookup(ref.sheet, ref.cell)
        if ref.role == "formula":
            text = canonical_formula(formula) if formula else "<constant>" + canonical(value)
        else:
            text = canonical(value)
        items.append((ref.sheet, ref.cell, text))
    return items


def fingerprint_of(identity: Identity, lookup: CellLookup) -> str:
    return fingerprint(fingerprint_items(identity.cells, lookup))


def fingerprint_of_rawbook(identity: Identity, book: RawBook) -> str:
    """The fingerprint of a returned workbook as read by the gate."""

    def lookup(sheet: str, ref: str) -> tuple[object, str | None]:
        s = book.sheet(sheet)
        c = s.get(ref) if s else None
        return (None, None) if c is None else (c.value, c.formula)

    return fingerprint_of(identity, lookup)
