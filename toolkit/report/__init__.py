"""The period's report: a Word draft in the official layout, every figure traced to its cell.

``build_report(ws, period, submissions=None, out=None, *, fmt="docx") -> ReportResult``;
see docs/report.md. Modules: :mod:`.phrasing` (numbers and small phrases),
:mod:`.sentences` (part I's clauses), :mod:`.difficulties` ("khó khăn, hạn chế"),
:mod:`.draft` (the whole draft), :mod:`.trail` (where figures come from, what changed),
:mod:`.docx_layout` (Word, Nghị định 30/2020), :mod:`.markdown`.
"""

from __future__ import annotations

from .build import ReportResult, build_report, report_path
from .model import Draft, Figure

__all__ = ["Draft", "Figure", "ReportResult", "build_report", "report_path"]
