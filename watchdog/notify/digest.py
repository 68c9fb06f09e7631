"""One digest mail per scan that changed something: plain text and HTML parts naming the
target, the rule, the artifact, its owner and the evidence chain — never a listed person
(the model holds none, and excerpts are masked).

A first scan of a large records system can find thousands of inventory findings; the mail
details the most severe `limit` of them and counts the rest, so it stays readable.
"""

from __future__ import annotations

from collections import Counter
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html import escape
from typing import NamedTuple

from watchdog.model import Finding, Severity

LIMIT = 100


class _Digest(NamedTuple):
    target: str
    new: list[Finding]
    resolved: list[Finding]
    changed: list[Finding]
    resurfaced: list[Finding]


def subject(
    target: str,
    new: list[Finding],
    resolved: list[Finding],
    changed: list[Finding] | None = None,
) -> str:
    changed = changed or []
    top = max((f.severity for f in [*new, *changed]), default=None)
    parts = []
    if new:
        parts.append(f"{len(new)} new")
    if changed:
        parts.append(f"{len(changed)} changed")
    if resolved:
        parts.append(f"{len(resolved)} resolved")
    level = f"[{str(top).upper()}] " if top is not None and top >= Severity.HIGH else ""
    return f"{level}alert-watchdog: {', '.join(parts) or 'no changes'} on {target}"


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-int(f.severity), f.rule_id, f.artifact.qualified))


def _headline(f: Finding) -> str:
    a = f.artifact
    return (
        f"{str(f.severity).upper()} {f.rule_id}: {a.kind} {a.qualified}"
        + (f" on {a.table}" if a.table else "")
        + (f" (owner {a.owner})" if a.owner else "")
    )


def _text_finding(f: Finding) -> list[str]:
    lines = ["", f"* {_headline(f)}"]
    if f.artifact.title:
        lines.append(f"    title: {f.artifact.title}")
    for ev in f.evidence:
        lines.append(f"    - {ev.step}: {ev.object}" + (f" :{ev.line}" if ev.line else ""))
        if ev.excerpt:
            lines.append(f"        {ev.excerpt}")
    lines.append(f"    remediation: {f.remediation}")
    lines += [f"    ref: {r}" for r in f.references]
    return lines


def _sections(
    new: list[Finding], changed: list[Finding], resurfaced: list[Finding]
) -> list[tuple[str, list[Finding]]]:
    return [
        (title, _ordered(items))
        for title, items in (
            ("New findings", new),
            ("Changed findings (same artifact, new logic)", changed),
            ("Suppression ended, still present", resurfaced),
        )
        if items
    ]


def _text(d: _Digest, limit: int) -> str:
    target, new, resolved, changed, resurfaced = d
    lines = [f"alert-watchdog report for {target}", ""]
    counts = Counter(str(f.severity) for f in [*new, *changed, *resurfaced])
    if counts:
        lines.append(
            "New or changed findings: " + ", ".join(f"{n} {s}" for s, n in counts.most_common())
        )
    budget = limit
    for title, items in _sections(new, changed, resurfaced):
        lines += ["", f"{title}:"]
        for f in items[:budget]:
            lines += _text_finding(f)
        if len(items) > budget:
            rest = Counter(str(f.severity) for f in items[budget:])
            lines += [
                "",
                f"  … and {len(items) - budget} more ("
                + ", ".join(f"{n} {s}" for s, n in rest.most_common())
                + "); see `alert-watchdog findings list`",
            ]
        budget = max(0, budget - len(items))
    if resolved:
        lines += ["", "Resolved (no longer present):"]
        for f in _ordered(resolved)[:limit]:
            lines.append(f"* {f.rule_id}: {f.artifact.kind} {f.artifact.qualified}")
        if len(resolved) > limit:
            lines.append(f"  … and {len(resolved) - limit} more")
    return "\n".join(lines) + "\n"


def _html_finding(f: Finding) -> list[str]:
    a = f.artifact
    out = [
        f"<h3>{escape(str(f.severity).upper())} {escape(f.rule_id)}: {escape(a.kind)} "
        f"{escape(a.qualified)}</h3>"
    ]
    meta = [
        f"table {escape(a.table)}" if a.table else "",
        f"owner {escape(a.owner)}" if a.owner else "",
        f"title {escape(a.title)}" if a.title else "",
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
    return out


def _html(d: _Digest, limit: int) -> str:
    target, new, resolved, changed, resurfaced = d
    out = [f"<h2>alert-watchdog report for {escape(target)}</h2>"]
    budget = limit
    for title, items in _sections(new, changed, resurfaced):
        out.append(f"<h2>{escape(title)}</h2>")
        for f in items[:budget]:
            out += _html_finding(f)
        if len(items) > budget:
            out.append(
                f"<p>… and {len(items) - budget} more; see <code>alert-watchdog findings "
                "list</code>.</p>"
            )
        budget = max(0, budget - len(items))
    if resolved:
        out.append("<h2>Resolved</h2><ul>")
        out += [
            f"<li>{escape(f.rule_id)}: {escape(f.artifact.kind)} {escape(f.artifact.qualified)}</li>"
            for f in _ordered(resolved)[:limit]
        ]
        out.append("</ul>")
        if len(resolved) > limit:
            out.append(f"<p>… and {len(resolved) - limit} more.</p>")
    return "<html><body>" + "\n".join(out) + "</body></html>"


def _message(subject_line: str, sender: str, recipients: list[str]) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject_line
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="alert-watchdog.local")
    return msg


def compose(
    target: str,
    new: list[Finding],
    resolved: list[Finding],
    *,
    sender: str,
    recipients: list[str],
    changed: list[Finding] | None = None,
    resurfaced: list[Finding] | None = None,
    limit: int = LIMIT,
) -> EmailMessage:
    changed = changed or []
    resurfaced = resurfaced or []
    msg = _message(subject(target, [*new, *resurfaced], resolved, changed), sender, recipients)
    digest = _Digest(target, new, resolved, changed, resurfaced)
    msg.set_content(_text(digest, limit))
    msg.add_alternative(_html(digest, limit), subtype="html")
    return msg


def notice(subject_line: str, body: str, *, sender: str, recipients: list[str]) -> EmailMessage:
    """A short service mail: a target unreachable or back, or `inbox test`."""
    msg = _message(subject_line, sender, recipients)
    msg.set_content(body if body.endswith("\n") else body + "\n")
    msg.add_alternative(
        "<html><body>"
        + "".join(f"<p>{escape(p)}</p>" for p in body.strip().split("\n\n"))
        + "</body></html>",
        subtype="html",
    )
    return msg
