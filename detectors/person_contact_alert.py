"""person-contact-alert

What it finds: a person-tracking alert with no federal tie — an entry that runs on a
police-contact event, tests whether the event's person is on a list, and delivers.

Why it matters: by itself, nothing wrong — warrant hits, missing-person returns and
registry checks are lawful. They are inventoried so that oversight knows every alert that
watches people's police contacts, and can see when one changes.

Anti-pattern: an undocumented alert nobody owns.

Remediation: confirm the alert has an owner, a lawful purpose and a review date; no
action if so.
"""

from __future__ import annotations

from collections.abc import Iterator

from detectors._confidence import confidence
from detectors._evidence import chain
from watchdog.detector_api import AnalysisView, Detector, Hit
from watchdog.model import Rule, Severity

RULE = Rule(
    rule_id="person-contact-alert",
    severity=Severity.INFO,
    title="Person-tracking alert (no federal tie found)",
    rationale="An artifact tells someone when a listed person has police contact. No federal tie was "
    "found; it is listed so that the inventory of alerts is complete.",
    remediation="Confirm the alert has an owner, a lawful purpose and a review date; no action if so.",
    doc=__doc__ or "",
)


def check(view: AnalysisView) -> Iterator[Hit]:
    for path in view.paths:
        if path.is_alert and not path.federal_ties:
            conf, why = confidence(path, False)
            yield Hit(
                path.entry,
                f"{RULE.title}: {path.entry.name}",
                chain(path),
                conf,
                list(path.logic),
                why,
            )


DETECTOR = Detector(RULE, check)
