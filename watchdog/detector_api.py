"""The narrow API between the analysis and the rule pack.

A detector is a pure function of an `AnalysisView`: the alert paths, lists, channels and
blind spots the analysis found, as plain data. Detectors import this module and the
model, nothing else of the engine; the analysis produces these types and never imports a
detector. Adding a rule is one module (and its YAML cases) in `detectors/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from watchdog.model import Artifact, Evidence, Gap, Rule, Severity, Target

ENTRY_POINT_GROUP = "watchdog.detectors"


class Basis(StrEnum):
    """How the analysis knows a hop: from the structure of code, or only from a name."""

    STRUCTURE = "structure"
    NAME = "name"


class TieKind(StrEnum):
    """Where a federal tie was found."""

    NAME = "name"
    SCHEMA = "schema"
    COMMENT = "comment"
    COLUMN_COMMENT = "column-comment"
    COLUMN_NAME = "column-name"
    PROVENANCE_DEFAULT = "provenance-default"
    PROVENANCE_VALUES = "provenance-values"
    SERVER_HOST = "server-host"
    RECIPIENT = "recipient"
    ROW_RECIPIENT = "row-recipient"  # a stored query's recipient, kept in its row
    CODE_COMMENT = "code-comment"
    FLAG_COLUMN = "flag-column"
    FILTER = "filter"
    LINEAGE = "lineage"
    PUBLICATION = "publication"


@dataclass(frozen=True)
class Tie:
    """A federal tie: what kind of evidence, on which object, naming which agency, and
    the words or value that show it (already redacted)."""

    kind: TieKind
    object: str
    agency: str
    value: str
    line: int | None = None

    def evidence(self) -> Evidence:
        return Evidence("federal tie", self.object, describe_tie(self), self.line, str(self.kind))


def describe_tie(t: Tie) -> str:
    words = {
        TieKind.NAME: f"name {t.value!r} names {t.agency}",
        TieKind.SCHEMA: f"schema {t.value!r} names {t.agency}",
        TieKind.COMMENT: f"comment: {t.value}",
        TieKind.COLUMN_COMMENT: f"column comment: {t.value}",
        TieKind.COLUMN_NAME: f"column {t.value!r} names {t.agency}",
        TieKind.PROVENANCE_DEFAULT: f"provenance column defaults to {t.value!r}",
        TieKind.PROVENANCE_VALUES: f"data: {t.value}",
        TieKind.SERVER_HOST: f"foreign server at federal host {t.value}",
        TieKind.RECIPIENT: f"delivers to federal recipient {t.value}",
        TieKind.ROW_RECIPIENT: f"delivered to federal recipient {t.value}",
        TieKind.CODE_COMMENT: f"code comment: {t.value}",
        TieKind.FLAG_COLUMN: f"flag column {t.value!r} names {t.agency}",
        TieKind.FILTER: f"filters on {t.value}",
        TieKind.LINEAGE: f"filled from {t.value}",
        TieKind.PUBLICATION: f"publication names {t.agency}: {t.value}",
    }
    return words[t.kind]


@dataclass(frozen=True)
class Located:
    """A place in a body: the artifact, a line, a redacted excerpt."""

    artifact: Artifact
    line: int | None
    excerpt: str


class MembershipKind(StrEnum):
    LIST = "list"  # the event's person is found in a relation
    FLAG = "flag"  # a flag on a row related to the event's person
    LITERAL = "literal-list"  # a list of identifiers written in code
    STAMP = "stamp"  # a row stamped by an earlier step of the alert


@dataclass(frozen=True)
class Membership:
    """A membership test found on an alert path, with the ties of the set it tests."""

    kind: MembershipKind
    object: str  # what the evidence names: list relation, flag column, `col IN (n identifiers)`
    site: Located | None
    relation: Artifact | None = None
    column: str | None = None
    event_column: str | None = None
    ties: tuple[Tie, ...] = ()
    basis: Basis = Basis.STRUCTURE
    list_by_name: bool = False  # the vocabulary agrees the relation is a list
    via: tuple[str, ...] = ()  # views, helper functions or earlier steps in between


class SinkKind(StrEnum):
    TABLE = "table"
    NOTIFY = "notify"
    DBLINK = "dblink"
    HTTP = "http"
    MAIL = "mail"
    COPY_PROGRAM = "copy_program"
    FOREIGN_TABLE = "foreign_table"
    PUBLICATION = "publication"
    RECIPIENT = "recipient"
    SCHEDULE = "schedule"


@dataclass(frozen=True)
class Delivery:
    """An effect that delivers under a membership test, with its federal ties."""

    kind: SinkKind
    object: str
    site: Located | None
    relation: Artifact | None = None
    ties: tuple[Tie, ...] = ()
    sink_by_name: bool = False  # the vocabulary agrees it is a queue, outbox, mail …
    history_by_name: bool = False  # the vocabulary says it keeps history (audit, log)
    carries_person: bool = True  # the payload carries the event's person or row
    via: Artifact | None = None  # the entry that delivers, when it is a second step


@dataclass(frozen=True)
class Event:
    """What makes the entry run: the relation whose changes fire it or that it polls."""

    source: Artifact | None
    how: str
    site: Located | None = None
    contact_by_name: bool = False
    person_key_by_name: bool = False
    person_key_by_structure: bool = False


@dataclass(frozen=True)
class ImmigrationTest:
    column: str
    site: Located | None
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class AlertPath:
    """An entry, the event it runs on, the membership tests guarding its deliveries."""

    entry: Artifact
    event: Event
    memberships: tuple[Membership, ...]
    deliveries: tuple[Delivery, ...]
    immigration: tuple[ImmigrationTest, ...] = ()
    code_ties: tuple[Tie, ...] = ()
    logic: tuple[Artifact, ...] = ()
    steps: tuple[Artifact, ...] = ()
    recency: bool = False

    @property
    def is_alert(self) -> bool:
        return self.event.source is not None and bool(self.memberships) and bool(self.deliveries)

    @property
    def federal_ties(self) -> tuple[Tie, ...]:
        ties = [t for m in self.memberships for t in m.ties] + list(self.code_ties)
        ties += [t for d in self.deliveries for t in d.ties]
        return tuple(dict.fromkeys(ties))


@dataclass(frozen=True)
class ListInfo:
    """A relation that enumerates people: tested as a set by some code (structure), or
    named and keyed like a list (name)."""

    relation: Artifact
    person_keys: tuple[str, ...]
    ties: tuple[Tie, ...]
    basis: Basis
    used_by: tuple[Artifact, ...] = ()
    filled_by: tuple[Artifact, ...] = ()  # code that inserts into it
    pruned_by: tuple[Artifact, ...] = ()  # code that deletes from it or empties it
    flags: tuple[str, ...] = ()  # when the list is a mark on rows of a larger table


class ChannelKind(StrEnum):
    SERVER = "server"
    PUBLICATION = "publication"
    ROUTINE = "routine"
    ENTRY = "entry"


@dataclass(frozen=True)
class Channel:
    """A standing path out of the database to a federal host or recipient."""

    kind: ChannelKind
    artifact: Artifact
    ties: tuple[Tie, ...]
    deliveries: tuple[Delivery, ...] = ()
    event: Event | None = None
    detail: tuple[str, ...] = ()
    logic: tuple[Artifact, ...] = ()


@dataclass(frozen=True)
class Problem:
    message: str
    line: int | None
    excerpt: str


@dataclass(frozen=True)
class Unparsed:
    artifact: Artifact
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Unresolved:
    """References an entry makes to things the inventory does not hold: routines it
    calls (`names`) and relations it reads or writes (`relations`)."""

    artifact: Artifact
    names: tuple[str, ...]
    relations: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnalysisView:
    """Everything a detector may read."""

    target: Target
    paths: tuple[AlertPath, ...] = ()
    lists: tuple[ListInfo, ...] = ()
    channels: tuple[Channel, ...] = ()
    gaps: tuple[Gap, ...] = ()
    unparsed: tuple[Unparsed, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    truncated: tuple[Artifact, ...] = ()


@dataclass
class Hit:
    """One verdict before the engine adds severity policy, fingerprint and references."""

    artifact: Artifact
    title: str
    evidence: list[Evidence]
    confidence: float
    logic: list[Artifact] = field(default_factory=list)
    factors: list[str] = field(default_factory=list)
    severity: Severity | None = None


@dataclass(frozen=True)
class Detector:
    """A rule's metadata and its pure check over the analysis."""

    rule: Rule
    check: Callable[[AnalysisView], Iterable[Hit]]
