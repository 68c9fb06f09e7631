"""The HTML report, checked as markup and as a person sees it in real headless Chromium.

The report is built from a hand-made inventory and findings (no database): a critical
federal-list-contact-alert with a six-hop evidence chain on a trigger whose name is hostile
markup, a coverage gap and an info finding, over six artifacts of different kinds.

Chromium runs with the page's own Content-Security-Policy in force: if any value from the
database escaped unescaped, its script would be blocked *and logged*, so "no console message
from the page" covers both a script error and an escaping bug. Screenshots, the PDF print and
the dumped DOM are kept under tests/_output/report_html/ for a person to look at.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from watchdog.engine import Report
from watchdog.model import (
    Artifact,
    ArtifactKind,
    Evidence,
    Finding,
    Inventory,
    RelationDetails,
    Severity,
    Target,
    TriggerDetails,
)
from watchdog.registry import load_detectors
from watchdog.report import html as html_report

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parent / "_output" / "report_html"
HOSTILE = "tf_alert\"<script>alert(1)</script>'"
HOSTILE_COMMENT = "HSI \"priority\" list <img src=x onerror=alert(2)> & 'more'"
CRITICAL_TITLE = f"Person-tracking alert on a federally tied list: {HOSTILE}"
GAP_TITLE = "Coverage gap: no privilege on cron.job rows"
INFO_TITLE = "Person-tracking alert (no federal tie found): saved_searches[17]"
SAVED_TITLE = 'Daily "warrant" check & <b>follow-up</b>'


def sample_report() -> Report:
    """Six artifacts of different kinds with roles, and three findings of three severities."""
    target = Target(
        name="rms-prod", dialect="postgres", server_version="16.4", database="rms", role="wd_reader"
    )
    arrests = Artifact(ArtifactKind.TABLE, "rms", "arrests", owner="rms_owner")
    referrals = Artifact(
        "foreign_table",
        "rms",
        "hsi_referrals",
        owner="tf_liaison",
        comment=HOSTILE_COMMENT,
    )
    contacts = Artifact(ArtifactKind.VIEW, "rms", "recent_contacts", owner="rms_owner")
    notify = Artifact("function", "rms", "tf_notify", owner="tf_liaison", language="plpgsql")
    trigger = Artifact(
        "trigger",
        "rms",
        HOSTILE,
        owner="tf_liaison",
        table="rms.arrests",
        details=TriggerDetails(function="rms.tf_notify"),
    )
    saved = Artifact(
        "stored_query",
        "app",
        "saved_searches[17]",
        owner="app",
        table="app.saved_searches",
        title=SAVED_TITLE,
    )
    inventory = Inventory(target, [arrests, referrals, contacts, notify, trigger, saved], queries=9)
    chain = [
        Evidence("event", "rms.arrests", "AFTER INSERT OR UPDATE FOR EACH ROW"),
        Evidence(
            "runs",
            f"{HOSTILE} → rms.tf_notify",
            f'CREATE TRIGGER "{HOSTILE}" AFTER INSERT ON rms.arrests EXECUTE FUNCTION rms.tf_notify()',
        ),
        Evidence(
            "membership test",
            "rms.hsi_referrals (in rms.tf_notify)",
            "IF EXISTS (SELECT 1 FROM rms.hsi_referrals r WHERE r.person_id = NEW.person_id) THEN",
            4,
        ),
        Evidence(
            "list", "rms.hsi_referrals", f"foreign_table rms.hsi_referrals — {HOSTILE_COMMENT}"
        ),
        Evidence("federal tie", "rms.hsi_referrals", "comment names the agency HSI"),
        Evidence(
            "sink",
            "rms.officer_outbox (in rms.tf_notify)",
            "INSERT INTO rms.officer_outbox (recipient, body) VALUES ('tf-desk@pd.example', NEW.arrest_id)",
            6,
        ),
    ]
    findings = [
        Finding(
            "federal-list-contact-alert",
            Severity.CRITICAL,
            0.92,
            CRITICAL_TITLE,
            trigger,
            chain,
            "3f1c9a0e5b7d2c4a8e6f0b1d3c5a7e9f",
            "Disable the alert, preserve its definition and refer it to counsel.",
            ["NYC Admin. Code § 10-178", "NYC Executive Order 41 (2017), § 2 and § 4"],
        ),
        Finding(
            "coverage-gap",
            Severity.LOW,
            1.0,
            GAP_TITLE,
            Artifact("catalog", "", "cron.job"),
            [
                Evidence("not inspected", "cron.job", "row-level security hides 3 of 4 jobs"),
                Evidence("fix", "cron.job", "GRANT SELECT ON cron.job TO wd_reader"),
            ],
            "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            "Apply the grant or fix named in the evidence and scan again.",
            [],
        ),
        Finding(
            "person-contact-alert",
            Severity.INFO,
            0.65,
            INFO_TITLE,
            saved,
            [
                Evidence(
                    "contact source", "rms.arrests", "arrested_at > now() - interval '1 day'", 2
                ),
                Evidence(
                    "membership test",
                    "rms.warrants",
                    "person_id IN (SELECT person_id FROM rms.warrants)",
                    3,
                ),
                Evidence("sink", "app.saved_searches[17]", "recipients: warrant-squad@pd.example"),
            ],
            "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b",
            "Confirm the alert has an owner, a lawful purpose and a review date.",
            ["NYC Admin. Code § 10-178"],
        ),
    ]
    started = datetime(2025, 6, 2, 9, 30, 0, tzinfo=UTC)
    roles = {
        id(arrests): frozenset({"contact-source", "person-key"}),
        id(referrals): frozenset({"list", "federal-tie", "person-key"}),
        id(contacts): frozenset({"contact-source", "person-key"}),
        id(saved): frozenset({"sink"}),
    }
    rules = tuple(d.rule for d in load_detectors())
    return Report(inventory, findings, started, started + timedelta(seconds=3.4), roles, rules)


@dataclass
class Page:
    """What an HTML parser sees: the text (entities decoded), the elements and attributes."""

    text: str = ""
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)

    def with_id(self, ident: str) -> dict[str, str | None]:
        return next(attrs for _, attrs in self.tags if attrs.get("id") == ident)


def parse(markup: str) -> Page:
    page = Page()
    texts: list[str] = []

    class Collector(HTMLParser):
        raw: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            page.tags.append((tag, dict(attrs)))
            if tag in ("script", "style"):
                self.raw = tag

        def handle_endtag(self, tag: str) -> None:
            if tag == self.raw:
                self.raw = None

        def handle_data(self, data: str) -> None:
            if self.raw == "script":
                page.scripts.append(data)
            elif self.raw == "style":
                page.styles.append(data)
            else:
                texts.append(data)

    parser = Collector(convert_charrefs=True)
    parser.feed(markup)
    parser.close()
    page.text = " ".join(" ".join(texts).split())
    return page


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def markup() -> str:
    return html_report.render(sample_report())


# --- the markup ------------------------------------------------------------------------


def test_everything_from_the_database_is_escaped(markup: str) -> None:
    assert "<script>alert(1)</script>" not in markup
    assert "<img" not in markup and "<b>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    page = parse(markup)
    # one script element, ours; no element carries an event handler
    assert [t for t, _ in page.tags if t == "script"] == ["script"]
    assert not [(t, a) for t, a in page.tags for k in a if k.startswith("on")]
    assert not [t for t, _ in page.tags if t in ("img", "b", "iframe", "object", "embed")]
    # ... and a reader sees the names exactly as the database holds them
    assert HOSTILE in page.text
    assert HOSTILE_COMMENT in page.text
    assert SAVED_TITLE in page.text


def test_the_page_is_self_contained(markup: str) -> None:
    page = parse(markup)
    assert not [t for t, _ in page.tags if t in ("link", "img", "iframe", "object", "embed")]
    assert not [a for _, a in page.tags if "src" in a]
    assert not re.search(r"(?i)url\(|@import|https?://", "".join(page.styles))
    assert not re.search(r"https?://", "".join(page.scripts))
    csp = next(
        a["content"] or ""
        for t, a in page.tags
        if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"
    )
    assert "default-src 'none'" in csp

    def digest(source: str) -> str:
        return (
            "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"
        )

    # the CSP allows exactly the inline style and script of the page, nothing else
    assert f"style-src {digest(page.styles[0])};" in csp
    assert f"script-src {digest(page.scripts[0])};" in csp


def test_summary_counts_findings_by_severity(markup: str) -> None:
    page = parse(markup)
    assert "Summary by severity" in page.text
    assert "critical 1 high 0 medium 0 low 1 info 1 total 3" in page.text
    assert "highest severity critical" in page.text
    assert "1 coverage gap" in page.text


def test_each_finding_shows_its_chain_remediation_references_fingerprint(markup: str) -> None:
    page = parse(markup)
    for title in (CRITICAL_TITLE, GAP_TITLE, INFO_TITLE):
        assert title in page.text
    critical = markup.split('id="finding-1"', 1)[1].split("</article>", 1)[0]
    chain = critical.split('<table class="chain">', 1)[1].split("</table>", 1)[0]
    assert chain.count("<tr>") == 7  # the heading and six hops
    shown = parse(critical).text
    for ev in sample_report().findings[0].evidence:
        assert squash(f"{ev.step} {ev.object}") in shown
        assert squash(ev.excerpt) in shown
    assert re.search(r'<td class="line">4</td>', chain) and re.search(
        r'<td class="line">6</td>', chain
    )
    assert "confidence 0.92" in shown
    assert "3f1c9a0e5b7d2c4a8e6f0b1d3c5a7e9f" in shown
    assert "Disable the alert, preserve its definition and refer it to counsel." in shown
    assert "NYC Admin. Code § 10-178" in shown and "Executive Order 41" in shown
    assert "Owner tf_liaison" in shown
    # findings come in severity order, each under its severity heading
    order = [markup.index(f'id="sev-{s}"') for s in ("critical", "low", "info")]
    assert order == sorted(order)


def test_inventory_browsable_by_kind_and_role(markup: str) -> None:
    page = parse(markup)
    kinds = [a for t, a in page.tags if t == "details" and "kind" in (a.get("class") or "")]
    assert len(kinds) == 6
    inventory = markup.split('id="inventory"', 1)[1]
    for kind in ("foreign_table", "function", "stored_query", "table", "trigger", "view"):
        assert f"<summary>{kind} " in inventory
    # one radio per role, plus "all" and "no role"; rows carry their roles' classes
    radios = [a for t, a in page.tags if t == "input" and a.get("name") == "role-filter"]
    labels = {a.get("value") for a in radios}
    assert len(radios) == 2 + len({"contact-source", "person-key", "list", "federal-tie", "sink"})
    assert {"all", "none"} <= labels
    rows = [
        a.get("class") or "" for t, a in page.tags if t == "tr" and "art" in (a.get("class") or "")
    ]
    assert len(rows) == 6
    assert sum("rnone" in r for r in rows) == 2  # the function and the trigger
    assert "Artifacts by kind and role" in page.text


def test_an_empty_report_says_it_looked_and_found_nothing() -> None:
    report = Report(
        Inventory(Target("empty")), [], datetime.now(UTC), datetime.now(UTC) + timedelta(seconds=1)
    )
    text = parse(html_report.render(report)).text
    assert "No findings: every artifact in the inventory was inspected" in text
    assert "The scan found no artifacts." in text


def test_no_listed_person_leaks_from_model_data() -> None:
    """The renderer shows names, owners and counts; it does not print bodies or extras."""
    report = sample_report()
    report.inventory.artifacts[0].body = "SELECT 'SURNAME, Firstname' AS listed"
    report.inventory.artifacts[1].details = RelationDetails(options={"sample": "SURNAME"})
    report.inventory.provenance[("rms", "hsi_referrals", "source")] = {"SURNAME": 1}
    assert "SURNAME" not in html_report.render(report)


# --- in real headless Chromium ---------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is not installed (Debian package `chromium`: apt-get install -y chromium)",
)

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


@dataclass
class Run:
    stdout: str
    console: list[str]


def chromium(page: Path, *extra: str) -> Run:
    """One headless Chromium run on a local file; `console` is what the page logged."""
    with tempfile.TemporaryDirectory(prefix="wd-chromium-") as profile:
        proc = subprocess.run(
            [str(CHROMIUM), *_FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    # Chromium logs every console message, error or CSP violation of a page as
    # `...:INFO:CONSOLE:<line>] "<message>", source: <url> (<line>)`; older builds also used
    # `ERROR:CONSOLE` and "Uncaught ..." / "Refused to ...".
    uri = page.as_uri()
    console = [
        line
        for line in proc.stderr.splitlines()
        if (":CONSOLE" in line or "Uncaught" in line or "Refused to" in line)
        and (uri in line or page.name in line)
    ]
    return Run(proc.stdout, console)


@pytest.fixture(scope="module")
def written(markup: str) -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / "report.html"
    path.write_text(markup, encoding="utf-8")
    return path


@needs_chromium
def test_the_console_check_catches_a_broken_page(tmp_path: Path) -> None:
    """The harness itself: a script error and a blocked load do show up as console lines."""
    bad = tmp_path / "broken.html"
    bad.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; script-src 'unsafe-inline'\"></head><body><p>x</p>"
        '<script>undefinedFunction();</script><img src="https://example.invalid/x.png">'
        "</body></html>",
        encoding="utf-8",
    )
    run = chromium(bad, "--dump-dom")
    assert any("Uncaught" in line for line in run.console), run.console
    assert any("example.invalid" in line for line in run.console), run.console


@needs_chromium
def test_chromium_renders_findings_and_summary_without_console_errors(written: Path) -> None:
    run = chromium(written, "--dump-dom")
    assert not run.console, "\n".join(run.console)
    dom = parse(run.stdout)
    for title in (CRITICAL_TITLE, GAP_TITLE, INFO_TITLE):
        assert title in dom.text
    assert "Summary by severity" in dom.text
    assert "critical 1 high 0 medium 0 low 1 info 1 total 3" in dom.text
    # the hostile name stayed text: the only script element is ours, nothing else ran
    assert [t for t, _ in dom.tags if t == "script"] == ["script"]
    assert "alert(1)" not in "".join(dom.scripts)
    # the inline script ran: it reveals the expand/collapse buttons
    assert "hidden" not in dom.with_id("inv-tools")
    (OUTPUT / "dom.html").write_text(run.stdout, encoding="utf-8")


@needs_chromium
def test_the_page_works_without_its_script(markup: str, written: Path) -> None:
    """Everything a reader sees is in the markup: the script adds no text, only two buttons
    that stay hidden without it. The page with its script removed (as a mail client or a
    browser with scripts off would show it) renders the same text in Chromium.

    (Chromium's `--blink-settings=scriptEnabled=false` cannot be used: headless
    `--dump-dom` and `--screenshot` then produce nothing.)"""
    run = chromium(written, "--dump-dom")
    assert parse(run.stdout).text == parse(markup).text
    start, end = markup.index("<script>"), markup.index("</script>") + len("</script>")
    bare = OUTPUT / "report-noscript.html"
    bare.write_text(markup[:start] + markup[end:], encoding="utf-8")
    run = chromium(bare, "--dump-dom")
    assert not run.console, "\n".join(run.console)
    dom = parse(run.stdout)
    assert dom.text == parse(markup).text
    assert not dom.scripts and "hidden" in dom.with_id("inv-tools")
    shot = OUTPUT / "report-noscript.png"
    shot.unlink(missing_ok=True)
    run = chromium(bare, f"--screenshot={shot}", "--window-size=1280,2000")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


_PROBE = """<script>
var rows = Array.prototype.map.call(document.querySelectorAll("tr.art"), function (tr) {
  return [tr.cells[0].textContent, getComputedStyle(tr).display !== "none"];
});
var kinds = Array.prototype.map.call(document.querySelectorAll("details.kind"), function (d) {
  return [d.querySelector("summary").textContent, getComputedStyle(d).display !== "none"];
});
document.getElementById("probe").textContent = JSON.stringify({rows: rows, kinds: kinds});
</script>"""


@needs_chromium
@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (
            "all",
            {
                "arrests",
                "hsi_referrals",
                "recent_contacts",
                "tf_notify",
                HOSTILE,
                "saved_searches[17]",
            },
        ),
        ("list", {"hsi_referrals"}),
        ("contact-source", {"arrests", "recent_contacts"}),
        ("none", {"tf_notify", HOSTILE}),
    ],
)
def test_the_role_filter_works_with_css_alone(
    markup: str, tmp_path: Path, role: str, shown: set[str]
) -> None:
    """A reader picks a role: Chromium hides, by CSS alone, every row and kind without it.

    The probe is a copy of the page with that radio checked, the CSP removed, and a script
    that copies the computed styles into the DOM for `--dump-dom` to show."""
    probe = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", markup)
    probe = probe.replace('value="all" checked>', 'value="all">')
    probe = probe.replace(f'value="{role}">', f'value="{role}" checked>')
    assert probe.count(" checked>") == 1
    probe = probe.replace("</main>", '</main><pre id="probe"></pre>' + _PROBE)
    path = tmp_path / "probe.html"
    path.write_text(probe, encoding="utf-8")
    run = chromium(path, "--dump-dom")
    assert not run.console, "\n".join(run.console)
    start = run.stdout.index('<pre id="probe">') + len('<pre id="probe">')
    seen = json.loads(html.unescape(run.stdout[start : run.stdout.index("</pre>", start)]))
    qualified = {f"{a.schema}.{a.name}": a.name for a in sample_report().inventory.artifacts}
    visible = {qualified[row] for row, on in seen["rows"] if on}
    assert visible == shown
    kinds = [kind for kind, on in seen["kinds"] if on]
    assert len(kinds) == (6 if role == "all" else len(shown)), kinds


@needs_chromium
def test_screenshot_and_print(written: Path) -> None:
    shot = OUTPUT / "report.png"
    pdf = OUTPUT / "report.pdf"
    for old in (shot, pdf):
        old.unlink(missing_ok=True)
    run = chromium(written, f"--screenshot={shot}", "--window-size=1280,2000")
    assert not run.console, "\n".join(run.console)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a page of text and colour, not a blank canvas
    run = chromium(written, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert not run.console, "\n".join(run.console)
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000
