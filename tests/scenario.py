"""The scenario format of shared/scenarios/README.md: header lines say what a scan must report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Scenario:
    path: Path
    sql: str
    dialect: str | None = None
    expects: list[tuple[set[str], list[str]]] = field(default_factory=list)
    forbids: set[str] = field(default_factory=set)
    pending: str | None = None  # a known miss, with the issue that will fix it

    @property
    def id(self) -> str:
        return f"{self.path.parent.parent.name}/{self.path.stem}"


def load(path: Path) -> Scenario:
    sql = path.read_text(encoding="utf-8")
    sc = Scenario(path, sql)
    for line in sql.splitlines():
        m = re.match(r"^--\s*(expect|forbid|dialect|pending):\s*(.+)$", line.strip())
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "dialect":
            sc.dialect = value
        elif key == "pending":
            sc.pending = value
        elif key == "forbid":
            sc.forbids |= {r.strip() for r in value.split(",") if r.strip()}
        else:
            rules, _, names = value.partition("@")
            sc.expects.append(
                (
                    {r.strip() for r in rules.split(",") if r.strip()},
                    [n.strip() for n in names.split("|") if n.strip()],
                )
            )
    return sc


def _matches(artifact: dict[str, Any], names: list[str]) -> bool:
    values = [str(v).lower() for v in artifact.values() if isinstance(v, str)]
    return any(n.lower() in v for n in names for v in values)


def problems(sc: Scenario, report: dict[str, Any]) -> list[str]:
    """What the report gets wrong against the scenario's header, empty when it passes."""
    found = report["findings"]
    out = []
    for rules, names in sc.expects:
        if not any(f["rule_id"] in rules and _matches(f["artifact"], names) for f in found):
            out.append(f"missing {','.join(sorted(rules))} @ {' | '.join(names)}")
    for f in found:
        if f["rule_id"] in sc.forbids:
            out.append(f"forbidden {f['rule_id']} on {f['artifact']}")
    return out
