"""Inventory of a live PostgreSQL target from its catalog."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import psycopg
import structlog

from watchdog.model import (
    Artifact,
    ArtifactKind,
    Column,
    EventTriggerDetails,
    ExtensionDetails,
    ForeignKey,
    Gap,
    Inventory,
    JobDetails,
    Param,
    PublicationDetails,
    RelationDetails,
    RoutineDetails,
    RuleDetails,
    ServerDetails,
    Target,
    TriggerDetails,
    UserMapping,
)
from watchdog.sources import catalog_sql as q
from watchdog.sources.connection import Session

log = structlog.get_logger(__name__)

RELKINDS = {
    "r": ArtifactKind.TABLE,
    "p": ArtifactKind.TABLE,
    "f": ArtifactKind.FOREIGN_TABLE,
    "v": ArtifactKind.VIEW,
    "m": ArtifactKind.MATERIALIZED_VIEW,
}
PROKINDS = {
    "f": ArtifactKind.FUNCTION,
    "p": ArtifactKind.PROCEDURE,
    "a": ArtifactKind.AGGREGATE,
    "w": ArtifactKind.FUNCTION,
}
_MODES = {"i": "IN", "o": "OUT", "b": "INOUT", "v": "VARIADIC", "t": "TABLE"}
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


def routine_params(row: dict[str, Any]) -> list[Param]:
    """Parameters from pg_proc's parallel arrays; OUT and TABLE columns are not arguments."""
    types = list(row["argtypes"] or [])
    names = list(row["argnames"] or [])
    modes = list(row["argmodes"] or ["i"] * len(types))
    params = [
        Param(
            names[i] if i < len(names) and names[i] else "",
            t,
            _MODES.get(modes[i] if i < len(modes) else "i", "IN"),
        )
        for i, t in enumerate(types)
    ]
    params = [p for p in params if p.mode != "TABLE"]
    defaults = int(row["nargdefaults"] or 0)
    ins = [i for i, p in enumerate(params) if p.mode != "OUT"]
    for i in ins[len(ins) - defaults :] if defaults else []:
        params[i] = Param(params[i].name, params[i].type, params[i].mode, True)
    return params


def search_path_of(config: list[str] | None) -> list[str] | None:
    """A routine's own `SET search_path`, which decides how its unqualified names resolve."""
    for item in config or []:
        key, _, value = item.partition("=")
        if key.strip().lower() == "search_path":
            return [p.strip().strip('"') for p in value.split(",") if p.strip()]
    return None


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
        self.inventory.gaps.append(
            Gap(Artifact(kind=ArtifactKind.CATALOG, schema="", name=what), reason, fix)
        )


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
        details = RelationDetails(
            oid=row["oid"],
            rls=row["rls"],
            primary_key=list(row["pkey"] or []),
            estimated_rows=row["estimated_rows"],
            server=row["server"],
            options=parse_options(row["ftoptions"]) if row["server"] else {},
            foreign_keys=[
                ForeignKey(
                    tuple(fk["columns"] or ()),
                    fk["ref_schema"],
                    fk["ref_table"],
                    tuple(fk["ref_columns"] or ()),
                )
                for fk in row["fkeys"] or []
            ],
        )
        add(
            Artifact(
                kind=RELKINDS[row["relkind"]],
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
                details=details,
            )
        )

    def function(row: dict[str, Any]) -> None:
        body = row["sqlbody"] or row["source"]
        add(
            Artifact(
                kind=PROKINDS.get(row["prokind"], ArtifactKind.FUNCTION),
                schema=row["schema"],
                name=row["name"],
                owner=row["owner"],
                comment=row["comment"],
                language=row["language"],
                body=body,
                details=RoutineDetails(
                    oid=row["oid"],
                    args=row["args"],
                    full_args=row["full_args"],
                    result=row["result"],
                    security_definer=row["security_definer"],
                    atomic=bool(row["sqlbody"]),
                    params=routine_params(row),
                    search_path=search_path_of(row["config"]),
                ),
            )
        )

    def trigger(row: dict[str, Any]) -> None:
        timing, events, level = decode_trigger_events(row["tgtype"])
        when = _WHEN.search(row["definition"] or "")
        add(
            Artifact(
                kind=ArtifactKind.TRIGGER,
                schema=row["schema"],
                name=row["name"],
                owner=row["owner"],
                comment=row["comment"],
                table=f"{row['schema']}.{row['table_name']}",
                body=when.group(1) if when else None,
                language="sql" if when else None,
                details=TriggerDetails(
                    oid=row["oid"],
                    timing=timing,
                    events=events,
                    level=level,
                    enabled=TRIGGER_ENABLED.get(row["enabled"], row["enabled"]),
                    function=f"{row['function_schema']}.{row['function_name']}",
                    function_oid=row["function_oid"],
                    function_name=(row["function_schema"], row["function_name"]),
                    arguments=decode_trigger_args(row["args"], row["nargs"]),
                    definition=row["definition"],
                    new_table=row["new_table"],
                    old_table=row["old_table"],
                ),
            )
        )

    def rule(row: dict[str, Any]) -> None:
        add(
            Artifact(
                kind=ArtifactKind.RULE,
                schema=row["schema"],
                name=row["name"],
                owner=row["owner"],
                comment=row["comment"],
                table=f"{row['schema']}.{row['table_name']}",
                body=row["definition"],
                language="sql",
                details=RuleDetails(
                    oid=row["oid"],
                    events=[RULE_EVENTS.get(row["event"], row["event"])],
                    instead=row["instead"],
                    enabled=TRIGGER_ENABLED.get(row["enabled"], row["enabled"]),
                ),
            )
        )

    def event_trigger(row: dict[str, Any]) -> None:
        add(
            Artifact(
                kind=ArtifactKind.EVENT_TRIGGER,
                schema="",
                name=row["name"],
                owner=row["owner"],
                comment=row["comment"],
                details=EventTriggerDetails(
                    oid=row["oid"],
                    event=row["event"],
                    tags=list(row["tags"] or []),
                    enabled=TRIGGER_ENABLED.get(row["enabled"], row["enabled"]),
                    function=f"{row['function_schema']}.{row['function_name']}",
                ),
            )
        )

    def cron_job(row: dict[str, Any]) -> None:
        add(
            Artifact(
                kind=ArtifactKind.CRON_JOB,
                schema="cron",
                name=row["jobname"] or f"job {row['jobid']}",
                owner=row["username"],
                body=row["command"],
                language="sql",
                table="cron.job",
                details=JobDetails(
                    jobid=row["jobid"],
                    schedule=row["schedule"],
                    database=row["database"],
                    active=bool(row["active"]),
                ),
            )
        )

    def publication(row: dict[str, Any]) -> None:
        ops = (("insert", row["ins"]), ("update", row["upd"]), ("delete", row["del"]))
        add(
            Artifact(
                kind=ArtifactKind.PUBLICATION,
                schema="",
                name=row["name"],
                owner=row["owner"],
                comment=row["comment"],
                details=PublicationDetails(
                    all_tables=row["all_tables"],
                    tables=list(row["tables"]),
                    operations=[op for op, on in ops if on],
                ),
            )
        )

    def foreign_server(row: dict[str, Any]) -> None:
        mappings = []
        for m in row["mappings"]:
            opts = parse_options(m["options"]) if m["options"] else {}
            hidden = m["options"] is None and not m["privileged"]
            mappings.append(
                UserMapping(m["user"], opts.get("user") or opts.get("username"), hidden)
            )
            if hidden:
                inv.gaps.append(
                    Gap(
                        Artifact(
                            kind=ArtifactKind.FOREIGN_SERVER,
                            schema="",
                            name=row["name"],
                            owner=row["owner"],
                        ),
                        f"options of the user mapping for {m['user']} are hidden from role {target.role}",
                        f"run the scan as the server's owner or GRANT USAGE ON FOREIGN SERVER {row['name']}",
                    )
                )
        add(
            Artifact(
                kind=ArtifactKind.FOREIGN_SERVER,
                schema="",
                name=row["name"],
                owner=row["owner"],
                comment=row["comment"],
                details=ServerDetails(
                    wrapper=row["wrapper"],
                    options=parse_options(row["options"]),
                    mappings=mappings,
                ),
            )
        )

    def extension_or_language(row: dict[str, Any]) -> None:
        if row["kind"] == "language" and row["trusted"]:
            return
        add(
            Artifact(
                kind=row["kind"],
                schema=row["schema"] or "",
                name=row["name"],
                owner=row["owner"],
                details=ExtensionDetails(
                    version=row["version"],
                    outbound=row["name"] in OUTBOUND_EXTENSIONS,
                    trusted=row["trusted"],
                ),
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
    cron_table = Artifact(kind=ArtifactKind.TABLE, schema="cron", name="job")
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
