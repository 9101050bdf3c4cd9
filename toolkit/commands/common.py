"""Options, workspace lookup and rendering shared by every command."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from ..findings import Finding, Severity

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class State:
    def __init__(self) -> None:
        self.workspace: str | None = None
        self.lang: str = os.environ.get("BAOCAO_LANG", "vi")


def _state(ctx: click.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def _set_workspace(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        _state(ctx).workspace = value
    return value


def _set_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        _state(ctx).lang = value
    return value


def workspace_option(f: Callable) -> Callable:
    return click.option(
        "-w",
        "--workspace",
        type=click.Path(file_okay=False),
        envvar="BAOCAO_WORKSPACE",
        expose_value=False,
        is_eager=True,
        callback=_set_workspace,
        help="Thư mục làm việc / workspace folder (default: current folder, else the built-in sample).",
    )(f)


def lang_option(f: Callable) -> Callable:
    return click.option(
        "--lang",
        type=click.Choice(["vi", "en"]),
        expose_value=False,
        is_eager=True,
        callback=_set_lang,
        help="Ngôn ngữ thông báo / message language (vi, en).",
    )(f)


def lang() -> str:
    return _state(click.get_current_context()).lang


def t(vi: str, en: str) -> str:
    """Pick the text for the current language."""
    return en if lang() == "en" else vi


def open_workspace():
    """The workspace named by -w, else the current folder, else the built-in sample."""
    from ..workspace import Workspace, WorkspaceError

    chosen = _state(click.get_current_context()).workspace
    try:
        if chosen:
            return Workspace.open(chosen)
        if (Path.cwd() / "templates" / "catalog.yaml").is_file():
            return Workspace.open(Path.cwd())
        return Workspace.sample()
    except WorkspaceError as e:
        fail(str(e))


def fail(message: str, code: int = EXIT_UNUSABLE) -> None:
    click.echo(message, err=True)
    sys.exit(code)


_SEV = {
    "vi": {"error": "LỖI", "warning": "CẢNH BÁO", "info": "THÔNG TIN"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO"},
}
_COLOUR = {"error": "red", "warning": "yellow", "info": "cyan"}


def render_finding(f: Finding, language: str | None = None) -> str:
    language = language or lang()
    sev = _SEV[language][f.severity.value]
    where = f.where()
    head = click.style(f"{sev:9}", fg=_COLOUR[f.severity.value], bold=f.severity is Severity.ERROR)
    loc = f" {where}" if where else ""
    ind = f" [{f.indicator}]" if f.indicator and f.indicator not in (where or "") else ""
    return f"{head} {f.code}{loc}{ind}: {f.message(language)}"


def echo_findings(findings: Iterable[Finding], language: str | None = None) -> None:
    for f in findings:
        click.echo(render_finding(f, language))


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
