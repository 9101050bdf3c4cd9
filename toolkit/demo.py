"""Simulated returns for the demo: what the wards and departments send back for a period.

The figures are the seed report's (``tests/data/seed_q1_2024.yaml``), split across the
wards as each clerk would type them (:mod:`toolkit.seedsplit`). Round 1 is what arrives
first: most units correct, a few with the mistakes clerks make (a number typed as text in
Vietnamese notation, a rate typed as a fraction, a required figure left empty), a
renamed file, an Excel owner file and a document that is not a workbook, and one unit
that does not send anything. Round 2 is the corrected resubmission of one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .numbers import fmt
from .periods import Period
from .seedsplit import split_district_figures
from .workspace import SAMPLE_ROOT

if TYPE_CHECKING:
    from .workspace import Workspace

SEED_TABLE = SAMPLE_ROOT / "tests" / "data" / "seed_q1_2024.yaml"


@dataclass
class DemoReturn:
    unit: str
    path: Path
    story_vi: str
    story_en: str


def seed_fills(ws: Workspace, seed_table: Path = SEED_TABLE) -> dict[str, dict[tuple[str, str], object]]:
    """unit -> what its clerk types, from the seed's district figures."""
    seed = yaml.safe_load(seed_table.read_text(encoding="utf-8"))
    values = {e["code"]: e["value"] for e in seed["indicators"] if e["code"] in ws.catalog}
    return split_district_figures(ws, values, seed["ward_split_weights"])  # type: ignore[return-value]


def _first_input(ws: Workspace, unit: str, period: Period, fill: dict, *, kind: str) -> str | None:
    """The first typed indicator of the unit's return matching a kind of mistake."""
    for ind in ws.indicators_for(unit, period):
        if (ind.code, "value") not in fill or not ind.is_input:
            continue
        if kind == "text" and ind.type in ("decimal", "integer") and (fill[(ind.code, "value")] or 0) >= 100:
            return ind.code
        if kind == "percent" and ind.type == "percent" and (fill[(ind.code, "value")] or 0) > 1:
            return ind.code
        if kind == "required" and ind.required:
            return ind.code
    return None


def simulate_returns(
    ws: Workspace, period: Period, inbox: Path, round_no: int = 1, missing: tuple[str, ...] = ("QS",)
) -> list[DemoReturn]:
    """Write the returns of ``round_no`` (1 or 2) into ``inbox``."""
    from .forms import write_form

    inbox.mkdir(parents=True, exist_ok=True)
    fills = seed_fills(ws)
    units = [u.code for u in ws.expected_units(period)]
    wards = [u for u in units if ws.units[u].is_ward]
    depts = [u for u in units if not ws.units[u].is_ward and u not in missing]
    text_unit = wards[1] if len(wards) > 1 else wards[0]  # types a number as text, Vietnamese style
    empty_unit = wards[2] if len(wards) > 2 else wards[-1]  # leaves a required figure empty, corrects it later
    rate_unit = next((d for d in depts if _first_input(ws, d, period, fills.get(d, {}), kind="percent")), None)
    out: list[DemoReturn] = []

    def write(unit: str, fill: dict, name: str, vi: str, en: str) -> None:
        path = inbox / name
        write_form(ws, unit, period, path, fill=fill)
        out.append(DemoReturn(unit, path, vi, en))

    if round_no == 2:
        write(
            empty_unit,
            dict(fills.get(empty_unit, {})),
            f"{empty_unit}_bao-cao-quy-sua-lai.xlsx",
            "gửi lại bản đã sửa",
            "sends the corrected file",
        )
        return out

    for unit in units:
        if unit in missing:
            continue
        fill = dict(fills.get(unit, {}))
        name = f"{period.code}_{unit}.xlsx"
        vi, en = "đúng", "correct"
        if unit == text_unit and (code := _first_input(ws, unit, period, fill, kind="text")):
            v = fill[(code, "value")]
            fill[(code, "value")] = fmt(v, ws.catalog[code].decimals if v != int(v) else 0)
            vi, en = f"gõ {code} thành chữ '{fill[(code, 'value')]}'", f"types {code} as text"
            name = f"Bao cao {ws.units[unit].name} (1).xlsx"
        elif unit == empty_unit and (code := _first_input(ws, unit, period, fill, kind="required")):
            fill.pop((code, "value"))
            vi, en = f"bỏ trống {code}", f"leaves {code} empty"
        elif unit == rate_unit and (code := _first_input(ws, unit, period, fill, kind="percent")):
            fill[(code, "value")] = round(fill[(code, "value")] / 100, 4)
            vi, en = f"gõ tỷ lệ {code} dạng thập phân", f"types rate {code} as a fraction"
        write(unit, fill, name, vi, en)

    owner = inbox / f"~${period.code}_{units[0]}.xlsx"
    owner.write_bytes(b"\x00" * 165)  # what Excel leaves beside a file it has open
    note = inbox / "ghi-chu-gui-kem.xlsx"
    note.write_text("Kính gửi Văn phòng: số liệu gửi kèm theo email.\n", encoding="utf-8")
    out.append(DemoReturn("", note, "một tệp văn bản đặt tên .xlsx", "a text file named .xlsx"))
    return out
