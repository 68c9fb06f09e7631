"""The courier: a thread that sends what the outbox holds, oldest first, with backoff.

A message leaves the outbox only when the inbox has taken it. While the mail server is
down, each message waits longer between attempts (capped), and the outage is logged once
when it starts and once when mail flows again.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import timedelta

import structlog

from watchdog.config import InboxConfig
from watchdog.notify.transport import DeliveryError, send
from watchdog.store.store import OutboxRow, Store, now_utc

log = structlog.get_logger("watchdog.courier")
FIRST_RETRY = 5.0
IDLE_WAIT = 30.0


def retry_delay(attempts: int, cap: float) -> float:
    """5 s, 10 s, 20 s … up to the cap, with a little jitter so retries don't march in step."""
    base = min(cap, FIRST_RETRY * 2 ** max(0, attempts - 1))
    return float(base * random.uniform(0.9, 1.0))


class Courier:
    def __init__(
        self,
        store: Store,
        inbox: Callable[[], InboxConfig],
        retry_max: Callable[[], float],
        stopping: threading.Event,
    ) -> None:
        self.store = store
        self.inbox = inbox
        self.retry_max = retry_max
        self.stopping = stopping
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.failing = False
        self.busy = threading.Lock()  # held while a message is with the mail server

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="courier", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def join(self, timeout: float) -> bool:
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.deliver_due()
                wait = self._wait()
            except Exception as exc:  # the store itself may be away; try again soon
                log.error("outbox unavailable", error=f"{type(exc).__name__}: {str(exc)[:200]}")
                wait = FIRST_RETRY
            self._wake.wait(wait)
            self._wake.clear()

    def _wait(self) -> float:
        due = self.store.next_due()
        if due is None:
            return IDLE_WAIT
        return min(IDLE_WAIT, max(0.05, (due - now_utc()).total_seconds()))

    def deliver_due(self) -> int:
        sent = 0
        for row in self.store.due():
            if self.stopping.is_set():
                break
            if self._deliver(row):
                sent += 1
            else:
                break  # the inbox is refusing; the rest waits for the next attempt
        return sent

    def _deliver(self, row: OutboxRow) -> bool:
        with self.busy:
            try:
                send(row.message, self.inbox())
            except DeliveryError as exc:
                delay = retry_delay(row.attempts + 1, self.retry_max())
                self.store.mark_failed(row.id, str(exc), now_utc() + timedelta(seconds=delay))
                event = (
                    "mail delivery failing" if not self.failing else "mail delivery retry failed"
                )
                (log.warning if not self.failing else log.info)(
                    event,
                    outbox_id=row.id,
                    target=row.target,
                    attempts=row.attempts + 1,
                    retry_in=round(delay, 1),
                    error=str(exc),
                )
                self.failing = True
                return False
            self.store.mark_sent(row.id)
        if self.failing:
            log.warning("mail delivery working again", outbox_id=row.id)
            self.failing = False
            self.store.expedite()  # the rest need not wait out their backoff
            self._wake.set()
        log.info(
            "mail sent",
            outbox_id=row.id,
            target=row.target,
            kind=row.kind,
            subject=row.subject,
            attempts=row.attempts + 1,
        )
        return True
