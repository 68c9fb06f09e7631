"""coverage-gap

What it finds: something the scan could not see, parse or follow — rows hidden by
privileges or row-level security, a catalog query that timed out, a body that could not
be parsed, a reference to something the inventory does not hold, a call chain too long
to follow.

Why it matters: an alert can hide exactly there. A scan that skips what it cannot read
and reports "clean" is worse than no scan.

Anti-pattern: a report that looks clean because the scanning role could not read cron.job.

Remediation: apply the grant or fix named in the evidence and scan again, so that a clean
report means "looked and found nothing".
"""

from __future__ import annotations

from collections.abc import Iterator

from watchdog.detector_api import AnalysisView, Detector, Hit
from watchdog.model import Evidence, Rule, Severity

RULE = Rule(
    rule_id="coverage-gap",
    severity=Severity.LOW,
    title="Coverage gap",
    rationale="Part of the target could not be inspected; an alert could hide there.",
    remediation="Apply the grant or fix named in the evidence and scan again.",
    doc=__doc__ or "",
)
MAX_PROBLEMS = 5


def _source_gaps(view: AnalysisView) -> Iterator[Hit]:
    for gap in view.gaps:
        ev = [
            Evidence("not inspected", gap.artifact.qualified, gap.reason, gap.artifact.line),
            Evidence("fix", gap.artifact.qualified, gap.fix),
        ]
        yield Hit(gap.artifact, f"{RULE.title}: {gap.reason}", ev, 1.0, [])


def _not_followed(view: AnalysisView) -> Iterator[Hit]:
    for entry in view.truncated:
        why = "the call chain from this entry reaches more bodies than one scan follows"
        ev = [Evidence("not followed", entry.qualified, why)]
        title = f"{RULE.title}: call chain of {entry.qualified} only partly followed"
        yield Hit(entry, title, ev, 1.0, [entry])
    for u in view.unresolved:
        art = u.artifact
        said = []
        if u.names:
            said.append(f"calls {_some(u.names)}")
        if u.relations:
            said.append(f"uses {_some(u.relations)}")
        ev = [
            Evidence(
                "not followed",
                art.qualified,
                f"{' and '.join(said)}, which the inventory does not hold",
            ),
            Evidence(
                "fix",
                art.qualified,
                "scan with a role that sees every schema, or include the missing objects in the dump",
            ),
        ]
        yield Hit(
            art,
            f"{RULE.title}: {art.kind} {art.qualified} refers to objects the scan cannot see",
            ev,
            1.0,
            [art],
        )


def _some(names: tuple[str, ...]) -> str:
    more = f" and {len(names) - 5} more" if len(names) > 5 else ""
    return ", ".join(names[:5]) + more


def _not_parsed(view: AnalysisView) -> Iterator[Hit]:
    for up in view.unparsed:
        art = up.artifact
        ev = [
            Evidence(
                "not parsed",
                art.qualified,
                f"{p.message}: {p.excerpt}" if p.excerpt else p.message,
                p.line,
            )
            for p in up.problems[:MAX_PROBLEMS]
        ]
        if len(up.problems) > MAX_PROBLEMS:
            ev.append(
                Evidence("not parsed", art.qualified, f"and {len(up.problems) - MAX_PROBLEMS} more")
            )
        yield Hit(
            art, f"{RULE.title}: {art.kind} {art.qualified} not fully analysed", ev, 1.0, [art]
        )


def check(view: AnalysisView) -> Iterator[Hit]:
    yield from _source_gaps(view)
    yield from _not_followed(view)
    yield from _not_parsed(view)


DETECTOR = Detector(RULE, check)
