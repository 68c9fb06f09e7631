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


def check(view: AnalysisView) -> Iterator[Hit]:
    for gap in view.gaps:
        ev = [
            Evidence("not inspected", gap.artifact.qualified, gap.reason, gap.artifact.line),
            Evidence("fix", gap.artifact.qualified, gap.fix),
        ]
        yield Hit(gap.artifact, f"{RULE.title}: {gap.reason}", ev, 1.0, [])
    for entry in view.truncated:
        ev = [
            Evidence(
                "not followed",
                entry.qualified,
                "the call chain from this entry reaches more bodies than one scan follows",
            )
        ]
        yield Hit(
            entry,
            f"{RULE.title}: call chain of {entry.qualified} only partly followed",
            ev,
            1.0,
            [entry],
        )
    for u in view.unresolved:
        names = ", ".join(u.names[:5]) + (
            f" and {len(u.names) - 5} more" if len(u.names) > 5 else ""
        )
        ev = [
            Evidence(
                "not followed",
                u.artifact.qualified,
                f"calls {names}, which the inventory does not hold",
            ),
            Evidence(
                "fix",
                u.artifact.qualified,
                "scan with a role that sees every schema, or include the missing objects in the dump",
            ),
        ]
        yield Hit(
            u.artifact,
            f"{RULE.title}: {u.artifact.kind} {u.artifact.qualified} calls unknown routines",
            ev,
            1.0,
            [u.artifact],
        )
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


DETECTOR = Detector(RULE, check)
