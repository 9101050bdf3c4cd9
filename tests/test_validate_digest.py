"""The digest a pool worker sends for a printed report (toolkit.validate.digest): its JSON is the
report's own document, its counts and compared figures are the report's; and the chunks a
batch is cut into (toolkit.pool.chunk_sizes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import mini_fill

from toolkit import pool
from toolkit.forms import write_form
from toolkit.periods import Period
from toolkit.validate import CrossUnit, iter_reports
from toolkit.validate.digest import dumps, file_doc, report_doc
from toolkit.validate.run import iter_digests
from toolkit.workspace import Workspace

MINI = Path(__file__).resolve().parent / "data" / "mini"
Q1 = Period.parse("2024-Q1")


@pytest.fixture(scope="module")
def wards(tmp_path_factory):
    """Eight wards' forms (one far from the others), a department's, and a file that is no form."""
    root = tmp_path_factory.mktemp("digest")
    ws = Workspace.open(shutil.copytree(MINI, root / "ws"))
    extra = "".join(f"  - {{code: W{i}, name: Phường W{i}, kind: ward, parent: NN}}\n" for i in range(5))
    path = ws.definitions / "units.yaml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    ws = Workspace.open(ws.root)
    inbox = root / "inbox"
    cattle = {"P1": 9100, "P2": 8700, "LB": 9400, "W0": 9000, "W1": 8800, "W2": 9300, "W3": 8900, "W4": 45000}
    for unit, n in cattle.items():
        fill = mini_fill(n, 1000, cccd=9000, over_14=10000)
        write_form(ws, unit, Q1, inbox / f"{unit}.xlsx", fill=fill)
    write_form(ws, "CA", Q1, inbox / "CA.xlsx", fill={("AN.TNGT_VU", "value"): 3})
    (inbox / "zz-not-a-form.xlsx").write_bytes(b"not a zip")
    return ws, sorted(inbox.iterdir())


@pytest.mark.parametrize("values", ["rows", "full", "none"])
def test_digests_are_the_reports_documents(wards, values, monkeypatch):
    ws, files = wards
    monkeypatch.setattr(pool, "FORK_ITEMS_PER_WORKER", 1)  # a pool even for ten files
    monkeypatch.setattr(pool, "SPAWN_ITEMS_PER_WORKER", 1)
    reports = list(iter_reports(files, ws))
    for jobs in (1, 2):
        digests = [d for part in iter_digests(files, ws, values=values, jobs=jobs, chunk=3) for d in part]
        assert [d.path for d in digests] == [r.path for r in reports]
        for d, r in zip(digests, reports, strict=True):
            assert d.text == dumps(file_doc(r, values))
            assert (d.unit, d.period, d.errors, d.warnings, d.valid) == (
                r.unit,
                r.period,
                r.errors,
                r.warnings,
                r.valid,
            )
    doc = json.loads(digests[0].text)
    r = reports[0]
    if values == "full":  # the report's own document, one object a value
        assert doc == json.loads(json.dumps(r.to_dict()))
    elif values == "rows":  # as the archive keeps it
        assert doc == json.loads(json.dumps(report_doc(r))) and doc["values"]
    else:
        assert "values" not in doc and doc["findings"] == [f.to_dict() for f in r.findings]
    assert any(not d.valid for d in digests)  # the file that is no form


def test_digests_for_the_text_output_carry_the_reports_without_values(wards, monkeypatch):
    ws, files = wards
    monkeypatch.setattr(pool, "FORK_ITEMS_PER_WORKER", 1)
    monkeypatch.setattr(pool, "SPAWN_ITEMS_PER_WORKER", 1)
    reports = list(iter_reports(files, ws))
    digests = [d for part in iter_digests(files, ws, values=None, jobs=2, chunk=3) for d in part]
    assert [d.path for d in digests] == [r.path for r in reports]
    for d, r in zip(digests, reports, strict=True):
        assert d.text == "" and d.report is not None and d.report.values == []
        assert d.figures == tuple(
            (v.indicator, v.value, v.sheet, v.cell)
            for v in r.values
            if v.column == "value" and isinstance(v.value, float)
        )
        r.values = []
        assert d.report.to_dict() == r.to_dict()


def test_cross_unit_from_digests_as_from_reports(wards, monkeypatch):
    ws, files = wards
    monkeypatch.setattr(pool, "FORK_ITEMS_PER_WORKER", 1)
    monkeypatch.setattr(pool, "SPAWN_ITEMS_PER_WORKER", 1)
    by_reports, by_digests = CrossUnit(ws), CrossUnit(ws)
    for r in iter_reports(files, ws):
        by_reports.add(r)
    for part in iter_digests(files, ws, jobs=2, chunk=2):
        for d in part:
            by_digests.add_figures(d.unit, d.period, d.path, d.figures)
    found = by_digests.findings()
    assert [(Path(f.file or "").name, f.cell) for f in found] == [("W4.xlsx", "E17")]
    assert [f.to_dict() for f in found] == [f.to_dict() for f in by_reports.findings()]


def test_digests_stream_chunk_by_chunk(wards):
    ws, files = wards
    done: list[int] = []
    seen = [(len(part), len(done)) for part in iter_digests(files, ws, chunk=4, progress=done.append)]
    assert seen == [(4, 1), (4, 2), (2, 3)]
    with pytest.raises(ValueError):
        next(iter_digests(files, ws, values="all"))


@pytest.mark.parametrize("n, jobs", [(0, 2), (1, 2), (15, 2), (70, 2), (2000, 2), (10_000, 2), (600, 1), (777, 8)])
def test_chunk_sizes_cover_the_items_large_first(n, jobs):
    sizes = pool.chunk_sizes(n, jobs, most=192)
    assert sum(sizes) == n
    assert all(0 < s <= 192 for s in sizes)
    assert sizes == sorted(sizes, reverse=True)  # large while much is left, small at the end
    assert all(s >= min(pool.CHUNK_LEAST, n) for s in sizes[:-1])
    if n >= 2000:
        assert sizes[0] == 192 and sizes[-2] <= 32  # the workers finish together
    assert pool.chunk_sizes(n, jobs, most=50, least=50) == [50] * (n // 50) + ([n % 50] if n % 50 else [])


def _tens(xs: list[int]) -> list[int]:
    return [x * 10 for x in xs]


def _no_init(_arg: object, _fenced: bool) -> None:
    return None


@pytest.mark.parametrize("jobs", [0, 2])
def test_pool_run_with_chunk_sizes_keeps_the_order(jobs):
    items = list(range(50))
    out = pool.run(
        items, _tens, jobs=jobs, init=_no_init, init_arg=None, timeout_s=60, on_failure=str, batch=[20, 20, 7, 3]
    )
    assert list(out) == [x * 10 for x in items]
