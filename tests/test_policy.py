"""Token matching and the false friends of agency names."""

from __future__ import annotations

import pytest

from watchdog.policy import host_of, load_policy, tokens

POLICY = load_policy()


@pytest.mark.parametrize(
    ("ident", "expected"),
    [
        ("hsi_tda_subjects", ["hsi", "tda", "subject"]),
        ("ICE_Watch", ["ice", "watch"]),
        ("ICEWatchList", ["ice", "watch", "list"]),
        ("HsiReferrals", ["hsi", "referral"]),
        ('"Intel"."HSI_Watch"', ["intel", "hsi", "watch"]),
        ("summonses", ["summon"]),
        ("police_officers", ["police", "officer"]),
    ],
)
def test_tokens(ident: str, expected: list[str]) -> None:
    assert tokens(ident) == expected


@pytest.mark.parametrize(
    "ident",
    [
        "ice_priority_list",
        "hsi_referrals",
        "ero_targets",
        "cbp_lookouts",
        "JTTF_Members",
        "uscis_hits",
        "dhs_roster",
    ],
)
def test_agency_identifiers(ident: str) -> None:
    assert POLICY.agency_in_identifier(ident) is not None


@pytest.mark.parametrize(
    ("ident", "context"),
    [
        ("police_officers", ""),
        ("notice_board", ""),
        ("justice_center", ""),
        ("service_calls", ""),
        ("ice_contacts", "In Case of Emergency contacts for members of the service"),
        ("ice_rink_schedule", ""),
        ("ice_time", ""),
        ("zero_tolerance", ""),
        ("hero_awards", ""),
        ("dhs_shelter_placements", ""),
        ("dhs_clients", "NYC Department of Homeless Services placements"),
        ("device_price", ""),
        ("federal_holiday", ""),
    ],
)
def test_false_friends(ident: str, context: str) -> None:
    assert POLICY.agency_in_identifier(ident, context) is None


def test_prose_needs_upper_case_for_word_acronyms() -> None:
    assert POLICY.agency_in_prose("list provided by ICE ERO") is not None
    assert POLICY.agency_in_prose("watch for ice on the steps") is None
    assert (
        POLICY.agency_in_prose("Referrals received from Homeland Security Investigations")
        is not None
    )
    assert (
        POLICY.agency_in_prose("In Case of Emergency (ICE) contacts", "In Case of Emergency")
        is None
    )


@pytest.mark.parametrize(
    ("host", "federal"),
    [
        ("feed.ice.dhs.gov", True),
        ("ice.gov", True),
        ("upload.cbp.gov", True),
        ("agent@hsi.dhs.gov", True),
        ("dhs.nyc.gov", False),
        ("records.nyc.gov", False),
        ("sex-offender.criminaljustice.ny.gov", False),
        ("ice-rink.example.org", False),
    ],
)
def test_federal_hosts(host: str, federal: bool) -> None:
    h = host_of(host) or host
    assert POLICY.is_federal_host(h) is federal


def test_person_keys() -> None:
    for col in (
        "person_id",
        "nysid",
        "PersonKey",
        "subject_id",
        "arrestee_id",
        "PersonID",
        "party_id",
    ):
        assert POLICY.is_person_key(col), col
    for col in ("tax_id", "arrest_id", "pct", "report_id", "id"):
        assert not POLICY.is_person_key(col), col


def test_site_override_extends_and_replaces() -> None:
    p = load_policy(
        [
            {
                "agencies": {"nsa": "National Security Agency"},
                "severity": {"federal-watchlist": "high"},
            }
        ]
    )
    assert p.agency_in_identifier("nsa_targets") is not None
    assert p.agency_in_identifier("hsi_targets") is not None
    assert str(p.severity["federal-watchlist"]) == "high"
    p2 = load_policy([{"ambiguous": {"replace": True, "ice": []}}])
    assert p2.agency_in_identifier("ice_rink") is not None
