"""Instantiating a routine's model at a call site: its parameters become the caller's
argument values, in every value, guard and effect.

Memoised per (value, binding) because the same guard atoms recur in every effect of a
body: without it, a long chain of calls would rebuild the same sets many times.
"""

from __future__ import annotations

from collections.abc import Callable

from watchdog.analysis.ir import (
    EMPTY,
    CallOut,
    Compare,
    Cond,
    Effect,
    Guard,
    Match,
    Opaque,
    Param,
    Recency,
    Src,
    Truth,
    Value,
)

Binding = Callable[[Param], Value | None]


class Substitution:
    """Replaces parameters by values; unbound parameters stay as they are."""

    def __init__(self, bind: Binding) -> None:
        self.bind = bind
        self._values: dict[Value, Value] = {}
        self._conds: dict[Cond, Cond] = {}

    def value(self, v: Value) -> Value:
        if not v.srcs and not v.witness:
            return v
        hit = self._values.get(v)
        if hit is not None:
            return hit
        srcs: set[Src] = set()
        witness = set(self.guard(v.witness)) if v.witness else set()
        for s in v.srcs:
            if isinstance(s, Param):
                bound = self.bind(s)
                if bound is None:
                    srcs.add(s)
                else:
                    srcs |= bound.srcs
                    witness |= bound.witness
            elif isinstance(s, CallOut):
                srcs.add(CallOut(s.call, tuple(self.value(a) for a in s.args), s.site))
            else:
                srcs.add(s)
        out = Value(frozenset(srcs), frozenset(witness))
        self._values[v] = out
        return out

    def cond(self, c: Cond) -> Cond:
        hit = self._conds.get(c)
        if hit is not None:
            return hit
        a = c.atom
        atom: Match | Compare | Truth | Recency | Opaque
        if isinstance(a, Match):
            atom = Match(self.value(a.left), self.value(a.right), a.site)
        elif isinstance(a, Compare):
            atom = Compare(self.value(a.value), a.op, a.literals, a.site)
        elif isinstance(a, Truth):
            atom = Truth(self.value(a.value), a.site, a.presence)
        elif isinstance(a, Recency):
            atom = Recency(self.value(a.value), a.site)
        else:
            atom = Opaque(self.value(a.value), a.site)
        out = Cond(atom, c.positive)
        self._conds[c] = out
        return out

    def guard(self, g: Guard) -> Guard:
        return frozenset(self.cond(c) for c in g)

    def effect(self, e: Effect, prefix: Guard) -> Effect:
        return Effect(
            e.kind,
            prefix | self.guard(e.guard),
            e.site,
            target=e.target,
            op=e.op,
            columns=tuple((n, self.value(v)) for n, v in e.columns),
            carried=self.value(e.carried),
            channel=e.channel,
            destination=self.value(e.destination),
            call=e.call,
            args=tuple(self.value(a) for a in e.args),
            named_args=tuple((n, self.value(v)) for n, v in e.named_args),
        )


def positional(values: list[Value] | tuple[Value, ...]) -> Binding:
    def bind(p: Param) -> Value | None:
        return values[p.index] if 0 <= p.index < len(values) else None

    return bind


def no_params() -> Binding:
    def bind(p: Param) -> Value | None:
        return EMPTY if p.index >= 0 else None

    return bind
