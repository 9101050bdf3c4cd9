"""What one read may still spend: time (a cooperative deadline), cells and characters."""

from __future__ import annotations

import time

from toolkit.findings import gate as codes
from toolkit.gate.limits import Limits
from toolkit.gate.reject import Reject


class Budget:
    __slots__ = ("limits", "started", "deadline", "cells", "text")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.started = time.monotonic()
        self.deadline = self.started + limits.timeout_s
        self.cells = 0
        self.text = 0

    def tick(self) -> None:
        """Refuse the file once the deadline has passed. Called once per parsed chunk."""
        if time.monotonic() > self.deadline:
            raise Reject(codes.READ_TIMEOUT, seconds=f"{self.limits.timeout_s:g}")

    def add_cells(self, n: int) -> None:
        self.cells += n
        if self.cells > self.limits.max_cells:
            raise Reject(codes.TOO_MANY_CELLS, limit=self.limits.max_cells)

    def add_text(self, n: int) -> None:
        self.text += n
        if self.text > self.limits.max_text_chars:
            raise Reject(codes.TOO_MUCH_TEXT, limit_mb=f"{self.limits.max_text_mb:g}")

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started
