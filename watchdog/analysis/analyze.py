"""One analysis per scan: relations' hints and ties, every body's effect model, every
entry's alert path, lists, channels and blind spots — handed to the detectors as an
`AnalysisView`, and the roles of each artifact handed to the reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from watchdog.analysis.bodies import BodyModeler
from watchdog.analysis.catalog import RELATION_KINDS, Catalog
from watchdog.analysis.compose import Composer, all_conds
from watchdog.analysis.hints import RelationHints, context_of, hints_of
from watchdog.analysis.ir import Compare, EffectKind, Row, RowKind
from watchdog.analysis.paths import Context, PathBuilder
from watchdog.analysis.ties import TieFinder
from watchdog.detector_api import (
    AlertPath,
    AnalysisView,
    Basis,
    Channel,
    ChannelKind,
    Delivery,
    ListInfo,
    Problem,
    Tie,
    TieKind,
    Unparsed,
    Unresolved,
)
from watchdog.model import (
    Artifact,
    ArtifactKind,
    Inventory,
    PublicationDetails,
    Role,
    ServerDetails,
    kinds_where,
)
from watchdog.policy import Policy, prose_tokens

ProgressFn = Callable[[str, int, int], None]
ENTRY_KINDS = kinds_where(entry=True)
CODE_KINDS = kinds_where(code=True)
ROUTINE_KINDS = kinds_where(routine=True)

CONTACT_SOURCE = str(Role.CONTACT_SOURCE)
PERSON_KEY = str(Role.PERSON_KEY)
LIST = str(Role.LIST)
FEDERAL_TIE = str(Role.FEDERAL_TIE)
SINK = str(Role.SINK)
IMMIGRATION = str(Role.IMMIGRATION)
PROVENANCE = str(Role.PROVENANCE)


@dataclass
class Analysis:
    """What the analysis hands on: the view detectors read, the roles reports show."""

    view: AnalysisView
    roles: dict[int, frozenset[str]]


class Analyzer:
    """Runs the analysis of one inventory once: hints and ties of relations, lineage,
    every entry's path, lists, channels and blind spots."""

    def __init__(
        self, inventory: Inventory, policy: Policy, progress: ProgressFn | None = None
    ) -> None:
        self.inv = inventory
        self.policy = policy
        self.progress = progress
        self.catalog = Catalog(inventory)
        self.relations = [a for a in inventory.artifacts if a.kind in RELATION_KINDS]
        self.hints: dict[int, RelationHints] = {id(r): hints_of(r, policy) for r in self.relations}
        self.modeler = BodyModeler(inventory, policy, self.catalog)
        self.composer = Composer(self.modeler, self.catalog)
        self.tiefinder = TieFinder(inventory, policy)
        self.writers: dict[tuple[int, str], list[Artifact]] = {}
        self.rel_ties: dict[int, list[Tie]] = {
            id(r): self.tiefinder.relation(r) for r in self.relations
        }

    def run(self) -> Analysis:
        self._lineage()
        published = self._published()
        builder = PathBuilder(
            self.catalog,
            self.composer,
            self.policy,
            self.hints,
            self.tiefinder,
            self.rel_ties,
            published,
        )
        paths, channels, kept, truncated, unresolved = self._entries(builder)
        for entry, ctx, effects in kept:
            paths += builder.second_steps(entry, ctx, effects)
        reached = {id(b) for p in paths for b in p.logic} | {
            id(b) for c in channels for b in c.logic
        }
        channels += self._routines(builder, reached)
        carrying = {
            id(d.relation)
            for p in paths
            for d in p.deliveries
            if d.relation is not None and d.carries_person
        }
        channels += self._servers() + self._publications(carrying)
        lists = self._lists(builder)
        view = AnalysisView(
            self.inv.target,
            tuple(paths),
            tuple(lists),
            tuple(channels),
            tuple(self.inv.gaps),
            tuple(self._unparsed()),
            tuple(unresolved),
            tuple(truncated),
        )
        return Analysis(view, self._roles(paths, lists))

    # -- ties through views and refills -------------------------------------------------------
    def _lineage(self) -> None:
        """A view carries the ties of the relations it reads and of its own filters; a
        table refilled from another carries that one's ties."""
        feeds: dict[int, set[int]] = {}
        by_id = {id(r): r for r in self.relations}
        for art in self.inv.artifacts:
            if art.kind not in CODE_KINDS or art.kind == ArtifactKind.TRIGGER:
                continue
            model = self.modeler.model(art)
            if art.kind in (ArtifactKind.VIEW, ArtifactKind.MATERIALIZED_VIEW):
                for ref, _ in model.reads:
                    for base in self.catalog.relation(ref, art):
                        if base is not art:
                            feeds.setdefault(id(art), set()).add(id(base))
                self._view_filters(art)
                continue
            for e in model.effects:
                if e.kind == EffectKind.WRITE and e.target is not None:
                    kind = "pruned" if e.op == "delete" else "filled"
                    for target in self.catalog.relation(e.target, art):
                        self.writers.setdefault((id(target), kind), []).append(art)
                if e.kind != EffectKind.WRITE or e.op not in ("insert", "merge"):
                    continue
                sources = {
                    id(r)
                    for s in e.carried.srcs
                    if isinstance(s, Row) and s.kind == RowKind.REL
                    for r in self.catalog.relation(s.rel, art)  # type: ignore[arg-type]
                }
                for target in self.catalog.relation(e.target, art) if e.target else []:
                    feeds.setdefault(id(target), set()).update(sources - {id(target)})
        for _ in range(4):
            changed = False
            for target_id, sources in feeds.items():
                fed = by_id.get(target_id)
                if fed is None:
                    continue
                mine = self.rel_ties.setdefault(target_id, [])
                for sid in sources:
                    origin = by_id.get(sid)
                    for t in self.rel_ties.get(sid, []):
                        inherited = (
                            t
                            if fed.kind in (ArtifactKind.VIEW, ArtifactKind.MATERIALIZED_VIEW)
                            else Tie(
                                TieKind.LINEAGE,
                                fed.qualified,
                                t.agency,
                                f"{origin.qualified if origin else t.object} ({t.kind}: {t.value})",
                            )
                        )
                        if inherited not in mine and not any(
                            x.object == t.object and x.value == t.value
                            for x in mine
                            if x is not inherited
                        ):
                            mine.append(inherited)
                            changed = True
            if not changed:
                break

    def _view_filters(self, view: Artifact) -> None:
        mine = self.rel_ties.setdefault(id(view), [])
        model = self.modeler.model(view)
        for _, guard in model.returns:
            for c, pos in all_conds(guard):
                if not pos or not isinstance(c.atom, Compare):
                    continue
                cols = [s.column for s in c.atom.value.srcs if isinstance(s, Row)]
                if not cols:
                    continue
                for lit in c.atom.literals:
                    # a view that keeps only rows naming an agency is that agency's list
                    hit = self.policy.agency_in_literal(lit, context_of(view))
                    if hit is not None:
                        tie = Tie(
                            TieKind.FILTER,
                            view.qualified,
                            hit.agency,
                            f"{', '.join(cols)} = {hit.token.upper()}",
                            c.atom.site.line,
                        )
                        if tie not in mine:
                            mine.append(tie)

    def _published(self) -> dict[int, tuple[Artifact, Tie]]:
        out: dict[int, tuple[Artifact, Tie]] = {}
        for pub in self.inv.of_kind(ArtifactKind.PUBLICATION):
            tie = self.tiefinder.publication(pub)
            d = pub.details
            if tie is None or not isinstance(d, PublicationDetails):
                continue
            tables = (
                [a for a in self.relations if a.kind == ArtifactKind.TABLE]
                if d.all_tables
                else [r for name in d.tables for r in self._named(name)]
            )
            for t in tables:
                out.setdefault(id(t), (pub, tie))
        return out

    def _named(self, qualified: str) -> list[Artifact]:
        schema, _, name = qualified.rpartition(".")
        hit = self.catalog.relation_named(schema, name)
        return [hit] if hit is not None else []

    # -- entries ------------------------------------------------------------------------------
    def _entries(self, builder: PathBuilder):  # type: ignore[no-untyped-def]
        paths: list[AlertPath] = []
        channels: list[Channel] = []
        kept: list[tuple[Artifact, Context, list]] = []  # type: ignore[type-arg]
        truncated: list[Artifact] = []
        unresolved: list[Unresolved] = []
        entries = [a for a in self.inv.artifacts if a.kind in ENTRY_KINDS]
        for n, entry in enumerate(entries, 1):
            if self.progress is not None and n % 200 == 0:
                self.progress("analysing", n, len(entries))
            path, effects, ctx, ex = builder.build(entry)
            if ex.truncated:
                truncated.append(entry)
            missing = builder.unresolved_relations(ex, ctx)
            if ex.unresolved or missing:
                unresolved.append(
                    Unresolved(entry, tuple(dict.fromkeys(ex.unresolved)), tuple(missing))
                )
            if path.is_alert or path.immigration:
                paths.append(path)
            fed = [d for _, dels in effects for d in dels if d.ties]
            if fed:
                channels.append(
                    Channel(
                        ChannelKind.ENTRY,
                        entry,
                        tuple(t for d in fed for t in d.ties),
                        tuple(fed),
                        path.event,
                        (),
                        path.logic,
                    )
                )
            if effects:
                kept.append((entry, ctx, effects))
        return paths, channels, kept, truncated, unresolved

    def _routines(self, builder: PathBuilder, reached: set[int]) -> list[Channel]:
        """Routines no entry reaches that still deliver to a federal host."""
        out: list[Channel] = []
        for fn in self.inv.artifacts:
            if fn.kind not in ROUTINE_KINDS or id(fn) in reached:
                continue
            model = self.modeler.model(fn)
            ctx = Context(fn)
            fed: list[Delivery] = []
            for e in model.effects:
                dels, _ = builder.deliveries(e, ctx, [])
                fed += [d for d in dels if d.ties]
            if fed:
                out.append(
                    Channel(
                        ChannelKind.ROUTINE,
                        fn,
                        tuple(t for d in fed for t in d.ties),
                        tuple(fed),
                        None,
                        (),
                        (fn,),
                    )
                )
        return out

    def _servers(self) -> list[Channel]:
        out: list[Channel] = []
        for srv in self.inv.of_kind(ArtifactKind.FOREIGN_SERVER):
            d = srv.details
            if not isinstance(d, ServerDetails):
                continue
            host = d.options.get("host") or d.options.get("hostaddr") or ""
            if not host or not self.policy.is_federal_host(host):
                continue
            tables = [
                a.qualified
                for a in self.relations
                if a.kind == ArtifactKind.FOREIGN_TABLE
                and getattr(a.details, "server", None) == srv.name
            ]
            detail = [f"{d.wrapper} server at federal host {host}"]
            if tables:
                detail.append(f"{len(tables)} foreign table(s): {', '.join(tables[:5])}")
            detail += [f"user mapping {m.user} → {m.remote_user or '?'}" for m in d.mappings]
            tie = Tie(TieKind.SERVER_HOST, srv.name, host, f"{host} (server {srv.name})")
            out.append(Channel(ChannelKind.SERVER, srv, (tie,), (), None, tuple(detail), (srv,)))
        return out

    def _publications(self, carrying: set[int]) -> list[Channel]:
        """Publications a federal subscriber reads, of relations that hold people: named
        like it, or written with the event's person by an alert."""
        out: list[Channel] = []
        for pub in self.inv.of_kind(ArtifactKind.PUBLICATION):
            tie = self.tiefinder.publication(pub)
            d = pub.details
            if tie is None or not isinstance(d, PublicationDetails):
                continue
            person = [
                t
                for t in d.tables
                for r in self._named(t)
                if id(r) in carrying
                or self.hints[id(r)].person_keys
                or self.hints[id(r)].contact
                or self.hints[id(r)].list
            ]
            if not person and not d.all_tables:
                continue
            what = (
                "ALL TABLES"
                if d.all_tables
                else f"publishes {', '.join(person[:5])} ({', '.join(d.operations)})"
            )
            out.append(Channel(ChannelKind.PUBLICATION, pub, (tie,), (), None, (what,), (pub,)))
        return out

    # -- lists, blind spots, roles -------------------------------------------------------------
    def _lists(self, builder: PathBuilder) -> list[ListInfo]:
        out: list[ListInfo] = []
        for rel in self.relations:
            h = self.hints[id(rel)]
            users = builder.set_users.get(id(rel), [])
            ties = self.rel_ties.get(id(rel), [])
            filled = tuple(dict.fromkeys(self.writers.get((id(rel), "filled"), [])))
            pruned = tuple(dict.fromkeys(self.writers.get((id(rel), "pruned"), [])))
            if users:
                out.append(
                    ListInfo(
                        rel,
                        tuple(h.person_keys),
                        tuple(ties),
                        Basis.STRUCTURE,
                        tuple(dict.fromkeys(users)),
                        filled,
                        pruned,
                        tuple(sorted(builder.flag_columns.get(id(rel), ()))),
                    )
                )
            elif (
                h.person_keys
                and not h.contact
                and not h.history
                and (h.list or self._listed_in_comment(rel) or self._named_for_agency(rel, ties))
                and not (h.sink and not h.list)
                and not h.master
            ):
                out.append(
                    ListInfo(rel, tuple(h.person_keys), tuple(ties), Basis.NAME, (), filled, pruned)
                )
        return out

    @staticmethod
    def _named_for_agency(rel: Artifact, ties: list[Tie]) -> bool:
        """A table keyed by person and named for an agency (`hsi_refs`): a list by name.
        A view, or a tie in a column or a comment alone, does not make one."""
        return rel.kind == ArtifactKind.TABLE and any(
            t.kind in (TieKind.NAME, TieKind.SCHEMA) for t in ties
        )

    def _listed_in_comment(self, rel: Artifact) -> bool:
        """A neutral name, but a comment that says what it is: 'referrals received …'."""
        if not rel.comment:
            return False
        words = [w for w, _ in prose_tokens(rel.comment)]
        return self.policy.vocab["list"].match(words) is not None

    def _unparsed(self) -> list[Unparsed]:
        out: list[Unparsed] = []
        for art in self.inv.artifacts:
            if art.kind not in CODE_KINDS or not (art.body or "").strip():
                continue
            model = self.modeler.model(art)
            if model.errors:
                out.append(
                    Unparsed(
                        art,
                        tuple(Problem(msg, site.line, site.excerpt) for msg, site in model.errors),
                    )
                )
        return out

    def _roles(self, paths: list[AlertPath], lists: list[ListInfo]) -> dict[int, frozenset[str]]:
        roles: dict[int, set[str]] = {id(r): set() for r in self.relations}
        for r in self.relations:
            h = self.hints[id(r)]
            mine = roles[id(r)]
            if h.contact and h.person_keys:
                mine.add(CONTACT_SOURCE)
            if h.person_keys:
                mine.add(PERSON_KEY)
            if self.rel_ties.get(id(r)):
                mine.add(FEDERAL_TIE)
            if h.sink:
                mine.add(SINK)
            if h.immigration:
                mine.add(IMMIGRATION)
            if h.provenance:
                mine.add(PROVENANCE)
        for info in lists:
            roles[id(info.relation)].add(LIST)
        for p in paths:
            if not p.is_alert:
                continue
            if p.event.source is not None and id(p.event.source) in roles:
                roles[id(p.event.source)] |= {CONTACT_SOURCE, PERSON_KEY}
            for m in p.memberships:
                if m.relation is not None and id(m.relation) in roles and m.kind.value == "list":
                    roles[id(m.relation)] |= {LIST, PERSON_KEY}
            for d in p.deliveries:
                if d.relation is not None and id(d.relation) in roles:
                    roles[id(d.relation)].add(SINK)
        return {k: frozenset(v) for k, v in roles.items()}


def analyse_inventory(
    inventory: Inventory, policy: Policy, progress: ProgressFn | None = None
) -> Analysis:
    return Analyzer(inventory, policy, progress).run()
