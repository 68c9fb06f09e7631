"""The inventory and the findings: plain data shared by sources, analysis, detectors and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    """Ordered so that `--fail-on` is a simple comparison."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {text!r} (one of {names})") from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    comment: str | None = None
    default: str | None = None


@dataclass
class Artifact:
    """One inspectable thing in a target.

    `body` is the SQL the analysis reads (function source, view query, rule, cron
    command); `extra` carries kind-specific catalog facts (trigger events, server
    options, publication tables) so that new kinds need no new fields.
    """

    kind: str
    schema: str
    name: str
    owner: str | None = None
    comment: str | None = None
    table: str | None = None
    title: str | None = None
    language: str | None = None
    body: str | None = None
    columns: list[Column] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    roles: set[str] = field(default_factory=set)

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.schema.lower(), self.name.lower())

    def ref(self) -> dict[str, str]:
        """The `artifact` object of the JSON report."""
        out = {"kind": self.kind, "schema": self.schema, "name": self.name}
        if self.table:
            out["table"] = self.table
        if self.title:
            out["title"] = self.title
        if self.owner:
            out["owner"] = self.owner
        if self.kind == "trigger" and self.extra.get("function"):
            out["function"] = str(self.extra["function"])
        return out


@dataclass
class Gap:
    """Something the scan could not see or parse; becomes a `coverage-gap` finding."""

    artifact: Artifact
    reason: str
    fix: str
    detail: str = ""


@dataclass
class Target:
    name: str
    dialect: str = "postgres"
    server_version: str = ""
    database: str = ""
    role: str = ""


@dataclass
class Inventory:
    target: Target
    artifacts: list[Artifact] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    # aggregated distinct values of provenance columns: (schema, table, column) -> {value: count}
    provenance: dict[tuple[str, str, str], dict[str, int]] = field(default_factory=dict)
    queries: int = 0

    def of_kind(self, *kinds: str) -> list[Artifact]:
        return [a for a in self.artifacts if a.kind in kinds]


@dataclass(frozen=True)
class Evidence:
    step: str
    object: str
    excerpt: str = ""
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"step": self.step, "object": self.object}
        if self.line is not None:
            out["line"] = self.line
        out["excerpt"] = self.excerpt
        return out


@dataclass
class Finding:
    rule_id: str
    severity: Severity
    confidence: float
    title: str
    artifact: Artifact
    evidence: list[Evidence]
    fingerprint: str
    remediation: str
    references: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "severity": str(self.severity),
            "confidence": round(self.confidence, 2),
            "title": self.title,
            "artifact": self.artifact.ref(),
            "evidence": [e.to_json() for e in self.evidence],
            "fingerprint": self.fingerprint,
            "remediation": self.remediation,
            "references": list(self.references),
        }


def finding_from_json(data: dict[str, Any]) -> Finding:
    """The inverse of `Finding.to_json`, for findings remembered by the state store."""
    ref = dict(data["artifact"])
    function = ref.pop("function", None)
    artifact = Artifact(
        kind=ref["kind"],
        schema=ref.get("schema", ""),
        name=ref["name"],
        owner=ref.get("owner"),
        table=ref.get("table"),
        title=ref.get("title"),
        extra={"function": function} if function else {},
    )
    return Finding(
        rule_id=data["rule_id"],
        severity=Severity.parse(data["severity"]),
        confidence=float(data.get("confidence", 1.0)),
        title=data.get("title", ""),
        artifact=artifact,
        evidence=[
            Evidence(e["step"], e["object"], e.get("excerpt", ""), e.get("line"))
            for e in data.get("evidence", [])
        ],
        fingerprint=data["fingerprint"],
        remediation=data.get("remediation", ""),
        references=list(data.get("references", [])),
    )
