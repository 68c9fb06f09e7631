"""The JSON report, schema_version 1: a public contract, changed only by adding."""

from __future__ import annotations

import json
from typing import Any

from watchdog import __version__
from watchdog.engine import Report

SCHEMA_VERSION = 1


def to_dict(report: Report) -> dict[str, Any]:
    inv = report.inventory
    gaps = sum(1 for f in report.findings if f.rule_id == "coverage-gap")
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "alert-watchdog", "version": __version__},
        "target": {
            "name": inv.target.name,
            "dialect": inv.target.dialect,
            "server_version": inv.target.server_version,
            "database": inv.target.database,
            "role": inv.target.role,
        },
        "scan": {
            "started_at": report.started_at.isoformat(),
            "finished_at": report.finished_at.isoformat(),
            "artifacts": len(inv.artifacts),
            "coverage_gaps": gaps,
            "catalog_queries": inv.queries,
        },
        "inventory": [
            {
                "kind": a.kind,
                "schema": a.schema,
                "name": a.name,
                "roles": sorted(a.roles),
                **({"table": a.table} if a.table else {}),
                **({"owner": a.owner} if a.owner else {}),
                **({"title": a.title} if a.title else {}),
            }
            for a in inv.artifacts
        ],
        "findings": [f.to_json() for f in report.findings],
    }


def render(report: Report) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"
