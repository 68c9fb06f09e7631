"""Inventory of a live PostgreSQL target from its catalog."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import psycopg
import structlog

from watchdog.model import Artifact, Column, Gap, Inventory, Target
from watchdog.sources import catalog_sql as q
from watchdog.sources.connection import Session

log = structlog.get_logger(__name__)

RELKINDS = {"r": "table", "p": "table", "f": "foreign_table", "v": "view", "m": "materialized_view"}
PROKINDS = {"f": "function", "p": "procedure", "a": "aggregate", "w": "function"}
TRIGGER_ENABLED = {"O": "enabled", "D": "disabled", "R": "replica", "A": "always"}
RULE_EVENTS = {"1": "SELECT", "2": "UPDATE", "3": "INSERT", "4": "DELETE"}
# Untrusted languages and extensions that can carry data out of the database.
OUTBOUND_EXTENSIONS = {
    "dblink",
    "postgres_fdw",
    "pg_net",
    "http",
    "pgsql_http",
    "mysql_fdw",
    "oracle_fdw",
    "tds_fdw",
    "file_fdw",
    "plpython3u",
    "plperlu",
    "pltclu",
    "plsh",
    "pg_cron",
}

_WHEN = re.compile(
    r"\sWHEN\s+\((.*)\)\s+EXECUTE\s+(?:FUNCTION|PROCEDURE)\s", re.IGNORECASE | re.DOTALL
)


def decode_trigger_events(tgtype: int) -> tuple[str, list[str], str]:
    """Timing, events and level from pg_trigger.tgtype's bit mask."""
    timing = "INSTEAD OF" if tgtype & 64 else ("BEFORE" if tgtype & 2 else "AFTER")
    events = [
        name
        for bit, name in ((4, "INSERT"), (16, "UPDATE"), (8, "DELETE"), (32, "TRUNCATE"))
        if tgtype & bit
    ]
    return timing, events, "ROW" if tgtype & 1 else "STATEMENT"


def decode_trigger_args(raw: bytes | memoryview | None, nargs: int) -> list[str]:
    if not raw or not nargs:
        return []
    parts = bytes(raw).split(b"\x00")
    return [p.decode("utf-8", "replace") for p in parts[:nargs]]


def parse_options(options: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in options or []:
        key, _, value = item.partition("=")
        out[key] = value
    return out


class CatalogReader:
    """Runs each catalog query once; a query that fails becomes a coverage gap, not an abort."""

    def __init__(self, session: Session, inventory: Inventory) -> None:
        self.session = session
        self.inventory = inventory

    def run(self, what: str, sql: str, build: Callable[[dict[str, Any]], None]) -> bool:
        try:
            rows = self.session.fetch(sql)
        except psycopg.errors.QueryCanceled:
            self._gap(
                what,
                "catalog query timed out (statement_timeout)",
                "raise the scan's statement timeout or scan at a quieter time",
            )
            return False
        except psycopg.errors.InsufficientPrivilege as exc:
            self._gap(
                what,
                f"permission denied: {str(exc).strip().splitlines()[0]}",
                "GRANT pg_read_all_data TO the scanning role (see deploy/readonly-role.sql)",
            )
            return False
        except psycopg.Error as exc:
            self._gap(
                what,
                f"catalog query failed: {str(exc).strip().splitlines()[0]}",
                "report this as a bug",
            )
            return False
        for row in rows:
            build(row)
        return True

    def _gap(self, what: str, reason: str, fix: str) -> None:
        log.warning("coverage gap", kind=what, reason=reason)
        self.inventory.gaps.append(Gap(Artifact(kind="catalog", schema="", name=what), reason, fix))


def read_inventory(session: Session, target_name: str) -> Inventory:
    meta = session.fetch(q.META)[0]
    target = Target(
        name=target_name,
        dialect="postgres",
        server_version=str(meta["version"])
        .split(" on ")[0]
        .removeprefix("PostgreSQL ")
        .split(",")[0],
        database=meta["database"],
        role=meta["role"],
    )
    inv = Inventory(target=target)
    reader = CatalogReader(session, inv)
    add = inv.artifacts.append
    version_num = int(meta["version_num"])

    def relation(row: dict[str, Any]) -> None:
        kind = RELKINDS[row["relkind"]]
        extra: dict[str, Any] = {
            "oid": row["oid"],
            "rls": row["rls"],
            "primary_key": row["pkey"] or [],
            "estimated_rows": row["estimated_rows"],
        }
        if row["server"]:
            extra["server"] = row["server"]
            extra["options"] = parse_options(row["ftoptions"])
        add(
            Artifact(
                kind=kind,
                schema=row["schema"],
                name=row["name"],
                owner=row["owner"],
                comment=row["comment"],
                body=row["definition"],
                language="sql" if row["definition"] else None,
                columns=[
                    Column(c["name"], c["type"], c.get("comment"), c.get("default"))
                    for c in row["columns"]
                ],
                extra=extra,
            )
        )

    def function(row: dict[str, Any]) -> None:
        body = row["sqlbody"] or row["source"]
        add(
            Artifact(
                kind=PROKINDS.get(row["prokind"], "function"),
                schema=row["schema"],
                name=row["name"],
                owner=row["owner"],
                comment=row["comment"],
                language=row["language"],
                body=body,
                extra={
                    "oid": row["oid"],
                    "args": row["args"],
                    "full_args": row["full_args"],
                    "result": row["result"],
                    "security_definer": row["security_definer"],
                    "atomic": bool(row["sqlbody"]),
                },
            )
        )

    def trigger(row: dict[str, Any]) -> None:
        timing, events, level = decode_trigger_events(row["tgtype"])
        when = _WHEN.search(row["definition"] or "")
        add(
            Artifact(
                kind="trigger",
                schema=row["schema"],
                name=row["name"],
                owner=row["owner"],
                comment=row["comment"],
                table=f"{row['schema']}.{row['table_name']}",
                body=when.group(1) if when else None,
                language="sql" if when else None,
                extra={
                    "oid": row["oid"],
                    "timing": timing,
                    "events": events,
                    "level": level,
                    "enabled": TRIGGER_ENABLED.get(row["enabled"], row["enabled"]),
                    "function": f"{row['function_schema']}.{row['function_name']}",
                    "arguments": decode_trigger_args(row["args"], row["nargs"]),
                    "definition": row["definition"],
                },
            )
        )

    def rule(row: dict[str, Any]) -> None:
        add(
            Artifact(
                kind="rule",
                schema=row["schema"],
                name=row["name"],
                owner=row["owner"],
                comment=row["comment"],
                table=f"{row['schema']}.{row['table_name']}",
                body=row["definition"],
                language="sql",
                extra={
                    "oid": row["oid"],
                    "events": [RULE_EVENTS.get(row["event"], row["event"])],
                    "instead": row["instead"],
                    "enabled": TRIGGER_ENABLED.get(row["enabled"], row["enabled"]),
                },
            )
        )

    def event_trigger(row: dict[str, Any]) -> None:
        add(
            Artifact(
                kind="event_trigger",
                schema="",
                name=row["name"],
                owner=row["owner"],
                comment=row["comment"],
                extra={
                    "event": row["event"],
                    "tags": row["tags"] or [],
                    "enabled": TRIGGER_ENABLED.get(row["enabled"], row["enabled"]),
                    "function": f"{row['function_schema']}.{row['function_name']}",
                },
            )
        )

    def cron_job(row: dict[str, Any]) -> None:
        name = row["jobname"] or f"job {row['jobid']}"
        add(
            Artifact(
                kind="cron_job",
                schema="cron",
                name=name,
                owner=row["username"],
                body=row["command"],
                language="sql",
                table="cron.job",
                extra={
                    "jobid": row["jobid"],
                    "schedule": row["schedule"],
                    "database": row["database"],
                    "active": row["active"],
                },
            )
        )

    def publication(row: dict[str, Any]) -> None:
        add(
            Artifact(
                kind="publication",
                schema="",
                name=row["name"],
                owner=row["owner"],
                comment=row["comment"],
                extra={
                    "all_tables": row["all_tables"],
                    "tables": list(row["tables"]),
                    "operations": [
                        op
                        for op, on in (
                            ("insert", row["ins"]),
                            ("update", row["upd"]),
                            ("delete", row["del"]),
                        )
                        if on
                    ],
                },
            )
        )

    def foreign_server(row: dict[str, Any]) -> None:
        mappings = []
        for m in row["mappings"]:
            opts = parse_options(m["options"]) if m["options"] else {}
            mappings.append(
                {
                    "user": m["user"],
                    "remote_user": opts.get("user") or opts.get("username"),
                    "hidden": m["options"] is None and not m["privileged"],
                }
            )
            if m["options"] is None and not m["privileged"]:
                inv.gaps.append(
                    Gap(
                        Artifact(
                            kind="foreign_server", schema="", name=row["name"], owner=row["owner"]
                        ),
                        f"options of the user mapping for {m['user']} are hidden from role {target.role}",
                        f"run the scan as the server's owner or GRANT USAGE ON FOREIGN SERVER {row['name']}",
                    )
                )
        add(
            Artifact(
                kind="foreign_server",
                schema="",
                name=row["name"],
                owner=row["owner"],
                comment=row["comment"],
                extra={
                    "wrapper": row["wrapper"],
                    "options": parse_options(row["options"]),
                    "mappings": mappings,
                },
            )
        )

    def extension_or_language(row: dict[str, Any]) -> None:
        kind = row["kind"]
        if kind == "language" and row["trusted"]:
            return
        add(
            Artifact(
                kind=kind,
                schema=row["schema"] or "",
                name=row["name"],
                owner=row["owner"],
                extra={
                    "version": row["version"],
                    "outbound": row["name"] in OUTBOUND_EXTENSIONS,
                    "trusted": row["trusted"],
                },
            )
        )

    reader.run("relations", q.RELATIONS, relation)
    reader.run("functions", q.functions(version_num), function)
    reader.run("triggers", q.TRIGGERS, trigger)
    reader.run("rules", q.RULES, rule)
    reader.run("event_triggers", q.EVENT_TRIGGERS, event_trigger)
    if meta["has_cron"]:
        _read_cron(reader, meta, cron_job, target)
    reader.run("publications", q.PUBLICATIONS, publication)
    reader.run("foreign_servers", q.FOREIGN_SERVERS, foreign_server)
    reader.run("extensions", q.EXTENSIONS_AND_LANGUAGES, extension_or_language)
    return inv


def _read_cron(
    reader: CatalogReader,
    meta: dict[str, Any],
    build: Callable[[dict[str, Any]], None],
    target: Target,
) -> None:
    cron_table = Artifact(kind="table", schema="cron", name="job")
    if not meta["cron_select"]:
        reader.inventory.gaps.append(
            Gap(
                cron_table,
                f"role {target.role} cannot read cron.job: scheduled jobs are not inspected",
                f"GRANT USAGE ON SCHEMA cron TO {target.role}; GRANT SELECT ON cron.job TO {target.role}",
            )
        )
        return
    reader.run("cron_jobs", q.CRON_JOBS, build)
    hidden = meta["cron_rls"] and not (meta["superuser"] or meta["bypassrls"] or meta["cron_owner"])
    if hidden:
        reader.inventory.gaps.append(
            Gap(
                cron_table,
                f"row-level security on cron.job shows role {target.role} only its own jobs; "
                "jobs of other users may be hidden",
                f"ALTER ROLE {target.role} BYPASSRLS (as a superuser), or scan as the pg_cron owner",
            )
        )
