"""What a scan changed: a pure comparison of the open findings remembered for a target with
the findings of the scan just made.

A finding's identity is its rule and its artifact; the fingerprint is its logic. The same
identity with a new fingerprint is *changed*, not resolved-and-new, so the inbox hears of
an edited alert once and in the right words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from watchdog.model import Artifact, Finding


def artifact_key(artifact: Artifact) -> str:
    """Trigger names are unique per table only, so the table is part of the key."""
    parts = (artifact.kind, artifact.schema, artifact.table or "", artifact.name)
    return "|".join(p.lower() for p in parts)


@dataclass(frozen=True)
class Prior:
    """A remembered finding: open, or resolved and able to reopen."""

    id: int
    rule_id: str
    artifact_key: str
    fingerprint: str
    open: bool = True


@dataclass
class Change:
    """One finding's step in its life; `prior` is None for a finding never seen before."""

    kind: str  # new | reopened | changed | unchanged | resolved
    finding: Finding | None
    prior: Prior | None = None


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)

    def of(self, *kinds: str) -> list[Change]:
        return [c for c in self.changes if c.kind in kinds]


def plan(priors: list[Prior], current: list[Finding]) -> Plan:
    """Pair current findings with remembered ones: same fingerprint first, then same identity."""
    open_by: dict[tuple[str, str], list[Prior]] = defaultdict(list)
    closed_by: dict[tuple[str, str], list[Prior]] = defaultdict(list)
    for p in sorted(priors, key=lambda p: -p.id):
        (open_by if p.open else closed_by)[(p.rule_id, p.artifact_key)].append(p)
    out = Plan()
    waiting: list[Finding] = []
    for f in current:
        group = open_by.get((f.rule_id, artifact_key(f.artifact)), [])
        same = next((p for p in group if p.fingerprint == f.fingerprint), None)
        if same is not None:
            group.remove(same)
            out.changes.append(Change("unchanged", f, same))
        else:
            waiting.append(f)
    for f in waiting:
        ident = (f.rule_id, artifact_key(f.artifact))
        if open_by.get(ident):
            out.changes.append(Change("changed", f, open_by[ident].pop(0)))
        elif closed_by.get(ident):
            out.changes.append(Change("reopened", f, closed_by[ident].pop(0)))
        else:
            out.changes.append(Change("new", f, None))
    for group in open_by.values():
        out.changes += [Change("resolved", None, p) for p in group]
    return out
