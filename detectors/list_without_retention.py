"""list-without-retention

What it finds: a stored list of people that nothing ever prunes — no routine, trigger,
rule or job in the target deletes from it — and that has no column saying when an entry
expires or is due for review.

Why it matters: a list without retention only grows. California's State Auditor found in
2016 that CalGang kept people for years past any basis, with entries that should have been
purged; a list kept for a federal partner outlives the request that created it.

Anti-pattern: `gang_roster (person_id, added_on)` filled by an analyst, read by an alert,
and never cleaned.

Remediation: give the list a retention rule — an expiry or review date per entry and a
scheduled purge — or document where else it is pruned; remove entries without a current
basis.
"""

from __future__ import annotations

from collections.abc import Iterator

from watchdog.detector_api import AnalysisView, Basis, Detector, Hit
from watchdog.model import ArtifactKind, Evidence, Rule, Severity
from watchdog.policy import tokens

RULE = Rule(
    rule_id="list-without-retention",
    severity=Severity.LOW,
    title="List of people with no retention",
    rationale="Nothing in the target deletes from this list and no column records when an entry "
    "expires or is reviewed: it only grows.",
    remediation="Add an expiry or review date per entry and a scheduled purge, or document where the "
    "list is pruned; remove entries without a current basis.",
    doc=__doc__ or "",
)
# Words of a column that records when an entry ends or is reconsidered.
RETENTION_WORDS = frozenset(
    {
        "expire",
        "expiry",
        "expiration",
        "expires",
        "purge",
        "retention",
        "retain",
        "review",
        "reviewed",
        "sunset",
        "until",
        "valid",
        "ttl",
        "end",
        "removal",
        "delete",
        "deleted",
    }
)
USED_AS_SET = 0.6
NAMED_ONLY = 0.45


def _retention_columns(columns: list[str]) -> list[str]:
    return [c for c in columns if RETENTION_WORDS & set(tokens(c))]


def check(view: AnalysisView) -> Iterator[Hit]:
    for info in view.lists:
        rel = info.relation
        if rel.kind != ArtifactKind.TABLE or info.pruned_by or info.flags:
            continue  # a mark on rows of a larger table is cleared by updating it
        if _retention_columns([c.name for c in rel.columns]):
            continue
        ev = [Evidence("list", rel.qualified, f"{rel.kind} {rel.qualified}", basis=str(info.basis))]
        if info.used_by:
            users = ", ".join(u.qualified for u in info.used_by[:3])
            ev.append(Evidence("membership test", rel.qualified, f"tested as a set by {users}"))
        ev.append(
            Evidence(
                "retention",
                rel.qualified,
                "no routine, trigger, rule or job in the target deletes from it",
                basis="structure",
            )
        )
        ev.append(
            Evidence(
                "retention",
                rel.qualified,
                "no column records an expiry, purge or review date",
                basis="name",
            )
        )
        conf = USED_AS_SET if info.basis == Basis.STRUCTURE else NAMED_ONLY
        why = ["nothing deletes from it (structure)", "no expiry or review column (name)"]
        yield Hit(rel, f"{RULE.title}: {rel.qualified}", ev, conf, [rel], why)


DETECTOR = Detector(RULE, check)
