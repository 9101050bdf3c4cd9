"""baocao init DIR [--sample NAME]: a new workspace from a built-in sample."""

from __future__ import annotations

from pathlib import Path

import click

from .common import fail, t


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--sample",
    "sample",
    default=None,
    metavar="NAME",
    help="Mẫu định nghĩa: nga-nam-2024 (thị xã Ngã Năm, quý I/2024, mặc định) hoặc phuong-nga-nam "
    "(phường Ngã Năm sau 1/7/2025) / the sample to start from: nga-nam-2024 (default) or phuong-nga-nam.",
)
def init_cmd(directory: Path, sample: str | None) -> None:
    """Tạo thư mục làm việc mới từ một mẫu / create a workspace from a built-in sample."""
    from ..workspace import DEFAULT_SAMPLE, Workspace, init_workspace, sample_names

    name = sample or DEFAULT_SAMPLE
    names = sample_names()
    if sample is not None and sample not in names:
        fail(
            t(
                f"không có mẫu '{sample}'; các mẫu có sẵn: {', '.join(names)}",
                f"there is no sample '{sample}'; the samples are: {', '.join(names)}",
            )
        )
    try:
        init_workspace(directory, Workspace.sample(name))
    except OSError as e:
        fail(t(f"Không tạo được thư mục làm việc {directory}: {e}", f"Cannot create workspace {directory}: {e}"))
    click.echo(
        t(
            f"Đã tạo thư mục làm việc {directory} từ mẫu {name}: sửa templates/ rồi chạy "
            f"'baocao -w {directory} catalog check'.",
            f"Created workspace {directory} from the sample {name}: edit templates/ then run "
            f"'baocao -w {directory} catalog check'.",
        )
    )


def register(group: click.Group) -> None:
    group.add_command(init_cmd)
