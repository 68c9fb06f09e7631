"""Robustness on real SQL nobody here wrote: PostgreSQL's own regression-test SQL.

The SQL comes from pglast's source distribution (libpg_query/test/sql/postgres_regress/),
is loaded into a fresh database with errors tolerated, and scanned as the read-only role:
no crash, no federal or immigration finding on a database that has nothing to do with
either, and every body the scan cannot parse reported as a coverage gap.

Run with -s to see the timing; the report and a summary land in tests/_output/regress/<mode>/.
"""

from __future__ import annotations

import json
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.regress_sql import (
    PGLAST_VERSION,
    FetchError,
    bodies_with_verdicts,
    fetch_regress_dir,
    load_files,
)
from watchdog.cli import main

pytestmark = pytest.mark.slow

OUTPUT = Path(__file__).resolve().parent / "_output"
RESULTS = OUTPUT / "regress"


@pytest.fixture(scope="module")
def regress_dir() -> Path:
    try:
        return fetch_regress_dir(OUTPUT / "pglast-sdist", PGLAST_VERSION)
    except FetchError as exc:
        pytest.skip(f"PostgreSQL regression SQL unavailable (pglast=={PGLAST_VERSION}): {exc}")


def _describe(finding: dict[str, Any]) -> str:
    art = finding["artifact"]
    lines = [
        f"{finding['rule_id']} on {art['kind']} {art['schema']}.{art['name']}: {finding['title']}"
    ]
    for ev in finding["evidence"]:
        line = f" line {ev['line']}" if ev.get("line") is not None else ""
        lines.append(f"    {ev['step']}: {ev['object']}{line}: {ev.get('excerpt', '')[:200]}")
    return "\n".join(lines)


def _traceback_of_scan(dsn: str) -> str:
    """The engine's own traceback, which the CLI deliberately hides behind one line."""
    from watchdog.engine import ScanOptions, scan_dsn
    from watchdog.policy import load_policy
    from watchdog.report import json_report

    try:
        json_report.render(scan_dsn(dsn, load_policy([]), ScanOptions()))
    except Exception:
        return traceback.format_exc()
    return "(the scan did not raise when run again through watchdog.engine.scan_dsn)"


@pytest.mark.parametrize(
    "mode",
    [
        # the files as written: each one drops most of what it created
        "as-written",
        # DROP statements skipped: what every file created stays, several times more bodies
        "keep-objects",
    ],
)
def test_postgres_regression_sql(
    mode: str, regress_dir: Path, make_db: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sorted(regress_dir.glob("*.sql"))
    assert len(files) > 100, f"only {len(files)} files in {regress_dir}"
    results = RESULTS / mode
    results.mkdir(parents=True, exist_ok=True)
    db = make_db()

    stats = load_files(db.admin_dsn, files, keep_objects=mode == "keep-objects")
    assert stats.ok > 5_000, f"the load hardly did anything: {stats.to_json()}"

    report_path = results / "report.json"
    report_path.unlink(missing_ok=True)
    t0 = time.monotonic()
    code = main(["scan", "--dsn", db.reader_dsn, "--format", "json", "--output", str(report_path)])
    scan_seconds = time.monotonic() - t0
    if code not in (0, 1):
        err = capsys.readouterr().err
        tb = _traceback_of_scan(db.reader_dsn)
        (results / "scan-traceback.txt").write_text(f"{err}\n{tb}")
        pytest.fail(f"scan exited {code}: {err.strip()}\n{tb}")
    report = json.loads(report_path.read_text())
    findings: list[dict[str, Any]] = report["findings"]
    per_rule = Counter(f["rule_id"] for f in findings)

    # Independent verdicts on every routine and view body, read as the superuser.
    bodies = bodies_with_verdicts(db.admin_dsn)
    unparsed = [b for b in bodies if b.error]
    gap_keys = {
        (f["artifact"]["kind"], f["artifact"]["schema"], f["artifact"]["name"])
        for f in findings
        if f["rule_id"] == "coverage-gap"
    }
    inventory_keys = {(a["kind"], a["schema"], a["name"]) for a in report["inventory"]}
    missing_gaps = [b for b in unparsed if b.key not in gap_keys]
    not_inventoried = sorted({b.key for b in bodies} - inventory_keys - gap_keys)
    routine_gaps_that_parse = sorted({b.key for b in bodies if not b.error and b.key in gap_keys})

    summary = {
        "mode": mode,
        "pglast_sdist": PGLAST_VERSION,
        "files": len(files),
        "load": stats.to_json(),
        "load_seconds": round(stats.seconds, 1),
        "scan_seconds": round(scan_seconds, 1),
        "exit_code": code,
        "artifacts": report["scan"]["artifacts"],
        "artifacts_by_kind": dict(Counter(a["kind"] for a in report["inventory"]).most_common()),
        "catalog_queries": report["scan"].get("catalog_queries"),
        "findings_per_rule": dict(per_rule.most_common()),
        "bodies_checked": len(bodies),
        "bodies_unparsed_independently": len(unparsed),
        "unparsed_without_gap": [
            {"artifact": ".".join(b.key), "language": b.language, "error": b.error}
            for b in missing_gaps
        ],
        "not_in_inventory": [".".join(k) for k in not_inventoried],
        "gaps_on_bodies_that_parse_independently": len(routine_gaps_that_parse),
    }
    (results / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    with capsys.disabled():
        print(
            f"\nregress SQL ({mode}): {len(files)} files, {stats.statements} statements "
            f"({stats.ok} ok, {stats.failed} failed, {stats.timed_out} timed out, "
            f"{sum(stats.skipped.values())} skipped) loaded in {stats.seconds:.1f}s; "
            f"scan {scan_seconds:.1f}s, {report['scan']['artifacts']} artifacts, exit {code}; "
            f"findings {dict(per_rule.most_common())}; "
            f"{len(unparsed)}/{len(bodies)} bodies unparsed independently; "
            f"{len(stats.reconnects)} broken connections while loading"
        )

    # A connection broken while loading is the server's business, not the scanner's: it is
    # in the summary (load.reconnects) and printed, but does not fail the test.
    bad = [
        f
        for f in findings
        if f["rule_id"].startswith("federal-")
        or f["rule_id"] in ("immigration-status-alert", "person-contact-alert")
    ]
    assert not bad, "false positives on PostgreSQL's regression SQL:\n" + "\n".join(
        _describe(f) for f in bad
    )

    assert not missing_gaps, (
        f"{len(missing_gaps)} bodies that do not parse have no coverage-gap finding:\n"
        + "\n".join(
            f"  {b.kind} {b.schema}.{b.name} ({b.language}): {b.error}\n"
            f"      {' '.join(b.body.split())[:200]}"
            for b in missing_gaps[:30]
        )
    )
    assert not not_inventoried, (
        f"{len(not_inventoried)} routines/views neither in the inventory nor reported as a gap: "
        + ", ".join(".".join(k) for k in not_inventoried[:30])
    )
