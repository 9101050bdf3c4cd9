"""Catalog versions kept by the workspace, so that a form in the field stays usable.

Every form carries the version (a hash) of the catalog it was made from. When the office
edits the catalog while forms are out, validation compares the form's indicators under
the version it was made from with the current catalog (:func:`changes_for`): a change to
nothing the form holds (a name, a note, another unit's indicator, a target) is no change
for that form; a changed rule is stated per indicator and the values are checked against
the new rule; a changed unit of measure is an error on that indicator only.

``baocao templates`` keeps a copy of each version it makes forms from in
``submissions/catalog-versions/<version>.json`` (:func:`remember`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .catalog import Catalog
    from .workspace import Workspace

FOLDER = "catalog-versions"
# What a form's values are checked against: a change is stated, the new rule applies.
RULE_FIELDS = ("type", "min", "max", "required", "change_warn", "direction", "decimals")
# What the figures mean: typed under the old one, they may be wrong under the new.
MEANING_FIELDS = ("unit", "scale")
# How the form computes cells (formulas): the form no longer matches the catalog.
STRUCTURE_FIELDS = ("aggregate", "numerator", "denominator", "parts", "parts_mode", "ytd", "same_period", "behaviour")


@dataclass(frozen=True)
class Change:
    indicator: str
    field: str
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        """rule | meaning | structure."""
        if self.field in MEANING_FIELDS:
            return "meaning"
        if self.field in STRUCTURE_FIELDS:
            return "structure"
        return "rule"


def folder(ws: Workspace) -> Path:
    return ws.submissions / FOLDER


def snapshot(catalog: Catalog) -> dict[str, Any]:
    return {"version": catalog.version, "indicators": {i.code: i.to_dict() for i in catalog}}


def remember(ws: Workspace) -> Path:
    """Keep the current catalog's version (once; written atomically)."""
    path = folder(ws) / f"{ws.catalog.version}.json"
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(snapshot(ws.catalog), ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return path


def recall(ws: Workspace, version: str) -> dict[str, dict[str, Any]] | None:
    """The indicators of a kept version (code -> fields), or None when it was not kept."""
    if not version or not all(c.isalnum() for c in version):
        return None
    path = folder(ws) / f"{version}.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    inds = doc.get("indicators") if isinstance(doc, dict) else None
    return inds if isinstance(inds, dict) else None


def changes_for(old: dict[str, dict[str, Any]], catalog: Catalog, codes: list[str]) -> list[Change]:
    """What changed, for the indicators a form holds, between a kept version and ``catalog``."""
    out: list[Change] = []
    for code in codes:
        before = old.get(code)
        if code not in catalog:
            continue
        now = catalog[code].to_dict()
        if before is None:
            out.append(Change(code, "code", None, code))
            continue
        for f in (*MEANING_FIELDS, *STRUCTURE_FIELDS, *RULE_FIELDS):
            if before.get(f) != now.get(f):
                out.append(Change(code, f, before.get(f), now.get(f)))
    return out
