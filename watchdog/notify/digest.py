"""One digest mail per scan that changed something: plain text and HTML parts naming the
target, the rule, the artifact, its owner and the evidence chain — never a listed person
(the model holds none, and excerpts are masked)."""

from __future__ import annotations

from collections import Counter
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html import escape

from watchdog.model import Finding, Severity


def subject(target: str, new: list[Finding], resolved: list[Finding]) -> str:
    top = max((f.severity for f in new), default=None)
    parts = []
    if new:
        parts.append(f"{len(new)} new")
    if resolved:
        parts.append(f"{len(resolved)} resolved")
    level = f"[{str(top).upper()}] " if top is not None and top >= Severity.HIGH else ""
    return f"{level}alert-watchdog: {', '.join(parts) or 'no changes'} on {target}"


def _text(target: str, new: list[Finding], resolved: list[Finding]) -> str:
    lines = [f"alert-watchdog report for {target}", ""]
    counts = Counter(str(f.severity) for f in new)
    if new:
        lines.append(
            "New or changed findings: " + ", ".join(f"{n} {s}" for s, n in counts.most_common())
        )
    for f in new:
        a = f.artifact
        lines += [
            "",
            f"* {str(f.severity).upper()} {f.rule_id}: {a.kind} {a.qualified}"
            + (f" on {a.table}" if a.table else "")
            + (f" (owner {a.owner})" if a.owner else ""),
        ]
        for ev in f.evidence:
            lines.append(f"    - {ev.step}: {ev.object}" + (f" :{ev.line}" if ev.line else ""))
            if ev.excerpt:
                lines.append(f"        {ev.excerpt}")
        lines.append(f"    remediation: {f.remediation}")
        lines += [f"    ref: {r}" for r in f.references]
    if resolved:
        lines += ["", "Resolved (no longer present):"]
        lines += [f"* {f.rule_id}: {f.artifact.kind} {f.artifact.qualified}" for f in resolved]
    return "\n".join(lines) + "\n"


def _html(target: str, new: list[Finding], resolved: list[Finding]) -> str:
    out = [f"<h2>alert-watchdog report for {escape(target)}</h2>"]
    for f in new:
        a = f.artifact
        out.append(
            f"<h3>{escape(str(f.severity).upper())} {escape(f.rule_id)}: {escape(a.kind)} "
            f"{escape(a.qualified)}</h3>"
        )
        meta = [
            f"table {escape(a.table)}" if a.table else "",
            f"owner {escape(a.owner)}" if a.owner else "",
        ]
        out.append(f"<p>{' · '.join(m for m in meta if m)}</p><ol>")
        for ev in f.evidence:
            line = f" :{ev.line}" if ev.line else ""
            out.append(
                f"<li><b>{escape(ev.step)}</b>: {escape(ev.object)}{line}"
                + (f"<br><code>{escape(ev.excerpt)}</code>" if ev.excerpt else "")
                + "</li>"
            )
        out.append(f"</ol><p><i>Remediation:</i> {escape(f.remediation)}</p>")
        if f.references:
            out.append("<ul>" + "".join(f"<li>{escape(r)}</li>" for r in f.references) + "</ul>")
    if resolved:
        out.append("<h3>Resolved</h3><ul>")
        out += [
            f"<li>{escape(f.rule_id)}: {escape(f.artifact.kind)} {escape(f.artifact.qualified)}</li>"
            for f in resolved
        ]
        out.append("</ul>")
    return "<html><body>" + "\n".join(out) + "</body></html>"


def compose(
    target: str, new: list[Finding], resolved: list[Finding], *, sender: str, recipients: list[str]
) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject(target, new, resolved)
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="alert-watchdog.local")
    msg.set_content(_text(target, new, resolved))
    msg.add_alternative(_html(target, new, resolved), subtype="html")
    return msg
