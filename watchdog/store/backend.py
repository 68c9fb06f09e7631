"""The two places state can live: one SQLite file (WAL) or a schema in a PostgreSQL database.

Statements are written once with `?` placeholders and portable SQL (ON CONFLICT, RETURNING);
only the DDL differs. Each transaction opens its own connection, so scan threads, the
courier and a `findings suppress` run from a shell never share one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from watchdog.errors import TargetError, UsageError

SCHEMA_VERSION = 1

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS targets (
  name TEXT PRIMARY KEY, status TEXT NOT NULL, since TEXT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0, last_error TEXT, last_run_at TEXT);
CREATE TABLE IF NOT EXISTS runs (
  id {id}, target TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
  status TEXT NOT NULL, artifacts INTEGER, findings INTEGER,
  new INTEGER NOT NULL DEFAULT 0, changed INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0, error TEXT, outbox_id BIGINT);
CREATE INDEX IF NOT EXISTS runs_target ON runs (target, id);
CREATE TABLE IF NOT EXISTS findings (
  id {id}, target TEXT NOT NULL, rule_id TEXT NOT NULL, artifact_key TEXT NOT NULL,
  severity TEXT NOT NULL, title TEXT NOT NULL, fingerprint TEXT NOT NULL,
  finding TEXT NOT NULL, status TEXT NOT NULL,
  first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, resolved_at TEXT,
  suppressed_by TEXT, suppressed_reason TEXT, suppressed_at TEXT, suppressed_until TEXT,
  suppressed_fingerprint TEXT);
CREATE INDEX IF NOT EXISTS findings_target ON findings (target, status);
CREATE TABLE IF NOT EXISTS events (
  id {id}, finding_id BIGINT NOT NULL, run_id BIGINT, at TEXT NOT NULL, kind TEXT NOT NULL,
  fingerprint TEXT, detail TEXT);
CREATE INDEX IF NOT EXISTS events_finding ON events (finding_id, id);
CREATE TABLE IF NOT EXISTS outbox (
  id {id}, created_at TEXT NOT NULL, target TEXT, run_id BIGINT, kind TEXT NOT NULL,
  subject TEXT NOT NULL, message {blob} NOT NULL, message_id TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL, last_error TEXT,
  sent_at TEXT);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (sent_at, next_attempt_at);
"""


class Tx:
    """One transaction; `?` placeholders everywhere."""

    def __init__(self, cursor: Any, placeholder: str) -> None:
        self._cur = cursor
        self._ph = placeholder

    def run(self, sql: str, params: Sequence[Any] = ()) -> Tx:
        if self._ph != "?":
            sql = sql.replace("?", self._ph)
        self._cur.execute(sql, tuple(params))
        return self

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.run(sql, params)._cur.fetchone()

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(self.run(sql, params)._cur.fetchall())


class Backend(Protocol):
    description: str

    def tx(self) -> Any: ...  # a context manager yielding Tx


class SQLiteBackend:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"sqlite:{path}"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=30, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")  # persistent: set once per file
                conn.executescript(_TABLES.format(id="INTEGER PRIMARY KEY", blob="BLOB"))
            finally:
                conn.close()
            with self.tx() as tx:
                _stamp(tx)
        except (OSError, sqlite3.Error) as exc:
            raise UsageError(f"cannot open state store {path}: {exc}") from None

    @contextmanager
    def tx(self) -> Iterator[Tx]:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=30000")
            cur = conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(cur, "?")
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
        finally:
            conn.close()


class PostgresBackend:
    """State kept centrally: a schema `alert_watchdog` in a database the office runs."""

    SCHEMA = "alert_watchdog"

    def __init__(self, dsn: str) -> None:
        import psycopg

        from watchdog.redact import redact_dsn as redact

        self.dsn = dsn
        self.description = f"postgresql:{redact(dsn)}"
        try:
            with self.tx(create=True) as tx:
                tx.run("SELECT pg_advisory_xact_lock(872346001)")
                for stmt in _TABLES.format(id="BIGSERIAL PRIMARY KEY", blob="BYTEA").split(";"):
                    if stmt.strip():
                        tx.run(stmt)
                _stamp(tx)
        except psycopg.OperationalError as exc:
            # a server that is down may come back: exit 3, which systemd restarts after
            raise TargetError(
                f"state store {self.description} unreachable: {_first_line(exc)}"
            ) from None
        except psycopg.Error as exc:
            raise UsageError(
                f"cannot open state store {self.description}: {_first_line(exc)}"
            ) from None

    @contextmanager
    def tx(self, create: bool = False) -> Iterator[Tx]:
        import psycopg

        with (
            psycopg.connect(
                self.dsn, connect_timeout=10, application_name="alert-watchdog"
            ) as conn,
            conn.cursor() as cur,
        ):
            if create:
                cur.execute(f"CREATE SCHEMA IF NOT EXISTS {self.SCHEMA}")
            cur.execute(f"SET LOCAL search_path = {self.SCHEMA}")
            yield Tx(cur, "%s")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def _stamp(tx: Tx) -> None:
    row = tx.one("SELECT value FROM meta WHERE key = 'schema_version'")
    if row is None:
        tx.run("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    elif int(row[0]) > SCHEMA_VERSION:
        raise UsageError(
            f"the state store has schema version {row[0]}, newer than this alert-watchdog "
            f"understands ({SCHEMA_VERSION}); upgrade alert-watchdog"
        )
