"""The definition files as they are written (raw YAML and CSV), and writing them back.

The workbook is made from the raw documents, not from the loaded catalog, so that every
key survives, including keys this package has no column for; import writes documents of
the same shape, which the loaders then check.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import yamlio
from ..baseline import COLUMNS as BASELINE_COLUMNS
from ..findings import Finding, make
from ..findings import catalog as catalog_codes
from .plain import plain

CATALOG = "catalog.yaml"
UNITS = "units.yaml"
TARGETS_DIR = "targets"
BASELINE_DIR = "baseline"


@dataclass
class RawDefinitions:
    """catalog.yaml and units.yaml as mappings, targets by year, baseline rows by CSV file."""

    catalog: dict[str, Any] | None = None
    units: dict[str, Any] | None = None
    targets: dict[int | str, dict[str, Any]] = field(default_factory=dict)  # by year (2025) or term ("2025-2030")
    baseline: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)


def read_raw(folder: Path) -> RawDefinitions:
    out = RawDefinitions()
    out.catalog = _yaml(folder / CATALOG, out.problems)
    out.units = _yaml(folder / UNITS, out.problems)
    tdir = folder / TARGETS_DIR
    if tdir.is_dir():
        for p in sorted(tdir.glob("*.yaml")):
            key = target_key(p.stem)
            if key is not None:
                doc = _yaml(p, out.problems)
                if doc is not None:
                    out.targets[key] = doc
    bdir = folder / BASELINE_DIR
    if bdir.is_dir():
        for p in sorted(bdir.glob("*.csv")):
            out.baseline[p.name] = read_csv_rows(p, out.problems)
    return out


def target_key(text: str) -> int | str | None:
    """2025 for a year's file, "2025-2030" for a term's, None for anything else."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    return text if re.fullmatch(r"\d{4}-\d{4}", text) else None


def _yaml(path: Path, problems: list[Finding]) -> dict[str, Any] | None:
    try:
        doc = yamlio.load(path)
    except FileNotFoundError:
        return None
    except yamlio.YamlError as e:
        problems.append(make(catalog_codes.YAML_SYNTAX, file=str(path), line=e.line, detail=e.detail))
        return None
    if not isinstance(doc, dict):
        problems.append(make(catalog_codes.BAD_STRUCTURE, file=str(path), line=1, detail="a mapping is expected"))
        return None
    return plain(doc)


def read_csv_rows(path: Path, problems: list[Finding]) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.append(make(catalog_codes.BASELINE_BAD_ROW, file=str(path), line=1, detail="the file is not UTF-8"))
        return []
    return [dict(r) for r in csv.DictReader(io.StringIO(text))]


def digest(raw: RawDefinitions) -> str:
    """A fingerprint of what the definition files say (not of their comments)."""
    import hashlib
    import json

    targets = {str(k): v for k, v in raw.targets.items()}  # years and terms: one kind of key
    payload = {"catalog": raw.catalog, "units": raw.units, "targets": targets, "baseline": raw.baseline}
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


# --- writing -------------------------------------------------------------------------------------


class Flow(dict):
    """A mapping written on one line ({province: 3400, resolution: 4940})."""


class _Dumper(yaml.SafeDumper):
    pass


def _rep_dict(d: yaml.SafeDumper, data: dict) -> yaml.Node:
    return d.represent_mapping("tag:yaml.org,2002:map", data, flow_style=False)


def _rep_flow(d: yaml.SafeDumper, data: Flow) -> yaml.Node:
    return d.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


def _rep_list(d: yaml.SafeDumper, data: list) -> yaml.Node:
    flat = all(not isinstance(x, (dict, list)) for x in data)
    return d.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)


_Dumper.add_representer(dict, _rep_dict)
_Dumper.add_representer(Flow, _rep_flow)
_Dumper.add_representer(list, _rep_list)


def dump_yaml(doc: dict[str, Any], header: str = "") -> str:
    body = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9)
    return header + body


def header_comment(path: Path) -> str:
    """The comment block at the top of an existing file (kept when import rewrites it)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    out: list[str] = []
    for line in lines:
        if line.startswith("#") or (not line.strip() and out):
            out.append(line)
        else:
            break
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def dump_csv(rows: list[dict[str, str]]) -> str:
    extra = [k for r in rows for k in r if k not in BASELINE_COLUMNS]
    fields = [*BASELINE_COLUMNS, *dict.fromkeys(extra)]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in fields})
    return buf.getvalue()
