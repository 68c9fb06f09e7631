"""Alert paths from structure: an entry's event, the membership tests that guard its
effects, and the effects that deliver.

- The event source is the relation whose changes fire the entry (a trigger's or rule's
  table), or the relations a job or stored query polls with a recency window.
- A membership test is a positive condition relating a value of the event to a set: a
  column of another relation (directly, through a view, a subquery, a lookup, a helper
  function's result), a flag on a row fetched by the event's person, or a literal list
  of identifiers. A condition that involves no event value (counting a list, a feature
  switch) is not one; neither is a lookup of the event's own person in the master index.
- A delivery is an effect taken under a membership test: a write to any relation other
  than the event's and the set's, a notification, an outbound call, a stored query's
  result. A write that stamps the event row or the list is the first step of a two-step
  alert, completed by whatever later delivers the stamped rows.

Names weigh what structure finds (confidence, wording) and veto one thing only: a set
matched on a column that names a thing (a plate, a precinct), not a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from watchdog.analysis.catalog import SYSTEM_SCHEMAS, Catalog
from watchdog.analysis.compose import Composer, Expanded, all_conds
from watchdog.analysis.hints import RelationHints, context_of, references_master
from watchdog.analysis.ir import (
    Compare,
    Cond,
    Effect,
    EffectKind,
    Match,
    Recency,
    RelRef,
    Row,
    RowKind,
    Site,
    Truth,
    Value,
)
from watchdog.analysis.ties import TieFinder
from watchdog.detector_api import (
    AlertPath,
    Basis,
    Delivery,
    Event,
    ImmigrationTest,
    Located,
    Membership,
    MembershipKind,
    SinkKind,
    Tie,
    TieKind,
)
from watchdog.model import (
    Artifact,
    ArtifactKind,
    RuleDetails,
    StoredQueryDetails,
    TriggerDetails,
)
from watchdog.policy import Policy, prose_tokens, tokens

CHANNEL_SINK = {
    "notify": SinkKind.NOTIFY,
    "dblink": SinkKind.DBLINK,
    "http": SinkKind.HTTP,
    "mail": SinkKind.MAIL,
    "copy_program": SinkKind.COPY_PROGRAM,
}


def located(site: Site | None) -> Located | None:
    if site is None:
        return None
    return Located(site.artifact, site.line, site.excerpt)


@dataclass
class Context:
    """What counts as the event inside one entry."""

    entry: Artifact
    event_rels: list[Artifact] = field(default_factory=list)
    pseudo: bool = False
    transition: set[str] = field(default_factory=set)
    how: str = ""


@dataclass
class Found:
    """A membership test found in a guard, before it becomes evidence."""

    kind: MembershipKind
    site: Site
    relation: Artifact | None = None
    column: str | None = None
    event_column: str | None = None
    count: int = 0
    filters: list[Compare] = field(default_factory=list)
    via: tuple[str, ...] = ()


StampSpec = tuple[Artifact, str, tuple[str, ...]]


@dataclass
class Stamp:
    """A column of a relation written under a membership test: step one of an alert."""

    relation: Artifact
    column: str
    entry: Artifact
    path: AlertPath
    values: tuple[str, ...] = ()


class PathBuilder:
    """Builds each entry's alert path from its composed effects, and keeps what later
    entries need: the stamps an earlier step left, the entries that test each set."""

    def __init__(
        self,
        catalog: Catalog,
        composer: Composer,
        policy: Policy,
        hints: dict[int, RelationHints],
        ties: TieFinder,
        rel_ties: dict[int, list[Tie]],
        published: dict[int, tuple[Artifact, Tie]],
    ) -> None:
        self.catalog = catalog
        self.composer = composer
        self.policy = policy
        self.hints = hints
        self.ties = ties
        self.rel_ties = rel_ties
        self.published = published
        self._resolved: dict[RelRef, list[Artifact]] = {}
        self.stamps: list[Stamp] = []
        self.set_users: dict[int, list[Artifact]] = {}
        self.flag_columns: dict[int, set[str]] = {}

    # -- resolution ---------------------------------------------------------------------------
    def rels(self, ref: RelRef | None) -> list[Artifact]:
        if ref is None:
            return []
        hit = self._resolved.get(ref)
        if hit is None:
            hit = self._resolved[ref] = self.catalog.relation(ref)
        return hit

    def hint(self, rel: Artifact) -> RelationHints:
        return self.hints.get(id(rel)) or RelationHints()

    def unresolved_relations(self, ex: Expanded, ctx: Context) -> list[str]:
        """Relations the entry's code reads or writes that the inventory does not hold:
        not its own temporary tables, CTEs or transition tables, not system catalogs."""
        out: list[str] = []
        for m in ex.models:
            refs = [r for r, _ in m.reads]
            refs += [e.target for e in m.effects if e.target is not None]
            for ref in refs:
                if self._known_elsewhere(ref, m.local, ctx) or self.rels(ref):
                    continue
                name = str(ref)
                if name not in out:
                    out.append(name)
        return out

    def _known_elsewhere(self, ref: RelRef, local: set[str], ctx: Context) -> bool:
        name = ref.parts[-1].lower()
        if len(ref.parts) == 1 and (ref.parts[0] in local or name in ctx.transition):
            return True
        if len(ref.parts) == 1 and name in ("dual", "inserted", "deleted", "new", "old"):
            return True
        schema = ref.parts[-2].lower() if len(ref.parts) >= 2 else ""
        return schema in SYSTEM_SCHEMAS or name.startswith(("pg_", "sys", "information_schema"))

    # -- the event --------------------------------------------------------------------------
    def context(self, entry: Artifact, ex: Expanded) -> Context:
        ctx = Context(entry)
        d = entry.details
        if entry.kind in (ArtifactKind.TRIGGER, ArtifactKind.RULE):
            ctx.pseudo = True
            table = self._entry_table(entry)
            ctx.event_rels = [table] if table is not None else []
            if isinstance(d, TriggerDetails):
                ctx.transition = {t.lower() for t in (d.new_table, d.old_table) if t}
                ctx.how = " ".join(f"{d.timing} {' OR '.join(d.events)} trigger".split())
            elif isinstance(d, RuleDetails):
                ctx.how = f"{' OR '.join(d.events)} rule"
            if ctx.event_rels:
                ctx.how += f" on {ctx.event_rels[0].qualified}"
            if not entry.enabled:
                ctx.how += " (disabled)"
            return ctx
        polled: list[Artifact] = []
        for e in ex.effects:
            for c, pos in all_conds(e.guard):
                if pos and isinstance(c.atom, Recency):
                    for s in c.atom.value.srcs:
                        if isinstance(s, Row) and s.kind == RowKind.REL:
                            polled += [r for r in self.rels(s.rel) if r not in polled]
        ctx.event_rels = polled
        ctx.how = "polled with a recency window" if polled else ""
        return ctx

    def _entry_table(self, entry: Artifact) -> Artifact | None:
        if not entry.table:
            return None
        schema, _, name = entry.table.rpartition(".")
        hit = self.catalog.relation_named(schema, name)
        if hit is not None:
            return hit
        cands = self.catalog.relation(RelRef(tuple(p for p in (schema, name) if p), True))
        return cands[0] if len(cands) == 1 else None

    def is_event(self, s: object, ctx: Context) -> bool:
        if not isinstance(s, Row):
            return False
        if s.kind in (RowKind.NEW, RowKind.OLD):
            return ctx.pseudo
        if s.rel is None:
            return False
        if len(s.rel.parts) == 1 and s.rel.parts[0].lower() in ctx.transition:
            return True
        return any(r in ctx.event_rels for r in self.rels(s.rel))

    def event_columns(self, v: Value, ctx: Context) -> list[str]:
        return [s.column for s in v.srcs if isinstance(s, Row) and self.is_event(s, ctx)]

    def set_columns(self, v: Value, ctx: Context) -> list[tuple[Artifact, str]]:
        out: list[tuple[Artifact, str]] = []
        for s in v.srcs:
            if isinstance(s, Row) and s.kind == RowKind.REL and not self.is_event(s, ctx):
                for r in self.rels(s.rel):
                    out.append((r, s.column))
        return out

    # -- membership ---------------------------------------------------------------------------
    def memberships(self, guard: frozenset[Cond], ctx: Context) -> list[Found]:
        """The membership tests that must hold for an effect under `guard` to run."""
        out: list[Found] = []
        conds = all_conds(guard)
        lookups = self._lookups(conds, ctx)
        compares = [c.atom for c, pos in conds if pos and isinstance(c.atom, Compare)]
        for c, pos in conds:
            if not pos:
                continue
            atom = c.atom
            if isinstance(atom, Match):
                out += self._match(atom, ctx, lookups, compares)
            elif isinstance(atom, Truth):
                out += self._truth(atom, ctx, lookups)
            elif isinstance(atom, Compare):
                out += self._compare(atom, ctx, lookups)
        return _dedupe(out)

    def _lookups(self, conds: list[tuple[Cond, bool]], ctx: Context) -> dict[int, str]:
        """Relations whose rows are fetched by the event's person (with the event's column
        that fetches them): a flag or code on those rows marks the person."""
        out: dict[int, str] = {}
        for c, pos in conds:
            if pos and isinstance(c.atom, Match):
                for a, b in ((c.atom.left, c.atom.right), (c.atom.right, c.atom.left)):
                    ev = self.event_columns(a, ctx)
                    if ev:
                        for r, _ in self.set_columns(b, ctx):
                            out.setdefault(id(r), ev[0])
        return out

    def _match(
        self, m: Match, ctx: Context, lookups: dict[int, str], compares: list[Compare]
    ) -> list[Found]:
        left = self.composer.resolve(m.left)
        right = self.composer.resolve(m.right)
        out: list[Found] = []
        for a, b in ((left, right), (right, left)):
            ev = self.event_columns(a, ctx)
            if not ev:
                continue
            for rel, col in self.set_columns(b, ctx):
                if rel in ctx.event_rels or self._is_master(rel, ev[0], ctx):
                    continue
                if self._not_person(ev[0], col):
                    continue
                filters = [x for x in compares if _about(x.value, rel)]
                filters += [
                    c.atom for c, pos in all_conds(b.witness) if pos and isinstance(c.atom, Compare)
                ]
                out.append(Found(MembershipKind.LIST, m.site, rel, col, ev[0], filters=filters))
        return out

    def _is_master(self, rel: Artifact, event_column: str, ctx: Context) -> bool:
        h = self.hint(rel)
        if h.list:
            return False
        if any(references_master(e, event_column, rel) for e in ctx.event_rels):
            return True
        return h.master

    def _not_person(self, event_column: str, set_column: str) -> bool:
        p = self.policy
        if p.is_person_key(event_column) or p.is_person_key(set_column):
            return False
        return p.has("not_person_key", event_column) or p.has("not_person_key", set_column)

    def _truth(self, t: Truth, ctx: Context, lookups: dict[int, str]) -> list[Found]:
        v = self.composer.resolve(t.value)
        out: list[Found] = []
        if v is not t.value:  # a helper's result: its own tests are now visible
            out += self.memberships(v.witness, ctx)
            lookups = {**self._lookups(all_conds(v.witness), ctx), **lookups}
        for s in v.srcs:
            if t.presence or not isinstance(s, Row) or s.column in ("*", ""):
                continue
            if s.kind == RowKind.REL and not self.is_event(s, ctx):
                for rel in self.rels(s.rel):
                    if id(rel) in lookups:
                        out.append(
                            Found(MembershipKind.FLAG, t.site, rel, s.column, lookups[id(rel)])
                        )
            elif self.is_event(s, ctx) and self._flag_name(s.column):
                out.append(Found(MembershipKind.FLAG, t.site, None, s.column))
        return out

    def _flag_name(self, column: str) -> bool:
        p = self.policy
        toks = tokens(column)
        return p.agency_in_identifier(column) is not None or (
            p.vocab["list"].match(toks) is not None
            and p.vocab["flag_columns"].match(toks) is not None
        )

    def _compare(self, c: Compare, ctx: Context, lookups: dict[int, str]) -> list[Found]:
        v = self.composer.resolve(c.value)
        out: list[Found] = []
        ev = self.event_columns(v, ctx)
        if (
            ev
            and c.op in ("=", "in")
            and not self._attribute(ev[0])
            and not any(
                self.policy.vocab["immigration_values"].match(tokens(x)) for x in c.literals
            )
            and _identifiers(c.literals, len(c.literals) >= 2 or self.policy.is_person_key(ev[0]))
        ):
            out.append(
                Found(MembershipKind.LITERAL, c.site, None, ev[0], ev[0], count=len(c.literals))
            )
        if c.op not in ("=", "in"):
            return out
        truthy = all(lit.lower() in ("true", "t", "y", "yes", "1") for lit in c.literals)
        for s in v.srcs:
            if not isinstance(s, Row) or s.column in ("*", ""):
                continue
            if s.kind == RowKind.REL and not self.is_event(s, ctx):
                # a code or flag on the row of the event's person: people marked so are a set
                if self._attribute(s.column):
                    continue
                for rel in self.rels(s.rel):
                    if id(rel) in lookups:
                        out.append(
                            Found(MembershipKind.FLAG, c.site, rel, s.column, lookups[id(rel)])
                        )
            elif truthy and self.is_event(s, ctx) and self._flag_name(s.column):
                out.append(Found(MembershipKind.FLAG, c.site, None, s.column))
        return out

    def _attribute(self, column: str) -> bool:
        """A description of the person (sex, race, citizenship), not a mark put on them."""
        p = self.policy
        return p.has("person_attributes", column) or p.has("immigration", column)

    # -- deliveries ---------------------------------------------------------------------------
    def deliveries(
        self, e: Effect, ctx: Context, sets: list[Artifact]
    ) -> tuple[list[Delivery], list[StampSpec]]:
        """What an effect delivers, and which (relation, column, marker values) it stamps
        instead. A stamp writes a marker — a constant, the clock, the list's own data —
        never the event's values: copying the event's data into another row is upkeep
        (back-links, denormalised columns), not a mark for a later step to deliver."""
        site = located(e.site)
        carries = bool(self.event_columns(e.carried, ctx)) or any(
            self.event_columns(v, ctx) for _, v in e.columns
        )
        if e.kind == EffectKind.STAMP:
            return [], self._markers(ctx.event_rels[:1], e, ctx)
        if e.kind in (EffectKind.NOTIFY, EffectKind.OUTBOUND):
            return [self._channel(e, site, carries)], []
        if e.kind == EffectKind.RESULT:
            return self._stored_query(ctx.entry, site, carries), []
        if e.kind != EffectKind.WRITE:
            return [], []
        out: list[Delivery] = []
        stamps: list[StampSpec] = []
        for rel in self.rels(e.target):
            if rel in ctx.event_rels or rel in sets:
                stamps += self._markers([rel], e, ctx) if e.op == "update" else []
            else:
                out += self._write(rel, e, site, carries)
        return out, stamps

    def _markers(self, rels: list[Artifact], e: Effect, ctx: Context) -> list[StampSpec]:
        return [
            (r, col, tuple(v.consts))
            for r in rels
            for col, v in e.columns
            if not self.event_columns(v, ctx)
        ]

    def _channel(self, e: Effect, site: Located | None, carries: bool) -> Delivery:
        kind = CHANNEL_SINK.get(e.channel, SinkKind.HTTP)
        dest = ", ".join(e.destination.consts)[:80]
        name = e.call.parts[-1] if e.call else ("NOTIFY" if kind == SinkKind.NOTIFY else e.channel)
        obj = (
            f"notify {dest}".strip()
            if kind == SinkKind.NOTIFY
            else f"{name}({_shown_destination(dest)})"
        )
        ties = tuple(self._destination_ties(e))
        return Delivery(kind, obj, site, None, ties, True, False, carries)

    def _write(
        self, rel: Artifact, e: Effect, site: Located | None, carries: bool
    ) -> list[Delivery]:
        """A write to a relation other than the event's and the set's: a delivery, through a
        foreign server or a publication when the relation is one."""
        h = self.hint(rel)
        ties = self._destination_ties(e)
        kind = SinkKind.TABLE
        if rel.kind == ArtifactKind.FOREIGN_TABLE:
            kind = SinkKind.FOREIGN_TABLE
            ties += [t for t in self.rel_ties.get(id(rel), []) if t.kind == TieKind.SERVER_HOST]
        out: list[Delivery] = []
        pub = self.published.get(id(rel))
        if pub is not None:
            obj = f"{rel.qualified} → publication {pub[0].name}"
            out.append(
                Delivery(SinkKind.PUBLICATION, obj, site, rel, (pub[1],), True, False, carries)
            )
        sink_name = h.sink or bool(h.recipients)
        out.append(
            Delivery(kind, rel.qualified, site, rel, tuple(ties), sink_name, h.history, carries)
        )
        return out

    def _destination_ties(self, e: Effect) -> list[Tie]:
        out: list[Tie] = []
        for text in [
            *e.destination.consts,
            *e.carried.consts,
            *(c for _, v in e.columns for c in v.consts),
        ]:
            if "@" in text or "://" in text or "host" in text.lower() or text in self.ties.servers:
                tie = self.ties.destination(text, e.site.artifact.qualified, e.site.line)
                if tie is not None and tie not in out:
                    out.append(tie)
        return out

    def _stored_query(self, entry: Artifact, site: Located | None, carries: bool) -> list[Delivery]:
        d = entry.details
        if not isinstance(d, StoredQueryDetails):
            return []
        out = []
        for rcpt in d.recipients:
            tie = self.ties.destination(rcpt, entry.qualified, None)
            if tie is not None:
                tie = Tie(TieKind.ROW_RECIPIENT, tie.object, tie.agency, tie.value, tie.line)
            shown = _shown_destination(rcpt)
            out.append(
                Delivery(
                    SinkKind.RECIPIENT,
                    f"recipient {shown}",
                    site,
                    None,
                    (tie,) if tie else (),
                    True,
                    False,
                    carries,
                )
            )
        if not out and not d.schedule:
            # a saved query exists to be run: its rows go to whoever runs it
            who = entry.owner or "whoever runs it"
            out.append(
                Delivery(
                    SinkKind.RECIPIENT,
                    f"rows returned to {who}",
                    site,
                    None,
                    (),
                    False,
                    False,
                    carries,
                )
            )
        if not out and d.schedule:
            out.append(
                Delivery(
                    SinkKind.SCHEDULE,
                    f"runs on schedule {d.schedule} for {entry.owner or 'its owner'}",
                    site,
                    None,
                    (),
                    True,
                    False,
                    carries,
                )
            )
        return out

    # -- immigration ----------------------------------------------------------------------------
    def immigration(self, guard: frozenset[Cond], ctx: Context) -> list[ImmigrationTest]:
        p = self.policy
        out: list[ImmigrationTest] = []
        for c, _pos in all_conds(guard):
            a = c.atom
            if not isinstance(a, Compare | Truth):
                continue
            rows = [s for s in a.value.srcs if isinstance(s, Row) and s.column not in ("*", "")]
            lits = a.literals if isinstance(a, Compare) else ()
            exempt = p.has("immigration_exempt", a.site.artifact.name) or p.has(
                "immigration_exempt", a.site.raw
            )
            if exempt:
                continue
            for s in rows:
                if self._immigration_column(s, ctx) or any(
                    p.vocab["immigration_values"].match(tokens(v)) for v in lits
                ):
                    out.append(ImmigrationTest(s.column, located(a.site), lits))
        return out

    def _immigration_column(self, s: Row, ctx: Context) -> bool:
        """An immigration attribute by its name, or by its comment (`ctz` documented as
        'citizenship, ISO 3166 code')."""
        p = self.policy
        if p.has("immigration_exempt", s.column):
            return False
        if p.has("immigration", s.column):
            return True
        rels = ctx.event_rels if s.kind in (RowKind.NEW, RowKind.OLD) else self.rels(s.rel)
        for rel in rels:
            for c in rel.columns:
                if c.name.lower() == s.column.lower() and c.comment:
                    words = [w for w, _ in prose_tokens(c.comment)]
                    if p.vocab["immigration"].match(words) and not p.negated(c.comment):
                        return True
        return False

    # -- one entry ------------------------------------------------------------------------------
    def build(
        self, entry: Artifact
    ) -> tuple[AlertPath, list[tuple[Effect, list[Delivery]]], Context, Expanded]:
        ex = self.composer.expand(entry)
        ctx = self.context(entry, ex)
        founds: list[Found] = []
        delivered: list[Delivery] = []
        immig: list[ImmigrationTest] = []
        kept: list[tuple[Effect, list[Delivery]]] = []
        pending_stamps: list[StampSpec] = []
        evented = bool(ctx.event_rels) or ctx.pseudo
        for e in ex.effects:
            fs = self.memberships(e.guard, ctx) if evented else []
            sets = [
                f.relation for f in fs if f.relation is not None and f.kind == MembershipKind.LIST
            ]
            dels, stamps = self.deliveries(e, ctx, sets)
            if dels:
                kept.append((e, dels))
            if fs and dels:
                founds += fs
                delivered += [d for d in dels if d not in delivered]
            if stamps and not fs and evented:
                # `NEW.flag := EXISTS (…)`: the marker's value is itself the membership test
                fs = [f for _, v in e.columns for f in self.memberships(frozenset(v.witness), ctx)]
            if fs and stamps:
                founds += fs
                pending_stamps += stamps
            imm = (
                self.immigration(e.guard, ctx)
                if (dels or entry.kind == ArtifactKind.STORED_QUERY)
                else []
            )
            if imm:
                immig += imm
                delivered += [d for d in dels if d not in delivered]
        founds = _dedupe(founds)
        memberships = tuple(self.membership(f) for f in founds)
        for m in memberships:
            if m.relation is not None:
                self.set_users.setdefault(id(m.relation), []).append(entry)
                if m.kind == MembershipKind.FLAG and m.column:
                    self.flag_columns.setdefault(id(m.relation), set()).add(m.column)
        event = self.event(ctx, founds, ex)
        code_ties = self.code_ties(ex) if memberships else []
        path = AlertPath(
            entry,
            event,
            memberships,
            tuple(delivered),
            tuple(dict.fromkeys(immig)),
            tuple(code_ties),
            tuple(ex.bodies),
            (),
            bool(ctx.event_rels) and not ctx.pseudo,
        )
        for rel, col, values in pending_stamps:
            self.stamps.append(Stamp(rel, col, entry, path, values))
        return path, kept, ctx, ex

    def membership(self, f: Found) -> Membership:
        """A membership test as evidence, with the ties of the set it tests."""
        site = located(f.site)
        if f.kind == MembershipKind.LITERAL:
            shown = f"{f.column} IN ({f.count} identifier{'s' if f.count != 1 else ''})"
            return Membership(f.kind, shown, site, None, f.column, f.event_column)
        rel = f.relation
        if f.kind == MembershipKind.FLAG:
            obj = f"{rel.qualified}.{f.column}" if rel is not None else str(f.column)
            flag_ties = self._flag_ties(rel, obj, f)
            return Membership(f.kind, obj, site, rel, f.column, f.event_column, flag_ties)
        if rel is None:  # a LIST membership always names its relation
            return Membership(f.kind, str(f.column), site)
        ties = [*self.rel_ties.get(id(rel), []), *self._filter_ties(rel, f.filters)]
        return Membership(
            f.kind,
            rel.qualified,
            site,
            rel,
            f.column,
            f.event_column,
            tuple(dict.fromkeys(ties)),
            Basis.STRUCTURE,
            self.hint(rel).list,
            f.via,
        )

    def _flag_ties(self, rel: Artifact | None, obj: str, f: Found) -> tuple[Tie, ...]:
        """A flag's own ties: its name or its comment, not every column of its table."""
        ties: list[Tie] = []
        context = context_of(rel) if rel is not None else ""
        hit = self.policy.agency_in_identifier(f.column or "", context)
        if hit is not None:
            ties.append(Tie(TieKind.FLAG_COLUMN, obj, hit.agency, f.column or "", f.site.line))
        if rel is not None:
            ties += [
                t
                for t in self.rel_ties.get(id(rel), [])
                if t.object == obj and t.kind != TieKind.COLUMN_NAME
            ]
        return tuple(ties)

    def _filter_ties(self, rel: Artifact, filters: list[Compare]) -> list[Tie]:
        """`… AND l.agency = 'HSI'` in the same test: the set is that agency's."""
        out: list[Tie] = []
        for c in filters:
            cols = [s.column for s in c.value.srcs if isinstance(s, Row)]
            for lit in c.literals:
                hit = self.policy.agency_in_literal(lit)
                if hit is not None:
                    shown = f"{', '.join(cols) or 'a column'} = {hit.token.upper()}"
                    out.append(Tie(TieKind.FILTER, rel.qualified, hit.agency, shown, c.site.line))
        return out

    def event(self, ctx: Context, founds: list[Found], ex: Expanded) -> Event:
        source = ctx.event_rels[0] if ctx.event_rels else None
        if source is None:
            return Event(None, ctx.how)
        h = self.hint(source)
        cols = [f.event_column for f in founds if f.event_column]
        by_name = any(self.policy.is_person_key(c) for c in cols) or bool(h.person_keys)
        by_structure = any(
            references_master(source, c, r) for c in cols for r in self._masters(source)
        )
        site = None
        if not ctx.pseudo:
            site = next(
                (
                    located(s)
                    for ref, s in (r for m in ex.models for r in m.reads)
                    if source in self.rels(ref)
                ),
                None,
            )
        return Event(source, ctx.how, site, h.contact, by_name, by_structure)

    def _masters(self, rel: Artifact) -> list[Artifact]:
        from watchdog.model import RelationDetails

        d = rel.details
        if not isinstance(d, RelationDetails):
            return []
        out = []
        for fk in d.foreign_keys:
            hit = self.catalog.relation_named(fk.ref_schema, fk.ref_table)
            if hit is not None:
                out.append(hit)
        return out

    def code_ties(self, ex: Expanded) -> list[Tie]:
        out: list[Tie] = []
        for m in ex.models:
            for text, site in m.comments:
                tie = self.ties.comment(text, site.artifact.qualified, site.line)
                if tie is not None:
                    out.append(tie)
        return out

    # -- two steps ------------------------------------------------------------------------------
    def second_steps(
        self, entry: Artifact, ctx: Context, kept: list[tuple[Effect, list[Delivery]]]
    ) -> list[AlertPath]:
        """Paths completed by this entry delivering rows an earlier step stamped."""
        out: list[AlertPath] = []
        if not self.stamps:
            return out
        for stamp in self.stamps:
            if stamp.entry is entry:
                continue
            hits = [dels for e, dels in kept if self._tests_stamp(e.guard, stamp, ctx)]
            if not hits:
                continue
            via = tuple(
                Delivery(
                    d.kind,
                    d.object,
                    d.site,
                    d.relation,
                    d.ties,
                    d.sink_by_name,
                    d.history_by_name,
                    d.carries_person,
                    entry,
                )
                for dels in hits
                for d in dels
            )
            p = stamp.path
            stamp_m = Membership(
                MembershipKind.STAMP,
                f"{stamp.relation.qualified}.{stamp.column}",
                None,
                stamp.relation,
                stamp.column,
                None,
                (),
                Basis.STRUCTURE,
                False,
                (entry.qualified,),
            )
            out.append(
                AlertPath(
                    p.entry,
                    p.event,
                    (*p.memberships, stamp_m),
                    tuple(dict.fromkeys(p.deliveries + via)),
                    p.immigration,
                    p.code_ties,
                    tuple(dict.fromkeys((*p.logic, entry))),
                    (*p.steps, entry),
                    p.recency,
                )
            )
        return out

    def _tests_stamp(self, guard: frozenset[Cond], stamp: Stamp, ctx: Context) -> bool:
        """Whether a guard selects the rows an earlier step stamped: the marker's value, its
        truth, or (a clock stamp) its recency."""
        marks = {v.lower() for v in stamp.values}
        for c, pos in all_conds(guard):
            a = c.atom
            if not pos or not isinstance(a, Compare | Truth | Recency):
                continue
            if isinstance(a, Compare) and (
                a.op not in ("=", "in") or not marks & {x.lower() for x in a.literals}
            ):
                continue
            for s in a.value.srcs:
                if not isinstance(s, Row) or s.column != stamp.column:
                    continue
                if s.kind == RowKind.REL and stamp.relation in self.rels(s.rel):
                    return True
                if s.kind == RowKind.NEW and stamp.relation in ctx.event_rels:
                    return True
        return False


def _about(v: Value, rel: Artifact) -> bool:
    return any(
        isinstance(s, Row)
        and s.kind == RowKind.REL
        and s.rel is not None
        and s.rel.name.lower() == rel.name.lower()
        for s in v.srcs
    )


def _identifiers(literals: Iterable[str], enough: bool) -> bool:
    """Literals that look like identifiers of people (digits, no spaces), not codes."""
    lits = list(literals)
    if not lits or not enough:
        return False
    return all(
        any(ch.isdigit() for ch in x) and " " not in x.strip() and len(x.strip()) >= 3 for x in lits
    )


def _shown_destination(text: str) -> str:
    return text.split("?")[0][:80]


def _dedupe(found: list[Found]) -> list[Found]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in found:
        key = (f.kind, id(f.relation), f.column, f.event_column)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
