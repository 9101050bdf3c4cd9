"""baocao templates: one protected Excel form per reporting unit for a period."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..periods import Period
from .common import (
    EXIT_FINDINGS,
    PERIOD,
    echo_findings,
    echo_json,
    en_count,
    fail,
    lang,
    open_workspace,
    progress,
    t,
)

# Definition files whose errors make forms wrong; problems elsewhere (baseline rows) only
# mean fewer pre-filled figures and are shown as they are.
_BLOCKING = ("catalog.yaml", "units.yaml", "workspace.yaml")


@click.command("templates")
@click.option(
    "--period", "-p", type=PERIOD, required=True, help="Kỳ báo cáo, ví dụ 2024-Q1 / the period, e.g. 2024-Q1."
)
@click.option(
    "--unit",
    "-u",
    "units",
    multiple=True,
    help="Mã đơn vị (lặp lại được); mặc định mọi đơn vị phải báo cáo / unit code (repeatable); "
    "default: every unit that reports.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    help="Thư mục gốc; biểu được ghi vào OUT/<kỳ> / base folder; forms go to OUT/<period> "
    "(default: output/forms/<period> in the workspace).",
)
@click.option(
    "--official",
    is_flag=True,
    help="Biểu số liệu chính thức của kỳ (sau khi đơn vị đã gửi số ước) / forms asking the period's "
    "official figures, after estimates were sent.",
)
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def templates_cmd(period: Period, units: tuple[str, ...], out: Path | None, official: bool, as_json: bool) -> None:
    """Tạo biểu mẫu Excel có khóa bảo vệ cho từng đơn vị / generate the protected Excel forms."""
    from ..catalog_versions import remember as remember_catalog
    from ..forms import generate_forms
    from ..intake import ArchiveHistory
    from ..numbers import fmt

    ws = open_workspace()
    p = period
    problems = ws.problems()
    blocking = [f for f in problems if f.is_error and Path(f.file or "").name in _BLOCKING]
    if blocking:
        echo_findings(blocking)
        fail(
            t(
                f"Định nghĩa có {len(blocking)} lỗi: sửa rồi chạy lại ('baocao catalog check').",
                f"The definitions have {en_count(len(blocking), 'error')}: fix them and run again ('baocao catalog check').",
            )
        )
    dest = out / p.code if out else ws.forms_dir(p)
    t0 = time.perf_counter()
    # carried figures (year to date so far, same period last year) from the archive, then the baseline
    total_forms = len(set(units)) if units else len(ws.expected_units(p))
    with progress(total_forms, "Đang tạo biểu mẫu", "Writing forms", as_json=as_json) as advance:
        infos = generate_forms(
            ws, p, list(units) or None, dest, history=ArchiveHistory(ws), official=official, progress=advance
        )
    total = time.perf_counter() - t0
    if infos:
        remember_catalog(ws)  # a later catalog edit is compared with this version, per indicator
    why = ws.why_no_forms(p) if not infos else None
    if as_json:
        doc = {"period": p.code, "folder": str(dest), "seconds": round(total, 3), "forms": [i.to_dict() for i in infos]}
        office = ws.collector(p)
        doc["collector"] = office.code if office else None
        if why:
            doc["why_none"] = why[1] if lang() == "en" else why[0]
        echo_json(doc)
        if why:
            raise SystemExit(EXIT_FINDINGS)
        return
    if why:
        click.echo(t(f"Không tạo biểu mẫu nào cho kỳ {p.code}: {why[0]}", f"No form written for {p.code}: {why[1]}"))
        raise SystemExit(EXIT_FINDINGS)
    for i in infos:
        name = ws.units[i.unit].name
        click.echo(
            f"{i.unit:<7} {name:<40} {i.indicators:>4} {t('chỉ tiêu', 'indicators')}  {fmt(i.seconds, 3)} s  {i.path}"
        )
    per = total / len(infos) if infos else 0.0
    click.echo(
        t(
            f"Đã tạo {len(infos)} biểu mẫu kỳ {p.code} trong {dest}: {fmt(per, 3)} giây/biểu "
            f"(tổng {fmt(total, 2)} giây).",
            f"Wrote {en_count(len(infos), 'form')} for {p.code} into {dest}: {fmt(per, 3)} s per workbook "
            f"({fmt(total, 2)} s in all).",
        )
    )


def register(group: click.Group) -> None:
    group.add_command(templates_cmd)
