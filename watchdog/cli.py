"""Command line: `alert-watchdog scan|demo|daemon|config|findings|inbox|runs|rules`.

Errors are one line on stderr with an exit code."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

import structlog

from watchdog import __version__
from watchdog.admin import add_commands
from watchdog.errors import TargetError, UsageError, WatchdogError
from watchdog.log import configure
from watchdog.model import Severity
from watchdog.policy import load_policy, load_policy_file
from watchdog.progress import Progress

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2  # 3 (target unreachable) comes with TargetError
FORMATS = ("text", "json", "html", "sarif")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="alert-watchdog", description="Find covert person-tracking alerts in police databases."
    )
    p.add_argument("--version", action="version", version=f"alert-watchdog {__version__}")
    p.add_argument(
        "--log-level",
        default=os.environ.get("WATCHDOG_LOG_LEVEL"),
        help="debug, info, warning, error (default warning; info for the daemon)",
    )
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    scan = sub.add_parser("scan", help="scan one target and print a report")
    src = scan.add_mutually_exclusive_group(required=True)
    src.add_argument("--dsn", help="PostgreSQL connection string (read-only role recommended)")
    src.add_argument("--dump", help="SQL dump file, or - for stdin")
    scan.add_argument(
        "--dialect", default="postgres", choices=("postgres", "tsql", "oracle", "mysql")
    )
    scan.add_argument("--format", choices=FORMATS, default=None)
    scan.add_argument("--output", help="write the report to this file instead of stdout")
    scan.add_argument(
        "--fail-on", default="high", help="exit 1 on findings at or above (default high)"
    )
    scan.add_argument(
        "--policy", action="append", default=[], help="extra policy TOML (repeatable)"
    )
    scan.add_argument(
        "--no-data", action="store_true", help="read only the catalog, no provenance values"
    )
    scan.add_argument("--statement-timeout", type=int, default=30, help="seconds per catalog query")
    scan.add_argument("--name", help="target name shown in the report")
    scan.add_argument(
        "--state",
        metavar="CONFIG",
        help="daemon config whose state store marks suppressed findings of --name (SARIF)",
    )
    demo = sub.add_parser("demo", help="scan a fictional records system on an embedded PostgreSQL")
    demo.add_argument("--output-dir", default="alert-watchdog-demo", help="where the reports go")
    rules = sub.add_parser("rules", help="the rules a scan runs, and what each one finds")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    rules_sub.add_parser("list", help="every installed rule with its severity")
    explain = rules_sub.add_parser("explain", help="what a rule finds, why, and what to do")
    explain.add_argument("rule_id")
    explain.add_argument("--policy", action="append", default=[], help="extra policy TOML")
    add_commands(sub)
    return p


def _rules(args: argparse.Namespace) -> int:
    from watchdog.registry import load_detectors

    detectors = {d.rule.rule_id: d.rule for d in load_detectors()}
    if args.rules_command == "list":
        for rule in detectors.values():
            print(f"{rule.rule_id:28} {rule.severity!s:8} {rule.title}")
        return EXIT_OK
    found = detectors.get(args.rule_id)
    if found is None:
        raise UsageError(f"no rule {args.rule_id!r} (known: {', '.join(detectors)})")
    rule = found
    policy = load_policy([load_policy_file(p) for p in args.policy])
    print(rule.doc.strip() or f"{rule.rule_id}\n\n{rule.rationale}\n\n{rule.remediation}")
    print(
        f"\nSeverity: {policy.severity_of(rule.rule_id, rule.severity)} (default {rule.severity})"
    )
    for ref in policy.references.get(rule.rule_id, []):
        print(f"Reference: {ref}")
    return EXIT_OK


def _read_dump(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError as exc:
        raise TargetError(f"cannot read dump {path}: {exc.strerror}") from None


def _suppressions(args: argparse.Namespace) -> dict[str, dict[str, object]]:
    """Suppressions the oversight office recorded in the daemon's store, by fingerprint."""
    if not args.state:
        return {}
    if not args.name:
        raise UsageError("--state needs --name: the target's name in the daemon config")
    from watchdog.config import load_config
    from watchdog.store.store import open_store

    store = open_store(load_config(args.state).state)
    return {
        row.fingerprint: {
            "justification": row.suppressed_reason,
            "by": row.suppressed_by,
            "until": row.suppressed_until.isoformat() if row.suppressed_until else None,
        }
        for row in store.findings(args.name, "suppressed")
    }


def _scan(args: argparse.Namespace) -> int:
    from watchdog.engine import ScanOptions, scan_dsn, scan_dump
    from watchdog.report import json_report, text

    fail_on = Severity.parse(args.fail_on)
    policy = load_policy([load_policy_file(p) for p in args.policy])
    options = ScanOptions(
        read_data=not args.no_data, statement_timeout_ms=max(1, args.statement_timeout) * 1000
    )
    progress = Progress()
    options.progress = progress
    if args.dump:
        name = args.name or ("stdin" if args.dump == "-" else args.dump)
        report = scan_dump(_read_dump(args.dump), args.dialect, policy, options, name=name)
    else:
        report = scan_dsn(args.dsn, policy, options, name=args.name)
    progress.done()
    fmt = args.format or ("text" if args.output is None and sys.stdout.isatty() else "json")
    try:
        fh = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    try:
        if fmt == "json":
            json_report.write(report, fh)
        elif fmt == "html":
            from watchdog.report import html

            fh.write(html.render(report))
        elif fmt == "sarif":
            from watchdog.report import sarif

            fh.write(sarif.render(report, _suppressions(args)))
        else:
            fh.write(text.render(report, colour=args.output is None and sys.stdout.isatty()))
    finally:
        if args.output:
            fh.close()
    return EXIT_FINDINGS if any(f.severity >= fail_on for f in report.findings) else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command == "daemon":
            # JSON lines to stdout: the journal's, one event per line
            configure(args.log_level or "info", json=True, stream=sys.stdout)
            from watchdog.daemon.service import run_daemon

            return run_daemon(args.config)
        configure(args.log_level or "warning")
        if args.command == "scan":
            return _scan(args)
        if args.command == "demo":
            from pathlib import Path

            from watchdog.demo.run import run_demo

            return run_demo(Path(args.output_dir))
        if args.command == "config":
            from watchdog.admin import config_check

            return config_check(args)
        if args.command == "findings":
            from watchdog.admin import findings

            return findings(args)
        if args.command == "inbox":
            from watchdog.admin import inbox_status, inbox_test

            return inbox_test(args) if args.inbox_command == "test" else inbox_status(args)
        if args.command == "runs":
            from watchdog.admin import runs

            return runs(args)
        if args.command == "rules":
            return _rules(args)
        raise UsageError(f"unknown command {args.command}")
    except WatchdogError as exc:
        print(f"alert-watchdog: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except ValueError as exc:
        print(f"alert-watchdog: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("alert-watchdog: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the promise: one line, never a traceback
        structlog.get_logger(__name__).error("internal error", error=repr(exc)[:300])
        print(
            f"alert-watchdog: internal error: {type(exc).__name__}: {str(exc)[:200]}",
            file=sys.stderr,
        )
        return EXIT_USAGE
