"""The state store: scan runs, findings with their life, target status and the outbox.

A scan's changes and the digest that reports them are written in one transaction, before
any mail is attempted; the courier then sends what the outbox holds and marks it sent. A
crash between the two leaves a pending row that is sent after restart — never a lost mail
and never a second digest for the same scan.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from functools import cached_property
from typing import Any

from watchdog.config import StateConfig
from watchdog.model import Finding, finding_from_json
from watchdog.store.backend import Backend, PostgresBackend, SQLiteBackend, Tx
from watchdog.store.lifecycle import Prior, artifact_key, plan

_FINDING_COLS = (
    "id, target, rule_id, artifact_key, severity, title, fingerprint, finding, status, "
    "first_seen, last_seen, resolved_at, suppressed_by, suppressed_reason, suppressed_at, "
    "suppressed_until, suppressed_fingerprint"
)
_RUN_COLS = (
    "id",
    "target",
    "started_at",
    "finished_at",
    "status",
    "artifacts",
    "findings",
    "new",
    "changed",
    "resolved",
    "error",
    "outbox_id",
)
_OUTBOX_COLS = (
    "id, target, kind, subject, message, message_id, attempts, next_attempt_at, created_at, "
    "sent_at, last_error"
)


def now_utc() -> datetime:
    return datetime.now(UTC)


def _ts(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass
class FindingRow:
    id: int
    target: str
    rule_id: str
    artifact_key: str
    severity: str
    title: str
    fingerprint: str
    doc: str  # the finding's report JSON, parsed only when asked for
    status: str
    first_seen: datetime
    last_seen: datetime
    resolved_at: datetime | None
    suppressed_by: str | None
    suppressed_reason: str | None
    suppressed_at: datetime | None
    suppressed_until: datetime | None
    suppressed_fingerprint: str | None
    events: list[dict[str, Any]] = field(default_factory=list)

    @cached_property
    def finding(self) -> Finding:
        """Parsed on demand: a scan compares thousands of rows and reads few of them whole."""
        return finding_from_json(json.loads(self.doc))

    @property
    def state(self) -> str:
        """open, resolved, or suppressed: an open finding under a suppression in force."""
        return "suppressed" if self.status == "open" and self.suppressed() else self.status

    def suppressed(self, at: datetime | None = None) -> bool:
        """Active only for the logic that was reviewed, and only until its end date."""
        if self.suppressed_by is None or self.suppressed_fingerprint != self.fingerprint:
            return False
        return self.suppressed_until is None or self.suppressed_until > (at or now_utc())

    @classmethod
    def of(cls, row: Any) -> FindingRow:
        return cls(
            id=int(row[0]),
            target=row[1],
            rule_id=row[2],
            artifact_key=row[3],
            severity=row[4],
            title=row[5],
            fingerprint=row[6],
            doc=row[7],
            status=row[8],
            first_seen=datetime.fromisoformat(row[9]),
            last_seen=datetime.fromisoformat(row[10]),
            resolved_at=_dt(row[11]),
            suppressed_by=row[12],
            suppressed_reason=row[13],
            suppressed_at=_dt(row[14]),
            suppressed_until=_dt(row[15]),
            suppressed_fingerprint=row[16],
        )


@dataclass
class OutboxRow:
    id: int
    target: str | None
    kind: str
    subject: str
    message: bytes
    message_id: str
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None = None
    last_error: str | None = None


@dataclass
class ScanOutcome:
    """What one scan changed, as the digest reports it."""

    target: str
    run_id: int = 0
    new: list[Finding] = field(default_factory=list)
    changed: list[Finding] = field(default_factory=list)
    resurfaced: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    unchanged: int = 0
    suppressed: int = 0
    outbox_id: int | None = None
    came_back: bool = False  # the target had been unreachable before this scan

    @property
    def reportable(self) -> bool:
        return bool(self.new or self.changed or self.resurfaced or self.resolved)


@dataclass
class FailureOutcome:
    first: bool  # the first failure since the target was last reachable
    failures: int
    outbox_id: int | None = None


MailFn = Callable[[ScanOutcome], EmailMessage]


class Store:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    @property
    def description(self) -> str:
        return self.backend.description

    def tx(self) -> Any:
        return self.backend.tx()

    # --- scans ---------------------------------------------------------------------------

    def record_scan(
        self,
        target: str,
        started: datetime,
        findings: list[Finding],
        artifacts: int,
        mail: MailFn | None,
        finished: datetime | None = None,
        back_notice: Callable[[], EmailMessage] | None = None,
    ) -> ScanOutcome:
        """Apply one scan's findings and queue its digest, all in one transaction."""
        finished = finished or now_utc()
        out = ScanOutcome(target)
        with self.tx() as tx:
            rows = {
                r.id: r
                for r in map(
                    FindingRow.of,
                    tx.all(f"SELECT {_FINDING_COLS} FROM findings WHERE target = ?", (target,)),
                )
            }
            priors = [
                Prior(r.id, r.rule_id, r.artifact_key, r.fingerprint, r.status == "open")
                for r in rows.values()
            ]
            out.run_id = tx.one(
                "INSERT INTO runs (target, started_at, finished_at, status, artifacts, findings) "
                "VALUES (?, ?, ?, 'ok', ?, ?) RETURNING id",
                (target, _ts(started), _ts(finished), artifacts, len(findings)),
            )[0]
            for change in plan(priors, findings).changes:
                row = rows[change.prior.id] if change.prior else None
                self._apply(tx, out, change.kind, change.finding, row, finished)
            out.came_back = self._mark_up(tx, target, finished)
            if out.came_back and back_notice is not None:
                self._enqueue(tx, back_notice(), "notice", target, out.run_id, finished)
            if out.reportable and mail is not None:
                out.outbox_id = self._enqueue(tx, mail(out), "digest", target, out.run_id, finished)
            tx.run(
                "UPDATE runs SET new = ?, changed = ?, resolved = ?, outbox_id = ? WHERE id = ?",
                (
                    len(out.new),
                    len(out.changed) + len(out.resurfaced),
                    len(out.resolved),
                    out.outbox_id,
                    out.run_id,
                ),
            )
        return out

    def _apply(
        self,
        tx: Tx,
        out: ScanOutcome,
        kind: str,
        f: Finding | None,
        row: FindingRow | None,
        at: datetime,
    ) -> None:
        now = _ts(at)
        if f is None:  # resolved
            if row is None:
                return  # nothing remembered, nothing to resolve
            tx.run(
                "UPDATE findings SET status = 'resolved', resolved_at = ? WHERE id = ?",
                (now, row.id),
            )
            self._event(tx, row.id, out.run_id, now, "resolved", row.fingerprint)
            if row.suppressed(at):
                out.suppressed += 1
            else:
                out.resolved.append(row.finding)
            return
        doc = json.dumps(f.to_json(), sort_keys=True)
        values = (str(f.severity), f.title, f.fingerprint, doc, now)
        if row is None:
            fid = tx.one(
                "INSERT INTO findings (severity, title, fingerprint, finding, last_seen, target, "
                "rule_id, artifact_key, status, first_seen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) RETURNING id",
                (*values, out.target, f.rule_id, artifact_key(f.artifact), now),
            )[0]
            self._event(tx, fid, out.run_id, now, "new", f.fingerprint)
            out.new.append(f)
            return
        tx.run(
            "UPDATE findings SET severity = ?, title = ?, fingerprint = ?, finding = ?, "
            "last_seen = ?, status = 'open', resolved_at = NULL WHERE id = ?",
            (*values, row.id),
        )
        if kind == "unchanged":
            if row.suppressed_by is not None and not row.suppressed(at):
                self._lift(tx, row.id, out.run_id, now, "suppression ended")
                out.resurfaced.append(f)
            elif row.suppressed(at):
                out.suppressed += 1
            else:
                out.unchanged += 1
            return
        self._event(tx, row.id, out.run_id, now, kind, f.fingerprint, row.fingerprint)
        if row.suppressed_by is not None:
            self._lift(tx, row.id, out.run_id, now, "the alert's logic changed")
        (out.new if kind == "reopened" else out.changed).append(f)

    def _lift(self, tx: Tx, fid: int, run_id: int | None, now: str, why: str) -> None:
        tx.run(
            "UPDATE findings SET suppressed_by = NULL, suppressed_reason = NULL, "
            "suppressed_at = NULL, suppressed_until = NULL, suppressed_fingerprint = NULL "
            "WHERE id = ?",
            (fid,),
        )
        self._event(tx, fid, run_id, now, "unsuppressed", None, why)

    @staticmethod
    def _event(
        tx: Tx,
        fid: int,
        run_id: int | None,
        now: str,
        kind: str,
        fingerprint: str | None,
        detail: str | None = None,
    ) -> None:
        tx.run(
            "INSERT INTO events (finding_id, run_id, at, kind, fingerprint, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (fid, run_id, now, kind, fingerprint, detail),
        )

    def _mark_up(self, tx: Tx, target: str, at: datetime) -> bool:
        row = tx.one("SELECT status FROM targets WHERE name = ?", (target,))
        was_down = row is not None and row[0] != "up"
        tx.run(
            "INSERT INTO targets (name, status, since, failures, last_error, last_run_at) "
            "VALUES (?, 'up', ?, 0, NULL, ?) ON CONFLICT (name) DO UPDATE SET "
            "status = 'up', failures = 0, last_error = NULL, last_run_at = excluded.last_run_at, "
            "since = CASE WHEN targets.status = 'up' THEN targets.since ELSE excluded.since END",
            (target, _ts(at), _ts(at)),
        )
        return was_down

    def record_failure(
        self,
        target: str,
        started: datetime,
        status: str,
        error: str,
        notice: Callable[[], EmailMessage] | None,
    ) -> FailureOutcome:
        """A scan that could not run; the first failure in a row queues one notice."""
        at = now_utc()
        with self.tx() as tx:
            row = tx.one("SELECT status, failures FROM targets WHERE name = ?", (target,))
            first = row is None or row[0] == "up"
            failures = 1 if first else int(row[1]) + 1
            tx.run(
                "INSERT INTO runs (target, started_at, finished_at, status, error) "
                "VALUES (?, ?, ?, ?, ?)",
                (target, _ts(started), _ts(at), status, error),
            )
            tx.run(
                "INSERT INTO targets (name, status, since, failures, last_error, last_run_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                "status = excluded.status, failures = excluded.failures, "
                "last_error = excluded.last_error, last_run_at = excluded.last_run_at, "
                "since = CASE WHEN targets.status = 'up' THEN excluded.since ELSE targets.since END",
                (target, status, _ts(at), failures, error, _ts(at)),
            )
            out = FailureOutcome(first, failures)
            if first and notice is not None:
                out.outbox_id = self._enqueue(tx, notice(), "notice", target, None, at)
        return out

    def target_status(self, target: str) -> tuple[str, int] | None:
        with self.tx() as tx:
            row = tx.one("SELECT status, failures FROM targets WHERE name = ?", (target,))
        return (row[0], int(row[1])) if row else None

    def runs(self, target: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        sql = f"SELECT {', '.join(_RUN_COLS)} FROM runs"
        params: tuple[Any, ...] = ()
        if target:
            sql += " WHERE target = ?"
            params = (target,)
        with self.tx() as tx:
            rows = tx.all(sql + f" ORDER BY id DESC LIMIT {int(limit)}", params)
        return [dict(zip(_RUN_COLS, r, strict=True)) for r in rows]

    # --- outbox --------------------------------------------------------------------------

    @staticmethod
    def _enqueue(
        tx: Tx, msg: EmailMessage, kind: str, target: str | None, run_id: int | None, at: datetime
    ) -> int:
        return int(
            tx.one(
                "INSERT INTO outbox (created_at, target, run_id, kind, subject, message, "
                "message_id, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    _ts(at),
                    target,
                    run_id,
                    kind,
                    str(msg["Subject"] or ""),
                    msg.as_bytes(),
                    str(msg["Message-ID"] or ""),
                    _ts(at),
                ),
            )[0]
        )

    def due(self, at: datetime | None = None, limit: int = 20) -> list[OutboxRow]:
        with self.tx() as tx:
            rows = tx.all(
                f"SELECT {_OUTBOX_COLS} FROM outbox "
                "WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                (_ts(at or now_utc()), limit),
            )
        return [_outbox_row(r) for r in rows]

    def pending(self) -> list[OutboxRow]:
        with self.tx() as tx:
            rows = tx.all(f"SELECT {_OUTBOX_COLS} FROM outbox WHERE sent_at IS NULL ORDER BY id")
        return [_outbox_row(r) for r in rows]

    def next_due(self) -> datetime | None:
        with self.tx() as tx:
            row = tx.one("SELECT MIN(next_attempt_at) FROM outbox WHERE sent_at IS NULL")
        return _dt(row[0]) if row else None

    def mark_sent(self, outbox_id: int, at: datetime | None = None) -> None:
        with self.tx() as tx:
            tx.run(
                "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL "
                "WHERE id = ? AND sent_at IS NULL",
                (_ts(at or now_utc()), outbox_id),
            )

    def expedite(self, at: datetime | None = None) -> None:
        """Make every waiting message due now: the inbox has just taken one."""
        with self.tx() as tx:
            tx.run(
                "UPDATE outbox SET next_attempt_at = ? WHERE sent_at IS NULL AND next_attempt_at > ?",
                (_ts(at or now_utc()), _ts(at or now_utc())),
            )

    def mark_failed(self, outbox_id: int, error: str, retry_at: datetime) -> None:
        with self.tx() as tx:
            tx.run(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
                "WHERE id = ? AND sent_at IS NULL",
                (error[:500], _ts(retry_at), outbox_id),
            )

    # --- findings, for the CLI -------------------------------------------------------------

    def findings(self, target: str | None = None, status: str = "open") -> list[FindingRow]:
        sql = f"SELECT {_FINDING_COLS} FROM findings"
        where: list[str] = []
        params: list[Any] = []
        if target:
            where.append("target = ?")
            params.append(target)
        if status in ("open", "resolved"):
            where.append("status = ?")
            params.append(status)
        elif status == "suppressed":
            where.append("status = 'open' AND suppressed_by IS NOT NULL")
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self.tx() as tx:
            rows = [FindingRow.of(r) for r in tx.all(sql + " ORDER BY id", params)]
        if status == "suppressed":
            rows = [r for r in rows if r.suppressed()]
        return rows

    def finding(self, fid: int) -> FindingRow | None:
        with self.tx() as tx:
            row = tx.one(f"SELECT {_FINDING_COLS} FROM findings WHERE id = ?", (fid,))
            if row is None:
                return None
            out = FindingRow.of(row)
            out.events = [
                {"at": e[0], "kind": e[1], "run_id": e[2], "fingerprint": e[3], "detail": e[4]}
                for e in tx.all(
                    "SELECT at, kind, run_id, fingerprint, detail FROM events "
                    "WHERE finding_id = ? ORDER BY id",
                    (fid,),
                )
            ]
        return out

    def suppress(self, fid: int, by: str, reason: str, until: datetime | None) -> FindingRow:
        """Suppress the finding's current logic; a later change to it lifts the suppression."""
        at = now_utc()
        with self.tx() as tx:
            row = tx.one("SELECT fingerprint FROM findings WHERE id = ?", (fid,))
            if row is None:
                raise LookupError(f"no finding with id {fid}")
            tx.run(
                "UPDATE findings SET suppressed_by = ?, suppressed_reason = ?, suppressed_at = ?, "
                "suppressed_until = ?, suppressed_fingerprint = fingerprint WHERE id = ?",
                (by, reason, _ts(at), _ts(until) if until else None, fid),
            )
            detail = f"by {by}: {reason}" + (f" (until {_ts(until)})" if until else "")
            self._event(tx, fid, None, _ts(at), "suppressed", row[0], detail)
        return self._existing(fid)

    def _existing(self, fid: int) -> FindingRow:
        found = self.finding(fid)
        if found is None:
            raise LookupError(f"no finding with id {fid}")
        return found

    def unsuppress(self, fid: int, by: str) -> FindingRow:
        with self.tx() as tx:
            row = tx.one("SELECT suppressed_by FROM findings WHERE id = ?", (fid,))
            if row is None:
                raise LookupError(f"no finding with id {fid}")
            if row[0] is None:
                raise ValueError(f"finding {fid} is not suppressed")
            self._lift(tx, fid, None, _ts(now_utc()), f"by {by}")
        return self._existing(fid)


def _outbox_row(r: Any) -> OutboxRow:
    return OutboxRow(
        id=int(r[0]),
        target=r[1],
        kind=r[2],
        subject=r[3],
        message=bytes(r[4]),
        message_id=r[5],
        attempts=int(r[6]),
        next_attempt_at=datetime.fromisoformat(r[7]),
        created_at=datetime.fromisoformat(r[8]),
        sent_at=_dt(r[9]),
        last_error=r[10],
    )


def open_store(state: StateConfig) -> Store:
    if state.dsn is not None:
        return Store(PostgresBackend(state.dsn.resolve()))
    if state.path is None:  # config check requires a path or a DSN
        raise ValueError("[state] needs `path` or a DSN")
    return Store(SQLiteBackend(state.path))
