"""JSON written as it is made: a command over 10.000 files keeps no file's result once printed.

:class:`JsonDocument` prints one JSON object (``--json``): its head fields, then the items of
one list field as they come, then the fields known only at the end (the summary). Each item
is one line. :class:`JsonLines` prints JSON Lines (``--jsonl``): one object a line, each with
its ``record`` kind, the first naming the ``format``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import click

from ..validate.digest import dumps as _dumps


class JsonDocument:
    """``{head..., list_key: [item, ...], tail...}``, printed piece by piece (valid JSON once closed)."""

    def __init__(self, head: dict[str, Any], list_key: str) -> None:
        self.head, self.list_key = head, list_key
        self.started = False
        self.items = 0

    def _start(self) -> None:
        if self.started:
            return
        self.started = True
        click.echo("{")
        for k, v in self.head.items():
            click.echo(f"  {_dumps(k)}: {_dumps(v)},")
        click.echo(f"  {_dumps(self.list_key)}: [", nl=False)

    def item(self, value: Any) -> None:
        self._start()
        click.echo(("," if self.items else "") + "\n    " + _dumps(value), nl=False)
        self.items += 1

    def items_text(self, texts: Iterable[str]) -> None:
        """Items already encoded (each one JSON value, as :func:`~toolkit.validate.digest.dumps`
        makes it), printed at once: what :meth:`item` prints for each."""
        self._start()
        out = []
        for text in texts:
            out.append(("," if self.items else "") + "\n    " + text)
            self.items += 1
        if out:
            click.echo("".join(out), nl=False)

    def close(self, tail: dict[str, Any]) -> None:
        self._start()
        click.echo("\n  ]" if self.items else "]", nl=False)
        for k, v in tail.items():
            click.echo(f",\n  {_dumps(k)}: {_dumps(v)}", nl=False)
        click.echo("\n}")


class JsonLines:
    """One JSON object a line; the first line carries ``format``, every line its ``record``."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.lines = 0

    def record(self, kind: str, value: dict[str, Any]) -> None:
        head: dict[str, Any] = {"record": kind}
        if not self.lines:
            head["format"] = self.fmt
        click.echo(_dumps({**head, **value}))
        self.lines += 1

    def records_text(self, kind: str, texts: Iterable[str]) -> None:
        """Records whose fields are objects already encoded (as :func:`~toolkit.validate.digest.dumps`
        makes them), printed at once: what :meth:`record` prints for each."""
        out = []
        for text in texts:
            if not self.lines:  # the first line names the format: made as record() makes it
                self.record(kind, json.loads(text))
                continue
            head = _dumps({"record": kind})
            out.append(head[:-1] + (", " + text[1:] if text.strip() != "{}" else "}"))
            self.lines += 1
        if out:
            click.echo("\n".join(out))
