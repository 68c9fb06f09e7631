"""Running the real CLI in-process and reading its JSON report."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from watchdog.cli import main


def scan_json(*args: str) -> tuple[int, dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        code = main(["scan", *args, "--format", "json", "--output", str(out)])
        report = json.loads(out.read_text()) if out.exists() else {}
    return code, report
