"""What names and columns suggest about a relation. These hints weigh a finding's
confidence and choose its words; the structure of the code decides whether there is an
alert at all (see `paths`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from watchdog.model import Artifact, RelationDetails
from watchdog.policy import Policy, tokens


@dataclass
class RelationHints:
    """What a relation's name, columns and comments suggest; weights, never verdicts."""

    person_keys: list[str] = field(default_factory=list)
    provenance: list[str] = field(default_factory=list)
    immigration: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    demographics: list[str] = field(default_factory=list)
    contact: bool = False
    list: bool = False
    sink: bool = False
    master: bool = False
    history: bool = False


def context_of(rel: Artifact) -> str:
    """The words around a relation that can disarm an ambiguous agency token."""
    parts = [rel.name, rel.comment or ""]
    for c in rel.columns:
        parts.append(c.name)
        if c.comment:
            parts.append(c.comment)
    return " ".join(parts)


def hints_of(rel: Artifact, policy: Policy) -> RelationHints:
    p = policy
    h = RelationHints()
    name_toks = tokens(rel.name)
    ctx = context_of(rel)
    for c in rel.columns:
        if p.is_person_key(c.name):
            h.person_keys.append(c.name)
        if p.has("provenance_columns", c.name):
            h.provenance.append(c.name)
        if p.has("immigration", c.name) and not p.has("immigration_exempt", c.name):
            h.immigration.append(c.name)
        if p.has("recipient_columns", c.name):
            h.recipients.append(c.name)
        if p.has("person_attributes", c.name):
            h.demographics.append(c.name)
        if p.agency_in_identifier(c.name, ctx) or (p.has("list", c.name) and "bool" in c.type):
            h.flags.append(c.name)
    sink_name = p.vocab["sink"].match(name_toks) is not None
    listish = p.vocab["list"].match(name_toks) is not None
    h.history = p.vocab["not_sink"].match(name_toks) is not None and not sink_name and not listish
    h.master = (p.vocab["person_master"].match(name_toks) is not None and len(name_toks) <= 2) or (
        len(h.demographics) >= 2 and not listish
    )
    list_head = bool(name_toks) and p.vocab["list_head"].match(name_toks[-1:]) is not None
    h.contact = (
        p.vocab["contact"].match(name_toks) is not None
        and p.vocab["not_contact"].match(name_toks) is None
        and not list_head
    )
    h.sink = (sink_name and (not h.history or bool(h.recipients))) or (
        bool(h.recipients) and not h.person_keys and not h.history
    )
    h.list = listish and not h.contact and not h.history and not (h.sink and not listish)
    return h


def references_master(rel: Artifact, column: str, target: Artifact) -> bool:
    """Whether `rel.column` is a foreign key to `target`: the event's person key pointing
    at the master index, a lookup rather than a membership test."""
    d = rel.details
    if not isinstance(d, RelationDetails):
        return False
    for fk in d.foreign_keys:
        if (
            column in fk.columns
            and fk.ref_table == target.name
            and (fk.ref_schema == target.schema or not fk.ref_schema)
        ):
            return True
    return False
