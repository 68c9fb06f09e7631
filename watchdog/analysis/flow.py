"""The data-flow graph across artifacts: trigger → function → called functions → views →
tables, with dynamic SQL resolved to relations where its strings name them."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from watchdog.analysis.facts import Facts, Site
from watchdog.analysis.parse import BodyParser
from watchdog.analysis.roles import RELATION_KINDS
from watchdog.model import Artifact, Inventory

MAX_BODIES = 200
CODE_KINDS = (
    "function",
    "procedure",
    "view",
    "materialized_view",
    "trigger",
    "rule",
    "cron_job",
    "stored_query",
)
_NAME = re.compile(r"\"?([A-Za-z_][\w$]*)\"?(?:\s*\.\s*\"?([A-Za-z_][\w$]*)\"?)?")


@dataclass
class Reach:
    """Everything an entry point can reach, each fact still located where it sits."""

    bodies: list[Artifact] = field(default_factory=list)
    facts: Facts = field(default_factory=Facts)
    reads: list[tuple[Artifact, Site]] = field(default_factory=list)
    writes: list[tuple[Artifact, Site]] = field(default_factory=list)
    truncated: bool = False


class Graph:
    def __init__(self, inventory: Inventory, parser: BodyParser) -> None:
        self.inv = inventory
        self.parser = parser
        self._facts: dict[int, Facts] = {}
        self._by_text: dict[str, Artifact] = {}
        self.relations: dict[str, Artifact] = {}
        self.bare: dict[str, list[Artifact]] = {}
        self.functions: dict[str, list[Artifact]] = {}
        self.callers: dict[int, list[Artifact]] = {}
        for a in inventory.artifacts:
            if a.kind in RELATION_KINDS:
                self.relations[a.qualified.lower()] = a
                self.bare.setdefault(a.name.lower(), []).append(a)
            elif a.kind in ("function", "procedure"):
                self.functions.setdefault(a.qualified.lower(), []).append(a)
                self.functions.setdefault(a.name.lower(), []).append(a)

    def facts(self, artifact: Artifact) -> Facts:
        key = id(artifact)
        if key not in self._facts:
            if artifact.kind == "stored_query" and artifact.body:
                # identical SQL across rows is parsed once
                first = self._by_text.get(artifact.body)
                if first is None:
                    self._by_text[artifact.body] = artifact
                    self._facts[key] = self.parser.facts(artifact)
                else:
                    # rebased on demand, not kept: 100,000 saved reports share a few texts
                    return self.facts(first).rebased(artifact)
            else:
                self._facts[key] = self.parser.facts(artifact)
        return self._facts[key]

    def errors(self, artifact: Artifact) -> Facts:
        """The facts whose parse errors speak for this artifact (shared by identical texts)."""
        if artifact.kind == "stored_query" and artifact.body in self._by_text:
            return self.facts(self._by_text[artifact.body])
        return self.facts(artifact)

    def relation(self, name: str, schema_hint: str = "") -> Artifact | None:
        name = name.replace('"', "").lower()
        parts = name.split(".")
        if len(parts) >= 2:
            return self.relations.get(".".join(parts[-2:]))
        for schema in (schema_hint.lower(), "public", "dbo"):
            hit = self.relations.get(f"{schema}.{name}")
            if hit:
                return hit
        cands = self.bare.get(name, [])
        return cands[0] if len(cands) == 1 else None

    def function(self, name: str, schema_hint: str = "") -> list[Artifact]:
        name = name.replace('"', "").lower()
        if "." in name:  # schema.fn, or schema.package.procedure
            return self.functions.get(name) or self.functions.get(
                ".".join(name.split(".")[-2:]), []
            )
        return self.functions.get(f"{schema_hint.lower()}.{name}") or (
            [
                f
                for f in self.functions.get(name, [])
                if f.schema.lower() in (schema_hint.lower(), "public", "dbo")
            ]
            or self.functions.get(name, [])[:1]
        )

    def names_in(self, text: str, schema_hint: str) -> list[Artifact]:
        """Relations named inside a string (dynamic SQL that could not be folded)."""
        found: list[Artifact] = []
        for m in _NAME.finditer(text):
            name = f"{m.group(1)}.{m.group(2)}" if m.group(2) else m.group(1)
            rel = self.relation(name, schema_hint)
            if rel is not None and rel not in found:
                found.append(rel)
        return found

    def reach(
        self, entry: Artifact, start: list[Artifact] | None = None, *, follow: bool = True
    ) -> Reach:
        """What `entry` reaches; with follow=False, only its own body's facts, resolved."""
        out = Reach()
        queue: deque[Artifact] = deque([entry, *(start or [])])
        seen: set[int] = set()
        while queue and len(out.bodies) < MAX_BODIES:
            body = queue.popleft()
            if id(body) in seen:
                continue
            seen.add(id(body))
            out.bodies.append(body)
            facts = self.facts(body)
            out.facts.extend(facts)
            hint = body.schema
            for name, site in facts.reads:
                rel = self.relation(name, hint)
                if rel is None:
                    continue
                out.reads.append((rel, site))
                if rel.kind in ("view", "materialized_view"):
                    queue.append(rel)
            for word, site in facts.dynamic:
                for rel in self.names_in(word, hint):
                    out.reads.append((rel, site))
                    if rel.kind in ("view", "materialized_view"):
                        queue.append(rel)
            for name, site in facts.writes:
                rel = self.relation(name, hint)
                if rel is not None:
                    out.writes.append((rel, site))
            if not follow:
                break
            for name, _site in facts.calls:
                for fn in self.function(name, hint):
                    queue.append(fn)
        out.truncated = bool(queue) and len(out.bodies) >= MAX_BODIES
        return out
