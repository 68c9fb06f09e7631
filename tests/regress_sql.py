"""PostgreSQL's own regression-test SQL as a robustness corpus for the scanner.

The SQL ships in pglast's source distribution (libpg_query/test/sql/postgres_regress/).
This module fetches it, turns psql scripts into plain statements, keeps away from the
statements that would touch anything outside one throwaway database (roles, databases,
tablespaces, server settings, files, other sessions, replication), and loads the rest
with errors tolerated.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg.pq import ConnStatus, ExecStatus

PGLAST_VERSION = "5.10"
REGRESS_SUBDIR = "libpg_query/test/sql/postgres_regress"

STATEMENT_TIMEOUT_MS = 5_000
LOCK_TIMEOUT_MS = 2_000
FILE_BUDGET_S = 60.0


class FetchError(Exception):
    """The sdist could not be downloaded (no network, no index)."""


# -- fetching -------------------------------------------------------------------------------


def fetch_regress_dir(cache: Path, version: str = PGLAST_VERSION, *, _retry: bool = True) -> Path:
    """The `postgres_regress` folder of pglast's sdist, downloaded once into `cache`."""
    cache.mkdir(parents=True, exist_ok=True)
    sdist = _find_sdist(cache, version)
    if sdist is None:
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-binary",
            ":all:",
            "--no-deps",
            "--disable-pip-version-check",
            "--retries",
            "2",
            "--timeout",
            "30",
            f"pglast=={version}",
            "-d",
            str(cache),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise FetchError(f"pip download failed: {exc}") from None
        sdist = _find_sdist(cache, version)
        if proc.returncode != 0 or sdist is None:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise FetchError("pip download failed: " + " | ".join(tail))
    target = cache / f"pglast-{version}-src"
    regress = target / f"pglast-{version}" / REGRESS_SUBDIR
    if not regress.is_dir():
        try:
            _extract(sdist, target)
        except (tarfile.TarError, OSError, EOFError):
            if not _retry:
                raise
            sdist.unlink()  # a truncated download from an earlier run: fetch it again
            return fetch_regress_dir(cache, version, _retry=False)
    if not regress.is_dir():
        found = sorted(target.rglob("postgres_regress"))
        if not found:
            raise AssertionError(f"no postgres_regress folder in {sdist}")
        regress = found[0]
    return regress


def _extract(sdist: Path, target: Path) -> None:
    """Extract the regression folder next to `target`, then move it in place whole."""
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    with tarfile.open(sdist) as tar:
        members = [m for m in tar.getmembers() if f"/{REGRESS_SUBDIR}/" in m.name + "/"]
        if hasattr(tarfile, "data_filter"):
            tar.extractall(partial, members=members, filter="data")
        else:  # Python < 3.11.4
            tar.extractall(partial, members=members)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)


def _find_sdist(cache: Path, version: str) -> Path | None:
    for pattern in (f"pglast-{version}.tar.gz", f"pglast-{version}.zip"):
        hits = sorted(cache.glob(pattern))
        if hits:
            return hits[0]
    return None


# -- psql script to statements --------------------------------------------------------------

_DOLLAR = re.compile(r"\$([A-Za-z_\x80-\uffff][\w\x80-\uffff]*)?\$")
_TERMINATING_META = re.compile(r"\\(?:g\w*|crosstabview)\b|\\;")
_END_OF_DATA = re.compile(r"^\\\.[ \t]*\r?$", re.MULTILINE)
_COPY_FROM_STDIN = re.compile(r"^\s*COPY\b.*\bFROM\s+STDIN\b", re.IGNORECASE | re.DOTALL)


def psql_to_sql(text: str) -> str:
    """Plain SQL from a psql script (see `psql_script`)."""
    return psql_script(text)[0]


def psql_script(text: str) -> tuple[str, list[str]]:
    """Plain SQL from a psql script, and its statements split on top-level semicolons.

    Meta-commands (a backslash outside quotes, to the end of its line) are dropped; the
    ones that send the query buffer (`\\g`, `\\gset`, `\\gexec`, `\\crosstabview`...) and
    `\\;` become a semicolon; inline COPY data (up to `\\.`) is dropped.
    """
    out: list[str] = []
    statements: list[str] = []
    i, n = 0, len(text)
    stmt_start = 0  # index in `out` where the current statement began
    state = None  # None, "'", 'E', '"', '$tag$', '--', '/*'
    depth = 0
    dollar = ""

    def emit(s: str) -> None:
        out.append(s)

    while i < n:
        c = text[i]
        if state is None:
            if c == "-" and text.startswith("--", i):
                j = text.find("\n", i)
                j = n if j < 0 else j
                emit(text[i:j])
                i = j
                continue
            if c == "/" and text.startswith("/*", i):
                state, depth = "/*", 1
                emit("/*")
                i += 2
                continue
            if c == "'":
                prev = text[i - 1] if i else ""
                before = text[i - 2] if i > 1 else ""
                escaped = prev in "eE" and not (before.isalnum() or before == "_")
                state = "E" if escaped else "'"
                emit(c)
                i += 1
                continue
            if c == '"':
                state = '"'
                emit(c)
                i += 1
                continue
            if c == "$":
                prev = text[i - 1] if i else ""
                m = _DOLLAR.match(text, i)
                if m and not (prev.isalnum() or prev in "_$"):
                    state, dollar = "$", m.group(0)
                    emit(dollar)
                    i = m.end()
                    continue
            if c == "\\":
                j = text.find("\n", i)
                j = n if j < 0 else j
                meta = text[i:j]
                if _TERMINATING_META.match(meta):
                    emit(";")
                    c = ";"  # fall through to the end-of-statement handling below
                    i = j
                else:
                    i = j
                    continue
            else:
                emit(c)
                i += 1
            if c == ";":
                stmt = "".join(out[stmt_start:])
                statements.append(stmt[:-1].strip())
                if _COPY_FROM_STDIN.match(_strip_comments(stmt)):
                    # skip the inline data up to a line that is exactly "\."
                    m = _END_OF_DATA.search(text, i)
                    if m:
                        i = m.end()
                stmt_start = len(out)
            continue
        # inside something
        if state == "/*":
            if text.startswith("*/", i):
                depth -= 1
                emit("*/")
                i += 2
                if depth == 0:
                    state = None
                continue
            if text.startswith("/*", i):
                depth += 1
                emit("/*")
                i += 2
                continue
            emit(c)
            i += 1
            continue
        if state == "$":
            j = text.find(dollar, i)
            j = n if j < 0 else j + len(dollar)
            emit(text[i:j])
            i, state = j, None
            continue
        if state == "E" and c == "\\":
            emit(text[i : i + 2])
            i += 2
            continue
        quote = '"' if state == '"' else "'"
        if c == quote:
            if text.startswith(quote * 2, i):
                emit(quote * 2)
                i += 2
                continue
            state = None
        emit(c)
        i += 1
    tail = "".join(out[stmt_start:]).strip()
    if tail:
        statements.append(tail)
    return "".join(out), [st for st in statements if st]


def _strip_comments(stmt: str) -> str:
    return re.sub(r"^(?:\s|--[^\n]*(?:\n|$)|/\*.*?\*/)*", "", stmt, flags=re.DOTALL)


_ATOMIC = re.compile(r"\bBEGIN\s+ATOMIC\b", re.IGNORECASE)


def split_sql(sql: str, fallback: list[str] | None = None) -> list[str] | None:
    """Statements of a script, or None if it cannot be split.

    The parser-based split keeps `BEGIN ATOMIC ... END` bodies whole but fails on the
    first syntax error; the scanner-based split does not mind syntax errors but fails on
    lexical ones, and then `fallback` (a plain split on top-level semicolons) is used. In
    both of the latter the pieces of an atomic body are glued back until they parse.
    """
    import pglast

    try:
        return list(pglast.split(sql))
    except Exception:  # ParseError, and rarely others on odd input
        pass
    try:
        pieces = list(pglast.split(sql, with_parser=False))
    except Exception:
        if fallback is None:
            return None
        pieces = fallback
    out: list[str] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if _ATOMIC.search(piece) and not _parses(piece):
            for j in range(i + 1, min(i + 60, len(pieces))):
                candidate = ";\n".join(pieces[i : j + 1])
                if _parses(candidate):
                    piece, i = candidate, j
                    break
        out.append(piece)
        i += 1
    return out


def _parses(sql: str) -> bool:
    from pglast.parser import parse_sql_json

    try:
        parse_sql_json(sql)
    except Exception:
        return False
    return True


# -- what must not run on a shared server ---------------------------------------------------

_SHARED_OBJTYPES = {
    "OBJECT_DATABASE",
    "OBJECT_ROLE",
    "OBJECT_TABLESPACE",
    "OBJECT_SUBSCRIPTION",
    "OBJECT_PARAMETER_ACL",
}
_FORBIDDEN_NODES = {
    "CreateRoleStmt": "role",
    "AlterRoleStmt": "role",
    "AlterRoleSetStmt": "role",
    "DropRoleStmt": "role",
    "GrantRoleStmt": "role membership",
    "ReassignOwnedStmt": "REASSIGN OWNED",
    "DropOwnedStmt": "DROP OWNED",
    "CreatedbStmt": "database",
    "DropdbStmt": "database",
    "AlterDatabaseStmt": "database",
    "AlterDatabaseSetStmt": "database",
    "AlterDatabaseRefreshCollStmt": "database",
    "CreateTableSpaceStmt": "tablespace",
    "DropTableSpaceStmt": "tablespace",
    "AlterTableSpaceOptionsStmt": "tablespace",
    "AlterTableMoveAllStmt": "tablespace",
    "AlterSystemStmt": "ALTER SYSTEM",
    "LoadStmt": "LOAD",
    "CopyStmt": "COPY",
    "CheckPointStmt": "CHECKPOINT",
    "CreateSubscriptionStmt": "subscription",
    "AlterSubscriptionStmt": "subscription",
    "DropSubscriptionStmt": "subscription",
}
_FORBIDDEN_SETTINGS = {
    "role",
    "session_authorization",
    "statement_timeout",
    "lock_timeout",
    "idle_in_transaction_session_timeout",
    "idle_session_timeout",
    "transaction_timeout",
}
_FORBIDDEN_FUNCS = re.compile(
    r"^(?:pg_terminate_backend|pg_cancel_backend|pg_signal_backend|pg_reload_conf|"
    r"pg_rotate_logfile|lo_import|lo_export|pg_read_file|pg_read_binary_file|pg_ls_\w*|"
    r"pg_stat_file|pg_file_\w+|pg_create_\w+|pg_drop_replication_slot|pg_copy_\w+_slot|"
    r"pg_replication_origin_\w+|pg_replication_slot_advance|pg_logical_slot_\w+|"
    r"pg_stat_reset\w*|pg_switch_wal|pg_switch_xlog|pg_promote|pg_backup_start|pg_backup_stop|"
    r"pg_start_backup|pg_stop_backup|pg_wal_replay_\w+|pg_log_backend_memory_contexts|"
    r"pg_sync_replication_slots|dblink\w*|set_config)$",
    re.IGNORECASE,
)
# Text-level guard for what the parse tree cannot show (DO blocks, function bodies,
# statements pglast cannot parse).
_FORBIDDEN_TEXT = re.compile(
    r"\b(?:CREATE|ALTER|DROP)\s+(?:ROLE|USER(?!\s+MAPPING)|GROUP|DATABASE|TABLESPACE|SUBSCRIPTION)\b"
    r"|\bALTER\s+SYSTEM\b|\bLOAD\s+'|\bCHECKPOINT\b"
    r"|\bVACUUM\s+(?:\([^)]*\bFULL\b|FULL\b)"
    r"|\bsession[_\s]+authorization\b|\bSET\s+(?:LOCAL\s+|SESSION\s+)?ROLE\b"
    r"|\b(?:DROP|REASSIGN)\s+OWNED\b|\bPROGRAM\b|\bCOPY\b[^;]*?\b(?:FROM|TO)\s+E?'"
    r"|\b(?:PREPARE\s+TRANSACTION|COMMIT\s+PREPARED|ROLLBACK\s+PREPARED)\b"
    r"|\bREINDEX\s+(?:\([^)]*\)\s*)?(?:SYSTEM|DATABASE)\b"
    r"|\bLANGUAGE\s+['\"]?c['\"]?(?![\w$])"
    r"|\b(?:pg_terminate_backend|pg_cancel_backend|pg_signal_backend|pg_reload_conf|"
    r"pg_rotate_logfile|lo_import|lo_export|pg_read_file|pg_read_binary_file|pg_ls_\w*dir|"
    r"pg_stat_file|pg_file_\w+|pg_create_\w+|pg_drop_replication_slot|pg_replication_origin_\w+|"
    r"pg_logical_slot_\w+|pg_stat_reset\w*|pg_switch_wal|pg_promote|pg_backup_\w+|"
    r"pg_start_backup|pg_stop_backup|pg_wal_replay_\w+|pg_log_backend_memory_contexts|dblink\w*)"
    r"\s*\("
    r"|\bset_config\s*\(\s*'(?:role|session_authorization|\w*timeout)'"
    r"|\b(?:statement|lock|idle_in_transaction_session|idle_session|transaction)_timeout\b",
    re.IGNORECASE,
)
_SHARED_CATALOGS = re.compile(
    r"\b(?:pg_authid|pg_database|pg_auth_members|pg_tablespace|pg_db_role_setting|pg_shdepend|"
    r"pg_shdescription|pg_shseclabel|pg_replication_origin|pg_subscription|pg_parameter_acl)\b",
    re.IGNORECASE,
)
_LOCKING = re.compile(r"\bFOR\s+(?:UPDATE|SHARE|NO\s+KEY|KEY)\b|\bLOCK\b", re.IGNORECASE)


def forbidden(stmt: str) -> str | None:
    """Why a statement must not run on a shared server, or None when it may."""
    m = _FORBIDDEN_TEXT.search(stmt)
    if m:
        return f"text: {' '.join(m.group(0).split())[:40].lower()}"
    from pglast.parser import parse_sql_json

    try:
        tree = json.loads(parse_sql_json(stmt))
    except Exception:
        tree = None
    if _SHARED_CATALOGS.search(stmt):
        plain_select = (
            tree is not None
            and all("SelectStmt" in s.get("stmt", {}) for s in tree.get("stmts", []))
            and not _LOCKING.search(stmt)
        )
        if not plain_select:
            return "shared catalog"
    if tree is None:
        return None
    for node_type, node in _walk(tree):
        if node_type in _FORBIDDEN_NODES:
            return _FORBIDDEN_NODES[node_type]
        if node_type == "VariableSetStmt" and node.get("name", "").lower() in _FORBIDDEN_SETTINGS:
            return f"SET {node['name']}"
        if node_type == "VacuumStmt" and any(
            d.get("DefElem", {}).get("defname") == "full" for d in node.get("options", [])
        ):
            return "VACUUM FULL"
        if node_type == "TransactionStmt" and "PREPARE" in node.get("kind", ""):
            return "two-phase commit"
        if node_type == "ReindexStmt" and node.get("kind") in (
            "REINDEX_OBJECT_SYSTEM",
            "REINDEX_OBJECT_DATABASE",
        ):
            return "REINDEX SYSTEM/DATABASE"
        if node_type == "FuncCall":
            names = [n.get("String", {}).get("sval", "") for n in node.get("funcname", [])]
            if names and _FORBIDDEN_FUNCS.match(names[-1]):
                return f"call {names[-1]}"
        if node_type == "DefElem" and node.get("defname") == "language":
            lang = node.get("arg", {}).get("String", {}).get("sval", "")
            if lang.lower() == "c":
                return "LANGUAGE c"
        for key in ("objtype", "objectType", "renameType"):
            if node.get(key) in _SHARED_OBJTYPES:
                return f"shared object {node[key]}"
    return None


def _walk(node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, dict):
                if k[:1].isupper():
                    yield k, v
                yield from _walk(v)
            elif isinstance(v, list):
                yield from _walk(v)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


# -- loading --------------------------------------------------------------------------------


@dataclass
class LoadStats:
    files: int = 0
    files_unsplit: list[str] = field(default_factory=list)
    files_over_budget: list[str] = field(default_factory=list)
    statements: int = 0
    ok: int = 0
    failed: int = 0
    timed_out: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    reconnects: list[str] = field(default_factory=list)
    seconds: float = 0.0
    slowest: list[tuple[float, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "files_unsplit": self.files_unsplit,
            "files_over_budget": self.files_over_budget,
            "statements": self.statements,
            "ok": self.ok,
            "failed": self.failed,
            "timed_out": self.timed_out,
            "skipped": dict(self.skipped.most_common()),
            "reconnects": self.reconnects,
            "seconds": round(self.seconds, 1),
            "slowest_files": [[round(s, 1), f] for s, f in sorted(self.slowest, reverse=True)[:10]],
        }


def _connect(dsn: str, deadline: float) -> psycopg.Connection[Any]:
    options = (
        f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS} "
        "-c client_min_messages=error -c idle_in_transaction_session_timeout=60000"
    )
    last: Exception | None = None
    while True:
        try:
            return psycopg.connect(dsn, autocommit=True, options=options, connect_timeout=10)
        except psycopg.OperationalError as exc:  # e.g. the server restarting after a crash
            last = exc
            if time.monotonic() > deadline:
                raise AssertionError(f"cannot reconnect to the server: {last}") from None
            time.sleep(1)


_DROP = re.compile(r"^DROP\s+(?!EVENT\s+TRIGGER\b)", re.IGNORECASE)


def is_drop(stmt: str) -> bool:
    """A DROP of anything but an event trigger (those could block later files' DDL)."""
    from pglast.parser import parse_sql_json

    try:
        tree = json.loads(parse_sql_json(stmt))
    except Exception:
        return bool(_DROP.match(_strip_comments(stmt)))
    for raw in tree.get("stmts", []):
        drop = raw.get("stmt", {}).get("DropStmt")
        if drop is not None and drop.get("removeType") != "OBJECT_EVENT_TRIGGER":
            return True
    return False


def load_files(dsn: str, files: Iterable[Path], *, keep_objects: bool = False) -> LoadStats:
    """Run every statement of every file, one autocommit connection per file.

    With `keep_objects`, DROP statements are skipped so that what each file creates stays
    for the scan (the regression files clean up after themselves).
    """
    stats = LoadStats()
    t0 = time.monotonic()
    for path in files:
        stats.files += 1
        text = path.read_bytes().decode("utf-8", "replace")
        sql, own_split = psql_script(text)
        statements = split_sql(sql, own_split)
        if statements is None:
            stats.files_unsplit.append(path.name)
            continue
        f0 = time.monotonic()
        conn = _connect(dsn, f0 + 60)
        try:
            for stmt in statements:
                if time.monotonic() - f0 > FILE_BUDGET_S:
                    stats.files_over_budget.append(path.name)
                    break
                if not stmt.strip():
                    continue
                stats.statements += 1
                reason = forbidden(stmt)
                if reason:
                    stats.skipped[reason] += 1
                    continue
                if keep_objects and is_drop(stmt):
                    stats.skipped["DROP (objects kept)"] += 1
                    continue
                conn = _execute(conn, dsn, stmt, stats, path.name)
        finally:
            conn.close()
        stats.slowest.append((time.monotonic() - f0, path.name))
    stats.seconds = time.monotonic() - t0
    return stats


def _execute(
    conn: psycopg.Connection[Any], dsn: str, stmt: str, stats: LoadStats, where: str
) -> psycopg.Connection[Any]:
    pgconn = conn.pgconn
    res = pgconn.exec_(stmt.encode("utf-8", "replace"))
    status = res.status
    if status in (ExecStatus.COMMAND_OK, ExecStatus.TUPLES_OK, ExecStatus.EMPTY_QUERY):
        stats.ok += 1
    elif status in (ExecStatus.COPY_IN, ExecStatus.COPY_OUT, ExecStatus.COPY_BOTH):
        stats.skipped["COPY at run time"] += 1
        conn.close()  # simplest way out of the COPY sub-protocol
    else:
        stats.failed += 1
        sqlstate = res.error_field(0x43)  # PG_DIAG_SQLSTATE
        if sqlstate == b"57014":  # query_canceled: statement_timeout
            stats.timed_out += 1
    res.clear()
    if conn.closed or pgconn.status != ConnStatus.OK:
        if pgconn.status != ConnStatus.OK and status not in (
            ExecStatus.COPY_IN,
            ExecStatus.COPY_OUT,
            ExecStatus.COPY_BOTH,
        ):
            stats.reconnects.append(f"{where}: {' '.join(stmt.split())[:160]}")
        conn.close()
        conn = _connect(dsn, time.monotonic() + 60)
    return conn


# -- what the scan must report --------------------------------------------------------------

_NOT_SYSTEM = (
    "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
    "AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%'"
)
PROCS = f"""
SELECT n.nspname AS schema, p.proname AS name, p.prokind::text AS prokind, l.lanname AS language,
       p.prosrc AS source, {{sqlbody}} AS sqlbody,
       pg_get_function_arguments(p.oid) AS full_args,
       pg_get_function_result(p.oid) AS result
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE {_NOT_SYSTEM}
  AND l.lanname IN ('plpgsql', 'sql') AND p.prokind IN ('f', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2
"""
VIEWS = f"""
SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind,
       pg_get_viewdef(c.oid) AS body
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND {_NOT_SYSTEM}
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
"""


@dataclass
class Body:
    """A routine or view body as the superuser sees it, with the verdict of an
    independent parse (None when it parses)."""

    kind: str
    schema: str
    name: str
    language: str
    body: str
    error: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.schema, self.name)


def bodies_with_verdicts(dsn: str) -> list[Body]:
    """PL/pgSQL and SQL routines and views, each checked for parseability independently.

    PL/pgSQL bodies go through pglast.parse_plpgsql inside a CREATE statement with the
    routine's real signature; SQL bodies (routines, views) are split by pglast and every
    statement must be parsed by sqlglot (the engine's SQL parser) without raising.
    """
    from pglast import parse_plpgsql

    # the scanner's own search_path: definitions come out schema-qualified, as in pg_dump
    with psycopg.connect(dsn, autocommit=True, options="-c search_path=pg_catalog") as conn:
        version = int(conn.execute("SHOW server_version_num").fetchone()[0])  # type: ignore[index]
        sqlbody = "pg_get_function_sqlbody(p.oid)" if version >= 140000 else "NULL::text"
        cur = conn.cursor(row_factory=psycopg.rows.dict_row)
        procs = cur.execute(PROCS.format(sqlbody=sqlbody)).fetchall()
        views = cur.execute(VIEWS).fetchall()
    out: list[Body] = []
    for row in procs:
        kind = "procedure" if row["prokind"] == "p" else "function"
        body = row["sqlbody"] or row["source"] or ""
        item = Body(kind, row["schema"], row["name"], row["language"], body)
        out.append(item)
        if row["language"] == "plpgsql":
            tag = "wd_body"
            while f"${tag}$" in body:
                tag += "_"
            returns = "" if kind == "procedure" else f" RETURNS {row['result'] or 'void'}"
            # the engine's documented workaround: pglast resolves only pg_catalog and public
            # types, so schema qualifiers are dropped from the probe's signature and DECLAREs
            head = f"CREATE {kind.upper()} probe({_unqualify(row['full_args'] or '')}){_unqualify(returns)} "
            for text in (body, _unqualify_declarations(body)):
                try:
                    parse_plpgsql(f"{head}LANGUAGE plpgsql AS ${tag}${text}${tag}$")
                    item.error = None
                    break
                except Exception as exc:
                    item.error = _first_line(exc)
        else:
            # BEGIN ATOMIC … END and SQL-standard RETURN bodies, as the engine reads them
            item.error = sql_error(_strip_atomic(body))
    for row in views:
        kind = "view" if row["relkind"] == "v" else "materialized_view"
        item = Body(kind, row["schema"], row["name"], "sql", row["body"] or "")
        item.error = sql_error(item.body)
        out.append(item)
    return out


from watchdog.analysis.bodies import _strip_atomic, _unqualify, _unqualify_declarations  # noqa: E402


def sql_error(text: str) -> str | None:
    """The first error sqlglot raises on any statement of `text`, or None.

    Positional parameters are renamed first, as the engine does: sqlglot's tokenizer cannot
    read `$1+$2` (sqlglot issue #2931), which is a known limitation worked around, not a gap.
    """
    import re

    import sqlglot

    for piece in split_sql(text) or [text]:
        try:
            sqlglot.parse(re.sub(r"(?<![\w$])\$(\d+)\b", r"__wd_param\1", piece), read="postgres")
        except Exception as exc:
            return _first_line(exc)
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0][:300] if text else type(exc).__name__
