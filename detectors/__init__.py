"""The rule pack: one module per rule, its metadata and docstring beside its check, its
cases beside it as YAML (`detectors/<rule_id>.yaml`)."""

from __future__ import annotations

from detectors import (
    coverage_gap,
    federal_data_channel,
    federal_list_contact_alert,
    federal_watchlist,
    immigration_status_alert,
    person_contact_alert,
)

BUILTIN = (
    federal_list_contact_alert.DETECTOR,
    immigration_status_alert.DETECTOR,
    federal_data_channel.DETECTOR,
    federal_watchlist.DETECTOR,
    person_contact_alert.DETECTOR,
    coverage_gap.DETECTOR,
)
