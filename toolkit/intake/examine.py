"""The work done on one inbox file, in a worker: copy, hash, read, validate, annotate.

Everything here happens before anything is decided: the result (:class:`Examined`) says
what the file is; the parent (:mod:`toolkit.intake.run`) decides what to do with it and
files it. The bytes are copied once, hashed while copying, into a staging file that
becomes the archive copy by a rename; the validation result (JSON) and the feedback
copy are staged beside it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.findings import Finding, make
from toolkit.validate.digest import report_doc

from ..findings import intake as codes
from .fsutil import READ_ONLY, copy_hashing, read_limited, unlink_quiet, write_new


@dataclass
class Task:
    idx: int
    src: str  # absolute path in the inbox
    name: str  # path relative to the inbox, as shown and recorded
    stage: str  # staging path prefix: <stage>.xlsx, <stage>.json, <stage>.feedback.xlsx


@dataclass
class Examined:
    idx: int
    src: str
    name: str
    size: int = 0
    mtime_ns: int = 0
    sha256: str = ""
    staged: str | None = None  # the staged copy of the bytes (None: not copied)
    report: str | None = None  # the staged FileReport JSON
    feedback: str | None = None  # the staged annotated copy
    known: bool = False  # the bytes are already archived: nothing else was done
    unit: str | None = None
    period: str | None = None
    errors: int = 0
    warnings: int = 0
    findings: list[Finding] = field(default_factory=list)  # errors, when not identified
    problem: Finding | None = None  # not a file, changing, crashed...
    feedback_error: str | None = None  # the feedback copy could not be made (the file is still filed)


@dataclass
class Context:
    """What a worker needs; built once per worker by :func:`init`."""

    root: str
    expect_period: str | None
    known: frozenset[str]
    feedback: bool = True
    memory_mb: int = 0  # address space a fenced worker may add; 0 = no cap
    # filled by init()
    ws: Any = None
    history: Any = None
    limits: Any = None
    area: tuple[int | None, int | None] = (None, None)  # the template's area, for the gate


_CTX: Context | None = None


def init(ctx: Context, fenced: bool) -> None:
    """Load the workspace and the heavy modules, then (in a child) cap memory."""
    global _CTX
    from toolkit.gate import Limits
    from toolkit.workspace import Workspace

    from .history import ArchiveHistory

    if ctx.ws is None or Path(ctx.ws.root) != Path(ctx.root):  # not lent by the parent (preload)
        ctx.ws = Workspace.open(ctx.root)
    ctx.limits = Limits.load(ctx.root)
    ctx.history = ArchiveHistory(ctx.ws)
    try:
        from toolkit.validate.run import template_area

        ctx.area = template_area(ctx.ws)
    except (ImportError, AttributeError):
        ctx.area = (None, None)
    _ = ctx.ws.catalog, ctx.ws.units
    try:
        import toolkit.validate  # noqa: F401  (imported before the memory cap)
    except ImportError:
        pass
    if fenced and ctx.memory_mb:
        from toolkit.gate.isolate import limit_memory

        limit_memory(ctx.limits.with_(memory_mb=ctx.memory_mb))
    _CTX = ctx


def preload(ctx: Context, ws: Any) -> None:
    """In the parent, before its workers are forked (or when it examines the files itself):
    lend them its workspace (definitions, units and baseline read once) and the validation's
    pandas and pandera (imported once, ~0,6 s), instead of each worker loading its own (~1 s
    of CPU a worker). Not for spawned workers: ``ctx`` is then pickled, and they reload."""
    from toolkit.validate.schema import build_schema

    _ = ws.catalog, ws.units, ws.baseline
    build_schema(ws.catalog)
    ctx.ws = ws


def examine(task: Task) -> Examined:
    """One file (see :func:`examine_batch`)."""
    return examine_batch([task])[0]


def examine_batch(tasks: list[Task]) -> list[Examined]:
    """Stage, hash and read each file, then validate those to validate in one batch.

    Never raises: a failure is a finding on the file's result.
    """
    assert _CTX is not None, "examine_batch() before init()"
    ctx = _CTX
    out = [Examined(t.idx, t.src, t.name) for t in tasks]
    todo: list[tuple[Task, Examined, Any]] = []
    for task, ex in zip(tasks, out, strict=True):
        try:
            gate = _stage_and_read(ctx, task, ex)
            if gate is not None:
                todo.append((task, ex, gate))
        except Exception as exc:  # a bug must not lose the file
            _fail(ex, task, exc)
    if not todo:
        return out
    try:
        reports = _validate(ctx, todo)
    except Exception:  # one file broke the batch: validate them one by one
        reports = []
        for task, ex, gate in todo:
            try:
                reports.extend(_validate(ctx, [(task, ex, gate)]))
            except Exception as exc:
                _fail(ex, task, exc)
                reports.append(None)
    for (task, ex, _gate), report in zip(todo, reports, strict=True):
        if report is None:
            continue
        try:
            _finish(ctx, task, ex, report)
        except Exception as exc:
            _fail(ex, task, exc)
    return out


def _fail(ex: Examined, task: Task, exc: Exception) -> None:
    _discard(ex)
    ex.problem = make(codes.INTERNAL, file=task.name, error=f"{type(exc).__name__}: {exc}"[:300])


def _stage_and_read(ctx: Context, task: Task, ex: Examined) -> Any:
    """The staged copy, the hash, and the gate's reading (None when nothing is to validate)."""
    src = Path(task.src)
    try:
        st = os.lstat(src)
    except FileNotFoundError:
        ex.problem = make(codes.CHANGING, file=task.name)
        return None
    if not stat.S_ISREG(st.st_mode):
        ex.problem = make(codes.NOT_REGULAR, file=task.name)
        return None
    ex.mtime_ns = st.st_mtime_ns
    staged = Path(task.stage + ".xlsx")
    limit = ctx.limits.max_file_bytes
    try:
        data = read_limited(src, limit) if st.st_size <= limit else None
    except PermissionError:  # open in Excel on Windows: left in the inbox for the next run
        ex.problem = make(codes.FILE_IN_USE, file=task.name)
        return None
    except OSError:  # gone, or replaced by a link or a folder since it was listed
        ex.problem = make(codes.CHANGING, file=task.name)
        return None
    if data is not None:  # read once: the bytes hashed are the bytes archived and the bytes checked
        ex.sha256, ex.size = hashlib.sha256(data).hexdigest(), len(data)
        write_new(staged, data)
    else:  # too large to check: hashed on the way, never held whole
        ex.sha256, ex.size = copy_hashing(src, staged, limit=limit, durable=False)
    ex.staged = str(staged) if data is not None or staged.exists() else None
    if ex.sha256 in ctx.known:
        ex.known = True
        _discard(ex)
        return None
    st2 = os.stat(src)
    if st2.st_size != ex.size or st2.st_mtime_ns != st.st_mtime_ns:
        _discard(ex)
        ex.problem = make(codes.CHANGING, file=task.name)
        return None
    from toolkit.gate import read_workbook

    gate = read_workbook(src, ctx.limits, max_row=ctx.area[0], max_col=ctx.area[1], data=data)
    if gate.sha256 and gate.sha256 != ex.sha256:
        _discard(ex)
        ex.problem = make(codes.CHANGING, file=task.name)
        return None
    return gate


def _validate(ctx: Context, todo: list[tuple[Task, Examined, Any]]) -> list[Any]:
    from toolkit.validate import validate_batch

    return validate_batch(
        [(t.src, gate) for t, _ex, gate in todo], ctx.ws, expect_period=ctx.expect_period, history=ctx.history
    )


def _finish(ctx: Context, task: Task, ex: Examined, report: Any) -> None:
    report = _relabel(report, task.name, ex)
    ex.unit, ex.period = report.unit, report.period
    ex.errors, ex.warnings = report.errors, report.warnings
    if not report.identified:
        ex.findings = [f for f in report.findings if f.is_error][:20]
        return
    if ctx.feedback and report.needs_feedback:
        try:
            ex.feedback = _feedback(report, Path(task.src), Path(task.stage))
        except Exception as exc:  # the annotated copy is a courtesy: the file is still filed
            ex.feedback_error = f"{type(exc).__name__}: {exc}"[:300]
    doc = report_doc(report)
    doc["intake"] = {"original_name": task.name, "source": task.src, "size": ex.size, "mtime_ns": ex.mtime_ns}
    out = Path(task.stage + ".json")
    write_new(out, json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())
    ex.report = str(out)


def _relabel(report: Any, name: str, ex: Examined) -> Any:
    """The report names the file by its inbox name, not by where a worker read it.

    (The values' source is the report's ``intake.original_name``: see :func:`report_doc`.)
    """
    report.path = name
    report.sha256 = report.sha256 or ex.sha256
    report.size = report.size or ex.size
    report.findings = [f if f.file in (None, name) else dataclasses.replace(f, file=name) for f in report.findings]
    return report


def _feedback(report: Any, src: Path, stage: Path) -> str | None:
    """The annotated copy, staged beside the file's other work files (read-only)."""
    from toolkit.validate import write_feedback

    out_dir = stage.parent / f".fb-{os.getpid()}"  # one per worker: two inbox files may share a name
    made = Path(write_feedback(report, src, out_dir, lang="vi"))
    dest = stage.with_name(stage.name + ".feedback.xlsx")
    try:
        os.chmod(made, READ_ONLY)
        os.replace(made, dest)
    except BaseException:
        unlink_quiet(made)
        raise
    return str(dest)


def _discard(ex: Examined) -> None:
    for attr in ("staged", "report", "feedback"):
        p = getattr(ex, attr)
        if p:
            unlink_quiet(Path(p))
            setattr(ex, attr, None)
