"""Evidence chains shared by the alert rules: contact source → membership → list →
federal tie → sink, hop by hop."""

from __future__ import annotations

from watchdog.analysis.paths import AlertPath, site_evidence
from watchdog.model import Evidence


def chain(
    path: AlertPath, *, federal_only: bool = False, immigration: bool = False
) -> list[Evidence]:
    out: list[Evidence] = [path.event]
    entry = path.entry
    if entry.kind == "trigger":
        out.append(
            Evidence(
                "runs",
                f"{entry.name} → {entry.extra.get('function') or 'its own body'}",
                entry.extra.get("definition", "")[:180],
            )
        )
    elif entry.kind in ("cron_job", "scheduled_job", "stored_query"):
        sched = entry.extra.get("schedule")
        out.append(
            Evidence("runs", entry.qualified, f"schedule {sched}" if sched else "stored query")
        )
    mems = [m for m in path.memberships if m.ties] if federal_only else path.memberships
    for m in (mems or path.memberships)[:4]:
        out.append(site_evidence("membership test", m.object, m.site))
        if m.relation is not None:
            note = f"{m.relation.kind} {m.relation.qualified}"
            if m.relation.comment:
                note += f" — {m.relation.comment[:100]}"
            out.append(Evidence("list", m.relation.qualified, note))
        out.extend(m.ties[:3])
    if immigration:
        out.extend(path.immigration[:3])
    out.extend(path.comment_ties[:2])
    for s in path.sinks[:4]:
        out.append(site_evidence("sink", s.object, s.site))
        if s.federal:
            out.append(s.federal)
    return out


def confidence(path: AlertPath, federal: bool) -> float:
    c = 0.55
    if path.entry.kind in ("trigger", "rule"):
        c += 0.15
    elif path.recency:
        c += 0.1
    if any(
        m.kind == "list" and m.relation is not None and "list" in m.relation.roles
        for m in path.memberships
    ):
        c += 0.1
    if any(
        s.kind in ("table", "notify", "mail", "foreign_table", "dblink", "http") for s in path.sinks
    ):
        c += 0.1
    if federal:
        kinds = {t.excerpt.split(":")[0] for t in path.federal_ties}
        c += min(0.1, 0.04 * len(kinds))
    if path.entry.extra.get("enabled") == "disabled" or path.entry.extra.get("active") is False:
        c -= 0.2
    return max(0.05, min(0.99, c))
