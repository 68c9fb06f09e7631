"""Roles of relations and columns: contact source, person key, list, federal tie, sink."""

from __future__ import annotations

from dataclasses import dataclass, field

from watchdog.model import Artifact, Evidence, Inventory
from watchdog.policy import Policy, tokens

RELATION_KINDS = ("table", "foreign_table", "view", "materialized_view")

CONTACT_SOURCE = "contact-source"
PERSON_KEY = "person-key"
LIST = "list"
FEDERAL_TIE = "federal-tie"
SINK = "sink"
IMMIGRATION = "immigration-attributes"
PROVENANCE = "provenance"


@dataclass
class RelationRoles:
    person_keys: list[str] = field(default_factory=list)
    provenance: list[str] = field(default_factory=list)
    immigration: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    ties: list[Evidence] = field(default_factory=list)
    contact: bool = False
    list: bool = False
    sink: bool = False
    master: bool = False
    history: bool = False

    def names(self) -> set[str]:
        out = set()
        if self.contact:
            out.add(CONTACT_SOURCE)
        if self.person_keys:
            out.add(PERSON_KEY)
        if self.list:
            out.add(LIST)
        if self.ties:
            out.add(FEDERAL_TIE)
        if self.sink:
            out.add(SINK)
        if self.immigration:
            out.add(IMMIGRATION)
        if self.provenance:
            out.add(PROVENANCE)
        return out


def context_of(rel: Artifact) -> str:
    """The words around a relation that can disarm an ambiguous agency token."""
    parts = [rel.name, rel.comment or ""]
    for c in rel.columns:
        parts.append(c.name)
        if c.comment:
            parts.append(c.comment)
    return " ".join(parts)


def _quote_free(text: str) -> str:
    return text.replace("'", "").split("::")[0]


class RoleAssigner:
    """Assigns roles by name, columns, comments, defaults and aggregated provenance values."""

    def __init__(self, inventory: Inventory, policy: Policy) -> None:
        self.inv = inventory
        self.policy = policy

    def relation(self, rel: Artifact) -> RelationRoles:
        p = self.policy
        r = RelationRoles()
        name_toks = tokens(rel.name)
        ctx = context_of(rel)
        for c in rel.columns:
            if p.is_person_key(c.name):
                r.person_keys.append(c.name)
            if p.has("provenance_columns", c.name):
                r.provenance.append(c.name)
            if p.has("immigration", c.name) and not p.has("immigration_exempt", c.name):
                r.immigration.append(c.name)
            if p.has("recipient_columns", c.name):
                r.recipients.append(c.name)
            if p.agency_in_identifier(c.name, ctx) or (p.has("list", c.name) and "bool" in c.type):
                r.flags.append(c.name)
        sink_name = p.vocab["sink"].match(name_toks) is not None
        listish = p.vocab["list"].match(name_toks) is not None
        r.history = (
            p.vocab["not_sink"].match(name_toks) is not None and not sink_name and not listish
        )
        r.master = p.vocab["person_master"].match(name_toks) is not None and len(name_toks) <= 2
        list_head = bool(name_toks) and p.vocab["list_head"].match(name_toks[-1:]) is not None
        r.contact = (
            bool(r.person_keys)
            and p.vocab["contact"].match(name_toks) is not None
            and p.vocab["not_contact"].match(name_toks) is None
            and not list_head
        )
        r.sink = (sink_name and (not r.history or bool(r.recipients))) or (
            bool(r.recipients) and not r.person_keys and not r.history
        )
        r.ties = self.federal_ties(rel, ctx)
        r.list = (
            bool(r.person_keys)
            and not r.contact
            and not r.history
            and (listish or bool(r.ties))
            and not (r.sink and not listish)
        )
        return r

    def federal_ties(self, rel: Artifact, ctx: str) -> list[Evidence]:
        p = self.policy
        out: list[Evidence] = []
        q = rel.qualified
        hit = p.agency_in_identifier(rel.name, ctx)
        if hit:
            out.append(
                Evidence(
                    "federal tie", q, f"name {rel.name!r} names {hit.agency} ({hit.token.upper()})"
                )
            )
        if rel.schema:
            hit = p.agency_in_identifier(rel.schema, ctx)
            if hit:
                out.append(Evidence("federal tie", q, f"schema {rel.schema!r} names {hit.agency}"))
        if rel.comment and not p.negated(rel.comment):
            hit = p.agency_in_prose(rel.comment, ctx)
            if hit:
                out.append(Evidence("federal tie", q, f"comment: {rel.comment[:140]}"))
        for c in rel.columns:
            if c.comment and not p.negated(c.comment):
                hit = p.agency_in_prose(c.comment, ctx)
                if hit:
                    out.append(
                        Evidence(
                            "federal tie", f"{q}.{c.name}", f"column comment: {c.comment[:140]}"
                        )
                    )
            hit = p.agency_in_identifier(c.name, ctx)
            if hit:
                out.append(
                    Evidence(
                        "federal tie", f"{q}.{c.name}", f"column {c.name!r} names {hit.agency}"
                    )
                )
            if c.default and p.has("provenance_columns", c.name):
                hit = p.agency_in_literal(_quote_free(c.default), ctx)
                if hit:
                    out.append(
                        Evidence(
                            "federal tie",
                            f"{q}.{c.name}",
                            f"provenance column {c.name} defaults to {_quote_free(c.default)[:60]!r}",
                        )
                    )
            values = self.inv.provenance.get((rel.schema, rel.name, c.name))
            if values:
                fed = {v: n for v, n in values.items() if p.agency_in_literal(v, ctx)}
                if fed:
                    names = sorted(
                        {h.token.upper() for v in fed if (h := p.agency_in_literal(v, ctx))}
                    )
                    total = sum(values.values())
                    out.append(
                        Evidence(
                            "federal tie",
                            f"{q}.{c.name}",
                            f"data: {sum(fed.values())} of {total} sampled rows name {', '.join(names)}",
                        )
                    )
        server = rel.extra.get("server")
        if server:
            srv = next((a for a in self.inv.of_kind("foreign_server") if a.name == server), None)
            host = (srv.extra.get("options", {}).get("host") if srv else None) or ""
            if host and p.is_federal_host(host):
                out.append(
                    Evidence(
                        "federal tie", q, f"foreign table on server {server} at federal host {host}"
                    )
                )
        return out
