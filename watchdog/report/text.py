"""The terminal report: a summary by severity, then each finding's evidence chain."""

from __future__ import annotations

from collections import Counter

from watchdog.model import Report, Severity

_COLOURS = {
    Severity.CRITICAL: "\033[1;31m",
    Severity.HIGH: "\033[31m",
    Severity.MEDIUM: "\033[33m",
    Severity.LOW: "\033[36m",
    Severity.INFO: "\033[2m",
}
_RESET = "\033[0m"


def render(report: Report, *, colour: bool = False) -> str:
    inv = report.inventory

    def paint(sev: Severity, text: str) -> str:
        return f"{_COLOURS[sev]}{text}{_RESET}" if colour else text

    lines = [
        f"alert-watchdog scan of {inv.target.name} ({inv.target.dialect} {inv.target.server_version})".rstrip(),
        f"{len(inv.artifacts)} artifacts inspected, {len(report.findings)} findings",
        "",
    ]
    counts = Counter(f.severity for f in report.findings)
    lines.append("  severity   findings")
    for sev in sorted(Severity, reverse=True):
        lines.append(f"  {paint(sev, f'{sev!s:<9}')}  {counts.get(sev, 0):>8}")
    lines.append("")
    for i, f in enumerate(report.findings, 1):
        art = f.artifact
        where = f"{art.kind} {art.qualified}" + (f" on {art.table}" if art.table else "")
        lines.append(
            paint(f.severity, f"[{i}] {str(f.severity).upper()} {f.rule_id}")
            + f"  (confidence {f.confidence:.2f})"
        )
        lines.append(f"    {f.title}")
        lines.append(f"    artifact: {where}" + (f"  owner: {art.owner}" if art.owner else ""))
        for ev in f.evidence:
            loc = f":{ev.line}" if ev.line else ""
            lines.append(f"      → {ev.step}: {ev.object}{loc}")
            if ev.excerpt:
                lines.append(f"          {ev.excerpt}")
        lines.append(f"    remediation: {f.remediation}")
        for ref in f.references:
            lines.append(f"    ref: {ref}")
        lines.append(f"    fingerprint: {f.fingerprint}")
        lines.append("")
    if not report.findings:
        lines.append("No findings: every artifact above was inspected and nothing matched a rule.")
    return "\n".join(lines) + "\n"
