"""Precision on real third-party SQL: no alert on trigger-and-queue code nobody here wrote.

PgQ, Bucardo and pgTAP (from Debian packages, see tests/third_party.py) are full of what an
alert is made of — triggers that queue events, NOTIFY, subscription and delta tables — and
of nothing an alert needs: no people, no lists of them, no federal tie. Every alert finding
on them is a false positive. Coverage gaps are allowed, and printed with the inventory so a
drop in what the reader understands shows up (run with -s).
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from tests.third_party import Entry, PackageUnavailable, ScriptsMissing, discover
from watchdog.engine import scan_dump
from watchdog.model import Finding
from watchdog.policy import load_policy

ALERT_RULES = frozenset(
    {
        "federal-list-contact-alert",
        "person-contact-alert",
        "immigration-status-alert",
        "federal-data-channel",
        "federal-watchlist",
    }
)

# Conservative floors, well under what the reader found when this test was written
# (pgq--3.5: 51 functions, 6 tables; pgtap--1.2.0: 1074 functions, 2 views; bucardo.schema:
# see FLOORS): a reader that silently drops most of a file fails here instead of passing.
FLOORS: dict[str, dict[str, int]] = {
    "pgq": {"function": 40, "table": 5},
    "pgtap": {"function": 900},
    "bucardo": {"function": 12, "table": 15, "trigger": 6},
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per SQL file found; a source that cannot be had is one skipped test."""
    if "entry" in metafunc.fixturenames:
        found = discover()
        metafunc.parametrize("entry", [e for _, e in found], ids=[i for i, _ in found])


def _floor_key(entry_name: str) -> str:
    """`pgq--3.5.sql` -> `pgq`, `bucardo.schema` -> `bucardo`."""
    return entry_name.split("--")[0].split(".")[0]


def _describe(finding: Finding) -> str:
    """A finding with its evidence chain, for an assertion message someone can act on."""
    art = finding.artifact
    lines = [f"{finding.rule_id} on {art.kind} {art.schema}.{art.name}: {finding.title}"]
    for ev in finding.evidence:
        at = f" line {ev.line}" if ev.line is not None else ""
        lines.append(f"    {ev.step}: {ev.object}{at}: {ev.excerpt[:200]}")
    return "\n".join(lines)


def test_no_alert_on_third_party_sql(entry: Entry) -> None:
    """Real trigger-and-queue SQL yields an inventory and no alert finding."""
    if isinstance(entry, PackageUnavailable):
        pytest.skip(str(entry))
    if isinstance(entry, ScriptsMissing):
        pytest.fail(str(entry))
    started = time.perf_counter()
    report = scan_dump(entry.text(), "postgres", load_policy(), name=entry.label)
    seconds = time.perf_counter() - started
    kinds = Counter(str(a.kind) for a in report.inventory.artifacts)
    gaps = sum(1 for f in report.findings if f.rule_id == "coverage-gap")
    by_kind = ", ".join(f"{k}={n}" for k, n in sorted(kinds.items()))
    print(f"\n{entry.label}: {by_kind}; coverage gaps={gaps}; {seconds:.2f}s")

    # absence of alerts only means something if the rules that would raise them ran
    missing = ALERT_RULES - {r.rule_id for r in report.rules}
    assert not missing, f"alert rules did not run: {sorted(missing)}"
    alerts = [f for f in report.findings if f.rule_id in ALERT_RULES]
    assert not alerts, "\n".join(_describe(f) for f in alerts)
    assert report.inventory.artifacts, f"{entry.label}: nothing inventoried"
    for kind, floor in FLOORS.get(_floor_key(entry.path.name), {}).items():
        assert kinds[kind] >= floor, (
            f"{entry.label}: {kinds[kind]} {kind}(s) read, {floor}+ expected"
        )
