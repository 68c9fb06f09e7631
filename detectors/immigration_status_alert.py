"""immigration-status-alert

What it finds: an alert or stored query keyed on immigration attributes — status,
citizenship, country of birth, alien number, a detainer — that delivers or reports on it.

Why it matters: it is an inquiry into immigration status that sanctuary policy forbids
outside narrow duties, turned into a standing process.

Anti-pattern: a booking trigger that routes every booking whose immigration_status is
'UNDOCUMENTED' to a liaison.

Remediation: remove the immigration condition or the artifact; review who received its
deliveries. Record or key on immigration status only where law requires it (consular
notification), and never deliver on it.
"""

from __future__ import annotations

from collections.abc import Iterator

from detectors._confidence import confidence
from detectors._evidence import chain
from watchdog.detector_api import AnalysisView, Detector, Hit
from watchdog.model import ArtifactKind, Rule, Severity

RULE = Rule(
    rule_id="immigration-status-alert",
    severity=Severity.HIGH,
    title="Alert keyed on immigration attributes",
    rationale="The artifact tests status, citizenship, country of birth, alien number or a detainer and "
    "delivers or reports on it: an inquiry into immigration status.",
    remediation="Remove the immigration condition or the artifact; review who received its deliveries.",
    doc=__doc__ or "",
)
IMMIGRATION_BONUS = 0.05


def check(view: AnalysisView) -> Iterator[Hit]:
    for path in view.paths:
        if not path.immigration:
            continue
        if not path.deliveries and path.entry.kind != ArtifactKind.STORED_QUERY:
            continue
        if path.event.source is None and path.entry.kind in (
            ArtifactKind.TRIGGER,
            ArtifactKind.RULE,
        ):
            continue
        conf, why = confidence(path, False)
        yield Hit(
            path.entry,
            f"{RULE.title}: {path.entry.name}",
            chain(path, immigration=True),
            min(0.95, conf + IMMIGRATION_BONUS),
            list(path.logic),
            [*why, f"+{IMMIGRATION_BONUS:.2f} keyed on an immigration attribute"],
        )


DETECTOR = Detector(RULE, check)
