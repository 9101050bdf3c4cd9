"""The exception that stops a read: the file is refused with one declared gate finding."""

from __future__ import annotations

from typing import Any

from toolkit.findings import Code


class Reject(Exception):
    """Stop reading: the file is refused with this finding code and message fields."""

    def __init__(self, code: Code, **ctx: Any) -> None:
        super().__init__(code)
        self.code = code
        self.ctx = ctx
