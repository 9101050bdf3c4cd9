"""The definitions as Excel workbooks, for the office that keeps them.

- :func:`export_definitions` / :func:`import_definitions`: the whole definition (indicators,
  sections, units, targets of every year, baseline, other settings) as one workbook and back.

The YAML and CSV files in ``templates/`` stay the source of truth; the workbook is the
office's editing surface, checked by the same loaders and checks as the files.
"""

from __future__ import annotations

from .export import ExportResult, export_definitions
from .importer import ImportResult, import_definitions

__all__ = ["ExportResult", "ImportResult", "export_definitions", "import_definitions"]
