"""The daemon's TOML configuration: read once, checked whole, every problem named by its key.

Secrets stay out of the file: a target's DSN may come from an environment variable or a
file, and both are read again at each scan so that a rotated password needs no restart.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import Any

from watchdog.errors import UsageError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
_MAX_SECONDS = 100 * 365 * 86400.0


class ConfigError(UsageError):
    """Every problem found in one config file, each naming its key."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


def parse_duration(value: object, *, allow_zero: bool = False) -> float:
    """'30s', '15m', '1h30m', '1d' or a number of seconds."""
    if isinstance(value, bool):
        raise ValueError("is not a duration")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip().lower()
        if not text or _DURATION.sub("", text).strip():
            raise ValueError(f"{value!r} is not a duration (like '30s', '15m', '1h30m', '1d')")
        seconds = sum(float(n) * _UNITS[u] for n, u in _DURATION.findall(text))
    else:
        raise ValueError("is not a duration (like '30s', '15m', '1h30m', '1d')")
    if math.isnan(seconds) or seconds < 0 or (seconds == 0 and not allow_zero):
        raise ValueError(f"{value!r} must be longer than zero")
    if seconds > _MAX_SECONDS:  # inf, or so long that the scheduler's timedelta overflows
        raise ValueError(f"{value!r} is too long (at most 100 years)")
    return seconds


@dataclass(frozen=True)
class Secret:
    """Where a DSN comes from: the file itself, an environment variable, or a file."""

    key: str  # "dsn", "dsn_env" or "dsn_file", for messages
    value: str

    def resolve(self) -> str:
        if self.key == "dsn":
            return self.value
        if self.key == "dsn_env":
            found = os.environ.get(self.value)
            if not found:
                raise UsageError(f"environment variable {self.value} (dsn_env) is not set")
            return found.strip()
        try:
            return Path(self.value).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UsageError(f"cannot read dsn_file {self.value}: {exc.strerror}") from None


@dataclass(frozen=True)
class StateConfig:
    path: Path | None = None
    dsn: Secret | None = None


@dataclass(frozen=True)
class InboxConfig:
    to: tuple[str, ...]
    sender: str
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_user: str | None = None
    smtp_password_file: Path | None = None
    smtp_timeout: float = 30.0
    maildir: Path | None = None
    notify_unreachable: bool = True

    def password(self) -> str | None:
        if self.smtp_password_file is None:
            return None
        try:
            return self.smtp_password_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UsageError(
                f"cannot read smtp_password_file {self.smtp_password_file}: {exc.strerror}"
            ) from None


@dataclass(frozen=True)
class TargetConfig:
    name: str
    dsn: Secret
    every: float | None = None
    cron: str | None = None
    read_data: bool = True


@dataclass(frozen=True)
class DaemonConfig:
    policy: tuple[Path, ...] = ()
    jitter: float | None = None  # None: a tenth of the interval, at most a minute
    backoff_initial: float = 5.0
    backoff_max: float = 300.0
    delivery_retry_max: float = 60.0
    statement_timeout: float = 30.0
    read_data: bool = True


@dataclass(frozen=True)
class Config:
    path: Path
    state: StateConfig
    inbox: InboxConfig
    targets: tuple[TargetConfig, ...]
    daemon: DaemonConfig = field(default_factory=DaemonConfig)


class _Reader:
    """Takes keys out of a table, recording a problem per bad key; leftovers are unknown keys."""

    def __init__(self, table: dict[str, Any], where: str, problems: list[str]) -> None:
        self.table = dict(table)
        self.where = where
        self.problems = problems

    def _bad(self, key: str, msg: str) -> None:
        self.problems.append(f"{self.where}{key}: {msg}")

    def take(self, key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        if key not in self.table:
            return default
        value = self.table.pop(key)
        if isinstance(value, bool) and kind is not bool:
            self._bad(key, f"expected {_kind_name(kind)}, got a boolean")
            return default
        if not isinstance(value, kind):
            self._bad(key, f"expected {_kind_name(kind)}, got {type(value).__name__} {value!r}")
            return default
        return value

    def duration(
        self, key: str, default: float | None, *, allow_zero: bool = False
    ) -> float | None:
        if key not in self.table:
            return default
        value = self.table.pop(key)
        try:
            return parse_duration(value, allow_zero=allow_zero)
        except ValueError as exc:
            self._bad(key, str(exc))
            return default

    def path(self, key: str, base: Path) -> Path | None:
        value = self.take(key, str)
        if value is None:
            return None
        if not value.strip():
            self._bad(key, "is empty")
            return None
        p = Path(value).expanduser()
        return p if p.is_absolute() else (base / p)

    def secret(self, base: Path, *, required: bool) -> Secret | None:
        given = [k for k in ("dsn", "dsn_env", "dsn_file") if k in self.table]
        if len(given) > 1:
            self._bad(" / ".join(given), "give only one of dsn, dsn_env, dsn_file")
        if not given:
            if required:
                self._bad("dsn", "missing (give dsn, dsn_env or dsn_file)")
            return None
        key = given[0]
        value = self.take(key, str)
        for other in given[1:]:
            self.table.pop(other, None)
        if not value:
            if value is not None:
                self._bad(key, "is empty")
            return None
        if key == "dsn_env" and not os.environ.get(value):
            self._bad(key, f"environment variable {value} is not set")
        if key == "dsn_file":
            p = Path(value).expanduser()
            p = p if p.is_absolute() else base / p
            if not p.is_file():
                self._bad(key, f"{p} does not exist or is not a file")
            elif not os.access(p, os.R_OK):
                self._bad(key, f"{p} is not readable by this user")
            value = str(p)
        return Secret(key, value)

    def done(self) -> None:
        for key in self.table:
            self._bad(key, "unknown key")


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", bool: "true or false", list: "a list"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _address(value: str) -> bool:
    """One address per entry: "a@x, b@y" in one string is two, and belongs in a list."""
    if len(getaddresses([value])) != 1:
        return False
    _, addr = parseaddr(value)
    return bool(addr) and "@" in addr and " " not in addr


def _state(raw: Any, base: Path, problems: list[str]) -> StateConfig:
    if not isinstance(raw, dict):
        problems.append("[state]: missing (give path for SQLite, or dsn/dsn_env/dsn_file)")
        return StateConfig()
    r = _Reader(raw, "[state] ", problems)
    path = r.path("path", base)
    dsn = r.secret(base, required=False)
    if path and dsn:
        problems.append("[state] path: give either path (SQLite) or a dsn (PostgreSQL), not both")
    if not path and not dsn:
        problems.append("[state] path: missing (give path for SQLite, or dsn/dsn_env/dsn_file)")
    r.done()
    return StateConfig(path, dsn)


def _inbox(raw: Any, base: Path, problems: list[str]) -> InboxConfig:
    if not isinstance(raw, dict):
        problems.append("[inbox]: missing (give to, from and smtp_host or maildir)")
        return InboxConfig((), "")
    r = _Reader(raw, "[inbox] ", problems)
    to = r.take("to", (list, str), [])
    to = [to] if isinstance(to, str) else to
    if not to:
        problems.append("[inbox] to: missing (a list of addresses)")
    for addr in to:
        if not isinstance(addr, str) or not _address(addr):
            problems.append(f"[inbox] to: {addr!r} is not a mail address")
    sender = r.take("from", str, "")
    if not sender:
        problems.append("[inbox] from: missing (the sender address)")
    elif not _address(sender):
        problems.append(f"[inbox] from: {sender!r} is not a mail address")
    inbox = InboxConfig(
        to=tuple(a for a in to if isinstance(a, str)),
        sender=sender,
        smtp_host=r.take("smtp_host", str),
        smtp_port=r.take("smtp_port", int, 25),
        smtp_starttls=r.take("smtp_starttls", bool, False),
        smtp_ssl=r.take("smtp_ssl", bool, False),
        smtp_user=r.take("smtp_user", str),
        smtp_password_file=r.path("smtp_password_file", base),
        smtp_timeout=r.duration("smtp_timeout", 30.0) or 30.0,
        maildir=r.path("maildir", base),
        notify_unreachable=r.take("notify_unreachable", bool, True),
    )
    if inbox.smtp_host and inbox.maildir:
        problems.append("[inbox] maildir: give either maildir or smtp_host, not both")
    if not inbox.smtp_host and not inbox.maildir:
        problems.append("[inbox] smtp_host: missing (or give maildir to deliver locally)")
    if not 0 < inbox.smtp_port < 65536:
        problems.append(f"[inbox] smtp_port: {inbox.smtp_port} is not a TCP port")
    if inbox.smtp_ssl and inbox.smtp_starttls:
        problems.append("[inbox] smtp_starttls: choose smtp_ssl or smtp_starttls, not both")
    if inbox.smtp_password_file and not inbox.smtp_user:
        problems.append("[inbox] smtp_user: needed with smtp_password_file")
    if inbox.smtp_password_file and not inbox.smtp_password_file.is_file():
        problems.append(f"[inbox] smtp_password_file: {inbox.smtp_password_file} does not exist")
    r.done()
    return inbox


def _daemon(raw: Any, base: Path, problems: list[str]) -> DaemonConfig:
    if raw is None:
        return DaemonConfig()
    if not isinstance(raw, dict):
        problems.append("[daemon]: expected a table")
        return DaemonConfig()
    r = _Reader(raw, "[daemon] ", problems)
    policies = r.take("policy", (list, str), [])
    policies = [policies] if isinstance(policies, str) else policies
    paths: list[Path] = []
    for p in policies:
        if not isinstance(p, str):
            problems.append(f"[daemon] policy: {p!r} is not a file name")
            continue
        path = Path(p).expanduser()
        path = path if path.is_absolute() else base / path
        if not path.is_file():
            problems.append(f"[daemon] policy: {path} does not exist")
        paths.append(path)
    d = DaemonConfig(
        policy=tuple(paths),
        jitter=r.duration("jitter", None, allow_zero=True),
        backoff_initial=r.duration("backoff_initial", 5.0) or 5.0,
        backoff_max=r.duration("backoff_max", 300.0) or 300.0,
        delivery_retry_max=r.duration("delivery_retry_max", 60.0) or 60.0,
        statement_timeout=r.duration("statement_timeout", 30.0) or 30.0,
        read_data=r.take("read_data", bool, True),
    )
    r.done()
    return d


def _targets(raw: Any, base: Path, problems: list[str]) -> tuple[TargetConfig, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append("[[targets]]: missing (at least one target with name, dsn and every)")
        return ()
    out: list[TargetConfig] = []
    seen: set[str] = set()
    for i, table in enumerate(raw, 1):
        if not isinstance(table, dict):
            problems.append(f"[[targets]] #{i}: expected a table")
            continue
        label = table.get("name") if isinstance(table.get("name"), str) else f"#{i}"
        r = _Reader(table, f"[[targets]] {label}: ", problems)
        name = r.take("name", str, "")
        if not name:
            problems.append(f"[[targets]] #{i}: name: missing")
        elif not _NAME.match(name):
            problems.append(
                f"[[targets]] #{i}: name: {name!r} may hold only letters, digits, '_', '.', '-'"
            )
        elif name in seen:
            problems.append(f"[[targets]] #{i}: name: {name!r} is used by another target")
        seen.add(name)
        dsn = r.secret(base, required=True)
        every = r.duration("every", None)
        cron = r.take("cron", str)
        if cron is not None:
            _check_cron(cron, f"[[targets]] {label}: cron", problems)
        if every is not None and cron is not None:
            problems.append(f"[[targets]] {label}: every: give every or cron, not both")
        if every is None and cron is None and "every" not in table:
            problems.append(f"[[targets]] {label}: every: missing (or give cron)")
        read_data = r.take("read_data", bool, True)
        r.done()
        if name and dsn:
            out.append(TargetConfig(name, dsn, every, cron, read_data))
    return tuple(out)


def _check_cron(expr: str, where: str, problems: list[str]) -> None:
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(expr, timezone="UTC")
    except ValueError as exc:
        problems.append(f"{where}: {expr!r} is not a crontab expression ({exc})")


def load_config(path: str | Path) -> Config:
    """Read and check the whole file; raises ConfigError listing every problem."""
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(str(p), [f"cannot read: {exc.strerror}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(p), [f"not valid TOML: {exc}"]) from None
    base = p.resolve().parent
    problems: list[str] = []
    state = _state(raw.pop("state", None), base, problems)
    inbox = _inbox(raw.pop("inbox", None), base, problems)
    daemon = _daemon(raw.pop("daemon", None), base, problems)
    targets = _targets(raw.pop("targets", None), base, problems)
    problems += [f"[{key}]: unknown section" for key in raw]
    if problems:
        raise ConfigError(str(p), problems)
    return Config(p, state, inbox, targets, daemon)
