"""federal-data-channel

What it finds: a standing path that moves person data to a federal host or recipient —
a foreign server on a federal host, a trigger, job or routine that writes to it, calls
dblink or http, mails, or runs COPY TO PROGRAM towards one, a publication a federal
subscriber reads.

Why it matters: person data can leave the database for a federal agency through it,
without any request being made or logged.

Anti-pattern: a foreign server on a DHS host with a trigger that inserts every new arrest
of a listed person into one of its tables.

Remediation: drop or disable the channel (server, user mapping, publication, dblink or mail
call) after preserving it as evidence; review what it has sent. Any lawful disclosure goes
through a reviewed, logged process.
"""

from __future__ import annotations

from collections.abc import Iterator

from detectors._evidence import event, sink
from watchdog.detector_api import AlertPath, AnalysisView, Channel, ChannelKind, Detector, Hit
from watchdog.model import Evidence, Rule, Severity

RULE = Rule(
    rule_id="federal-data-channel",
    severity=Severity.HIGH,
    title="Channel that moves data to a federal host or recipient",
    rationale="Person data can leave the database for a federal agency through this path.",
    remediation="Drop or disable the channel (server, user mapping, publication, dblink or mail call) after "
    "preserving it as evidence; review what it has sent.",
    doc=__doc__ or "",
)
CONFIDENCE = {
    ChannelKind.SERVER: 0.9,
    ChannelKind.PUBLICATION: 0.8,
    ChannelKind.ENTRY: 0.85,
    ChannelKind.ROUTINE: 0.7,
}
NO_EVENT = -0.1


def _evidence(ch: Channel) -> list[Evidence]:
    if ch.kind in (ChannelKind.SERVER, ChannelKind.PUBLICATION):
        ties = [t.evidence() for t in ch.ties]
        return ties + [Evidence("sink", ch.artifact.name, d) for d in ch.detail]
    ev: list[Evidence] = []
    if ch.event is not None and ch.event.source is not None:
        ev.append(event(AlertPath(ch.artifact, ch.event, (), ())))
    elif ch.kind == ChannelKind.ROUTINE:
        ev.append(
            Evidence(
                "function",
                ch.artifact.qualified,
                "not called by any trigger, rule or job that the scan saw",
            )
        )
    for d in ch.deliveries[:4]:
        ev += sink(d)
    return list(dict.fromkeys(ev))


def check(view: AnalysisView) -> Iterator[Hit]:
    for ch in view.channels:
        conf = CONFIDENCE[ch.kind]
        why = [f"{conf:.2f} {ch.kind} channel to a federal host or recipient (structure)"]
        if ch.kind == ChannelKind.ENTRY and (ch.event is None or ch.event.source is None):
            conf += NO_EVENT
            why.append(f"{NO_EVENT:+.2f} not tied to a police-contact event")
        name = ch.artifact.name
        label = {
            ChannelKind.SERVER: f"server {name}",
            ChannelKind.PUBLICATION: f"publication {name}",
        }.get(ch.kind, name)
        yield Hit(ch.artifact, f"{RULE.title}: {label}", _evidence(ch), conf, list(ch.logic), why)


DETECTOR = Detector(RULE, check)
