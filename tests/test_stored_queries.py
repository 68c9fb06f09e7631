"""Alerts kept as data: SQL in text columns and JSON documents, subscription tables whose
federal tie lives only in the data, broken SQL, and a large saved-report table."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT, Database
from tests.helpers import scan_json

BASE = """
CREATE SCHEMA rms; CREATE SCHEMA app; CREATE SCHEMA intel;
CREATE TABLE rms.arrests (arrest_id bigserial PRIMARY KEY, person_id bigint, arrest_ts timestamptz DEFAULT now());
CREATE TABLE intel.hsi_referrals (person_id bigint PRIMARY KEY);
CREATE TABLE rms.warrants (warrant_no text PRIMARY KEY, person_id bigint);
"""


def findings(report: dict[str, object], rule: str) -> list[dict[str, object]]:
    return [f for f in report["findings"] if f["rule_id"] == rule]  # type: ignore[index, union-attr]


def test_text_column_json_field_and_broken_sql(make_db: Callable[[str], Database]) -> None:
    db = make_db(
        BASE
        + """
CREATE TABLE app.reports (id int PRIMARY KEY, label text, query text, cadence text, mail_to text, author text);
INSERT INTO app.reports VALUES
 (1, 'Referral arrests', 'SELECT a.arrest_id FROM rms.arrests a WHERE a.person_id IN (SELECT person_id FROM intel.hsi_referrals) AND a.arrest_ts > now() - interval ''1 hour''', '0 * * * *', 'det.a@pd.example', 'det.a'),
 (2, 'Broken one', 'SELECT FROM WHERE (((', '0 * * * *', 'x@pd.example', 'det.b'),
 (3, 'Count', 'SELECT count(*) FROM rms.arrests', '0 8 * * *', 'cmd@pd.example', 'analyst');
CREATE TABLE app.rule_docs (doc_id int PRIMARY KEY, doc jsonb);
INSERT INTO app.rule_docs VALUES (7, '{"name": "Warrant watch", "rule": {"sql": "SELECT a.arrest_id FROM rms.arrests a JOIN rms.warrants w ON w.person_id = a.person_id WHERE a.arrest_ts > now() - interval ''5 minutes''"}, "notify": ["desk@pd.example"]}');
"""
    )
    _, report = scan_json("--dsn", db.reader_dsn)
    fed = findings(report, "federal-list-contact-alert")
    assert [f["artifact"]["name"] for f in fed] == ["reports[1]"]  # type: ignore[index]
    art = fed[0]["artifact"]
    assert (
        art["kind"] == "stored_query"
        and art["title"] == "Referral arrests"
        and art["table"] == "app.reports"
    )  # type: ignore[index]
    assert any("det.a@pd.example" in e["object"] for e in fed[0]["evidence"])  # type: ignore[union-attr, index]
    local = findings(report, "person-contact-alert")
    assert [(f["artifact"]["name"], f["artifact"].get("title")) for f in local] == [
        ("rule_docs[7]", "Warrant watch")
    ]  # type: ignore[index, union-attr]
    gaps = [f["artifact"]["name"] for f in findings(report, "coverage-gap")]  # type: ignore[index]
    assert "reports[2]" in gaps


def test_subscription_table_with_data_only_provenance(make_db: Callable[[str], Database]) -> None:
    db = make_db(
        BASE
        + """
CREATE TABLE app.contact_subscriptions (sub_id int PRIMARY KEY, person_id bigint, subscriber_email text,
                                        requested_by text, reason text);
INSERT INTO app.contact_subscriptions
SELECT g, 900000 + g, 'tfo@pd.example', CASE WHEN g % 3 = 0 THEN 'Det. Squad' ELSE 'HSI New York' END, 'case ' || g
FROM generate_series(1, 30) g;
CREATE TABLE app.outbox (id bigserial PRIMARY KEY, recipient text, body text);
CREATE FUNCTION app.notify_subscribers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO app.outbox(recipient, body)
  SELECT s.subscriber_email, 'arrest ' || NEW.arrest_id FROM app.contact_subscriptions s WHERE s.person_id = NEW.person_id;
  RETURN NEW;
END $$;
CREATE TRIGGER trg_subscribers AFTER INSERT ON rms.arrests FOR EACH ROW EXECUTE FUNCTION app.notify_subscribers();
"""
    )
    _, report = scan_json("--dsn", db.reader_dsn)
    fed = findings(report, "federal-list-contact-alert")
    assert [f["artifact"]["name"] for f in fed] == ["trg_subscribers"]  # type: ignore[index]
    text = json.dumps(fed[0]["evidence"])
    assert "20 of 30 sampled rows name HSI" in text
    dumped = json.dumps(report)
    assert "900001" not in dumped and "case 1" not in dumped  # never a listed person or their row
    _, report = scan_json("--dsn", db.reader_dsn, "--no-data")
    assert not findings(report, "federal-list-contact-alert")
    assert [f["artifact"]["name"] for f in findings(report, "person-contact-alert")] == [
        "trg_subscribers"
    ]  # type: ignore[index]


def test_large_saved_report_table_yields_exactly_the_three_alerts(
    make_db: Callable[[str], Database], pg_server: object
) -> None:
    spec = importlib.util.spec_from_file_location(
        "saved_reports", ROOT / "benchmarks" / "saved_reports.py"
    )
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.run(pg_server.admin_dsn, 20_000, False)  # type: ignore[attr-defined]
    assert result["federal_alerts"] == result["expected"]
    assert result["stored_queries"] == 20_000


def test_benchmark_module_is_where_the_note_says(tmp_path: Path) -> None:
    assert (ROOT / "benchmarks" / "saved_reports.py").exists()


def test_policy_names_a_table_and_excludes_another(
    make_db: Callable[[str], Database], tmp_path: Path
) -> None:
    db = make_db(
        BASE
        + """
CREATE TABLE app.alert_defs (def_no int PRIMARY KEY, caption text, crit_blob text, deliver text);
INSERT INTO app.alert_defs VALUES (4, 'Referral watch', 'SELECT a.arrest_id FROM rms.arrests a JOIN intel.hsi_referrals r ON r.person_id = a.person_id WHERE a.arrest_ts > now() - interval ''1 hour''', 'sgt.c@pd.example');
CREATE TABLE app.query_archive (id int PRIMARY KEY, query text, email text);
INSERT INTO app.query_archive VALUES (1, 'SELECT a.arrest_id FROM rms.arrests a JOIN intel.hsi_referrals r ON r.person_id = a.person_id WHERE a.arrest_ts > now() - interval ''1 hour''', 'old@pd.example');
"""
    )
    _, report = scan_json("--dsn", db.reader_dsn)
    # every text column is probed for SQL, whatever it is called
    assert sorted(
        f["artifact"]["name"] for f in findings(report, "federal-list-contact-alert")
    ) == ["alert_defs[4]", "query_archive[1]"]  # type: ignore[index]
    policy = tmp_path / "site.toml"
    policy.write_text("""
[stored_query_sources]
exclude = ["app.query_archive"]
[[stored_query_sources.table]]
table = "app.alert_defs"
sql = "crit_blob"
key = "def_no"
title = "caption"
recipients = ["deliver"]
""")
    _, report = scan_json("--dsn", db.reader_dsn, "--policy", str(policy))
    fed = findings(report, "federal-list-contact-alert")
    assert [(f["artifact"]["name"], f["artifact"]["title"]) for f in fed] == [
        ("alert_defs[4]", "Referral watch")
    ]  # type: ignore[index]
