"""Options, workspace lookup and rendering shared by every command.

- ``-w/--workspace`` and ``--lang`` are global: :class:`BaocaoGroup` adds them to every
  command, so they work before or after the subcommand.
- :func:`open_workspace` finds the workspace (``-w``, else the current folder or one above
  it); a command that only reads definitions may fall back to the built-in sample
  (``sample=True``), every other command exits 2 and says how to make a workspace.
- Output is UTF-8 whatever the console or the file it is redirected to.
- Errors are caught in one place, :meth:`BaocaoGroup.invoke`: a :class:`~toolkit.errors.BaocaoError`
  from any command is printed on stderr in the user's language and the command exits with its
  ``exit_code``; anything else is a bug, said in one paragraph without a traceback unless
  ``BAOCAO_DEBUG=1``. Commands do not catch library errors themselves.
- ``--period`` of every command is :data:`PERIOD`: parsed by :func:`toolkit.periods.parse_period`,
  a bad one is a usage error (exit 2) in the user's language.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from ..errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, BaocaoError, UnexpectedError, debugging
from ..findings import Finding, Severity
from ..periods import Period, PeriodError, parse_period
from . import click_messages

if TYPE_CHECKING:
    from ..workspace import Workspace

_Decorated = TypeVar("_Decorated", bound="Callable[..., Any] | click.Command")  # what an option decorates

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_UNUSABLE"]


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
        click_messages.set_language(value)
    return value


def workspace_option(f: _Decorated) -> _Decorated:
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


def lang_option(f: _Decorated) -> _Decorated:
    return click.option(
        "--lang",
        type=click.Choice(["vi", "en"]),
        expose_value=False,
        is_eager=True,
        callback=_set_lang,
        help="Ngôn ngữ thông báo / message language (vi, en).",
    )(f)


def lang() -> str:
    """The language of the running command (``--lang``, else ``BAOCAO_LANG``, else Vietnamese)."""
    ctx = click.get_current_context(silent=True)
    return _state(ctx).lang if ctx is not None else click_messages.language()


def _language_asked(args: list[str]) -> str:
    """``--lang`` as written on the command line, else ``BAOCAO_LANG``: known before click
    parses anything, so that a usage error found while parsing is in that language too."""
    asked = os.environ.get("BAOCAO_LANG", "vi")
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            asked = args[i + 1]
        elif arg.startswith("--lang="):
            asked = arg.split("=", 1)[1]
    return asked if asked in ("vi", "en") else "vi"


def t(vi: str, en: str) -> str:
    """Pick the text for the current language."""
    return en if lang() == "en" else vi


def open_workspace(*, sample: bool = False) -> Workspace:
    """The workspace named by ``-w``, else the one holding the current folder.

    Without one: ``sample=True`` (a command that only reads the definitions) shows the
    built-in sample and says so on stderr; otherwise exit 2 with how to make a workspace.
    Commands that write (forms, returns, intake, approval, the master) never get the
    sample: nothing is written into the installed package or a source checkout.
    """
    from ..workspace import DEFAULT_SAMPLE, Workspace, find_workspace, not_a_workspace  # start-up: loaded when used

    chosen = _state(click.get_current_context()).workspace
    if chosen:
        return Workspace.open(chosen)
    found = find_workspace()
    if found is not None:
        return Workspace.open(found)
    if not sample:
        raise not_a_workspace(os.getcwd())
    click.echo(
        t(
            f"(Thư mục hiện tại không phải thư mục làm việc: đang xem mẫu có sẵn '{DEFAULT_SAMPLE}'. "
            "Tạo thư mục làm việc bằng 'baocao init THƯ_MỤC'.)",
            f"(The current folder is not a workspace: showing the built-in sample '{DEFAULT_SAMPLE}'. "
            "Create a workspace with 'baocao init DIR'.)",
        ),
        err=True,
    )
    return Workspace.sample()


def fail(message: str, code: int = EXIT_UNUSABLE) -> NoReturn:
    """Stop the command: ``message`` (already in the user's language) on stderr, exit ``code``
    (rendered by :meth:`BaocaoGroup.invoke`, like every other error)."""
    raise BaocaoError(message, message, exit_code=code)


class PeriodType(click.ParamType):
    """A period option or argument: the :class:`~toolkit.periods.Period` that
    :func:`~toolkit.periods.parse_period` reads; anything else is a usage error (exit 2) that
    says, in the user's language, what periods look like."""

    name = "period"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Period:
        if isinstance(value, Period):
            return value
        try:
            return parse_period(value)
        except PeriodError as e:
            self.fail(e.message(lang()), param, ctx)


PERIOD = PeriodType()


# --- one command line: global options, UTF-8 output -----------------------------------------
GLOBAL_OPTIONS: tuple[Callable[[click.Command], click.Command], ...] = (workspace_option, lang_option)


def _add_global_options(cmd: click.Command) -> None:
    """Give ``cmd`` (and, for a group, every command in it) ``-w`` and ``--lang``, once."""
    have = {p.name for p in cmd.params}
    for option in GLOBAL_OPTIONS:
        probe = option(click.Command("probe")).params[-1]
        if probe.name not in have:
            cmd.params.append(probe)
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            _add_global_options(sub)


def utf8_streams() -> None:
    """Write UTF-8 to stdout and stderr whatever the console's code page (Windows writes a
    redirected stream in the ANSI code page, where Vietnamese raises UnicodeEncodeError)."""
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(encoding="utf-8", errors="backslashreplace")


class BaocaoGroup(click.Group):
    """The ``baocao`` group: every command gets the global options; output is UTF-8; errors
    are rendered here, once, for every command."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        _add_global_options(cmd)
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a :class:`BaocaoError` becomes its message on stderr in the user's
        language and its exit code; any other exception (a bug) the same way through
        :class:`UnexpectedError`, with the traceback only when ``BAOCAO_DEBUG`` is set."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # usage errors, ctx.exit() and Ctrl-C: click renders them
        except BaocaoError as e:
            error = e
        except Exception as e:
            if debugging():
                raise
            error = UnexpectedError.of(e)
        click.echo(error.message(_state(ctx).lang), err=True)
        raise click.exceptions.Exit(error.exit_code)

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        utf8_streams()
        click_messages.install()
        click_messages.set_language(_language_asked(list(sys.argv[1:] if args is None else args)))
        return super().main(args, *rest, **kwargs)


# --- words and progress ---------------------------------------------------------------------
def en_count(n: int, word: str, plural: str | None = None) -> str:
    """English with its plural: ``1 file``, ``2 files``, ``1 day``, ``0 entries`` (``plural`` when not +s)."""
    return f"{n} {word if n == 1 else plural or word + 's'}"


def show_progress(as_json: bool = False) -> bool:
    """Progress bars only on a terminal, never in JSON or redirected output."""
    return not as_json and sys.stderr.isatty() and os.environ.get("BAOCAO_NO_PROGRESS", "") == ""


@contextlib.contextmanager
def progress(
    total: int, label_vi: str, label_en: str, *, as_json: bool = False, lines: bool = False
) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr (click.progressbar) for a batch of ``total`` steps; yields
    ``advance(n)``. Shown only on a terminal (:func:`show_progress`) and for more than one step.
    ``lines``: the command prints a line (or more) per step on standard output; on a terminal
    those lines are the progress, and a bar redrawn between them would break them up."""
    if total <= 1 or not show_progress(as_json) or (lines and sys.stdout.isatty()):

        def advance(_n: int = 1) -> None:
            return None

        yield advance
        return
    with click.progressbar(length=total, label=t(label_vi, label_en), file=sys.stderr, show_pos=True) as bar:
        yield bar.update


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


def json_format() -> str:
    """The ``format`` of the running command's JSON: ``baocao-catalog-check/1`` for ``baocao catalog check``."""
    ctx = click.get_current_context(silent=True)
    words = ctx.command_path.split()[1:] if ctx is not None else []
    return "-".join(["baocao", *words]) + "/1"


def echo_json(data: Any) -> None:
    """Print ``data`` as JSON; a mapping without a ``format`` gets the command's (:func:`json_format`)."""
    if isinstance(data, dict) and "format" not in data:
        data = {"format": json_format(), **data}
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
