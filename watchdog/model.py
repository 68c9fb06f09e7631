"""The inventory, the rules and the findings: plain data shared by sources, analysis,
detectors and reports.

Everything here is data without behaviour beyond presentation, so that every layer can
import it and it imports nothing of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any


class Severity(IntEnum):
    """Ordered so that `--fail-on` is a simple comparison."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {text!r} (one of {names})") from None

    def __str__(self) -> str:
        return self.name.lower()


class ArtifactKind(StrEnum):
    """What an artifact is; the value is the `kind` string of the JSON report."""

    TABLE = "table"
    FOREIGN_TABLE = "foreign_table"
    VIEW = "view"
    MATERIALIZED_VIEW = "materialized_view"
    FUNCTION = "function"
    PROCEDURE = "procedure"
    AGGREGATE = "aggregate"
    TRIGGER = "trigger"
    RULE = "rule"
    EVENT_TRIGGER = "event_trigger"
    CRON_JOB = "cron_job"
    SCHEDULED_JOB = "scheduled_job"
    STORED_QUERY = "stored_query"
    PUBLICATION = "publication"
    FOREIGN_SERVER = "foreign_server"
    EXTENSION = "extension"
    LANGUAGE = "language"
    # placeholders that name what a coverage gap is about
    CATALOG = "catalog"
    DATA = "data"
    DUMP_STATEMENT = "dump_statement"


@dataclass(frozen=True)
class KindTraits:
    """What the analysis may do with an artifact of a kind.

    relation: has columns, is read and written by code; code: has a body to parse;
    entry: runs by itself, on a data event or a schedule, so an alert can start there;
    routine: is called by other code; schedule: an entry that runs on a clock, whose
    events are the rows it polls; channel: carries data out of the database itself.
    """

    relation: bool = False
    code: bool = False
    entry: bool = False
    routine: bool = False
    schedule: bool = False
    channel: bool = False
    pseudo: bool = False


KIND_TRAITS: dict[ArtifactKind, KindTraits] = {
    ArtifactKind.TABLE: KindTraits(relation=True),
    ArtifactKind.FOREIGN_TABLE: KindTraits(relation=True, channel=True),
    ArtifactKind.VIEW: KindTraits(relation=True, code=True),
    ArtifactKind.MATERIALIZED_VIEW: KindTraits(relation=True, code=True),
    ArtifactKind.FUNCTION: KindTraits(code=True, routine=True),
    ArtifactKind.PROCEDURE: KindTraits(code=True, routine=True),
    ArtifactKind.AGGREGATE: KindTraits(routine=True),
    ArtifactKind.TRIGGER: KindTraits(code=True, entry=True),
    ArtifactKind.RULE: KindTraits(code=True, entry=True),
    ArtifactKind.EVENT_TRIGGER: KindTraits(),
    ArtifactKind.CRON_JOB: KindTraits(code=True, entry=True, schedule=True),
    ArtifactKind.SCHEDULED_JOB: KindTraits(code=True, entry=True, schedule=True),
    ArtifactKind.STORED_QUERY: KindTraits(code=True, entry=True, schedule=True),
    ArtifactKind.PUBLICATION: KindTraits(channel=True),
    ArtifactKind.FOREIGN_SERVER: KindTraits(channel=True),
    ArtifactKind.EXTENSION: KindTraits(),
    ArtifactKind.LANGUAGE: KindTraits(),
    ArtifactKind.CATALOG: KindTraits(pseudo=True),
    ArtifactKind.DATA: KindTraits(pseudo=True),
    ArtifactKind.DUMP_STATEMENT: KindTraits(pseudo=True),
}


def traits(kind: ArtifactKind) -> KindTraits:
    return KIND_TRAITS[kind]


def kinds_where(**wanted: bool) -> frozenset[ArtifactKind]:
    """Every kind whose traits match, so that code never lists kinds by hand."""
    return frozenset(
        k for k, t in KIND_TRAITS.items() if all(getattr(t, n) == v for n, v in wanted.items())
    )


class Role(StrEnum):
    """Roles the analysis gives relations, as the inventory of the report names them."""

    CONTACT_SOURCE = "contact-source"
    PERSON_KEY = "person-key"
    LIST = "list"
    FEDERAL_TIE = "federal-tie"
    SINK = "sink"
    IMMIGRATION = "immigration-attributes"
    PROVENANCE = "provenance"


# ---------------------------------------------------------------------------------------
# typed details per kind


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    comment: str | None = None
    default: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    """A foreign key: the structural evidence that a column identifies a row elsewhere
    (a person key pointing at the master name index is not a list membership)."""

    columns: tuple[str, ...]
    ref_schema: str
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass
class RelationDetails:
    oid: int | None = None
    rls: bool = False
    primary_key: list[str] = field(default_factory=list)
    estimated_rows: int | None = None
    server: str | None = None
    options: dict[str, str] = field(default_factory=dict)
    foreign_keys: list[ForeignKey] = field(default_factory=list)


@dataclass(frozen=True)
class Param:
    """A routine parameter: name (may be empty), type, mode (IN, OUT, INOUT, VARIADIC)."""

    name: str
    type: str = ""
    mode: str = "IN"
    has_default: bool = False


@dataclass
class RoutineDetails:
    oid: int | None = None
    args: str = ""
    full_args: str = ""
    result: str = ""
    security_definer: bool = False
    atomic: bool = False
    params: list[Param] = field(default_factory=list)
    search_path: list[str] | None = None
    package: str | None = None
    source: str | None = None

    @property
    def in_params(self) -> list[Param]:
        return [p for p in self.params if p.mode != "OUT"]


@dataclass
class TriggerDetails:
    oid: int | None = None
    timing: str = "AFTER"
    events: list[str] = field(default_factory=list)
    level: str = "ROW"
    enabled: str = "enabled"
    function: str = ""
    function_oid: int | None = None
    function_name: tuple[str, str] | None = None
    arguments: list[str] = field(default_factory=list)
    definition: str = ""
    new_table: str | None = None
    old_table: str | None = None
    when: str | None = None  # a dump trigger's WHEN condition (PostgreSQL's is its body)


@dataclass
class RuleDetails:
    oid: int | None = None
    events: list[str] = field(default_factory=list)
    instead: bool = False
    enabled: str = "enabled"


@dataclass
class EventTriggerDetails:
    oid: int | None = None
    event: str = ""
    tags: list[str] = field(default_factory=list)
    enabled: str = "enabled"
    function: str = ""


@dataclass
class JobDetails:
    """pg_cron jobs, SQL Server Agent steps, Oracle scheduler jobs, MySQL events."""

    jobid: int | str | None = None
    schedule: str | None = None
    database: str | None = None
    active: bool = True
    job: str | None = None
    source: str | None = None


@dataclass
class StoredQueryDetails:
    column: str = ""
    json_path: str | None = None
    schedule: str | None = None
    recipients: list[str] = field(default_factory=list)
    key: str = ""


@dataclass
class PublicationDetails:
    all_tables: bool = False
    tables: list[str] = field(default_factory=list)
    operations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UserMapping:
    user: str
    remote_user: str | None = None
    hidden: bool = False


@dataclass
class ServerDetails:
    wrapper: str = ""
    options: dict[str, str] = field(default_factory=dict)
    mappings: list[UserMapping] = field(default_factory=list)


@dataclass
class ExtensionDetails:
    version: str | None = None
    outbound: bool = False
    trusted: bool | None = None


@dataclass
class NoDetails:
    pass


Details = (
    RelationDetails
    | RoutineDetails
    | TriggerDetails
    | RuleDetails
    | EventTriggerDetails
    | JobDetails
    | StoredQueryDetails
    | PublicationDetails
    | ServerDetails
    | ExtensionDetails
    | NoDetails
)

DETAILS_OF: dict[ArtifactKind, type[Details]] = {
    ArtifactKind.TABLE: RelationDetails,
    ArtifactKind.FOREIGN_TABLE: RelationDetails,
    ArtifactKind.VIEW: RelationDetails,
    ArtifactKind.MATERIALIZED_VIEW: RelationDetails,
    ArtifactKind.FUNCTION: RoutineDetails,
    ArtifactKind.PROCEDURE: RoutineDetails,
    ArtifactKind.AGGREGATE: RoutineDetails,
    ArtifactKind.TRIGGER: TriggerDetails,
    ArtifactKind.RULE: RuleDetails,
    ArtifactKind.EVENT_TRIGGER: EventTriggerDetails,
    ArtifactKind.CRON_JOB: JobDetails,
    ArtifactKind.SCHEDULED_JOB: JobDetails,
    ArtifactKind.STORED_QUERY: StoredQueryDetails,
    ArtifactKind.PUBLICATION: PublicationDetails,
    ArtifactKind.FOREIGN_SERVER: ServerDetails,
    ArtifactKind.EXTENSION: ExtensionDetails,
    ArtifactKind.LANGUAGE: ExtensionDetails,
}


@dataclass(eq=False, repr=False)
class Artifact:
    """One inspectable thing in a target.

    `body` is the SQL the analysis reads (function source, view query, trigger WHEN
    condition, rule, job command, stored query); `details` the kind's own catalog facts.
    Artifacts compare by identity: two overloads, or a quoted upper-case twin, are
    different artifacts even where their names fold to the same text.
    """

    kind: ArtifactKind
    schema: str
    name: str
    owner: str | None = None
    comment: str | None = None
    table: str | None = None
    title: str | None = None
    language: str | None = None
    body: str | None = None
    columns: list[Column] = field(default_factory=list)
    details: Details = field(default_factory=NoDetails)
    line: int | None = None

    def __post_init__(self) -> None:
        self.kind = ArtifactKind(self.kind)
        if isinstance(self.details, NoDetails) and self.kind in DETAILS_OF:
            self.details = DETAILS_OF[self.kind]()

    def __repr__(self) -> str:
        return f"<{self.kind} {self.qualified}>"

    @property
    def traits(self) -> KindTraits:
        return KIND_TRAITS[self.kind]

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name

    @property
    def key(self) -> tuple[str, str, str]:
        return (str(self.kind), self.schema.lower(), self.name.lower())

    @property
    def signature(self) -> str:
        """Identity arguments of a routine: what tells overloads apart."""
        d = self.details
        return d.args if isinstance(d, RoutineDetails) else ""

    @property
    def enabled(self) -> bool:
        d = self.details
        if isinstance(d, TriggerDetails | RuleDetails | EventTriggerDetails):
            return d.enabled != "disabled"
        if isinstance(d, JobDetails):
            return d.active
        return True

    def ref(self) -> dict[str, str]:
        """The `artifact` object of the JSON report."""
        out = {"kind": str(self.kind), "schema": self.schema, "name": self.name}
        if self.table:
            out["table"] = self.table
        if self.title:
            out["title"] = self.title
        if self.owner:
            out["owner"] = self.owner
        d = self.details
        if isinstance(d, TriggerDetails) and d.function:
            out["function"] = d.function
        return out


@dataclass
class Gap:
    """Something the scan could not see or parse; becomes a `coverage-gap` finding."""

    artifact: Artifact
    reason: str
    fix: str


@dataclass
class Target:
    """The database or dump a scan looked at."""

    name: str
    dialect: str = "postgres"
    server_version: str = ""
    database: str = ""
    role: str = ""


@dataclass
class Inventory:
    """Every artifact of a target as the sources read it, before any analysis."""

    target: Target
    artifacts: list[Artifact] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    # aggregated distinct values of provenance columns: (schema, table, column) -> {value: count}
    provenance: dict[tuple[str, str, str], dict[str, int]] = field(default_factory=dict)
    queries: int = 0

    def of_kind(self, *kinds: ArtifactKind | str) -> list[Artifact]:
        wanted = {ArtifactKind(k) for k in kinds}
        return [a for a in self.artifacts if a.kind in wanted]


# ---------------------------------------------------------------------------------------
# rules, evidence and findings


@dataclass(frozen=True)
class Rule:
    """A rule's public metadata. `doc` holds its "What it finds / Why it matters /
    Anti-pattern / Remediation" text, which `rules explain`, the HTML help and SARIF's
    rule help show."""

    rule_id: str
    severity: Severity
    title: str
    rationale: str
    remediation: str
    doc: str = ""


@dataclass(frozen=True)
class Evidence:
    """One hop of a finding's chain. `kind` says what sort of fact it is (a tie's source,
    a sink's channel); `basis` whether the analysis saw it in the structure of the code
    or only in a name, so that a user can weigh it."""

    step: str
    object: str
    excerpt: str = ""
    line: int | None = None
    kind: str | None = None
    basis: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"step": self.step, "object": self.object}
        if self.line is not None:
            out["line"] = self.line
        out["excerpt"] = self.excerpt
        if self.kind:
            out["kind"] = self.kind
        if self.basis:
            out["basis"] = self.basis
        return out


@dataclass
class Finding:
    """A rule's verdict on one artifact, with its evidence chain and fingerprint."""

    rule_id: str
    severity: Severity
    confidence: float
    title: str
    artifact: Artifact
    evidence: list[Evidence]
    fingerprint: str
    remediation: str
    references: list[str]
    confidence_factors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule_id": self.rule_id,
            "severity": str(self.severity),
            "confidence": round(self.confidence, 2),
            "title": self.title,
            "artifact": self.artifact.ref(),
            "evidence": [e.to_json() for e in self.evidence],
            "fingerprint": self.fingerprint,
            "remediation": self.remediation,
            "references": list(self.references),
        }
        if self.confidence_factors:
            out["confidence_factors"] = list(self.confidence_factors)
        return out


def finding_from_json(data: dict[str, Any]) -> Finding:
    """The inverse of `Finding.to_json`, for findings remembered by the state store."""
    ref = dict(data["artifact"])
    function = ref.pop("function", None)
    kind = ArtifactKind(ref["kind"])
    details: Details = TriggerDetails(function=function) if function else NoDetails()
    artifact = Artifact(
        kind=kind,
        schema=ref.get("schema", ""),
        name=ref["name"],
        owner=ref.get("owner"),
        table=ref.get("table"),
        title=ref.get("title"),
        details=details,
    )
    return Finding(
        rule_id=data["rule_id"],
        severity=Severity.parse(data["severity"]),
        confidence=float(data.get("confidence", 1.0)),
        title=data.get("title", ""),
        artifact=artifact,
        evidence=[
            Evidence(
                e["step"],
                e["object"],
                e.get("excerpt", ""),
                e.get("line"),
                e.get("kind"),
                e.get("basis"),
            )
            for e in data.get("evidence", [])
        ],
        fingerprint=data["fingerprint"],
        remediation=data.get("remediation", ""),
        references=list(data.get("references", [])),
        confidence_factors=list(data.get("confidence_factors", [])),
    )


@dataclass
class Report:
    """One scan's result as every output reads it: the inventory, the roles the analysis
    gave each artifact, the findings, and the metadata of the rules that ran."""

    inventory: Inventory
    findings: list[Finding]
    started_at: datetime
    finished_at: datetime
    roles: dict[int, frozenset[str]] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()

    def roles_of(self, artifact: Artifact) -> frozenset[str]:
        return self.roles.get(id(artifact), frozenset())
