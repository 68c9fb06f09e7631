"""`findings list|show|suppress|unsuppress` and `inbox test` on a state store filled by a real
scan of s01, and a real SMTP server."""

from __future__ import annotations

import json
import mailbox
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Database
from tests.daemon_harness import PEOPLE, S01, Inbox, write_config
from watchdog.cli import main
from watchdog.config import load_config
from watchdog.engine import scan_dsn
from watchdog.log import configure
from watchdog.notify.digest import compose
from watchdog.policy import load_policy
from watchdog.store.store import open_store


@pytest.fixture
def filled(make_db: Callable[[str], Database], tmp_path: Path) -> Path:
    """A config whose SQLite store remembers one scan of s01 (5 findings)."""
    db = make_db(S01.read_text(encoding="utf-8"))
    config = write_config(tmp_path / "config.toml", db.reader_dsn, 9)
    report = scan_dsn(db.reader_dsn, load_policy(), name="rms")
    store = open_store(load_config(config).state)
    store.record_scan(
        "rms",
        report.started_at,
        report.findings,
        len(report.inventory.artifacts),
        mail=lambda out: compose(
            "rms", out.new, out.resolved, sender="a@b.c", recipients=["d@e.f"]
        ),
    )
    return config


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_list_show_suppress_unsuppress(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = str(filled)
    rows = _json(capsys, "findings", "list", "--config", cfg, "--format", "json")
    # s01: three federal alerts, the HSI list, and that list's missing retention
    assert isinstance(rows, list) and len(rows) == 5
    alerts = [r for r in rows if r["finding"]["rule_id"] == "federal-list-contact-alert"]
    assert len(alerts) == 3 and all(r["status"] == "open" for r in rows)
    fid = alerts[0]["id"]

    assert main(["findings", "list", "--config", cfg]) == 0
    text = capsys.readouterr()
    assert "federal-list-contact-alert" in text.out and "5 finding(s)" in text.err

    assert (
        main(
            [
                "findings",
                "suppress",
                str(fid),
                "--config",
                cfg,
                "--reason",
                "referred to counsel",
                "--by",
                "investigator-7",
                "--until",
                "2999-01-01",
            ]
        )
        == 0
    )
    assert f"finding {fid} suppressed by investigator-7 until 2999-01-01" in capsys.readouterr().out
    shown = _json(capsys, "findings", "show", str(fid), "--config", cfg, "--format", "json")
    assert isinstance(shown, dict)
    assert shown["status"] == "suppressed"
    assert shown["suppression"]["by"] == "investigator-7"
    assert shown["suppression"]["reason"] == "referred to counsel"
    assert shown["suppression"]["active"] is True
    assert [e["kind"] for e in shown["history"]] == ["new", "suppressed"]
    suppressed = _json(
        capsys, "findings", "list", "--config", cfg, "--status", "suppressed", "--format", "json"
    )
    assert [r["id"] for r in suppressed] == [fid]  # type: ignore[union-attr]

    assert main(["findings", "show", str(fid), "--config", cfg]) == 0
    out = capsys.readouterr().out
    assert "suppressed by investigator-7" in out and "membership test" in out and "history:" in out

    assert (
        main(["findings", "unsuppress", str(fid), "--config", cfg, "--by", "investigator-7"]) == 0
    )
    capsys.readouterr()
    shown = _json(capsys, "findings", "show", str(fid), "--config", cfg, "--format", "json")
    assert isinstance(shown, dict)
    assert shown["status"] == "open" and "suppression" not in shown
    assert [e["kind"] for e in shown["history"]] == ["new", "suppressed", "unsuppressed"]
    dumped = json.dumps(shown)
    for name in PEOPLE:
        assert name not in dumped


def test_findings_errors_are_one_line(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = str(filled)
    assert main(["findings", "show", "999", "--config", cfg]) == 2
    assert capsys.readouterr().err.strip() == "alert-watchdog: error: no finding with id 999"
    assert (
        main(
            ["findings", "suppress", "1", "--config", cfg, "--reason", "x", "--until", "2001-01-01"]
        )
        == 2
    )
    assert "is in the past" in capsys.readouterr().err
    assert (
        main(["findings", "suppress", "1", "--config", cfg, "--reason", "x", "--until", "someday"])
        == 2
    )
    assert "not a date" in capsys.readouterr().err
    assert main(["findings", "unsuppress", "1", "--config", cfg]) == 2
    assert "finding 1 is not suppressed" in capsys.readouterr().err
    assert main(["findings", "suppress", "1", "--config", cfg]) == 2  # --reason is required
    assert "--reason" in capsys.readouterr().err


def test_inbox_test_smtp_and_maildir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    box = Inbox()
    box.start()
    try:
        config = write_config(tmp_path / "config.toml", "postgresql://nobody@127.0.0.1/x", box.port)
        assert main(["inbox", "test", "--config", str(config)]) == 0
        assert len(box.received) == 1
        assert box.received[0]["Subject"] == "alert-watchdog: test mail"
        assert "Targets watched: rms" in box.texts()[0]
    finally:
        box.stop()
    capsys.readouterr()
    assert main(["inbox", "test", "--config", str(config)]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "test mail not delivered" in err[0]

    text = config.read_text().replace('smtp_host = "127.0.0.1"', 'maildir = "inbox"')
    text = "\n".join(line for line in text.splitlines() if not line.startswith("smtp_port"))
    config.write_text(text)
    assert main(["inbox", "test", "--config", str(config)]) == 0
    box_dir = mailbox.Maildir(str(tmp_path / "inbox"), create=False)
    assert [m["Subject"] for m in box_dir] == ["alert-watchdog: test mail"]


def test_sarif_marks_suppressions_from_the_store(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = str(filled)
    rows = _json(capsys, "findings", "list", "--config", cfg, "--format", "json")
    assert isinstance(rows, list)
    target = next(r for r in rows if r["finding"]["rule_id"] == "federal-watchlist")
    assert (
        main(
            [
                "findings",
                "suppress",
                str(target["id"]),
                "--config",
                cfg,
                "--reason",
                "list kept for a court order",
                "--by",
                "counsel",
            ]
        )
        == 0
    )
    capsys.readouterr()
    dsn = (filled.parent / "rms.dsn").read_text().strip()
    out = filled.parent / "report.sarif"
    args = ["scan", "--dsn", dsn, "--format", "sarif", "--output", str(out), "--name", "rms"]
    assert main([*args, "--state", cfg]) == 1
    results = json.loads(out.read_text())["runs"][0]["results"]
    marked = [r for r in results if r.get("suppressions")]
    assert [r["ruleId"] for r in marked] == ["federal-watchlist"]
    assert marked[0]["suppressions"][0]["justification"] == "list kept for a court order"
    assert marked[0]["suppressions"][0]["properties"]["by"] == "counsel"
    assert main([*args[:-2], "--state", cfg]) == 2
    assert "--state needs --name" in capsys.readouterr().err


def test_state_store_down_is_exit_3_and_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A central state store that is down may come back, so systemd should restart (exit 3,
    not the configuration error 2); the password is not printed."""
    from tests.daemon_harness import free_port

    (tmp_path / "state.dsn").write_text(f"postgresql://aw:hunter2@127.0.0.1:{free_port()}/state")
    config = write_config(
        tmp_path / "config.toml", "postgresql://x@127.0.0.1/x", 9, state='dsn_file = "state.dsn"'
    )
    try:
        assert main(["daemon", "--config", str(config)]) == 3
    finally:
        configure("warning")  # the daemon pointed logging at capsys's stdout
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unreachable" in err[0] and "hunter2" not in err[0]


def test_runs_and_inbox_status(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = str(filled)
    assert main(["runs", "--config", cfg]) == 0
    out = capsys.readouterr().out.splitlines()
    assert (
        len(out) == 1 and "rms" in out[0] and "5 findings, 5 new" in out[0] and "mail #1" in out[0]
    )
    assert main(["inbox", "status", "--config", cfg]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 mail(s) waiting") and "5 new on rms" in out and "attempts 0" in out
