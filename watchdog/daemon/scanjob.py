"""One scheduled scan of one target: scan, remember, queue the digest, wake the courier.

A target that cannot be scanned is recorded as a failed run; only the first failure in a
row is logged as a warning and mailed, and the first success after it says it is back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

import structlog

from watchdog.config import Config, TargetConfig
from watchdog.errors import TargetError, UsageError
from watchdog.notify.digest import compose, notice
from watchdog.policy import Policy
from watchdog.store.store import ScanOutcome, Store, now_utc

log = structlog.get_logger("watchdog.daemon")


class Cancelled(Exception):
    """The daemon is stopping; the scan gives up between steps and commits nothing."""


@dataclass
class ScanResult:
    status: str  # ok | unreachable | failed | cancelled
    failures: int = 0


@dataclass
class ScanContext:
    store: Store
    config: Callable[[], Config]
    policy: Callable[[], Policy]
    stopping: threading.Event
    wake_courier: Callable[[], None]


def scan_target(target: TargetConfig, ctx: ScanContext) -> ScanResult:
    from watchdog.engine import ScanOptions, scan_dsn
    from watchdog.sources.connection import scrub

    config = ctx.config()
    started = now_utc()
    t0 = time.monotonic()
    dsn = ""

    def check_stop(_step: str, _done: int, _total: int) -> None:
        if ctx.stopping.is_set():
            raise Cancelled

    try:
        dsn = target.dsn.resolve()
        options = ScanOptions(
            read_data=target.read_data and config.daemon.read_data,
            statement_timeout_ms=int(config.daemon.statement_timeout * 1000),
            progress=check_stop,
        )
        report = scan_dsn(dsn, ctx.policy(), options, name=target.name)
        check_stop("record", 0, 0)
    except Cancelled:
        log.info("scan abandoned: stopping", target=target.name)
        return ScanResult("cancelled")
    except (TargetError, UsageError) as exc:
        return _failed(
            target, ctx, config, started, "unreachable", scrub(str(exc), dsn) if dsn else str(exc)
        )
    except Exception as exc:
        error = f"{type(exc).__name__}: {str(exc)[:300]}"
        return _failed(target, ctx, config, started, "failed", scrub(error, dsn) if dsn else error)

    inbox = config.inbox

    def digest(out: ScanOutcome) -> EmailMessage:
        return compose(
            target.name,
            out.new,
            out.resolved,
            sender=inbox.sender,
            recipients=list(inbox.to),
            changed=out.changed,
            resurfaced=out.resurfaced,
        )

    outcome = ctx.store.record_scan(
        target.name,
        report.started_at,
        report.findings,
        len(report.inventory.artifacts),
        mail=digest,
        back_notice=_notice(
            config,
            f"alert-watchdog: {target.name} is reachable again",
            f"The target {target.name} answered again and was scanned at "
            f"{report.finished_at:%Y-%m-%d %H:%M:%S} UTC.\n\n"
            "Any change made while it was unreachable is in the digest of this scan.",
        ),
    )
    if outcome.came_back:
        log.warning("target reachable again", target=target.name)
    log.info(
        "scan finished",
        target=target.name,
        run_id=outcome.run_id,
        artifacts=len(report.inventory.artifacts),
        findings=len(report.findings),
        new=len(outcome.new),
        changed=len(outcome.changed) + len(outcome.resurfaced),
        resolved=len(outcome.resolved),
        suppressed=outcome.suppressed,
        queued_mail=outcome.outbox_id,
        seconds=round(time.monotonic() - t0, 2),
    )
    if outcome.outbox_id is not None or outcome.came_back:
        ctx.wake_courier()
    return ScanResult("ok")


def _notice(config: Config, subject: str, body: str) -> Callable[[], EmailMessage] | None:
    """A service notice, composed only if the store decides it is due and the site wants it."""
    inbox = config.inbox
    if not inbox.notify_unreachable:
        return None
    return lambda: notice(subject, body, sender=inbox.sender, recipients=list(inbox.to))


def _failed(
    target: TargetConfig,
    ctx: ScanContext,
    config: Config,
    started: datetime,
    status: str,
    error: str,
) -> ScanResult:
    what = "unreachable" if status == "unreachable" else "failing to scan"
    body = (
        f"alert-watchdog could not scan the target {target.name}: it is {what}.\n\n"
        f"Error: {error}\n\n"
        "Until it can be scanned again, changes in that database are not seen. alert-watchdog "
        "keeps trying with backoff and will send one mail when the target is back."
    )
    outcome = ctx.store.record_failure(
        target.name,
        started,
        status,
        error,
        notice=_notice(config, f"[WARNING] alert-watchdog: {target.name} is {what}", body),
    )
    if outcome.first:
        log.warning(f"target {what}", target=target.name, error=error)
        ctx.wake_courier()
    else:
        log.info("target still down", target=target.name, failures=outcome.failures, error=error)
    return ScanResult(status, outcome.failures)
