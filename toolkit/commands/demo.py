"""baocao demo returns: simulated returns for the sample workspace (used by `make demo`)."""

from __future__ import annotations

import click

from ..periods import Period
from .common import PERIOD, en_count, open_workspace, t


@click.group("demo")
def demo_group() -> None:
    """Dữ liệu minh họa / demo data for the sample workspace."""


@demo_group.command("returns")
@click.option("--period", "-p", type=PERIOD, default="2024-Q1", show_default=True, help="Kỳ báo cáo / period.")
@click.option(
    "--round",
    "round_no",
    type=click.IntRange(1, 2),
    default=1,
    show_default=True,
    help="1: first returns (some with mistakes); 2: the corrected resubmission.",
)
@click.option(
    "--mistakes/--no-mistakes",
    default=True,
    show_default=True,
    help="Một số đơn vị mắc lỗi thường gặp (--no-mistakes: chỉ còn mâu thuẫn có thật của báo cáo gốc) / "
    "a few units make the usual mistakes (--no-mistakes: only the seed report's own inconsistency).",
)
def returns_cmd(period: Period, round_no: int, mistakes: bool) -> None:
    """Giả lập các đơn vị gửi báo cáo vào hộp thư đến / simulate returns into the inbox."""
    from ..demo import simulate_returns

    ws = open_workspace()
    returns = simulate_returns(ws, period, ws.inbox, round_no, mistakes=mistakes)
    for r in returns:
        who = f"{r.unit:<7}" if r.unit else " " * 7
        click.echo(f"  {who} {r.path.name:<42} {t(r.story_vi, r.story_en)}")
    click.echo(t(f"{len(returns)} tệp trong {ws.inbox}", f"{en_count(len(returns), 'file')} in {ws.inbox}"))


def register(group: click.Group) -> None:
    group.add_command(demo_group)
