"""Plain Python values from the line-aware YAML structures (for dumping and comparing)."""

from __future__ import annotations

from typing import Any


def plain(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    return x
