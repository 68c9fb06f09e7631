"""The analysis pieces without a database: identity resolution, effects and their
guards, values and their witnesses, membership, two-step alerts, dynamic SQL."""

from __future__ import annotations

from sqlglot import parse_one

from watchdog.analysis.analyze import Analyzer
from watchdog.analysis.catalog import Catalog, fold
from watchdog.analysis.compose import all_conds
from watchdog.analysis.dynamic import apply_format
from watchdog.analysis.dynamic import fold as fold_dynamic
from watchdog.analysis.ir import CallRef, EffectKind, Match, RelRef, Row, RowKind, Truth
from watchdog.detector_api import AnalysisView, MembershipKind, SinkKind
from watchdog.model import Artifact, ArtifactKind, Inventory
from watchdog.policy import load_policy
from watchdog.redact import mask
from watchdog.sources.dump_postgres import read_pg_dump
from watchdog.sources.dump_sql import read_sql_dump
from watchdog.sqltext import code_comments, split_statements

POLICY = load_policy()


def inventory(sql: str, dialect: str = "postgres") -> Inventory:
    if dialect == "postgres":
        return read_pg_dump(sql, "t")[0]
    return read_sql_dump(sql, dialect, "t", POLICY)[0]


def view(sql: str, dialect: str = "postgres") -> AnalysisView:
    return Analyzer(inventory(sql, dialect), POLICY).run().view


def named(inv: Inventory, kind: str, name: str) -> Artifact:
    return next(a for a in inv.artifacts if a.kind == kind and a.name == name)


def alerts(v: AnalysisView) -> dict[str, list[str]]:
    """Entry name → membership objects, for entries whose path is an alert."""
    return {p.entry.name: [m.object for m in p.memberships] for p in v.paths if p.is_alert}


TABLES = """
CREATE TABLE arrests (arrest_id int, person_id int, ts timestamptz);
CREATE TABLE watch (person_id int, src text);
CREATE TABLE q (msg text);
"""


# -- identity --------------------------------------------------------------------------------


def test_postgres_folds_unquoted_names_and_keeps_quoted_ones() -> None:
    assert fold("Watch", False, "postgres") == "watch"
    assert fold("Watch", True, "postgres") == "Watch"
    assert fold("Watch", True, "tsql") == "watch"
    inv = inventory('CREATE TABLE "Watch" (a int); CREATE TABLE watch (a int);')
    cat = Catalog(inv)
    assert [a.name for a in cat.relation(RelRef(("public", "Watch")))] == ["Watch"]
    assert [a.name for a in cat.relation(RelRef(("watch",)))] == ["watch"]


def test_overloads_are_told_apart_by_arity_and_ambiguity_keeps_every_candidate() -> None:
    inv = inventory(
        """
        CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;
        CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
        CREATE FUNCTION g(a int, b int DEFAULT 0) RETURNS int LANGUAGE sql AS $$ SELECT a $$;
        CREATE SCHEMA s; CREATE FUNCTION s.h() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
        CREATE SCHEMA t; CREATE FUNCTION t.h() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;
        """
    )
    cat = Catalog(inv)
    assert [a.signature for a in cat.routines(CallRef(("f",), 0))] == [""]
    assert [a.signature for a in cat.routines(CallRef(("f",), 1))] == ["a integer"]
    assert len(cat.routines(CallRef(("g",), 1))) == len(cat.routines(CallRef(("g",), 2))) == 1
    assert {a.schema for a in cat.routines(CallRef(("h",), 0))} == {"s", "t"}


def test_trigger_function_with_a_quote_in_its_name_an_overload_first_and_a_twin() -> None:
    v = view(
        TABLES
        + """
        CREATE FUNCTION "alert""fn"(x int) RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
        CREATE FUNCTION "alert""fn"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          IF EXISTS (SELECT 1 FROM watch w WHERE w.person_id = NEW.person_id) THEN
            INSERT INTO q VALUES ('x'); END IF; RETURN NEW; END $$;
        CREATE FUNCTION "TWIN"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          IF EXISTS (SELECT 1 FROM watch w WHERE w.person_id = NEW.person_id) THEN
            INSERT INTO q VALUES ('x'); END IF; RETURN NEW; END $$;
        CREATE FUNCTION twin() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER t_quote AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION "alert""fn"();
        CREATE TRIGGER t_twin AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION "TWIN"();
        CREATE TRIGGER t_lower AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION twin();
        """
    )
    found = alerts(v)
    assert set(found) == {"t_quote", "t_twin"}


def test_an_unresolved_trigger_function_is_a_gap_naming_it() -> None:
    v = view(
        "CREATE TABLE a (x int); CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW EXECUTE FUNCTION s.gone();"
    )
    assert [(u.artifact.name, u.names) for u in v.unresolved] == [("t", ("s.gone",))]


# -- effects, guards and values ----------------------------------------------------------------


def model_of(sql: str, name: str):  # type: ignore[no-untyped-def]
    inv = inventory(sql)
    an = Analyzer(inv, POLICY)
    return an.modeler.model(named(inv, "function", name))


def test_early_return_guards_what_follows() -> None:
    m = model_of(
        TABLES
        + """CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM watch w WHERE w.person_id = NEW.person_id) THEN RETURN NEW; END IF;
          INSERT INTO q VALUES ('x'); RETURN NEW; END $$;""",
        "f",
    )
    (write,) = [e for e in m.effects if e.kind == EffectKind.WRITE]
    matches = [c for c, pos in all_conds(write.guard) if pos and isinstance(c.atom, Match)]
    assert matches, write.guard


def test_count_of_a_list_carries_no_event_value() -> None:
    m = model_of(
        TABLES
        + """CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE n int; BEGIN
          SELECT count(*) INTO n FROM watch; IF n > 0 THEN INSERT INTO q VALUES ('x'); END IF;
          RETURN NEW; END $$;""",
        "f",
    )
    (write,) = [e for e in m.effects if e.kind == EffectKind.WRITE]
    conds = all_conds(write.guard)
    assert any(isinstance(c.atom, Truth) for c, _ in conds)
    assert not [c for c, _ in conds if isinstance(c.atom, Match)]


def test_select_into_found_and_row_count_witness_the_lookup() -> None:
    for body in (
        "PERFORM 1 FROM watch WHERE person_id = NEW.person_id; IF FOUND THEN INSERT INTO q VALUES ('x'); END IF;",
        "UPDATE watch SET src = src WHERE person_id = NEW.person_id; GET DIAGNOSTICS n = ROW_COUNT;"
        " IF n > 0 THEN INSERT INTO q VALUES ('x'); END IF;",
        "SELECT w.src INTO s FROM watch w WHERE w.person_id = NEW.person_id;"
        " IF s IS NOT NULL THEN INSERT INTO q VALUES ('x'); END IF;",
    ):
        m = model_of(
            TABLES
            + f"""CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE n int; s text; BEGIN
              {body} RETURN NEW; END $$;""",
            "f",
        )
        write = next(
            e for e in m.effects if e.kind == EffectKind.WRITE and e.target == RelRef(("q",))
        )
        assert any(isinstance(c.atom, Match) for c, pos in all_conds(write.guard) if pos), body


def test_record_copies_and_json_fields_of_new_are_event_values() -> None:
    m = model_of(
        TABLES
        + """CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE r record; j jsonb; BEGIN
          r := NEW; j := to_jsonb(NEW);
          INSERT INTO q SELECT 'x' FROM watch w WHERE w.person_id = r.person_id;
          INSERT INTO q SELECT 'y' FROM watch w WHERE w.person_id = (j->>'person_id')::int;
          RETURN NEW; END $$;""",
        "f",
    )
    for write in [e for e in m.effects if e.kind == EffectKind.WRITE]:
        sides = [
            s
            for c, _ in all_conds(write.guard)
            if isinstance(c.atom, Match)
            for s in c.atom.left.srcs | c.atom.right.srcs
        ]
        assert Row(RowKind.NEW, "person_id") in sides


def test_dynamic_sql_is_folded_and_bound_to_using() -> None:
    m = model_of(
        TABLES
        + """CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE hit int; BEGIN
          EXECUTE format('SELECT 1 FROM %I WHERE person_id = $1', 'watch') INTO hit USING NEW.person_id;
          IF hit IS NOT NULL THEN INSERT INTO q VALUES ('x'); END IF; RETURN NEW; END $$;""",
        "f",
    )
    write = next(e for e in m.effects if e.kind == EffectKind.WRITE)
    matches = [c.atom for c, _ in all_conds(write.guard) if isinstance(c.atom, Match)]
    assert any(Row(RowKind.NEW, "person_id") in (a.left.srcs | a.right.srcs) for a in matches)


def test_format_and_concat_fold() -> None:
    assert (
        apply_format("SELECT 1 FROM %I.%I WHERE a = %L", ["intel", "w", "x'y"])
        == "SELECT 1 FROM intel.w WHERE a = 'x''y'"
    )
    assert apply_format("%2$s %1$s %%", ["a", "b"]) == "b a %"
    node = parse_one("SELECT 'SELECT 1 FROM ' || v || ' WHERE x'").expressions[0]
    assert fold_dynamic(node, {"v": "cbp_lookouts"}) == "SELECT 1 FROM cbp_lookouts WHERE x"
    assert fold_dynamic(node, {}) is None


# -- membership and paths ---------------------------------------------------------------------


def test_membership_through_helpers_joins_views_and_flags() -> None:
    v = view(
        TABLES
        + """
        CREATE TABLE persons (person_id int PRIMARY KEY, last_name text, dob date, tf_flag boolean);
        CREATE VIEW v_watch AS SELECT person_id FROM watch WHERE src = 'HSI';
        CREATE FUNCTION listed(p int) RETURNS boolean LANGUAGE sql AS $$ SELECT EXISTS (SELECT 1 FROM watch WHERE person_id = p) $$;
        CREATE FUNCTION a1() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          IF listed(NEW.person_id) THEN PERFORM pg_notify('c', 'x'); END IF; RETURN NEW; END $$;
        CREATE FUNCTION a2() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          INSERT INTO q SELECT 'x' FROM v_watch w JOIN arrests a ON a.person_id = w.person_id WHERE a.arrest_id = NEW.arrest_id;
          RETURN NEW; END $$;
        CREATE FUNCTION a3() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE p persons%ROWTYPE; BEGIN
          SELECT * INTO p FROM persons WHERE person_id = NEW.person_id;
          IF p.tf_flag THEN INSERT INTO q VALUES ('x'); END IF; RETURN NEW; END $$;
        CREATE TRIGGER t1 AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION a1();
        CREATE TRIGGER t2 AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION a2();
        CREATE TRIGGER t3 AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION a3();
        """
    )
    found = alerts(v)
    assert found["t1"] == ["public.watch"]
    assert "public.v_watch" in found["t2"]
    assert found["t3"] == ["public.persons.tf_flag"]
    t2 = next(p for p in v.paths if p.entry.name == "t2")
    assert any("HSI" in t.value for m in t2.memberships for t in m.ties)


def test_a_literal_identifier_list_is_membership_and_is_masked() -> None:
    v = view(
        TABLES
        + """CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          IF NEW.person_id IN (91000021, 91000022, 91000023) THEN PERFORM pg_notify('c', 'x'); END IF;
          RETURN NEW; END $$;
        CREATE TRIGGER t AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION f();"""
    )
    (path,) = [p for p in v.paths if p.is_alert]
    (m,) = path.memberships
    assert m.kind == MembershipKind.LITERAL and m.object == "person_id IN (3 identifiers)"
    assert m.site is not None and "91000021" not in m.site.excerpt


def test_a_job_polling_recent_rows_is_an_alert_on_the_polled_relation() -> None:
    sql = (
        TABLES
        + """CREATE SCHEMA cron;
CREATE TABLE cron.job (jobid int, schedule text, command text, jobname text);
COPY cron.job (jobid, schedule, command, jobname) FROM stdin;
1	*/5 * * * *	INSERT INTO q SELECT 'x' FROM arrests a JOIN watch w ON w.person_id = a.person_id WHERE a.ts > now() - interval '5 minutes'	sweep
\\.
"""
    )
    from watchdog.sources.dump_data import apply_data

    inv, data = read_pg_dump(sql, "t")
    apply_data(inv, POLICY, data)
    v = Analyzer(inv, POLICY).run().view
    (path,) = [p for p in v.paths if p.is_alert]
    assert path.entry.kind == ArtifactKind.CRON_JOB and path.recency
    assert path.event.source is not None and path.event.source.name == "arrests"
    assert [m.object for m in path.memberships] == ["public.watch"]


def test_two_steps_a_stamp_and_the_job_that_delivers_it() -> None:
    sql = """CREATE TABLE arrests (arrest_id int, person_id int, route text, ts timestamptz);
        CREATE TABLE watch (person_id int); CREATE TABLE q (msg text);
        CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          IF EXISTS (SELECT 1 FROM watch w WHERE w.person_id = NEW.person_id) THEN NEW.route := 'TF'; END IF;
          RETURN NEW; END $$;
        CREATE TRIGGER t_stamp BEFORE INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION stamp();
        CREATE FUNCTION deliver() RETURNS void LANGUAGE sql AS $$
          INSERT INTO q SELECT 'x' FROM arrests WHERE route = 'TF' AND ts > now() - interval '1 hour' $$;
CREATE SCHEMA cron;
CREATE TABLE cron.job (jobid int, schedule text, command text, jobname text);
COPY cron.job (jobid, schedule, command, jobname) FROM stdin;
1	0 * * * *	SELECT deliver()	hourly
\\.
"""
    from watchdog.sources.dump_data import apply_data

    inv, data = read_pg_dump(sql, "t")
    apply_data(inv, POLICY, data)
    v = Analyzer(inv, POLICY).run().view
    two = [p for p in v.paths if p.steps]
    assert two and two[0].entry.name == "t_stamp"
    assert [s.name for s in two[0].steps] == ["hourly"]
    assert any(d.kind == SinkKind.TABLE and d.via is not None for d in two[0].deliveries)


def test_tsql_cursor_loop_and_plsql_select_into_guard_their_deliveries() -> None:
    tsql = view(
        """CREATE TABLE dbo.A (Id int, Pid int)
GO
CREATE TABLE dbo.L (Pid int)
GO
CREATE TRIGGER dbo.trg ON dbo.A AFTER INSERT AS
BEGIN
  DECLARE @p int
  DECLARE c CURSOR FOR SELECT i.Pid FROM inserted i JOIN dbo.L l ON l.Pid = i.Pid
  OPEN c
  FETCH NEXT FROM c INTO @p
  WHILE @@FETCH_STATUS = 0
  BEGIN
    EXEC msdb.dbo.sp_send_dbmail @recipients = 'a@pd.example', @body = 'hit'
    FETCH NEXT FROM c INTO @p
  END
END
GO
""",
        "tsql",
    )
    assert alerts(tsql) == {"trg": ["dbo.L"]}
    plsql = view(
        """CREATE TABLE s.a (id NUMBER, pid NUMBER);
CREATE TABLE s.l (pid NUMBER);
CREATE OR REPLACE TRIGGER s.trg AFTER INSERT ON s.a FOR EACH ROW
DECLARE v NUMBER;
BEGIN
  SELECT l.pid INTO v FROM s.l l WHERE l.pid = :new.pid;
  UTL_MAIL.SEND(sender => 'x@pd.example', recipients => 'y@pd.example', message => 'hit');
EXCEPTION WHEN NO_DATA_FOUND THEN NULL;
END;
/
""",
        "oracle",
    )
    assert alerts(plsql) == {"trg": ["s.l"]}


# -- text helpers ------------------------------------------------------------------------------


def test_masking_hides_identifier_lists_but_not_codes() -> None:
    assert (
        mask("WHERE nysid IN ('10000001A', '10000002B', '10000003C')")
        == "WHERE nysid IN (3 identifiers)"
    )
    assert mask("pid = ANY(ARRAY[101, 102])") == "pid = ANY(ARRAY[2 identifiers])"
    assert mask("role IN ('SUSPECT', 'WITNESS')") == "role IN ('SUSPECT', 'WITNESS')"


def test_code_comments_skip_strings_and_statements_split() -> None:
    body = "SELECT '-- not a comment' -- per HSI request\n/* block\n comment */ SELECT 1"
    assert list(code_comments(body)) == [("-- per HSI request", 1), ("/* block\n comment */", 2)]
    assert len(split_statements("SELECT 1; SELECT ';'; CALL p()", "postgres")) == 3


def test_unparseable_and_foreign_bodies_are_errors_not_exceptions() -> None:
    m = model_of(
        "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN IF THEN END $$;", "f"
    )
    assert m.errors
    m = model_of(
        """CREATE FUNCTION f() RETURNS void LANGUAGE plpython3u AS $$
plpy.execute("SELECT * FROM intel.hsi_watch")
url = "https://x.ice.gov/up"
$$;""",
        "f",
    )
    assert RelRef(("intel", "hsi_watch")) in [r for r, _ in m.reads] and m.errors


# -- calls, bounds and built-ins ---------------------------------------------------------------


def test_builtins_and_system_routines_are_not_gaps() -> None:
    from watchdog.analysis.builtins import is_builtin, passes_through

    assert passes_through(CallRef(("to_jsonb",), 1)) and passes_through(
        CallRef(("pg_catalog", "x"), 1)
    )
    assert not passes_through(CallRef(("rms", "to_jsonb"), 1))
    assert is_builtin(CallRef(("msdb", "dbo", "sp_send_dbmail"), 0))
    assert is_builtin(CallRef(("sys", "anything"), 0)) and is_builtin(CallRef(("upper",), 1))
    assert not is_builtin(CallRef(("rms", "notify_desk"), 1))


def test_folding_quotes_and_case_functions() -> None:
    def folded(expr: str, **consts: str) -> str | None:
        return fold_dynamic(parse_one(f"SELECT {expr}").expressions[0], consts)

    assert folded("quote_ident('HSI_Watch')") == '"HSI_Watch"'
    assert folded("quote_literal(v)", v="o'k") == "'o''k'"
    assert folded("lower('AB') || upper('cd') || trim('  x ')") == "abCDx"
    assert folded("concat('a', v, 'c')", v="b") == "abc"
    assert folded("concat_ws('.', 'intel', 'w')") == "intel.w"
    assert folded("format('%s.%I', 'Intel', 'w')") == "Intel.w"
    assert folded("format('%s %s', 'only one')") is None
    assert folded("v || w", v="a") is None


def test_recursion_and_deep_call_chains_are_bounded_and_said() -> None:
    from watchdog.analysis.compose import MAX_DEPTH

    chain = "\n".join(
        f"CREATE FUNCTION c{i}() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM c{i + 1}(); END $$;"
        for i in range(MAX_DEPTH + 3)
    )
    v = view(
        TABLES
        + chain
        + """
        CREATE FUNCTION loop_a() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM loop_a(); END $$;
        CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          PERFORM loop_a(); PERFORM c0(); PERFORM ops.gone(NEW.person_id); RETURN NEW; END $$;
        CREATE TRIGGER t AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION f();"""
    )
    assert [a.name for a in v.truncated] == ["t"]
    assert [(u.artifact.name, u.names) for u in v.unresolved] == [("t", ("ops.gone",))]


def test_trigger_arguments_and_named_parameters_are_bound() -> None:
    v = view(
        TABLES
        + """
        CREATE FUNCTION send(p_to text, p_person int) RETURNS void LANGUAGE plpgsql AS $$ BEGIN
          IF EXISTS (SELECT 1 FROM watch w WHERE w.person_id = p_person) THEN
            INSERT INTO q VALUES (p_to); END IF; END $$;
        CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          PERFORM send(p_person => NEW.person_id, p_to => TG_ARGV[0]); RETURN NEW; END $$;
        CREATE TRIGGER t AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION f('desk@ice.dhs.gov');"""
    )
    (path,) = [p for p in v.paths if p.is_alert]
    assert [m.object for m in path.memberships] == ["public.watch"]
    assert any(t.value.endswith("ice.dhs.gov") for t in path.federal_ties)


def test_a_helper_that_returns_false_when_listed_is_not_membership() -> None:
    v = view(
        TABLES
        + """
        CREATE FUNCTION clean(p int) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN
          IF EXISTS (SELECT 1 FROM watch w WHERE w.person_id = p) THEN RETURN false; END IF;
          RETURN true; END $$;
        CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
          IF clean(NEW.person_id) THEN INSERT INTO q VALUES ('x'); END IF; RETURN NEW; END $$;
        CREATE TRIGGER t AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION f();"""
    )
    assert not [p for p in v.paths if p.is_alert]


def test_foreign_keys_mark_the_master_and_a_flag_on_it_is_membership() -> None:
    v = view(
        """CREATE TABLE mni (mni_no text PRIMARY KEY, lname text, hot_cd char(1));
        COMMENT ON COLUMN mni.hot_cd IS 'H = hold for the HSI task force';
        CREATE TABLE calls (call_no text, mni_no text REFERENCES mni);
        CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE v char(1); BEGIN
          SELECT m.hot_cd INTO v FROM mni m WHERE m.mni_no = NEW.mni_no;
          CASE v WHEN 'H' THEN PERFORM pg_notify('hot', NEW.call_no); ELSE NULL; END CASE;
          RETURN NEW; END $$;
        CREATE TRIGGER t AFTER INSERT ON calls FOR EACH ROW EXECUTE FUNCTION f();"""
    )
    (path,) = [p for p in v.paths if p.is_alert]
    assert [(m.kind, m.object) for m in path.memberships] == [
        (MembershipKind.FLAG, "public.mni.hot_cd")
    ]
    assert path.federal_ties and path.event.person_key_by_structure
