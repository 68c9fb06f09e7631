"""federal-watchlist: a list of people with a federal tie, held in the database.

Anti-pattern: a table of people that HSI referred, kept beside police records —
whether or not anything alerts on it yet, it is the raw material of one.

Best practice: no locally held lists sourced from or kept for federal immigration
enforcement; where a lawful federal list exists, document its basis and its access.
"""

from __future__ import annotations

from collections.abc import Iterator

from watchdog.analysis.paths import Analysis
from watchdog.detect import Case, Detector, Hit, Rule
from watchdog.model import Evidence, Severity

RULE = Rule(
    rule_id="federal-watchlist",
    severity=Severity.MEDIUM,
    title="List of people with a federal tie",
    rationale="The relation enumerates people and comes from, or is kept for, a federal agency.",
    remediation="Establish who created the list, at whose request and under what authority; remove it if it "
    "serves immigration enforcement.",
)


def check(analysis: Analysis) -> Iterator[Hit]:
    for rel in analysis.inv.artifacts:
        roles = analysis.roles.get(id(rel))
        if roles is None or not roles.list or not roles.ties:
            continue
        ev = [
            Evidence(
                "list",
                rel.qualified,
                f"{rel.kind} keyed by {', '.join(roles.person_keys) or 'its base list'}"
                + (f" — {rel.comment[:120]}" if rel.comment else ""),
            )
        ]
        ev.extend(roles.ties[:5])
        conf = min(0.95, 0.55 + 0.1 * len({t.excerpt.split(" ")[0] for t in roles.ties}))
        yield Hit(rel, f"{RULE.title}: {rel.qualified}", ev, conf, [rel])


CASES = (
    Case(
        "referral table with a federal comment",
        """
CREATE TABLE priority_subjects (subject_id int, added date);
COMMENT ON TABLE priority_subjects IS 'Referrals received from Homeland Security Investigations';
""",
        True,
        "priority_subjects",
    ),
    Case(
        "emergency contacts called ICE",
        """
CREATE TABLE ice_contacts (officer_id int, person_id int, phone text);
COMMENT ON TABLE ice_contacts IS 'In Case of Emergency contacts';
""",
        False,
    ),
)

DETECTOR = Detector(RULE, check, CASES)
