"""click's own usage errors in the user's language: Vietnamese first, English with ``--lang en``.

click writes its messages through ``gettext`` (``_("Missing option")``, ``ngettext(...)``),
bound as the module globals ``_`` and ``ngettext`` of ``click.exceptions``, ``click.parser``,
``click.core`` and ``click.types``. :func:`install` rebinds them to :func:`gettext` /
:func:`ngettext` here, which give the Vietnamese of the messages in :data:`VI` when the
language is ``vi`` and click's own English otherwise. Only error messages are translated: a
message not in the catalogue (help headings such as ``Usage:`` and ``Options``) stays as
click writes it. ``tests/test_errors.py`` checks that every English message of the catalogue
is still in click's source, so an upgrade of click that rewords one fails a test instead of
silently showing English.

The language is the command line's (:func:`set_language`, called for ``--lang`` and at the
start of every run), since click renders a usage error after its context is gone.
"""

from __future__ import annotations

import gettext as _gettext
import os
from typing import Any

import click.core
import click.exceptions
import click.parser
import click.types

MODULES = (click.exceptions, click.parser, click.core, click.types)

# click's English -> Vietnamese, placeholders kept (a placeholder may be dropped, never added)
VI: dict[str, str] = {
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: '{command} {option}'.",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Missing argument": "Thiếu đối số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Missing command.": "Thiếu lệnh.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "unknown error": "lỗi không rõ",
    "Aborted!": "Đã dừng!",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Đối số {name!r} cần {nargs} giá trị.",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải số hợp lệ ({number_type}).",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} is not a valid UUID.": "{value!r} không phải UUID hợp lệ.",
    "{name} {filename!r} does not exist.": "Không có {filename!r}.",
    "{name} {filename!r} is a file.": "{filename!r} là một tệp, cần một thư mục.",
    "{name} {filename!r} is a directory.": "{filename!r} là một thư mục, cần một tệp.",
    "{name} {filename!r} is not readable.": "Không đọc được {filename!r}.",
    "{name} {filename!r} is not writable.": "Không ghi được vào {filename!r}.",
    "{name} {filename!r} is not executable.": "Không chạy được {filename!r}.",
}

# (singular, plural) -> Vietnamese (one form: Vietnamese nouns have no plural)
VI_PLURAL: dict[tuple[str, str], str] = {
    (
        "Did you mean {possibility}?",
        "(Did you mean one of: {possibilities}?)",
    ): "Có phải ý bạn là {possibilities}?",
    (
        "Option {name!r} requires an argument.",
        "Option {name!r} requires {nargs} arguments.",
    ): "Tùy chọn {name!r} cần giá trị.",
    (
        "Got unexpected extra argument ({args})",
        "Got unexpected extra arguments ({args})",
    ): "Thừa đối số ({args})",
    (
        "Takes {nargs} values but 1 was given.",
        "Takes {nargs} values but {len} were given.",
    ): "Cần {nargs} giá trị, nhận được {len}.",
    (
        "{value!r} is not {choice}.",
        "{value!r} is not one of {choices}.",
    ): "{value!r} không phải một trong {choices}.",
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): "{value!r} không đúng dạng {formats}.",
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): "Cần {len_type} giá trị, nhận được {len_value}.",
}

_language = {"now": os.environ.get("BAOCAO_LANG", "vi")}


def set_language(lang: str) -> None:
    """The language click's messages are said in from now on in this process."""
    _language["now"] = lang


def language() -> str:
    return _language["now"]


def gettext(message: str) -> str:
    if language() == "en":
        return _gettext.gettext(message)
    return VI.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if language() == "en":
        return _gettext.ngettext(singular, plural, n)
    return VI_PLURAL.get((singular, plural), singular if n == 1 else plural)


def install() -> None:
    """Make click say its messages through :func:`gettext` and :func:`ngettext` (idempotent)."""
    module: Any
    for module in MODULES:
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
