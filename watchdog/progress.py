"""A progress line on stderr for scans that take more than a moment (terminals only)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Silent until `delay` seconds have passed, then redraws one line in place."""

    def __init__(
        self, stream: TextIO | None = None, *, enabled: bool | None = None, delay: float = 0.7
    ) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self.delay = delay
        self.shown = False
        self.last = 0.0

    def __call__(self, phase: str, done: int = 0, total: int = 0) -> None:
        now = time.monotonic()
        if (
            not self.enabled
            or now - self.started < self.delay
            or (now - self.last < 0.1 and done < total)
        ):
            return
        self.last = now
        if total:
            width = 24
            filled = int(width * done / total)
            bar = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        else:
            bar = ""
        self.stream.write(f"\r\033[K{phase} {bar}")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
