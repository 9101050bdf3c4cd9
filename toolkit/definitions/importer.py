"""``baocao definitions import``: the workbook back into the definition files, checked first.

The workbook's rows become the same YAML and CSV documents the office could have typed;
they are written into a scratch copy of the definitions and checked there by the
toolkit's own loaders and :meth:`toolkit.workspace.Workspace.problems` (one rule, one
place). Each problem is moved from its file and line to the sheet and cell it came from.
Only when no error remains are the files replaced, each atomically, the previous versions
kept in ``templates/.backup/<time>/``; a file whose content did not change is left as it
was (with its comments).
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import yamlio
from ..findings import Finding, make
from ..findings import definitions as definitions_codes
from ..workspace import Workspace
from . import columns as K
from .cells import CellProblem, read_number
from .export import DIGEST_PROPERTY, EXPORTED_PROPERTY
from .locate import Locator
from .plain import plain
from .planned import Planned
from .reader import BookRead, SheetRead, UnreadableBook, read_book
from .source import (
    BASELINE_DIR,
    CATALOG,
    TARGETS_DIR,
    UNITS,
    Flow,
    digest,
    dump_csv,
    dump_yaml,
    header_comment,
    read_csv_rows,
    read_raw,
)

GENERATED = "# Ghi bởi 'baocao definitions import' từ {book} lúc {now:%d/%m/%Y %H:%M}; sửa bằng Excel: 'baocao definitions export'.\n"


@dataclass
class ImportResult:
    source: Path
    readable: bool = True
    recognised: bool = True
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    backup: Path | None = None
    problems: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return self.readable and self.recognised and not self.errors


def import_definitions(
    ws: Workspace, book: Path, *, dry_run: bool = False, now: datetime | None = None
) -> ImportResult:
    """Check the workbook ``book`` against the whole workspace and, if clean, write it."""
    book = Path(book)
    now = now or datetime.now()
    res = ImportResult(book)
    try:
        read = read_book(book)
    except UnreadableBook as e:
        res.readable = False
        res.problems.append(make(definitions_codes.UNREADABLE, file=str(book), detail=e.detail))
        return res
    if not read.sheets and not read.targets:
        res.recognised = False
        expected = ", ".join(s.name for s in (K.INDICATORS_SHEET, K.UNITS_SHEET)) + f", {K.TARGETS_PREFIX}<năm>"
        res.problems.append(make(definitions_codes.NO_KNOWN_SHEET, file=str(book), expected=expected))
        return res
    res.problems += read.problems
    for sr in [*read.sheets.values(), *read.targets.values()]:
        res.counts[sr.spec.name] = len(sr.rows)
        for rr in sr.rows:
            res.problems += rr.problems
    was = read.properties.get(DIGEST_PROPERTY)
    if was and (read.sheets or len(read.targets) > 1) and was != digest(read_raw(ws.definitions)):
        res.problems.append(
            make(
                definitions_codes.CHANGED_SINCE_EXPORT,
                file=str(book),
                exported=read.properties.get(EXPORTED_PROPERTY, "?"),
            )
        )
    planned, removed, more = plan(ws, read, now)
    res.problems += more
    with tempfile.TemporaryDirectory(prefix="baocao-dinh-nghia-") as tmp:
        scratch = Path(tmp) / "templates"
        shutil.copytree(ws.definitions, scratch, ignore=shutil.ignore_patterns(".backup"))
        for rel in removed:
            (scratch / rel).unlink(missing_ok=True)
        for p in planned:
            (scratch / p.rel).parent.mkdir(parents=True, exist_ok=True)
            (scratch / p.rel).write_text(p.text, encoding="utf-8")
        check = Workspace(Path(tmp), scratch)
        locator = Locator(scratch, ws.definitions, book, planned)
        res.problems += [locator.move(f) for f in check.problems()]
    res.problems = dedupe([p if p.file else dataclasses.replace(p, file=str(book)) for p in res.problems])
    if res.errors:
        res.problems.append(make(definitions_codes.NOT_WRITTEN, errors=len(res.errors)))
        return res
    changed = []
    for p in planned:
        target = ws.definitions / p.rel
        if _same(target, p):
            res.unchanged.append(target)
        else:
            changed.append(p)
    gone = [ws.definitions / rel for rel in removed if (ws.definitions / rel).exists()]
    if dry_run or (not changed and not gone):
        return res
    try:
        res.backup = backup(ws.definitions, [ws.definitions / p.rel for p in changed] + gone, now)
        write_files(ws.definitions, changed)
        for g in gone:
            g.unlink()
    except OSError as e:
        res.problems.append(make(definitions_codes.WRITE_FAILED, file=str(ws.definitions), detail=str(e)))
        return res
    res.written = [ws.definitions / p.rel for p in changed]
    res.removed = gone
    return res


def plan(ws: Workspace, read: BookRead, now: datetime) -> tuple[list[Planned], list[str], list[Finding]]:
    """The files the workbook produces, the baseline files it drops, and problems of shape."""
    out: list[Planned] = []
    problems: list[Finding] = []
    head = GENERATED.format(book=read.path.name, now=now)
    extras = _top_extras(ws, read, problems)
    s = read.sheets
    if K.INDICATORS in s or K.SECTIONS in s:
        for present, missing in ((K.INDICATORS, K.SECTIONS), (K.SECTIONS, K.INDICATORS)):
            if present in s and missing not in s:
                problems.append(make(definitions_codes.SHEET_MISSING, sheet=present, present=present, missing=missing))
        if K.INDICATORS in s and K.SECTIONS in s:
            sec, ind = s[K.SECTIONS], s[K.INDICATORS]
            doc = {
                "sections": [Flow(r.raw) for r in sec.rows],
                "indicators": [r.raw for r in ind.rows],
                **extras.get(CATALOG, {}),
            }
            text = header_comment(ws.definitions / CATALOG) + head + dump_yaml(doc)
            out.append(Planned(CATALOG, text, ind, [(sec, r) for r in sec.rows] + [(ind, r) for r in ind.rows]))
    if K.UNITS in s:
        un = s[K.UNITS]
        doc = {**extras.get(UNITS, {}), "units": [Flow(r.raw) for r in un.rows]}
        text = header_comment(ws.definitions / UNITS) + head + dump_yaml(doc)
        out.append(Planned(UNITS, text, un, [(un, r) for r in un.rows]))
    for key in sorted(set(read.targets) | set(read.unit_targets), key=str):
        planned = _targets(ws, key, read.targets.get(key), read.unit_targets.get(key), head, problems)
        if planned:
            out.append(planned)
    removed: list[str] = []
    if K.BASELINE in s:
        files, more = _baseline(s[K.BASELINE])
        problems += more
        for fname, rows in files.items():
            b = s[K.BASELINE]
            out.append(Planned(f"{BASELINE_DIR}/{fname}", dump_csv([r.raw for r in rows]), b, [(b, r) for r in rows]))
        bdir = ws.definitions / BASELINE_DIR
        if bdir.is_dir():
            removed = [f"{BASELINE_DIR}/{p.name}" for p in sorted(bdir.glob("*.csv")) if p.name not in files]
    return out, removed, problems


def _top_extras(ws: Workspace, read: BookRead, problems: list[Finding]) -> dict[str, dict[str, Any]]:
    """Top-level keys of catalog.yaml/units.yaml: from the 'Khác' sheet, else kept from the files."""
    own = {CATALOG: ("sections", "indicators"), UNITS: ("units",)}
    if K.OTHER not in read.sheets:
        out: dict[str, dict[str, Any]] = {}
        for fname, keys in own.items():
            try:
                doc = yamlio.load(ws.definitions / fname)
            except (FileNotFoundError, yamlio.YamlError):
                continue
            if isinstance(doc, dict):
                out[fname] = {k: plain(v) for k, v in doc.items() if k not in keys}
        return out
    sr = read.sheets[K.OTHER]
    out = {CATALOG: {}, UNITS: {}}
    for rr in sr.rows:
        fname, key = str(rr.raw.get("file", "")), str(rr.raw.get("key", ""))
        cell = rr.cells.get("file") or f"A{rr.row}"
        if fname not in own or not key or key in own.get(fname, ()):
            problems.append(
                make(
                    definitions_codes.BAD_EXTRA,
                    sheet=K.OTHER,
                    cell=cell,
                    detail=f"'{fname}' / '{key}': catalog.yaml or units.yaml and a key other than "
                    + ", ".join(k for ks in own.values() for k in ks),
                )
            )
            continue
        out[fname][key] = rr.raw.get("value")
    return out


def _targets(
    ws: Workspace,
    key: int | str,
    sr: SheetRead | None,
    usr: SheetRead | None,
    head: str,
    problems: list[Finding],
) -> Planned | None:
    """targets/<key>.yaml from the office-wide sheet and the per-unit sheet (either may be
    missing: the file's own part is then kept)."""
    rel = f"{TARGETS_DIR}/{key}.yaml"
    old = _old_targets(ws.definitions / rel)
    if sr is not None:
        y = sr.meta.get("year", key)
        if str(y) != str(key):
            problems.append(
                make(definitions_codes.BAD_YEAR, sheet=sr.spec.name, cell=sr.meta_cells.get("year", "B2"), value=y)
            )
            return None
    anchors: list[tuple[tuple, SheetRead, Any]] = []
    targets: dict[str, dict[str, Any]] = {}
    if sr is not None:
        first: dict[str, str] = {}
        for rr in sr.rows:
            code = rr.raw.get("code")
            spec = {k: v for k, v in rr.raw.items() if k != "code"}
            if code is None or not spec:
                continue
            code = str(code)
            if code in first:
                dup = make(
                    definitions_codes.DUPLICATE_ROW,
                    sheet=sr.spec.name,
                    cell=rr.cells.get("code"),
                    indicator=code,
                    what=f"Chỉ tiêu của {code}",
                    first=first[code],
                )
                problems.append(dup)
                continue
            first[code] = rr.cells.get("code", "")
            targets[code] = spec
            anchors.append((("targets", code), sr, rr))
    else:
        targets = {c: {k: v for k, v in spec.items() if k != "units"} for c, spec in old["targets"].items()}
    per_unit: dict[str, dict[str, Any]] = {}
    if usr is not None:
        seen: dict[tuple[str, str], str] = {}
        for rr in usr.rows:
            code, unit = rr.raw.get("code"), rr.raw.get("unit")
            spec = {k: v for k, v in rr.raw.items() if k not in ("code", "unit")}
            if code is None or not spec:
                continue
            code, unit = str(code), str(unit or "")
            if (code, unit) in seen:
                dup = make(
                    definitions_codes.DUPLICATE_ROW,
                    sheet=usr.spec.name,
                    cell=rr.cells.get("unit") or rr.cells.get("code"),
                    indicator=code,
                    what=f"Chỉ tiêu của {code} cho {unit}",
                    first=seen[(code, unit)],
                )
                problems.append(dup)
                continue
            seen[(code, unit)] = rr.cells.get("unit") or rr.cells.get("code", "")
            per_unit.setdefault(code, {})[unit] = Flow(spec)
            anchors.append((("targets", code, "units", unit), usr, rr))
    else:
        per_unit = {c: spec["units"] for c, spec in old["targets"].items() if "units" in spec}
    out_targets: dict[str, Any] = {}
    for code in [*targets, *(c for c in per_unit if c not in targets)]:
        spec = dict(targets.get(code, {}))
        if code in per_unit:
            spec["units"] = per_unit[code]  # a block, so that each unit has its own line
            out_targets[code] = spec
        else:
            out_targets[code] = Flow(spec)
    doc: dict[str, Any] = {"year": key} if not K.is_term(key) else {}
    meta = sr.meta if sr is not None else old["meta"]
    if meta.get("source"):
        doc["source"] = meta["source"]
    doc.update(meta.get("extra") or {})
    doc["targets"] = out_targets
    text = header_comment(ws.definitions / rel) + head + dump_yaml(doc)
    sheet = sr or usr
    assert sheet is not None  # the key came from one of the two sheets
    return Planned(rel, text, sheet, [], anchors=anchors)


def _old_targets(path: Path) -> dict[str, Any]:
    """A targets file's entries and top-level keys, for the part a workbook does not hold."""
    try:
        doc = plain(yamlio.load(path))
    except (FileNotFoundError, yamlio.YamlError):
        doc = {}
    doc = doc if isinstance(doc, dict) else {}
    t = doc.get("targets")
    t = t if isinstance(t, dict) else {}
    extra = {k: v for k, v in doc.items() if k not in ("year", "source", "targets")}
    return {
        "targets": {c: v for c, v in t.items() if isinstance(v, dict)},
        "meta": {"source": doc.get("source"), "extra": extra},
    }


def csv_number(v: Any) -> str:
    """A number as baseline CSV text that reads one way only: 42.902 is written 42.9020
    (the loader would take '42.902' for 42902 or 42,902)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return "" if v is None else str(v)
    if float(v).is_integer():
        return str(int(v))
    s = repr(round(float(v), 9))  # 424.92999999999995 -> 424.93
    return s + "0" if re.fullmatch(r"-?\d{1,3}\.\d{3}", s) else s


def _baseline(sr: SheetRead) -> tuple[dict[str, list[Any]], list[Finding]]:
    files: dict[str, list[Any]] = {}
    seen: dict[tuple, str] = {}
    problems: list[Finding] = []
    for rr in sr.rows:
        raw = rr.raw
        if "period" not in raw:
            continue
        key = tuple(str(raw.get(k, "")) for k in ("period", "unit", "indicator", "column"))
        key = (*key[:3], key[3] or "value")
        cell = rr.cells.get("value") or rr.cells.get("period")
        if key in seen:
            problems.append(
                make(
                    definitions_codes.DUPLICATE_ROW,
                    sheet=sr.spec.name,
                    cell=cell,
                    what="Số liệu " + "/".join(key),
                    first=seen[key],
                )
            )
            continue
        seen[key] = cell or ""
        fname = str(raw.pop(K.FILE, "") or f"{raw['period']}.csv")
        if not fname.endswith(".csv"):
            fname += ".csv"
        raw["value"] = csv_number(raw.get("value"))
        files.setdefault(fname, []).append(rr)
    return files, problems


def _same(target: Path, p: Planned) -> bool:
    """The file already says the same (so it keeps its comments)."""
    if not target.is_file():
        return False
    if p.rel.endswith(".csv"):
        old = read_csv_rows(target, [])
        return dump_csv([{**r, "value": _csv_value(r.get("value"))} for r in old]) == dump_csv(
            [rr.raw for _sheet, rr in p.rows]
        )
    try:
        old_doc = plain(yamlio.load(target))
        new_doc = plain(yamlio.loads(p.text))
    except yamlio.YamlError:
        return False
    old_doc = {k: v for k, v in (old_doc or {}).items() if k != "year"} if p.rel.startswith(TARGETS_DIR) else old_doc
    new_doc = {k: v for k, v in new_doc.items() if k != "year"} if p.rel.startswith(TARGETS_DIR) else new_doc
    return old_doc == new_doc


def _csv_value(v: Any) -> str:
    try:
        return csv_number(read_number(v or ""))
    except CellProblem:
        return str(v)


def backup(root: Path, files: list[Path], now: datetime) -> Path:
    dest = root / ".backup" / now.strftime("%Y%m%d-%H%M%S")
    n = 1
    while dest.exists():
        n += 1
        dest = root / ".backup" / f"{now:%Y%m%d-%H%M%S}-{n}"
    for f in files:
        if f.exists():
            to = dest / f.relative_to(root)
            to.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, to)
    return dest


def write_files(root: Path, planned: list[Planned]) -> None:
    """Every file to a temporary name first, then each renamed over the old one."""
    temps: list[tuple[Path, Path]] = []
    try:
        for p in planned:
            target = root / p.rel
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            tmp.write_text(p.text, encoding="utf-8")
            temps.append((tmp, target))
    except OSError:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in temps:
        os.replace(tmp, target)


def dedupe(problems: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    out = []
    for p in problems:
        key = (p.code, p.file, p.sheet, p.cell, p.line, p.message_vi)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
