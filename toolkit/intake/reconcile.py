"""Bring the archive and the ledger back in step after an interrupted run.

Run at the start of every intake, under the lock. By the order of operations a crash can
leave only:

* staged work files (``.staging/``): deleted (the inbox still has the originals);
* archive side files (JSON, feedback) without their original: deleted;
* originals in the archive, or rejected files, without a ledger row: adopted, i.e.
  entered in the ledger as they are (received at the file's modification time), with an
  ``intake-recovered`` finding in the result.

A ledger row whose archived file is gone cannot come from a crash (the row is written
after the file); it is reported as ``intake-archive-missing``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from toolkit.findings import Finding, make

from ..findings import intake as codes
from . import ledger as L
from . import result as R
from .folders import Folders, parse_archive_name
from .fsutil import sha256_of, unlink_quiet

_REJECTED_NAME = re.compile(r"^(?P<day>\d{4}-\d{2}-\d{2})_(?P<sha>[0-9a-f]{12}|nohash)_(?P<name>.+)$")


def reconcile(
    ws: Any, folders: Folders, led: L.Ledger, *, run: str, actor: str
) -> tuple[list[R.FileOutcome], list[Finding]]:
    _clear_staging(folders)
    recovered: list[R.FileOutcome] = []
    problems: list[Finding] = []
    versions = led.versions()
    known_paths = {r.path for vs in versions.values() for r in vs}
    if folders.archive.is_dir():
        for period_dir in sorted(p for p in folders.archive.iterdir() if p.is_dir()):
            for unit_dir in sorted(p for p in period_dir.iterdir() if p.is_dir()):
                _unit_dir(ws, folders, led, unit_dir, known_paths, recovered, problems, run, actor)
    _rejected(folders, led, recovered, run, actor)
    for vs in versions.values():
        for r in vs:
            if r.path and not (folders.submissions.parent / r.path).exists():
                problems.append(
                    make(codes.ARCHIVE_MISSING, file=r.path, unit=r.unit, period=r.period, version=r.version)
                )
    return recovered, problems


def _clear_staging(folders: Folders) -> None:
    if not folders.staging.is_dir():
        return
    for root, dirs, files in os.walk(folders.staging, topdown=False):
        for f in files:
            unlink_quiet(Path(root) / f)
        for d in dirs:
            try:
                (Path(root) / d).rmdir()
            except OSError:
                pass


def _unit_dir(
    ws: Any,
    folders: Folders,
    led: L.Ledger,
    d: Path,
    known: set[str | None],
    recovered: list[R.FileOutcome],
    problems: list[Finding],
    run: str,
    actor: str,
) -> None:
    names = {p.name for p in d.iterdir()}
    originals = {n: parsed for n in names if (parsed := parse_archive_name(n)) is not None}  # (version, sha12)
    for n in sorted(names):
        p = d / n
        if n.startswith(".") and n.endswith(".tmp"):
            unlink_quiet(p)  # an interrupted atomic write
            continue
        stem = n.split(".", 1)[0]
        if n not in originals and (n.endswith(".json") or n.endswith(".feedback.xlsx")):
            if f"{stem}.xlsx" not in originals:
                unlink_quiet(p)  # a side file whose original never made it
    for n in sorted(originals, key=lambda x: originals[x][0]):
        p = d / n
        rel = folders.rel(p)
        if rel in known:
            continue
        version, sha12 = originals[n]
        sha = sha256_of(p)
        unit, period = d.name, d.parent.name
        if not sha.startswith(sha12):
            # torn by a power loss before the chunk was synced: never recorded, and its
            # original is still in the inbox; set aside (not deleted) and reported
            os.replace(p, p.with_name(n + ".damaged"))
            for side in (f"v{version}_{sha12}.json", f"v{version}_{sha12}.feedback.xlsx"):
                if (d / side).exists():
                    os.replace(d / side, d / (side + ".damaged"))
            problems.append(make(codes.DAMAGED, file=rel + ".damaged"))
            continue
        doc = _report_doc(ws, p)
        intake = doc.get("intake", {}) if isinstance(doc, dict) else {}
        at = datetime.fromtimestamp(p.stat().st_mtime).astimezone().isoformat(timespec="seconds")
        f = make(codes.RECOVERED, file=rel, unit=unit, period=period, version=version)
        prev = max((v for v in _versions_of(led, unit, period) if v < version), default=None)
        ev = L.Event(
            at=at,
            status=L.RECEIVED,
            original_name=intake.get("original_name") or n,
            size=p.stat().st_size,
            sha256=sha,
            unit=unit,
            period=period,
            version=version,
            errors=int(doc.get("errors", 0)),
            warnings=int(doc.get("warnings", 0)),
            path=rel,
            supersedes=prev,
            reason_vi=f.message_vi,
            reason_en=f.message_en,
            actor=actor,
            run=run,
        )
        try:
            led.append([ev])
        except sqlite3.IntegrityError:
            problems.append(f)  # the same bytes or number already in the ledger: leave it for a person
            continue
        known.add(rel)
        o = R.FileOutcome(
            name=ev.original_name or n,
            status=R.RECEIVED,
            sha256=sha,
            size=ev.size or 0,
            unit=unit,
            period=period,
            version=version,
            errors=ev.errors or 0,
            warnings=ev.warnings or 0,
            archive=rel,
            reason=f,
            supersedes=prev,
            received_at=at,
        )
        recovered.append(o)


def _versions_of(led: L.Ledger, unit: str, period: str) -> list[int]:
    return [r.version or 0 for r in led.versions(unit, period).get((unit, period), [])]


def _report_doc(ws: Any, original: Path) -> dict:
    """The stored JSON of an archived original; validated again if it is missing."""
    j = original.with_suffix(".json")
    try:
        return json.loads(j.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    from toolkit.validate import validate_file

    from .fsutil import write_bytes
    from .history import ArchiveHistory

    rep = validate_file(original, ws, history=ArchiveHistory(ws))
    doc = rep.to_dict()
    write_bytes(j, json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())
    return doc


def _rejected(folders: Folders, led: L.Ledger, recovered: list[R.FileOutcome], run: str, actor: str) -> None:
    if not folders.rejected.is_dir():
        return
    known = {r.path for r in led.rows() if r.status == L.REJECTED}
    for p in sorted(folders.rejected.iterdir()):
        n = p.name
        if n.startswith(".") and n.endswith(".tmp"):
            unlink_quiet(p)
            continue
        if n.endswith(".reason.txt"):
            continue
        rel = folders.rel(p)
        m = _REJECTED_NAME.match(n)
        if rel in known or not m:
            continue
        reason = Path(str(p) + ".reason.txt")
        text = reason.read_text(encoding="utf-8", errors="replace") if reason.exists() else ""
        at = datetime.fromtimestamp(p.stat().st_mtime).astimezone().isoformat(timespec="seconds")
        vi, en = _split_reason(text)
        ev = L.Event(
            at=at,
            status=L.REJECTED,
            original_name=m.group("name"),
            size=p.stat().st_size,
            sha256=sha256_of(p),
            path=rel,
            reason_vi=vi,
            reason_en=en,
            actor=actor,
            run=run,
        )
        led.append([ev])
        recovered.append(
            R.FileOutcome(
                name=m.group("name"),
                status=R.REJECTED,
                sha256=ev.sha256 or "",
                size=ev.size or 0,
                archive=rel,
                received_at=at,
                reason=make(codes.RECOVERED_REJECTED, file=rel),
            )
        )


def _split_reason(text: str) -> tuple[str | None, str | None]:
    vi = en = None
    part = None
    for line in text.splitlines():
        if line.startswith("Lý do từ chối"):
            part = "vi"
        elif line.startswith("Why it was rejected"):
            part = "en"
        elif line.startswith("- ") and part == "vi" and vi is None:
            vi = line[2:]
        elif line.startswith("- ") and part == "en" and en is None:
            en = line[2:]
    return vi, en
