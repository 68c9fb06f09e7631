"""The effect model of a body: what it does (effects), under which conditions (guards),
and where each value comes from (sources) — the shape taint analysis gives to code,
brought to database code.

A value is a set of *sources* (a column of the triggering row, a column of a relation
read, a parameter, a constant, a call's result) and a *witness*: the conditions that
must have held for the value to exist (`SELECT 1 INTO v FROM list WHERE pid = NEW.pid`
gives `v` the witness "NEW.pid matches list.pid"). A guard is a set of conditions, each
an atom with a polarity. Effects (writes, notifications, outbound calls, calls of other
routines, results delivered by a stored query) carry the guard they run under.

Everything here is immutable and hashable, so that models can be shared and cached,
and a routine's model, written in terms of its parameters, can be instantiated at each
call site by substitution.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from watchdog.model import Artifact
from watchdog.redact import excerpt as _excerpt


@dataclass(frozen=True)
class Site:
    """Where a fact sits: the artifact whose body holds it, a line, the raw text around.
    The text is masked only when shown: most sites never reach a finding."""

    artifact: Artifact
    line: int | None
    raw: str = ""

    @property
    def excerpt(self) -> str:
        return _excerpt(self.raw)


@dataclass(frozen=True)
class RelRef:
    """A relation named in code, with each part folded by the dialect's rules (unquoted
    names folded, quoted ones exact), and whether folding was case-insensitive."""

    parts: tuple[str, ...]
    ci: bool = False

    @property
    def name(self) -> str:
        return self.parts[-1]

    def __str__(self) -> str:
        return ".".join(self.parts)


@dataclass(frozen=True)
class CallRef:
    """A routine called by name, with how many positional and which named arguments."""

    parts: tuple[str, ...]
    nargs: int
    named: tuple[str, ...] = ()
    ci: bool = False

    def __str__(self) -> str:
        return ".".join(self.parts)


class RowKind(StrEnum):
    NEW = "new"  # the triggering row (NEW, :new, inserted, a transition table's rows)
    OLD = "old"
    REL = "rel"  # a row of a relation read by name


@dataclass(frozen=True)
class Row:
    """A column of a row: of the triggering row (NEW/OLD), or of a relation read.
    Column `*` stands for the whole row (a record variable, `to_jsonb(NEW)`)."""

    kind: RowKind
    column: str
    rel: RelRef | None = None


@dataclass(frozen=True)
class Param:
    """A routine's parameter, by position (0-based) and name, bound at each call site."""

    index: int
    name: str = ""


@dataclass(frozen=True)
class Const:
    text: str


@dataclass(frozen=True)
class CallOut:
    """The result of calling a routine: resolved at composition, through the callee's
    return values, so that `IF on_list(NEW.pid)` becomes a membership test."""

    call: CallRef
    args: tuple[Value, ...]
    site: Site


Src = Row | Param | Const | CallOut


@dataclass(frozen=True)
class Value:
    """Where a value comes from (`srcs`) and what had to hold for it to exist (`witness`)."""

    srcs: frozenset[Src] = frozenset()
    witness: frozenset[Cond] = frozenset()

    def __or__(self, other: Value) -> Value:
        if not other.srcs and not other.witness:
            return self
        if not self.srcs and not self.witness:
            return other
        return Value(self.srcs | other.srcs, self.witness | other.witness)

    def with_witness(self, conds: frozenset[Cond]) -> Value:
        return Value(self.srcs, self.witness | conds) if conds else self

    @property
    def consts(self) -> list[str]:
        return [s.text for s in self.srcs if isinstance(s, Const)]


EMPTY = Value()


def union(values: list[Value] | tuple[Value, ...]) -> Value:
    out = EMPTY
    for v in values:
        out = out | v
    return out


# ---------------------------------------------------------------------------------------
# atoms of conditions


@dataclass(frozen=True)
class Match:
    """Two values related by equality, IN (subquery), = ANY or a join: the shape of a
    membership test when one side is the event's and the other a relation's column."""

    left: Value
    right: Value
    site: Site


@dataclass(frozen=True)
class Compare:
    """A value compared with literals (`= 'HSI'`, `IN ('A','B')`, `<> 'USA'`, `LIKE`)."""

    value: Value
    op: str
    literals: tuple[str, ...]
    site: Site


@dataclass(frozen=True)
class Truth:
    """A value tested for truth (a boolean column, a helper's result, `n > 0`) or, with
    `presence`, only for being there (`FOUND`, `v IS NOT NULL`): a present phone number
    is not a flag, a fetched row is still a membership witness."""

    value: Value
    site: Site
    presence: bool = False


@dataclass(frozen=True)
class Recency:
    """A value (a time column) compared with the clock: the window of a polling job."""

    value: Value
    site: Site


@dataclass(frozen=True)
class Opaque:
    """A condition the analysis could not read (unfoldable dynamic SQL, an exception)."""

    value: Value
    site: Site


Atom = Match | Compare | Truth | Recency | Opaque


@dataclass(frozen=True)
class Cond:
    """An atom of a guard with its polarity: `positive` False for `NOT EXISTS …`."""

    atom: Atom
    positive: bool = True

    def negated(self) -> Cond:
        return Cond(self.atom, not self.positive)


Guard = frozenset[Cond]


def negate(guard: Guard) -> Guard:
    return frozenset(c.negated() for c in guard)


# ---------------------------------------------------------------------------------------
# effects and the model of a body


class EffectKind(StrEnum):
    """The kinds of effect an alert can deliver through, or step through."""

    WRITE = "write"  # INSERT/UPDATE/DELETE/MERGE into a relation
    STAMP = "stamp"  # an assignment to the triggering row (NEW.col := …) in a BEFORE trigger
    NOTIFY = "notify"  # NOTIFY / pg_notify
    OUTBOUND = "outbound"  # dblink, http, mail, COPY TO PROGRAM: leaves the database
    CALL = "call"  # a routine call, expanded at composition
    RESULT = "result"  # rows a query returns to whoever runs it (stored queries)


@dataclass(frozen=True)
class Effect:
    """Something a body does, under the guard that leads to it, with what it carries."""

    kind: EffectKind
    guard: Guard
    site: Site
    target: RelRef | None = None
    op: str = ""
    columns: tuple[tuple[str, Value], ...] = ()
    carried: Value = EMPTY
    channel: str = ""
    destination: Value = EMPTY
    call: CallRef | None = None
    args: tuple[Value, ...] = ()
    named_args: tuple[tuple[str, Value], ...] = ()


@dataclass
class BodyModel:
    """What one body does, in terms of its own parameters and the triggering row."""

    artifact: Artifact
    effects: list[Effect] = field(default_factory=list)
    returns: list[tuple[Value, Guard]] = field(default_factory=list)
    reads: list[tuple[RelRef, Site]] = field(default_factory=list)
    comments: list[tuple[str, Site]] = field(default_factory=list)
    dynamic: list[tuple[str, Site]] = field(default_factory=list)
    errors: list[tuple[str, Site]] = field(default_factory=list)
    local: set[str] = field(default_factory=set)  # temp tables and cursors made inside
    when: Guard = frozenset()  # a trigger's WHEN clause, a rule's WHERE: guards everything
    outputs: list[tuple[str, Value]] = field(default_factory=list)  # a view's columns
