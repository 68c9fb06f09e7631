"""The first run a newcomer sees: `alert-watchdog demo` on an embedded PostgreSQL."""

from __future__ import annotations

import email
import email.policy
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
    page = (tmp_path / "out" / "report.html").read_text()
    assert "arrests_subject_alert" in page and "SURNAME" not in page
    mails = list((tmp_path / "out" / "inbox" / "new").iterdir())
    assert len(mails) == 1
    msg = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
    assert msg["Subject"].startswith("[CRITICAL] alert-watchdog:")
    body = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "arrests_subject_alert" in body and "SURNAME" not in body and "GIVEN" not in body
    assert msg.get_body(("html",)) is not None
    assert str(tmp_path / "out" / "report.html") in shown.err
