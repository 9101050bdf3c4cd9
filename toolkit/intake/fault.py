"""Test-only fault injection: die at a named point, as a crash or ``kill -9`` would.

``BAOCAO_FAULT=<point>`` makes the process ``os._exit(137)`` when it reaches that point.
Used by the tests that kill intake mid-way; never set it in production.
"""

from __future__ import annotations

import os

POINTS = (
    "after-stage",  # bytes, JSON and feedback staged; nothing filed
    "mid-archive",  # the JSON and feedback are in the archive, not yet the original
    "after-archive-before-ledger",  # originals archived (fsynced), ledger rows not committed
    "after-ledger-before-move",  # ledger committed, inbox files not yet moved
)


def fault(point: str) -> None:
    if os.environ.get("BAOCAO_FAULT") == point:
        os._exit(137)
