"""History for validation: the caller's accepted figures first, then the workspace baseline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..records import History

if TYPE_CHECKING:
    from ..workspace import Workspace


class BaselineHistory:
    """Last year's figures from ``templates/baseline/*.csv`` as a :class:`History`."""

    def __init__(self, ws: Workspace) -> None:
        self._index = ws.baseline.index()

    def get(self, unit: str, period: str, indicator: str, column: str = "value") -> float | None:
        return self._index.get((period, unit, indicator, column))


class ChainHistory:
    """The first source that knows the figure."""

    def __init__(self, *sources: History | None) -> None:
        self.sources = [s for s in sources if s is not None]

    def get(self, unit: str, period: str, indicator: str, column: str = "value") -> float | None:
        for s in self.sources:
            v = s.get(unit, period, indicator, column)
            if v is not None:
                return v
        return None


def with_baseline(ws: Workspace, history: History | None) -> History:
    return ChainHistory(history, BaselineHistory(ws))
