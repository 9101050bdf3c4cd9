"""Consolidation: the district master workbook with live attainment formulas.

``build_master(ws, period, submissions=None, out=None, *, now=None) -> MasterResult``;
see docs/master.md.
"""

from __future__ import annotations

from .build import MasterResult, Shortfall, build_master
from .compute import MasterRow
from .inputs import Submission, SubmissionLike

__all__ = ["MasterResult", "MasterRow", "Shortfall", "Submission", "SubmissionLike", "build_master"]
