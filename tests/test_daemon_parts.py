"""The daemon's small parts on their own: schedules, backoff, the systemd protocol."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from watchdog.config import Config, load_config
from watchdog.daemon.courier import retry_delay
from watchdog.daemon.service import backoff, jitter_of, trigger_of
from watchdog.daemon.systemd import notify, watchdog_interval


def _config(tmp_path: Path, daemon: str = "", target: str = 'every = "15m"') -> Config:
    (tmp_path / "t.dsn").write_text("postgresql://x@127.0.0.1/x")
    path = tmp_path / "c.toml"
    path.write_text(
        f"""
[state]
path = "s.db"
[inbox]
to = ["o@example.org"]
from = "w@example.org"
maildir = "inbox"
[daemon]
{daemon}
[[targets]]
name = "t"
dsn_file = "t.dsn"
{target}
"""
    )
    return load_config(path)


def test_interval_trigger_with_default_jitter(tmp_path: Path) -> None:
    config = _config(tmp_path)
    trigger = trigger_of(config.targets[0], config)
    assert isinstance(trigger, IntervalTrigger)
    assert trigger.interval.total_seconds() == 900
    assert trigger.jitter == 60  # a tenth of the interval, at most a minute
    short = _config(tmp_path, target='every = "5s"')
    assert jitter_of(short.targets[0], short) == 0.5
    assert trigger_of(short.targets[0], short).jitter is None  # under a second: none


def test_cron_trigger_and_configured_jitter(tmp_path: Path) -> None:
    config = _config(tmp_path, daemon='jitter = "7s"', target='cron = "*/15 2-4 * * 1-5"')
    trigger = trigger_of(config.targets[0], config)
    assert isinstance(trigger, CronTrigger)
    assert trigger.jitter == 7
    after = datetime(2026, 11, 23, 1, 0, tzinfo=UTC).astimezone(trigger.timezone)
    fire = trigger.get_next_fire_time(None, after)
    assert fire is not None and fire.minute in (0, 15, 30, 45) and 2 <= fire.hour <= 4


def test_target_backoff_doubles_to_the_cap() -> None:
    assert [backoff(n, 5, 300) for n in range(1, 9)] == [5, 10, 20, 40, 80, 160, 300, 300]


def test_delivery_retry_grows_and_is_capped() -> None:
    delays = [retry_delay(n, 60) for n in range(1, 8)]
    assert 4.5 <= delays[0] <= 5 and 9 <= delays[1] <= 10
    assert all(d <= 60 for d in delays) and delays[-1] >= 54


@pytest.mark.parametrize("abstract", [False, True])
def test_sd_notify_reaches_the_socket(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, abstract: bool
) -> None:
    name = f"\0wd-notify-{os.getpid()}" if abstract else str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind(name)
        listener.settimeout(2)
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name[1:] if abstract else name)
        assert notify("READY=1", "STATUS=watching 1 target(s)")
        assert listener.recv(1024) == b"READY=1\nSTATUS=watching 1 target(s)"
    monkeypatch.delenv("NOTIFY_SOCKET")
    assert notify("READY=1") is False  # not under systemd: nothing to do


def test_watchdog_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    assert watchdog_interval() is None
    monkeypatch.setenv("WATCHDOG_USEC", "120000000")
    assert watchdog_interval() == 60.0
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid() + 1))  # meant for another process
    assert watchdog_interval() is None
