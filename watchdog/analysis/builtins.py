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


def passes_through(call: CallRef) -> bool:
    """A built-in function by its exact name (`to_jsonb`, `coalesce`, `upper`): its result
    is read as its arguments, without looking for a routine of that name."""
    if len(call.parts) == 1:
        return call.parts[0].lower() in BUILTINS
    return len(call.parts) == 2 and call.parts[0].lower() == "pg_catalog"


def is_builtin(call: CallRef) -> bool:
    """Whether an unresolved call is a built-in or a system routine, not a gap."""
    name = call.parts[-1].lower()
    full = ".".join(call.parts).lower()
    if len(call.parts) >= 2:
        if call.parts[-2].lower() in SYSTEM_SCHEMAS:
            return True
        return full.startswith(SYSTEM_PREFIXES)
    return name in BUILTINS or name.startswith(SYSTEM_PREFIXES)
