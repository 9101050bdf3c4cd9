"""validate_file and validate_paths: one returned workbook, or a whole inbox, checked at once.

The per-file path is pure Python over the gate's :class:`~toolkit.rawbook.RawBook` (no
openpyxl, no pandas); the pandera check of the long table runs once per batch of files.
With ``jobs > 1`` batches run in a process pool, and send back either the reports
(:func:`iter_reports`) or, for a caller that only prints them, each report's JSON text and
the few numbers it still needs (:func:`iter_digests`, :mod:`toolkit.validate.digest`).
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from .. import caches
from ..a1 import split_a1
from ..figures import Figures, figures_of
from ..findings import Finding, make
from ..findings import gate as gate_codes
from ..findings import structure as codes
from ..forms.prefill import carried_value
from ..pool import chunk_sizes, start_method, worth_starting
from ..records import FileReport, History, ValueRecord
from .digest import VALUES, Digest
from .feedback_list import FEEDBACK_SHEET, FEEDBACK_SHEET_EN
from .identify import check_identity, read_identity
from .narrative import read_texts
from .reading import NUMERIC, cell_bounds, read_values
from .rules import apply_rules, formula_specs, operands_for_structure
from .schema import Row, check_rows
from .structure import check_cells, locate

if TYPE_CHECKING:
    from ..catalog import Indicator
    from ..gate import GateResult
    from ..periods import Period
    from ..workspace import Workspace

EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xls", ".xlsb", ".ods", ".csv")
_AREA_RANK = {"gate": 0, "identity": 1, "structure": 2, "value": 3, "rule": 4}


@dataclass
class Prepared:
    """One file checked except for the long-table schema, which runs per batch."""

    report: FileReport
    rows: list[Row] = field(default_factory=list)


def template_area(ws: Workspace) -> tuple[int, int]:
    """The largest (row, column) any form of this catalog uses, hidden identity sheet included.

    The identity sheet has ~16 key rows and at most 7 mapped cells per indicator; the form
    sheet fewer rows than that. The gate allows its margin beyond this area.
    """
    from ..forms import COLUMNS

    return 16 + 7 * max(1, len(ws.catalog)), max(len(COLUMNS), 5)


def _sort_key(f: Finding) -> tuple:
    area = _AREA_RANK.get(f.area, 5)
    pos = (0, 0)
    if f.cell:
        try:
            pos = split_a1(f.cell)
        except ValueError:
            pass
    return (area, f.sheet or "", pos, f.code)


def prepare(
    path: str | os.PathLike[str],
    ws: Workspace,
    *,
    expect_unit: str | None = None,
    expect_period: str | None = None,
    history: History | None = None,
    gate_result: GateResult | None = None,
) -> Prepared:
    """Gate, identity, structure, reading and rules of one file (no pandas). Never raises."""
    name = os.fspath(path)
    rep = FileReport(path=name)
    out = Prepared(rep)
    try:
        _prepare(out, name, ws, expect_unit, expect_period, history, gate_result)
    except Exception as exc:  # noqa: BLE001 - the promise: a finding, never a traceback
        detail = f"{type(exc).__name__}: {exc}"[:300]
        rep.findings.append(
            make(codes.INTERNAL_ERROR, file=name, detail=detail, trace=traceback.format_exc(limit=3)[-800:])
        )
        out.rows = []
    return out


def _prepare(
    out: Prepared,
    name: str,
    ws: Workspace,
    expect_unit: str | None,
    expect_period: str | None,
    history: History | None,
    gate_result: GateResult | None,
) -> None:
    rep = out.report
    if gate_result is None:
        from ..gate import read_workbook

        max_row, max_col = template_area(ws)
        gate_result = read_workbook(name, max_row=max_row, max_col=max_col)
    rep.sha256, rep.size = gate_result.sha256, gate_result.size
    rep.findings.extend(gate_result.findings)
    book = gate_result.book
    if book is None:
        return
    idr = read_identity(book, name, ws)
    rep.findings.extend(idr.findings)
    ident = idr.identity
    if ident is None:
        return
    # every mapped formula is recomputed from the figures as read, and a formula typed into an
    # input cell gets its own finding: the gate's "formula without a stored result" (also how
    # xlsxwriter stores a blank result) tells the clerk nothing to fix
    rep.findings = [f for f in rep.findings if f.code != gate_codes.FORMULA_NO_VALUE]
    rep.unit, rep.period = ident.unit, ident.period
    rep.catalog_version, rep.template_id = ident.catalog_version or None, ident.template_id or None
    rep.figures = ident.figures
    found, period = check_identity(ident, ws, name, expect_unit=expect_unit, expect_period=expect_period)
    rep.findings.extend(found)
    if not ident.cells:
        return
    catalog = ws.catalog
    hist = _history(ws, history)
    loc = locate(book, ident, catalog, name)
    rep.findings.extend(loc.findings)
    specs = formula_specs(loc, catalog, period)
    rep.findings.extend(
        check_cells(
            loc, ident, catalog, book, name, operands_for_structure(specs), known_sheets=_known_sheets(idr.extra)
        )
    )
    texts, text_findings = read_texts(
        book, idr.extra, name, ident.unit, ident.period, {s.code: s.name for s in catalog.sections.values()}
    )
    rep.texts.extend(texts)
    rep.findings.extend(text_findings)
    if loc.sheet is None:
        return
    prefill = None
    if period is not None and ident.unit in ws.units:

        def prefill(ind: Indicator, column: str, _u: str = ident.unit, _p: Period = period) -> float | None:
            # the figure the office carried
            return carried_value(hist, _u, _p, ind.code, column)

    reading = read_values(loc, catalog, period, ident.unit, hist, name, prefill)
    rep.findings.extend(reading.findings)
    rep.findings.extend(apply_rules(reading, loc, catalog, period, ident.unit, hist, name, specs))

    sheet = loc.sheet.name
    for (code, column), cell in reading.cells.items():
        rep.values.append(
            ValueRecord(ident.unit, ident.period, code, column, cell.value, sheet, cell.slot.address, name)
        )
        # a formula typed into an input cell is checked like a typed figure (reading computed it)
        if (
            column in NUMERIC
            and cell.slot.role == "input"  # carried figures are the office's: checked against the lookup
            and cell.state != "bad"
        ):
            ind = catalog.indicators[code]
            lo, hi = cell_bounds(ind, column, period) if period is not None else (ind.min, ind.max)
            v = cell.value if isinstance(cell.value, float) else None
            out.rows.append(
                Row(name, sheet, cell.slot.address, code, column, cell.slot.role, cell.state, v, lo, hi, cell.typed)
            )


_BASELINES = caches.memo("validate.run.baselines", 16)  # per workspace object: its baseline lookup


def _history(ws: Workspace, history: History | None) -> Figures:
    """The one lookup of accepted figures (:class:`~toolkit.figures.Figures`): the caller's
    (intake's ``ArchiveHistory``, the CLI's) or, without one, the workspace's baseline
    (looked up once per workspace)."""
    if history is not None:
        return figures_of(ws, history)
    hit = _BASELINES.get(id(ws))
    if hit is None or hit[0] is not ws:
        hit = _BASELINES.put(id(ws), (ws, Figures(ws, None)))
    return hit[1]


def _known_sheets(extra: dict[str, str]) -> set[str]:
    out = {FEEDBACK_SHEET, FEEDBACK_SHEET_EN}  # a feedback copy sent back after fixing
    for key in ("instructions_sheet", "narrative_sheet"):
        if extra.get(key):
            out.add(extra[key])
    return out


def finish(batch: list[Prepared], ws: Workspace) -> list[FileReport]:
    """The pandera check over the long table of the whole batch; findings sorted per file."""
    rows: list[Row] = []
    owner: list[int] = []
    for n, p in enumerate(batch):
        rows.extend(p.rows)
        owner.extend([n] * len(p.rows))
    try:
        for idx, f in check_rows(rows, ws.catalog):
            batch[owner[idx]].report.findings.append(f)
    except Exception as exc:  # noqa: BLE001
        for p in batch:
            if p.rows:
                p.report.findings.append(
                    make(codes.INTERNAL_ERROR, file=p.report.path, detail=f"schema: {type(exc).__name__}: {exc}"[:300])
                )
    for p in batch:
        p.report.findings.sort(key=_sort_key)
    return [p.report for p in batch]


def validate_file(
    path: str | os.PathLike[str],
    ws: Workspace,
    *,
    expect_unit: str | None = None,
    expect_period: str | None = None,
    history: History | None = None,
    gate_result: GateResult | None = None,
) -> FileReport:
    """Validate one returned workbook; never raises for any file."""
    p = prepare(
        path, ws, expect_unit=expect_unit, expect_period=expect_period, history=history, gate_result=gate_result
    )
    return finish([p], ws)[0]


def validate_batch(
    items: Iterable[str | os.PathLike[str] | tuple[str | os.PathLike[str], GateResult | None]],
    ws: Workspace,
    *,
    expect_unit: str | None = None,
    expect_period: str | None = None,
    history: History | None = None,
) -> list[FileReport]:
    """Several files in one go (paths, or (path, gate result) pairs read already): the same
    reports as :func:`validate_file`, with one pandera validation over the long table of all of
    them (a per-file validation costs ~5 ms of pandera overhead; in a batch ~0,3 ms a file)."""
    batch = []
    for item in items:
        path, gate = item if isinstance(item, tuple) else (item, None)
        batch.append(
            prepare(path, ws, expect_unit=expect_unit, expect_period=expect_period, history=history, gate_result=gate)
        )
    return finish(batch, ws)


# --- many files ------------------------------------------------------------------------------------

# baocao's own annotated copies (intake's archive, --feedback) name their original.
_OWN_COPIES = (".feedback.xlsx", "_loi-can-sua.xlsx")


def _skip(p: Path) -> bool:
    n = p.name
    return (
        n.startswith(("~$", ".~lock", "."))
        or n.endswith(("~", ".tmp", ".part", ".crdownload"))
        or p.suffix.lower() not in EXTENSIONS
        or _copy_beside_original(p)
    )


def _copy_beside_original(p: Path) -> bool:
    """An annotated copy lying next to the file it annotates (an archive folder): the
    return is validated once, not once more per copy. A copy without its original (a ward
    corrected the copy it was sent and returned it) is a return like any other."""
    for suffix in _OWN_COPIES:
        if p.name.lower().endswith(suffix):
            return (p.parent / (p.name[: -len(suffix)] + ".xlsx")).exists()
    return False


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given, and the workbooks inside folders (recursively, sorted); owner, hidden and
    temporary files, and baocao's annotated copies lying beside their original, skipped inside folders."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                here = Path(root)
                found.extend(q for q in (here / f for f in files) if not _skip(q))
            items = sorted(found)
        else:
            items = [p]
        for f in items:
            if f not in seen:
                seen.add(f)
                out.append(f)
    return out


class _WorkerState(TypedDict, total=False):
    """What every chunk of a batch is validated against (set once per batch, or per spawned worker)."""

    ws: Workspace
    unit: str | None
    period: str | None
    history: History | None


_WORKER: _WorkerState = {}
# Files a worker validates per call: pandera's fixed cost is paid per chunk (finish(): 0,27 ms
# a file in chunks of 48, 0,16 in chunks of 240); the last chunks are smaller so that no
# worker is left alone at the end (toolkit.pool.chunk_sizes).
CHUNK_MOST = 192


def _run_chunk(paths: list[str], digests: bool = False, values: str | None = None) -> list[Any]:
    ws = _WORKER["ws"]
    batch = [
        prepare(
            p,
            ws,
            expect_unit=_WORKER["unit"],
            expect_period=_WORKER["period"],
            history=_WORKER["history"],
        )
        for p in paths
    ]
    reports = finish(batch, ws)
    if not digests:
        return reports
    from .digest import digest

    return [digest(r, values) for r in reports]


def _run_chunk_in_worker(paths: list[str], digests: bool = False, values: str | None = None) -> list[Any]:
    from ..pool import settle

    out = _run_chunk(paths, digests, values)
    settle()  # a pool worker's heap, after its first chunk (never the caller's)
    return out


def _init_worker(root: str, sample: str | None, unit: str | None, period: str | None, history: History | None) -> None:
    from ..workspace import Workspace

    if "ws" not in _WORKER or getattr(_WORKER["ws"], "root", None) != Path(root):
        _WORKER["ws"] = Workspace.sample(sample) if sample else Workspace.open(root)
    _WORKER.update({"unit": unit, "period": period, "history": history})


def validate_paths(
    paths: Iterable[str | os.PathLike[str]],
    ws: Workspace,
    *,
    expect_unit: str | None = None,
    expect_period: str | None = None,
    history: History | None = None,
    jobs: int = 1,
    cross_unit: bool = True,
    chunk: int | None = None,
    progress: Callable[[int], object] | None = None,
) -> list[FileReport]:
    """Validate files and folders; reports in the order of the expanded paths.

    The reports of :func:`iter_reports`, all kept. ``cross_unit``: add outlier warnings when
    the reports include at least four units of a kind (:func:`cross_unit_findings`).
    """
    reports = list(
        iter_reports(
            expand_paths(paths),
            ws,
            expect_unit=expect_unit,
            expect_period=expect_period,
            history=history,
            jobs=jobs,
            chunk=chunk,
            progress=progress,
        )
    )
    if cross_unit:
        from .outliers import cross_unit_findings

        by_file = {r.path: r for r in reports}
        for f in cross_unit_findings(reports, ws):
            r = by_file.get(f.file or "")
            if r is not None:
                r.findings.append(f)
    return reports


def iter_reports(
    files: Iterable[str | os.PathLike[str]],
    ws: Workspace,
    *,
    expect_unit: str | None = None,
    expect_period: str | None = None,
    history: History | None = None,
    jobs: int = 1,
    chunk: int | None = None,
    progress: Callable[[int], object] | None = None,
) -> Iterator[FileReport]:
    """Each file's report as soon as it and the files before it are done, in the order of
    ``files`` (not expanded: see :func:`expand_paths`), without the cross-unit comparison
    (:class:`~toolkit.validate.outliers.CrossUnit` collects it from the reports as they come).
    The caller keeps what it needs: a stream of 10.000 reports need not be held at once.

    ``jobs > 1``: chunks of files run in a process pool, when the batch is large enough for
    the workers to pay for their start (:func:`toolkit.pool.worth_starting`: a spawned worker
    imports pandas again). ``progress(n)`` is called as each chunk of ``n`` files is done.
    """
    for part in _chunks_done(files, ws, expect_unit, expect_period, history, jobs, chunk, progress, False, None):
        yield from part


def iter_digests(
    files: Iterable[str | os.PathLike[str]],
    ws: Workspace,
    *,
    values: str | None = "rows",
    expect_unit: str | None = None,
    expect_period: str | None = None,
    history: History | None = None,
    jobs: int = 1,
    chunk: int | None = None,
    progress: Callable[[int], object] | None = None,
) -> Iterator[list[Digest]]:
    """The reports of :func:`iter_reports` as a stream prints them (:class:`~toolkit.validate.digest.Digest`:
    the JSON text of each report with its ``values`` as ``rows``, ``full`` or ``none``, its
    counts, the figures units are compared on), made by the workers, one list a chunk of
    files, in order; ``values=None``: no JSON, each digest's ``report`` without its values
    (for the text output). ``progress(n)`` is called as each chunk of ``n`` files is done."""
    if values is not None and values not in VALUES:
        raise ValueError(f"values: one of {VALUES} or None, not {values!r}")
    yield from _chunks_done(files, ws, expect_unit, expect_period, history, jobs, chunk, progress, True, values)


def _chunks_done(
    files: Iterable[str | os.PathLike[str]],
    ws: Workspace,
    expect_unit: str | None,
    expect_period: str | None,
    history: History | None,
    jobs: int,
    chunk: int | None,
    progress: Callable[[int], object] | None,
    digests: bool,
    values: str | None,
) -> Iterator[list[Any]]:
    """Each chunk's results (reports, or with ``digests`` their digests of ``values``), in order."""
    names = [os.fspath(p) for p in files]
    if not names:
        return
    method = start_method()
    jobs = max(1, worth_starting(len(names), jobs, method)) if jobs > 1 else 1
    if chunk:
        sizes = [chunk] * -(-len(names) // chunk)
    else:  # in this process: every chunk as large as allowed (no worker waits for another)
        sizes = chunk_sizes(len(names), jobs, most=CHUNK_MOST, least=CHUNK_MOST if jobs == 1 else None)
    chunks, at = [], 0
    for size in sizes:
        chunks.append(names[at : at + size])
        at += size
    done = progress or (lambda _n: None)
    if jobs == 1:
        _WORKER.update({"ws": ws, "unit": expect_unit, "period": expect_period, "history": history})
        for c in chunks:
            part = _run_chunk(c, digests, values)
            done(len(c))
            yield part
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    if method == "fork":
        _WORKER.update({"ws": ws, "unit": expect_unit, "period": expect_period, "history": history})
        from .schema import build_schema

        build_schema(ws.catalog)  # pandas/pandera imported once, shared by the forked workers
        _ = ws.units, ws.baseline
        pool = ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"))
    else:  # Windows/macOS (spawn): the workspace is reopened in each worker
        pool = ProcessPoolExecutor(
            jobs,
            mp_context=mp.get_context(method),
            initializer=_init_worker,
            initargs=(str(ws.root), ws.sample_name, expect_unit, expect_period, history),
        )
    with pool:
        # a bounded window of chunks in flight: reports done ahead of the reader wait in the
        # pool, never more than a few chunks' worth (Executor.map would queue them all)
        from collections import deque

        ahead = jobs * 2 + 1
        todo = iter(chunks)
        flying: deque = deque()
        for c in todo:
            flying.append(pool.submit(_run_chunk_in_worker, c, digests, values))
            if len(flying) >= ahead:
                break
        while flying:
            part = flying.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                flying.append(pool.submit(_run_chunk_in_worker, nxt, digests, values))
            done(len(part))
            yield part
