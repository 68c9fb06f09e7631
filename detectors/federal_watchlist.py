"""federal-watchlist

What it finds: a relation that enumerates people and has a federal tie — whether or not
anything alerts on it yet.

Why it matters: a table of people that HSI referred, kept beside police records, is the
raw material of an alert.

Anti-pattern: `hsi_referrals` with person keys, filled from a federal spreadsheet.

Remediation: establish who created the list, at whose request and under what authority;
remove it if it serves immigration enforcement. Where a lawful federal list exists,
document its basis and its access.
"""

from __future__ import annotations

from collections.abc import Iterator

from watchdog.detector_api import AnalysisView, Basis, Detector, Hit
from watchdog.model import Evidence, Rule, Severity
from watchdog.redact import excerpt

RULE = Rule(
    rule_id="federal-watchlist",
    severity=Severity.MEDIUM,
    title="List of people with a federal tie",
    rationale="The relation enumerates people and comes from, or is kept for, a federal agency.",
    remediation="Establish who created the list, at whose request and under what authority; remove it if it "
    "serves immigration enforcement.",
    doc=__doc__ or "",
)
BASE = 0.55
PER_TIE_KIND = 0.1
USED_AS_SET = 0.1
CEILING = 0.95


def check(view: AnalysisView) -> Iterator[Hit]:
    for info in view.lists:
        if not info.ties:
            continue
        rel = info.relation
        keyed = ", ".join(info.person_keys) or "the columns its users test"
        note = f"{rel.kind} keyed by {keyed}" + (
            f" — {excerpt(rel.comment, 120)}" if rel.comment else ""
        )
        ev = [Evidence("list", rel.qualified, note, basis=str(info.basis))]
        if info.used_by:
            users = ", ".join(u.qualified for u in info.used_by[:3])
            ev.append(
                Evidence(
                    "membership test",
                    rel.qualified,
                    f"tested as a set by {users}",
                    basis="structure",
                )
            )
        ev += [t.evidence() for t in info.ties[:5]]
        kinds = len({t.kind for t in info.ties})
        conf = BASE + PER_TIE_KIND * kinds + (USED_AS_SET if info.basis == Basis.STRUCTURE else 0.0)
        why = [f"+{PER_TIE_KIND * kinds:.2f} {kinds} kind(s) of federal tie"]
        if info.basis == Basis.STRUCTURE:
            why.append(f"+{USED_AS_SET:.2f} code tests people against it (structure)")
        yield Hit(rel, f"{RULE.title}: {rel.qualified}", ev, min(CEILING, conf), [rel], why)


DETECTOR = Detector(RULE, check)
