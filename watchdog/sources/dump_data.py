"""Table data found in a dump (COPY blocks, INSERT rows): the offline counterpart of the
live data reads — pg_cron jobs, stored queries and provenance aggregates."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from watchdog.model import Artifact, ArtifactKind, Column, Inventory, JobDetails
from watchdog.policy import Policy
from watchdog.sources import stored_queries as sq
from watchdog.sources.provenance import TOP_VALUES, candidates

_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)")
_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


@dataclass
class TableData:
    schema: str
    table: str
    columns: list[str]
    rows: list[list[str | None]]

    def records(self) -> list[dict[str, str | None]]:
        return [dict(zip(self.columns, row, strict=False)) for row in self.rows]


def _unescape(m: re.Match[str]) -> str:
    s = m.group(1)
    if s[0] == "x":
        return chr(int(s[1:], 16))
    if s[0].isdigit():
        return chr(int(s, 8))
    return _SIMPLE.get(s, s)


def decode_copy_line(line: str) -> list[str | None]:
    """One row of COPY's text format: tab-separated, \\N for NULL, backslash escapes."""
    return [None if f == "\\N" else _ESCAPE.sub(_unescape, f) for f in line.split("\t")]


def _cron_jobs(inv: Inventory, data: TableData) -> None:
    for rec in data.records():
        if not rec.get("command"):
            continue
        name = rec.get("jobname") or f"job {rec.get('jobid')}"
        inv.artifacts.append(
            Artifact(
                kind=ArtifactKind.CRON_JOB,
                schema="cron",
                name=str(name),
                owner=rec.get("username"),
                body=rec["command"],
                language="sql",
                table="cron.job",
                details=JobDetails(
                    jobid=int(str(rec["jobid"]))
                    if (rec.get("jobid") or "").isdigit()
                    else rec.get("jobid"),
                    schedule=rec.get("schedule"),
                    database=rec.get("database"),
                    active=rec.get("active") not in ("f", "false", "0"),
                ),
            )
        )


def apply_data(
    inv: Inventory, policy: Policy, data: list[TableData], *, read_data: bool = True
) -> None:
    by_table: dict[tuple[str, str], TableData] = {}
    for d in data:  # one INSERT per row (SSMS, mysqldump) or one COPY per table
        have = by_table.get((d.schema, d.table))
        if have is None:
            by_table[(d.schema, d.table)] = TableData(
                d.schema, d.table, list(d.columns), list(d.rows)
            )
        elif have.columns == d.columns:
            have.rows.extend(d.rows)
        else:
            have.rows.extend(
                [
                    [dict(zip(d.columns, r, strict=False)).get(c) for c in have.columns]
                    for r in d.rows
                ]
            )
    cron = by_table.get(("cron", "job"))
    if cron is not None:
        _cron_jobs(inv, cron)
    if not read_data:
        return
    for rel, col in candidates(inv, policy):
        rows = by_table.get((rel.schema, rel.name))
        if rows is None or col not in rows.columns:
            continue
        i = rows.columns.index(col)
        counts = Counter(
            row[i] for row in rows.rows[:50_000] if i < len(row) and row[i] is not None
        )
        if counts:
            inv.provenance[(rel.schema, rel.name, col)] = {
                str(v)[:200]: n for v, n in counts.most_common(TOP_VALUES)
            }
    for t in sq.configured(inv, policy):
        found = by_table.get((t.relation.schema, t.relation.name))
        for rec in found.records()[: sq.MAX_ROWS] if found else []:
            sq.add_rows(inv, policy, t, dict(rec))
    for cand in sq.candidate_columns(inv, policy):
        rel, col, is_json = cand.relation, cand.column, cand.is_json
        found = by_table.get((rel.schema, rel.name))
        if found is None or col not in found.columns:
            continue
        d = found
        i = d.columns.index(col)
        sample = [row[i] for row in d.rows[: cand.sample] if i < len(row) and row[i]]
        table = sq.StoredQueryTable(rel, col)
        if is_json:
            for value in sample:
                try:
                    doc = json.loads(str(value))
                except ValueError:
                    continue
                for path in sq.sql_paths(doc):
                    if path not in table.json_paths:
                        table.json_paths.append(path)
            if not table.json_paths:
                continue
        elif not any(sq.LOOKS_LIKE_SQL.match(str(v)) for v in sample):
            continue
        sq.describe(table, policy)
        for rec in d.records()[: sq.MAX_ROWS]:
            sq.add_rows(inv, policy, table, dict(rec))


def view_columns(
    body: str, dialect: str, lookup: Callable[[str, str], Artifact | None]
) -> list[Column]:
    """A dump's view has no column list: name its output columns from its SELECT, and take
    a base relation's columns for `*`, so that a view over a list keeps its person key."""
    try:
        tree = sqlglot.parse_one(body.rstrip().rstrip(";"), read=dialect)
    except SqlglotError:
        return []
    if not isinstance(tree, exp.Query):
        return []
    cols: list[Column] = []
    for sel in tree.selects:
        if isinstance(sel, exp.Star) or (
            isinstance(sel, exp.Column) and isinstance(sel.this, exp.Star)
        ):
            for t in tree.find_all(exp.Table):
                base = lookup(t.db, t.name)
                if base is not None:
                    cols += base.columns
        elif sel.alias_or_name:
            cols.append(Column(sel.alias_or_name, ""))
    return cols
