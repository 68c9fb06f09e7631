"""federal-data-channel: a path that moves person data to a federal host or recipient.

Anti-pattern: a foreign server on a DHS host with a trigger that inserts every new
arrest of a listed person into one of its tables; a dblink, an HTTP call, a mail or a
COPY TO PROGRAM that does the same.

Best practice: no standing channel from police records to a federal host; any lawful
disclosure goes through a reviewed, logged process.
"""

from __future__ import annotations

from collections.abc import Iterator

from watchdog.analysis.paths import Analysis, site_evidence
from watchdog.detect import Case, Detector, Hit, Rule
from watchdog.model import Evidence, Severity

RULE = Rule(
    rule_id="federal-data-channel",
    severity=Severity.HIGH,
    title="Channel that moves data to a federal host or recipient",
    rationale="Person data can leave the database for a federal agency through this path.",
    remediation="Drop or disable the channel (server, user mapping, publication, dblink or mail call) after "
    "preserving it as evidence; review what it has sent.",
)


def check(analysis: Analysis) -> Iterator[Hit]:
    policy = analysis.policy
    reported: set[int] = set()
    for path in analysis.paths:
        fed = [s for s in path.sinks if s.federal]
        if not fed:
            continue
        ev: list[Evidence] = [path.event]
        for s in fed[:4]:
            ev.append(site_evidence("sink", s.object, s.site))
            if s.federal:
                ev.append(s.federal)
        reported.update(id(b) for b in path.bodies)
        yield Hit(
            path.entry,
            f"{RULE.title}: {path.entry.name}",
            ev,
            0.85 if path.contact else 0.75,
            path.bodies,
        )
    for fn in analysis.inv.of_kind("function", "procedure"):
        if id(fn) in reported or id(fn) in analysis.reached:
            continue
        reach = analysis.graph.reach(fn, follow=False)  # callees are checked on their own
        sinks = [s for s in analysis.sinks(reach) if s.federal]
        if sinks:
            ev = [
                Evidence(
                    "function",
                    fn.qualified,
                    "not called by any trigger, rule or job that the scan saw",
                )
            ]
            for s in sinks[:4]:
                ev.append(site_evidence("sink", s.object, s.site))
                if s.federal:
                    ev.append(s.federal)
            yield Hit(fn, f"{RULE.title}: {fn.name}", ev, 0.7, reach.bodies)
    for srv in analysis.inv.of_kind("foreign_server"):
        host = srv.extra.get("options", {}).get("host", "")
        if host and policy.is_federal_host(host):
            tables = [
                a.qualified
                for a in analysis.inv.of_kind("foreign_table")
                if a.extra.get("server") == srv.name
            ]
            ev = [
                Evidence(
                    "federal tie",
                    srv.name,
                    f"{srv.extra.get('wrapper')} server at federal host {host}",
                )
            ]
            if tables:
                ev.append(
                    Evidence(
                        "sink",
                        ", ".join(tables[:5]),
                        f"{len(tables)} foreign table(s) on this server",
                    )
                )
            for m in srv.extra.get("mappings", []):
                ev.append(
                    Evidence("user mapping", f"{m['user']} → {m.get('remote_user') or '?'}", "")
                )
            yield Hit(srv, f"{RULE.title}: server {srv.name}", ev, 0.9, [srv])
    for pub in analysis.inv.of_kind("publication"):
        tie = analysis.publication_tie(pub)
        if tie is None:
            continue
        tables = pub.extra.get("tables", [])
        person = [
            t
            for t in tables
            if (rel := analysis.graph.relation(t)) is not None
            and ({"person-key", "contact-source", "list"} & rel.roles)
        ]
        if not person and not pub.extra.get("all_tables"):
            continue
        ev = [
            tie,
            Evidence(
                "sink",
                pub.name,
                "ALL TABLES"
                if pub.extra.get("all_tables")
                else f"publishes {', '.join(person[:5])} ({', '.join(pub.extra.get('operations', []))})",
            ),
        ]
        yield Hit(pub, f"{RULE.title}: publication {pub.name}", ev, 0.8, [pub])


CASES = (
    Case(
        "trigger sends arrests over dblink to a DHS host",
        """
CREATE TABLE arrests (arrest_id int, person_id int);
CREATE FUNCTION dblink_exec(text, text) RETURNS text LANGUAGE sql AS $$ SELECT 'OK' $$;
CREATE FUNCTION push() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  PERFORM dblink_exec('host=intake.ice.dhs.gov dbname=x', 'INSERT INTO a VALUES (' || NEW.person_id || ')');
  RETURN NEW; END $$;
CREATE TRIGGER trg_push AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION push();
""",
        True,
        "trg_push",
    ),
    Case(
        "dblink to a city reporting host",
        """
CREATE TABLE arrests (arrest_id int, person_id int);
CREATE FUNCTION dblink_exec(text, text) RETURNS text LANGUAGE sql AS $$ SELECT 'OK' $$;
CREATE FUNCTION push() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  PERFORM dblink_exec('host=stats.nyc.gov dbname=r', 'INSERT INTO counts VALUES (1)'); RETURN NEW; END $$;
CREATE TRIGGER trg_push AFTER INSERT ON arrests FOR EACH ROW EXECUTE FUNCTION push();
""",
        False,
    ),
)

DETECTOR = Detector(RULE, check, CASES)
