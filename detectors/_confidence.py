"""Confidence of a finding, from named weights: what the structure shows raises it most,
what names agree with raises it a little, and each factor is said in the finding."""

from __future__ import annotations

from watchdog.detector_api import AlertPath, MembershipKind, SinkKind
from watchdog.model import ArtifactKind

BASE = 0.45
ENTRY_ON_EVENT = 0.15  # a trigger or rule on the event's relation runs on every change
POLLED_WITH_WINDOW = 0.1  # a job or stored query reads recent rows of the event's relation
STORED_QUERY = 0.05
CONTACT_BY_NAME = 0.05  # the event's relation is named like a police contact
PERSON_KEY = 0.05  # the tested column is a person key by name or by foreign key
MEMBERSHIP_IN_RELATION = 0.05  # the person is looked up in a relation (not a flag or literals)
LIST_BY_NAME = 0.05  # that relation is named like a list
DELIVERY_CHANNEL = 0.1  # notify, mail, http, dblink, foreign table, publication, COPY TO PROGRAM
DELIVERY_SINK_NAME = 0.05  # a table named like a queue, outbox or message table
DELIVERY_HISTORY_NAME = -0.1  # a table named like an audit or history table
CARRIES_PERSON = 0.03  # the delivery carries the event's person or row
FEDERAL_TIE = 0.04  # each kind of federal tie, up to FEDERAL_TIE_MAX
FEDERAL_TIE_MAX = 0.1
DISABLED = -0.2
FLOOR, CEILING = 0.05, 0.99

_CHANNELS = {
    SinkKind.NOTIFY,
    SinkKind.MAIL,
    SinkKind.HTTP,
    SinkKind.DBLINK,
    SinkKind.FOREIGN_TABLE,
    SinkKind.PUBLICATION,
    SinkKind.COPY_PROGRAM,
    SinkKind.RECIPIENT,
}


def confidence(path: AlertPath, federal: bool) -> tuple[float, list[str]]:
    c = BASE
    why: list[str] = []

    def add(w: float, reason: str) -> None:
        nonlocal c
        c += w
        why.append(f"{'+' if w >= 0 else '−'}{abs(w):.2f} {reason}")

    entry = path.entry
    if entry.kind in (ArtifactKind.TRIGGER, ArtifactKind.RULE):
        add(ENTRY_ON_EVENT, "runs on every change of the event's relation (structure)")
    elif path.recency:
        add(POLLED_WITH_WINDOW, "polls recent rows of the event's relation (structure)")
    if entry.kind == ArtifactKind.STORED_QUERY:
        add(STORED_QUERY, "a stored query delivered to people (structure)")
    if path.event.contact_by_name:
        add(CONTACT_BY_NAME, "the event's relation is named like a police contact (name)")
    if path.event.person_key_by_structure:
        add(PERSON_KEY, "the tested column is a foreign key to a person (structure)")
    elif path.event.person_key_by_name:
        add(PERSON_KEY, "the tested column is named like a person key (name)")
    if any(m.kind == MembershipKind.LIST for m in path.memberships):
        add(MEMBERSHIP_IN_RELATION, "the person is looked up in a relation (structure)")
    if any(m.list_by_name for m in path.memberships):
        add(LIST_BY_NAME, "that relation is named like a list (name)")
    kinds = {d.kind for d in path.deliveries}
    if kinds & _CHANNELS:
        add(
            DELIVERY_CHANNEL,
            "delivers through a notification, mail or outbound channel (structure)",
        )
    elif any(d.sink_by_name for d in path.deliveries):
        add(DELIVERY_SINK_NAME, "writes to a table named like a queue or outbox (name)")
    if path.deliveries and all(d.history_by_name for d in path.deliveries):
        add(
            DELIVERY_HISTORY_NAME, "the only delivery is a table named like a history or log (name)"
        )
    if any(d.carries_person for d in path.deliveries):
        add(CARRIES_PERSON, "the delivery carries the event's person (structure)")
    if federal:
        n = len({t.kind for t in path.federal_ties})
        add(min(FEDERAL_TIE_MAX, FEDERAL_TIE * n), f"{n} kind(s) of federal tie")
    if not entry.enabled:
        add(DISABLED, "the entry is disabled")
    return max(FLOOR, min(CEILING, c)), why
