"""The service's commands besides the daemon itself: `config check`, `findings …`, `inbox test`.

They read the same config file as the daemon and work on its state store while it runs;
a suppression is written there, never in a watched database.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import UTC, datetime
from typing import Any

from watchdog.config import Config, ConfigError, load_config
from watchdog.errors import TargetError, UsageError
from watchdog.store.store import FindingRow, Store, open_store


def add_commands(sub: Any) -> None:
    cfg = sub.add_parser("config", help="check a daemon config file")
    cfg_sub = cfg.add_subparsers(dest="config_command", required=True, parser_class=type(cfg))
    check = cfg_sub.add_parser("check", help="validate FILE, naming every bad key")
    check.add_argument("file")

    daemon = sub.add_parser("daemon", help="scan the configured targets on schedule, mail changes")
    daemon.add_argument("--config", required=True, help="TOML config file")

    fnd = sub.add_parser("findings", help="read and edit the findings the daemon remembers")
    fnd_sub = fnd.add_subparsers(dest="findings_command", required=True, parser_class=type(fnd))
    lst = fnd_sub.add_parser("list", help="list findings")
    lst.add_argument("--config", required=True)
    lst.add_argument("--target")
    lst.add_argument("--status", choices=("open", "resolved", "suppressed", "all"), default="open")
    lst.add_argument("--format", choices=("text", "json"), default="text")
    show = fnd_sub.add_parser("show", help="one finding with its evidence and history")
    show.add_argument("id", type=int)
    show.add_argument("--config", required=True)
    show.add_argument("--format", choices=("text", "json"), default="text")
    sup = fnd_sub.add_parser("suppress", help="stop mailing about a finding (its current logic)")
    sup.add_argument("id", type=int)
    sup.add_argument("--config", required=True)
    sup.add_argument("--reason", required=True, help="why: kept in the finding's history")
    sup.add_argument("--by", help="who decided (default: the login name)")
    sup.add_argument("--until", help="end date, YYYY-MM-DD or ISO time (default: no end)")
    uns = fnd_sub.add_parser("unsuppress", help="lift a suppression")
    uns.add_argument("id", type=int)
    uns.add_argument("--config", required=True)
    uns.add_argument("--by", help="who decided (default: the login name)")

    inbox = sub.add_parser("inbox", help="the oversight inbox")
    inbox_sub = inbox.add_subparsers(dest="inbox_command", required=True, parser_class=type(inbox))
    test = inbox_sub.add_parser("test", help="send a test mail through the configured inbox")
    test.add_argument("--config", required=True)
    status = inbox_sub.add_parser("status", help="mail waiting in the outbox, and why")
    status.add_argument("--config", required=True)

    runs = sub.add_parser("runs", help="the daemon's recent scan runs")
    runs.add_argument("--config", required=True)
    runs.add_argument("--target")
    runs.add_argument("--limit", type=int, default=20)


def config_check(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.file)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"alert-watchdog: {exc.path}: {problem}", file=sys.stderr)
        return 2
    inbox = config.inbox
    where = (
        f"Maildir {inbox.maildir}" if inbox.maildir else f"SMTP {inbox.smtp_host}:{inbox.smtp_port}"
    )
    state = (
        f"PostgreSQL ({config.state.dsn.key})"
        if config.state.dsn
        else f"SQLite {config.state.path}"
    )
    print(f"{args.file}: OK")
    print(f"  state:   {state}")
    print(f"  inbox:   {where} → {', '.join(inbox.to)}")
    for t in config.targets:
        when = f"every {t.every:g}s" if t.every else f"cron {t.cron}"
        print(f"  target:  {t.name} ({t.dsn.key}, {when})")
    return 0


def _store(path: str) -> tuple[Config, Store]:
    config = load_config(path)
    return config, open_store(config.state)


def _who(given: str | None) -> str:
    if given:
        return given
    return os.environ.get("SUDO_USER") or getpass.getuser()


def _until(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--until {text!r} is not a date (YYYY-MM-DD or ISO time)") from None
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    if at <= datetime.now(UTC):
        raise UsageError(f"--until {text} is in the past")
    return at


def _row_json(row: FindingRow) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id,
        "target": row.target,
        "status": row.state,
        "first_seen": row.first_seen.isoformat(),
        "last_seen": row.last_seen.isoformat(),
        "resolved_at": row.resolved_at.isoformat() if row.resolved_at else None,
        "finding": row.finding.to_json(),
    }
    if row.suppressed_by:
        out["suppression"] = {
            "by": row.suppressed_by,
            "reason": row.suppressed_reason,
            "at": row.suppressed_at.isoformat() if row.suppressed_at else None,
            "until": row.suppressed_until.isoformat() if row.suppressed_until else None,
            "active": row.suppressed(),
        }
    if row.events:
        out["history"] = row.events
    return out


def _artifact(row: FindingRow) -> str:
    a = row.finding.artifact
    return f"{a.kind} {a.qualified}" + (f" on {a.table}" if a.table else "")


def findings(args: argparse.Namespace) -> int:
    _config, store = _store(args.config)
    cmd = args.findings_command
    try:
        if cmd == "list":
            rows = store.findings(args.target, args.status)
            if args.format == "json":
                json.dump([_row_json(r) for r in rows], sys.stdout, indent=2)
                sys.stdout.write("\n")
                return 0
            for r in rows:
                print(
                    f"{r.id:>6}  {r.state:<10} {r.severity:<8} {r.rule_id:<27} {r.target:<12} "
                    f"{_artifact(r)}"
                )
            print(f"{len(rows)} finding(s)", file=sys.stderr)
            return 0
        if cmd == "show":
            row = store.finding(args.id)
            if row is None:
                raise UsageError(f"no finding with id {args.id}")
            if args.format == "json":
                json.dump(_row_json(row), sys.stdout, indent=2)
                sys.stdout.write("\n")
            else:
                _show(row)
            return 0
        if cmd == "suppress":
            row = store.suppress(args.id, _who(args.by), args.reason, _until(args.until))
            until = (
                f" until {row.suppressed_until:%Y-%m-%d %H:%M} UTC" if row.suppressed_until else ""
            )
            print(f"finding {row.id} suppressed by {row.suppressed_by}{until}: {_artifact(row)}")
            return 0
        row = store.unsuppress(args.id, _who(args.by))
        print(f"finding {row.id} no longer suppressed: {_artifact(row)}")
        return 0
    except LookupError as exc:
        raise UsageError(str(exc).strip("'\"")) from None


def _show(row: FindingRow) -> None:
    f = row.finding
    print(f"finding {row.id} on {row.target}: {row.status}")
    print(f"  {str(f.severity).upper()} {f.rule_id}: {f.title}")
    print(
        f"  artifact: {_artifact(row)}"
        + (f" (owner {f.artifact.owner})" if f.artifact.owner else "")
    )
    print(f"  fingerprint: {f.fingerprint}")
    print(
        f"  first seen {row.first_seen:%Y-%m-%d %H:%M:%S}, last seen {row.last_seen:%Y-%m-%d %H:%M:%S} UTC"
    )
    if row.suppressed_by:
        state = "active" if row.suppressed() else "not in force"
        until = f" until {row.suppressed_until:%Y-%m-%d}" if row.suppressed_until else ""
        print(f"  suppressed by {row.suppressed_by}{until} ({state}): {row.suppressed_reason}")
    print("  evidence:")
    for ev in f.evidence:
        print(f"    - {ev.step}: {ev.object}" + (f" :{ev.line}" if ev.line else ""))
        if ev.excerpt:
            print(f"        {ev.excerpt}")
    print(f"  remediation: {f.remediation}")
    print("  history:")
    for e in row.events:
        detail = f" — {e['detail']}" if e["detail"] else ""
        print(f"    {e['at'][:19]}  {e['kind']}{detail}")


def inbox_test(args: argparse.Namespace) -> int:
    from watchdog.notify.digest import notice
    from watchdog.notify.transport import DeliveryError, send

    config = load_config(args.config)
    inbox = config.inbox
    msg = notice(
        "alert-watchdog: test mail",
        "This is a test mail from alert-watchdog. If it reached the oversight inbox, the "
        "daemon's digests will too.\n\n"
        f"Targets watched: {', '.join(t.name for t in config.targets)}.",
        sender=inbox.sender,
        recipients=list(inbox.to),
    )
    try:
        send(msg.as_bytes(), inbox)
    except DeliveryError as exc:
        raise TargetError(f"test mail not delivered: {exc}") from None
    where = f"Maildir {inbox.maildir}" if inbox.maildir else f"{inbox.smtp_host}:{inbox.smtp_port}"
    print(f"test mail handed to {where} for {', '.join(inbox.to)}")
    return 0


def inbox_status(args: argparse.Namespace) -> int:
    """What a DBA on call asks first when the inbox is quiet: is mail stuck, and why."""
    _config, store = _store(args.config)
    waiting = store.pending()
    print(f"{len(waiting)} mail(s) waiting in the outbox of {store.description}")
    for row in waiting:
        print(
            f"  #{row.id} {row.created_at:%Y-%m-%d %H:%M:%S} {row.subject}\n"
            f"      attempts {row.attempts}, next {row.next_attempt_at:%H:%M:%S} UTC"
            + (f", last error: {row.last_error}" if row.last_error else "")
        )
    return 0


def runs(args: argparse.Namespace) -> int:
    _config, store = _store(args.config)
    for r in store.runs(args.target, max(1, args.limit)):
        counts = (
            f"{r['findings']} findings, {r['new']} new, {r['changed']} changed, "
            f"{r['resolved']} resolved"
            if r["status"] == "ok"
            else str(r["error"] or "")
        )
        mail = f", mail #{r['outbox_id']}" if r["outbox_id"] else ""
        print(
            f"{r['id']:>6}  {r['started_at'][:19]}  {r['target']:<12} {r['status']:<11} {counts}{mail}"
        )
    return 0
