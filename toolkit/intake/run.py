"""``intake()``: take every file of an inbox, examine it, and file it, atomically per file.

Order of operations for one file (the reason nothing is half-filed after a crash):

1. a worker copies the inbox file into ``.staging/`` while hashing it (fsynced), reads it
   through the gate, validates it, stages the JSON result and the feedback copy;
2. the parent decides (new version, duplicate, rejected, wrong period, period approved)
   and renames the staged files into the archive: JSON, feedback, then the original last;
3. once per chunk of files: fsync the touched folders, then append the ledger rows in one
   transaction;
4. only then move the inbox files to ``processed/<date>/``.

A crash before 3 leaves archive files without rows: the next run adopts them (see
:mod:`toolkit.intake.reconcile`); a crash before 4 leaves inbox files whose bytes are
archived: the next run sees them as already received. Staged leftovers are deleted.
"""

from __future__ import annotations

import getpass
import glob
import os
import socket
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from toolkit.findings import Finding, make
from toolkit.periods import Period, PeriodError

from .. import pool
from ..errors import BaocaoError
from ..findings import gate as gate_codes
from ..findings import intake as codes
from . import ledger as L
from . import outcomes as O
from . import result as R
from .decide import ArchiveState, Decision, Known, decide
from .examine import Context, Examined, Task, examine_batch, init, preload
from .fault import fault
from .folders import Folders, folders_of, room, safe_name, skip_reason
from .fsutil import (
    copy_hashing,
    fsync_dir,
    fsync_file,
    move_out,
    new_dir,
    place,
    sync_filesystem,
    unlink_quiet,
    write_bytes,
)
from .lock import WorkspaceLock
from .reconcile import reconcile

CHUNK_FILES = 200  # ledger rows committed per transaction
CHUNK_SECONDS = 2.0  # ... or at least this often


class IntakeError(BaocaoError):
    """Intake cannot run at all (no inbox, bad period): exit 2, nothing touched."""


def actor() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment
        user = "?"
    return f"{user}@{socket.gethostname()}"


def stamp(now: datetime | None) -> str:
    return (now or datetime.now()).astimezone().isoformat(timespec="seconds")


# staged files go into a new folder every STAGE_DIR_FILES files: ext4 places a file's inode
# in its folder's block group, and once that group's inodes are taken every further file
# there costs a search (measured: 0,6 ms a file instead of 0,1 after ~2.000 files)
STAGE_DIR_FILES = 1000
# files per call of a worker, at most: pandera's fixed cost is paid per chunk (0,27 ms a file in
# chunks of 48, 0,16 in chunks of 240); smaller chunks at the end (toolkit.pool.chunk_sizes)
CHUNK = 192


def intake(
    ws: Any,
    inbox: Path | str | None = None,
    *,
    period: str | None = None,
    jobs: int = 1,
    progress: Callable[[int, int, R.FileOutcome], None] | None = None,
    now: datetime | None = None,
    keep: bool = False,
    feedback: bool = True,
    collect: bool = True,
) -> R.IntakeResult:
    """Receive every file of ``inbox`` (default ``submissions/inbox``).

    ``period``: receive only returns for this period (others are left in the inbox);
    without it, every file is filed under the period its identity names.
    ``jobs``: worker processes (0 = in this process, unfenced). ``now``: the receipt
    time to record (default: the clock). ``keep``: leave filed files in the inbox.
    ``collect=False``: the result keeps the counts but not every file's outcome (a caller
    that takes each from ``progress`` as it comes: memory flat in the number of files).
    Raises :class:`IntakeError` (no inbox, bad period) and
    :class:`~toolkit.intake.lock.BusyError` (another intake runs); never for a file.
    """
    ws.require_writable()
    folders = folders_of(ws)
    src_dir = Path(inbox) if inbox is not None else Path(ws.inbox)
    expect = None
    if period:
        try:
            expect = Period.parse(period).code
        except PeriodError as e:
            raise IntakeError(e.message_vi, e.message_en) from None
    if not src_dir.is_dir():
        raise IntakeError(
            f"Không có thư mục hộp thư đến {src_dir}.",
            f"The inbox folder {src_dir} does not exist.",
            hint_vi="Tạo thư mục đó và chép vào đó các tệp báo cáo các đơn vị gửi về (hoặc chỉ thư mục chứa chúng: "
            "'baocao intake THƯ_MỤC'), rồi chạy lại.",
            hint_en="Create it and copy the returned files into it (or name the folder that holds them: "
            "'baocao intake DIR'), then run again.",
        )
    _check_inbox(ws, folders, src_dir)
    run_id = datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + os.urandom(3).hex()
    res = R.IntakeResult(inbox=str(src_dir), period=expect, run=run_id)
    with WorkspaceLock(folders.lock, "intake"):
        folders.staging.mkdir(parents=True, exist_ok=True)
        with L.Ledger(folders.ledger) as led:
            who = actor()
            rec, problems = reconcile(ws, folders, led, run=run_id, actor=who)
            res.recovered, res.problems = rec, problems
            res.summary.recovered = len(rec)
            files, skipped = scan(src_dir, folders)
            res.skipped = skipped
            res.summary.skipped = len(skipped)
            filer = Filer(ws, folders, led, expect=expect, now=now, keep=keep, run=run_id, actor=who)
            tasks = [
                Task(i, str(p), name, str(folders.staging / f"{run_id}-{i // STAGE_DIR_FILES}" / str(i)))
                for i, (p, name) in enumerate(files)
            ]
            ctx = Context(
                root=str(ws.root),
                expect_period=expect,
                known=frozenset(filer.state.archived),
                feedback=feedback,
                memory_mb=_worker_memory_mb(ws),
            )
            timeout = _worker_timeout_s(ws)
            if tasks and (jobs <= 0 or pool.start_method() == "fork"):
                preload(ctx, ws)
            try:
                batch = pool.chunk_sizes(len(tasks), jobs, most=CHUNK, least=CHUNK if jobs <= 0 else None)
                for done, ex in enumerate(
                    pool.run(
                        tasks,
                        examine_batch,
                        jobs=jobs,
                        init=init,
                        init_arg=ctx,
                        timeout_s=timeout,
                        on_failure=_failed,
                        batch=batch,
                    ),
                    start=1,
                ):
                    fault("after-stage")
                    o = filer.file(ex)
                    _count(res, o, collect)
                    if progress is not None:
                        progress(done, len(tasks), o)
                    filer.maybe_flush()
            finally:
                filer.flush()
                res.problems.extend(filer.held)
                _remove_empty(folders.staging, run_id)
    return res


def _remove_empty(staging: Path, run_id: str) -> None:
    """This run's staging folders, now empty (a folder still holding a file is left for reconcile)."""
    for d in staging.glob(f"{glob.escape(run_id)}-*"):
        for sub in d.glob(".fb-*"):  # the workers' feedback folders
            try:
                sub.rmdir()
            except OSError:
                pass
        try:
            d.rmdir()
        except OSError:
            pass


def _check_inbox(ws: Any, folders: Folders, inbox: Path) -> None:
    """Never take baocao's own files as returns (the ledger, the archive, the definitions)."""
    box = inbox.resolve()
    own = [folders.submissions.resolve(), Path(ws.definitions).resolve()]
    inside = [p.resolve() for p in folders.internal()]
    if any(box == p or box in p.parents for p in own) or any(box == p or p in box.parents for p in inside):
        if box != Path(ws.inbox).resolve():
            raise IntakeError(
                f"{inbox} chứa hoặc nằm trong thư mục riêng của baocao (sổ theo dõi, kho lưu trữ, định nghĩa); "
                f"hãy chép các tệp cần nhận vào {ws.inbox}.",
                f"{inbox} holds or lies inside baocao's own folders (ledger, archive, definitions); copy the "
                f"files to receive into {ws.inbox}.",
            )


def _count(res: R.IntakeResult, o: R.FileOutcome, collect: bool = True) -> None:
    s = res.summary
    if o.status == R.SKIPPED:
        res.skipped.append(o)
        s.skipped += 1
        return
    if collect:
        res.outcomes.append(o)
    s.files += 1
    if o.status == R.RECEIVED:
        s.new_versions += 1
        if o.errors:
            s.invalid += 1
        else:
            s.valid += 1
    elif o.status == R.DUPLICATE:
        s.duplicates += 1
    else:
        s.rejected += 1
        if o.status == R.WRONG_PERIOD:
            s.wrong_period += 1
        elif o.status == R.REFUSED_APPROVED:
            s.refused_approved += 1


def scan(inbox: Path, folders: Folders) -> tuple[list[tuple[Path, str]], list[R.FileOutcome]]:
    """Files to take (oldest first) and files skipped (owner, hidden, temporary)."""
    internal = {p.resolve() for p in folders.internal()}
    found: list[tuple[int, str, Path]] = []
    skipped: list[R.FileOutcome] = []
    for dirpath, dirnames, filenames in os.walk(inbox):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and (here / d).resolve() not in internal)
        for fn in filenames:
            p = here / fn
            name = p.relative_to(inbox).as_posix()
            why = skip_reason(fn)
            if why:
                skipped.append(R.FileOutcome(name=name, status=R.SKIPPED, reason=None, archive=why))
                continue
            try:
                mtime = os.lstat(p).st_mtime_ns
            except OSError:
                continue
            found.append((mtime, name, p))
    found.sort()
    return [(p, name) for _m, name, p in found], skipped


def _failed(task: Task, kind: str) -> Examined:
    """A worker died or timed out on this file: the gate's findings say which."""
    from toolkit.gate import Limits

    lim = Limits()
    for suffix in (".xlsx", ".json", ".feedback.xlsx"):
        unlink_quiet(Path(task.stage + suffix))
    if kind == pool.TIMEOUT:
        f = make(gate_codes.READ_TIMEOUT, file=task.name, seconds=f"{lim.hard_timeout_s:g}")
    elif kind == pool.MEMORY:
        f = make(gate_codes.READ_MEMORY, file=task.name, limit_mb=lim.memory_mb)
    else:
        f = make(gate_codes.UNREADABLE_FILE, file=task.name, error="the checking process died")
    return Examined(task.idx, task.src, task.name, problem=f)


def _worker_timeout_s(ws: Any) -> float:
    from toolkit.gate import Limits

    try:
        lim = Limits.load(ws.root)
    except ValueError:
        lim = Limits()
    return max(30.0, 4 * lim.hard_timeout_s)


def _worker_memory_mb(ws: Any) -> int:
    from toolkit.gate import Limits

    try:
        lim = Limits.load(ws.root)
    except ValueError:
        lim = Limits()
    return lim.memory_mb + 600  # the gate's budget, plus validation and the feedback copy


class Filer:
    """Decides what each examined file is, and files it; the ledger is written in chunks."""

    def __init__(
        self,
        ws: Any,
        folders: Folders,
        led: L.Ledger,
        *,
        expect: str | None,
        now: datetime | None,
        keep: bool,
        run: str,
        actor: str,
    ) -> None:
        self.ws, self.folders, self.led = ws, folders, led
        self.expect, self.now, self.keep, self.run, self.actor = expect, now, keep, run, actor
        self.seen = led.seen()
        self.state = ArchiveState(
            units=ws.units,
            expected=lambda p: {u.code for u in ws.expected_units(p)},
            archived={sha: Known.of(row) for sha, row in led.archived().items()},
            current={k: vs[-1].version or 0 for k, vs in led.versions().items()},
            approved={p: (r.at, r.actor or "") for p, r in led.approvals().items() if r.status == L.APPROVED},
            expect_period=expect,
        )
        self._rejected: dict[str, Path] | None = None
        self.events: list[L.Event] = []
        self.moves: list[tuple[Examined, str]] = []  # inbox files to move after the commit
        self.dirs: set[Path] = set()
        self.placed: list[Path] = []  # files put in place since the last commit
        self.held: list[Finding] = []  # filed, but held open by another program: left in the inbox
        self.last_flush = time.monotonic()

    # --- applying the decision (toolkit.intake.decide) to the archive -----------------------
    def file(self, ex: Examined) -> R.FileOutcome:
        o = R.FileOutcome(
            name=ex.name,
            status=R.REJECTED,
            sha256=ex.sha256,
            size=ex.size,
            unit=ex.unit,
            period=ex.period,
            errors=ex.errors,
            warnings=ex.warnings,
        )
        at = stamp(self.now)
        o.received_at = at
        d = decide(ex, self.state)
        if d.outcome == O.SKIPPED:
            o.status, o.reason = R.SKIPPED, d.reason
            return o
        if d.outcome == O.REJECTED:
            return self._reject(ex, o, list(d.reasons), at)
        if d.outcome == O.DUPLICATE:
            return self._duplicate(ex, o, d, at)
        if d.outcome in (O.WRONG_PERIOD, O.REFUSED_APPROVED):
            return self._leave(ex, o, d.outcome, d.reasons[0], at)
        return self._new_version(ex, o, d, at)

    def _new_version(self, ex: Examined, o: R.FileOutcome, decision: Decision, at: str) -> R.FileOutcome:
        unit, period = decision.unit or "", decision.period or ""
        prev = decision.supersedes or 0
        n = decision.version or prev + 1
        d = self.folders.version_dir(period, unit)
        fresh = new_dir(d)  # a new unit's folder is empty: nothing to look for
        while not fresh and any(d.glob(f"v{n}_*.xlsx")):
            n += 1  # never reuse a number present on disk
        stem = Folders.stem(n, ex.sha256)
        if ex.report:
            _put(Path(ex.report), d / f"{stem}.json", self.placed)
        if ex.feedback:
            _put(Path(ex.feedback), d / f"{stem}.feedback.xlsx", self.placed)
            o.feedback = self.folders.rel(d / f"{stem}.feedback.xlsx")
        fault("mid-archive")
        if not ex.staged or not _put(Path(ex.staged), d / f"{stem}.xlsx", self.placed):
            raise RuntimeError(f"cannot archive {ex.name} as {d / stem}.xlsx")
        self.dirs.add(d)
        o.status, o.version, o.period = R.RECEIVED, n, period
        o.supersedes = prev or None
        o.archive = self.folders.rel(d / f"{stem}.xlsx")
        ev = L.Event(
            at=at,
            status=L.RECEIVED,
            original_name=ex.name,
            size=ex.size,
            sha256=ex.sha256,
            unit=unit,
            period=period,
            version=n,
            errors=ex.errors,
            warnings=ex.warnings,
            path=o.archive,
            supersedes=o.supersedes,
            actor=self.actor,
            run=self.run,
        )
        self.events.append(ev)
        self.state.filed(Known(unit, period, n, at, ex.errors, ex.warnings, o.archive), ex.sha256)
        self.seen.add((L.RECEIVED, ex.sha256, ex.name))
        self.moves.append((ex, at))
        return o

    def _duplicate(self, ex: Examined, o: R.FileOutcome, decision: Decision, at: str) -> R.FileOutcome:
        _discard_staged(ex)  # the same bytes twice in one batch: the second copy was examined too
        known = decision.known
        assert known is not None
        o.status, o.unit, o.period, o.version = R.DUPLICATE, known.unit, known.period, known.version
        o.errors, o.warnings, o.archive = known.errors, known.warnings, known.path
        o.reason = decision.reason
        if not any((s, ex.sha256, ex.name) in self.seen for s in (L.RECEIVED, L.DUPLICATE)):
            self._record(L.DUPLICATE, ex, o, at, same_as=known.version)
        self.moves.append((ex, at))
        return o

    def _reject(self, ex: Examined, o: R.FileOutcome, reasons: list[Finding], at: str) -> R.FileOutcome:
        o.status, o.reason = R.REJECTED, reasons[0]
        tag = ex.sha256[:12] or "nohash"
        safe = safe_name(ex.name, room(self.folders.rejected, len(f"{at[:10]}_{tag}_.reason.txt")))
        dest = self.folders.rejected / f"{at[:10]}_{tag}_{safe}"
        earlier = self._rejected_before().get(f"{tag}_{safe}")
        regular = ex.problem is None or ex.problem.code != codes.NOT_REGULAR
        if earlier is not None and ex.sha256:
            dest = earlier  # the same bytes under the same name are kept once
        elif not Path(str(dest) + ".reason.txt").exists():
            reason_file = Path(str(dest) + ".reason.txt")
            write_bytes(reason_file, _reason_text(ex, reasons, at).encode(), durable=False)
            self.placed.append(reason_file)
            if regular:
                if ex.staged and Path(ex.staged).exists():
                    _put(Path(ex.staged), dest, self.placed)
                else:  # too large to stage, or its worker died: copy it now
                    tmp = self.folders.staging / f"{self.run}-{ex.idx}.rejected"
                    sha, size = copy_hashing(Path(ex.src), tmp, durable=False)
                    o.sha256, o.size = o.sha256 or sha, o.size or size
                    _put(tmp, dest, self.placed)
            self.dirs.add(self.folders.rejected)
            if regular:
                self._rejected_before().setdefault(f"{tag}_{safe}", dest)
        _discard_staged(ex)
        o.archive = self.folders.rel(dest) if regular else None
        if (L.REJECTED, o.sha256, ex.name) not in self.seen:
            self._record(L.REJECTED, ex, o, at, reasons=reasons)
        if regular:
            self.moves.append((ex, at))
        return o

    def _rejected_before(self) -> dict[str, Path]:
        """``<sha12>_<name>`` -> the earliest kept copy in ``rejected/``, read once per run
        (listing the folder for every rejected file made a batch of them quadratic)."""
        if self._rejected is None:
            self._rejected = {}
            if self.folders.rejected.is_dir():
                for p in sorted(self.folders.rejected.iterdir()):
                    n = p.name
                    if n.endswith(".reason.txt") or n.startswith(".") or len(n) < 12 or n[10] != "_":
                        continue
                    self._rejected.setdefault(n[11:], p)
        return self._rejected

    def _leave(self, ex: Examined, o: R.FileOutcome, status: str, reason: Finding, at: str) -> R.FileOutcome:
        """Not for now (another period, period approved): the file stays in the inbox."""
        o.status, o.reason = status, reason
        _discard_staged(ex)
        if (status, ex.sha256, ex.name) not in self.seen:
            self._record(status, ex, o, at, reasons=[reason])
        return o

    def _record(
        self,
        status: str,
        ex: Examined,
        o: R.FileOutcome,
        at: str,
        *,
        same_as: int | None = None,
        reasons: list[Finding] | None = None,
    ) -> None:
        r = (reasons or ([o.reason] if o.reason else []))[:1]
        self.events.append(
            L.Event(
                at=at,
                status=status,
                original_name=ex.name,
                size=o.size,
                sha256=o.sha256,
                unit=o.unit,
                period=o.period,
                version=o.version if status == L.DUPLICATE else None,
                errors=o.errors,
                warnings=o.warnings,
                path=o.archive,
                same_as=same_as,
                reason_vi=r[0].message_vi if r else None,
                reason_en=r[0].message_en if r else None,
                actor=self.actor,
                run=self.run,
            )
        )
        self.seen.add((status, o.sha256, ex.name))

    # --- committing ----------------------------------------------------------------------
    def maybe_flush(self) -> None:
        if len(self.events) + len(self.moves) >= CHUNK_FILES or time.monotonic() - self.last_flush > CHUNK_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Make the chunk's files durable, then commit its rows, then clear the inbox."""
        if self.placed and not sync_filesystem(self.folders.submissions):
            for p in self.placed:
                fsync_file(p)
            for d in sorted(self.dirs):
                fsync_dir(d)
        self.placed.clear()
        self.dirs.clear()
        if self.events:
            fault("after-archive-before-ledger")
            self.led.append(self.events)
            self.events = []
            fault("after-ledger-before-move")
        if not self.keep:
            for ex, at in self.moves:
                self._move(ex, at)
        self.moves = []
        self.last_flush = time.monotonic()

    def _move(self, ex: Examined, at: str) -> None:
        src = Path(ex.src)
        try:
            st = os.lstat(src)
        except OSError:
            return
        if st.st_mtime_ns != ex.mtime_ns or st.st_size != ex.size:
            return  # replaced since it was read: the next run takes the new bytes
        folder = self.folders.processed / at[:10]
        dest = folder / f"{ex.sha256[:12]}_{safe_name(ex.name, room(folder, 13 + 16))}"  # 16: move_out's .tmp
        try:
            move_out(src, dest)
        except PermissionError:  # open in Excel (Windows): said, and moved by the next run
            self.held.append(make(codes.INBOX_HELD, file=ex.name))
        except OSError:
            pass  # left in the inbox: the next run finds it already received


def _put(src: Path, dest: Path, placed: list[Path] | None = None) -> bool:
    """Staged file into its final place (never over an existing one)."""
    ok = place(src, dest)
    if ok and placed is not None:
        placed.append(dest)
    return ok


def _discard_staged(ex: Examined) -> None:
    for attr in ("staged", "report", "feedback"):
        p = getattr(ex, attr)
        if p:
            unlink_quiet(Path(p))


def _reason_text(ex: Examined, reasons: list[Finding], at: str) -> str:
    lines = [
        f"Tệp / file: {ex.name}",
        f"Nhận lúc / received at: {at}",
        f"sha256: {ex.sha256 or '-'}",
        f"Cỡ / size: {ex.size} bytes",
        "",
        "Lý do từ chối:",
    ]
    lines += [f"- [{f.code}]{' ' + f.where() if f.sheet else ''} {f.message_vi}" for f in reasons]
    lines += ["", "Why it was rejected:"]
    lines += [f"- [{f.code}]{' ' + f.where() if f.sheet else ''} {f.message_en}" for f in reasons]
    return "\n".join(lines) + "\n"
