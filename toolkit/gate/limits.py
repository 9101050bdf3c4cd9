"""The bounds the gate reads under, with their defaults and how to change them.

Precedence, lowest first: the defaults below, the ``gate:`` mapping of the workspace's
``templates/workspace.yaml``, then environment variables ``BAOCAO_GATE_<FIELD>`` (field name
in upper case, e.g. ``BAOCAO_GATE_TIMEOUT_S=5``). An unknown key or a value that is not a
positive number is a configuration error and raises :class:`ValueError` at load time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

ENV_PREFIX = "BAOCAO_GATE_"
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    # time and memory
    timeout_s: float = 2.0  # cooperative deadline for one file, checked inside every loop
    hard_timeout_s: float = 5.0  # isolated reads: the child is killed after this
    memory_mb: int = 200  # isolated reads: address space a child may add (RLIMIT_AS)
    # the file and its zip package, all checked before anything is decompressed
    max_file_mb: float = 20.0  # the file on disk
    max_entries: int = 500  # zip entries
    max_total_mb: float = 100.0  # sum of the declared uncompressed sizes
    max_part_mb: float = 50.0  # one entry, uncompressed
    max_ratio: int = 100  # uncompressed/compressed of one entry ...
    ratio_floor_kb: int = 1024  # ... checked only for entries larger than this
    # content
    max_sheets: int = 100
    max_cells: int = 200_000  # <c> elements over the whole workbook
    max_text_mb: float = 20.0  # characters of shared and inline strings
    max_rows: int = 10_000  # sheet area when the caller gives no template area
    max_cols: int = 200
    margin_rows: int = 200  # rows allowed beyond the template area
    margin_cols: int = 20
    max_cell_findings: int = 20  # per code and sheet, for cell-level findings

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * MB)

    @property
    def max_total_bytes(self) -> int:
        return int(self.max_total_mb * MB)

    @property
    def max_part_bytes(self) -> int:
        return int(self.max_part_mb * MB)

    @property
    def max_text_chars(self) -> int:
        return int(self.max_text_mb * MB)

    def with_(self, **changes: Any) -> Limits:
        return self.from_mapping(changes, base=self)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], base: Limits | None = None) -> Limits:
        """Override fields from a mapping (workspace.yaml ``gate:``); values may be strings."""
        base = base or cls()
        types = {f.name: f.type for f in fields(cls)}
        changes: dict[str, Any] = {}
        for key, raw in data.items():
            if key not in types:
                raise ValueError(f"unknown gate limit {key!r}; known: {', '.join(sorted(types))}")
            conv = int if types[key] in (int, "int") else float
            try:
                val = conv(raw)
            except (TypeError, ValueError):
                raise ValueError(f"gate limit {key}: not a number: {raw!r}") from None
            if isinstance(raw, bool) or val <= 0:
                raise ValueError(f"gate limit {key}: must be a positive number, got {raw!r}")
            changes[key] = val
        return replace(base, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, base: Limits | None = None) -> Limits:
        env = os.environ if environ is None else environ
        data = {k[len(ENV_PREFIX) :].lower(): v for k, v in env.items() if k.startswith(ENV_PREFIX)}
        return cls.from_mapping(data, base=base)

    @classmethod
    def load(cls, workspace: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults, then ``gate:`` of the workspace's workspace.yaml, then the environment.

        ``workspace`` is the workspace folder (its ``templates/workspace.yaml`` is read) or
        the yaml file itself; a missing file or a missing ``gate:`` key changes nothing.
        """
        base = cls()
        if workspace is not None:
            p = Path(workspace)
            if p.is_dir():
                p = p / "templates" / "workspace.yaml"
            if p.is_file():
                import yaml

                doc = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
                gate = doc.get("gate") if isinstance(doc, dict) else None
                if gate is not None:
                    if not isinstance(gate, dict):
                        raise ValueError(f"{p}: 'gate' must be a mapping of limits")
                    base = cls.from_mapping(gate, base=base)
        return cls.from_env(environ, base=base)


DEFAULT = Limits()
