"""References resolved by identity: relations and routines of the inventory, found the
way the database itself would find them.

PostgreSQL folds unquoted names to lower case and keeps quoted ones exact, so `"Watch"`
and `watch` are two tables and `"NOTIFY_FN"` is not `notify_fn`; SQL Server, MySQL and
Oracle exports are matched case-insensitively. Overloads stay apart (a call is matched by
its number of arguments), a trigger's function is taken by catalog identity
(`pg_trigger.tgfoid`) where the catalog gives it, and where a reference is ambiguous
every candidate is returned, never just the first: an alert hidden behind an overload or
a search-path twin is still followed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from watchdog.analysis.ir import CallRef, RelRef
from watchdog.model import (
    Artifact,
    Inventory,
    RoutineDetails,
    TriggerDetails,
    kinds_where,
)

CASE_INSENSITIVE = frozenset({"tsql", "mysql", "oracle", "plsql"})
SYSTEM_SCHEMAS = frozenset({"pg_catalog", "information_schema", "sys", "msdb", "mysql"})
DEFAULT_PATH = ("public", "dbo", "")
RELATION_KINDS = kinds_where(relation=True)
ROUTINE_KINDS = kinds_where(routine=True)


def fold(name: str, quoted: bool, dialect: str) -> str:
    """A name as the dialect stores it: PostgreSQL folds unquoted names to lower case."""
    if dialect in CASE_INSENSITIVE:
        return name.lower()
    return name if quoted else name.lower()


@dataclass(frozen=True)
class Unresolved:
    """A reference that names nothing in the inventory."""

    what: str  # "relation" or "routine"
    name: str
    artifact: Artifact


class Catalog:
    """Indexes of the inventory's relations and routines, and resolution rules."""

    def __init__(self, inventory: Inventory) -> None:
        self.dialect = inventory.target.dialect
        self.ci = self.dialect in CASE_INSENSITIVE
        self._rel: dict[tuple[str, str], list[Artifact]] = defaultdict(list)
        self._rel_by_name: dict[str, list[Artifact]] = defaultdict(list)
        self._fn: dict[tuple[str, str], list[Artifact]] = defaultdict(list)
        self._fn_by_name: dict[str, list[Artifact]] = defaultdict(list)
        self._by_oid: dict[int, Artifact] = {}
        self.schemas: set[str] = set()
        for a in inventory.artifacts:
            if a.kind in RELATION_KINDS:
                self._rel[self._key(a.schema, a.name)].append(a)
                self._rel_by_name[self._k(a.name)].append(a)
                self.schemas.add(self._k(a.schema))
            elif a.kind in ROUTINE_KINDS:
                self._fn[self._key(a.schema, a.name)].append(a)
                self._fn_by_name[self._k(a.name)].append(a)
                if isinstance(a.details, RoutineDetails) and a.details.oid is not None:
                    self._by_oid[a.details.oid] = a

    def _k(self, s: str) -> str:
        return s.lower() if self.ci else s

    def _key(self, schema: str, name: str) -> tuple[str, str]:
        return (self._k(schema), self._k(name))

    # -- relations ----------------------------------------------------------------------
    def relation(self, ref: RelRef, body: Artifact | None = None) -> list[Artifact]:
        """Every relation `ref` can name from `body` (its search path, then anywhere)."""
        parts = [p.lower() for p in ref.parts] if (ref.ci or self.ci) else list(ref.parts)
        if len(parts) >= 2:
            return list(self._rel.get(self._key(parts[-2], parts[-1]), ()))
        name = parts[0]
        found: list[Artifact] = []
        for schema in self._path(body):
            found += self._rel.get(self._key(schema, name), ())
        if found:
            return found
        return list(self._rel_by_name.get(self._k(name), ()))

    def relation_named(self, schema: str, name: str) -> Artifact | None:
        hits = self._rel.get(self._key(schema, name), [])
        return hits[0] if len(hits) == 1 else None

    def _path(self, body: Artifact | None) -> list[str]:
        out: list[str] = []
        if body is not None:
            d = body.details
            if isinstance(d, RoutineDetails) and d.search_path is not None:
                out += [s for s in d.search_path if s != "$user"]
            if body.schema:
                out.append(body.schema)
        return list(dict.fromkeys([*out, *DEFAULT_PATH]))

    # -- routines -----------------------------------------------------------------------
    def routines(self, ref: CallRef, body: Artifact | None = None) -> list[Artifact]:
        """Routines a call can reach: same name, an arity that fits; every candidate."""
        parts = [p.lower() for p in ref.parts] if (ref.ci or self.ci) else list(ref.parts)
        if len(parts) >= 2:
            named = list(self._fn.get(self._key(parts[-2], parts[-1]), ()))
        else:
            named = []
            for schema in self._path(body):
                named += self._fn.get(self._key(schema, parts[0]), ())
            if not named:
                named = list(self._fn_by_name.get(self._k(parts[0]), ()))
        fitting = [f for f in named if _arity_fits(f, ref)]
        return fitting or named

    def trigger_function(self, trigger: Artifact) -> list[Artifact]:
        """The function a trigger executes: by catalog identity, else by its exact name
        among functions without arguments (trigger functions take none)."""
        d = trigger.details
        if not isinstance(d, TriggerDetails):
            return []
        if d.function_oid is not None:
            hit = self._by_oid.get(d.function_oid)
            return [hit] if hit is not None else []
        if d.function_name is None:
            return []
        schema, name = d.function_name
        ref = CallRef((schema, name) if schema else (name,), 0)
        cands = self.routines(ref, trigger)
        exact = [
            f for f in cands if isinstance(f.details, RoutineDetails) and not f.details.in_params
        ]
        return exact or cands


def _arity_fits(fn: Artifact, ref: CallRef) -> bool:
    d = fn.details
    if not isinstance(d, RoutineDetails) or (not d.params and d.args):
        return True  # parameters unknown (a dump without a header): any call may fit
    ins = d.in_params
    if any(p.mode == "VARIADIC" for p in ins):
        return ref.nargs + len(ref.named) >= len([p for p in ins if not p.has_default]) - 1
    required = len([p for p in ins if not p.has_default])
    given = ref.nargs + len(ref.named)
    return required <= given <= len(ins)
