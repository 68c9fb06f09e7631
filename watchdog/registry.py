"""The one place that knows the rule pack: detectors are found through the
`watchdog.detectors` entry-point group, so that a site can ship its own rules beside ours."""

from __future__ import annotations

from importlib.metadata import entry_points

from watchdog.detector_api import ENTRY_POINT_GROUP, Detector


def load_detectors() -> list[Detector]:
    found: dict[str, Detector] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        det = ep.load()
        if isinstance(det, Detector):
            found[det.rule.rule_id] = det
    if not found:  # running from a source tree that is not installed
        from detectors import BUILTIN

        found = {d.rule.rule_id: d for d in BUILTIN}
    return sorted(found.values(), key=lambda d: (-int(d.rule.severity), d.rule.rule_id))
