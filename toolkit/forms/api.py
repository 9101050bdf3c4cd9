"""write_form and generate_forms: the library entry points of the forms package."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BaocaoError
from ..identity import Identity
from ..periods import Period
from ..records import History
from .layout import plan_form
from .naming import form_file_name

if TYPE_CHECKING:
    from ..units import Unit
    from ..workspace import Workspace
    from .writer import Fill


class FormError(BaocaoError, ValueError):
    """A form cannot be made: unknown unit, a unit that does not report in the period..."""


@dataclass
class FormInfo:
    unit: str
    period: str
    path: Path
    identity: Identity
    indicators: int  # indicators on the form
    inputs: int  # input cells (value, ytd, same period, note)
    prefilled: int  # same-period figures filled in from the archive or baseline
    seconds: float
    ignored_fill: list[tuple[str, str]] = field(default_factory=list)  # fill keys that were not input cells

    def to_dict(self) -> dict[str, object]:
        return {
            "unit": self.unit,
            "period": self.period,
            "path": str(self.path),
            "template_id": self.identity.template_id,
            "catalog_version": self.identity.catalog_version,
            "fingerprint": self.identity.fingerprint,
            "indicators": self.indicators,
            "inputs": self.inputs,
            "prefilled": self.prefilled,
            "seconds": round(self.seconds, 4),
        }


def _unit(ws: Workspace, unit: str, period: Period) -> Unit:
    u = ws.units.get(unit)
    if u is None:
        raise FormError(f"không có đơn vị '{unit}' trong units.yaml", f"there is no unit '{unit}' in units.yaml")
    if not u.active_in(period):
        raise FormError(
            f"đơn vị {unit} ({u.name}) không báo cáo kỳ {period.code} (ngoài thời gian hiệu lực)",
            f"unit {unit} ({u.name}) does not report for {period.code} (outside its validity)",
        )
    if not ws.indicators_for(u, period):
        raise FormError(
            f"đơn vị {unit} ({u.name}) không phụ trách chỉ tiêu nào trong danh mục kỳ {period.code}",
            f"unit {unit} ({u.name}) owns no indicator of the catalog in {period.code}",
        )
    return u


def write_form(
    ws: Workspace,
    unit: str,
    period: Period,
    path: Path,
    *,
    fill: Fill | None = None,
    texts: Mapping[tuple[str, str, str], str] | None = None,
    history: History | None = None,
    generated_at: datetime | None = None,
    official: bool = False,
) -> FormInfo:
    """Write the form of ``unit`` for ``period`` to ``path``.

    ``fill`` maps (indicator code, column) with column in value|ytd|same_period|note to
    what a clerk typed into that input cell: numbers are written as numbers, text as
    text (so "1.234,5" typed as text can be produced too). Keys that are not input cells
    (formulas, pre-filled or not applicable cells) are not written; they are listed in
    :attr:`FormInfo.ignored_fill`. ``texts`` maps (section, group, part) to what the unit
    wrote on the "Thuyết minh" sheet (:mod:`toolkit.narrative`).
    """
    from .writer import write_workbook  # xlsxwriter only when a form is written

    t0 = time.perf_counter()
    u = _unit(ws, unit, period)
    plan = plan_form(ws, u, period, history)
    plan.official = official
    identity, ignored = write_workbook(ws, plan, Path(path), fill=fill, texts=texts, generated_at=generated_at)
    cells = [c for r in plan.rows for c in r.cells.values()]
    return FormInfo(
        unit=u.code,
        period=period.code,
        path=Path(path),
        identity=identity,
        indicators=len(plan.indicators),
        inputs=sum(1 for c in cells if c.role == "input"),
        prefilled=sum(1 for c in cells if c.role == "prefilled"),
        seconds=time.perf_counter() - t0,
        ignored_fill=ignored,
    )


def generate_forms(
    ws: Workspace,
    period: Period,
    units: list[str] | None = None,
    out: Path | None = None,
    history: History | None = None,
    official: bool = False,
    progress: Callable[[int], object] | None = None,
) -> list[FormInfo]:
    """One form per unit (default: every unit expected to report in ``period``) into ``out``.

    ``out`` defaults to ``ws.forms_dir(period)``. ``official``: forms asking the period's
    official figures, after the units first sent estimates (the identity says so). Raises :class:`FormError` before writing
    anything when a requested unit is unknown, inactive or owns no indicator.
    ``progress(1)`` is called after each form (a progress bar).
    """
    out = Path(out) if out is not None else ws.forms_dir(period)
    if units:
        chosen = [_unit(ws, code, period) for code in dict.fromkeys(units)]
    else:
        chosen = ws.expected_units(period)
    stamp = datetime.now().astimezone()
    infos = []
    for u in chosen:
        infos.append(
            write_form(
                ws,
                u.code,
                period,
                out / form_file_name(u, period),
                history=history,
                generated_at=stamp,
                official=official,
            )
        )
        if progress is not None:
            progress(1)
    return infos
