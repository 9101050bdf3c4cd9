"""A reporting year through the CLI with real files (issue 13's acceptance).

The 8 wards of the sample get their forms from `baocao templates` for 2024-Q1..Q4, type
only "this period" into the generated workbooks (openpyxl, one ward's file re-saved by
LibreOffice each quarter, as Excel would), the office runs intake and consolidates Q2, H1,
9M and the year from the archive. Q1 is corrected twice after the Q2 forms went out: once
for a ward whose Q2 return was already filed, once for a ward that returns its Q2 form
afterwards. The 2025-Q1 forms carry the 2024-Q1 accepted figures as "cùng kỳ".
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import run

from toolkit.identity import IDENTITY_SHEET, Identity
from toolkit.master import layout as L
from toolkit.periods import Period
from toolkit.workspace import Workspace

WARDS = ["P1", "P2", "P3", "LB", "MB", "MQ", "TL", "VQ"]
FLOW, STOCK, PART = "NN.DT_MAU", "NN.DAN_GIA_SUC", "NN.DT_CAY_AN_TRAI"
RATIO, NUM, DEN = "AN.CCCD_TL", "AN.CCCD_LK", "AN.DAN_SO_14"
CORRECTED = {"P1": 111.0, "P2": 222.0}  # Q1 DT_MAU after the correction


MERGED = {"PNN": ("P1", "P2", "VQ"), "PMQ": ("P3", "MB", "MQ"), "XTL": ("TL", "LB", "TTAN")}


def figure(ws: Workspace, unit: str, q: int, code: str) -> float:
    """What the clerk of ward ``unit`` types for quarter ``q`` (deterministic)."""
    i = (WARDS + list(MERGED)).index(unit) + 1
    ind = ws.catalog[code]
    denominators = {x.denominator for x in ws.catalog if x.is_ratio}
    if code in denominators:
        return 50 + i
    if ind.is_stock:
        return i + q
    return 10 * i + q


def fill_form(path: Path, values: dict[str, float], other: dict[tuple[str, str], float] | None = None) -> None:
    """A clerk types this period's figures into the form's yellow cells (and nothing else);
    ``other``: figures of other columns the form asks for (its yellow cells only)."""
    wb = openpyxl.load_workbook(path)
    ident = Identity.from_rows([list(r) for r in wb[IDENTITY_SHEET].iter_rows(values_only=True)])
    sheet = wb[ident.form_sheet or "Biểu số liệu"]
    for ref in ident.cells:
        if ref.role == "input" and ref.column == "value" and ref.indicator in values:
            sheet[ref.cell] = values[ref.indicator]
        elif ref.role == "input" and (ref.indicator, ref.column) in (other or {}):
            sheet[ref.cell] = other[(ref.indicator, ref.column)]  # type: ignore[index]
    wb.save(path)


def prompt_of(path: Path, code: str, column: str) -> str:
    wb = openpyxl.load_workbook(path)
    ident = Identity.from_rows([list(r) for r in wb[IDENTITY_SHEET].iter_rows(values_only=True)])
    ref = next(c for c in ident.cells if c.indicator == code and c.column == column)
    for dv in wb[ref.sheet].data_validations.dataValidation:
        if ref.cell in dv.sqref:
            return dv.prompt or ""
    return ""


def form_cell(path: Path, code: str, column: str) -> object:
    wb = openpyxl.load_workbook(path)
    ident = Identity.from_rows([list(r) for r in wb[IDENTITY_SHEET].iter_rows(values_only=True)])
    ref = next(c for c in ident.cells if c.indicator == code and c.column == column)
    return ref.role, wb[ref.sheet][ref.cell].value


def ward_values(ws: Workspace, unit: str, q: int, period: Period) -> dict[str, float]:
    return {i.code: figure(ws, unit, q, i.code) for i in ws.indicators_for(ws.units[unit], period) if i.is_input}


def form_path(ws_dir: Path, period: str, unit: str) -> Path:
    return next((ws_dir / "output" / "forms" / period).glob(f"{period}_{unit}_*.xlsx"))


def send(ws_dir: Path, ws: Workspace, period: str, q: int, units: list[str], resave: str | None = None) -> None:
    """The wards fill the forms the office generated and send them to the inbox."""
    p = Period.parse(period)
    inbox = ws_dir / "submissions" / "inbox"
    for u in units:
        dest = inbox / f"{period}_{u}.xlsx"
        shutil.copy(form_path(ws_dir, period, u), dest)
        fill_form(dest, ward_values(ws, u, q, p))
        if u == resave:
            from toolkit.libreoffice import convert

            out = convert(dest, "xlsx", dest.parent / "lo")
            shutil.move(out, dest)
            shutil.rmtree(dest.parent / "lo", ignore_errors=True)


def master(ws_dir: Path, period: str, *extra: str, ok: tuple[int, ...] = (0,)) -> dict:
    out = run("consolidate", "--period", period, "--json", *extra, ws=ws_dir, ok=ok).output
    return json.loads(out[out.index("{") :])


def row(m: dict, code: str) -> dict:
    return next(r for r in m["rows"] if r["code"] == code)


@pytest.mark.usefixtures("soffice")
def test_a_reporting_year_through_the_cli(tmp_path):
    d = tmp_path / "ws"
    run("init", str(d), ws=tmp_path, ok=(0,))
    ws = Workspace.open(d)
    ward_args = [a for u in WARDS for a in ("--unit", u)]

    def quarter(q: int, units: list[str] | None = None, at: str = "") -> None:
        code = f"2024-Q{q}"
        run("templates", "--period", code, *ward_args, ws=d, ok=(0,))
        send(d, ws, code, q, units or WARDS, resave="P3")
        run("intake", "--jobs", "0", "--received-at", at or f"2024-{3 * q:02d}-16T09:00", ws=d, ok=(0,))

    # Q1: validate says there is no archive yet; every ward valid
    run("templates", "--period", "2024-Q1", *ward_args, ws=d, ok=(0,))
    send(d, ws, "2024-Q1", 1, WARDS, resave="P3")
    out = run("validate", str(d / "submissions" / "inbox"), ws=d, ok=(0,)).output
    assert "Chưa có kho lưu trữ" in out
    run("intake", "--jobs", "0", "--received-at", "2024-03-16T09:00", ws=d, ok=(0,))

    # Q2 forms carry Q1's accepted figures, locked; the wards type Q2 only
    run("templates", "--period", "2024-Q2", *ward_args, ws=d, ok=(0,))
    for u in WARDS:
        role, v = form_cell(form_path(d, "2024-Q2", u), FLOW, "ytd_prev")
        assert (role, v) == ("prefilled", figure(ws, u, 1, FLOW))
    send(d, ws, "2024-Q2", 2, [u for u in WARDS if u != "P1"], resave="P3")

    # one verdict: validate gives the findings intake gives for the same files
    inbox = d / "submissions" / "inbox"
    verdict = json.loads(run("validate", "--json", str(inbox), ws=d, ok=(0, 1)).output)
    assert verdict["archive"] is True
    by_validate = {
        Path(f["path"]).name: sorted((x["code"], x["cell"]) for x in f["findings"]) for f in verdict["files"]
    }
    run("intake", "--jobs", "0", "--received-at", "2024-06-16T09:00", ws=d, ok=(0,))
    by_intake = {}
    for js in (d / "submissions" / "archive" / "2024-Q2").glob("*/v1_*.json"):
        doc = json.loads(js.read_text(encoding="utf-8"))
        by_intake[doc["intake"]["original_name"]] = sorted((x["code"], x["cell"]) for x in doc["findings"])
    assert by_intake == by_validate and len(by_intake) == 7

    # Q1 corrected after the Q2 forms went out: P2 (Q2 already filed) and P1 (not yet)
    for u, v in CORRECTED.items():
        dest = inbox / f"2024-Q1_{u}_sua.xlsx"
        shutil.copy(form_path(d, "2024-Q1", u), dest)
        vals = ward_values(ws, u, 1, Period.parse("2024-Q1"))
        vals[FLOW] = v
        fill_form(dest, vals)
    run("intake", "--jobs", "0", "--received-at", "2024-06-17T09:00", ws=d, ok=(0,))
    history = json.loads(run("history", "--unit", "P1", "--period", "2024-Q1", "--json", ws=d, ok=(0,)).output)
    assert [e["version"] for e in history["rows"] if e["status"] == "received"] == [1, 2]
    # P1 returns the Q2 form made before the correction: the accepted Q1 is used, with a warning
    send(d, ws, "2024-Q2", 2, ["P1"])
    out = run("intake", "--jobs", "0", "--received-at", "2024-06-18T09:00", ws=d, ok=(0,)).output
    assert "(0 lỗi, 1 cảnh báo)" in out
    p1 = json.loads(next((d / "submissions" / "archive" / "2024-Q2" / "P1").glob("v1_*.json")).read_text())
    assert p1["errors"] == 0 and "ytd-carried-revised" in {f["code"] for f in p1["findings"]}

    def q1(u: str, code: str) -> float:
        return CORRECTED[u] if code == FLOW and u in CORRECTED else figure(ws, u, 1, code)

    def ytd(u: str, code: str, q: int) -> float:
        return q1(u, code) + sum(figure(ws, u, k, code) for k in range(2, q + 1))

    m2 = master(d, "2024-Q2")
    assert "master-ytd-revised" in {f["code"] for f in m2["findings"]}  # P2's Q2 was filed before
    assert row(m2, FLOW)["value"] == sum(figure(ws, u, 2, FLOW) for u in WARDS)
    assert math.isclose(row(m2, FLOW)["ytd"], sum(ytd(u, FLOW, 2) for u in WARDS))
    assert row(m2, STOCK)["value"] == sum(figure(ws, u, 2, STOCK) for u in WARDS)
    assert m2["units_covered"] == WARDS or set(WARDS) <= set(m2["units_covered"])

    quarter(3)
    for u in ("P1", "P2", "P3"):  # P2's Q2 was filed before its Q1 was corrected: settled
        role, v = form_cell(form_path(d, "2024-Q3", u), FLOW, "ytd_prev")
        assert (role, v) == ("prefilled", ytd(u, FLOW, 2)), u
    quarter(4)

    for period, q in (("2024-H1", 2), ("2024-9M", 3), ("2024", 4)):
        m = master(d, period)
        assert set(WARDS) <= set(m["units_covered"]), period
        flow, stock = row(m, FLOW), row(m, STOCK)
        want = sum(ytd(u, FLOW, q) for u in WARDS)
        assert math.isclose(flow["value"], want) and math.isclose(flow["ytd"], want), period
        assert stock["value"] == sum(figure(ws, u, q, STOCK) for u in WARDS), period  # at the window's end
        assert stock["ytd"] is None
        n = sum(figure(ws, u, q, NUM) for u in WARDS)
        den = sum(figure(ws, u, q, DEN) for u in WARDS)
        assert math.isclose(row(m, RATIO)["value"], n / den * 100), period
        whole = row(m, "NN.DT_MAU_CAT")  # a complete whole: its parts' year to date
        assert math.isclose(whole["ytd"], want + sum(ytd(u, PART, q) for u in WARDS)), period
        if row(m, FLOW)["target_province"]:
            assert math.isclose(flow["pct_province"], want / flow["target_province"] * 100)

    # approved periods are frozen
    run("approve", "--period", "2024-Q2", ws=d, ok=(0,))
    before = (d / "output" / "master" / "tong-hop-2024-Q2.xlsx").read_bytes()
    out = run("consolidate", "--period", "2024-Q2", ws=d, ok=(2,)).output
    assert "--reopen" in out and (d / "output" / "master" / "tong-hop-2024-Q2.xlsx").read_bytes() == before
    out = run("consolidate", "--period", "2024-Q2", "--new-version", ws=d, ok=(0,)).output
    assert len(list((d / "output" / "master").glob("tong-hop-2024-Q2-*.xlsx"))) == 1
    events = json.loads(run("history", "--period", "2024-Q2", "--json", ws=d, ok=(0,)).output)
    statuses = [e["status"] for e in events["rows"]]
    assert "master-refused" in statuses and "master-version" in statuses

    # next year: the 2025-Q1 forms show the 2024-Q1 accepted figures as "cùng kỳ"
    run("templates", "--period", "2025-Q1", "--unit", "P1", "--unit", "P3", ws=d, ok=(0,))
    for u in ("P1", "P3"):
        role, v = form_cell(form_path(d, "2025-Q1", u), FLOW, "same_period")
        assert (role, v) == ("prefilled", q1(u, FLOW))
    # and the 2025-Q2 forms last year's year to date ("lũy kế cùng kỳ")
    run("templates", "--period", "2025-Q2", "--unit", "P1", ws=d, ok=(0,))
    assert form_cell(form_path(d, "2025-Q2", "P1"), FLOW, "same_ytd") == ("prefilled", ytd("P1", FLOW, 2))

    # after the merger (1/7/2025): the merged wards report; their cùng kỳ is the sum of their
    # predecessors' accepted 2024-Q3 figures (Thạnh Tân came from another district: no figure)
    out = run("templates", "--period", "2025-Q3", ws=d, ok=(0,)).output
    assert all(u in out for u in MERGED)
    for u, preds in MERGED.items():
        path = form_path(d, "2025-Q3", u)
        if u == "XTL":
            assert form_cell(path, FLOW, "same_period") == ("input", None)
            assert "Thạnh Tân" in prompt_of(path, FLOW, "same_period")
        else:
            assert form_cell(path, FLOW, "same_period") == ("prefilled", sum(figure(ws, p, 3, FLOW) for p in preds))
        dest = inbox / f"2025-Q3_{u}.xlsx"
        shutil.copy(path, dest)
        before = {(i.code, "ytd_prev"): 3 * figure(ws, u, 1, i.code) for i in ws.catalog if i.ytd}
        before[(FLOW, "same_period")] = 77.0
        fill_form(dest, ward_values(ws, u, 3, Period.parse("2025-Q3")), before)
    run("intake", "--jobs", "0", "--received-at", "2025-09-16T09:00", ws=d, ok=(0,))
    for js in (d / "submissions" / "archive" / "2025-Q3").glob("*/v1_*.json"):
        doc = json.loads(js.read_text(encoding="utf-8"))  # form and intake agree on the carried figures
        assert doc["errors"] == 0 and "prefilled-altered" not in {f["code"] for f in doc["findings"]}, doc["unit"]
    m = master(d, "2025-Q3")
    assert set(MERGED) <= set(m["units_covered"])
    flow = row(m, FLOW)
    same = sum(figure(ws, p, 3, FLOW) for u in ("PNN", "PMQ") for p in MERGED[u]) + 77.0
    assert math.isclose(flow["same_period"], same)
    assert math.isclose(flow["change"], (flow["value"] / same - 1) * 100)
    # last year's year to date (lũy kế cùng kỳ), in the JSON and in Tổng hợp's own column
    same_ytd = sum(ytd(p, FLOW, 3) for u in ("PNN", "PMQ") for p in MERGED[u])  # XTL did not type it
    assert math.isclose(flow["same_ytd"], same_ytd)
    book = openpyxl.load_workbook(m["path"])
    summary = book[L.SUMMARY]
    assert summary.cell(L.SUMMARY_HEADER_ROW + 1, L.C_SAME_YTD + 1).value == "Lũy kế cùng kỳ"
    r = next(c.row for c in summary["A"] if c.value == FLOW)
    assert math.isclose(summary.cell(r, L.C_SAME_YTD + 1).value, same_ytd)
