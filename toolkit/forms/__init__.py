"""Protected Excel forms, one per reporting unit and period, generated from the catalog.

Public API::

    info = write_form(ws, "P1", Period.parse("2024-Q1"), path)        # one workbook
    infos = generate_forms(ws, Period.parse("2024-Q1"))              # every expected unit

Each workbook has the form sheet (:data:`FORM_SHEET`), the instructions sheet
(:data:`INSTRUCTIONS_SHEET`) and the very hidden identity sheet of :mod:`toolkit.identity`.
See docs/forms.md.
"""

from __future__ import annotations

from .api import FormError, FormInfo, generate_forms, write_form
from .fingerprint import fingerprint_items, fingerprint_of, fingerprint_of_rawbook
from .layout import COLUMNS, FIRST_ROW, FORM_SHEET, HEADER_ROW, INSTRUCTIONS_SHEET, LETTER, plan_form
from .naming import ascii_fold, form_file_name

__all__ = [
    "COLUMNS",
    "FIRST_ROW",
    "FORM_SHEET",
    "HEADER_ROW",
    "INSTRUCTIONS_SHEET",
    "LETTER",
    "FormError",
    "FormInfo",
    "ascii_fold",
    "fingerprint_items",
    "fingerprint_of",
    "fingerprint_of_rawbook",
    "form_file_name",
    "generate_forms",
    "plan_form",
    "write_form",
]
