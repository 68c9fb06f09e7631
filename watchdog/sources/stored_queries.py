"""Stored queries: SQL kept as data in application tables (a text column, or a string
field inside a JSON document), each row an artifact of kind `stored_query`.

Discovery is bounded: one sampling query over candidate columns (by name and type)
finds the columns that really hold SQL; then each such table is streamed once with a
server-side cursor, capped at MAX_ROWS. Only the SQL, the row key, its title, owner,
schedule and recipients are read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import psycopg
import structlog
from psycopg import sql

from watchdog.model import (
    Artifact,
    ArtifactKind,
    Gap,
    Inventory,
    RelationDetails,
    StoredQueryDetails,
)
from watchdog.policy import Policy
from watchdog.sources.connection import Session
from watchdog.sqltext import JSON_TYPES, base_type, is_text_type

log = structlog.get_logger(__name__)

SAMPLE_ROWS = 500
UNNAMED_SAMPLE_ROWS = 50  # text columns not named like SQL: a shallower look, still a look
MAX_ROWS = 250_000
BATCH = 5_000
# A statement, not a word: `INSERT` alone is an audit row's operation, not a query.
LOOKS_LIKE_SQL = re.compile(
    r"^\s*(?:\(\s*)?(SELECT|WITH|INSERT|UPDATE|DELETE|MERGE)\s.*?\b(FROM|INTO|SET|VALUES|WHERE|AS)\b",
    re.IGNORECASE | re.DOTALL,
)
SQL_REGEX = r"(^|\")\s*\(?\s*(select|with|insert|update|delete|merge)\s.*\m(from|into|set|values|where|as)\M"


@dataclass
class StoredQueryTable:
    relation: Artifact
    sql_column: str
    json_paths: list[tuple[str, ...]] = field(default_factory=list)
    key: list[str] = field(default_factory=list)
    title: str | None = None
    owner: str | None = None
    schedule: str | None = None
    recipients: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    """A column that may hold SQL: every JSON and text column of an application table
    is looked at; those named like SQL more deeply."""

    relation: Artifact
    column: str
    is_json: bool
    sample: int


def candidate_columns(inv: Inventory, policy: Policy) -> list[Candidate]:
    out = []
    named = {t["table"] for t in policy.stored_query_tables}
    for rel in inv.of_kind(ArtifactKind.TABLE):
        q = rel.qualified.lower()
        if rel.schema == "cron" or q in policy.stored_query_exclude or q in named:
            continue
        for col in rel.columns:
            is_json = base_type(col.type) in JSON_TYPES
            if is_json or (is_text_type(col.type) and policy.has("sq_sql_columns", col.name)):
                out.append(Candidate(rel, col.name, is_json, SAMPLE_ROWS))
            elif is_text_type(col.type):
                out.append(Candidate(rel, col.name, False, UNNAMED_SAMPLE_ROWS))
    return out


def sql_paths(doc: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """JSON paths whose string values look like SQL."""
    out: list[tuple[str, ...]] = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += sql_paths(v, (*prefix, str(k)))
    elif isinstance(doc, list):
        for i, v in enumerate(doc[:50]):
            out += sql_paths(v, (*prefix, str(i)))
    elif isinstance(doc, str) and LOOKS_LIKE_SQL.match(doc):
        out.append(prefix)
    return out


def get_path(doc: Any, path: tuple[str, ...]) -> Any:
    for p in path:
        if isinstance(doc, dict):
            doc = doc.get(p)
        elif isinstance(doc, list) and p.isdigit() and int(p) < len(doc):
            doc = doc[int(p)]
        else:
            return None
    return doc


def _context(doc: Any, path: tuple[str, ...]) -> dict[str, Any]:
    """The fields around a SQL string: its own object first, then each enclosing one."""
    merged: dict[str, Any] = {}
    for depth in range(len(path) - 1, -1, -1):
        node = get_path(doc, path[:depth])
        if isinstance(node, dict):
            for k, v in node.items():
                merged.setdefault(k, v)
    return merged


def _field(doc: dict[str, Any], policy: Policy, vocab: str) -> Any:
    for k, v in doc.items():
        if policy.has(vocab, k):
            return v
    return None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    return [s.strip() for s in re.split(r"[;,]", str(value)) if s.strip()]


def configured(inv: Inventory, policy: Policy) -> list[StoredQueryTable]:
    """Tables the site names in its policy: read as told, without sampling."""
    rels = {
        a.qualified.lower(): a
        for a in inv.of_kind(ArtifactKind.TABLE, ArtifactKind.VIEW, ArtifactKind.MATERIALIZED_VIEW)
    }
    out = []
    for spec in policy.stored_query_tables:
        rel = rels.get(spec["table"])
        if rel is None:
            inv.gaps.append(
                Gap(
                    Artifact(kind=ArtifactKind.TABLE, schema="", name=spec["table"]),
                    "stored-query table named in the policy does not exist or is not visible",
                    "check the name, or GRANT pg_read_all_data to the scanning role",
                )
            )
            continue
        column, _, path = str(spec["sql"]).partition(":")
        t = StoredQueryTable(rel, column, [tuple(path.split("."))] if path else [])
        describe(t, policy)
        key = spec.get("key")
        t.key = [key] if isinstance(key, str) else list(key or t.key)
        t.title = spec.get("title", t.title)
        t.owner = spec.get("owner", t.owner)
        t.schedule = spec.get("schedule", t.schedule)
        t.recipients = list(spec.get("recipients", t.recipients))
        out.append(t)
    return out


def _by_table(cands: list[Candidate]) -> list[list[Candidate]]:
    groups: dict[int, list[Candidate]] = {}
    for c in cands:
        groups.setdefault(id(c.relation), []).append(c)
    return list(groups.values())


def _discovery_part(group: list[Candidate]) -> sql.Composable:
    """One bounded probe per table, over all its candidate columns: at most three
    SQL-looking values per column among the first rows (the deeper sample when any
    column is named like SQL), so that the number of queries grows with tables, not
    with columns."""
    rel = group[0].relation
    values = sql.SQL(", ").join(
        # "C" collation: a column with a nondeterministic collation cannot take a regex
        sql.SQL('({c}, x.{col}::text COLLATE "C")').format(
            c=sql.Literal(c.column), col=sql.Identifier(c.column)
        )
        for c in group
    )
    return sql.SQL(
        "(SELECT {s}::text, {t}::text, col, left(v, 4000) FROM ("
        "SELECT c.col, c.v, row_number() OVER (PARTITION BY c.col) AS n "
        "FROM (SELECT {cols} FROM {rel} LIMIT {n}) x "
        "CROSS JOIN LATERAL (VALUES {values}) c(col, v) WHERE c.v ~* {rx}) y WHERE n <= 3)"
    ).format(
        s=sql.Literal(rel.schema),
        t=sql.Literal(rel.name),
        cols=sql.SQL(", ").join(sql.Identifier(c.column) for c in group),
        rel=sql.Identifier(rel.schema, rel.name),
        n=sql.Literal(max(c.sample for c in group)),
        values=values,
        rx=sql.Literal(SQL_REGEX),
    )


def discover(session: Session, inv: Inventory, policy: Policy) -> list[StoredQueryTable]:
    cands = candidate_columns(inv, policy)
    if not cands:
        return []
    parts = [_discovery_part(group) for group in _by_table(cands)]
    try:
        rows = session.union_all(parts)
    except psycopg.Error as exc:
        _gap(inv, "stored query discovery", exc)
        return []
    by_key = {(c.relation.schema, c.relation.name): c.relation for c in cands}
    json_cols = {(c.relation.schema, c.relation.name, c.column) for c in cands if c.is_json}
    found: dict[tuple[str, str, str], StoredQueryTable] = {}
    for schema, table, col, value in rows:
        rel = by_key[(schema, table)]
        entry = found.setdefault((schema, table, col), StoredQueryTable(rel, col))
        if (schema, table, col) in json_cols:
            try:
                doc = json.loads(value)
            except ValueError:
                continue
            for path in sql_paths(doc):
                if path not in entry.json_paths:
                    entry.json_paths.append(path)
    tables = []
    for t in found.values():
        if (t.relation.schema, t.relation.name, t.sql_column) in json_cols and not t.json_paths:
            continue
        describe(t, policy)
        tables.append(t)
    return tables


def describe(t: StoredQueryTable, policy: Policy) -> None:
    cols = [c.name for c in t.relation.columns if c.name != t.sql_column]
    d = t.relation.details
    t.key = list(d.primary_key) if isinstance(d, RelationDetails) else []
    if not t.key:
        t.key = [c for c in cols if c.lower().endswith("id")][:1]
    pick = {
        "title": "sq_title_columns",
        "owner": "sq_owner_columns",
        "schedule": "sq_schedule_columns",
    }
    for attr, vocab in pick.items():
        hit = next((c for c in cols if policy.has(vocab, c) and c not in t.key), None)
        setattr(t, attr, hit)
    t.recipients = [
        c
        for c in cols
        if (policy.has("sq_recipient_fields", c) or policy.has("recipient_columns", c))
        and c not in t.key
        and c not in (t.title, t.owner, t.schedule)
    ]


def read_stored_queries(session: Session, inv: Inventory, policy: Policy) -> int:
    """Adds one artifact per stored query; returns how many rows were read."""
    total = 0
    for t in [*configured(inv, policy), *discover(session, inv, policy)]:
        total += _stream(session, inv, policy, t)
    return total


def _stream(session: Session, inv: Inventory, policy: Policy, t: StoredQueryTable) -> int:
    rel = t.relation
    wanted = list(
        dict.fromkeys(
            [*t.key, *(c for c in (t.title, t.owner, t.schedule) if c), *t.recipients, t.sql_column]
        )
    )
    query = sql.SQL("SELECT {cols} FROM {rel} LIMIT {cap}").format(
        cols=sql.SQL(", ").join(sql.Identifier(c) for c in wanted),
        rel=sql.Identifier(rel.schema, rel.name),
        cap=sql.Literal(MAX_ROWS + 1),
    )
    n = 0
    try:
        session.queries += 1
        with session.conn.transaction(), session.conn.cursor(name="wd_stored_queries") as cur:
            cur.itersize = BATCH
            cur.execute(query)
            for row in cur:
                n += 1
                if n > MAX_ROWS:
                    inv.gaps.append(
                        Gap(
                            rel,
                            f"only the first {MAX_ROWS} rows of {rel.qualified} were read",
                            "scan this table with a larger cap (stored_queries.max_rows)",
                        )
                    )
                    break
                add_rows(inv, policy, t, dict(zip(wanted, row, strict=True)))
    except psycopg.Error as exc:
        _gap(inv, f"stored queries in {rel.qualified}", exc)
    return n


def add_rows(inv: Inventory, policy: Policy, t: StoredQueryTable, row: dict[str, Any]) -> None:
    rel = t.relation
    key = ",".join(str(row[k]) for k in t.key) if t.key else "?"
    raw = row[t.sql_column]
    if raw is None:
        return
    docs: list[tuple[str, str, dict[str, Any]]] = []
    if t.json_paths:
        doc = (
            raw
            if isinstance(raw, dict | list)
            else json.loads(raw)
            if isinstance(raw, str)
            else None
        )
        for path in t.json_paths:
            value = get_path(doc, path)
            if isinstance(value, str) and value.strip():
                docs.append(("/".join(path), value, _context(doc, path)))
    elif isinstance(raw, str) and raw.strip():
        docs.append(("", raw, {}))
    for jpath, text, parent in docs:
        title = row.get(t.title) if t.title else None
        title = title or _field(parent, policy, "sq_title_columns")
        recipients = [r for c in t.recipients for r in _as_list(row.get(c))]
        recipients += _as_list(_field(parent, policy, "sq_recipient_fields")) if parent else []
        schedule = (row.get(t.schedule) if t.schedule else None) or (
            _field(parent, policy, "sq_schedule_columns") if parent else None
        )
        name = f"{rel.name}[{key}]" + (f".{jpath}" if jpath and len(t.json_paths) > 1 else "")
        inv.artifacts.append(
            Artifact(
                kind=ArtifactKind.STORED_QUERY,
                schema=rel.schema,
                name=name,
                owner=str(row[t.owner]) if t.owner and row.get(t.owner) is not None else None,
                table=rel.qualified,
                title=str(title) if title is not None else None,
                language="sql",
                body=text,
                details=StoredQueryDetails(
                    column=t.sql_column,
                    json_path=jpath or None,
                    schedule=str(schedule) if schedule is not None else None,
                    recipients=recipients,
                    key=key,
                ),
            )
        )


def _gap(inv: Inventory, what: str, exc: psycopg.Error) -> None:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    log.warning("stored query read failed", what=what, reason=reason)
    inv.gaps.append(
        Gap(
            Artifact(kind=ArtifactKind.DATA, schema="", name=what),
            f"could not read {what}: {reason}",
            "GRANT pg_read_all_data to the scanning role",
        )
    )
