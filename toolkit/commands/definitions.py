"""baocao definitions export | import: the definitions as an Excel workbook for the office."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..findings import Finding
from ..periods import Period
from .common import EXIT_FINDINGS, EXIT_UNUSABLE, PERIOD, echo_findings, echo_json, fail, open_workspace, t

if TYPE_CHECKING:
    from ..definitions.importer import ImportResult
    from ..workspace import Workspace


@click.group("definitions")
def definitions_group() -> None:
    """Định nghĩa trong Excel (xuất, nhập) / the definitions as Excel workbooks (export, import)."""


def _writable_workspace() -> Workspace:
    ws = open_workspace()
    ws.require_writable()
    return ws


def _problems_json(problems: list[Finding]) -> list[dict[str, Any]]:
    return [p.to_dict() for p in problems]


@definitions_group.command("export")
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp .xlsx (mặc định output/dinh-nghia.xlsx) / the .xlsx file (default: output/dinh-nghia.xlsx).",
)
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def export_cmd(out: Path | None, as_json: bool) -> None:
    """Xuất toàn bộ định nghĩa ra một sổ Excel / export all definitions to one workbook."""
    from ..definitions import export_definitions

    ws = open_workspace()
    out = out or ws.output / "dinh-nghia.xlsx"
    res = export_definitions(ws, out)
    if as_json:
        echo_json(
            {
                "path": str(res.path),
                "written": res.written,
                "sheets": res.counts,
                "problems": _problems_json(res.problems),
            }
        )
    else:
        echo_findings(res.problems)
        if res.written:
            rows = ", ".join(f"{name}: {n}" for name, n in res.counts.items())
            click.echo(
                t(f"Đã ghi sổ định nghĩa {res.path} ({rows}).", f"Wrote the definitions workbook {res.path} ({rows}).")
            )
    if not res.written:
        raise SystemExit(EXIT_UNUSABLE)


@definitions_group.command("import")
@click.argument("book", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra, không ghi / check only, write nothing.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def import_cmd(book: Path, dry_run: bool, as_json: bool) -> None:
    """Kiểm tra sổ định nghĩa và ghi vào templates/ / check a definitions workbook and write it."""
    from ..definitions import import_definitions

    ws = _writable_workspace()
    if not book.is_file():
        fail(t(f"Không có tệp {book}.", f"No file {book}."))
    res = import_definitions(ws, book, dry_run=dry_run)
    if as_json:
        echo_json(
            {
                "book": str(book),
                "ok": res.ok,
                "dry_run": dry_run,
                "written": [str(p) for p in res.written],
                "removed": [str(p) for p in res.removed],
                "unchanged": [str(p) for p in res.unchanged],
                "backup": str(res.backup) if res.backup else None,
                "rows": res.counts,
                "problems": _problems_json(res.problems),
            }
        )
    else:
        echo_findings(res.problems)
        if res.ok:
            _summary(res, dry_run)
    if not res.readable or not res.recognised:
        raise SystemExit(EXIT_UNUSABLE)
    if not res.ok:
        raise SystemExit(EXIT_FINDINGS)


@definitions_group.command("targets")
@click.option("--year", "-y", type=int, required=True, help="Năm kế hoạch, ví dụ 2025 / the plan year.")
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp .xlsx (mặc định output/chi-tieu-NĂM.xlsx) / the .xlsx file (default: output/chi-tieu-YEAR.xlsx).",
)
def targets_cmd(year: int, out: Path | None) -> None:
    """Sổ chỉ tiêu kế hoạch năm mới, bên cạnh số năm trước / next year's targets workbook."""
    from ..definitions.targets_book import targets_workbook

    if not 1990 <= year <= 2200:
        fail(t(f"Năm {year} không hợp lệ.", f"Year {year} is not valid."))
    ws = open_workspace()
    out = out or ws.output / f"chi-tieu-{year}.xlsx"
    res = targets_workbook(ws, year, out)
    echo_findings(res.problems)
    if not res.written:
        raise SystemExit(EXIT_UNUSABLE)
    click.echo(
        t(
            f"Đã ghi sổ chỉ tiêu kế hoạch năm {year}: {res.path}. Điền các ô vàng rồi chạy "
            f"'baocao definitions import {res.path.name}'.",
            f"Wrote the {year} targets workbook: {res.path}. Fill in the yellow cells, then run "
            f"'baocao definitions import {res.path.name}'.",
        )
    )


@definitions_group.command("baseline")
@click.argument("book", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--period", "-p", type=PERIOD, help="Kỳ của số liệu, ví dụ 2023-Q1 (mặc định: theo tên tệp tong-hop-KỲ.xlsx)."
)
@click.option("--unit", "-u", help="Mã đơn vị của cột tổng (mặc định: đơn vị thu báo cáo kỳ đó).")
@click.option("--sheet", help="Tên trang có bảng (mặc định: tự tìm) / the sheet holding the table.")
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra, không ghi / check only, write nothing.")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
def baseline_cmd(
    book: Path, period: Period | None, unit: str | None, sheet: str | None, dry_run: bool, as_json: bool
) -> None:
    """Nhập số liệu cùng kỳ từ bảng tổng hợp cũ / import "cùng kỳ" figures from an old master or table."""
    from ..definitions.from_master import import_baseline

    ws = _writable_workspace()
    if not book.is_file():
        fail(t(f"Không có tệp {book}.", f"No file {book}."))
    res = import_baseline(ws, book, period, unit=unit, sheet=sheet, dry_run=dry_run)
    if as_json:
        echo_json(
            {
                "book": str(book),
                "period": res.period.code if res.period else None,
                "sheet": res.sheet,
                "ok": res.ok,
                "written": res.written,
                "path": str(res.path) if res.path else None,
                "rows": res.rows,
                "replaced": res.replaced,
                "problems": _problems_json(res.problems),
            }
        )
    else:
        echo_findings(res.problems)
        if res.ok:
            n = len(res.rows)
            if res.written:
                click.echo(
                    t(
                        f"Đã ghi {n} số liệu cùng kỳ ({res.replaced} thay số cũ) từ trang '{res.sheet}' vào {res.path}.",
                        f"Wrote {n} baseline figures ({res.replaced} replacing old ones) from sheet '{res.sheet}' to {res.path}.",
                    )
                )
            else:
                click.echo(
                    t(f"Đọc được {n} số liệu (chạy thử: chưa ghi).", f"Read {n} figures (dry run: nothing written).")
                )
    if res.period is None or (not res.rows and not res.errors):
        raise SystemExit(EXIT_UNUSABLE)
    if not res.ok:
        raise SystemExit(EXIT_FINDINGS)


@definitions_group.command("outline")
@click.option(
    "--year", "-y", type=int, help="Năm của chỉ tiêu kế hoạch (mặc định: năm mới nhất có) / the targets' year."
)
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp .xlsx (mặc định output/danh-muc-chi-tieu.xlsx) / the .xlsx file.",
)
@click.option("--pdf", is_flag=True, help="Cả bản PDF (cần LibreOffice) / also a PDF (needs LibreOffice).")
def outline_cmd(year: int | None, out: Path | None, pdf: bool) -> None:
    """Danh mục chỉ tiêu để in, cho lãnh đạo đọc / a printable outline of the catalog."""
    from ..definitions.outline import write_outline
    from ..libreoffice import LibreOfficeError, convert

    ws = open_workspace()
    out = out or ws.output / "danh-muc-chi-tieu.xlsx"
    res = write_outline(ws, out, year)
    echo_findings(res.problems)
    if not res.written:
        raise SystemExit(EXIT_UNUSABLE)
    click.echo(
        t(
            f"Đã ghi danh mục {res.indicators} chỉ tiêu (chỉ tiêu kế hoạch năm {res.year}): {res.path}",
            f"Wrote the outline of {res.indicators} indicators ({res.year} targets): {res.path}",
        )
    )
    if pdf:
        try:
            made = convert(res.path, "pdf", res.path.parent, recalc=False)
        except LibreOfficeError as e:
            fail(t(f"Không tạo được PDF: {e.detail}", f"No PDF: {e.detail}"))
        click.echo(t(f"Bản PDF: {made}", f"PDF: {made}"))


def _summary(res: ImportResult, dry_run: bool) -> None:
    if dry_run:
        click.echo(
            t("Sổ định nghĩa hợp lệ (chạy thử: chưa ghi gì).", "The workbook is valid (dry run: nothing written).")
        )
        return
    for p in res.written:
        click.echo(t(f"Đã ghi {p}", f"Wrote {p}"))
    for p in res.removed:
        click.echo(t(f"Đã bỏ {p}", f"Removed {p}"))
    if res.unchanged:
        click.echo(
            t(
                f"Không đổi: {', '.join(p.name for p in res.unchanged)}.",
                f"Unchanged: {', '.join(p.name for p in res.unchanged)}.",
            )
        )
    if res.backup:
        click.echo(t(f"Bản cũ giữ ở {res.backup}.", f"Previous versions kept in {res.backup}."))
    if not res.written and not res.removed:
        click.echo(t("Không có gì thay đổi.", "Nothing changed."))


def register(group: click.Group) -> None:
    group.add_command(definitions_group)
