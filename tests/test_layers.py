"""The direction of data, enforced on the import graph: sources → analysis → detectors →
engine → store / notify / report. Each layer may import only what lies before it (and
the shared leaves: model, policy, text helpers); only the registry knows the rule pack."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEAVES = {
    "watchdog",
    "watchdog.model",
    "watchdog.policy",
    "watchdog.errors",
    "watchdog.redact",
    "watchdog.sqltext",
    "watchdog.detector_api",
}
# layer of a module (by prefix) -> prefixes it must not import
FORBIDDEN = {
    "watchdog.model": ["watchdog."],
    "watchdog.redact": ["watchdog."],
    "watchdog.sqltext": ["watchdog."],
    "watchdog.detector_api": [
        "watchdog.analysis",
        "watchdog.sources",
        "watchdog.engine",
        "detectors",
    ],
    "watchdog.sources": [
        "watchdog.analysis",
        "watchdog.engine",
        "watchdog.report",
        "watchdog.store",
        "watchdog.notify",
        "watchdog.daemon",
        "watchdog.registry",
        "detectors",
    ],
    "watchdog.analysis": [
        "watchdog.sources",
        "watchdog.engine",
        "watchdog.report",
        "watchdog.store",
        "watchdog.notify",
        "watchdog.daemon",
        "watchdog.registry",
        "detectors",
    ],
    "detectors": [
        "watchdog.analysis",
        "watchdog.sources",
        "watchdog.engine",
        "watchdog.report",
        "watchdog.store",
        "watchdog.notify",
        "watchdog.daemon",
        "watchdog.registry",
    ],
    "watchdog.report": ["watchdog.analysis", "watchdog.sources", "watchdog.registry", "detectors"],
    "watchdog.notify": ["watchdog.analysis", "watchdog.sources", "watchdog.registry", "detectors"],
    "watchdog.store": ["watchdog.analysis", "watchdog.sources", "watchdog.registry", "detectors"],
}


def modules() -> dict[str, Path]:
    out = {}
    for base in ("watchdog", "detectors"):
        for path in (ROOT / base).rglob("*.py"):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def _layer(name: str) -> str | None:
    best = None
    for prefix in FORBIDDEN:
        if (name == prefix or name.startswith(prefix + ".")) and (
            best is None or len(prefix) > len(best)
        ):
            best = prefix
    return best


def test_each_layer_imports_only_what_lies_before_it() -> None:
    bad = []
    for name, path in modules().items():
        layer = _layer(name)
        if layer is None:
            continue
        for imp in imports_of(path):
            for prefix in FORBIDDEN[layer]:
                if (imp == prefix.rstrip(".") or imp.startswith(prefix)) and imp not in LEAVES:
                    if name.startswith(imp):  # a package importing its own submodules
                        continue
                    bad.append(f"{name} imports {imp}")
    assert not bad, bad


def test_only_the_registry_imports_the_rule_pack() -> None:
    importers = {
        name
        for name, path in modules().items()
        if name.startswith("watchdog")
        and any(i == "detectors" or i.startswith("detectors.") for i in imports_of(path))
    }
    assert importers == {"watchdog.registry"}


def test_the_leaves_import_no_layer() -> None:
    for leaf in ("watchdog.model", "watchdog.redact", "watchdog.sqltext"):
        path = modules()[leaf]
        assert not {i for i in imports_of(path) if i.startswith("watchdog")}, leaf
