"""structlog set-up: readable on a terminal, JSON lines otherwise, always to stderr
(stdout belongs to reports; the daemon sends its lines to stdout, for the journal)."""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

import structlog


class _Stderr:
    """Whatever `sys.stderr` is when a line is written, not when logging was set up: a
    process that swaps its stderr (a test harness, a daemon reopening its journal stream)
    never writes to a closed one."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()

    def isatty(self) -> bool:
        return sys.stderr.isatty()


def configure(
    level: str = "warning", *, json: bool | None = None, stream: TextIO | None = None
) -> None:
    out: Any = stream or _Stderr()
    if json is None:
        json = not out.isatty()
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    # Libraries that log through the standard library (APScheduler, psycopg) come out in
    # the same format, so the journal holds one kind of line.
    handler = logging.StreamHandler(out)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processor=renderer,
            foreign_pre_chain=[
                structlog.stdlib.add_log_level,
                structlog.stdlib.add_logger_name,
                structlog.processors.TimeStamper(fmt="iso", utc=True),
            ],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.WARNING)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            getattr(logging, level.upper(), logging.WARNING)
        ),
        logger_factory=structlog.PrintLoggerFactory(file=out),
        cache_logger_on_first_use=False,
    )
