"""Evidence chains of the alert rules, hop by hop: contact source → how it runs →
membership test → list → federal tie → sink."""

from __future__ import annotations

from watchdog.detector_api import AlertPath, Basis, Delivery, Located, Membership, MembershipKind
from watchdog.model import (
    Artifact,
    ArtifactKind,
    Evidence,
    JobDetails,
    StoredQueryDetails,
    TriggerDetails,
)
from watchdog.redact import excerpt

MAX_MEMBERSHIPS = 4
MAX_DELIVERIES = 4
MAX_TIES = 3


def at(
    step: str,
    obj: str,
    site: Located | None,
    fallback: str = "",
    *,
    kind: str | None = None,
    basis: Basis | None = None,
) -> Evidence:
    if site is None:
        return Evidence(step, obj, fallback, None, kind, str(basis) if basis else None)
    where = (
        site.artifact.name
        if site.artifact.kind == ArtifactKind.TRIGGER
        else site.artifact.qualified
    )
    label = obj if obj == where else f"{obj} (in {where})"
    return Evidence(
        step, label, site.excerpt or fallback, site.line, kind, str(basis) if basis else None
    )


def runs(entry: Artifact) -> Evidence:
    d = entry.details
    if isinstance(d, TriggerDetails):
        return Evidence(
            "runs",
            f"{entry.name} → {d.function or 'its own body'}",
            excerpt(d.definition),
            basis="structure",
        )
    if isinstance(d, JobDetails | StoredQueryDetails):
        sched = d.schedule
        return Evidence(
            "runs",
            entry.qualified,
            f"schedule {sched}" if sched else "stored query",
            basis="structure",
        )
    return Evidence("runs", entry.qualified, "", basis="structure")


def event(path: AlertPath) -> Evidence:
    ev = path.event
    if ev.source is None:
        return Evidence("runs", path.entry.qualified, ev.how)
    if ev.site is not None:
        return at("contact source", ev.source.qualified, ev.site, ev.how, basis=Basis.STRUCTURE)
    return Evidence("contact source", ev.source.qualified, ev.how, basis="structure")


def membership(m: Membership) -> list[Evidence]:
    out = [at("membership test", m.object, m.site, kind=str(m.kind), basis=m.basis)]
    if m.kind == MembershipKind.STAMP:
        out[0] = Evidence(
            "membership test",
            m.object,
            f"rows stamped under the membership test above are delivered by {', '.join(m.via)}",
            kind=str(m.kind),
            basis="structure",
        )
        return out
    if m.relation is not None and m.kind == MembershipKind.LIST:
        note = f"{m.relation.kind} {m.relation.qualified}"
        if m.relation.comment:
            note += f" — {excerpt(m.relation.comment, 100)}"
        out.append(
            Evidence(
                "list", m.relation.qualified, note, basis="name" if m.list_by_name else "structure"
            )
        )
    out += [t.evidence() for t in m.ties[:MAX_TIES]]
    return out


def sink(d: Delivery) -> list[Evidence]:
    obj = d.object if d.via is None else f"{d.object} (delivered by {d.via.qualified})"
    out = [at("sink", obj, d.site, kind=str(d.kind), basis=Basis.STRUCTURE)]
    out += [t.evidence() for t in d.ties]
    return out


def chain(
    path: AlertPath, *, federal_only: bool = False, immigration: bool = False
) -> list[Evidence]:
    out: list[Evidence] = [event(path), runs(path.entry)]
    mems = [m for m in path.memberships if m.ties] if federal_only else list(path.memberships)
    mems = mems or list(path.memberships)
    mems += [m for m in path.memberships if m.kind == MembershipKind.STAMP and m not in mems]
    for m in mems[:MAX_MEMBERSHIPS]:
        out += membership(m)
    if immigration:
        out += [at("immigration attribute", t.column, t.site) for t in path.immigration[:3]]
    out += [t.evidence() for t in path.code_ties[:2]]
    for d in path.deliveries[:MAX_DELIVERIES]:
        out += sink(d)
    return list(dict.fromkeys(out))
