"""Structure decides, names only weigh: every live scenario, with every identifier it
defines renamed to a meaningless name, must keep every alert — and keep it federal
whenever its federal tie does not live in a name (a comment, a default value, a
recipient, a host, a filter value, a publication's comment).

Scanned offline (the scenario's SQL read as a dump), so the whole corpus is renamed and
scanned in seconds; the live path is covered by test_scenarios for the originals.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import OUR_SCENARIOS, SHARED_SCENARIOS
from tests.renaming import rename_scenario
from tests.scenario import load
from watchdog.analysis.analyze import Analyzer
from watchdog.detector_api import AlertPath, AnalysisView, TieKind
from watchdog.policy import load_policy
from watchdog.sources.dump_data import apply_data
from watchdog.sources.dump_postgres import read_pg_dump

POLICY = load_policy()
# A tie found only in the name of something (a relation, a schema, a column), or in data
# sampled because of a column's name, does not survive renaming; every other does.
NAME_TIES = frozenset(
    {
        TieKind.NAME,
        TieKind.SCHEMA,
        TieKind.COLUMN_NAME,
        TieKind.FLAG_COLUMN,
        TieKind.PROVENANCE_VALUES,
        TieKind.ROW_RECIPIENT,
        TieKind.LINEAGE,
    }
)
FILES = [
    p
    for p in sorted(OUR_SCENARIOS.glob("*.sql")) + sorted(SHARED_SCENARIOS.glob("*.sql"))
    if load(p).dialect in (None, "postgres")
]


def analyse(sql: str) -> AnalysisView:
    inv, data = read_pg_dump(sql, "scenario")
    apply_data(inv, POLICY, data)
    return Analyzer(inv, POLICY).run().view


def alert_paths(view: AnalysisView) -> dict[tuple[str, str, str], AlertPath]:
    return {(str(p.entry.kind), p.entry.schema, p.entry.name): p for p in view.paths if p.is_alert}


def renamed_key(key: tuple[str, str, str], mapping: dict[str, str]) -> tuple[str, str, str]:
    kind, schema, name = key
    base, bracket, rest = name.partition("[")
    new = mapping.get(base, mapping.get(base.lower(), base)) + (bracket + rest if bracket else "")
    return kind, mapping.get(schema, mapping.get(schema.lower(), schema)), new


@dataclass
class Outcome:
    alerts: int = 0
    kept: int = 0
    federal_kept: int = 0
    federal_by_name_only: int = 0
    lost: list[str] | None = None
    unfederal: list[str] | None = None


def compare(path: Path, style: str, seed: int = 0) -> Outcome:
    sql = path.read_text(encoding="utf-8")
    before = alert_paths(analyse(sql))
    renamed, mapping = rename_scenario(sql, style=style, seed=seed)
    after = alert_paths(analyse(renamed))
    out = Outcome(lost=[], unfederal=[])
    for key, p in before.items():
        out.alerts += 1
        q = after.get(renamed_key(key, mapping))
        if q is None:
            out.lost.append(f"{path.name}: {key}")  # type: ignore[union-attr]
            continue
        out.kept += 1
        structural_ties = [t for t in p.federal_ties if t.kind not in NAME_TIES]
        if not p.federal_ties:
            continue
        if q.federal_ties:
            out.federal_kept += 1
        elif structural_ties:
            out.unfederal.append(  # type: ignore[union-attr]
                f"{path.name}: {key} lost {[str(t.kind) for t in structural_ties]}"
            )
        else:
            out.federal_by_name_only += 1
    return out


def test_every_alert_survives_a_neutral_renaming(capsys: pytest.CaptureFixture[str]) -> None:
    total = Outcome(lost=[], unfederal=[])
    for path in FILES:
        o = compare(path, "neutral")
        total.alerts += o.alerts
        total.kept += o.kept
        total.federal_kept += o.federal_kept
        total.federal_by_name_only += o.federal_by_name_only
        total.lost += o.lost or []  # type: ignore[operator]
        total.unfederal += o.unfederal or []  # type: ignore[operator]
    with capsys.disabled():
        print(
            f"\nrenamed corpus: {total.kept}/{total.alerts} alerts found by structure; "
            f"{total.federal_kept} stayed federal, {total.federal_by_name_only} were federal "
            f"only by a name, {len(total.unfederal or [])} lost a tie that is not a name"
        )
    assert total.alerts >= 40
    assert not total.lost
    assert not total.unfederal


POSITIVES = [
    p
    for p in FILES
    if any(r & {"federal-list-contact-alert", "person-contact-alert"} for r, _ in load(p).expects)
]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(POSITIVES), st.sampled_from(["random", "quoted"]), st.integers(0, 10_000))
def test_renaming_never_changes_which_artifacts_alert(path: Path, style: str, seed: int) -> None:
    sql = path.read_text(encoding="utf-8")
    renamed, mapping = rename_scenario(sql, style=style, seed=seed)
    before = {renamed_key(k, mapping) for k in alert_paths(analyse(sql))}
    after = set(alert_paths(analyse(renamed)))
    assert before == after
