"""Names of built-in functions and system procedures: a call to one is neither a
routine to follow nor an unresolved reference. A built-in passes its arguments' sources
through to its result (`to_jsonb(NEW)` carries NEW; `coalesce(a, b)` carries both)."""

from __future__ import annotations

from importlib import resources

from watchdog.analysis.ir import CallRef

SYSTEM_PREFIXES = ("sp_", "xp_", "dbms_", "utl_", "apex_", "sys.", "pg_", "msdb.", "master.")
SYSTEM_SCHEMAS = ("pg_catalog", "sys", "information_schema")


def _load() -> frozenset[str]:
    text = resources.files("watchdog").joinpath("data/builtin_functions.txt").read_text("utf-8")
    return frozenset(w.strip().lower() for w in text.split() if w.strip() and not w.startswith("#"))


BUILTINS = _load()


def is_builtin(call: CallRef) -> bool:
    name = call.parts[-1].lower()
    full = ".".join(call.parts).lower()
    if len(call.parts) >= 2:
        if call.parts[-2].lower() in SYSTEM_SCHEMAS:
            return True
        return full.startswith(SYSTEM_PREFIXES)
    return name in BUILTINS or name.startswith(SYSTEM_PREFIXES)
