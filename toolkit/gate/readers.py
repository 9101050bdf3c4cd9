"""Which reader reads a part: the fast readers (:mod:`.fast`) for a part already in memory in
the plain shape, the streaming readers (:mod:`.sheet`, :mod:`.parts`) for everything else.

Both give the same result and the same findings (``tests/test_gate_fast.py``). A part is in
memory when :meth:`.package.Package.stream` returned a list (parts of up to 1 MiB)."""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.gate import fast, parts, sheet
from toolkit.gate.budget import Budget
from toolkit.gate.cells import SheetContext
from toolkit.gate.parts import Styles
from toolkit.gate.strings import SharedStrings
from toolkit.rawbook import RawSheet


def parse_sheet(name: str, state: str, chunks: Iterable[bytes], ctx: SheetContext) -> RawSheet:
    if isinstance(chunks, list):
        done = fast.parse_sheet(name, state, b"".join(chunks), ctx)
        if done is not None:
            return done
    return sheet.parse_sheet(name, state, chunks, ctx)


def parse_styles(chunks: Iterable[bytes], part: str) -> Styles:
    if isinstance(chunks, list):  # every form of a template has the same styles part
        return fast.styles(b"".join(chunks), part, parts.parse_styles)
    return parts.parse_styles(chunks, part)


def parse_shared_strings(chunks: Iterable[bytes], part: str, budget: Budget) -> SharedStrings:
    if isinstance(chunks, list):
        done = fast.parse_shared_strings(b"".join(chunks), part, budget)
        if done is not None:
            return done
    return parts.parse_shared_strings(chunks, part, budget)
