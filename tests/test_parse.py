"""Parsing without a database: PL/pgSQL walking, dynamic SQL folding, masking, comments."""

from __future__ import annotations

from sqlglot import parse_one

from watchdog.analysis.dynamic import apply_format, fold
from watchdog.analysis.facts import code_comments, mask
from watchdog.analysis.parse import BodyParser, split_statements
from watchdog.model import Artifact
from watchdog.policy import load_policy

PARSER = BodyParser(load_policy())


def fn(body: str, result: str = "trigger", language: str = "plpgsql") -> Artifact:
    return Artifact(
        kind="function",
        schema="s",
        name="f",
        language=language,
        body=body,
        extra={"full_args": "", "result": result},
    )


def test_format_and_concat_fold() -> None:
    assert (
        apply_format("SELECT 1 FROM %I.%I WHERE a = %L", ["intel", "w", "x'y"])
        == "SELECT 1 FROM intel.w WHERE a = 'x''y'"
    )
    assert apply_format("%2$s %1$s %%", ["a", "b"]) == "b a %"
    node = parse_one("SELECT 'SELECT 1 FROM ' || v || ' WHERE x'").expressions[0]
    assert fold(node, {"v": "cbp_lookouts"}) == "SELECT 1 FROM cbp_lookouts WHERE x"
    assert fold(node, {}) is None


def test_plpgsql_statements_conditions_perform_and_dynamic() -> None:
    facts = PARSER.facts(
        fn("""
DECLARE t text := 'hsi_referrals'; v text; r record;
BEGIN
  IF NEW.status = 'X' AND EXISTS (SELECT 1 FROM intel.watch w WHERE w.pid = NEW.pid) THEN
    PERFORM pg_notify('chan', NEW.pid::text);
  END IF;
  v := 'SELECT 1 FROM intel.' || t;
  EXECUTE v USING NEW.pid;
  EXECUTE format('INSERT INTO %I.%I VALUES ($1)', 'ops', 'outbox') USING NEW.pid;
  FOR r IN EXECUTE 'SELECT * FROM ' || quote_ident(t) LOOP NULL; END LOOP;
  RETURN NEW;
END""")
    )
    reads = {n for n, _ in facts.reads}
    assert {"intel.watch", "intel.hsi_referrals", "hsi_referrals"} <= reads
    assert "ops.outbox" in {n for n, _ in facts.writes}
    assert [o.kind for o in facts.outbound] == ["notify"]
    assert any(c.column == "status" and c.values == ("X",) for c in facts.conditions)
    line = next(s.line for n, s in facts.reads if n == "intel.watch")
    assert line == 4


def test_unfoldable_dynamic_sql_keeps_its_string_literals() -> None:
    facts = PARSER.facts(
        fn("BEGIN EXECUTE 'SELECT 1 FROM ' || TG_ARGV[0] || ' x, fed.cbp_hits'; RETURN NEW; END")
    )
    assert any("cbp_hits" in w for w, _ in facts.dynamic)


def test_unparseable_plpgsql_is_an_error_not_an_exception() -> None:
    facts = PARSER.facts(fn("BEGIN IF THEN END"))
    assert facts.errors


def test_rule_and_notify_and_cron_commands() -> None:
    rule = Artifact(
        kind="rule",
        schema="s",
        name="r",
        language="sql",
        body="CREATE RULE r AS ON INSERT TO s.bookings DO ALSO ( NOTIFY booked; "
        "INSERT INTO s.q (a) SELECT new.a WHERE new.a IN (SELECT a FROM s.l); );",
    )
    facts = PARSER.facts(rule)
    assert [o.kind for o in facts.outbound] == ["notify"]
    assert "s.l" in {n for n, _ in facts.reads} and "s.q" in {n for n, _ in facts.writes}
    assert len(split_statements("SELECT 1; SELECT ';'; CALL p()", "postgres")) == 3
    job = Artifact(
        kind="cron_job", schema="cron", name="j", language="sql", body="CALL ops.sweep()"
    )
    assert "ops.sweep" in {n for n, _ in PARSER.facts(job).calls}


def test_masking_hides_identifier_lists_but_not_codes() -> None:
    assert (
        mask("WHERE nysid IN ('10000001A', '10000002B', '10000003C')")
        == "WHERE nysid IN (3 identifiers)"
    )
    assert mask("pid = ANY(ARRAY[101, 102])") == "pid = ANY(ARRAY[2 identifiers])"
    assert mask("role IN ('SUSPECT', 'WITNESS')") == "role IN ('SUSPECT', 'WITNESS')"


def test_code_comments_skip_strings() -> None:
    body = "SELECT '-- not a comment' -- per HSI request\n/* block\n comment */ SELECT 1"
    assert [(t, line) for t, line in code_comments(body)] == [
        ("-- per HSI request", 1),
        ("/* block\n comment */", 2),
    ]


def test_foreign_language_body_reads_sql_strings_and_reports_gap() -> None:
    facts = PARSER.facts(
        fn(
            'plpy.execute("SELECT * FROM intel.hsi_watch")\nurl = "https://x.ice.gov/up"',
            result="void",
            language="plpython3u",
        )
    )
    assert "intel.hsi_watch" in {n for n, _ in facts.reads}
    assert any("ice.gov" in v for v, _ in facts.literals) and facts.errors
