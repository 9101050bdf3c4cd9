"""The draft as data: blocks of runs, rendered to Word (:mod:`.docx_layout`) and Markdown
(:mod:`.markdown`) alike, so both say the same thing.

A :class:`Run` is plain text, a figure (with the id of its :class:`Figure` in the trail),
a gap (a highlighted placeholder: a unit that has not sent, or a text not yet written),
or the attribution of a unit's text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

TEXT, FIGURE, GAP, SOURCE = "text", "figure", "gap", "source"
STATE_VI = {"valid": "Hợp lệ", "invalid": "Còn lỗi (chưa tổng hợp)", "missing": "Chưa gửi"}
WHAT_VI = {
    "value": "kỳ này",
    "ytd": "lũy kế",
    "same": "cùng kỳ",
    "change": "so với cùng kỳ (%)",
    "diff": "so với cùng kỳ (chênh lệch)",
    "pct_province": "% CT tỉnh",
    "pct_resolution": "% CT NQ",
    "target_province": "CT tỉnh",
    "target_resolution": "CT NQ",
}


@dataclass
class Run:
    text: str
    kind: str = TEXT
    ref: int | None = None  # Figure.id for a figure

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, TEXT)}


@dataclass
class Block:
    """A paragraph of the draft.

    kind: ``part`` (I., II.), ``section`` (1. Kinh tế), ``para`` (body text), ``item``
    (a bullet of a list), ``text`` (a unit's narrative, attributed), ``center`` (a title
    line)."""

    kind: str
    runs: list[Run] = field(default_factory=list)
    section: str = ""  # catalog section code, where it belongs to one
    group: str = ""  # catalog group

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "runs": [r.to_dict() for r in self.runs]}


@dataclass
class Figure:
    """One figure stated in the draft and where it comes from."""

    id: int
    text: str  # as the draft states it
    indicator: str
    name: str
    what: str  # value | ytd | same | change | diff | pct_province | pct_resolution | target_* | units
    sheet: str  # the master's sheet
    cell: str  # A1 cell on that sheet
    units: list[str] = field(default_factory=list)  # unit codes whose figures are behind it
    value: float | None = None

    @property
    def key(self) -> str:
        """Stable across runs: what the figure is, not where it stands."""
        return f"{self.indicator}/{self.what}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Source:
    """A unit's return behind the draft: the file and version the trail points to."""

    unit: str
    name: str
    state: str  # valid | invalid | missing
    file: str = ""
    archived: str = ""
    version: int | None = None
    received_at: str = ""
    sha256: str = ""
    late: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Change:
    """A figure that differs from the previous draft of the same period."""

    key: str
    name: str
    before: str
    after: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Draft:
    period: str
    header: dict[str, str] = field(default_factory=dict)  # authority lines, number, place/date
    title: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    closing: dict[str, Any] = field(default_factory=dict)  # recipients, signer lines
    figures: list[Figure] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    master_path: str = ""
    previous_at: str = ""  # when the draft compared against was written

    @property
    def gaps(self) -> list[str]:
        return [r.text for b in self.blocks for r in b.runs if r.kind == GAP]

    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "header": self.header,
            "title": self.title,
            "blocks": [b.to_dict() for b in self.blocks],
            "closing": self.closing,
            "figures": [f.to_dict() for f in self.figures],
            "sources": [s.to_dict() for s in self.sources],
            "changes": [c.to_dict() for c in self.changes],
            "master_path": self.master_path,
        }
