"""baocao init DIR: a new workspace from the built-in sample."""

from __future__ import annotations

from pathlib import Path

import click

from .common import EXIT_UNUSABLE, fail, lang, t


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init_cmd(directory: Path) -> None:
    """Tạo thư mục làm việc mới từ mẫu Ngã Năm 2024 / create a workspace from the sample."""
    from ..workspace import WorkspaceError, init_workspace

    try:
        init_workspace(directory)
    except WorkspaceError as e:
        fail(e.message(lang()), EXIT_UNUSABLE)
    except OSError as e:
        fail(t(f"Không tạo được thư mục làm việc {directory}: {e}", f"Cannot create workspace {directory}: {e}"))
    click.echo(
        t(
            f"Đã tạo thư mục làm việc {directory}: sửa templates/ rồi chạy 'baocao -w {directory} catalog check'.",
            f"Created workspace {directory}: edit templates/ then run 'baocao -w {directory} catalog check'.",
        )
    )


def register(group: click.Group) -> None:
    group.add_command(init_cmd)
