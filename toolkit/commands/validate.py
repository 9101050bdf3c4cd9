"""baocao validate PATH... : check returned workbooks, tell the sender exactly what to fix."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..periods import Period, PeriodError, parse_period
from ..validate.digest import VALUES
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNUSABLE,
    PERIOD,
    en_count,
    fail,
    lang,
    lang_option,
    open_workspace,
    progress,
    t,
)
from .stream import JsonDocument, JsonLines

if TYPE_CHECKING:
    from ..records import FileReport
    from ..validate.digest import Digest
    from ..workspace import Workspace

JSON_FORMAT = "baocao-validate/2"
LINES_FORMAT = "baocao-validate-lines/1"


class Tally:
    """What the summary needs, counted as the reports stream past (none of them is kept)."""

    def __init__(self) -> None:
        self.files = self.valid = self.errors = self.warnings = 0

    def add(self, rep: FileReport | Digest) -> None:
        self.files += 1
        self.valid += rep.valid
        self.errors += rep.errors
        self.warnings += rep.warnings

    def summary(self) -> dict:
        code = EXIT_OK if self.valid == self.files else EXIT_FINDINGS
        return {
            "files": self.files,
            "valid": self.valid,
            "invalid": self.files - self.valid,
            "errors": self.errors,
            "warnings": self.warnings,
            "exit_code": code,
        }


def _heading(rep: FileReport, ws: Workspace) -> str:
    name = Path(rep.path).name
    who = ""
    if rep.unit:
        u = ws.units.get(rep.unit)
        who = f"{u.name} ({u.code})" if u else rep.unit
    if rep.period:
        try:
            p = parse_period(rep.period)
            who += " · " + t(p.label_vi(), p.title_en())
        except PeriodError:
            who += f" · {rep.period}"
    state = t("hợp lệ", "valid") if rep.valid else t("CẦN SỬA", "MUST BE CORRECTED")
    counts = t(
        f"{rep.errors} lỗi, {rep.warnings} cảnh báo",
        f"{en_count(rep.errors, 'error')}, {en_count(rep.warnings, 'warning')}",
    )
    return f"{name}" + (f" — {who}" if who else "") + f": {state} ({counts})"


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--unit", "-u", help="Đơn vị phải là / the unit the files must belong to (code).")
@click.option("--period", "-p", type=PERIOD, help="Kỳ phải là / the period the files must be for (e.g. 2024-Q1).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="In kết quả JSON, từng tệp khi xong / print JSON, file by file (docs/findings.md).",
)
@click.option(
    "--jsonl", "as_jsonl", is_flag=True, help="In JSON Lines, mỗi tệp một dòng / print JSON Lines, a file a line."
)
@click.option(
    "--values",
    type=click.Choice(VALUES),
    default="rows",
    show_default=True,
    help="Bảng số liệu trong JSON: dạng hàng, đầy đủ, không có / the values table in the JSON: rows, full, none.",
)
@click.option(
    "--feedback",
    type=click.Path(file_okay=False, path_type=Path),
    help="Ghi bản góp ý (tệp của đơn vị, đánh dấu ô lỗi) vào thư mục / write annotated copies here.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help="Số tiến trình (mặc định: số lõi CPU) / worker processes (default: the CPUs).",
)
@lang_option
def validate_cmd(
    paths: tuple[Path, ...],
    unit: str | None,
    period: Period | None,
    as_json: bool,
    as_jsonl: bool,
    values: str,
    feedback: Path | None,
    jobs: int | None,
) -> None:
    """Kiểm tra biểu mẫu gửi về / validate returned workbooks (files or folders).

    Exit 0: every file valid (warnings allowed); 1: some file has errors; 2: nothing usable
    to validate, or wrong options.
    """
    if as_json and as_jsonl:
        fail(t("chỉ chọn một trong --json và --jsonl", "choose one of --json and --jsonl"))
    ws = open_workspace(sample=True)
    if unit and unit not in ws.units:
        fail(t(f"không có đơn vị '{unit}' trong units.yaml", f"there is no unit '{unit}' in units.yaml"))
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        fail(t("không tìm thấy: ", "not found: ") + ", ".join(str(p) for p in missing))

    from ..pool import default_jobs
    from ..validate.digest import digest
    from ..validate.outliers import CrossUnit
    from ..validate.run import expand_paths, iter_digests, iter_reports

    files = expand_paths(paths)
    if not files:
        fail(
            t("không có tệp Excel nào để kiểm tra trong: ", "no Excel file to validate in: ")
            + ", ".join(str(p) for p in paths)
        )
    if ws.is_sample:
        _only_sample_forms(files, ws)
    from ..intake import ArchiveHistory

    # the same accepted figures intake checks against: one verdict for the same file
    history = None if ws.is_sample else ArchiveHistory(ws)  # the built-in sample has no archive
    archive_note = (
        ""
        if history is None or history.has_archive
        else t(
            "Chưa có kho lưu trữ (submissions/ledger.sqlite): chỉ so với số liệu năm trước trong "
            "templates/baseline; khi nộp, 'baocao intake' còn so với số liệu đã duyệt.",
            "No archive yet (submissions/ledger.sqlite): compared with last year's baseline only; "
            "'baocao intake' also compares with accepted figures.",
        )
    )
    head = {
        "workspace": str(ws.root),
        "catalog_version": ws.catalog.version,
        "lang": lang(),
        "archive": history is not None and history.has_archive,
    }
    out: JsonDocument | JsonLines | None = None
    if as_json:
        out = JsonDocument({"format": JSON_FORMAT, **head}, "files")
    elif as_jsonl:
        out = JsonLines(LINES_FORMAT)
        out.record("start", head)
    tally, cross = Tally(), CrossUnit(ws)
    # each report is printed (and its feedback copy written) as soon as it is done, then
    # dropped: only the counts and the few figures the comparison between units needs stay
    used: set[str] = set()  # feedback names as a case-insensitive, normalising file system sees them
    expect_unit, expect_period, n_jobs = unit, period.code if period else None, jobs or default_jobs()
    with progress(
        len(files), "Đang kiểm tra", "Checking", as_json=as_json or as_jsonl, lines=not (as_json or as_jsonl)
    ) as advance:
        if feedback is None:
            # the workers encode each report (or, for the text output, send it without its
            # values): the parent prints and adds up a few numbers
            for part in iter_digests(
                files,
                ws,
                values=values if out is not None else None,
                expect_unit=expect_unit,
                expect_period=expect_period,
                jobs=n_jobs,
                history=history,
                progress=advance,
            ):
                for dg in part:
                    tally.add(dg)
                    cross.add_figures(dg.unit, dg.period, dg.path, dg.figures)
                    if out is None and dg.report is not None:
                        _echo_report(dg.report, ws, None)
                if out is not None:
                    _print(out, [dg.text for dg in part])
        else:
            for rep in iter_reports(
                files,
                ws,
                expect_unit=expect_unit,
                expect_period=expect_period,
                jobs=n_jobs,
                history=history,
                progress=advance,
            ):
                tally.add(rep)
                cross.add(rep)
                written = None
                if feedback is not None and rep.needs_feedback:
                    from ..validate.feedback import feedback_path, write_feedback

                    name = unique_name(feedback_path(rep.path, feedback).name, used)
                    written = str(write_feedback(rep, rep.path, feedback, lang=lang(), name=name))
                if out is None:
                    _echo_report(rep, ws, written)
                    continue
                _print(out, [digest(rep, values, {"feedback": written} if written else None).text])
    among = cross.findings()  # warnings only: no file's validity changes
    tally.warnings += len(among)
    summary = tally.summary()
    if isinstance(out, JsonDocument):
        out.close({"cross_unit": [f.to_dict() for f in among], "summary": summary})
    elif isinstance(out, JsonLines):
        for f in among:
            out.record("cross_unit", f.to_dict())
        out.record("summary", summary)
    else:
        _echo_among(among)
        _echo_summary(summary)
        if archive_note:
            click.echo(archive_note, err=True)
    raise SystemExit(summary["exit_code"])


def _print(out: JsonDocument | JsonLines, texts: list[str]) -> None:
    """Reports encoded already (:func:`toolkit.validate.digest.digest`): items of the document, or lines."""
    if isinstance(out, JsonDocument):
        out.items_text(texts)
    else:
        out.records_text("file", texts)


def unique_name(name: str, used: set[str]) -> str:
    """``name``, or ``stem-2.ext``, ``stem-3.ext``... so that no two names of one run are the same
    on NTFS or APFS (which ignore case and Unicode normalisation); records the one chosen."""
    import unicodedata

    stem, dot, ext = name.rpartition(".")
    stem, ext = (stem, dot + ext) if dot else (name, "")
    k, out = 1, name
    while unicodedata.normalize("NFC", out).casefold() in used:
        k += 1
        out = f"{stem}-{k}{ext}"
    used.add(unicodedata.normalize("NFC", out).casefold())
    return out


def _only_sample_forms(files: list[Path], ws: Workspace) -> None:
    """Outside a workspace: validate only forms made from the built-in sample, never an office's."""
    from ..validate.origin import origin

    foreign = [o for o in map(lambda f: origin(f, ws), files) if not o.from_sample]
    if not foreign:
        return
    lines = []
    for o in foreign:
        if o.workspace:
            lines.append(
                t(
                    f"  {o.path}: biểu mẫu của thư mục làm việc '{o.workspace}' (danh mục {o.catalog_version}).",
                    f"  {o.path}: a form of the workspace '{o.workspace}' (catalog {o.catalog_version}).",
                )
            )
        else:
            lines.append(t(f"  {o.path}: không nhận ra biểu mẫu.", f"  {o.path}: not a form baocao recognises."))
    fail(
        t(
            "Ở đây không có thư mục làm việc, nên không có định nghĩa của văn phòng để kiểm tra các tệp này "
            "(chỉ có mẫu có sẵn):\n" + "\n".join(lines) + "\nHãy chạy 'baocao validate' trong thư mục làm việc của "
            "văn phòng đã tạo biểu mẫu (hoặc thêm '-w THƯ_MỤC').",
            "There is no workspace here, so none of the office's definitions to check these files against (only "
            "the built-in sample):\n" + "\n".join(lines) + "\nRun 'baocao validate' in the workspace of the office "
            "that made the forms (or add '-w DIR').",
        )
    )


def _echo_report(rep: FileReport, ws: Workspace, written: str | None) -> None:
    from .common import render_finding

    language = lang()
    click.secho(_heading(rep, ws), bold=True, fg=None if rep.valid else "red")
    for f in rep.findings:
        click.echo("  " + render_finding(f, language))
    if written:
        click.echo("  " + t("Bản góp ý: ", "Feedback copy: ") + written)


def _echo_among(among: list) -> None:
    """Outliers among units: known only once every file is read, so printed after them."""
    if not among:
        return
    from .common import render_finding

    language = lang()
    click.secho(t("So sánh giữa các đơn vị cùng loại:", "Compared with units of the same kind:"), bold=True)
    for f in among:
        click.echo(f"  {Path(f.file or '').name}: " + render_finding(f, language))


def _echo_summary(s: dict) -> None:
    click.echo(
        t(
            f"Tổng cộng {s['files']} tệp: {s['valid']} hợp lệ, {s['invalid']} cần sửa; {s['errors']} lỗi, "
            f"{s['warnings']} cảnh báo.",
            f"{en_count(s['files'], 'file')}: {s['valid']} valid, {s['invalid']} to correct; {en_count(s['errors'], 'error')}, "
            f"{en_count(s['warnings'], 'warning')}.",
        )
    )


def register(group: click.Group) -> None:
    group.add_command(validate_cmd)


__all__ = ["EXIT_UNUSABLE", "JSON_FORMAT", "LINES_FORMAT", "register", "validate_cmd"]
