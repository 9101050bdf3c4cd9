"""The toolkit's errors: why a command cannot run, said to a clerk in their language.

Every error the library raises for a user to read derives from :class:`BaocaoError`. Its
text is data, one string per language (``message_vi``, ``message_en``, and optionally a
hint saying what to do); :meth:`BaocaoError.message` picks one, Vietnamese unless ``lang``
is ``"en"``. ``exit_code`` is what the command line exits with: 2 (unusable input or
usage) unless a subclass says otherwise. The command line catches a ``BaocaoError`` in one
place (``toolkit.commands.common.BaocaoGroup``), prints its message on stderr and exits with
its code; commands do not catch them one by one.

A subclass either passes its two messages to ``super().__init__`` or declares them as
templates (``vi``/``en`` class attributes formatted with its keyword fields), so that the
text of an error is written once, in both languages::

    class PeriodError(BaocaoError, ValueError):
        vi = "'{text}' không phải kỳ báo cáo (ví dụ {examples})"
        en = "'{text}' is not a period (e.g. {examples})"

    PeriodError(text="2024-Q9", examples="2024-Q1, 2024")

Not errors in this sense: signals that a module raises and catches itself to turn a bad file
into a finding (the gate's ``Reject``, ``Unfit``/``CellProblem`` of the definitions workbook,
the ``Unsupported`` formula or XML): a user never sees them (:data:`INTERNAL_SIGNALS`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2

# exception classes that are not user-facing errors: raised and caught within one module
# (or its package) and turned into findings; tests check every other one is a BaocaoError
INTERNAL_SIGNALS = (
    "toolkit.gate.reject.Reject",
    "toolkit.definitions.cells.Unfit",
    "toolkit.definitions.cells.CellProblem",
    "toolkit.validate.typed_formula.Unsupported",
    "toolkit.validate.feedback_zip.xmltext.Unsupported",
)


class BaocaoError(Exception):
    """An error a user reads: its message in Vietnamese and English, a hint, an exit code.

    ``BaocaoError(message_vi, message_en, hint_vi=..., hint_en=...)``; or, in a subclass with
    ``vi``/``en`` (and ``hint_vi_template``/``hint_en_template``) templates, ``Sub(field=value,
    ...)``: every keyword becomes an attribute and fills the templates (the subclass declares
    them, ``detail: str``, so that mypy knows them). The hint says what to do; :meth:`message`
    puts it after what happened. ``str()`` gives both languages (for logs and tracebacks); the
    command line shows one.
    """

    exit_code: int = EXIT_UNUSABLE
    vi: ClassVar[str] = ""  # templates of a subclass, formatted with its keyword fields
    en: ClassVar[str] = ""
    hint_vi_template: ClassVar[str] = ""
    hint_en_template: ClassVar[str] = ""

    def __init__(
        self,
        message_vi: str | None = None,
        message_en: str | None = None,
        *,
        hint_vi: str | None = None,
        hint_en: str | None = None,
        exit_code: int | None = None,
        **fields: Any,
    ) -> None:
        if exit_code is not None:
            self.exit_code = exit_code
        for name, value in fields.items():
            setattr(self, name, value)
        if message_vi is None:
            message_vi = self.vi.format(**fields)
            message_en = message_en if message_en is not None else self.en.format(**fields)
        if hint_vi is None and self.hint_vi_template:
            hint_vi = self.hint_vi_template.format(**fields)
        if hint_en is None and self.hint_en_template:
            hint_en = self.hint_en_template.format(**fields)
        self.message_vi: str = message_vi
        self.message_en: str = message_en or message_vi
        self.hint_vi: str = hint_vi or ""
        self.hint_en: str = hint_en or self.hint_vi
        super().__init__(self.message_vi, self.message_en)

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang`` (``"en"``: English; anything else: Vietnamese), then its hint."""
        text, hint = (self.message_en, self.hint_en) if lang == "en" else (self.message_vi, self.hint_vi)
        return f"{text} {hint}" if hint else text

    def hint(self, lang: str = "vi") -> str:
        return self.hint_en if lang == "en" else self.hint_vi

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The error as data (its class, what happened, what to do, the exit code), in ``lang``."""
        text = self.message_en if lang == "en" else self.message_vi
        return {"error": type(self).__name__, "message": text, "hint": self.hint(lang), "exit_code": self.exit_code}

    def __str__(self) -> str:
        vi = self.message("vi")
        en = self.message("en")
        return vi if vi == en else f"{vi} / {en}"

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt from its attributes, whatever the subclass's constructor takes (process pools)
        return (_rebuild, (type(self), self.__dict__.copy()))


class UnexpectedError(BaocaoError):
    """What the command line says instead of a traceback when something that is not a
    :class:`BaocaoError` escapes a command (a bug): the exception, where it was raised, and
    how to see the whole traceback (``BAOCAO_DEBUG=1``)."""

    kind: str
    text: str
    where: str
    cause: BaseException

    vi = "Lỗi không lường trước của baocao: {kind}: {text} ({where}). Không phải lỗi của tệp hay của người dùng."
    en = "Unexpected error in baocao: {kind}: {text} ({where}). This is not a fault of the files or the user."
    hint_vi_template = (
        "Đặt biến môi trường BAOCAO_DEBUG=1 rồi chạy lại để xem chi tiết, và gửi cho người phụ trách baocao."
    )
    hint_en_template = (
        "Set the environment variable BAOCAO_DEBUG=1 and run again to see the details, and send them to "
        "whoever looks after baocao."
    )

    @classmethod
    def of(cls, exc: BaseException) -> UnexpectedError:
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}" if tb is not None else "?"
        return cls(kind=type(exc).__name__, text=str(exc) or "-", where=where, cause=exc)


DEBUG_ENV = "BAOCAO_DEBUG"  # set (not empty, not 0): the command line shows the traceback of an unexpected error


def debugging() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


def _rebuild(cls: type[BaocaoError], state: dict[str, Any]) -> BaocaoError:
    e = cls.__new__(cls)
    e.__dict__.update(state)
    Exception.__init__(e, e.message_vi, e.message_en)
    return e


def message_of(e: BaseException, lang: str = "vi") -> str:
    """An exception's text for a user: a :class:`BaocaoError`'s message in ``lang``, else ``str(e)``."""
    if isinstance(e, BaocaoError):
        return e.message(lang)
    return str(e)
