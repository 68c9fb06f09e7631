"""The JSON report, schema_version 1: a public contract, changed only by adding.

Written piece by piece so that a report of 100,000 inventory entries never exists twice
in memory (once as objects, once as one large string).
"""

from __future__ import annotations

import io
import json
from typing import Any, TextIO

from watchdog import __version__
from watchdog.model import Artifact, Report

SCHEMA_VERSION = 1


def header(report: Report) -> dict[str, Any]:
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
    }


def inventory_entry(a: Artifact, roles: frozenset[str] = frozenset()) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": str(a.kind),
        "schema": a.schema,
        "name": a.name,
        "roles": sorted(roles),
    }
    for key in ("table", "owner", "title"):
        value = getattr(a, key)
        if value:
            out[key] = value
    return out


def to_dict(report: Report) -> dict[str, Any]:
    return {
        **header(report),
        "inventory": [inventory_entry(a, report.roles_of(a)) for a in report.inventory.artifacts],
        "findings": [f.to_json() for f in report.findings],
    }


def write(report: Report, fh: TextIO) -> None:
    head = json.dumps(header(report), indent=2, ensure_ascii=False)
    fh.write(head[:-2] + ",\n")

    def array(key: str, items: Any) -> None:
        fh.write(f'  "{key}": [')
        first = True
        for item in items:
            fh.write(("\n    " if first else ",\n    ") + json.dumps(item, ensure_ascii=False))
            first = False
        fh.write("\n  ]" if not first else "]")

    array("inventory", (inventory_entry(a, report.roles_of(a)) for a in report.inventory.artifacts))
    fh.write(",\n")
    array("findings", (f.to_json() for f in report.findings))
    fh.write("\n}\n")


def render(report: Report) -> str:
    buf = io.StringIO()
    write(report, buf)
    return buf.getvalue()
