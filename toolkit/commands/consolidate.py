"""baocao consolidate --period P [-o FILE] [--json]: the district master workbook."""

from __future__ import annotations

from pathlib import Path

import click

from ..findings import master as master_codes
from ..periods import Period
from .common import EXIT_FINDINGS, EXIT_UNUSABLE, PERIOD, echo_findings, echo_json, lang, open_workspace, t

# no master at all because the input is unusable (definitions, archive), not because of the file
_UNUSABLE = {master_codes.BAD_DEFINITIONS, master_codes.INTAKE_UNAVAILABLE, master_codes.PERIOD_APPROVED}


@click.command("consolidate")
@click.option("--period", "-p", type=PERIOD, required=True, help="Kỳ báo cáo, ví dụ 2024-Q1 / period, e.g. 2024-Q1.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp kết quả / output file (default: output/master/tong-hop-<period>.xlsx).",
)
@click.option(
    "--new-version",
    is_flag=True,
    help="Kỳ đã duyệt: ghi bản mới có ghi ngày bên cạnh bản đã duyệt / approved period: write a new "
    "dated version beside the approved master.",
)
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def consolidate_cmd(period: Period, output: Path | None, new_version: bool, as_json: bool) -> None:
    """Lập bảng tổng hợp toàn thị xã của kỳ / build the district master workbook of a period.

    6 months, 9 months and the year are built from the quarters in the archive (a quarter
    from its months) where units did not return the period itself. An approved period's
    master is never overwritten (exit 2; --new-version writes a dated one beside it).

    Exit 0 when the master is written, even when some units are still missing (a warning
    says which); 1 when it could not be written (open in Excel, busy); 2 for unusable input
    or an approved period.
    """
    from ..master import build_master

    ws = open_workspace()
    result = build_master(ws, period, out=output, new_version=new_version)
    if as_json:
        echo_json(result.to_dict())
    else:
        echo_findings(result.findings)
        frozen = any(f.code == master_codes.PERIOD_APPROVED for f in result.findings)
        for line in [] if frozen else result.summary_lines(lang()):
            click.echo(line)
    if not result.written:
        if any(f.code in _UNUSABLE for f in result.findings):
            raise SystemExit(EXIT_UNUSABLE)
        if not as_json:
            click.echo(t("Chưa ghi được bảng tổng hợp.", "The master was not written."), err=True)
        raise SystemExit(EXIT_FINDINGS)


def register(group: click.Group) -> None:
    group.add_command(consolidate_cmd)
