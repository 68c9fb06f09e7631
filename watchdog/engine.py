"""One scan: inventory a target, analyse it once, run every detector, build the report.

Data flows one way: sources → analysis → detectors → here → store / notify / report.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog

from watchdog.analysis.analyze import Analysis, analyse_inventory
from watchdog.detector_api import Detector
from watchdog.fingerprint import fingerprint
from watchdog.model import Finding, Inventory, Report
from watchdog.policy import Policy
from watchdog.redact import redact_dsn as redact
from watchdog.registry import load_detectors
from watchdog.sources.connection import connect
from watchdog.sources.postgres import read_inventory
from watchdog.sources.provenance import read_provenance
from watchdog.sources.stored_queries import read_stored_queries

log = structlog.get_logger(__name__)
ProgressFn = Callable[[str, int, int], None]

__all__ = ["Report", "ScanOptions", "analyse", "scan_dsn", "scan_dump"]


@dataclass
class ScanOptions:
    """How much a scan may read and how long each catalog query may take."""

    read_data: bool = True
    statement_timeout_ms: int = 30_000
    progress: ProgressFn | None = None


def analyse(
    inventory: Inventory,
    policy: Policy,
    detectors: list[Detector] | None = None,
    progress: ProgressFn | None = None,
) -> tuple[list[Finding], Analysis]:
    analysis = analyse_inventory(inventory, policy, progress)
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for det in detectors if detectors is not None else load_detectors():
        rule = det.rule
        for hit in det.check(analysis.view):
            fp = fingerprint(rule.rule_id, hit.artifact, hit.logic, inventory.target.dialect)
            if (rule.rule_id, fp) in seen:
                continue
            seen.add((rule.rule_id, fp))
            findings.append(
                Finding(
                    rule_id=rule.rule_id,
                    severity=hit.severity or policy.severity_of(rule.rule_id, rule.severity),
                    confidence=hit.confidence,
                    title=hit.title,
                    artifact=hit.artifact,
                    evidence=hit.evidence,
                    fingerprint=fp,
                    remediation=rule.remediation,
                    references=list(policy.references.get(rule.rule_id, [])),
                    confidence_factors=list(hit.factors),
                )
            )
    findings.sort(key=lambda f: (-int(f.severity), f.rule_id, f.artifact.qualified))
    return findings, analysis


def _report(
    inventory: Inventory, policy: Policy, started: datetime, progress: ProgressFn | None
) -> Report:
    detectors = load_detectors()
    findings, analysis = analyse(inventory, policy, detectors, progress)
    return Report(
        inventory,
        findings,
        started,
        datetime.now(UTC),
        analysis.roles,
        tuple(d.rule for d in detectors),
    )


def scan_dsn(
    dsn: str, policy: Policy, options: ScanOptions | None = None, name: str | None = None
) -> Report:
    options = options or ScanOptions()
    started = datetime.now(UTC)
    t0 = time.monotonic()
    session = connect(dsn, statement_timeout_ms=options.statement_timeout_ms)
    try:
        if options.progress:
            options.progress("reading the catalog", 0, 0)
        inventory = read_inventory(session, name or redact(dsn))
        if options.read_data:
            if options.progress:
                options.progress("reading provenance values and stored queries", 0, 0)
            read_provenance(session, inventory, policy)
            read_stored_queries(session, inventory, policy)
        inventory.queries = session.queries
    finally:
        session.close()
    log.info(
        "inventory read",
        artifacts=len(inventory.artifacts),
        queries=inventory.queries,
        seconds=round(time.monotonic() - t0, 3),
    )
    return _report(inventory, policy, started, options.progress)


def scan_dump(
    text: str, dialect: str, policy: Policy, options: ScanOptions | None = None, name: str = "dump"
) -> Report:
    """The same inventory and detectors as a live scan, from a dump file and no database."""
    from watchdog.sources.dump_data import apply_data

    options = options or ScanOptions()
    started = datetime.now(UTC)
    if dialect == "postgres":
        from watchdog.sources.dump_postgres import read_pg_dump

        inventory, data = read_pg_dump(text, name)
    else:
        from watchdog.sources.dump_sql import read_sql_dump

        inventory, data = read_sql_dump(text, dialect, name, policy)
    apply_data(inventory, policy, data, read_data=options.read_data)
    return _report(inventory, policy, started, options.progress)
