"""The CLI contract: exit codes, one-line errors without passwords, the JSON report shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SHARED_SCENARIOS, Database
from tests.helpers import scan_json
from watchdog.cli import main
from watchdog.sources.connection import redact, scrub

ALERT = """
CREATE TABLE arrests (arrest_id int, person_id int);
CREATE TABLE hsi_referrals (person_id int PRIMARY KEY);
CREATE TABLE outbox (recipient text, body text);
CREATE FUNCTION hit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF EXISTS (SELECT 1 FROM hsi_referrals r WHERE r.person_id = NEW.person_id) THEN
    INSERT INTO outbox VALUES ('det@pd.example', 'contact'); END IF; RETURN NEW; END $$;
CREATE TRIGGER trg_hit AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION hit();
"""


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "watchdog", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )


def test_unreachable_target_exits_3_with_one_line_and_no_password() -> None:
    proc = run_cli(
        "scan", "--dsn", "postgresql://auditor:Sup3rS3cret!@127.0.0.1:1/rms", "--format", "json"
    )
    assert proc.returncode == 3
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Sup3rS3cret" not in proc.stderr and "Traceback" not in proc.stderr
    assert "127.0.0.1" in lines[0]


def test_keyword_dsn_password_is_scrubbed_too() -> None:
    proc = run_cli("scan", "--dsn", "host=127.0.0.1 port=1 dbname=rms user=a password=hunter2xyz")
    assert (
        proc.returncode == 3
        and "hunter2xyz" not in proc.stderr
        and len(proc.stderr.strip().splitlines()) == 1
    )


def test_redaction_helpers() -> None:
    assert redact("postgresql://u:pw@h/db") == "postgresql://u:***@h/db"
    assert redact("host=h password='a b' user=u") == "host=h password=*** user=u"
    assert (
        redact("postgresql://h/db?password=abc&sslmode=require")
        == "postgresql://h/db?password=***&sslmode=require"
    )
    assert "zzz" not in scrub("failed for zzz", "postgresql://u:zzz@h/db")


def test_unauthorised_role_exits_3(make_db: Callable[[str], Database]) -> None:
    db = make_db("")
    dsn = db.reader_dsn.replace("wd_test_reader", "wd_no_such_role")
    code, _ = scan_json("--dsn", dsn)
    assert code == 3


def test_usage_errors_exit_2() -> None:
    assert run_cli("scan").returncode == 2
    assert run_cli("scan", "--dsn", "x", "--fail-on", "urgent").returncode == 2
    proc = run_cli("frobnicate")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_version() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("alert-watchdog ")


def test_json_report_contract_and_fail_on(make_db: Callable[[str], Database]) -> None:
    db = make_db(ALERT)
    code, report = scan_json("--dsn", db.reader_dsn)
    assert code == 1  # critical finding, default --fail-on high
    assert report["schema_version"] == 1
    assert report["tool"]["name"] == "alert-watchdog"
    assert set(report["target"]) >= {"name", "dialect", "server_version"}
    assert set(report["scan"]) >= {"started_at", "finished_at", "artifacts", "coverage_gaps"}
    assert all(set(i) >= {"kind", "schema", "name", "roles"} for i in report["inventory"])
    finding = next(f for f in report["findings"] if f["rule_id"] == "federal-list-contact-alert")
    assert set(finding) >= {
        "rule_id",
        "severity",
        "confidence",
        "title",
        "artifact",
        "evidence",
        "fingerprint",
        "remediation",
        "references",
    }
    assert finding["severity"] == "critical" and 0 < finding["confidence"] <= 1
    assert finding["artifact"]["kind"] == "trigger" and finding["artifact"]["name"] == "trg_hit"
    assert finding["artifact"]["table"] == "public.arrests"
    steps = [e["step"] for e in finding["evidence"]]
    assert steps.index("contact source") < steps.index("membership test") < steps.index("sink")
    assert "federal tie" in steps
    assert any("10-178" in r for r in finding["references"])
    code, _ = scan_json("--dsn", db.reader_dsn, "--fail-on", "critical")
    assert code == 1
    db2 = make_db("CREATE TABLE hsi_referrals (person_id int PRIMARY KEY);")
    code, report = scan_json("--dsn", db2.reader_dsn)
    assert code == 0 and [f["rule_id"] for f in report["findings"]] == [
        "federal-watchlist",
        "list-without-retention",
    ]
    code, _ = scan_json("--dsn", db2.reader_dsn, "--fail-on", "medium")
    assert code == 1


def test_text_report_names_the_chain(make_db: Callable[[str], Database], tmp_path: Path) -> None:
    db = make_db(ALERT)
    out = tmp_path / "r.txt"
    assert main(["scan", "--dsn", db.reader_dsn, "--format", "text", "--output", str(out)]) == 1
    text = out.read_text()
    assert (
        "federal-list-contact-alert" in text and "membership test" in text and "\033[" not in text
    )


def test_fingerprint_stable_under_whitespace_and_comments(
    make_db: Callable[[str], Database],
) -> None:
    a = make_db(ALERT)
    b = make_db(
        ALERT.replace("IF EXISTS", "-- check the list\n  IF   EXISTS").replace(
            "RETURN NEW;", "RETURN NEW; /* done */"
        )
    )
    c = make_db(ALERT.replace("'contact'", "'contact!'"))

    def fp(db: Database) -> str:
        _, r = scan_json("--dsn", db.reader_dsn)
        return next(
            f["fingerprint"] for f in r["findings"] if f["rule_id"] == "federal-list-contact-alert"
        )

    assert fp(a) == fp(b) != fp(c)


@pytest.mark.skipif(not SHARED_SCENARIOS.exists(), reason="shared scenarios not present")
def test_done_when_s01_inventory_lists_triggers_function_list_and_queue(
    make_db: Callable[[str], Database],
) -> None:
    db = make_db((SHARED_SCENARIOS / "s01-doi-gang-task-force.sql").read_text())
    _, report = scan_json("--dsn", db.reader_dsn)
    inv = {(i["kind"], i["name"]) for i in report["inventory"]}
    assert {
        ("trigger", "arrests_tf_alert"),
        ("trigger", "summonses_tf_alert"),
        ("trigger", "stops_tf_alert"),
        ("function", "tf_contact_alert"),
        ("table", "hsi_tda_subjects"),
        ("table", "alert_queue"),
    } <= inv
    roles = {i["name"]: set(i["roles"]) for i in report["inventory"]}
    assert {"list", "federal-tie"} <= roles["hsi_tda_subjects"]
    assert "sink" in roles["alert_queue"] and "contact-source" in roles["arrests"]
    assert "DOE" not in json.dumps(report) and "10000002B" not in json.dumps(report)
    db3 = make_db((SHARED_SCENARIOS / "s03-scheduled-job.sql").read_text())
    _, report = scan_json("--dsn", db3.reader_dsn)
    assert ("cron_job", "fi_roster_check") in {(i["kind"], i["name"]) for i in report["inventory"]}
