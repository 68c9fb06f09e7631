"""Aggregated values of provenance columns: the federal tie that lives only in data.

One bounded query for the whole target: for each candidate column, the most common
values among at most SAMPLE_ROWS rows. Only values and counts are read — never a
person key — and the values are only ever reported as agency names and counts.
"""

from __future__ import annotations

import psycopg
import structlog
from psycopg import sql

from watchdog.model import Artifact, ArtifactKind, Gap, Inventory
from watchdog.policy import Policy, tokens
from watchdog.sources.connection import Session
from watchdog.sqltext import is_text_type

log = structlog.get_logger(__name__)

SAMPLE_ROWS = 50_000
TOP_VALUES = 25


def candidates(inv: Inventory, policy: Policy) -> list[tuple[Artifact, str]]:
    """Text columns that say where a row came from, in tables that are not history.

    Any table may turn out to be a list (structure decides that later, from the code that
    tests membership in it), so the candidates are not limited to list-named tables.
    """
    out: list[tuple[Artifact, str]] = []
    for rel in inv.of_kind(ArtifactKind.TABLE, ArtifactKind.MATERIALIZED_VIEW):
        if policy.vocab["not_sink"].match(tokens(rel.name)) is not None:
            continue
        for col in rel.columns:
            if policy.has("provenance_columns", col.name) and is_text_type(col.type):
                out.append((rel, col.name))
    return out


def read_provenance(session: Session, inv: Inventory, policy: Policy) -> None:
    cols = candidates(inv, policy)
    if not cols:
        return
    parts = [
        sql.SQL(
            "(SELECT {s}::text AS schema, {t}::text AS tbl, {c}::text AS col, v::text AS value, count(*) AS n "
            "FROM (SELECT {col} AS v FROM {rel} LIMIT {lim}) x WHERE v IS NOT NULL "
            "GROUP BY v ORDER BY n DESC LIMIT {top})"
        ).format(
            s=sql.Literal(rel.schema),
            t=sql.Literal(rel.name),
            c=sql.Literal(col),
            col=sql.Identifier(col),
            rel=sql.Identifier(rel.schema, rel.name),
            lim=sql.Literal(SAMPLE_ROWS),
            top=sql.Literal(TOP_VALUES),
        )
        for rel, col in cols
    ]
    try:
        rows = session.union_all(parts)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        log.warning("provenance read failed", reason=reason)
        inv.gaps.append(
            Gap(
                Artifact(kind=ArtifactKind.DATA, schema="", name="provenance columns"),
                f"could not read provenance values: {reason}",
                "GRANT pg_read_all_data to the scanning role, or scan with --no-data",
            )
        )
        return
    for schema, tbl, col, value, n in rows:
        inv.provenance.setdefault((schema, tbl, col), {})[str(value)[:200]] = int(n)
