"""The rule pack: one module per rule, its metadata and docstring beside its check, its
cases beside it as YAML (`detectors/<rule_id>.yaml`).

Every module here that defines `DETECTOR` is a rule, found without a list to keep in
step: adding a rule is adding its module, its YAML cases, and its entry point."""

from __future__ import annotations

import importlib
import pkgutil

from watchdog.detector_api import Detector


def _discover() -> tuple[Detector, ...]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        det = getattr(importlib.import_module(f"{__name__}.{info.name}"), "DETECTOR", None)
        if isinstance(det, Detector):
            found.append(det)
    return tuple(found)


BUILTIN = _discover()
