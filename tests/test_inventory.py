"""Every inventory kind against real catalog rows, read as a read-only non-superuser role."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import psycopg
import pytest

from tests.conftest import READER, Database, Server
from watchdog.model import Artifact, Inventory, UserMapping
from watchdog.sources.connection import connect
from watchdog.sources.postgres import CatalogReader, read_inventory

CATALOG = """
CREATE SCHEMA rms;
CREATE TABLE rms.persons (person_id bigint PRIMARY KEY, nysid text, last_name text);
COMMENT ON TABLE rms.persons IS 'master name index';
COMMENT ON COLUMN rms.persons.nysid IS 'state identification number';
CREATE TABLE rms.arrests (arrest_id bigserial PRIMARY KEY, person_id bigint REFERENCES rms.persons,
                          at timestamptz DEFAULT now(), note text DEFAULT 'none');
CREATE TABLE rms.queue (id bigserial PRIMARY KEY, recipient text, body text);
CREATE VIEW rms.v_recent AS SELECT * FROM rms.arrests WHERE at > now() - interval '1 day';
CREATE MATERIALIZED VIEW rms.mv_counts AS SELECT person_id, count(*) AS n FROM rms.arrests GROUP BY 1;
CREATE FUNCTION rms.fn_alert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN INSERT INTO rms.queue(recipient, body) VALUES ('x', TG_ARGV[0]); RETURN NEW; END $$;
COMMENT ON FUNCTION rms.fn_alert() IS 'queues a message';
CREATE FUNCTION rms.add(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION rms.atomic_one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;
CREATE PROCEDURE rms.proc_noop() LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;
CREATE TRIGGER trg_alert AFTER INSERT OR UPDATE ON rms.arrests FOR EACH ROW
  WHEN (NEW.note IS DISTINCT FROM 'skip') EXECUTE FUNCTION rms.fn_alert('arg one', 'arg2');
CREATE TRIGGER trg_off BEFORE DELETE ON rms.arrests FOR EACH STATEMENT EXECUTE FUNCTION rms.fn_alert();
ALTER TABLE rms.arrests DISABLE TRIGGER trg_off;
CREATE RULE r_copy AS ON INSERT TO rms.queue DO ALSO NOTIFY queue_changed;
CREATE FUNCTION rms.evt() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;
CREATE EVENT TRIGGER wd_evt ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION rms.evt();
CREATE PUBLICATION pub_arrests FOR TABLE rms.arrests WITH (publish = 'insert');
COMMENT ON PUBLICATION pub_arrests IS 'to the records archive';
CREATE FOREIGN DATA WRAPPER wd_dummy_fdw;
CREATE SERVER fed_srv FOREIGN DATA WRAPPER wd_dummy_fdw OPTIONS (host 'intake.example.gov', dbname 'x');
CREATE USER MAPPING FOR PUBLIC SERVER fed_srv OPTIONS (user 'remote_user', password 'never-shown');
CREATE FOREIGN TABLE rms.remote_contacts (person_id bigint) SERVER fed_srv OPTIONS (table_name 'contacts');
CREATE SCHEMA cron;
CREATE TABLE cron.job (jobid bigserial PRIMARY KEY, schedule text NOT NULL, command text NOT NULL,
  nodename text DEFAULT 'localhost', nodeport int DEFAULT 5432, database text DEFAULT current_database(),
  username text DEFAULT current_user, active boolean DEFAULT true, jobname text);
INSERT INTO cron.job(schedule, command, jobname) VALUES ('*/5 * * * *', 'SELECT 1; SELECT 2', 'two_steps');
"""


@pytest.fixture(scope="module")
def catalog(make_db: Callable[[str], Database]) -> Iterator[tuple[Database, Inventory]]:
    db = make_db(CATALOG)
    session = connect(db.reader_dsn)
    try:
        yield db, read_inventory(session, "test")
    finally:
        session.close()


def one(inv: Inventory, kind: str, name: str) -> Artifact:
    hits = [a for a in inv.artifacts if a.kind == kind and a.name == name]
    assert len(hits) == 1, (kind, name, [(a.kind, a.name) for a in inv.artifacts])
    return hits[0]


def test_scans_as_a_read_only_non_superuser(catalog: tuple[Database, Inventory]) -> None:
    _, inv = catalog
    assert inv.target.role == READER
    assert inv.target.dialect == "postgres" and inv.target.server_version


def test_tables_columns_comments_defaults(catalog: tuple[Database, Inventory]) -> None:
    _, inv = catalog
    persons = one(inv, "table", "persons")
    assert persons.comment == "master name index" and persons.owner
    assert [c.name for c in persons.columns] == ["person_id", "nysid", "last_name"]
    assert persons.columns[1].comment == "state identification number"
    assert persons.details.primary_key == ["person_id"]
    arrests = one(inv, "table", "arrests")
    assert next(c for c in arrests.columns if c.name == "note").default == "'none'::text"


def test_views_and_materialized_views_have_definitions(catalog: tuple[Database, Inventory]) -> None:
    _, inv = catalog
    assert "rms.arrests" in (one(inv, "view", "v_recent").body or "")
    assert "count(*)" in (one(inv, "materialized_view", "mv_counts").body or "")


def test_functions_and_procedures(catalog: tuple[Database, Inventory]) -> None:
    _, inv = catalog
    fn = one(inv, "function", "fn_alert")
    assert fn.language == "plpgsql" and fn.details.security_definer is True
    assert fn.comment == "queues a message" and "INSERT INTO rms.queue" in (fn.body or "")
    assert one(inv, "function", "add").details.args == "a integer, b integer"
    assert "SELECT 1" in (one(inv, "function", "atomic_one").body or "")
    assert one(inv, "procedure", "proc_noop").language == "plpgsql"


def test_triggers_decode_timing_events_state_when_and_arguments(
    catalog: tuple[Database, Inventory],
) -> None:
    _, inv = catalog
    trg = one(inv, "trigger", "trg_alert")
    assert trg.table == "rms.arrests" and trg.details.function == "rms.fn_alert"
    assert (trg.details.timing, trg.details.events, trg.details.level) == (
        "AFTER",
        ["INSERT", "UPDATE"],
        "ROW",
    )
    assert trg.details.arguments == ["arg one", "arg2"] and trg.details.enabled == "enabled"
    assert "skip" in (trg.body or "")
    off = one(inv, "trigger", "trg_off")
    assert off.details.enabled == "disabled" and off.details.events == ["DELETE"]
    assert off.details.level == "STATEMENT" and off.details.timing == "BEFORE"
    # the foreign key's internal triggers are not artifacts
    assert not [a for a in inv.of_kind("trigger") if a.name.startswith("RI_ConstraintTrigger")]


def test_rules_event_triggers_publications(catalog: tuple[Database, Inventory]) -> None:
    _, inv = catalog
    rule = one(inv, "rule", "r_copy")
    assert rule.table == "rms.queue" and "NOTIFY queue_changed" in (rule.body or "")
    evt = one(inv, "event_trigger", "wd_evt")
    assert evt.details.event == "ddl_command_end" and evt.details.tags == ["CREATE TABLE"]
    pub = one(inv, "publication", "pub_arrests")
    assert pub.details.tables == ["rms.arrests"] and pub.details.operations == ["insert"]
    assert pub.comment == "to the records archive"


def test_foreign_servers_tables_and_hidden_user_mapping(
    catalog: tuple[Database, Inventory],
) -> None:
    _, inv = catalog
    srv = one(inv, "foreign_server", "fed_srv")
    assert srv.details.options == {"host": "intake.example.gov", "dbname": "x"}
    assert srv.details.mappings == [UserMapping("public", None, True)]
    ft = one(inv, "foreign_table", "remote_contacts")
    assert ft.details.server == "fed_srv" and ft.details.options == {"table_name": "contacts"}
    gap = [g for g in inv.gaps if g.artifact.name == "fed_srv"]
    assert gap and "hidden" in gap[0].reason and "GRANT USAGE" in gap[0].fix
    assert "never-shown" not in repr(inv)


def test_cron_jobs_from_a_table_of_pg_cron_shape(catalog: tuple[Database, Inventory]) -> None:
    _, inv = catalog
    job = one(inv, "cron_job", "two_steps")
    assert job.body == "SELECT 1; SELECT 2" and job.details.schedule == "*/5 * * * *"
    assert job.details.active is True


def test_extensions_and_outbound_flags(catalog: tuple[Database, Inventory]) -> None:
    _, inv = catalog
    plpgsql = [a for a in inv.of_kind("extension") if a.name == "plpgsql"]
    assert plpgsql and plpgsql[0].details.outbound is False


def test_session_is_read_only_with_timeouts(catalog: tuple[Database, Inventory]) -> None:
    db, _ = catalog
    session = connect(db.reader_dsn, statement_timeout_ms=1234, lock_timeout_ms=567)
    try:
        settings = session.fetch(
            "SELECT current_setting('default_transaction_read_only') AS ro, current_setting('statement_timeout') AS st,"
            " current_setting('lock_timeout') AS lt, current_setting('application_name') AS app"
        )[0]
        assert settings == {"ro": "on", "st": "1234ms", "lt": "567ms", "app": "alert-watchdog"}
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            session.fetch("CREATE TEMP TABLE wd_should_fail (a int)")
    finally:
        session.close()


def test_superuser_session_is_read_only_too(catalog: tuple[Database, Inventory]) -> None:
    db, _ = catalog
    session = connect(db.admin_dsn)
    try:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            session.fetch("INSERT INTO rms.queue(recipient) VALUES ('x')")
    finally:
        session.close()


def test_a_catalog_query_that_times_out_becomes_a_gap(catalog: tuple[Database, Inventory]) -> None:
    db, _ = catalog
    session = connect(db.reader_dsn, statement_timeout_ms=100)
    inv = Inventory(target=read_inventory(session, "t").target)
    try:
        ok = CatalogReader(session, inv).run("slow kind", "SELECT pg_sleep(2)", lambda row: None)
    finally:
        session.close()
    assert ok is False
    assert (
        inv.gaps and "timed out" in inv.gaps[0].reason and inv.gaps[0].artifact.name == "slow kind"
    )


def test_cron_row_level_security_is_reported(make_db: Callable[[str], Database]) -> None:
    db = make_db("""
CREATE SCHEMA cron;
CREATE TABLE cron.job (jobid bigserial PRIMARY KEY, schedule text, command text, nodename text,
  nodeport int, database text, username text DEFAULT current_user, active boolean DEFAULT true, jobname text);
ALTER TABLE cron.job ENABLE ROW LEVEL SECURITY;
CREATE POLICY cron_job_policy ON cron.job USING (username = current_user);
GRANT SELECT ON cron.job TO PUBLIC;
INSERT INTO cron.job(schedule, command, jobname) VALUES ('* * * * *', 'SELECT 1', 'hidden_from_reader');
""")
    reader = read_inventory(connect(db.reader_dsn), "t")
    assert not reader.of_kind("cron_job")
    gaps = [g for g in reader.gaps if "row-level security" in g.reason]
    assert gaps and "BYPASSRLS" in gaps[0].fix
    admin = read_inventory(connect(db.admin_dsn), "t")
    assert [a.name for a in admin.of_kind("cron_job")] == ["hidden_from_reader"]
    assert not [g for g in admin.gaps if "row-level security" in g.reason]


def test_real_pg_cron_extension(pg_server: Server) -> None:
    """pg_cron itself, where the server preloads it (CI installs Debian's package)."""
    with psycopg.connect(pg_server.admin_dsn, autocommit=True) as conn:
        preload = str(conn.execute("SHOW shared_preload_libraries").fetchone()[0])  # type: ignore[index]
        if "pg_cron" not in preload:
            pytest.skip("server does not preload pg_cron")
        cron_db = conn.execute("SELECT current_setting('cron.database_name', true)").fetchone()[0]  # type: ignore[index]
        if cron_db != conn.info.dbname:
            pytest.skip(f"pg_cron lives in database {cron_db}")
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_cron")
        conn.execute("SELECT cron.schedule('wd_test_job', '*/7 * * * *', 'SELECT 1')")
    try:
        reader = read_inventory(connect(pg_server.dsn(pg_server_db(pg_server), READER)), "t")
        assert "wd_test_job" not in [a.name for a in reader.of_kind("cron_job")]
        assert [g for g in reader.gaps if "row-level security" in g.reason]
        admin = read_inventory(connect(pg_server.admin_dsn), "t")
        job = one(admin, "cron_job", "wd_test_job")
        assert job.body == "SELECT 1" and job.details.schedule == "*/7 * * * *"
    finally:
        with psycopg.connect(pg_server.admin_dsn, autocommit=True) as conn:
            conn.execute("SELECT cron.unschedule('wd_test_job')")


def pg_server_db(server: Server) -> str:
    return str(psycopg.conninfo.conninfo_to_dict(server.admin_dsn).get("dbname") or "postgres")
