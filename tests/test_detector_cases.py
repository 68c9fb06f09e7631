"""Each detector's own positive and negative cases, kept beside its code, run on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import Database
from tests.helpers import scan_json
from watchdog.detect import Case, Detector, load_detectors

DETECTORS = load_detectors()
CASES = [(d, c) for d in DETECTORS for c in d.cases]


def test_every_rule_is_registered_with_metadata_and_cases() -> None:
    ids = {d.rule.rule_id for d in DETECTORS}
    assert ids == {
        "federal-list-contact-alert",
        "immigration-status-alert",
        "federal-data-channel",
        "federal-watchlist",
        "person-contact-alert",
        "coverage-gap",
    }
    for d in DETECTORS:
        assert d.rule.title and d.rule.rationale and d.rule.remediation
        assert any(c.fires for c in d.cases) and any(not c.fires for c in d.cases), d.rule.rule_id
        assert d.check.__module__ and (
            d.check.__doc__ or __import__(d.check.__module__).__doc__ is not None
        )


@pytest.mark.parametrize(
    ("detector", "case"), CASES, ids=[f"{d.rule.rule_id}:{c.name}" for d, c in CASES]
)
def test_case(detector: Detector, case: Case, make_db: Callable[[str], Database]) -> None:
    db = make_db(case.sql)
    _, report = scan_json("--dsn", db.reader_dsn)
    hits = [f for f in report["findings"] if f["rule_id"] == detector.rule.rule_id]
    if case.fires:
        assert any(
            case.on.lower() in " ".join(str(v) for v in f["artifact"].values()).lower()
            for f in hits
        ), report["findings"]
    else:
        assert not hits, hits
