"""The gate's readers: two ways of reading the parts that hold a workbook's cells, behind one
interface (:class:`Reader`), tried in an explicit order (:data:`READERS`).

* :class:`PlainReader` (:mod:`.fast`) reads a part already in memory when it has the plain
  shape the common writers produce (Excel, LibreOffice, xlsxwriter), with one compiled
  pattern instead of five Python callbacks per cell; anything else it declines (None)
  without a finding and without spending the read's budget.
* :class:`StreamingReader` (:mod:`.sheet`, :mod:`.parts`) is the reference: it reads every
  shape the format allows, from chunks, in constant memory, and never declines.

Both give the same result and the same findings for every part the plain reader takes
(``tests/test_gate_fast.py`` reads real forms, every hostile file of the gate's corpus and
hand-made shapes both ways). :func:`toolkit.gate.read_workbook` takes the order as
``readers``; the last reader must be one that never declines.
"""

from __future__ import annotations

from typing import Protocol

from toolkit.gate import fast, parts, sheet
from toolkit.gate.budget import Budget
from toolkit.gate.cells import SheetContext
from toolkit.gate.package import Part
from toolkit.gate.parts import Styles
from toolkit.gate.strings import SharedStrings
from toolkit.rawbook import RawSheet


class Reader(Protocol):
    """One way of reading a worksheet, the styles and the shared strings; None declines the part."""

    name: str

    def sheet(self, name: str, state: str, part: Part, ctx: SheetContext) -> RawSheet | None: ...

    def styles(self, part: Part) -> Styles | None: ...

    def shared_strings(self, part: Part, budget: Budget) -> SharedStrings | None: ...


class PlainReader:
    """The fast path: parts in memory, in the plain shape (:mod:`.fast`); declines the rest."""

    name = "plain"

    def sheet(self, name: str, state: str, part: Part, ctx: SheetContext) -> RawSheet | None:
        if part.data is None:
            return None
        return fast.parse_sheet(name, state, part.data, ctx)

    def styles(self, part: Part) -> Styles | None:
        if part.data is None:
            return None
        # every form of a template has the same styles part: read once per distinct bytes
        return fast.styles(part.data, part.name, parts.parse_styles)

    def shared_strings(self, part: Part, budget: Budget) -> SharedStrings | None:
        if part.data is None:
            return None
        return fast.parse_shared_strings(part.data, part.name, budget)


class StreamingReader:
    """The reference: every shape, streamed (:mod:`.sheet`, :mod:`.parts`); never declines."""

    name = "streaming"

    def sheet(self, name: str, state: str, part: Part, ctx: SheetContext) -> RawSheet:
        return sheet.parse_sheet(name, state, part.chunks, ctx)

    def styles(self, part: Part) -> Styles:
        return parts.parse_styles(part.chunks, part.name)

    def shared_strings(self, part: Part, budget: Budget) -> SharedStrings:
        return parts.parse_shared_strings(part.chunks, part.name, budget)


PLAIN = PlainReader()
STREAMING = StreamingReader()
READERS: tuple[Reader, ...] = (PLAIN, STREAMING)  # the default order: the fast path, then the reference
REFERENCE: tuple[Reader, ...] = (STREAMING,)  # the reference alone


def _none_read(part: Part) -> RuntimeError:
    """Every reader declined ``part``: the order given does not end with one that never
    declines (a mistake in the caller; :func:`toolkit.gate.read_workbook` reports it as
    ``unreadable-file``, never a traceback)."""
    return RuntimeError(f"no reader read {part.name}")


def parse_sheet(
    name: str, state: str, part: Part, ctx: SheetContext, readers: tuple[Reader, ...] = READERS
) -> RawSheet:
    for reader in readers:
        done = reader.sheet(name, state, part, ctx)
        if done is not None:
            return done
    raise _none_read(part)


def parse_styles(part: Part, readers: tuple[Reader, ...] = READERS) -> Styles:
    for reader in readers:
        done = reader.styles(part)
        if done is not None:
            return done
    raise _none_read(part)


def parse_shared_strings(part: Part, budget: Budget, readers: tuple[Reader, ...] = READERS) -> SharedStrings:
    for reader in readers:
        done = reader.shared_strings(part, budget)
        if done is not None:
            return done
    raise _none_read(part)
