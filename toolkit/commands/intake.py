"""baocao intake | history | status | approve: receive returned files, and who is late."""

from __future__ import annotations

import sqlite3
import sys
import unicodedata
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from ..periods import Period
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNUSABLE,
    PERIOD,
    echo_json,
    en_count,
    fail,
    lang,
    open_workspace,
    show_progress,
    t,
)
from .stream import JsonDocument

_STATE_COLOUR = {
    "missing": "red",
    "received-invalid": "red",
    "late": "yellow",
    "valid": "green",
    "built": "green",
    "approved": "cyan",
}


def _storage_failure(e: Exception) -> None:
    """The ledger or the archive cannot be read or written: say so, exit 2, no traceback."""
    fail(
        t(
            f"Không đọc/ghi được sổ theo dõi hoặc kho lưu trữ trong submissions/: {e}",
            f"Cannot read/write the ledger or the archive in submissions/: {e}",
        ),
        EXIT_UNUSABLE,
    )


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in s)


def _pad(s: str, n: int, right: bool = False) -> str:
    gap = " " * max(0, n - _width(s))
    return gap + s if right else s + gap


def _table(
    headers: list[str],
    rows: list[list[str]],
    colours: Sequence[str | None] | None = None,
    right: AbstractSet[int] = frozenset(),
    colour_col: int | None = None,
) -> None:
    rows = [[unicodedata.normalize("NFC", c) for c in r] for r in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    click.echo("  ".join(click.style(_pad(h, widths[i], i in right), bold=True) for i, h in enumerate(headers)))
    click.echo("  ".join("─" * w for w in widths))
    for k, r in enumerate(rows):
        cells = []
        for i, c in enumerate(r):
            cell = _pad(c, widths[i], i in right)
            if colours and colours[k] and i == colour_col:
                cell = click.style(cell, fg=colours[k], bold=True)
            cells.append(cell)
        click.echo("  ".join(cells).rstrip())


def _when(at: str | None) -> str:
    if not at:
        return ""
    try:
        d = datetime.fromisoformat(at)
    except ValueError:
        return at
    return d.strftime("%d/%m/%Y %H:%M")


# --- intake -----------------------------------------------------------------------------
@click.command("intake")
@click.argument("inbox", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--period", "-p", type=PERIOD, help="Chỉ nhận báo cáo kỳ này, ví dụ 2024-Q1 / only returns for this period."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(0, 64),
    default=None,
    help="Số tiến trình kiểm tra / worker processes (default: CPUs; 0 = none).",
)
@click.option("--keep", is_flag=True, help="Để lại tệp trong hộp thư đến / leave filed files in the inbox.")
@click.option(
    "--received-at",
    "received_at",
    metavar="DATETIME",
    help="Ghi thời điểm nhận này, ví dụ 2024-03-18T09:00 / record this receipt time (back-filling).",
)
@click.option(
    "--no-feedback",
    "no_feedback",
    is_flag=True,
    help="Không tạo bản góp ý (nhanh hơn) / no annotated feedback copies (faster).",
)
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def intake_cmd(
    inbox: Path | None,
    period: Period | None,
    jobs: int | None,
    keep: bool,
    received_at: str | None,
    no_feedback: bool,
    as_json: bool,
) -> None:
    """Nhận các tệp báo cáo gửi về: lưu trữ, kiểm tra, ghi sổ / receive returned files.

    INBOX defaults to submissions/inbox/ of the workspace.
    """
    from ..intake import intake

    ws = open_workspace()
    code = period.code if period else None
    now = None
    if received_at:
        try:
            now = datetime.fromisoformat(received_at)
        except ValueError:
            raise click.BadParameter(
                t("cần dạng 2024-03-18T09:00", "expected like 2024-03-18T09:00"), param_hint="--received-at"
            ) from None
    from ..intake.result import FORMAT as INTAKE_FORMAT

    if jobs is None:
        from ..pool import default_jobs

        jobs = default_jobs()
    bar: dict[str, Any] = {}
    show_bar = show_progress(as_json)
    # --json: each file's outcome printed as it is filed, none kept (10.000 files, flat memory)
    doc = (
        JsonDocument(
            {"format": INTAKE_FORMAT, "inbox": str(inbox if inbox is not None else ws.inbox), "period": code}, "files"
        )
        if as_json
        else None
    )

    def progress(done: int, total: int, o: Any) -> None:
        if doc is not None and o.status != "skipped":  # skipped files are listed at the end
            doc.item(o.to_dict())
        if not show_bar:
            return
        if "bar" not in bar:
            bar["bar"] = click.progressbar(length=total, label=t("Đang nhận", "Receiving"), file=sys.stderr)
            bar["bar"].__enter__()
        bar["bar"].update(1)

    try:
        res = intake(
            ws,
            inbox,
            period=code,
            jobs=jobs,
            progress=progress,
            now=now,
            keep=keep,
            feedback=not no_feedback,
            collect=doc is None,
        )
    except (sqlite3.DatabaseError, OSError) as e:
        _storage_failure(e)
    finally:
        if "bar" in bar:
            bar["bar"].__exit__(None, None, None)
    if doc is not None:
        whole = res.to_dict()
        del whole["files"]  # printed above, one by one
        doc.close({k: v for k, v in whole.items() if k not in ("format", "inbox", "period")})
    else:
        _print_intake(res)
    raise SystemExit(EXIT_OK if res.ok else EXIT_FINDINGS)


def _print_intake(res: Any) -> None:
    from ..intake.outcomes import LABELS, RECEIVED, label

    for p in res.problems:
        click.secho(f"! {p.code}: {p.message(lang())}", fg="red", err=True)
    for o in res.recovered:
        click.secho(t(f"↺ khôi phục: {o.archive}", f"↺ recovered: {o.archive}"), fg="yellow")
    for o in res.skipped:  # files left for the next run (open in Excel, still being copied) say why
        if o.reason is not None:
            click.secho(f"{_pad(label(o.status, lang()), 12)} {o.name}", fg="yellow")
            click.echo(f"{'':13}{o.reason.message(lang())}")
    for o in res.outcomes:
        colour = "red" if o.status == RECEIVED and o.errors else LABELS[o.status].colour
        head = click.style(_pad(label(o.status, lang()), 12), fg=colour, bold=o.status != "duplicate")
        who = f"{o.unit or '-'} {o.period or ''}".strip()
        ver = f"v{o.version}" if o.version else ""
        line = f"{head} {_pad(who, 16)} {_pad(ver, 4)} {o.name}"
        if o.status in ("received", "duplicate"):
            line += t(
                f"  ({o.errors} lỗi, {o.warnings} cảnh báo)",
                f"  ({en_count(o.errors, 'error')}, {en_count(o.warnings, 'warning')})",
            )
        click.echo(line)
        if o.reason is not None and o.status != "received":
            click.echo(f"{'':13}{o.reason.message(lang())}")
        if o.feedback:
            click.echo(f"{'':13}{t('bản góp ý', 'feedback')}: {o.feedback}")
    s = res.summary
    click.echo(
        t(
            f"Tổng kết: {s.files} tệp; {s.new_versions} phiên bản mới ({s.valid} hợp lệ, {s.invalid} có lỗi); "
            f"{s.duplicates} trùng; {s.rejected} bị từ chối/để lại (sai kỳ {s.wrong_period}, kỳ đã duyệt "
            f"{s.refused_approved}); {s.skipped} bỏ qua" + (f"; {s.recovered} khôi phục" if s.recovered else "") + ".",
            f"Summary: {en_count(s.files, 'file')}; {en_count(s.new_versions, 'new version')} ({s.valid} valid, {s.invalid} invalid); "
            f"{en_count(s.duplicates, 'duplicate')}; {s.rejected} rejected/left (wrong period {s.wrong_period}, period approved "
            f"{s.refused_approved}); {s.skipped} skipped" + (f"; {s.recovered} recovered" if s.recovered else "") + ".",
        )
    )


# --- history ----------------------------------------------------------------------------
@click.command("history")
@click.option("--unit", "-u", help="Mã đơn vị / unit code.")
@click.option("--period", "-p", type=PERIOD, help="Kỳ báo cáo / period, e.g. 2024-Q1.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def history_cmd(unit: str | None, period: Period | None, as_json: bool) -> None:
    """Sổ theo dõi hồ sơ nhận / the intake ledger (every version, duplicate, rejection)."""
    from ..intake import history
    from ..intake.outcomes import LABELS, RECEIVED, event_label

    ws = open_workspace()
    if unit and unit not in ws.units:
        fail(t(f"không có đơn vị '{unit}' trong units.yaml", f"there is no unit '{unit}' in units.yaml"))
    try:
        rows = history(ws, unit=unit, period=period.code if period else None)
    except sqlite3.DatabaseError as e:
        _storage_failure(e)
    if as_json:
        echo_json(
            {
                "format": "baocao-history/1",
                "unit": unit,
                "period": period.code if period else None,
                "rows": [r.to_dict() for r in rows],
            }
        )
        return
    if not rows:
        click.echo(t("Sổ theo dõi chưa có dòng nào phù hợp.", "No ledger rows match."))
        return
    en = lang() == "en"
    headers = (
        ["Time", "Event", "Unit", "Period", "Ver.", "Err.", "Warn.", "sha256", "Superseded by", "Original name"]
        if en
        else ["Thời gian", "Sự kiện", "Đơn vị", "Kỳ", "PB", "Lỗi", "CB", "sha256", "Thay bởi", "Tên tệp gốc"]
    )
    out, colours = [], []
    for r in rows:
        ev = event_label(r.status, lang())
        if r.status == "received" and r.current:
            ev += " *"
        out.append(
            [
                _when(r.at),
                ev,
                r.unit or "",
                r.period or "",
                str(r.version or ""),
                "" if r.errors is None else str(r.errors),
                "" if r.warnings is None else str(r.warnings),
                (r.sha256 or "")[:12],
                f"v{r.superseded_by}" if r.superseded_by else "",
                r.original_name or (r.actor or ""),
            ]
        )
        lab = LABELS.get(r.status)
        colours.append("red" if r.status == RECEIVED and r.errors else lab.colour if lab else None)
    _table(headers, out, colours, right={4, 5, 6}, colour_col=1)
    click.echo(t("* phiên bản hiện hành", "* current version"))


# --- status -----------------------------------------------------------------------------
@click.command("status")
@click.option("--period", "-p", type=PERIOD, required=True, help="Kỳ báo cáo / period, e.g. 2024-Q1.")
@click.option(
    "--today", metavar="YYYY-MM-DD", help="Tính số ngày còn lại tính đến ngày này / count days left from this day."
)
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def status_cmd(period: Period, today: str | None, as_json: bool) -> None:
    """Tình hình nộp báo cáo của từng đơn vị / who has returned what, who is late."""
    from ..intake import status
    from ..numbers import fmt_pct
    from ..periods import fmt_date

    ws = open_workspace()
    code = period.code
    day = None
    if today:
        try:
            day = date.fromisoformat(today)
        except ValueError:
            raise click.BadParameter(
                t("cần dạng 2024-03-18", "expected like 2024-03-18"), param_hint="--today"
            ) from None
    try:
        rep = status(ws, code, today=day)
    except sqlite3.DatabaseError as e:
        _storage_failure(e)
    if as_json:
        echo_json(rep.to_dict())
        return
    en = lang() == "en"
    headers = (
        ["Code", "Unit", "State", "Version", "Received at", "Errors", "Warnings", "On time"]
        if en
        else ["Mã", "Đơn vị", "Trạng thái", "Phiên bản", "Nhận lúc", "Lỗi", "Cảnh báo", "Đúng hạn"]
    )
    if rep.built:
        headers.append("Built from" if en else "Ghép từ")
    yes, no = ("yes", "no") if en else ("có", "không")
    rows, colours = [], []
    for r in rep.rows:
        rows.append(
            [
                r.unit,
                r.name,
                r.state_en if en else r.state_vi,
                (f"{r.period} v{r.version}" if r.period else f"v{r.version}") if r.version else "",
                _when(r.received_at),
                str(r.errors) if r.versions else "",
                str(r.warnings) if r.versions else "",
                "" if r.on_time is None else (yes if r.on_time else no),
            ]
            + ([_parts(r.built_from, en)] if rep.built else [])
        )
        colours.append(_STATE_COLOUR[r.state])
    title = t(
        f"Tình hình nộp báo cáo kỳ {code} ({ws.settings.name or ws.root.name})",
        f"Returns for {code} ({ws.settings.name or ws.root.name})",
    )
    click.secho(title, bold=True)
    _table(headers, rows, colours, right={5, 6}, colour_col=2)
    n = rep.expected

    def pct(v: float | None) -> str:
        return fmt_pct(v) if v is not None else "-"

    if rep.built:
        click.echo(
            t(
                f"Đơn vị không gửi báo cáo kỳ {code} riêng: số liệu ghép từ báo cáo các kỳ thành phần "
                f"({', '.join(c.code for c in period.components())}) như bảng tổng hợp; trạng thái, phiên bản "
                "và thời điểm nhận là của kỳ thành phần cuối cùng.",
                f"Units that returned no {code} of their own: their figures are built from the returns of "
                f"its parts ({', '.join(c.code for c in period.components())}), as the master builds them; "
                "state, version and time received are the last part's.",
            )
        )
    click.echo("")
    click.echo(
        t(
            f"Hợp lệ (đủ để tổng hợp): {rep.valid}/{n} ({pct(rep.completeness)})  ·  "
            f"Tỷ lệ báo cáo: {rep.received}/{n} ({pct(rep.reporting_rate)})  ·  "
            f"Đúng hạn: {rep.on_time}/{n} ({pct(rep.on_time_rate)})",
            f"Valid (usable): {rep.valid}/{n} ({pct(rep.completeness)})  ·  "
            f"Reporting rate: {rep.received}/{n} ({pct(rep.reporting_rate)})  ·  "
            f"On time: {rep.on_time}/{n} ({pct(rep.on_time_rate)})",
        )
    )
    d = rep.days_left
    when = fmt_date(rep.deadline)
    if d > 0:
        line = t(f"Hạn nộp {when}: còn {d} ngày.", f"Deadline {when}: {en_count(d, 'day')} left.")
    elif d == 0:
        line = t(f"Hạn nộp {when}: hôm nay.", f"Deadline {when}: today.")
    else:
        line = t(f"Hạn nộp {when}: đã quá {-d} ngày.", f"Deadline {when}: {en_count(-d, 'day')} ago.")
    click.secho(line, fg="green" if d > 0 else "yellow" if d == 0 else "red")
    if rep.approved:
        click.secho(
            t(
                f"Kỳ {code} đã duyệt lúc {_when(rep.approved_at)} ({rep.approved_by}).",
                f"Period {code} approved at {_when(rep.approved_at)} ({rep.approved_by}).",
            ),
            fg="cyan",
        )


def _parts(built_from: list[dict[str, str]], en: bool) -> str:
    """``Q1: hợp lệ; Q2: chưa nộp``: each component's state, the year left out."""
    from ..intake.status import STATE_EN, STATE_VI

    names = STATE_EN if en else STATE_VI
    return "; ".join(f"{b['period'].rpartition('-')[2]}: {names.get(b['state'], b['state'])}" for b in built_from)


# --- approve ----------------------------------------------------------------------------
@click.command("approve")
@click.option("--period", "-p", type=PERIOD, required=True, help="Kỳ báo cáo / period, e.g. 2024-Q1.")
@click.option("--reopen", is_flag=True, help="Mở lại kỳ đã duyệt / reopen an approved period.")
@click.option("--by", metavar="NAME", help="Người duyệt / who approves (default: the system user).")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def approve_cmd(period: Period, reopen: bool, by: str | None, as_json: bool) -> None:
    """Duyệt (khóa) một kỳ: không nhận thêm tệp / approve and lock a period."""
    from ..intake import approve

    ws = open_workspace()
    code = period.code
    try:
        res = approve(ws, code, reopen=reopen, by=by)
    except (sqlite3.DatabaseError, OSError) as e:
        _storage_failure(e)
    if as_json:
        echo_json(res.__dict__)
        return
    when = _when(res.at)
    if reopen:
        click.echo(
            t(
                f"Đã mở lại kỳ {code}; có thể nhận thêm tệp."
                if res.changed
                else f"Kỳ {code} chưa duyệt; không cần mở lại.",
                f"Period {code} reopened; intake accepts files again."
                if res.changed
                else f"Period {code} is not approved; nothing to reopen.",
            )
        )
        return
    if res.changed:
        click.secho(
            t(
                f"Đã duyệt và khóa kỳ {code} lúc {when} ({res.by}): {res.valid}/{res.expected} đơn vị hợp lệ.",
                f"Period {code} approved and locked at {when} ({res.by}): {res.valid}/{en_count(res.expected, 'unit')} valid.",
            ),
            fg="cyan",
        )
        if res.valid < res.expected:
            click.secho(
                t(
                    f"Lưu ý: {res.expected - res.valid} đơn vị chưa có báo cáo hợp lệ.",
                    f"Note: {en_count(res.expected - res.valid, 'unit')} {'has' if res.expected - res.valid == 1 else 'have'} no valid return.",
                ),
                fg="yellow",
            )
    else:
        click.echo(
            t(
                f"Kỳ {code} đã được duyệt trước đó lúc {when} ({res.by}).",
                f"Period {code} was already approved at {when} ({res.by}).",
            )
        )


def register(group: click.Group) -> None:
    for cmd in (intake_cmd, history_cmd, status_cmd, approve_cmd):
        group.add_command(cmd)
