"""alert-watchdog: finds covert person-tracking alerts tied to federal lists in police databases."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("alert-watchdog")
except PackageNotFoundError:  # a source tree that is not installed
    __version__ = "0.0.0+src"
