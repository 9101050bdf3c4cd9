"""The ledger: an append-only SQLite table of events (``submissions/ledger.sqlite``).

One row per thing that happened to a file or a period: a new version filed, the same
bytes received again, a file rejected or refused, a period approved or reopened. Rows
are never updated or deleted (triggers refuse it); everything else is derived:

* the current version of (unit, period) is its highest ``received`` version;
* a version is superseded by the next ``received`` version of the same unit and period
  (``supersedes`` on the newer row names the older version);
* a period is locked while its latest approved/reopened event is ``approved``.

Unique indexes make a doubled version impossible: (unit, period, version) and sha256
are unique among ``received`` rows. The database runs in WAL mode so that ``status``
and ``history`` can read while an intake writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

# statuses of a row: the words of toolkit/intake/outcomes.py, re-exported
from .outcomes import APPROVED as APPROVED
from .outcomes import DUPLICATE as DUPLICATE
from .outcomes import MASTER_REFUSED as MASTER_REFUSED
from .outcomes import MASTER_VERSION as MASTER_VERSION
from .outcomes import RECEIVED as RECEIVED
from .outcomes import REFUSED_APPROVED as REFUSED_APPROVED
from .outcomes import REJECTED as REJECTED
from .outcomes import REOPENED as REOPENED
from .outcomes import WRONG_PERIOD as WRONG_PERIOD

SCHEMA_VERSION = 1

_DDL = """
CREATE TABLE IF NOT EXISTS events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL,
    status        TEXT NOT NULL,
    original_name TEXT,
    size          INTEGER,
    sha256        TEXT,
    unit          TEXT,
    period        TEXT,
    version       INTEGER,
    errors        INTEGER,
    warnings      INTEGER,
    path          TEXT,
    supersedes    INTEGER,
    same_as       INTEGER,
    reason_vi     TEXT,
    reason_en     TEXT,
    actor         TEXT,
    run           TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS events_version ON events(unit, period, version) WHERE status = 'received';
CREATE UNIQUE INDEX IF NOT EXISTS events_bytes ON events(sha256) WHERE status = 'received';
CREATE INDEX IF NOT EXISTS events_sha ON events(sha256);
CREATE INDEX IF NOT EXISTS events_unit_period ON events(period, unit);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
"""


@dataclass
class Event:
    """A row to append (``id`` is assigned by the database)."""

    at: str
    status: str
    original_name: str | None = None
    size: int | None = None
    sha256: str | None = None
    unit: str | None = None
    period: str | None = None
    version: int | None = None
    errors: int | None = None
    warnings: int | None = None
    path: str | None = None
    supersedes: int | None = None
    same_as: int | None = None
    reason_vi: str | None = None
    reason_en: str | None = None
    actor: str | None = None
    run: str | None = None


_COLS = [f.name for f in fields(Event)]
_SELECT = "SELECT id, " + ", ".join(_COLS) + " FROM events"  # noqa: S608 (fixed column names)
_INSERT = f"INSERT INTO events ({', '.join(_COLS)}) VALUES ({', '.join('?' * len(_COLS))})"  # noqa: S608


@dataclass
class LedgerRow(Event):
    """A stored row, with what is derived from later rows."""

    id: int = 0
    superseded_by: int | None = None  # the version that replaced this one
    current: bool = False  # this version is the current one of its unit and period

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Ledger:
    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        self.conn: sqlite3.Connection | None = None
        if not path.exists() and not create:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        if create:
            with self.transaction():
                for stmt in filter(None, (s.strip() for s in _split(_DDL))):
                    self.conn.execute(stmt)
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # --- writing ---------------------------------------------------------------------
    def transaction(self) -> _Tx:
        return _Tx(self._c())

    def append(self, events: Iterable[Event]) -> int:
        """Append rows in one transaction; all or none."""
        rows = [tuple(getattr(e, c) for c in _COLS) for e in events]
        if not rows:
            return 0
        with self.transaction() as c:
            c.executemany(_INSERT, rows)
        return len(rows)

    # --- reading ---------------------------------------------------------------------
    def rows(self, unit: str | None = None, period: str | None = None) -> list[LedgerRow]:
        if self.conn is None:
            return []
        where, args = [], []
        if unit:
            where.append("unit = ?")
            args.append(unit)
        if period:
            where.append("period = ?")
            args.append(period)
        sql = _SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        out = [_row(r) for r in self.conn.execute(sql + " ORDER BY id", args)]
        _derive(out, self.versions(unit, period))
        return out

    def versions(self, unit: str | None = None, period: str | None = None) -> dict[tuple[str, str], list[LedgerRow]]:
        """Received versions by (unit, period), oldest first."""
        out: dict[tuple[str, str], list[LedgerRow]] = {}
        if self.conn is None:
            return out
        sql = _SELECT + " WHERE status = 'received'"
        args: list[str] = []
        if unit:
            sql += " AND unit = ?"
            args.append(unit)
        if period:
            sql += " AND period = ?"
            args.append(period)
        for r in self.conn.execute(sql + " ORDER BY version", args):
            row = _row(r)
            out.setdefault((row.unit or "", row.period or ""), []).append(row)
        for vs in out.values():
            for older, newer in zip(vs, vs[1:], strict=False):
                older.superseded_by = newer.version
            vs[-1].current = True
        return out

    def archived(self) -> dict[str, LedgerRow]:
        """sha256 -> the received version with these bytes."""
        out: dict[str, LedgerRow] = {}
        for vs in self.versions().values():
            for r in vs:
                out[r.sha256 or ""] = r
        return out

    def seen(self) -> set[tuple[str, str, str]]:
        """(status, sha256, original name) of every file row: to record a re-run only once."""
        if self.conn is None:
            return set()
        q = "SELECT status, sha256, original_name FROM events WHERE sha256 IS NOT NULL"
        return {(s, h, n or "") for s, h, n in self.conn.execute(q)}

    def approvals(self) -> dict[str, LedgerRow]:
        """period -> its latest approved/reopened row."""
        out: dict[str, LedgerRow] = {}
        if self.conn is None:
            return out
        q = _SELECT + " WHERE status IN ('approved', 'reopened') ORDER BY id"
        for r in self.conn.execute(q):
            row = _row(r)
            out[row.period or ""] = row
        return out

    def approved(self, period: str) -> LedgerRow | None:
        row = self.approvals().get(period)
        return row if row is not None and row.status == APPROVED else None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _c(self) -> sqlite3.Connection:
        if self.conn is None:
            raise RuntimeError("ledger not open for writing")
        return self.conn


class _Tx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, et: type[BaseException] | None, *_: object) -> None:
        self.conn.execute("ROLLBACK" if et else "COMMIT")


def _split(ddl: str) -> list[str]:
    """Statements of the DDL (triggers contain ';' inside BEGIN ... END)."""
    out, buf = [], []
    for line in ddl.strip().splitlines():
        buf.append(line)
        text = "\n".join(buf).strip()
        if text.endswith(";") and (not text.upper().startswith("CREATE TRIGGER") or text.upper().endswith("END;")):
            out.append(text)
            buf = []
    return out


def _row(r: tuple) -> LedgerRow:
    return LedgerRow(id=r[0], **dict(zip(_COLS, r[1:], strict=True)))


def _derive(rows: list[LedgerRow], versions: dict[tuple[str, str], list[LedgerRow]]) -> None:
    by_id = {v.id: v for vs in versions.values() for v in vs}
    for r in rows:
        v = by_id.get(r.id)
        if v is not None:
            r.superseded_by, r.current = v.superseded_by, v.current
