"""The docs stay true: README's command table lists exactly the commands ``--help`` lists,
every command line shown in README.md and docs/*.md parses (its commands and options exist),
and the test files follow the layout tests/conftest.py describes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from conftest import REPO, run

from cli import COMMAND_MODULES, main

README = REPO / "README.md"
DOCS = sorted((REPO / "docs").glob("*.md"))
TABLE_HEADING = "## Who uses it, and how"


def help_listing(*path: str) -> dict[str, str]:
    """The commands ``baocao *path --help`` lists, each with its one-line help."""
    r = run(*path, "--help", ok=(0,))
    lines = r.output.split("\nCommands:\n", 1)[1].splitlines() if "\nCommands:\n" in r.output else []
    out: dict[str, str] = {}
    for line in lines:
        if not line.startswith("  "):
            break
        m = re.match(r"  (\S+)\s*(.*)$", line)
        if m:  # not a wrapped help line (deeper indented)
            out[m.group(1)] = m.group(2).strip()
    return out


def help_commands() -> dict[tuple[str, ...], str]:
    """Every command a user can run, as the chain of names typed after ``baocao``, read from
    ``--help`` level by level (a group's own line is not a command: its subcommands are)."""
    found: dict[tuple[str, ...], str] = {}
    todo: list[tuple[str, ...]] = [()]
    while todo:
        path = todo.pop()
        for name, short in help_listing(*path).items():
            sub = (*path, name)
            if help_listing(*sub):
                todo.append(sub)
            else:
                found[sub] = short
    return found


def command_path(line: str) -> tuple[str, ...]:
    """``baocao definitions import BOOK [--dry-run]`` -> ("definitions", "import")."""
    words = line.split()
    assert words[0] == "baocao", line
    path = []
    for w in words[1:]:
        if not re.fullmatch(r"[a-z][a-z-]*", w):
            break
        path.append(w)
    return tuple(path)


def readme_table() -> list[tuple[str, ...]]:
    """The command of each row of README's command table, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split(TABLE_HEADING, 1)[1].split("\n## ", 1)[0]
    rows = [ln for ln in section.splitlines() if ln.startswith("|") and "`baocao" in ln]
    return [command_path(re.search(r"`(baocao [^`]+)`", row.split("|")[2]).group(1)) for row in rows]


def test_readme_command_table_and_help_list_the_same_commands() -> None:
    table = readme_table()
    listed = help_commands()
    assert len(table) == len(set(table)), f"a command has two rows in README's table: {table}"
    assert not set(listed) - set(table), (
        f"in `baocao --help` but not in README's table: {sorted(set(listed) - set(table))}"
    )
    assert not set(table) - set(listed), (
        f"in README's table but not in `baocao --help`: {sorted(set(table) - set(listed))}"
    )
    assert len(listed) >= 18  # init, catalog x2, definitions x5, templates, demo returns, validate, intake, ...


def test_every_command_says_what_it_does_in_the_listing() -> None:
    missing = [" ".join(path) for path, short in help_commands().items() if not short]
    assert not missing, f"commands without a help line in `--help`: {missing}"


# --- every command line shown in the docs ------------------------------------------------


def doc_command_lines() -> list[tuple[str, str]]:
    """(where, line) for every ``baocao ...`` in a code span or at the start of a code line."""
    out = []
    for path in (README, *DOCS):
        text = path.read_text(encoding="utf-8")
        spans = re.findall(r"`(baocao [^`]+)`", text)
        blocks = re.findall(r"^\s*(?:\$ )?(baocao .+)$", text, flags=re.M)
        out += [(path.name, s) for s in (*spans, *blocks)]
    return out


def argv_of(line: str) -> list[str]:
    """The words a user types, without the doc's notation: comments, ``[ ]`` around optional
    parts, ``…``/``...`` after a repeated argument, ``|`` between alternatives, ``>`` redirection."""
    line = re.split(r"\s+#\s", line, maxsplit=1)[0]
    line = re.split(r"\s[|>]\s", line, maxsplit=1)[0]
    line = line.replace("[", " ").replace("]", " ").replace("…", " ").replace("...", " ")
    return shlex.split(line)[1:]


def check_parses(argv: list[str]) -> None:
    """Parse ``argv`` as click would, without running anything: unknown commands, unknown
    options and extra arguments fail; a placeholder where a value goes (DIR, FILE) is fine."""
    ctx = main.make_context("baocao", list(argv), resilient_parsing=True)
    group: click.Command = main
    args = [*ctx._protected_args, *ctx.args]
    while isinstance(group, click.Group) and args:
        name, cmd, rest = group.resolve_command(ctx, args)
        assert cmd is not None, f"no command {args[0]!r} in {ctx.command_path!r}"
        args = rest
        ctx = cmd.make_context(name or args[0], list(args), parent=ctx, resilient_parsing=True)
        group = cmd
        args = [*ctx._protected_args, *ctx.args] if isinstance(cmd, click.Group) else ctx.args
    known = {opt for p in group.params if isinstance(p, click.Option) for opt in (*p.opts, *p.secondary_opts)}
    known |= {opt for p in main.params if isinstance(p, click.Option) for opt in p.opts}
    for word in argv:
        if word.startswith("-") and word not in ("-", "--"):
            assert word.split("=", 1)[0] in known, f"{ctx.command_path}: no option {word}"
    assert not args, f"{ctx.command_path}: unexpected arguments {args}"


LINES = doc_command_lines()


@pytest.mark.parametrize(("where", "line"), LINES, ids=[f"{w}:{ln}" for w, ln in LINES])
def test_command_line_in_the_docs_parses(where: str, line: str) -> None:
    argv = argv_of(line)
    if argv and argv[0].isupper():  # `baocao COMMAND --help`: a placeholder for any command
        return
    check_parses(argv)


def test_the_doc_checker_catches_what_it_should() -> None:
    check_parses(["-w", "DIR", "definitions", "baseline", "BOOK", "--period", "2023-Q1", "--dry-run"])
    for bad in (["validate", "--nope"], ["definitions", "imprt"], ["catalog", "show", "extra"], ["nope"]):
        with pytest.raises(AssertionError):
            check_parses(bad)


# --- the layout of tests/ ----------------------------------------------------------------

TESTS = Path(__file__).resolve().parent
OTHER = {"docs", "architecture", "install", "portable", "windows", "rendering", "bench_smoke"}


def _toolkit_names() -> set[str]:
    root = REPO / "toolkit"
    names = {p.stem for p in root.glob("*.py")} | {p.name for p in root.iterdir() if (p / "__init__.py").is_file()}
    return names - {"__init__", "commands"}


@pytest.mark.parametrize("name", sorted(p.stem for p in TESTS.glob("test_*.py")))
def test_test_files_follow_the_layout(name: str) -> None:
    rest = name.removeprefix("test_")
    if rest == "cli":
        return
    if rest.startswith("cli_"):
        assert rest.removeprefix("cli_") in COMMAND_MODULES, f"{name}.py: no toolkit/commands/{rest[4:]}.py"
        return
    if rest.startswith("e2e_") or rest in OTHER:
        return
    words = rest.split("_")
    prefixes = {"_".join(words[:i]) for i in range(1, len(words) + 1)}
    assert prefixes & _toolkit_names(), f"{name}.py names no toolkit module (see tests/conftest.py for the layout)"


@pytest.mark.parametrize("group", sorted(COMMAND_MODULES))
def test_every_command_group_has_its_cli_test_file(group: str) -> None:
    """One file per module cli.py registers (toolkit/commands/<group>.py)."""
    assert (TESTS / f"test_cli_{group}.py").is_file(), f"toolkit/commands/{group}.py has no tests/test_cli_{group}.py"
