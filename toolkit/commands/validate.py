"""baocao validate PATH... : check returned workbooks, tell the sender exactly what to fix."""

from __future__ import annotations

from pathlib import Path

import click

from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNUSABLE,
    echo_json,
    en_count,
    fail,
    lang,
    lang_option,
    message_of,
    open_workspace,
    progress,
    t,
)

JSON_FORMAT = "baocao-validate/1"


def _summary(reports: list) -> dict:
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    valid = sum(1 for r in reports if r.valid)
    code = EXIT_OK if valid == len(reports) else EXIT_FINDINGS
    return {
        "files": len(reports),
        "valid": valid,
        "invalid": len(reports) - valid,
        "errors": errors,
        "warnings": warnings,
        "exit_code": code,
    }


def _heading(rep, ws) -> str:
    from ..periods import Period, PeriodError

    name = Path(rep.path).name
    who = ""
    if rep.unit:
        u = ws.units.get(rep.unit)
        who = f"{u.name} ({u.code})" if u else rep.unit
    if rep.period:
        try:
            p = Period.parse(rep.period)
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
@click.option("--period", "-p", help="Kỳ phải là / the period the files must be for (e.g. 2024-Q1).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả JSON / print JSON (docs/findings.md).")
@click.option(
    "--feedback",
    type=click.Path(file_okay=False, path_type=Path),
    help="Ghi bản góp ý (tệp của đơn vị, đánh dấu ô lỗi) vào thư mục / write annotated copies here.",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="Số tiến trình / worker processes."
)
@lang_option
def validate_cmd(
    paths: tuple[Path, ...], unit: str | None, period: str | None, as_json: bool, feedback: Path | None, jobs: int
) -> None:
    """Kiểm tra biểu mẫu gửi về / validate returned workbooks (files or folders).

    Exit 0: every file valid (warnings allowed); 1: some file has errors; 2: nothing usable
    to validate, or wrong options.
    """
    ws = open_workspace(sample=True)
    if period:
        from ..periods import Period, PeriodError

        try:
            period = Period.parse(period).code
        except PeriodError as e:
            fail(message_of(e))
    if unit and unit not in ws.units:
        fail(t(f"không có đơn vị '{unit}' trong units.yaml", f"there is no unit '{unit}' in units.yaml"))
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        fail(t("không tìm thấy: ", "not found: ") + ", ".join(str(p) for p in missing))

    from ..validate.run import expand_paths, validate_paths

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
    with progress(len(files), "Đang kiểm tra", "Checking", as_json=as_json) as advance:
        reports = validate_paths(
            files, ws, expect_unit=unit, expect_period=period, jobs=jobs, history=history, progress=advance
        )
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
    written: dict[str, str] = {}
    if feedback is not None:
        from ..validate.feedback import feedback_path, write_feedback

        used: set[str] = set()  # names as a case-insensitive, normalising file system sees them
        for rep in reports:
            if rep.findings:
                name = unique_name(feedback_path(rep.path, feedback).name, used)
                written[rep.path] = str(write_feedback(rep, rep.path, feedback, lang=lang(), name=name))
    summary = _summary(reports)
    if as_json:
        files_out = []
        for rep in reports:
            d = rep.to_dict()
            if rep.path in written:
                d["feedback"] = written[rep.path]
            files_out.append(d)
        echo_json(
            {
                "format": JSON_FORMAT,
                "workspace": str(ws.root),
                "catalog_version": ws.catalog.version,
                "lang": lang(),
                "archive": history is not None and history.has_archive,
                "files": files_out,
                "summary": summary,
            }
        )
    else:
        _echo_text(reports, ws, written, summary)
        if archive_note:
            click.echo(archive_note, err=True)
    raise SystemExit(summary["exit_code"])


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


def _only_sample_forms(files: list[Path], ws) -> None:
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


def _echo_text(reports: list, ws, written: dict[str, str], summary: dict) -> None:
    from .common import render_finding

    language = lang()
    for rep in reports:
        click.secho(_heading(rep, ws), bold=True, fg=None if rep.valid else "red")
        for f in rep.findings:
            click.echo("  " + render_finding(f, language))
        if rep.path in written:
            click.echo("  " + t("Bản góp ý: ", "Feedback copy: ") + written[rep.path])
    s = summary
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


__all__ = ["EXIT_UNUSABLE", "JSON_FORMAT", "register", "validate_cmd"]
