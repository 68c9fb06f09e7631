"""Read-only, light-touch sessions on a target, and DSNs that never leak a password."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import conninfo, sql

from watchdog.errors import TargetError
from watchdog.redact import redact_dsn as redact

__all__ = ["Session", "connect", "redact", "scrub"]

APPLICATION_NAME = "alert-watchdog"
UNION_CHUNK = 150


def _password_of(dsn: str) -> str | None:
    try:
        return conninfo.conninfo_to_dict(dsn).get("password")  # type: ignore[return-value]
    except psycopg.ProgrammingError:
        return None


def scrub(message: str, dsn: str) -> str:
    """Remove the DSN's password from an error message, whatever the driver put in it."""
    password = _password_of(dsn)
    if password:
        message = message.replace(password, "***")
    return redact(message)


class Session:
    """A read-only autocommit connection that counts its queries.

    Autocommit keeps each catalog query in its own short read-only transaction, so a
    query cancelled by `statement_timeout` costs that query only, and no snapshot or
    lock outlives a statement.
    """

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self.queries = 0

    def fetch(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        self.queries += 1
        with self.conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
            cur.execute(sql.encode(), params)
            return list(cur.fetchall()) if cur.description else []

    def union_all(
        self, parts: Sequence[sql.Composable], chunk: int = UNION_CHUNK
    ) -> list[tuple[Any, ...]]:
        """Run many small SELECTs as a few UNION ALL queries: bounded in count, never per object."""
        rows: list[tuple[Any, ...]] = []
        for i in range(0, len(parts), chunk):
            self.queries += 1
            with self.conn.cursor() as cur:
                cur.execute(sql.SQL(" UNION ALL ").join(parts[i : i + chunk]))
                rows.extend(cur.fetchall())
        return rows

    def close(self) -> None:
        self.conn.close()


def connect(
    dsn: str,
    *,
    statement_timeout_ms: int = 30_000,
    lock_timeout_ms: int = 1_000,
    connect_timeout: int = 10,
) -> Session:
    options = (
        "-c default_transaction_read_only=on "
        f"-c statement_timeout={int(statement_timeout_ms)} "
        f"-c lock_timeout={int(lock_timeout_ms)} "
        "-c idle_in_transaction_session_timeout=60000 "
        # names in view, rule and trigger definitions come out schema-qualified, as in pg_dump
        "-c search_path=pg_catalog"
    )
    try:
        conn = psycopg.connect(
            dsn,
            autocommit=True,
            application_name=APPLICATION_NAME,
            options=options,
            connect_timeout=connect_timeout,
        )
    except psycopg.ProgrammingError as exc:
        raise TargetError(f"invalid DSN {redact(dsn)}: {scrub(str(exc), dsn)}") from None
    except psycopg.Error as exc:
        first = scrub(
            str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__, dsn
        )
        raise TargetError(f"cannot connect to {redact(dsn)}: {first}") from None
    return Session(conn)
