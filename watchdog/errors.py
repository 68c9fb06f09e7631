"""Errors the CLI turns into one line on stderr and an exit code."""


class WatchdogError(Exception):
    exit_code = 2


class UsageError(WatchdogError):
    """Bad flags or configuration: exit 2."""

    exit_code = 2


class TargetError(WatchdogError):
    """Target unreachable, unauthorised or unreadable: exit 3."""

    exit_code = 3
