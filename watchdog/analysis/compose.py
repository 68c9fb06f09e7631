"""Interprocedural composition: from an entry (trigger, rule, job, stored query) through
every routine it calls, the effects it can have, each under the full guard that leads
to it and with the callee's parameters replaced by the caller's arguments.

Calls are resolved by identity (`catalog`); an ambiguous call follows every candidate;
a call the inventory cannot resolve is recorded so that it becomes a coverage gap
unless it names a built-in. Expansion is bounded: at most MAX_BODIES bodies and
MAX_DEPTH nested calls per entry; beyond that the entry is reported as only partly
followed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from watchdog.analysis.bodies import BodyModeler
from watchdog.analysis.builtins import is_builtin
from watchdog.analysis.catalog import Catalog
from watchdog.analysis.interp import TG_ARGV
from watchdog.analysis.ir import (
    EMPTY,
    BodyModel,
    CallOut,
    Cond,
    Const,
    Effect,
    EffectKind,
    Guard,
    Param,
    Value,
)
from watchdog.analysis.subst import Substitution
from watchdog.model import Artifact, ArtifactKind, RoutineDetails, TriggerDetails

MAX_BODIES = 200
MAX_DEPTH = 16
FALSY = frozenset({"false", "f", "0", "no", "n"})


@dataclass
class Expanded:
    """Everything an entry can do, flattened across its call chain."""

    entry: Artifact
    effects: list[Effect] = field(default_factory=list)
    bodies: list[Artifact] = field(default_factory=list)
    models: list[BodyModel] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    truncated: bool = False


class Composer:
    """Expands entries across their call chains and resolves call results, with the
    callee's parameters bound to each call's arguments."""

    def __init__(self, modeler: BodyModeler, catalog: Catalog) -> None:
        self.modeler = modeler
        self.catalog = catalog
        self._returns: dict[tuple[int, CallOut], Value] = {}

    # -- entries ------------------------------------------------------------------------------
    def expand(self, entry: Artifact) -> Expanded:
        out = Expanded(entry)
        own = self.modeler.model(entry)
        self._take(out, own)
        guard = own.when
        bind = _trigger_args(entry)
        for e in own.effects:
            self._effect(
                out, e, Substitution(bind), guard, own.artifact, depth=0, stack=(id(entry),)
            )
        if entry.kind == ArtifactKind.TRIGGER:
            fns = self.catalog.trigger_function(entry)
            d = entry.details
            if not fns and isinstance(d, TriggerDetails) and d.function:
                out.unresolved.append(d.function)
            for fn in fns:
                self._routine(out, fn, Substitution(bind), guard, 1, (id(entry),))
        return out

    def _take(self, out: Expanded, model: BodyModel) -> bool:
        if model.artifact in out.bodies:
            return True
        if len(out.bodies) >= MAX_BODIES:
            out.truncated = True
            return False
        out.bodies.append(model.artifact)
        out.models.append(model)
        return True

    def _routine(
        self,
        out: Expanded,
        fn: Artifact,
        sub: Substitution,
        guard: Guard,
        depth: int,
        stack: tuple[int, ...],
    ) -> None:
        if id(fn) in stack:
            return
        if depth > MAX_DEPTH:
            out.truncated = True
            return
        model = self.modeler.model(fn)
        if not self._take(out, model) and model.artifact not in out.bodies:
            return
        for e in model.effects:
            self._effect(out, e, sub, guard, fn, depth, (*stack, id(fn)))

    def _effect(
        self,
        out: Expanded,
        e: Effect,
        sub: Substitution,
        guard: Guard,
        body: Artifact,
        depth: int,
        stack: tuple[int, ...],
    ) -> None:
        inst = sub.effect(e, guard)
        if e.kind != EffectKind.CALL or e.call is None:
            out.effects.append(inst)
            return
        callees = self.catalog.routines(e.call, body)
        if not callees:
            if not is_builtin(e.call):
                out.unresolved.append(str(e.call))
            return
        for fn in callees:
            bind = self._binding(fn, inst.args, inst.named_args)
            self._routine(out, fn, Substitution(bind), inst.guard, depth + 1, stack)

    @staticmethod
    def _binding(
        fn: Artifact, args: tuple[Value, ...], named: tuple[tuple[str, Value], ...]
    ) -> Callable[[Param], Value | None]:
        names: dict[str, int] = {}
        d = fn.details
        if isinstance(d, RoutineDetails):
            for i, p in enumerate(d.in_params):
                if p.name:
                    names[p.name.lower().lstrip("@")] = i
        by_index: dict[int, Value] = dict(enumerate(args))
        for n, v in named:
            at = names.get(n.lower().lstrip("@"))
            if at is not None:
                by_index[at] = v

        def bind(p: Param) -> Value | None:
            if p.index >= 0:
                return by_index.get(p.index, EMPTY)
            return None

        return bind

    # -- call results -------------------------------------------------------------------------
    def resolve(self, v: Value, depth: int = 0) -> Value:
        """A value with every call result replaced by what the callee returns (its return
        values, and the conditions under which it returns them, as witness)."""
        if depth > 4 or not any(isinstance(s, CallOut) for s in v.srcs):
            return v
        out = Value(frozenset(s for s in v.srcs if not isinstance(s, CallOut)), v.witness)
        for s in v.srcs:
            if isinstance(s, CallOut):
                out = out | self._call_result(s, depth)
        return out

    def _call_result(self, call: CallOut, depth: int) -> Value:
        key = (depth, call)
        hit = self._returns.get(key)
        if hit is not None:
            return hit
        self._returns[key] = EMPTY  # recursion guard
        callees = self.catalog.routines(call.call, call.site.artifact)
        result = EMPTY
        if not callees:
            for a in call.args:
                result = result | a  # a built-in passes its arguments' sources through
        for fn in callees:
            model = self.modeler.model(fn)
            sub = Substitution(self._binding(fn, call.args, ()))
            for value, guard in model.returns:
                if _falsy(value):
                    continue
                v = self.resolve(sub.value(value), depth + 1)
                result = result | v.with_witness(sub.guard(guard))
        self._returns[key] = result
        return result


def _falsy(v: Value) -> bool:
    return (
        bool(v.srcs)
        and all(isinstance(s, Const) and s.text.lower() in FALSY for s in v.srcs)
        and not v.witness
    )


def _trigger_args(entry: Artifact) -> Callable[[Param], Value | None]:
    d = entry.details
    consts = (
        Value(frozenset(Const(a) for a in d.arguments))
        if isinstance(d, TriggerDetails) and d.arguments
        else EMPTY
    )

    def bind(p: Param) -> Value | None:
        if p == TG_ARGV:
            return consts
        return None

    return bind


def all_conds(guard: Guard, positive: bool = True, depth: int = 0) -> list[tuple[Cond, bool]]:
    """Every condition in a guard, with the witnesses of tested values unfolded, each with
    its effective polarity."""
    out: list[tuple[Cond, bool]] = []
    for c in guard:
        pol = c.positive == positive
        out.append((c, pol))
        if depth < 6:
            for v in _values_of(c):
                out += all_conds(v.witness, pol, depth + 1)
    return out


def _values_of(c: Cond) -> list[Value]:
    a = c.atom
    from watchdog.analysis.ir import Compare, Match, Opaque, Recency, Truth

    if isinstance(a, Match):
        return [a.left, a.right]
    if isinstance(a, Compare | Truth | Recency | Opaque):
        return [a.value]
    return []
