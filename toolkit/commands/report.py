"""baocao report --period P [-o FILE] [--format docx|md] [--date D] [--json]: the report draft."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from ..findings import master as master_codes
from ..periods import Period
from .common import (
    EXIT_FINDINGS,
    EXIT_UNUSABLE,
    PERIOD,
    echo_findings,
    echo_json,
    fail,
    lang,
    open_workspace,
    render_finding,
    t,
)

# no draft at all because the input is unusable (definitions, archive), not because of the file
_UNUSABLE = {master_codes.BAD_DEFINITIONS, master_codes.INTAKE_UNAVAILABLE}


@click.command("report")
@click.option("--period", "-p", type=PERIOD, required=True, help="Kỳ báo cáo, ví dụ 2024-Q1 / period, e.g. 2024-Q1.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp kết quả / output file (default: output/report/bao-cao-<period>.docx; "
    "with --format md: printed unless given).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "md"]),
    default="docx",
    show_default=True,
    help="Word (docx) hoặc Markdown (md) / Word or Markdown.",
)
@click.option(
    "--date",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Ngày ghi trên báo cáo (tháng, năm) / the report's date (month, year); default today.",
)
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def report_cmd(period: Period, output: Path | None, fmt: str, on: datetime | None, as_json: bool) -> None:
    """Lập dự thảo báo cáo kinh tế - xã hội của kỳ / draft the period's report.

    The figures come from the master workbook, rebuilt from the current returns (every
    figure of the draft names its cell in the appendix). Exit 0 when the draft is written,
    even with gaps (units missing: highlighted in the draft); 1 when it could not be
    written; 2 for unusable input.
    """
    from ..report import build_report

    ws = open_workspace()
    p = period
    today = on.date() if on is not None else date.today()
    result = build_report(ws, p, out=output, fmt=fmt, today=today)
    if as_json:
        echo_json(result.to_dict())
    elif fmt == "md" and output is None:
        for f in result.findings:  # the draft alone on stdout, ready to pipe
            click.echo(render_finding(f), err=True)
        click.echo(result.markdown)
    else:
        echo_findings(result.findings)
        for line in result.summary_lines(lang()):
            click.echo(line)
    if not result.written:
        if any(f.code in _UNUSABLE for f in result.findings):
            raise SystemExit(EXIT_UNUSABLE)
        if not as_json:
            click.echo(t("Chưa ghi được dự thảo báo cáo.", "The report draft was not written."), err=True)
        raise SystemExit(EXIT_FINDINGS)


@click.command("texts")
@click.option("--period", "-p", type=PERIOD, required=True, help="Kỳ báo cáo, ví dụ 2024-Q1 / period, e.g. 2024-Q1.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp Markdown / Markdown file (default: printed).",
)
def texts_cmd(period: Period, output: Path | None) -> None:
    """Xuất thuyết minh của các đơn vị (Markdown) / export the units' texts of a period (Markdown).

    By part (results, difficulties, tasks), section and group, each text with its unit, file
    and version, from each unit's current return; the units that sent no text at the end.
    """
    from ..report.narrative import export_texts

    ws = open_workspace()
    try:
        text = export_texts(ws, period)
    except Exception as e:  # the archive unreadable: say so, no traceback
        fail(t(f"Không đọc được các bản nộp: {e}", f"Could not read the returns: {e}"))
    if output is None:
        click.echo(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        fail(t(f"Không ghi được {output}: {e}", f"Could not write {output}: {e}"), EXIT_FINDINGS)
    click.echo(t(f"Thuyết minh của các đơn vị: {output}", f"Units' texts: {output}"))


def register(group: click.Group) -> None:
    group.add_command(report_cmd)
    group.add_command(texts_cmd)
