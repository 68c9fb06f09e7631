"""A catalog of 5,000 functions and 2,000 triggers is inventoried in fewer than 30 queries,
completely, and only the planted federal alerts are reported.

Behaviour only: the timings live in benchmarks/catalog_scale.py, whose generator this
test imports. The scan runs through `watchdog.engine.scan_dsn` as the read-only role.
Queries are counted twice: by the session's own counter and, independently, from the
libpq protocol trace of the scan's connection (every Query or Parse message sent).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import psycopg
import pytest

from tests.conftest import READER, Database

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "catalog_scale.py"

pytestmark = pytest.mark.slow


def _load_benchmark() -> ModuleType:
    name = "benchmarks_catalog_scale"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()


@pytest.fixture(scope="module")
def scaled(make_db: Callable[[str], Database]) -> tuple[Database, Any, Any]:
    db = make_db("")
    expected = bench.build_catalog(db.admin_dsn, bench.CatalogSpec(functions=5000, triggers=2000))
    with psycopg.connect(db.admin_dsn) as conn:
        pgss = (
            bench.StatStatements(db.admin_dsn) if bench.preloads_pg_stat_statements(conn) else None
        )
    if pgss is not None:
        pgss.reset()
    result = bench.scan(db.reader_dsn, trace=True)
    if pgss is not None:
        result.pg_stat_statements = pgss.count()
        pgss.close()
    return db, expected, result


def test_the_catalog_is_as_large_as_the_issue_says(scaled: tuple[Database, Any, Any]) -> None:
    db, expected, _ = scaled
    with psycopg.connect(db.admin_dsn) as conn:
        routines = conn.execute(
            "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname NOT LIKE 'pg_temp%' AND NOT EXISTS (SELECT 1 FROM pg_depend d "
            "WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')"
        ).fetchone()
        triggers = conn.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal").fetchone()
    assert routines == (5000,) and triggers == (2000,)
    assert expected.functions == 5000 and expected.triggers == 2000


def test_inventoried_as_the_read_only_role_in_fewer_than_30_queries(
    scaled: tuple[Database, Any, Any],
) -> None:
    _, _, result = scaled
    inv = result.report.inventory
    assert inv.target.role == READER
    assert result.session_queries == inv.queries
    assert result.session_queries < 30, result.session_queries
    # what actually went over the wire, including cursor and transaction control
    assert result.wire_statements is not None
    assert result.session_queries <= result.wire_statements < 30, result.wire_kinds
    # the catalog itself is a fixed handful of set-based queries
    assert result.catalog_queries <= 12


def test_pg_stat_statements_agrees_when_the_server_has_it(
    scaled: tuple[Database, Any, Any],
) -> None:
    _, _, result = scaled
    if result.pg_stat_statements is None:
        pytest.skip("the server does not preload pg_stat_statements")
    assert result.pg_stat_statements == result.wire_statements < 30


def test_inventory_holds_every_function_and_trigger(scaled: tuple[Database, Any, Any]) -> None:
    _, expected, result = scaled
    inv = result.report.inventory
    routines = inv.of_kind("function", "procedure")
    triggers = inv.of_kind("trigger")
    assert len(routines) == expected.functions == 5000
    assert len({(a.schema, a.name, a.signature) for a in routines}) == 5000
    assert len(triggers) == expected.triggers == 2000
    assert len({(a.table, a.name) for a in triggers}) == 2000
    assert all(a.body for a in routines)
    assert all(a.details.function and a.details.events for a in triggers)
    assert len(inv.of_kind("table")) == expected.tables
    assert len(inv.of_kind("view", "materialized_view")) == expected.views
    assert len(inv.of_kind("rule")) == expected.rules
    assert not inv.gaps


def test_exactly_the_genuine_alerts_are_federal_list_contact_alerts(
    scaled: tuple[Database, Any, Any],
) -> None:
    _, expected, result = scaled
    findings = result.report.findings
    federal = {
        (f.artifact.table, f.artifact.name)
        for f in findings
        if f.rule_id == "federal-list-contact-alert"
    }
    assert federal == expected.federal_alerts
    assert len([f for f in findings if f.rule_id == "federal-list-contact-alert"]) == 3
    watchlists = {f.artifact.qualified for f in findings if f.rule_id == "federal-watchlist"}
    assert watchlists == expected.federal_watchlists


def test_lawful_alerts_are_inventoried_without_a_federal_tie(
    scaled: tuple[Database, Any, Any],
) -> None:
    _, expected, result = scaled
    person = {
        (f.artifact.table, f.artifact.name)
        for f in result.report.findings
        if f.rule_id == "person-contact-alert"
    }
    assert expected.person_alerts <= person
    assert not expected.person_alerts & expected.federal_alerts
