"""The daemon's life: start, schedule, keep systemd informed, reload on SIGHUP, stop on SIGTERM.

Signal handlers only set flags (as Patroni does); the main thread acts on them between
short sleeps, so no handler ever runs scheduler or store code. Scans run in APScheduler's
thread pool, one job per target with one instance at most, missed runs coalesced and start
times jittered. The courier thread sends the outbox.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sys
import threading
import time
from dataclasses import replace
from datetime import timedelta
from types import FrameType

import structlog
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from watchdog.config import Config, ConfigError, TargetConfig, load_config
from watchdog.daemon.courier import Courier
from watchdog.daemon.scanjob import ScanContext, scan_target
from watchdog.daemon.systemd import notify, watchdog_interval
from watchdog.errors import WatchdogError
from watchdog.policy import Policy, load_policy, load_policy_file
from watchdog.store.store import Store, now_utc, open_store

log = structlog.get_logger("watchdog.daemon")
TICK = 0.2
STOP_GRACE = 5.0  # seconds a running scan gets to reach its next step after SIGTERM
FIRST_RUN_SPREAD = 5.0


def load_site_policy(config: Config) -> Policy:
    return load_policy([load_policy_file(str(p)) for p in config.daemon.policy])


def backoff(failures: int, initial: float, cap: float) -> float:
    return float(min(cap, initial * 2 ** max(0, failures - 1)))


def jitter_of(target: TargetConfig, config: Config) -> float:
    if config.daemon.jitter is not None:
        return config.daemon.jitter
    return min(60.0, target.every / 10) if target.every else 30.0


def trigger_of(target: TargetConfig, config: Config) -> BaseTrigger:
    jitter = jitter_of(target, config)
    if target.cron:
        trigger = CronTrigger.from_crontab(target.cron)
        trigger.jitter = int(jitter) or None
        return trigger
    if target.every is None:  # config check requires `every` or `cron`
        raise ValueError(f"target {target.name} has neither `every` nor `cron`")
    return IntervalTrigger(seconds=target.every, jitter=int(jitter) or None)


class Daemon:
    def __init__(self, config: Config, store: Store | None = None) -> None:
        self.config = config
        self.policy = load_site_policy(config)
        self.store = store or open_store(config.state)
        self.stopping = threading.Event()
        self._flags: set[str] = set()
        self._running: dict[str, float] = {}
        self._lock = threading.Condition()
        self.courier = Courier(
            self.store,
            inbox=lambda: self.config.inbox,
            retry_max=lambda: self.config.daemon.delivery_retry_max,
            stopping=self.stopping,
        )
        self.ctx = ScanContext(
            store=self.store,
            config=lambda: self.config,
            policy=lambda: self.policy,
            stopping=self.stopping,
            wake_courier=self.courier.wake,
        )
        self.scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(max(1, min(8, len(config.targets))))},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )

    # --- signals: flags only -------------------------------------------------------------

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self._flags.add("reload" if signum == signal.SIGHUP else "stop")

    def install_signals(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._on_signal)

    # --- jobs ----------------------------------------------------------------------------

    def _schedule(self, target: TargetConfig) -> None:
        first = None
        if target.every:
            spread = min(FIRST_RUN_SPREAD, jitter_of(target, self.config))
            first = now_utc() + timedelta(seconds=random.uniform(0, spread))
        self.scheduler.add_job(
            self._job,
            trigger_of(target, self.config),
            args=(target.name,),
            id=target.name,
            name=f"scan {target.name}",
            next_run_time=first,
            replace_existing=True,
        )

    def _job(self, name: str) -> None:
        target = next((t for t in self.config.targets if t.name == name), None)
        if target is None or self.stopping.is_set():
            return
        with self._lock:
            self._running[name] = time.monotonic()
        try:
            result = scan_target(target, self.ctx)
        except Exception as exc:  # the store refused the commit: the next scan redoes it
            log.error("scan not recorded", target=name, error=f"{type(exc).__name__}: {exc}"[:300])
            return
        finally:
            with self._lock:
                self._running.pop(name, None)
                self._lock.notify_all()
        if result.status in ("unreachable", "failed") and not self.stopping.is_set():
            delay = backoff(
                result.failures, self.config.daemon.backoff_initial, self.config.daemon.backoff_max
            )
            try:
                self.scheduler.modify_job(name, next_run_time=now_utc() + timedelta(seconds=delay))
            except JobLookupError:
                return  # removed by a reload meanwhile
            log.info("retry scheduled", target=name, failures=result.failures, retry_in=delay)

    # --- reload --------------------------------------------------------------------------

    def reload(self) -> bool:
        notify("RELOADING=1", f"MONOTONIC_USEC={time.monotonic_ns() // 1000}")
        try:
            new = load_config(self.config.path)
            if new.state != self.config.state:
                log.warning("[state] changes take effect at the next restart; keeping the store")
                new = replace(new, state=self.config.state)
            policy = load_site_policy(new)
        except (ConfigError, WatchdogError, ValueError) as exc:
            problems = exc.problems if isinstance(exc, ConfigError) else [str(exc)]
            log.error("config reload refused; the running config stays", problems=problems)
            notify("READY=1", "STATUS=config reload refused; see the journal")
            return False
        old = {t.name: t for t in self.config.targets}
        self.config, self.policy = new, policy
        for name in old.keys() - {t.name for t in new.targets}:
            with contextlib.suppress(JobLookupError):
                self.scheduler.remove_job(name)
        for target in new.targets:
            before = old.get(target.name)
            if before is None:
                self._schedule(target)
            elif (before.every, before.cron) != (target.every, target.cron):
                self.scheduler.reschedule_job(target.name, trigger=trigger_of(target, new))
        self.courier.wake()
        log.info("config reloaded", targets=[t.name for t in new.targets])
        notify("READY=1", self._status())
        return True

    def _status(self) -> str:
        return f"STATUS=watching {len(self.config.targets)} target(s); state in {self.store.description}"

    # --- life ----------------------------------------------------------------------------

    def start(self) -> None:
        self.courier.start()
        self.scheduler.start()
        for target in self.config.targets:
            self._schedule(target)
        log.info(
            "daemon started",
            pid=os.getpid(),
            targets=[t.name for t in self.config.targets],
            store=self.store.description,
            pending_mail=len(self.store.pending()),
        )
        notify("READY=1", self._status())

    def run(self) -> int:
        self.install_signals()
        self.start()
        keepalive = watchdog_interval()
        last = 0.0
        while "stop" not in self._flags:
            time.sleep(TICK)
            if "reload" in self._flags:
                self._flags.discard("reload")
                self.reload()
            if keepalive and time.monotonic() - last >= keepalive and self.healthy():
                notify("WATCHDOG=1")
                last = time.monotonic()
        return self.stop()

    def healthy(self) -> bool:
        """Keep-alives stop when a worker thread has died, so systemd restarts the service."""
        return bool(self.scheduler.running) and self.courier.alive()

    def stop(self) -> int:
        notify("STOPPING=1")
        log.info("stopping", running=sorted(self._running))
        self.stopping.set()
        self.scheduler.shutdown(wait=False)
        deadline = time.monotonic() + STOP_GRACE
        with self._lock:
            while self._running and time.monotonic() < deadline:
                self._lock.wait(max(0.0, deadline - time.monotonic()))
            abandoned = sorted(self._running)
        self.courier.join(max(0.5, deadline - time.monotonic()))
        log.info("stopped", abandoned=abandoned)
        if abandoned:
            # A scan stuck in a query commits nothing; leaving without it loses nothing.
            sys.stdout.flush()
            os._exit(0)
        return 0


def run_daemon(config_path: str) -> int:
    config = load_config(config_path)
    return Daemon(config).run()
