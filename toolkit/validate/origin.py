"""Which definitions a returned form was made from, when ``validate`` runs outside a workspace.

Outside a workspace the only definitions at hand are the built-in sample's. An office's own
form must never be judged against them: a form is validated with the sample only when its
identity proves it was generated from the sample's definitions, i.e. its ``template_id``
(unit, period, catalog version, the fingerprint of its locked content and its pre-filled
figures) is the one the sample gives for that unit and period.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..workspace import Workspace


@dataclass
class Origin:
    path: str
    from_sample: bool
    workspace: str = ""  # the name of the workspace the form says made it
    catalog_version: str = ""
    template_id: str = ""


def origin(path: str | os.PathLike[str], sample: Workspace) -> Origin:
    """Whether the file at ``path`` is a form generated from ``sample``'s definitions."""
    from ..forms.layout import plan_form
    from ..forms.writer import template_id
    from ..gate import Limits, read_workbook
    from ..periods import Period, PeriodError
    from .identify import read_identity

    p = os.fspath(path)
    res = read_workbook(p, Limits.load(sample.definitions / "workspace.yaml"))
    if res.book is None:
        return Origin(p, False)
    ident = read_identity(res.book, p).identity
    if ident is None:
        return Origin(p, False)
    out = Origin(p, False, ident.workspace, ident.catalog_version, ident.template_id)
    unit = sample.units.get(ident.unit)
    try:
        period = Period.parse(ident.period)
    except (PeriodError, ValueError):
        return out
    if unit is None or ident.catalog_version != sample.catalog.version:
        return out
    try:
        expected = template_id(plan_form(sample, unit, period), sample.catalog.version)
    except Exception:  # a unit or period the sample cannot plan: not the sample's form
        return out
    out.from_sample = expected == ident.template_id
    return out
