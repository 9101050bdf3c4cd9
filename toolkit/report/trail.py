"""The trail: where every figure of the draft comes from, and what changed since last time.

Each figure points at the master's sheet and A1 cell; the sources list the unit's return
behind it (file, archive version, received, SHA-256). The draft's figures are kept beside
the document (``<name>.trail.json``); the next draft of the same period compares with it
and lists every figure whose wording changed (a corrected return, a late unit).
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from ..master import MasterResult
from .model import Change, Draft, Figure, Source

TRAIL_FORMAT = "baocao-report-trail/1"


def sources_of(master: MasterResult, late: set[str]) -> list[Source]:
    out = []
    for s in master.status:
        sub = s.submission
        if sub is None:
            out.append(Source(s.code, s.unit.name, "missing"))
            continue
        report = getattr(sub, "report", None)
        at = getattr(sub, "received_at", None)
        original = getattr(sub, "original_name", "") or getattr(report, "path", "") or ""
        if not original:  # a caller's return without a file name: where its values say they came from
            values = getattr(report, "values", None) or []
            original = next((v.source for v in values if getattr(v, "source", "")), "")
        out.append(
            Source(
                s.code,
                s.unit.name,
                s.state,
                file=Path(str(original)).name if original else "",
                archived=str(getattr(sub, "path", "") or ""),
                version=getattr(sub, "version", None),
                received_at=_when(at),
                sha256=str(getattr(sub, "sha256", "") or ""),
                late=s.code in late,
            )
        )
    return out


def _when(at: object) -> str:
    """'18/03/2024 09:00' from a datetime or an ISO text (the ledger's); other text as it is."""
    if not isinstance(at, datetime):
        try:
            at = datetime.fromisoformat(str(at)) if at else None
        except ValueError:
            return str(at)
    return at.strftime("%d/%m/%Y %H:%M") if at is not None else ""


def trail_path(docx_path: Path) -> Path:
    return docx_path.with_name(docx_path.stem + ".trail.json")


def _stated(figures: list[Figure]) -> dict[str, tuple[str, str]]:
    """key -> (indicator name, text); the first statement of a figure wins."""
    out: dict[str, tuple[str, str]] = {}
    for f in figures:
        out.setdefault(f.key, (f.name, f.text))
    return out


def compare(previous: dict[str, Any], draft: Draft) -> list[Change]:
    before = {k: (v["name"], v["text"]) for k, v in (previous.get("figures") or {}).items()}
    now = _stated(draft.figures)
    out: list[Change] = []
    for key, (name, text) in now.items():
        old = before.get(key)
        if old is None:
            out.append(Change(key, name, "", text))
        elif old[1] != text:
            out.append(Change(key, name, old[1], text))
    for key, (name, text) in before.items():
        if key not in now:
            out.append(Change(key, name, text, ""))
    return out


def load_previous(path: Path) -> dict[str, Any] | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != TRAIL_FORMAT:
        return None
    return doc


def save(path: Path, draft: Draft, written_at: datetime) -> None:
    doc = {
        "format": TRAIL_FORMAT,
        "period": draft.period,
        "written_at": written_at.isoformat(timespec="seconds"),
        "master": draft.master_path,
        "figures": {k: {"name": n, "text": t} for k, (n, t) in _stated(draft.figures).items()},
        "sources": [s.to_dict() for s in draft.sources],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
