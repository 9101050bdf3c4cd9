"""baocao catalog check | show."""

from __future__ import annotations

import textwrap

import click

from ..findings import catalog as catalog_codes
from .common import EXIT_FINDINGS, EXIT_UNUSABLE, echo_findings, echo_json, en_count, open_workspace, t

NAME_WIDTH = 58  # characters of an indicator's name per line of 'catalog show'


@click.group("catalog")
def catalog_group() -> None:
    """Danh mục chỉ tiêu / the indicator catalog."""


@catalog_group.command("check")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def check_cmd(as_json: bool) -> None:
    """Kiểm tra danh mục, đơn vị, chỉ tiêu kế hoạch, số liệu cùng kỳ / check all definitions."""
    ws = open_workspace(sample=True)
    problems = ws.problems()
    if as_json:
        echo_json(
            {
                "workspace": str(ws.root),
                "catalog_version": ws.catalog.version,
                "indicators": len(ws.catalog),
                "problems": [p.to_dict() for p in problems],
            }
        )
    else:
        echo_findings(problems)
        n = len(problems)
        if n:
            click.echo(
                t(
                    f"{n} lỗi trong định nghĩa thư mục làm việc {ws.root}.",
                    f"{en_count(n, 'problem')} in the definitions of {ws.root}.",
                ),
                err=True,
            )
        else:
            click.echo(
                t(
                    f"Danh mục hợp lệ: {len(ws.catalog)} chỉ tiêu, {len(ws.catalog.sections)} phần, "
                    f"{len(ws.units.units)} đơn vị; phiên bản {ws.catalog.version}.",
                    f"Catalog valid: {en_count(len(ws.catalog), 'indicator')}, {en_count(len(ws.catalog.sections), 'section')}, "
                    f"{en_count(len(ws.units.units), 'unit')}; version {ws.catalog.version}.",
                )
            )
    if any(p.code == catalog_codes.FILE_MISSING for p in problems):  # a definition file is missing: unusable
        raise SystemExit(EXIT_UNUSABLE)
    if any(p.is_error for p in problems):
        raise SystemExit(EXIT_FINDINGS)


@catalog_group.command("show")
@click.option("--section", "-s", help="Chỉ một phần (mã, ví dụ KT) / one section code.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def show_cmd(section: str | None, as_json: bool) -> None:
    """Liệt kê chỉ tiêu / list the indicators."""
    ws = open_workspace(sample=True)
    cat = ws.catalog
    if section and section not in cat.sections:
        raise click.BadParameter(
            t(
                f"không có phần '{section}'; có: {', '.join(cat.sections)}",
                f"no section '{section}'; there are: {', '.join(cat.sections)}",
            ),
            param_hint="--section",
        )
    inds = [i for i in cat if not section or i.section == section]
    if as_json:
        echo_json(
            {
                "catalog_version": cat.version,
                "sections": [
                    {"code": s.code, "name": s.name} for s in cat.sections.values() if not section or s.code == section
                ],
                "indicators": [i.to_dict() for i in inds],
            }
        )
        return
    for sec in cat.sections.values():
        rows = [i for i in inds if i.section == sec.code]
        if not rows:
            continue
        click.secho(f"\n{sec.code}  {sec.name}  ({len(rows)})", bold=True)
        for i in rows:
            who = t("xã, phường", "wards") if i.by_wards else ", ".join(i.reporters)
            how = i.aggregate + (f" {i.numerator}/{i.denominator}" if i.is_ratio else "")
            name = textwrap.wrap(i.name, NAME_WIDTH) or [""]  # wrapped, never cut
            click.echo(f"  {i.code:<24} {name[0]:<{NAME_WIDTH}} {i.unit:<10} {i.type:<8} {how:<10} {who}")
            for more in name[1:]:
                click.echo(f"  {'':<24} {more}")
    click.echo(
        t(
            f"\n{len(inds)} chỉ tiêu; phiên bản danh mục {cat.version}.",
            f"\n{en_count(len(inds), 'indicator')}; catalog version {cat.version}.",
        )
    )


def register(group: click.Group) -> None:
    group.add_command(catalog_group)
