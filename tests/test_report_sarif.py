"""The SARIF 2.1.0 report: valid against the official schema, every rule described, one
result per finding placed by logical location, fingerprinted and optionally suppressed.

tests/data/sarif-schema-2.1.0.json is the SARIF 2.1.0 JSON schema as shipped in the npm
package @microsoft/sarif-multitool-linux 5.7.0 (file `sarif-2.1.0.json`, MIT licence; the
SARIF SDK's copy of the OASIS schema, written as JSON Schema draft 2020-12), vendored
unchanged.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.test_report_html import HOSTILE, sample_report
from watchdog import __version__
from watchdog.engine import Report
from watchdog.model import Inventory, Target
from watchdog.registry import load_detectors
from watchdog.report import sarif

SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
OUTPUT = Path(__file__).resolve().parent / "_output" / "report_sarif"
SUPPRESSED = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"  # the info finding of the sample report


@pytest.fixture(scope="module")
def log() -> dict[str, Any]:
    text = sarif.render(
        sample_report(),
        suppressions={
            SUPPRESSED: {
                "justification": "Court-ordered warrant alert, reviewed 2025-05",
                "by": "oversight office",
                "until": "2025-12-31",
            }
        },
    )
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "report.sarif").write_text(text, encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def result_of(log: dict[str, Any], rule_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in log["runs"][0]["results"] if r["ruleId"] == rule_id)
    return found


def test_valid_against_the_official_sarif_schema(log: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip(
        "jsonschema", reason="jsonschema is not installed (the test extra will carry it)"
    )
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_the_schema_check_rejects_a_broken_log(log: dict[str, Any]) -> None:
    """The validation is not vacuous: a result without a message, a bad level fail."""
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(log))
    del broken["runs"][0]["results"][0]["message"]
    broken["runs"][0]["results"][1]["level"] = "critical"
    validator = jsonschema.validators.validator_for(schema)(schema)
    assert len(list(validator.iter_errors(broken))) >= 2


def test_log_header_and_driver(log: dict[str, Any]) -> None:
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "alert-watchdog"
    assert driver["version"] == __version__
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["startTimeUtc"] == "2025-06-02T09:30:00.000Z"
    assert invocation["endTimeUtc"] == "2025-06-02T09:30:03.400Z"


def test_rules_carry_every_detectors_metadata(log: dict[str, Any]) -> None:
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    detectors = [d.rule for d in load_detectors()]
    assert [r["id"] for r in rules] == [d.rule_id for d in detectors]
    levels = {
        "critical": "error",
        "high": "error",
        "medium": "warning",
        "low": "note",
        "info": "note",
    }
    for rule, meta in zip(rules, detectors, strict=True):
        assert rule["name"] and " " not in rule["name"]
        assert rule["shortDescription"]["text"] == meta.title
        assert rule["fullDescription"]["text"] == meta.rationale
        assert rule["help"]["text"] == (meta.doc.strip() or meta.remediation)
        assert "What it finds:" in rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] == levels[str(meta.severity)]
        score = float(rule["properties"]["security-severity"])
        assert 0.0 <= score <= 10.0
    by_id = {r["id"]: r for r in rules}
    assert by_id["federal-list-contact-alert"]["name"] == "FederalListContactAlert"
    assert float(by_id["federal-list-contact-alert"]["properties"]["security-severity"]) > 9.0
    assert by_id["coverage-gap"]["defaultConfiguration"]["level"] == "note"


def test_one_result_per_finding_with_rule_index_level_and_message(log: dict[str, Any]) -> None:
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == [f.rule_id for f in sample_report().findings]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    assert [r["level"] for r in results] == ["error", "note", "note"]
    message = result_of(log, "federal-list-contact-alert")["message"]["text"]
    assert message.startswith(f"Person-tracking alert on a federally tied list: {HOSTILE}.")
    assert "Chain: event rms.arrests → runs" in message
    assert "membership test rms.hsi_referrals (in rms.tf_notify):4" in message
    assert "sink rms.officer_outbox (in rms.tf_notify):6." in message


def test_logical_locations_name_schema_object_and_the_triggers_table(log: dict[str, Any]) -> None:
    alert = result_of(log, "federal-list-contact-alert")
    (loc,) = alert["locations"][0]["logicalLocations"]
    assert loc["fullyQualifiedName"] == f"rms.{HOSTILE}"
    assert loc["kind"] == "trigger"
    assert loc["properties"]["table"] == "rms.arrests"
    (related,) = alert["relatedLocations"]
    assert related["logicalLocations"][0] == {
        "name": "arrests",
        "fullyQualifiedName": "rms.arrests",
        "kind": "table",
    }
    stored = result_of(log, "person-contact-alert")["locations"][0]["logicalLocations"][0]
    assert stored["fullyQualifiedName"] == "app.saved_searches[17]"
    assert stored["kind"] == "stored_query"


def test_fingerprints_confidence_and_evidence(log: dict[str, Any]) -> None:
    findings = {f.rule_id: f for f in sample_report().findings}
    for r in log["runs"][0]["results"]:
        f = findings[r["ruleId"]]
        assert r["partialFingerprints"] == {"alertWatchdog/v1": f.fingerprint}
        assert r["properties"]["confidence"] == round(f.confidence, 2)
        assert r["properties"]["evidence"] == [e.to_json() for e in f.evidence]
        assert r["properties"]["references"] == f.references
    alert = result_of(log, "federal-list-contact-alert")
    steps = alert["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["properties"]["step"] for s in steps] == [
        "event",
        "runs",
        "membership test",
        "list",
        "federal tie",
        "sink",
    ]
    assert [s["executionOrder"] for s in steps] == [1, 2, 3, 4, 5, 6]


def test_suppressed_findings_carry_an_accepted_external_suppression(log: dict[str, Any]) -> None:
    suppressed = result_of(log, "person-contact-alert")
    assert suppressed["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "Court-ordered warrant alert, reviewed 2025-05",
            "properties": {"by": "oversight office", "until": "2025-12-31"},
        }
    ]
    assert "suppressions" not in result_of(log, "federal-list-contact-alert")
    plain = json.loads(sarif.render(sample_report()))
    assert not any("suppressions" in r for r in plain["runs"][0]["results"])
    open_ended = json.loads(
        sarif.render(
            sample_report(),
            suppressions={SUPPRESSED: {"justification": "ok", "by": "dba", "until": None}},
        )
    )
    (entry,) = result_of(open_ended, "person-contact-alert")["suppressions"]
    assert entry["properties"] == {"by": "dba"}


def test_a_finding_of_an_unknown_rule_still_gets_a_valid_rule_index() -> None:
    report = sample_report()
    report.findings[1].rule_id = "site-local-rule"
    log = json.loads(sarif.render(report))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    result = result_of(log, "site-local-rule")
    assert rules[result["ruleIndex"]]["id"] == "site-local-rule"


def test_an_empty_report_is_a_valid_log_with_no_results() -> None:
    now = datetime.now(UTC)
    rules = tuple(d.rule for d in load_detectors())
    log = json.loads(sarif.render(Report(Inventory(Target("empty")), [], now, now, rules=rules)))
    assert log["runs"][0]["results"] == []
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len(load_detectors())
