"""The feedback copy: the sender's own workbook, each offending cell highlighted and commented,
with a first sheet "Lỗi cần sửa" listing every finding and linking to its cell.

One interface, :func:`write_feedback`, over three writers (:data:`WRITERS`), chosen explicitly
by :func:`writers_for`:

- ``package`` (:mod:`.feedback_zip`): the package edited part by part, a few ms, cached
  formula results kept; it writes nothing for a package in a shape it does not handle;
- ``openpyxl`` (:mod:`.feedback_openpyxl`): the reference, load-annotate-save, 40-60 ms; safe
  because the file is opened only after the gate found it readable;
- ``list-only``: a file the gate refused is never opened; its copy is a new workbook holding
  only the list of findings (so is the copy of a file openpyxl cannot open).

The original file is never modified: the copy is written to another folder. Text copied from
the submission is always written as text, never as a formula
(:func:`toolkit.safe_text.set_text`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from ..records import FileReport
from .feedback_list import FEEDBACK_SHEET, FEEDBACK_SHEET_EN
from .feedback_openpyxl import gate_refused, write_with_openpyxl
from .feedback_zip import write_fast

__all__ = [
    "FEEDBACK_SHEET",
    "FEEDBACK_SHEET_EN",
    "WRITERS",
    "feedback_path",
    "write_feedback",
    "write_with_openpyxl",
    "writers_for",
]

SUFFIX = "_loi-can-sua"


class Writer(Protocol):
    """A way to write the copy: writes ``out`` and returns it, or returns None having written
    nothing when the package is not in a shape it handles."""

    def __call__(self, report: FileReport, src: Path, out: Path, lang: str, /) -> Path | None: ...


def _list_only(report: FileReport, src: Path, out: Path, lang: str) -> Path:
    return write_with_openpyxl(report, src, out, lang, list_only=True)


def _opened(report: FileReport, src: Path, out: Path, lang: str) -> Path:
    return write_with_openpyxl(report, src, out, lang, list_only=False)


PACKAGE, OPENPYXL, LIST_ONLY = "package", "openpyxl", "list-only"
WRITERS: dict[str, Writer] = {
    PACKAGE: write_fast,  # the sender's package edited part by part: a few ms, cached results kept
    OPENPYXL: _opened,  # the reference: openpyxl loads, annotates and saves (40-60 ms)
    LIST_ONLY: _list_only,  # a new workbook with the list of findings; the source is not opened
}


def writers_for(report: FileReport) -> tuple[str, ...]:
    """The writers to try, in order: a file the gate refused is never opened (the list only);
    any other, its package edited, else openpyxl (which always writes)."""
    return (LIST_ONLY,) if gate_refused(report) else (PACKAGE, OPENPYXL)


def feedback_path(src: str | os.PathLike[str], out_dir: str | os.PathLike[str]) -> Path:
    return Path(out_dir) / f"{Path(src).stem}{SUFFIX}.xlsx"


def write_feedback(
    report: FileReport,
    src_path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    lang: str = "vi",
    *,
    name: str | None = None,
    writer: str | None = None,
) -> Path:
    """Write the annotated copy of ``src_path`` into ``out_dir`` (as ``name``, default
    :func:`feedback_path`'s); returns its path.

    The writers are tried in the order :func:`writers_for` gives; ``writer`` forces one
    (:data:`PACKAGE` writes nothing for a package it does not handle: RuntimeError)."""
    src = Path(src_path)
    out = Path(out_dir) / name if name else feedback_path(src, out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.resolve() == src.resolve():
        raise ValueError("the feedback copy must not overwrite the original file")
    for chosen in (writer,) if writer else writers_for(report):
        if WRITERS[chosen](report, src, out, lang) is not None:
            return out
    raise RuntimeError(f"the feedback writer {chosen!r} wrote nothing")  # only when one was forced
