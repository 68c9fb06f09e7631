"""Trigger-and-queue SQL from Debian packages as a precision corpus for the scanner.

Nobody on the team wrote this SQL, and none of it has anything to do with people, lists or
federal agencies: PgQ (a queue fed by triggers, with consumers and subscriptions), Bucardo
(replication driven by triggers, NOTIFY and delta tables) and pgTAP (a thousand small
functions). An alert finding on any of it is a false positive. This module downloads the
packages with `apt-get download` into a cache, extracts them with `dpkg-deb -x`, and turns
the scripts into plain SQL the offline reader can take: extension placeholders filled in,
psql meta-commands dropped, COPY ... FROM STDIN blocks rewritten in pg_dump's form.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

CACHE = Path(__file__).resolve().parent / "_output" / "debs"
COMMAND_TIMEOUT_S = 300
FALLBACK_MAJOR = "15"

# extension name -> schema that replaces @extschema@ in its install script
PGQ_EXTENSIONS = {
    "pgq": "pgq",
    "pgq_node": "pgq_node",
    "pgq_coop": "pgq_coop",
    "londiste": "londiste",
}
PGTAP_EXTENSIONS = {"pgtap": "pgtap"}

_COPY_STDIN = re.compile(
    r"^COPY\s+(?P<table>[\w.\"]+)\s*(?:\((?P<cols>[^)]*)\))?\s+FROM\s+STDIN\b(?P<opts>.*);\s*$",
    re.IGNORECASE | re.DOTALL,
)
_DELIMITER = re.compile(r"DELIMITER\s+(?:AS\s+)?'(.)'", re.IGNORECASE)


class PackageUnavailable(Exception):
    """A package could not be had (no apt-get, no network, unknown to the apt lists).

    The message names the command that failed, so a skipped test tells the reader what
    would make it run.
    """


class ScriptsMissing(Exception):
    """A package was extracted but holds none of the SQL expected: its layout changed,
    and the test should fail rather than silently scan nothing."""


@dataclass(frozen=True)
class SqlFile:
    """One SQL file of interest, with what is needed to make it plain SQL."""

    package: str
    path: Path
    schema: str | None  # replaces @extschema@; None for a psql script

    @property
    def label(self) -> str:
        return f"{self.package}:{self.path.name}"

    def text(self) -> str:
        """The file as plain SQL for `scan_dump(..., "postgres", ...)`."""
        raw = self.path.read_text(encoding="utf-8", errors="replace")
        if self.schema is not None:
            raw = raw.replace("@extschema@", self.schema)
        return psql_to_sql(raw)


# -- turning psql scripts into SQL ----------------------------------------------------------


def psql_to_sql(text: str) -> str:
    """Drop psql meta-commands and rewrite COPY FROM STDIN blocks as pg_dump writes them.

    A hand-written psql script may spread `COPY t(a,b) FROM STDIN WITH DELIMITER '|';` over
    several lines; left as is, its data rows would be read as SQL (and an apostrophe in
    them would swallow the rest of the file). pg_dump's form, one header line and
    tab-separated rows ending in `\\.`, is what the offline reader understands.
    """
    out: list[str] = []
    lines = iter(text.splitlines())
    for line in lines:
        if line.startswith("\\"):
            continue
        if not re.match(r"COPY\s", line, re.IGNORECASE):
            out.append(line)
            continue
        header = [line]
        while not header[-1].rstrip().endswith(";"):
            nxt = next(lines, None)
            if nxt is None:
                break
            header.append(nxt)
        m = _COPY_STDIN.match(" ".join(h.strip() for h in header))
        if m is None:
            out.extend(header)
            continue
        out.extend(_copy_block(m, lines))
    return "\n".join(out) + "\n"


def _copy_block(m: re.Match[str], lines: Iterator[str]) -> list[str]:
    """The header in pg_dump's form, the rows re-separated by tabs, and the end marker."""
    cols = ", ".join(c.strip() for c in (m.group("cols") or "").split(",") if c.strip())
    table = m.group("table")
    head = f"COPY {table} ({cols}) FROM stdin;" if cols else f"COPY {table} FROM stdin;"
    delim_m = _DELIMITER.search(m.group("opts"))
    delim = delim_m.group(1) if delim_m else "\t"
    block = [head]
    for row in lines:
        if row == "\\.":
            break
        fields = re.split(rf"(?<!\\){re.escape(delim)}", row)
        block.append("\t".join(f.replace("\t", "\\t") for f in fields))
    block.append("\\.")
    return block


# -- fetching -------------------------------------------------------------------------------


def _run(cmd: list[str], cwd: Path) -> None:
    """Run one command; any failure becomes PackageUnavailable naming the command."""
    shown = " ".join(cmd)
    try:
        proc = subprocess.run(
            cmd, cwd=cwd, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PackageUnavailable(f"{shown} failed: {exc}") from None
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise PackageUnavailable(f"{shown} failed: " + " | ".join(tail))


def fetch_package(package: str, cache: Path = CACHE) -> Path:
    """The root of `package` extracted under `cache`, downloaded and extracted only once."""
    root = cache / package
    if (root / ".extracted").exists():
        return root
    cache.mkdir(parents=True, exist_ok=True)
    debs = sorted(cache.glob(f"{package}_*.deb"))
    if not debs:
        if shutil.which("apt-get") is None:
            raise PackageUnavailable(f"apt-get download {package} failed: no apt-get here")
        _run(["apt-get", "download", package], cache)
        debs = sorted(cache.glob(f"{package}_*.deb"))
        if not debs:
            raise PackageUnavailable(f"apt-get download {package} failed: no .deb appeared")
    partial = cache / f".{package}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    _run(["dpkg-deb", "-x", str(debs[-1]), str(partial)], cache)
    (partial / ".extracted").touch()
    shutil.rmtree(root, ignore_errors=True)
    partial.rename(root)
    return root


def postgres_majors(suffix: str) -> Iterator[str]:
    """PostgreSQL major versions to try for `postgresql-N-<suffix>`, best first: those
    installed here, then 15, then any the local apt lists offer (no network involved).
    Lazy, so a cached package never costs an apt-cache call."""
    base = Path("/usr/share/postgresql")
    found = sorted((p.name for p in base.glob("*") if p.name.isdigit()), key=int, reverse=True)
    seen: set[str] = set()
    for major in [*found, FALLBACK_MAJOR]:
        if major not in seen:
            seen.add(major)
            yield major
    try:
        proc = subprocess.run(
            ["apt-cache", "pkgnames", "postgresql-"], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return
    pattern = re.compile(rf"^postgresql-(\d+)-{re.escape(suffix)}$", re.MULTILINE)
    for major in sorted({m.group(1) for m in pattern.finditer(proc.stdout)}, key=int, reverse=True):
        if major not in seen:
            seen.add(major)
            yield major


# -- what to scan --------------------------------------------------------------------------


def extension_scripts(root: Path, package: str, schemas: dict[str, str]) -> list[SqlFile]:
    """Full install scripts `ext--1.2.sql` of the named extensions, not upgrades `ext--a--b`."""
    found: list[SqlFile] = []
    for ext, schema in schemas.items():
        for path in sorted(root.glob(f"usr/share/postgresql/*/extension/{ext}--*.sql")):
            if path.name.count("--") == 1:
                found.append(SqlFile(package, path, schema))
    return found


def bucardo_schema(root: Path, package: str) -> list[SqlFile]:
    """Bucardo's own database schema, a psql script."""
    return [SqlFile(package, p, None) for p in sorted(root.glob("usr/share/**/bucardo.schema"))]


@dataclass(frozen=True)
class Source:
    """A body of third-party SQL: packages that may hold it, best first, and how to find it."""

    name: str
    candidates: Callable[[], Iterable[str]]
    find: Callable[[Path, str], list[SqlFile]]


SOURCES = [
    Source(
        "pgq",
        lambda: (f"postgresql-{m}-pgq3" for m in postgres_majors("pgq3")),
        lambda root, pkg: extension_scripts(root, pkg, PGQ_EXTENSIONS),
    ),
    Source("bucardo", lambda: ["bucardo"], bucardo_schema),
    Source(
        "pgtap",
        lambda: chain((f"postgresql-{m}-pgtap" for m in postgres_majors("pgtap")), ["pgtap"]),
        lambda root, pkg: extension_scripts(root, pkg, PGTAP_EXTENSIONS),
    ),
]


def source_files(source: Source, cache: Path = CACHE) -> list[SqlFile]:
    """The SQL files of the first candidate package that has them.

    Raises PackageUnavailable when no candidate could be fetched, ScriptsMissing when some
    were fetched but none held the SQL (a layout change worth failing on).
    """
    unavailable: list[str] = []
    empty: list[str] = []
    for package in source.candidates():
        try:
            root = fetch_package(package, cache)
        except PackageUnavailable as exc:
            unavailable.append(str(exc))
            continue
        files = source.find(root, package)
        if files:
            return files
        empty.append(package)
    if empty:
        raise ScriptsMissing(f"{source.name}: no SQL of interest in {', '.join(empty)}")
    raise PackageUnavailable("; ".join(unavailable) or f"{source.name}: no candidate package")


Entry = SqlFile | PackageUnavailable | ScriptsMissing


def discover(cache: Path = CACHE) -> list[tuple[str, Entry]]:
    """Every SQL file of every source with a test id, or for a source the reason it has none."""
    out: list[tuple[str, Entry]] = []
    for source in SOURCES:
        try:
            out.extend((f.label, f) for f in source_files(source, cache))
        except (PackageUnavailable, ScriptsMissing) as exc:
            out.append((f"{source.name}:unavailable", exc))
    return out
