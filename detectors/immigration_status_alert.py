"""immigration-status-alert: an alert or stored query keyed on immigration attributes.

Anti-pattern: a booking trigger that routes every booking whose immigration_status
is 'UNDOCUMENTED' to a liaison — an inquiry into status that city policy forbids.

Best practice: do not record or key on immigration status outside the narrow duties
that law requires (consular notification), and never deliver on it.
"""

from __future__ import annotations

from collections.abc import Iterator

from detectors._chain import chain, confidence
from watchdog.analysis.paths import Analysis
from watchdog.detect import Case, Detector, Hit, Rule
from watchdog.model import Severity

RULE = Rule(
    rule_id="immigration-status-alert",
    severity=Severity.HIGH,
    title="Alert keyed on immigration attributes",
    rationale="The artifact tests status, citizenship, country of birth, alien number or a detainer and "
    "delivers or reports on it: an inquiry into immigration status.",
    remediation="Remove the immigration condition or the artifact; review who received its deliveries.",
)


def check(analysis: Analysis) -> Iterator[Hit]:
    for path in analysis.paths:
        if not path.immigration:
            continue
        if not path.sinks and path.entry.kind != "stored_query":
            continue
        if path.contact is None and path.entry.kind in ("trigger", "rule"):
            continue
        yield Hit(
            path.entry,
            f"{RULE.title}: {path.entry.name}",
            chain(path, immigration=True),
            min(0.95, confidence(path, False) + 0.05),
            path.bodies,
        )


CASES = (
    Case(
        "booking trigger routes on citizenship",
        """
CREATE TABLE bookings (booking_id int, person_id int, citizenship text);
CREATE TABLE liaison_queue (booking_id int, route_to text);
CREATE FUNCTION route() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF NEW.citizenship <> 'USA' THEN INSERT INTO liaison_queue VALUES (NEW.booking_id, 'liaison'); END IF;
  RETURN NEW; END $$;
CREATE TRIGGER trg_route AFTER INSERT ON bookings FOR EACH ROW EXECUTE FUNCTION route();
""",
        True,
        "trg_route",
    ),
    Case(
        "booking trigger routes on charge class",
        """
CREATE TABLE bookings (booking_id int, person_id int, charge_class text);
CREATE TABLE liaison_queue (booking_id int, route_to text);
CREATE FUNCTION route() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF NEW.charge_class = 'FELONY' THEN INSERT INTO liaison_queue VALUES (NEW.booking_id, 'dsk'); END IF;
  RETURN NEW; END $$;
CREATE TRIGGER trg_route AFTER INSERT ON bookings FOR EACH ROW EXECUTE FUNCTION route();
""",
        False,
    ),
)

DETECTOR = Detector(RULE, check, CASES)
