"""coverage-gap: something the scan could not see or parse.

Anti-pattern: a scan that skips what it cannot read and reports "clean".

Best practice: every blind spot is a finding with the grant or change that removes it,
so that a clean report means "looked and found nothing".
"""

from __future__ import annotations

from collections.abc import Iterator

from watchdog.analysis.flow import CODE_KINDS
from watchdog.analysis.paths import Analysis
from watchdog.detect import Case, Detector, Hit, Rule
from watchdog.model import Evidence, Severity

RULE = Rule(
    rule_id="coverage-gap",
    severity=Severity.LOW,
    title="Coverage gap",
    rationale="Part of the target could not be inspected; an alert could hide there.",
    remediation="Apply the grant or fix named in the evidence and scan again.",
)


def check(analysis: Analysis) -> Iterator[Hit]:
    for gap in analysis.inv.gaps:
        ev = [
            Evidence("not inspected", gap.artifact.qualified, gap.reason),
            Evidence("fix", gap.artifact.qualified, gap.fix),
        ]
        yield Hit(gap.artifact, f"{RULE.title}: {gap.reason}", ev, 1.0, [])
    for entry in analysis.truncated:
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
    for art in analysis.inv.artifacts:
        if art.kind not in CODE_KINDS or not art.body:
            continue
        errors = analysis.graph.errors(art).errors
        if not errors:
            continue
        ev = [
            Evidence(
                "not parsed",
                art.qualified,
                f"{msg}: {site.excerpt}" if site.excerpt else msg,
                site.line,
            )
            for msg, site in errors[:5]
        ]
        if len(errors) > 5:
            ev.append(Evidence("not parsed", art.qualified, f"and {len(errors) - 5} more"))
        yield Hit(
            art, f"{RULE.title}: {art.kind} {art.qualified} not fully analysed", ev, 1.0, [art]
        )


CASES = (
    Case(
        "pg_cron's row-level security hides other users' jobs from the scanning role",
        """
CREATE SCHEMA cron;
CREATE TABLE cron.job (jobid bigserial PRIMARY KEY, schedule text, command text, nodename text,
  nodeport int, database text, username text DEFAULT current_user, active boolean DEFAULT true, jobname text);
ALTER TABLE cron.job ENABLE ROW LEVEL SECURITY;
CREATE POLICY cron_job_policy ON cron.job USING (username = current_user);
""",
        True,
        "cron",
    ),
    Case(
        "plain SQL function and view parse cleanly",
        """
CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE VIEW v AS SELECT one() AS one;
""",
        False,
    ),
)

DETECTOR = Detector(RULE, check, CASES)
