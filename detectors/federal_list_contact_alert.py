"""federal-list-contact-alert: a person-tracking alert whose list has a federal tie.

Anti-pattern: a trigger on arrests checks whether the arrested person is on a list
that HSI asked for, and queues a message to the officer who set it up — city
resources doing immigration enforcement, unseen by anyone.

Best practice: no alert on police contact for a federally requested list; a lawful
request goes through counsel, in writing, and is logged where oversight can see it.
"""

from __future__ import annotations

from collections.abc import Iterator

from detectors._chain import chain, confidence
from watchdog.analysis.paths import Analysis
from watchdog.detect import Case, Detector, Hit, Rule
from watchdog.model import Severity

RULE = Rule(
    rule_id="federal-list-contact-alert",
    severity=Severity.CRITICAL,
    title="Person-tracking alert on a federally tied list",
    rationale="Tells someone whenever a person on a list that comes from, or reports to, a federal "
    "agency has any police contact: the mechanism of the 2025 DOI finding.",
    remediation="Disable the alert (ALTER TABLE … DISABLE TRIGGER / unschedule the job), preserve its "
    "definition and its deliveries for the investigation, and refer it to counsel and the oversight office.",
)


def check(analysis: Analysis) -> Iterator[Hit]:
    for path in analysis.paths:
        if not path.is_alert or not path.federal_ties:
            continue
        yield Hit(
            path.entry,
            f"{RULE.title}: {path.entry.name}",
            chain(path, federal_only=True),
            confidence(path, True),
            path.bodies,
        )


CASES = (
    Case(
        "trigger on arrests tests an HSI list and queues a message",
        """
CREATE TABLE arrests (arrest_id int, person_id int);
CREATE TABLE hsi_referrals (person_id int);
CREATE TABLE outbox (recipient text, body text);
CREATE FUNCTION hit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF EXISTS (SELECT 1 FROM hsi_referrals r WHERE r.person_id = NEW.person_id) THEN
    INSERT INTO outbox VALUES ('det@pd.example', 'contact'); END IF; RETURN NEW; END $$;
CREATE TRIGGER trg_hit AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION hit();
""",
        True,
        "trg_hit",
    ),
    Case(
        "same alert on a local court warrant table",
        """
CREATE TABLE arrests (arrest_id int, person_id int);
CREATE TABLE warrants (person_id int, court text);
CREATE FUNCTION hit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF EXISTS (SELECT 1 FROM warrants w WHERE w.person_id = NEW.person_id) THEN
    PERFORM pg_notify('warrant', NEW.arrest_id::text); END IF; RETURN NEW; END $$;
CREATE TRIGGER trg_hit AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION hit();
""",
        False,
    ),
)

DETECTOR = Detector(RULE, check, CASES)
