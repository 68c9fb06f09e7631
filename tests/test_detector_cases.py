"""Each rule's cases, kept beside its code as YAML, run through the offline path; and the
shape every rule module must have."""

from __future__ import annotations

import importlib
import re

import pytest

from tests.rule_cases import DETECTORS, RuleCase, all_cases, load_cases, problems
from watchdog.registry import load_detectors

RULES = load_detectors()
CASES = all_cases()
SECTIONS = ("What it finds:", "Why it matters:", "Anti-pattern:", "Remediation:")


def test_every_rule_is_registered_with_metadata() -> None:
    ids = {d.rule.rule_id for d in RULES}
    assert ids >= {
        "federal-list-contact-alert",
        "immigration-status-alert",
        "federal-data-channel",
        "federal-watchlist",
        "person-contact-alert",
        "coverage-gap",
    }
    for d in RULES:
        assert d.rule.title and d.rule.rationale and d.rule.remediation, d.rule.rule_id


@pytest.mark.parametrize("rule", RULES, ids=[d.rule.rule_id for d in RULES])
def test_rule_module_documents_itself_and_has_cases(rule) -> None:  # type: ignore[no-untyped-def]
    module = importlib.import_module(rule.check.__module__)
    doc = module.__doc__ or ""
    assert doc.splitlines()[0].strip() == rule.rule.rule_id
    for section in SECTIONS:
        assert section in doc, f"{rule.rule.rule_id}: docstring lacks {section!r}"
    assert rule.rule.doc == doc
    path = DETECTORS / f"{rule.rule.rule_id}.yaml"
    assert path.exists(), f"{path.name} is missing"
    cases = load_cases(path)
    assert any(c.expect for c in cases), f"{rule.rule.rule_id} has no case where it fires"
    assert any(c.quiet or c.quiet_all for c in cases), f"{rule.rule.rule_id} has no quiet case"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: RuleCase) -> None:
    assert not problems(case)


def test_case_names_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[\w .,'()/→-]+", c.name) for c in CASES)
