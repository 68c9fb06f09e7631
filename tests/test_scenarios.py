"""Every scenario — ours in tests/scenarios and the shared ones — scanned as a read-only role."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import OUR_SCENARIOS, SHARED_SCENARIOS, Database, Server, requires
from tests.helpers import scan_json
from tests.scenario import Scenario, load, problems

FILES = sorted(OUR_SCENARIOS.glob("*.sql")) + sorted(SHARED_SCENARIOS.glob("*.sql"))


def _live(path: Path) -> bool:
    return load(path).dialect in (None, "postgres")


@pytest.mark.parametrize(
    "path", [p for p in FILES if _live(p)], ids=lambda p: f"{p.parent.parent.name}/{p.stem}"
)
def test_live_scenario(path: Path, make_db: Callable[[str], Database], pg_server: Server) -> None:
    sc: Scenario = load(path)
    missing = [e for e in requires(sc.sql) if e not in pg_server.available_extensions]
    if missing:
        pytest.skip(
            f"server lacks extension(s) {', '.join(missing)}; set WATCHDOG_TEST_DSN to a full server"
        )
    db = make_db(sc.sql)
    code, report = scan_json("--dsn", db.reader_dsn)
    assert code in (0, 1), report
    assert report["target"]["role"] != "postgres"
    assert not problems(sc, report), (
        problems(sc, report),
        [(f["rule_id"], f["artifact"]) for f in report["findings"]],
    )
