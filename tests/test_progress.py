"""The progress line: only on a terminal, only after a moment, cleared at the end."""

from __future__ import annotations

import io

from watchdog.progress import Progress


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_off_a_terminal() -> None:
    out = io.StringIO()
    p = Progress(out, delay=0)
    p("analysing", 5, 10)
    p.done()
    assert out.getvalue() == ""


def test_draws_a_bar_on_a_terminal_and_clears_it() -> None:
    out = Tty()
    p = Progress(out, delay=0)
    p("analysing", 5, 10)
    assert "analysing [############............] 5/10" in out.getvalue()
    p.done()
    assert out.getvalue().endswith("\r\033[K")


def test_quick_scans_show_nothing() -> None:
    out = Tty()
    p = Progress(out, delay=60)
    p("reading the catalog")
    p.done()
    assert out.getvalue() == ""
