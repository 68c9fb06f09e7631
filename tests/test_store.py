"""The findings state: the pure life-cycle plan, then the store on SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from watchdog.model import Artifact, Evidence, Finding, Severity
from watchdog.notify.digest import compose, notice
from watchdog.store import Change, Prior, Store, artifact_key, plan
from watchdog.store.backend import PostgresBackend, SQLiteBackend
from watchdog.store.store import ScanOutcome

SENDER = "watchdog@example.org"
INBOX = ["oversight@example.org"]


def make_finding(
    name: str,
    fingerprint: str = "fp-1",
    *,
    rule: str = "federal-list-contact-alert",
    kind: str = "function",
    schema: str = "rms",
    table: str | None = None,
    severity: Severity = Severity.HIGH,
    excerpt: str = "PERFORM notify_desk(NEW.person_id)",
) -> Finding:
    artifact = Artifact(kind=kind, schema=schema, name=name, owner="rms_admin", table=table)
    return Finding(
        rule_id=rule,
        severity=severity,
        confidence=0.9,
        title=f"{name} alerts on contact with a listed person",
        artifact=artifact,
        evidence=[
            Evidence("trigger", f"{schema}.{name}", excerpt, 3),
            Evidence("membership", "rms.watch_entries", "IN (3 identifiers)"),
        ],
        fingerprint=fingerprint,
        remediation="Drop the alert or document its legal basis.",
        references=["https://example.org/policy/7"],
    )


# --- plan(): pure -----------------------------------------------------------------------------


def prior(pid: int, f: Finding, fingerprint: str | None = None, *, open_: bool = True) -> Prior:
    return Prior(pid, f.rule_id, artifact_key(f.artifact), fingerprint or f.fingerprint, open_)


def kinds(changes: list[Change]) -> list[tuple[str, str | None, int | None]]:
    return sorted(
        (c.kind, c.finding.fingerprint if c.finding else None, c.prior.id if c.prior else None)
        for c in changes
    )


def test_plan_new() -> None:
    a = make_finding("flag_contact")
    result = plan([], [a])
    assert [(c.kind, c.finding, c.prior) for c in result.changes] == [("new", a, None)]


def test_plan_unchanged_when_fingerprint_matches() -> None:
    a = make_finding("flag_contact", "fp-1")
    result = plan([prior(7, a)], [a])
    assert kinds(result.changes) == [("unchanged", "fp-1", 7)]
    assert result.of("new", "changed", "resolved") == []


def test_plan_changed_when_same_identity_has_new_fingerprint() -> None:
    old = make_finding("flag_contact", "fp-1")
    new = make_finding("flag_contact", "fp-2")
    result = plan([prior(7, old)], [new])
    assert kinds(result.changes) == [("changed", "fp-2", 7)]


def test_plan_resolved_when_gone() -> None:
    a = make_finding("flag_contact")
    result = plan([prior(7, a)], [])
    assert [(c.kind, c.finding, c.prior.id if c.prior else None) for c in result.changes] == [
        ("resolved", None, 7)
    ]


def test_plan_resolved_stays_quiet_when_still_gone() -> None:
    a = make_finding("flag_contact")
    assert plan([prior(7, a, open_=False)], []).changes == []


def test_plan_reopened_when_resolved_identity_reappears() -> None:
    a = make_finding("flag_contact", "fp-1")
    result = plan([prior(7, a, open_=False)], [make_finding("flag_contact", "fp-9")])
    assert kinds(result.changes) == [("reopened", "fp-9", 7)]


def test_plan_other_rule_on_same_artifact_is_another_identity() -> None:
    a = make_finding("flag_contact", "fp-1")
    b = make_finding("flag_contact", "fp-2", rule="immigration-status-alert")
    result = plan([prior(7, a)], [b])
    assert kinds(result.changes) == [("new", "fp-2", None), ("resolved", None, 7)]


@pytest.mark.parametrize("order", ["kept-first", "new-first"])
def test_plan_pairs_two_findings_of_one_identity_by_fingerprint(order: str) -> None:
    """fp-2 is still there and fp-1 became fp-3: fp-2 must not be taken for the change."""
    p1 = prior(1, make_finding("flag_contact", "fp-1"))
    p2 = prior(2, make_finding("flag_contact", "fp-2"))
    kept = make_finding("flag_contact", "fp-2")
    edited = make_finding("flag_contact", "fp-3")
    current = [kept, edited] if order == "kept-first" else [edited, kept]
    result = plan([p1, p2], current)
    assert kinds(result.changes) == [("changed", "fp-3", 1), ("unchanged", "fp-2", 2)]


def test_plan_same_trigger_name_on_two_tables_is_two_identities() -> None:
    on_persons = make_finding("flag_contact", "fp-1", kind="trigger", table="persons")
    on_vehicles = make_finding("flag_contact", "fp-2", kind="trigger", table="vehicles")
    assert artifact_key(on_persons.artifact) != artifact_key(on_vehicles.artifact)

    both = plan([], [on_persons, on_vehicles])
    assert kinds(both.changes) == [("new", "fp-1", None), ("new", "fp-2", None)]

    # the trigger moved tables: a new finding and a resolved one, not a "change"
    moved = plan([prior(4, on_persons)], [on_vehicles])
    assert kinds(moved.changes) == [("new", "fp-2", None), ("resolved", None, 4)]


# --- the Store, on both backends -----------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Store]:
    """Opens (again) one store: a SQLite file, or a schema in a throwaway PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path / "state" / "state.db"
        return lambda: Store(SQLiteBackend(path))
    dsn = request.getfixturevalue("make_db")().admin_dsn
    return lambda: Store(PostgresBackend(dsn))


@pytest.fixture
def store(open_store: Callable[[], Store]) -> Store:
    return open_store()


class Mailer:
    """The digest callback: composes the real mail and remembers what it was asked."""

    def __init__(self) -> None:
        self.outcomes: list[ScanOutcome] = []

    def __call__(self, out: ScanOutcome) -> EmailMessage:
        self.outcomes.append(out)
        return compose(
            out.target,
            out.new,
            out.resolved,
            sender=SENDER,
            recipients=INBOX,
            changed=out.changed,
            resurfaced=out.resurfaced,
        )


class Notices:
    def __init__(self, subject: str) -> None:
        self.subject = subject
        self.calls = 0

    def __call__(self) -> EmailMessage:
        self.calls += 1
        return notice(self.subject, "body", sender=SENDER, recipients=INBOX)


def text_of(raw: bytes) -> str:
    msg = message_from_bytes(raw, policy=policy.default)
    body = msg.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def now() -> datetime:
    return datetime.now(UTC)


def scan(store: Store, findings: list[Finding], mail: Mailer | None = None) -> ScanOutcome:
    return store.record_scan("rms", now(), findings, 40, mail if mail is not None else Mailer())


def ids_by_name(store: Store, status: str = "all") -> dict[str, int]:
    return {r.finding.artifact.name: r.id for r in store.findings(status=status)}


A = make_finding("flag_contact", "fp-a1")
B = make_finding("notify_fed_desk", "fp-b1", severity=Severity.MEDIUM)


def test_first_scan_records_new_findings_and_queues_one_digest(store: Store) -> None:
    mailer = Mailer()
    out = scan(store, [A, B], mailer)

    assert [f.fingerprint for f in out.new] == ["fp-a1", "fp-b1"]
    assert out.changed == out.resolved == out.resurfaced == []
    assert out.unchanged == 0 and not out.came_back
    assert len(mailer.outcomes) == 1 and mailer.outcomes[0] is out
    assert out.outbox_id is not None

    due = store.due()
    assert [r.id for r in due] == [out.outbox_id]
    row = due[0]
    assert (row.kind, row.target, row.attempts, row.sent_at) == ("digest", "rms", 0, None)
    assert "2 new" in row.subject and "rms" in row.subject
    assert row.message_id and row.message_id in row.message.decode()
    body = text_of(row.message)
    assert "rms.flag_contact" in body and "rms.notify_fed_desk" in body

    rows = store.findings()
    assert sorted(r.finding.artifact.name for r in rows) == ["flag_contact", "notify_fed_desk"]
    assert {r.status for r in rows} == {"open"}
    run = store.runs("rms")[0]
    assert (run["id"], run["status"], run["new"], run["findings"], run["artifacts"]) == (
        out.run_id,
        "ok",
        2,
        2,
        40,
    )
    assert run["outbox_id"] == out.outbox_id


def test_identical_scan_changes_nothing(store: Store) -> None:
    first = scan(store, [A, B])
    mailer = Mailer()
    again = scan(store, [A, B], mailer)

    assert again.new == again.changed == again.resolved == []
    assert again.unchanged == 2
    assert again.outbox_id is None
    assert mailer.outcomes == []
    assert [r.id for r in store.pending()] == [first.outbox_id]
    assert store.runs("rms")[0]["new"] == 0


def test_fingerprint_change_is_reported_as_changed(store: Store) -> None:
    scan(store, [A, B])
    before = ids_by_name(store)
    a2 = make_finding("flag_contact", "fp-a2")
    out = scan(store, [a2, B])

    assert [f.fingerprint for f in out.changed] == ["fp-a2"]
    assert out.new == [] and out.resolved == [] and out.unchanged == 1
    assert out.outbox_id is not None
    assert len(store.pending()) == 2
    assert "1 changed" in store.pending()[-1].subject
    assert ids_by_name(store) == before  # the same finding, not a new row
    row = store.finding(before["flag_contact"])
    assert row is not None and row.fingerprint == "fp-a2"
    assert [e["kind"] for e in row.events] == ["new", "changed"]
    assert row.events[-1]["fingerprint"] == "fp-a2"


def test_gone_finding_is_resolved_with_one_mail(store: Store) -> None:
    scan(store, [A, B])
    mailer = Mailer()
    out = scan(store, [A], mailer)

    assert [f.artifact.name for f in out.resolved] == ["notify_fed_desk"]
    assert out.new == out.changed == [] and out.unchanged == 1
    assert len(mailer.outcomes) == 1
    queued = [r for r in store.pending() if r.id == out.outbox_id]
    assert len(queued) == 1
    assert "1 resolved" in queued[0].subject
    body = text_of(queued[0].message)
    assert "Resolved" in body and "rms.notify_fed_desk" in body
    assert "rms.flag_contact" not in body

    assert [r.finding.artifact.name for r in store.findings(status="resolved")] == [
        "notify_fed_desk"
    ]
    assert [r.finding.artifact.name for r in store.findings(status="open")] == ["flag_contact"]
    resolved = store.findings(status="resolved")[0]
    assert resolved.resolved_at is not None

    # gone stays gone quietly
    quiet = scan(store, [A])
    assert quiet.resolved == [] and quiet.outbox_id is None


def test_resolved_finding_that_reappears_is_reopened(store: Store) -> None:
    scan(store, [A, B])
    scan(store, [A])
    fid = ids_by_name(store)["notify_fed_desk"]
    out = scan(store, [A, B])

    assert [f.artifact.name for f in out.new] == ["notify_fed_desk"]
    assert out.outbox_id is not None
    row = store.finding(fid)
    assert row is not None
    assert row.status == "open" and row.resolved_at is None
    assert [e["kind"] for e in row.events] == ["new", "resolved", "reopened"]
    assert len(store.findings(status="all")) == 2


def test_outbox_failure_backs_off_and_sent_is_final(store: Store) -> None:
    out = scan(store, [A])
    assert out.outbox_id is not None
    retry_at = now() + timedelta(minutes=10)
    store.mark_failed(out.outbox_id, "421 try again later", retry_at)

    assert store.due() == []
    pending = store.pending()
    assert [r.id for r in pending] == [out.outbox_id]
    assert pending[0].attempts == 1
    assert pending[0].last_error == "421 try again later"
    assert pending[0].next_attempt_at == retry_at
    assert store.next_due() == retry_at
    assert [r.id for r in store.due(at=retry_at + timedelta(seconds=1))] == [out.outbox_id]

    sent_at = now()
    store.mark_sent(out.outbox_id, at=sent_at)
    assert store.pending() == []
    assert store.due(at=retry_at + timedelta(days=1)) == []
    store.mark_sent(out.outbox_id, at=sent_at + timedelta(hours=1))
    store.mark_failed(out.outbox_id, "late failure", now() + timedelta(hours=2))
    with store.tx() as tx:
        row = tx.one(
            "SELECT sent_at, attempts, last_error FROM outbox WHERE id = ?", (out.outbox_id,)
        )
    assert datetime.fromisoformat(row[0]) == sent_at
    assert row[1] == 2 and row[2] is None


def test_suppressed_finding_resolves_without_mail(store: Store) -> None:
    scan(store, [A, B])
    fid = ids_by_name(store)["notify_fed_desk"]
    row = store.suppress(fid, "analyst", "reviewed: a data-quality job", None)
    assert row.suppressed() and row.suppressed_by == "analyst"
    assert row.suppressed_fingerprint == "fp-b1" and row.suppressed_until is None

    still = scan(store, [A, B])
    assert still.suppressed == 1 and still.unchanged == 1 and still.outbox_id is None

    mailer = Mailer()
    gone = scan(store, [A], mailer)
    assert gone.resolved == []
    assert gone.suppressed == 1
    assert gone.outbox_id is None and mailer.outcomes == []
    after = store.finding(fid)
    assert after is not None and after.status == "resolved"
    assert [e["kind"] for e in after.events] == ["new", "suppressed", "resolved"]
    assert "reviewed: a data-quality job" in (after.events[1]["detail"] or "")


def test_changed_logic_lifts_the_suppression(store: Store) -> None:
    scan(store, [A, B])
    fid = ids_by_name(store)["notify_fed_desk"]
    store.suppress(fid, "analyst", "reviewed", None)

    b2 = make_finding("notify_fed_desk", "fp-b2", severity=Severity.MEDIUM)
    mailer = Mailer()
    out = scan(store, [A, b2], mailer)

    assert [f.fingerprint for f in out.changed] == ["fp-b2"]
    assert out.suppressed == 0
    assert out.outbox_id is not None and len(mailer.outcomes) == 1
    row = store.finding(fid)
    assert row is not None
    assert row.suppressed_by is None and not row.suppressed()
    kinds_ = [e["kind"] for e in row.events]
    assert kinds_ == ["new", "suppressed", "changed", "unsuppressed"]
    assert store.findings(status="suppressed") == []

    # and from now on it is reported like any other finding
    gone = scan(store, [A])
    assert [f.fingerprint for f in gone.resolved] == ["fp-b2"]


def test_suppression_with_an_end_resurfaces(store: Store) -> None:
    scan(store, [A, B])
    fid = ids_by_name(store)["notify_fed_desk"]
    until = now() + timedelta(seconds=1.5)
    store.suppress(fid, "analyst", "until the audit", until)

    during = scan(store, [A, B])
    assert during.suppressed == 1 and during.resurfaced == [] and during.outbox_id is None
    assert [r.id for r in store.findings(status="suppressed")] == [fid]

    time.sleep(max(0.0, (until - now()).total_seconds()) + 0.2)
    assert store.findings(status="suppressed") == []  # expired: no longer counted as suppressed
    mailer = Mailer()
    after = scan(store, [A, B], mailer)

    assert [f.artifact.name for f in after.resurfaced] == ["notify_fed_desk"]
    assert after.suppressed == 0 and after.unchanged == 1
    assert after.outbox_id is not None and len(mailer.outcomes) == 1
    queued = next(r for r in store.pending() if r.id == after.outbox_id)
    assert "Suppression ended" in text_of(queued.message)
    row = store.finding(fid)
    assert row is not None and row.suppressed_by is None
    assert [e["kind"] for e in row.events][-1] == "unsuppressed"

    # resurfaced once, then it is an ordinary open finding
    again = scan(store, [A, B])
    assert again.resurfaced == [] and again.unchanged == 2 and again.outbox_id is None


def test_unsuppress(store: Store) -> None:
    scan(store, [A, B])
    fid = ids_by_name(store)["flag_contact"]
    with pytest.raises(ValueError, match="not suppressed"):
        store.unsuppress(fid, "analyst")
    with pytest.raises(LookupError):
        store.unsuppress(999_999, "analyst")
    with pytest.raises(LookupError):
        store.suppress(999_999, "analyst", "no such finding", None)

    store.suppress(fid, "analyst", "reviewed", None)
    row = store.unsuppress(fid, "supervisor")
    assert row.suppressed_by is None and not row.suppressed()
    assert row.events[-1]["kind"] == "unsuppressed"
    assert "supervisor" in (row.events[-1]["detail"] or "")
    with pytest.raises(ValueError):
        store.unsuppress(fid, "supervisor")

    # unsuppressed again: its resolution is mailed
    gone = scan(store, [B])
    assert [f.artifact.name for f in gone.resolved] == ["flag_contact"]
    assert gone.suppressed == 0


def test_findings_filters(store: Store) -> None:
    c = make_finding("match_detainers", "fp-c1")
    scan(store, [A, B, c])
    scan(store, [A, B])  # c resolved
    ids = ids_by_name(store)
    store.suppress(ids["notify_fed_desk"], "analyst", "reviewed", None)
    store.record_scan("cad", now(), [make_finding("dispatch_flag", "fp-d1")], 3, None)

    def names(**kw: str) -> list[str]:
        return sorted(r.finding.artifact.name for r in store.findings(**kw))

    assert names(target="rms", status="open") == ["flag_contact", "notify_fed_desk"]
    assert names(target="rms", status="suppressed") == ["notify_fed_desk"]
    assert names(target="rms", status="resolved") == ["match_detainers"]
    assert names(target="rms", status="all") == [
        "flag_contact",
        "match_detainers",
        "notify_fed_desk",
    ]
    assert names(status="all") == [
        "dispatch_flag",
        "flag_contact",
        "match_detainers",
        "notify_fed_desk",
    ]
    assert names(target="cad") == ["dispatch_flag"]
    assert {r.target for r in store.findings(target="cad")} == {"cad"}


def test_finding_history_tells_its_life(store: Store) -> None:
    scan(store, [A])
    fid = ids_by_name(store)["flag_contact"]
    scan(store, [make_finding("flag_contact", "fp-a2")])
    scan(store, [])
    scan(store, [make_finding("flag_contact", "fp-a3")])

    row = store.finding(fid)
    assert row is not None
    assert [(e["kind"], e["fingerprint"]) for e in row.events] == [
        ("new", "fp-a1"),
        ("changed", "fp-a2"),
        ("resolved", "fp-a2"),
        ("reopened", "fp-a3"),
    ]
    assert row.events[1]["detail"] == "fp-a1"  # what it changed from
    run_ids = [e["run_id"] for e in row.events]
    assert run_ids == sorted(run_ids) and len(set(run_ids)) == 4
    assert row.first_seen <= row.last_seen
    assert store.finding(999_999) is None


def test_unreachable_target_notices_once_and_once_back(store: Store) -> None:
    down = Notices("[WARNING] alert-watchdog: cad is unreachable")
    first = store.record_failure("cad", now(), "unreachable", "connection refused", notice=down)
    assert first.first and first.failures == 1 and first.outbox_id is not None
    assert down.calls == 1
    assert [(r.kind, r.target) for r in store.pending()] == [("notice", "cad")]
    assert "cad is unreachable" in store.pending()[0].subject

    second = store.record_failure("cad", now(), "unreachable", "connection refused", notice=down)
    assert not second.first and second.failures == 2 and second.outbox_id is None
    assert down.calls == 1
    assert len(store.pending()) == 1
    assert store.target_status("cad") == ("unreachable", 2)
    assert store.runs("cad")[0]["status"] == "unreachable"

    back = Notices("alert-watchdog: cad is reachable again")
    out = store.record_scan("cad", now(), [], 0, Mailer(), back_notice=back)
    assert out.came_back
    assert back.calls == 1
    assert out.outbox_id is None  # nothing found: no digest, only the notice
    pending = store.pending()
    assert [r.kind for r in pending] == ["notice", "notice"]
    assert "reachable again" in pending[-1].subject
    assert store.target_status("cad") == ("up", 0)

    steady = store.record_scan("cad", now(), [], 0, Mailer(), back_notice=back)
    assert not steady.came_back and back.calls == 1
    assert len(store.pending()) == 2

    # down again later: a new first failure
    again = store.record_failure("cad", now(), "failed", "permission denied", notice=down)
    assert again.first and again.failures == 1 and down.calls == 2


def test_first_scan_of_a_target_is_not_a_comeback(store: Store) -> None:
    back = Notices("back")
    out = store.record_scan("rms", now(), [A], 1, Mailer(), back_notice=back)
    assert not out.came_back and back.calls == 0
    assert [r.kind for r in store.pending()] == ["digest"]


def test_reopening_the_store_keeps_its_data(open_store: Callable[[], Store]) -> None:
    first = open_store()
    scan(first, [A, B])
    second = open_store()  # the schema is created again, idempotently

    assert sorted(ids_by_name(second)) == ["flag_contact", "notify_fed_desk"]
    assert len(second.pending()) == 1
    out = scan(second, [A, B])
    assert out.unchanged == 2 and out.new == []
    with second.tx() as tx:
        assert tx.all("SELECT key, value FROM meta") == [("schema_version", "1")]


def test_sqlite_store_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    Store(SQLiteBackend(path))
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_masked_evidence_survives_the_store(store: Store) -> None:
    masked = make_finding("watch_hit", "fp-w1", excerpt="IN (3 identifiers)")
    scan(store, [masked])
    row = store.finding(ids_by_name(store)["watch_hit"])
    assert row is not None
    assert row.finding.evidence == masked.evidence
    assert row.finding.evidence[0].excerpt == "IN (3 identifiers)"
    assert row.finding.to_json() == masked.to_json()
    assert (row.rule_id, row.severity, row.title) == (masked.rule_id, "high", masked.title)
