"""Annual targets (province plan, council resolution), kept apart from the catalog."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import yamlio
from .catalog_codes import catalog_problem
from .findings import Finding

KINDS = ("province", "resolution")


@dataclass
class Targets:
    year: int
    values: dict[str, dict[str, float]] = field(default_factory=dict)  # code -> kind -> value
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)

    def get(self, code: str, kind: str) -> float | None:
        return self.values.get(code, {}).get(kind)


def load_targets(path: Path) -> Targets:
    fname = str(path)
    year = int(path.stem) if path.stem.isdigit() else 0
    out = Targets(year=year)
    try:
        doc = yamlio.load(path)
    except FileNotFoundError:
        return out
    except yamlio.YamlError as e:
        out.problems.append(catalog_problem("yaml-syntax", file=fname, line=e.line, detail=e.message))
        return out
    if not isinstance(doc, dict):
        out.problems.append(catalog_problem("bad-structure", file=fname, line=1, detail="a mapping is expected"))
        return out
    out.year = int(doc.get("year", year) or year)
    out.source = str(doc.get("source", "") or "")
    raw = doc.get("targets") or {}
    if not isinstance(raw, dict):
        out.problems.append(
            catalog_problem(
                "bad-structure",
                file=fname,
                line=yamlio.line_of(doc, "targets"),
                detail="'targets' must map indicator codes to {province, resolution}",
            )
        )
        return out
    for code, spec in raw.items():
        line = yamlio.line_of(raw, code)
        out.lines[code] = line or 0
        if not isinstance(spec, dict):
            out.problems.append(
                catalog_problem(
                    "target-bad-value",
                    file=fname,
                    line=line,
                    indicator=code,
                    detail="{province: N, resolution: N} is expected",
                )
            )
            continue
        vals: dict[str, float] = {}
        for kind, v in spec.items():
            if kind not in KINDS:
                out.problems.append(
                    catalog_problem(
                        "target-bad-value",
                        file=fname,
                        line=line,
                        indicator=code,
                        detail=f"unknown target kind '{kind}' (province, resolution)",
                    )
                )
            elif isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
                out.problems.append(
                    catalog_problem(
                        "target-bad-value",
                        file=fname,
                        line=line,
                        indicator=code,
                        detail=f"{kind}: a number ≥ 0 is expected, got {v!r}",
                    )
                )
            else:
                vals[kind] = float(v)
        out.values[code] = vals
    return out
