"""A form made from another catalog version: what changed for this form, per indicator.

``catalog-outdated`` keeps its meaning (the form no longer matches what the current catalog
makes for its unit and period: indicators added or removed, cells moved, formulas changed)
and is given only then. A form whose cells are still the current form's stays valid:
rule changes on its indicators are stated (``catalog-rule-changed``, info) and the values
are checked against the new rules; a changed unit of measure is an error on that
indicator (``catalog-unit-changed``); a version the workspace did not keep is said once
(``catalog-version-unknown``, info).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..catalog_versions import changes_for, recall
from ..findings import Finding, make
from ..findings import identity as codes
from ..identity import CellRef, Identity
from ..numbers import fmt
from ..periods import Period
from .cache import catalog_version

if TYPE_CHECKING:
    from ..workspace import Workspace

FIELD_VI = {
    "type": "kiểu số liệu",
    "min": "giới hạn dưới",
    "max": "giới hạn trên",
    "required": "bắt buộc nhập",
    "change_warn": "ngưỡng cảnh báo so với cùng kỳ (%)",
    "direction": "chiều đánh giá",
    "decimals": "số chữ số thập phân",
    "unit": "đơn vị tính",
    "scale": "hệ số tỷ lệ",
}
FIELD_EN = {
    "type": "type",
    "min": "minimum",
    "max": "maximum",
    "required": "required",
    "change_warn": "change warning threshold (%)",
    "direction": "direction",
    "decimals": "decimals",
    "unit": "unit of measure",
    "scale": "scale",
}


def _show(v: object, lang: str) -> str:
    if v is None:
        return "(không có)" if lang == "vi" else "(none)"
    if isinstance(v, bool):
        return ("có" if v else "không") if lang == "vi" else ("yes" if v else "no")
    if isinstance(v, (int, float)):
        return fmt(v)
    return str(v)


def _layout(cells: list[CellRef]) -> set[tuple[str, str, str, bool]]:
    """Where each indicator's cells are and which are formulas (prefilled or typed is not
    the catalog's doing: it depends on what the archive held when the form was made)."""
    return {(c.indicator, c.column, c.cell.upper(), c.role == "formula") for c in cells if c.role != "label"}


def version_findings(ident: Identity, ws: Workspace, file: str) -> list[Finding]:
    current = catalog_version(ws.catalog)
    if not ident.catalog_version or ident.catalog_version == current:
        return []
    outdated = make(
        codes.CATALOG_OUTDATED,
        file=file,
        found=ident.catalog_version,
        expected=current,
        value=ident.catalog_version,
    )
    unit = ws.units.get(ident.unit)
    try:
        period = Period.parse(ident.period)
    except ValueError:
        return [outdated]
    if unit is None or not ident.cells:
        return [outdated]
    # the form the current catalog makes for this unit and period (only when versions differ:
    # the forms package is not loaded for the usual case)
    from ..forms.layout import plan_form

    try:
        plan = plan_form(ws, unit, period)
    except Exception:  # noqa: BLE001 - a unit the catalog no longer asks anything of: the form is outdated
        return [outdated]
    if _layout(plan.cellrefs) != _layout(ident.cells):
        return [outdated]
    old = recall(ws, ident.catalog_version)
    if old is None:
        return [make(codes.CATALOG_VERSION_UNKNOWN, file=file, found=ident.catalog_version, expected=current)]
    value_cell = {c.indicator: c.cell for c in ident.cells if c.column == "value"}
    out: list[Finding] = []
    for ch in changes_for(old, ws.catalog, [i.code for i in plan.indicators]):
        if ch.kind == "structure" or ch.field == "code":
            return [outdated]
        ind = ws.catalog[ch.indicator]
        ctx = dict(
            file=file,
            sheet=ident.form_sheet or None,
            cell=value_cell.get(ch.indicator),
            indicator=ch.indicator,
            name=ind.name,
            found=ident.catalog_version,
            field_vi=FIELD_VI.get(ch.field, ch.field),
            field_en=FIELD_EN.get(ch.field, ch.field),
            old_vi=_show(ch.old, "vi"),
            new_vi=_show(ch.new, "vi"),
            old_en=_show(ch.old, "en"),
            new_en=_show(ch.new, "en"),
        )
        code = codes.CATALOG_UNIT_CHANGED if ch.kind == "meaning" else codes.CATALOG_RULE_CHANGED
        out.append(make(code, **ctx))
    return out
