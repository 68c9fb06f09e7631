"""person-contact-alert: a person-tracking alert with no federal tie.

Anti-pattern: none by itself — warrant hits, missing-person returns and registry
checks are lawful; they are inventoried so that oversight knows every alert that
watches people's police contacts.

Best practice: keep each such alert documented, owned, and reviewed.
"""

from __future__ import annotations

from collections.abc import Iterator

from detectors._chain import chain, confidence
from watchdog.analysis.paths import Analysis
from watchdog.detect import Case, Detector, Hit, Rule
from watchdog.model import Severity

RULE = Rule(
    rule_id="person-contact-alert",
    severity=Severity.INFO,
    title="Person-tracking alert (no federal tie found)",
    rationale="An artifact tells someone when a listed person has police contact. No federal tie was "
    "found; it is listed so that the inventory of alerts is complete.",
    remediation="Confirm the alert has an owner, a lawful purpose and a review date; no action if so.",
)


def check(analysis: Analysis) -> Iterator[Hit]:
    for path in analysis.paths:
        if path.is_alert and not path.federal_ties:
            yield Hit(
                path.entry,
                f"{RULE.title}: {path.entry.name}",
                chain(path),
                confidence(path, False),
                path.bodies,
            )


CASES = (
    Case(
        "missing-person return notifies a detective",
        """
CREATE TABLE stops (stop_id int, person_id int);
CREATE TABLE missing_persons (person_id int, case_no text);
CREATE FUNCTION found() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF NEW.person_id IN (SELECT person_id FROM missing_persons) THEN
    PERFORM pg_notify('missing_found', NEW.stop_id::text); END IF; RETURN NEW; END $$;
CREATE TRIGGER trg_found AFTER INSERT ON stops FOR EACH ROW EXECUTE FUNCTION found();
""",
        True,
        "trg_found",
    ),
    Case(
        "audit trigger copies rows, no list and no delivery",
        """
CREATE TABLE stops (stop_id int, person_id int);
CREATE TABLE stops_audit (op text, row_data jsonb);
CREATE FUNCTION aud() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  INSERT INTO stops_audit VALUES (TG_OP, to_jsonb(NEW)); RETURN NEW; END $$;
CREATE TRIGGER trg_aud AFTER INSERT ON stops FOR EACH ROW EXECUTE FUNCTION aud();
""",
        False,
    ),
)

DETECTOR = Detector(RULE, check, CASES)
