"""federal-list-contact-alert

What it finds: a person-tracking alert — an entry that runs on a police-contact event,
tests whether the event's person is on a list, and delivers to someone — whose list has a
federal tie, or whose delivery goes to a federal recipient.

Why it matters: it tells someone whenever a person on a list that comes from, or reports
to, a federal agency has any police contact. That is the mechanism of the 2025 DOI
finding: city resources doing immigration enforcement, unseen by anyone.

Anti-pattern: a trigger on arrests checks whether the arrested person is on a list that
HSI asked for, and queues a message to the officer who set it up.

Remediation: disable the alert (ALTER TABLE … DISABLE TRIGGER, unschedule the job),
preserve its definition and its deliveries for the investigation, and refer it to counsel
and the oversight office. A lawful request goes through counsel, in writing, and is
logged where oversight can see it.
"""

from __future__ import annotations

from collections.abc import Iterator

from detectors._confidence import confidence
from detectors._evidence import chain
from watchdog.detector_api import AnalysisView, Detector, Hit
from watchdog.model import Rule, Severity

RULE = Rule(
    rule_id="federal-list-contact-alert",
    severity=Severity.CRITICAL,
    title="Person-tracking alert on a federally tied list",
    rationale="Tells someone whenever a person on a list that comes from, or reports to, a federal "
    "agency has any police contact: the mechanism of the 2025 DOI finding.",
    remediation="Disable the alert (ALTER TABLE … DISABLE TRIGGER / unschedule the job), preserve its "
    "definition and its deliveries for the investigation, and refer it to counsel and the oversight office.",
    doc=__doc__ or "",
)


def check(view: AnalysisView) -> Iterator[Hit]:
    for path in view.paths:
        if not path.is_alert or not path.federal_ties:
            continue
        conf, why = confidence(path, True)
        yield Hit(
            path.entry,
            f"{RULE.title}: {path.entry.name}",
            chain(path, federal_only=True),
            conf,
            list(path.logic),
            why,
        )


DETECTOR = Detector(RULE, check)
