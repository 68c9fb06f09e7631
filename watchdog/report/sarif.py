"""The SARIF 2.1.0 report: one run, every rule's metadata, one result per finding.

Database artifacts have no file, so results are placed with `logicalLocations`
(`schema.object` and its kind; a trigger also names its table, as a related location).
The evidence chain travels twice: as a `codeFlows` thread that SARIF viewers step through
hop by hop, and verbatim in the result's properties. `partialFingerprints` carries the
finding's fingerprint, which stays stable while the artifact's logic is unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from watchdog import __version__
from watchdog.model import Artifact, Evidence, Finding, Report, Rule, Severity

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "alertWatchdog/v1"

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub code scanning reads rules' `security-severity`: over 9.0 critical, 7.0–8.9 high,
# 4.0–6.9 medium, 3.9 or less low.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}
# SARIF's own names for logical-location kinds where one fits; other kinds keep ours.
_LOGICAL_KINDS = {"function": "function", "procedure": "function", "aggregate": "function"}
_CHAIN_HOPS = 6
_CHAIN_OBJECT_CHARS = 80


def _rule_name(rule_id: str) -> str:
    """SARIF's `name`: a non-localised identifier, `federal-list-contact-alert` → `FederalListContactAlert`."""
    return "".join(part[:1].upper() + part[1:] for part in rule_id.replace("_", "-").split("-"))


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.rule_id,
        "name": _rule_name(rule.rule_id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": rule.doc.strip() or rule.remediation},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "severity": str(rule.severity),
            "tags": ["security", "privacy"],
        },
    }


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _logical_location(art: Artifact) -> dict[str, Any]:
    loc: dict[str, Any] = {
        "name": art.name,
        "fullyQualifiedName": art.qualified,
        "kind": _LOGICAL_KINDS.get(art.kind, art.kind),
    }
    props: dict[str, Any] = {"kind": art.kind}
    if art.table:
        props["table"] = art.table
    if art.title:
        props["title"] = art.title
    if art.owner:
        props["owner"] = art.owner
    loc["properties"] = props
    return loc


def _hop(ev: Evidence) -> str:
    obj = ev.object
    if len(obj) > _CHAIN_OBJECT_CHARS:
        obj = obj[: _CHAIN_OBJECT_CHARS - 1] + "…"
    return f"{ev.step} {obj}" + (f":{ev.line}" if ev.line is not None else "")


def _message(f: Finding) -> str:
    text = f.title.rstrip(".") + "."
    if f.evidence:
        hops = [_hop(ev) for ev in f.evidence[:_CHAIN_HOPS]]
        if len(f.evidence) > _CHAIN_HOPS:
            hops.append(f"… ({len(f.evidence) - _CHAIN_HOPS} more)")
        text += " Chain: " + " → ".join(hops) + "."
    return text


def _code_flow(f: Finding) -> dict[str, Any]:
    steps = []
    for order, ev in enumerate(f.evidence, 1):
        where = ev.object + (f" (line {ev.line})" if ev.line is not None else "")
        text = f"{ev.step}: {where}" + (f" — {ev.excerpt}" if ev.excerpt else "")
        props: dict[str, Any] = {"step": ev.step, "object": ev.object}
        if ev.line is not None:
            props["line"] = ev.line
        steps.append(
            {
                "location": {"message": {"text": text}},
                "executionOrder": order,
                "properties": props,
            }
        )
    return {
        "message": {"text": "Evidence chain, hop by hop"},
        "threadFlows": [{"locations": steps}],
    }


def _suppression(entry: Mapping[str, object]) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": "external", "status": "accepted"}
    justification = entry.get("justification")
    if justification is not None:
        out["justification"] = str(justification)
    props = {key: str(entry[key]) for key in ("by", "until") if entry.get(key) is not None}
    if props:
        out["properties"] = props
    return out


def _result(
    f: Finding, rule_index: int, suppressions: Mapping[str, Mapping[str, object]]
) -> dict[str, Any]:
    art = f.artifact
    location: dict[str, Any] = {"id": 0, "logicalLocations": [_logical_location(art)]}
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity],
        "message": {"text": _message(f)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
    }
    if art.kind == "trigger" and art.table:
        table = {
            "name": art.table.rpartition(".")[2],
            "fullyQualifiedName": art.table,
            "kind": "table",
        }
        result["relatedLocations"] = [
            {
                "id": 1,
                "logicalLocations": [table],
                "message": {"text": f"the table trigger {art.name} is on"},
            }
        ]
    if f.evidence:
        result["codeFlows"] = [_code_flow(f)]
    if f.fingerprint in suppressions:
        result["suppressions"] = [_suppression(suppressions[f.fingerprint])]
    result["properties"] = {
        "severity": str(f.severity),
        "confidence": round(f.confidence, 2),
        "title": f.title,
        "artifact": art.ref(),
        "evidence": [ev.to_json() for ev in f.evidence],
        "remediation": f.remediation,
        "references": list(f.references),
    }
    return result


def to_dict(
    report: Report,
    suppressions: Mapping[str, Mapping[str, object]] | None = None,
    rules: list[Rule] | None = None,
) -> dict[str, Any]:
    """The SARIF log as plain data.

    `suppressions` maps a finding's fingerprint to {"justification", "by", "until"}; such a
    finding is output with an accepted external suppression. `rules` defaults to the rules
    that ran in the scan.
    """
    suppressions = suppressions or {}
    known = list(rules) if rules is not None else list(report.rules)
    descriptors = [_descriptor(r) for r in known]
    index = {r.rule_id: i for i, r in enumerate(known)}
    for f in report.findings:  # a finding of a rule no longer installed keeps a valid ruleIndex
        if f.rule_id not in index:
            index[f.rule_id] = len(descriptors)
            descriptors.append(
                _descriptor(Rule(f.rule_id, f.severity, f.rule_id, "", f.remediation))
            )
    inv = report.inventory
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "alert-watchdog",
                "version": __version__,
                "rules": descriptors,
            }
        },
        "invocations": [
            {
                "executionSuccessful": True,
                "startTimeUtc": _timestamp(report.started_at),
                "endTimeUtc": _timestamp(report.finished_at),
            }
        ],
        "results": [_result(f, index[f.rule_id], suppressions) for f in report.findings],
        "properties": {
            "target": {
                "name": inv.target.name,
                "dialect": inv.target.dialect,
                "server_version": inv.target.server_version,
                "database": inv.target.database,
            },
            "artifacts": len(inv.artifacts),
            "coverage_gaps": sum(1 for f in report.findings if f.rule_id == "coverage-gap"),
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render(report: Report, suppressions: Mapping[str, Mapping[str, object]] | None = None) -> str:
    return json.dumps(to_dict(report, suppressions), indent=2, ensure_ascii=False) + "\n"
