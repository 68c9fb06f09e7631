"""The detector contract: a rule's metadata, its pure check, and its own cases.

Detectors are registered through the `watchdog.detectors` entry-point group so that a
site can ship its own rule pack beside ours.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points

from watchdog.analysis.paths import Analysis
from watchdog.model import Artifact, Evidence, Severity

ENTRY_POINT_GROUP = "watchdog.detectors"


@dataclass(frozen=True)
class Rule:
    rule_id: str
    severity: Severity
    title: str
    rationale: str
    remediation: str


@dataclass(frozen=True)
class Case:
    """A tiny database (PostgreSQL SQL) on which the rule must, or must not, fire."""

    name: str
    sql: str
    fires: bool
    on: str = ""


@dataclass
class Hit:
    """One verdict before the engine adds severity policy, fingerprint and references."""

    artifact: Artifact
    title: str
    evidence: list[Evidence]
    confidence: float
    logic: list[Artifact] = field(default_factory=list)


@dataclass(frozen=True)
class Detector:
    rule: Rule
    check: Callable[[Analysis], Iterable[Hit]]
    cases: tuple[Case, ...] = ()


def load_detectors() -> list[Detector]:
    found: dict[str, Detector] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        det = ep.load()
        if isinstance(det, Detector):
            found[det.rule.rule_id] = det
    if not found:  # running from a source tree that is not installed
        from detectors import BUILTIN

        found = {d.rule.rule_id: d for d in BUILTIN}
    return sorted(found.values(), key=lambda d: (-int(d.rule.severity), d.rule.rule_id))
