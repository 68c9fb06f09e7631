"""Person-tracking alert paths: a contact-source event, a membership test on a list, and a
delivery to a sink — each hop located, each federal tie named.

`Analysis` is computed once per scan and handed to every detector, which stay pure
functions of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from watchdog.analysis.facts import Outbound, Site, excerpt
from watchdog.analysis.flow import Graph, Reach
from watchdog.analysis.parse import BodyParser
from watchdog.analysis.roles import RELATION_KINDS, RelationRoles, RoleAssigner, context_of
from watchdog.model import Artifact, Evidence, Inventory
from watchdog.policy import Policy, hosts_of, tokens

ENTRY_KINDS = ("trigger", "rule", "cron_job", "scheduled_job", "stored_query")


@dataclass
class Membership:
    kind: str  # "list", "flag" or "literal-list"
    object: str
    site: Site
    relation: Artifact | None = None
    ties: list[Evidence] = field(default_factory=list)


@dataclass
class SinkHop:
    kind: str  # "table", "notify", "dblink", "http", "mail", "copy_program", "foreign_table", "recipient"
    object: str
    site: Site | None
    federal: Evidence | None = None


@dataclass
class AlertPath:
    entry: Artifact
    reach: Reach
    contact: Artifact | None
    event: Evidence
    memberships: list[Membership]
    sinks: list[SinkHop]
    immigration: list[Evidence]
    comment_ties: list[Evidence]
    recency: bool

    @property
    def federal_ties(self) -> list[Evidence]:
        ties = [t for m in self.memberships for t in m.ties] + self.comment_ties
        return ties + [s.federal for s in self.sinks if s.federal]

    @property
    def is_alert(self) -> bool:
        return self.contact is not None and bool(self.memberships) and bool(self.sinks)

    @property
    def bodies(self) -> list[Artifact]:
        return self.reach.bodies


def site_evidence(step: str, obj: str, site: Site | None, fallback: str = "") -> Evidence:
    if site is None:
        return Evidence(step, obj, fallback)
    where = site.artifact.qualified if site.artifact.kind != "trigger" else site.artifact.name
    label = obj if obj == where else f"{obj} (in {where})"
    return Evidence(step, label, site.excerpt or fallback, site.line)


class Analysis:
    def __init__(
        self,
        inventory: Inventory,
        policy: Policy,
        dialect: str = "postgres",
        progress: Callable[[str, int, int], None] | None = None,
    ) -> None:
        self.inv = inventory
        self.policy = policy
        self.graph = Graph(inventory, BodyParser(policy, dialect))
        assigner = RoleAssigner(inventory, policy)
        self.roles: dict[int, RelationRoles] = {}
        for a in inventory.artifacts:
            if a.kind in RELATION_KINDS:
                self.roles[id(a)] = assigner.relation(a)
        self._derive_view_roles()
        for a in inventory.artifacts:
            if id(a) in self.roles:
                a.roles = self.roles[id(a)].names()
        self.servers = {a.name: a for a in inventory.of_kind("foreign_server")}
        self.federal_publications = self._federal_publications()
        self.paths: list[AlertPath] = []
        self.reached: set[int] = set()
        self.truncated: list[Artifact] = []
        entries = [a for a in inventory.artifacts if a.kind in ENTRY_KINDS]
        for n, a in enumerate(entries, 1):
            if progress is not None and n % 200 == 0:
                progress("analysing", n, len(entries))
            path = self._path(a)
            self.reached.update(id(b) for b in path.bodies)
            if path.reach.truncated:
                self.truncated.append(a)
            # only paths a rule can act on are kept; the rest would only hold memory
            if path.is_alert or path.immigration or any(s.federal for s in path.sinks):
                path.reach = Reach(bodies=path.reach.bodies)  # the facts are no longer needed
                self.paths.append(path)

    # -- roles through views ----------------------------------------------------------------
    def _derive_view_roles(self) -> None:
        """A view over a list is a list; its own filters and its bases carry federal ties."""
        views = [a for a in self.inv.artifacts if a.kind in ("view", "materialized_view")]
        for _ in range(4):
            changed = False
            for v in views:
                r = self.roles[id(v)]
                reach = self.graph.reach(v)
                bases = [rel for rel, _ in reach.reads if rel is not v]
                for base in bases:
                    br = self.roles.get(id(base))
                    if br is None:
                        continue
                    if br.contact and r.person_keys and not r.contact and not r.list:
                        r.contact, changed = True, True
                    if br.list and not r.contact and not r.list:
                        r.list, changed = True, True
                    for t in br.ties:
                        if t not in r.ties:
                            r.ties.append(t)
                            changed = True
                for cond in reach.facts.conditions:
                    if not self.policy.has("provenance_columns", cond.column):
                        continue
                    for value in cond.values:
                        hit = self.policy.agency_in_literal(value)
                        if hit:
                            ev = Evidence(
                                "federal tie",
                                v.qualified,
                                f"filters {cond.column} on {hit.token.upper()}: {cond.site.excerpt}",
                                cond.site.line,
                            )
                            if ev not in r.ties:
                                r.ties.append(ev)
                                changed = True
                if r.ties and (r.person_keys or bases) and not r.contact and not r.list:
                    r.list, changed = True, True
            if not changed:
                break

    def publication_tie(self, pub: Artifact) -> Evidence | None:
        p = self.policy
        hit = p.agency_in_identifier(pub.name) or (
            p.agency_in_prose(pub.comment) if pub.comment and not p.negated(pub.comment) else None
        )
        if hit is None:
            return None
        text = f"{pub.name}: {pub.comment}" if pub.comment else pub.name
        return Evidence("federal tie", pub.name, f"publication names {hit.agency}: {text[:140]}")

    def _federal_publications(self) -> dict[str, tuple[Artifact, Evidence]]:
        """Relations whose changes a federally tied publication ships out."""
        out: dict[str, tuple[Artifact, Evidence]] = {}
        for pub in self.inv.of_kind("publication"):
            tie = self.publication_tie(pub)
            if tie is None:
                continue
            names = (
                [a.qualified for a in self.inv.of_kind("table")]
                if pub.extra.get("all_tables")
                else list(pub.extra.get("tables", []))
            )
            for name in names:
                out.setdefault(name.lower(), (pub, tie))
        return out

    def roles_of(self, rel: Artifact) -> RelationRoles:
        return self.roles.get(id(rel)) or RelationRoles()

    # -- alert paths --------------------------------------------------------------------------
    def _entry_reach(self, entry: Artifact) -> tuple[Reach, Artifact | None, Evidence]:
        if entry.kind in ("trigger", "rule"):
            table = self.graph.relation(entry.table or "")
            events = entry.extra.get("events", [])
            start = (
                self.graph.function(entry.extra.get("function", ""))
                if entry.kind == "trigger"
                else []
            )
            reach = self.graph.reach(entry, start[:1])
            if (
                table is None
                or not self.roles_of(table).contact
                or not {"INSERT", "UPDATE"} & set(events)
            ):
                return (
                    reach,
                    None,
                    Evidence("event", entry.table or entry.qualified, " ".join(events)),
                )
            state = entry.extra.get("enabled", "enabled")
            what = f"{entry.extra.get('timing', '')} {' OR '.join(events)} {entry.kind} on {table.qualified}"
            if state == "disabled":
                what += " (disabled)"
            return reach, table, Evidence("contact source", table.qualified, " ".join(what.split()))
        reach = self.graph.reach(entry)
        contacts = [(rel, site) for rel, site in reach.reads if self.roles_of(rel).contact]
        if not contacts:
            return reach, None, Evidence("runs", entry.qualified, excerpt(entry.body or ""))
        rel, site = contacts[0]
        return reach, rel, site_evidence("contact source", rel.qualified, site)

    def _path(self, entry: Artifact) -> AlertPath:
        reach, contact, event = self._entry_reach(entry)
        p = self.policy
        memberships: list[Membership] = []
        seen: set[int] = set()
        for rel, site in reach.reads if contact is not None else []:
            r = self.roles_of(rel)
            if rel is contact or id(rel) in seen or r.contact or r.history:
                continue
            listish = r.list or (bool(r.person_keys) and not r.master and not r.sink)
            if not listish:
                continue
            seen.add(id(rel))
            memberships.append(Membership("list", rel.qualified, site, rel, list(r.ties)))
        for qual, column, site in reach.facts.columns:
            toks = tokens(column)
            # the surrounding relation can only disarm an agency token: look it up on a hit
            fed = p.agency_in_identifier(column)
            if fed is not None:
                fed = p.agency_in_identifier(column, self._column_context(column, reach))
            flag = fed is not None or (
                p.vocab["list"].match(toks) is not None
                and p.vocab["flag_columns"].match(toks) is not None
            )
            if not flag or any(m.object.endswith(column) for m in memberships):
                continue
            ties = (
                [
                    Evidence(
                        "federal tie",
                        column,
                        f"flag column {column!r} names {fed.agency}",
                        site.line,
                    )
                ]
                if fed
                else []
            )
            memberships.append(
                Membership("flag", f"{qual + '.' if qual else ''}{column}", site, None, ties)
            )
        for column, count, site in reach.facts.literal_lists:
            if p.is_person_key(column):
                memberships.append(
                    Membership("literal-list", f"{column} IN ({count} identifiers)", site)
                )
        comment_ties = []
        for text, site in reach.facts.comments:
            if p.negated(text):
                continue
            hit = p.agency_in_prose(text)
            if hit:
                comment_ties.append(
                    Evidence(
                        "federal tie",
                        site.artifact.qualified,
                        f"code comment: {site.excerpt}",
                        site.line,
                    )
                )
        sinks = self.sinks(reach) + self._deliveries(entry)
        immigration = self._immigration(reach, contact)
        return AlertPath(
            entry,
            reach,
            contact,
            event,
            memberships,
            sinks,
            immigration,
            comment_ties if memberships else [],
            bool(reach.facts.recency),
        )

    def _column_context(self, column: str, reach: Reach) -> str:
        for rel, _ in reach.reads:
            if any(c.name.lower() == column.lower() for c in rel.columns):
                return context_of(rel)
        return ""

    def sinks(self, reach: Reach) -> list[SinkHop]:
        """Where a reach delivers: sink tables, foreign and published tables, calls, recipients."""
        out: list[SinkHop] = []
        seen: set[int] = set()
        for rel, site in reach.writes:
            r = self.roles_of(rel)
            if id(rel) in seen:
                continue
            published = self.federal_publications.get(rel.qualified.lower())
            if published:
                seen.add(id(rel))
                out.append(
                    SinkHop(
                        "publication",
                        f"{rel.qualified} → publication {published[0].name}",
                        site,
                        published[1],
                    )
                )
            elif rel.kind == "foreign_table":
                seen.add(id(rel))
                fed = next((t for t in r.ties if "foreign table on server" in t.excerpt), None)
                out.append(SinkHop("foreign_table", rel.qualified, site, fed))
            elif r.sink or (r.recipients and not r.history and not r.contact):
                seen.add(id(rel))
                out.append(SinkHop("table", rel.qualified, site, None))
        for ob in reach.facts.outbound:
            out.append(
                SinkHop(
                    ob.kind,
                    f"{ob.function}({ob.destination or '…'})"
                    if ob.kind != "notify"
                    else f"notify {ob.destination or ''}".strip(),
                    ob.site,
                    self._federal_destination(ob),
                )
            )
        for value, site in reach.facts.literals:
            hosts = hosts_of(value) if "@" in value or "://" in value else []
            host = next((h for h in hosts if self.policy.is_federal_host(h)), None)
            if host:
                out.append(
                    SinkHop(
                        "recipient",
                        value if "@" not in value else "address @" + host,
                        site,
                        Evidence(
                            "federal tie",
                            site.artifact.qualified,
                            f"delivers to federal recipient {value if '@' not in value else '@' + host}",
                            site.line,
                        ),
                    )
                )
        return out

    def _deliveries(self, entry: Artifact) -> list[SinkHop]:
        """Who a stored query is delivered to: its recipients, or its owner on a schedule."""
        if entry.kind != "stored_query":
            return []
        out = []
        for rcpt in entry.extra.get("recipients", []):
            host = next((h for h in hosts_of(rcpt) if self.policy.is_federal_host(h)), None)
            fed = None
            if host:
                fed = Evidence(
                    "federal tie", entry.qualified, f"delivered to federal recipient @{host}"
                )
            out.append(SinkHop("recipient", f"recipient {rcpt}", None, fed))
        if not out and entry.extra.get("schedule"):
            out.append(
                SinkHop(
                    "schedule",
                    f"runs on schedule {entry.extra['schedule']} for {entry.owner or 'its owner'}",
                    None,
                )
            )
        return out

    def _federal_destination(self, ob: Outbound) -> Evidence | None:
        dest = ob.destination or ""
        hosts = hosts_of(dest) if dest else []
        if not hosts and ob.kind == "dblink" and dest in self.servers:
            hosts = [self.servers[dest].extra.get("options", {}).get("host") or ""]
        host = next((h for h in hosts if h and self.policy.is_federal_host(h)), None)
        if host:
            return Evidence(
                "federal tie",
                ob.site.artifact.qualified,
                f"{ob.kind} delivers to federal host {host}",
                ob.site.line,
            )
        return None

    def _immigration(self, reach: Reach, contact: Artifact | None) -> list[Evidence]:
        p = self.policy
        out: list[Evidence] = []
        for cond in reach.facts.conditions:
            if p.has("immigration", cond.column) and not p.has("immigration_exempt", cond.column):
                if any(
                    p.has("immigration_exempt", n)
                    for n in (cond.site.artifact.name, cond.site.excerpt)
                ):
                    continue
                out.append(
                    Evidence(
                        "immigration attribute", f"{cond.column}", cond.site.excerpt, cond.site.line
                    )
                )
            elif any(p.vocab["immigration_values"].match(tokens(v)) for v in cond.values):
                out.append(
                    Evidence(
                        "immigration attribute", cond.column, cond.site.excerpt, cond.site.line
                    )
                )
        return out
