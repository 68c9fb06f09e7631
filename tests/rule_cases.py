"""The rule pack's own cases (`detectors/<rule_id>.yaml`), read and run through the offline
path: each case's SQL is scanned as a dump in its dialect, without a database, so the
whole pack runs in seconds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from watchdog.engine import scan_dump
from watchdog.model import Finding
from watchdog.policy import load_policy

DETECTORS = Path(__file__).resolve().parent.parent / "detectors"


@dataclass
class Expect:
    artifact: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class RuleCase:
    rule: str
    name: str
    dialect: str
    sql: str
    expect: list[Expect]
    quiet: list[str]
    quiet_all: bool

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.name}"


def load_cases(path: Path) -> list[RuleCase]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    rule = str(data["rule"])
    out = []
    for c in data["cases"]:
        quiet = c.get("quiet", [])
        out.append(
            RuleCase(
                rule,
                str(c["name"]),
                str(c.get("dialect", "postgres")),
                str(c["sql"]),
                [
                    Expect(str(e["artifact"]), list(e.get("evidence", [])))
                    for e in c.get("expect", [])
                ],
                [] if quiet == "all" else [str(q) for q in quiet],
                quiet == "all",
            )
        )
    return out


def all_cases() -> list[RuleCase]:
    return [c for p in sorted(DETECTORS.glob("*.yaml")) for c in load_cases(p)]


def _names(f: Finding) -> str:
    a = f.artifact
    return " ".join(
        str(v) for v in (a.kind, a.schema, a.name, a.table or "", a.title or "")
    ).lower()


def _in_order(wanted: list[str], steps: list[str]) -> bool:
    it = iter(steps)
    return all(any(s == w for s in it) for w in wanted)


def problems(case: RuleCase) -> list[str]:
    report = scan_dump(case.sql, case.dialect, load_policy(), name=case.name)
    hits = [f for f in report.findings if f.rule_id == case.rule]
    out = []
    for e in case.expect:
        mine = [f for f in hits if e.artifact.lower() in _names(f)]
        if not mine:
            out.append(f"no {case.rule} on {e.artifact}; got {[_names(f) for f in hits]}")
            continue
        steps = [ev.step for ev in mine[0].evidence]
        if e.evidence and not _in_order(e.evidence, steps):
            out.append(f"evidence of {e.artifact} is {steps}, wanted {e.evidence} in order")
    for q in case.quiet:
        out += [
            f"{case.rule} on {_names(f)} should stay quiet" for f in hits if q.lower() in _names(f)
        ]
    if case.quiet_all and hits:
        out.append(f"{case.rule} should not fire at all: {[_names(f) for f in hits]}")
    return out
