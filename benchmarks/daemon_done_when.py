"""The daemon's done-when, run literally and timed: `every = "5s"`, a read-only role, s01.

    python benchmarks/daemon_done_when.py        # WATCHDOG_TEST_DSN or an embedded server

1. start: one mail within 45 s, then none over the next scans (watched for 30 s);
2. SIGTERM: the daemon exits within 10 s;
3. drop one of s01's three triggers, restart: exactly one more mail;
4. stop the mail server, add a new alerting trigger, start the mail server: exactly one
   more mail, within two minutes;
and no mail names the listed person. Exit 0 when every step met its goal.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from psycopg import conninfo  # noqa: E402

from benchmarks.catalog_scale import _server  # noqa: E402
from tests.conftest import READER, load_sql  # noqa: E402
from tests.daemon_harness import (  # noqa: E402
    NEW_ALERT,
    S01,
    Daemon,
    Inbox,
    assert_private,
    runs,
    wait_for,
    write_config,
)


def _database(admin: str) -> tuple[str, str, str]:
    name = f"wd_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (READER,)).fetchone():
            conn.execute(f"CREATE ROLE {READER} LOGIN")
        conn.execute(f"GRANT pg_read_all_data TO {READER}")
    params = conninfo.conninfo_to_dict(admin)
    params["dbname"] = name
    db_admin = conninfo.make_conninfo(**params)  # type: ignore[arg-type]
    params["user"] = READER
    params.pop("password", None)
    return name, db_admin, conninfo.make_conninfo(**params)  # type: ignore[arg-type]


def run(admin: str, work: Path) -> dict[str, object]:
    name, db_admin, reader = _database(admin)
    load_sql(db_admin, S01.read_text(encoding="utf-8"))
    inbox = Inbox()
    inbox.start()
    out: dict[str, object] = {}
    config = write_config(work / "config.toml", reader, inbox.port, every="5s")
    # the issue's config: default jitter and backoff, not the tests' shortened ones
    text = config.read_text()
    for key in ("jitter", "backoff_initial", "backoff_max", "delivery_retry_max"):
        text = "\n".join(line for line in text.splitlines() if not line.startswith(key))
    config.write_text(text)
    try:
        t0 = time.monotonic()
        with Daemon(config, work) as d:
            wait_for("the first mail", lambda: len(inbox.received) == 1, 45, d)
            out["first_mail_s"] = round(time.monotonic() - t0, 2)
            time.sleep(30)
            out["scans_in_30s_after"] = (
                sum(1 for e in d.events() if e.get("event") == "scan finished") - 1
            )
            out["mails_after_first"] = len(inbox.received) - 1
            code, took = d.terminate()
            out["sigterm_exit"], out["sigterm_s"] = code, round(took, 2)
        load_sql(db_admin, "DROP TRIGGER summonses_tf_alert ON rms.summonses")
        t0 = time.monotonic()
        with Daemon(config, work) as d:
            wait_for("the resolved mail", lambda: len(inbox.received) == 2, 45, d)
            out["resolved_mail_s"] = round(time.monotonic() - t0, 2)
            inbox.stop()
            load_sql(db_admin, NEW_ALERT)
            wait_for(
                "the new alert committed",
                lambda: sum(1 for r in runs(work) if r["new"]) == 2,
                45,
                d,
            )
            time.sleep(10)  # the outage goes on a while
            t_back = time.monotonic()
            inbox.start()
            wait_for("the held mail", lambda: len(inbox.received) == 3, 120, d)
            out["held_mail_after_smtp_back_s"] = round(time.monotonic() - t_back, 2)
            time.sleep(15)
            out["mails_total"] = len(inbox.received)
            d.terminate()
        assert_private(inbox)
        out["private"] = True
    finally:
        inbox.stop()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dsn", help="superuser DSN (default: $WATCHDOG_TEST_DSN, else embedded)")
    ap.add_argument(
        "--output", default=str(ROOT / "benchmarks" / "_output" / "daemon_done_when.json")
    )
    args = ap.parse_args(argv)
    admin, cleanup = _server(args.dsn)
    try:
        with tempfile.TemporaryDirectory(prefix="wd-daemon-bench-") as work:
            result = run(admin, Path(work))
    finally:
        cleanup()
    ok = (
        float(str(result["first_mail_s"])) < 45
        and result["mails_after_first"] == 0
        and result["sigterm_exit"] == 0
        and float(str(result["sigterm_s"])) < 10
        and float(str(result["held_mail_after_smtp_back_s"])) < 120
        and result["mails_total"] == 3
    )
    result["ok"] = ok
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
