"""One error base class, rendered once by the command line; one period parser, one --period.

Every exception class of the toolkit a user can meet is a ``BaocaoError`` with its messages in
Vietnamese and English as data; the CLI prints it in the user's language and exits with its
code; commands do not catch them one by one; a bad ``--period`` is the same usage error in
every command.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pickle
import pkgutil
import re
import string
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import toolkit
from cli import main
from toolkit.commands.common import PERIOD
from toolkit.errors import EXIT_UNUSABLE, INTERNAL_SIGNALS, BaocaoError, UnexpectedError, message_of
from toolkit.periods import EXAMPLES, Period, PeriodError, parse_period

# a letter only Vietnamese writes (tone marks, ă â đ ê ô ơ ư): the message is really Vietnamese
VI_MARKS = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
COMMANDS = Path(toolkit.__file__).parent / "commands"


def _toolkit_modules() -> list[str]:
    names = ["toolkit"]
    for info in pkgutil.walk_packages(toolkit.__path__, "toolkit."):
        if info.name.startswith("toolkit.samples"):
            continue
        names.append(info.name)
    return names


def _exception_classes() -> dict[str, type[BaseException]]:
    found = {}
    for name in _toolkit_modules():
        mod = importlib.import_module(name)
        for obj in vars(mod).values():
            if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__ == name:
                found[f"{name}.{obj.__qualname__}"] = obj
    return found


def _error_classes() -> list[type[BaocaoError]]:
    return [c for c in _exception_classes().values() if issubclass(c, BaocaoError)]


# --- one base class ------------------------------------------------------------------------
def test_every_exception_class_of_the_toolkit_is_a_baocao_error_or_a_named_internal_signal() -> None:
    classes = _exception_classes()
    assert len(classes) > 15  # the walk found the toolkit's modules
    loose = sorted(n for n, c in classes.items() if not issubclass(c, BaocaoError) and n not in INTERNAL_SIGNALS)
    assert loose == [], "derive from toolkit.errors.BaocaoError (or name it in INTERNAL_SIGNALS)"
    assert set(INTERNAL_SIGNALS) <= set(classes), "INTERNAL_SIGNALS names a class that no longer exists"


def test_templates_say_the_same_thing_in_both_languages() -> None:
    """A class that declares its messages as templates declares both, Vietnamese with its
    diacritics, English without, and both use the same fields."""
    templated = [c for c in _error_classes() if c.vi]
    assert {c.__name__ for c in templated} >= {"PeriodError", "BusyError", "LockBusy", "MasterBusy", "YamlError"}
    for c in templated:
        assert c.en, c
        assert VI_MARKS.search(c.vi), c
        assert not VI_MARKS.search(c.en), c
        fields_vi = {f for _, f, _, _ in string.Formatter().parse(c.vi) if f}
        fields_en = {f for _, f, _, _ in string.Formatter().parse(c.en) if f}
        assert fields_vi == fields_en, c


def test_message_picks_one_language_str_gives_both_and_the_hint_follows() -> None:
    e = BaocaoError("Không có tệp.", "No file.", hint_vi="Chép tệp vào hộp thư đến.", hint_en="Copy it to the inbox.")
    assert e.message() == e.message("vi") == "Không có tệp. Chép tệp vào hộp thư đến."
    assert e.message("en") == "No file. Copy it to the inbox."
    assert str(e) == "Không có tệp. Chép tệp vào hộp thư đến. / No file. Copy it to the inbox."
    assert e.to_dict("en") == {
        "error": "BaocaoError",
        "message": "No file.",
        "hint": "Copy it to the inbox.",
        "exit_code": 2,
    }
    assert e.exit_code == EXIT_UNUSABLE == 2
    assert BaocaoError("x", "x", exit_code=1).exit_code == 1
    assert str(BaocaoError("same text")) == "same text"  # one text (technical detail): said once
    assert message_of(e, "en").startswith("No file") and message_of(ValueError("plain"), "en") == "plain"


def test_the_fix_is_a_hint_of_its_own(tmp_path: Path) -> None:
    from toolkit.master.atomic import MasterInUse
    from toolkit.workspace import not_a_workspace

    e = not_a_workspace(tmp_path)
    assert e.message_en == f"{tmp_path} is not a baocao workspace (no templates/catalog.yaml)."
    assert e.hint("en").startswith("Create one with 'baocao init DIR'") and "baocao init THƯ_MỤC" in e.hint("vi")
    assert e.message("vi") == f"{e.message_vi} {e.hint_vi}"  # shown as one paragraph, as before
    busy = MasterInUse("[Errno 13] Permission denied")
    assert busy.hint("vi") == "Đóng tệp rồi chạy lại." and "Permission denied" in busy.message("en")


def test_errors_keep_their_fields_and_cross_process_boundaries() -> None:
    from toolkit.intake.lock import BusyError

    e = BusyError(Path("/x/.lock"), "intake pid 7")
    assert e.holder == "intake pid 7" and "intake pid 7" in e.message("vi") and "busy" in e.message("en")
    back = pickle.loads(pickle.dumps(e))  # a worker's error reaches the parent intact
    assert type(back) is BusyError and back.message("en") == e.message("en") and back.holder == e.holder
    assert isinstance(back, RuntimeError)  # still what callers caught before (LockBusy was a RuntimeError)


# --- one period parser ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,code,kind",
    [
        ("2024-Q1", "2024-Q1", "Q1"),
        ("2024-q4", "2024-Q4", "Q4"),
        (" 2024-H1 ", "2024-H1", "H1"),
        ("2024-9M", "2024-9M", "9M"),
        ("2024-9m", "2024-9M", "9M"),
        ("2024", "2024", "Y"),
        ("2025-M07", "2025-M07", "M07"),
        ("2025-m12", "2025-M12", "M12"),
    ],
)
def test_one_parser_reads_every_period_form(text: str, code: str, kind: str) -> None:
    p = parse_period(text)
    assert (p.code, p.kind) == (code, kind) and Period.parse(text) == p
    for example in EXAMPLES.split(", "):  # every example the error message gives is accepted
        parse_period(example)


@pytest.mark.parametrize("bad", ["2024-Q5", "2024-H2", "2025-M13", "2025-M7", "Q1/2024", "", "2024-Q1-x"])
def test_a_bad_period_is_one_error_in_both_languages(bad: str) -> None:
    with pytest.raises(PeriodError) as e:
        parse_period(bad)
    err = e.value
    assert isinstance(err, BaocaoError) and isinstance(err, ValueError) and err.exit_code == 2
    assert err.message("vi") == f"'{bad}' không phải kỳ báo cáo (ví dụ {EXAMPLES})"
    assert err.message("en") == f"'{bad}' is not a period (e.g. {EXAMPLES})"


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*path, name))
        else:
            yield (*path, name), cmd


def _period_commands() -> list[tuple[tuple[str, ...], click.Command]]:
    return [(p, c) for p, c in _commands(main) if any(q.name == "period" for q in c.params)]


def test_every_period_option_is_the_one_period_type() -> None:
    found = _period_commands()
    names = {" ".join(p) for p, _ in found}
    assert {"templates", "validate", "intake", "status", "approve", "consolidate", "report", "texts"} <= names
    for path, cmd in found:
        opt = next(q for q in cmd.params if q.name == "period")
        assert opt.type is PERIOD, path


def _dummy_arguments(cmd: click.Command) -> list[str]:
    return ["x.xlsx" for q in cmd.params if isinstance(q, click.Argument) and (q.required or q.nargs == -1)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_bad_period_is_the_same_usage_error_in_every_command(lang: str, tmp_path: Path) -> None:
    runner = CliRunner()
    for path, cmd in _period_commands():
        args = ["--lang", lang, *path, "--period", "2024-Q9", *_dummy_arguments(cmd)]
        r = runner.invoke(main, args)
        assert r.exit_code == 2, (path, r.output)
        vi, en = "'2024-Q9' không phải kỳ báo cáo", "'2024-Q9' is not a period"
        assert (en if lang == "en" else vi) in r.output, (path, r.output)
        assert (vi if lang == "en" else en) not in r.output, (path, r.output)
        assert "--period" in r.output and "Traceback" not in r.output


# --- caught once ---------------------------------------------------------------------------
# where a command may still catch one: not to render it but because it means something else there
HANDLED_ON_PURPOSE = {
    ("common.py", "BaocaoError"),  # BaocaoGroup.invoke: the one place that renders them
    ("common.py", "PeriodError"),  # PeriodType: a bad --period is a usage error
    ("validate.py", "PeriodError"),  # a heading shows a return's period as written when it is no period
    ("definitions.py", "LibreOfficeError"),  # 'outline --pdf': the outline is written, only its PDF failed
}


def test_no_command_catches_a_library_error_itself() -> None:
    """The except ladders are gone: a command lets a BaocaoError reach BaocaoGroup.invoke."""
    errors = {c.__name__ for c in _error_classes()}
    seen = set()
    for src in sorted(COMMANDS.glob("*.py")):
        tree = ast.parse(src.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                caught = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                caught |= {n.attr for n in ast.walk(node.type) if isinstance(n, ast.Attribute)}
                for name in caught & errors:
                    assert (src.name, name) in HANDLED_ON_PURPOSE, f"{src.name}:{node.lineno} catches {name}"
                    seen.add((src.name, name))
    assert seen == HANDLED_ON_PURPOSE  # the exceptions above are real (the walk sees handlers)


@pytest.mark.parametrize(
    "lang,expected,other",
    [
        ("vi", "không có đơn vị 'NOPE' trong units.yaml", "there is no unit"),
        ("en", "there is no unit 'NOPE' in units.yaml", "không có đơn vị"),
    ],
)
def test_a_library_error_is_printed_once_in_the_users_language(workspace, lang, expected, other) -> None:
    r = CliRunner().invoke(
        main, ["-w", str(workspace.root), "--lang", lang, "templates", "-p", "2024-Q1", "-u", "NOPE"]
    )
    assert r.exit_code == 2
    assert r.output.count(expected) == 1 and other not in r.output and "Traceback" not in r.output
    assert r.stdout == ""  # on stderr


def test_outside_a_workspace_the_workspace_error_is_rendered_by_the_group(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BAOCAO_WORKSPACE", raising=False)
    r = CliRunner().invoke(main, ["--lang", "en", "intake"])
    assert r.exit_code == 2 and "is not a baocao workspace" in r.stderr and "không phải" not in r.output


def _explode(*_a, **_k):
    raise RuntimeError("boom in the library")


def test_an_unexpected_error_says_what_and_where_without_a_traceback(workspace, monkeypatch) -> None:
    import toolkit.demo

    monkeypatch.delenv("BAOCAO_DEBUG", raising=False)
    monkeypatch.setattr(toolkit.demo, "simulate_returns", _explode)
    args = ["-w", str(workspace.root), "demo", "returns"]
    vi = CliRunner().invoke(main, args)
    assert vi.exit_code == 2 and "Traceback" not in vi.output
    assert "Lỗi không lường trước của baocao: RuntimeError: boom in the library (test_errors.py:" in vi.stderr
    assert "BAOCAO_DEBUG=1" in vi.stderr
    en = CliRunner().invoke(main, ["--lang", "en", *args])
    assert "Unexpected error in baocao: RuntimeError: boom in the library" in en.stderr and "Lỗi" not in en.stderr
    monkeypatch.setenv("BAOCAO_DEBUG", "1")  # a developer sees the real exception
    dbg = CliRunner().invoke(main, args)
    assert isinstance(dbg.exception, RuntimeError) and "boom" in str(dbg.exception)


def test_unexpected_error_names_the_innermost_frame() -> None:
    try:
        _explode()
    except RuntimeError as exc:
        e = UnexpectedError.of(exc)
    assert e.kind == "RuntimeError" and e.where.startswith("test_errors.py:") and e.exit_code == 2


# --- click's own usage errors in the user's language ----------------------------------------
def _click_source() -> str:
    root = Path(click.__file__).parent
    return "".join(p.read_text(encoding="utf-8") for p in sorted(root.glob("*.py")))


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_translated_message_is_still_one_click_says() -> None:
    """A click upgrade that rewords a message fails here rather than falling back to English."""
    from toolkit.commands.click_messages import VI, VI_PLURAL

    source = _click_source()
    for en, vi in VI.items():
        assert repr(en)[1:-1] in source or en in source, en
        assert _fields(vi) <= _fields(en) and VI_MARKS.search(vi), en
    for (one, many), vi in VI_PLURAL.items():
        assert one in source and many in source, one
        assert _fields(vi) <= _fields(one) | _fields(many) and VI_MARKS.search(vi), one


@pytest.mark.parametrize(
    "args,vi,en",
    [
        (["templates"], "Lỗi: Thiếu tùy chọn '--period' / '-p'.", "Error: Missing option '--period' / '-p'."),
        (["validate"], "Lỗi: Thiếu đối số 'PATHS...'.", "Error: Missing argument 'PATHS...'."),
        (["nope"], "Lỗi: Không có lệnh 'nope'.", "Error: No such command 'nope'."),
        (["catalog", "show", "-x"], "Lỗi: Không có tùy chọn '-x'.", "Error: No such option '-x'."),
        (
            ["report", "-p", "2024-Q1", "--format", "pdf"],
            "Lỗi: Giá trị không hợp lệ cho '--format': 'pdf' không phải một trong 'docx', 'md'.",
            "Error: Invalid value for '--format': 'pdf' is not one of 'docx', 'md'.",
        ),
        (
            ["intake", "--jobs", "99"],
            "Lỗi: Giá trị không hợp lệ cho '--jobs' / '-j': 99 nằm ngoài khoảng 0<=x<=64.",
            "Error: Invalid value for '--jobs' / '-j': 99 is not in the range 0<=x<=64.",
        ),
    ],
)
def test_click_usage_errors_are_vietnamese_first_english_with_lang_en(args, vi, en) -> None:
    runner = CliRunner()
    r_en = runner.invoke(main, ["--lang", "en", *args])
    r_vi = runner.invoke(main, args)  # after an English run: the language is the run's, not the last one's
    r_en_after = runner.invoke(main, [*args, "--lang", "en"])  # --lang after the error still counts
    assert r_vi.exit_code == r_en.exit_code == r_en_after.exit_code == 2
    assert vi in r_vi.stderr and "Error" not in r_vi.stderr and "Xem hướng dẫn" in r_vi.stderr
    assert en in r_en.stderr and "Lỗi" not in r_en.stderr
    assert en in r_en_after.stderr


def test_help_stays_as_it_is() -> None:
    r = CliRunner().invoke(main, ["templates", "--help"])
    assert (
        r.exit_code == 0
        and r.stdout.startswith("Usage: ")
        and "Options:" in r.stdout
        and "Show this message and exit." in r.stdout
    )
