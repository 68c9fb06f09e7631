"""The parts the daemon's tests and its benchmark share: a real SMTP server that can be
stopped and started on one port, the daemon as a child process, and readers of its state."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from tests.conftest import SHARED_SCENARIOS
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


def no_more_mail(inbox: Inbox, daemon: Daemon, workdir: Path, scans: int = 2) -> None:
    """Let `scans` more scans pass and check that no mail came with them."""
    mails, before = len(inbox.received), len(runs(workdir))
    wait_for(f"{scans} more scans", lambda: len(runs(workdir)) >= before + scans, 30, daemon)
    assert len(inbox.received) == mails, [str(m["Subject"]) for m in inbox.received[mails:]]
