"""Findings state: every scan run, every finding's life and the durable outbox."""

from watchdog.store.lifecycle import Change, Plan, Prior, artifact_key, plan
from watchdog.store.store import FindingRow, OutboxRow, Store, open_store

__all__ = [
    "Change",
    "FindingRow",
    "OutboxRow",
    "Plan",
    "Prior",
    "Store",
    "artifact_key",
    "open_store",
    "plan",
]
