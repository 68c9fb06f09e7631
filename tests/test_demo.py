"""The first run a newcomer sees: `alert-watchdog demo` on an embedded PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from watchdog.cli import main


def test_demo_reports_the_task_force_alert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--output-dir", str(tmp_path / "out")]) == 0
    shown = capsys.readouterr()
    assert "federal-list-contact-alert" in shown.out and "arrests_subject_alert" in shown.out
    assert "Traceback" not in shown.err
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    rules = {(f["rule_id"], f["artifact"]["name"]) for f in report["findings"]}
    assert ("federal-list-contact-alert", "arrests_subject_alert") in rules
    assert ("person-contact-alert", "arrests_warrant_hit") in rules
    assert not any(
        f["rule_id"] == "federal-list-contact-alert" and "audit" in f["artifact"]["name"]
        for f in report["findings"]
    )
    # fictional people stay out of every report
    assert "SURNAME" not in shown.out and "SURNAME" not in json.dumps(report)
