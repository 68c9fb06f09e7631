"""The HTML report: one self-contained page for people.

A summary by severity, every finding with its evidence chain hop by hop, and the inventory
browsable by kind (one collapsible section per kind) and by role (a filter made of radio
buttons and CSS, no script needed). The page loads nothing from anywhere: the CSS and a small
script are inline and pinned by hash in a Content-Security-Policy that allows nothing else.
The script only adds "expand/collapse all" and opens every section before printing; the page
works without it.

Everything that comes from the target — names, comments, owners, titles, excerpts — is
escaped. Like every report, this one names artifacts, owners and counts, never the people on
a list: it renders the model, which does not hold them.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter, defaultdict
from datetime import datetime
from html import escape

from watchdog import __version__
from watchdog.model import Artifact, Evidence, Finding, Report, Role, Rule, Severity

ROLE_NOTES = {
    str(Role.CONTACT_SOURCE): "records police contact with a person",
    str(Role.PERSON_KEY): "has a column that identifies a person",
    str(Role.LIST): "enumerates people picked out for attention",
    str(Role.FEDERAL_TIE): "comes from, or goes to, a federal agency",
    str(Role.SINK): "where an alert is delivered",
    str(Role.IMMIGRATION): "holds immigration attributes",
    str(Role.PROVENANCE): "records where its rows came from",
}
# Sections of the inventory start open when the whole inventory is this small.
OPEN_INVENTORY_UP_TO = 300

_CSS = """
:root{--fg:#1a1a1a;--muted:#5a5a5a;--line:#d0d0d0;--bg-soft:#f5f5f3;
--critical:#7f1010;--high:#b42318;--medium:#8a5a00;--low:#1d5f9e;--info:#555}
*{box-sizing:border-box}
html{color:var(--fg);background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
body{margin:0 auto;max-width:1180px;padding:24px 28px 48px}
h1{font-size:1.7rem;margin:0 0 4px}
h2{font-size:1.3rem;margin:36px 0 12px;padding-bottom:4px;border-bottom:2px solid var(--fg)}
h3{font-size:1.1rem;margin:28px 0 10px}
h4{font-size:1.05rem;margin:0}
h5{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:16px 0 6px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.88em}
a{color:#0b4f8a}
nav.toc{display:flex;gap:18px;margin:8px 0 0;font-size:.95rem}
.sub{color:var(--muted);margin:0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line)}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);background:var(--bg-soft)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:12px 0}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0;overflow-wrap:anywhere}
.badge{display:inline-block;min-width:5.6em;text-align:center;padding:1px 8px;border-radius:3px;
font-size:.78rem;font-weight:700;letter-spacing:.05em;text-transform:uppercase;color:#fff;
-webkit-print-color-adjust:exact;print-color-adjust:exact}
.sev-critical .badge,.badge.sev-critical{background:var(--critical)}
.sev-high .badge,.badge.sev-high{background:var(--high)}
.sev-medium .badge,.badge.sev-medium{background:var(--medium)}
.sev-low .badge,.badge.sev-low{background:var(--low)}
.sev-info .badge,.badge.sev-info{background:var(--info)}
.summary{display:flex;flex-wrap:wrap;gap:28px;align-items:flex-start}
.summary table{width:auto;min-width:300px}
.summary td.count{text-align:right;font-variant-numeric:tabular-nums;font-weight:600}
.summary tr.zero td{color:var(--muted);font-weight:400}
.verdict{flex:1;min-width:280px;padding:12px 16px;border-left:6px solid var(--line);background:var(--bg-soft)}
.verdict.sev-critical,.verdict.sev-high{border-left-color:var(--high)}
.verdict.sev-medium{border-left-color:var(--medium)}
.verdict p{margin:4px 0}
.finding{border:1px solid var(--line);border-left:6px solid var(--info);padding:12px 16px 14px;margin:14px 0;break-inside:avoid-page}
.finding.sev-critical{border-left-color:var(--critical)}
.finding.sev-high{border-left-color:var(--high)}
.finding.sev-medium{border-left-color:var(--medium)}
.finding.sev-low{border-left-color:var(--low)}
.finding header{display:flex;gap:12px;align-items:baseline;flex-wrap:wrap}
.finding header .conf{margin-left:auto;color:var(--muted);white-space:nowrap;font-size:.9rem}
meter{width:70px;vertical-align:middle}
table.chain td.n{width:2.2em;color:var(--muted);font-variant-numeric:tabular-nums}
table.chain td.step{width:9.5em;font-weight:600;white-space:nowrap}
table.chain td.obj{width:24%;overflow-wrap:anywhere}
table.chain td.line{width:3.5em;text-align:right;font-variant-numeric:tabular-nums}
table.chain td.excerpt code{white-space:pre-wrap;overflow-wrap:anywhere}
ul.refs{margin:0;padding-left:20px}
.rationale{color:var(--muted);margin:6px 0 0}
.empty{padding:12px 16px;background:var(--bg-soft)}
.role{display:inline-block;margin:1px 4px 1px 0;padding:0 7px;border:1px solid var(--line);border-radius:10px;font-size:.8rem;white-space:nowrap}
.role-list,.role-federal-tie,.role-immigration-attributes{border-color:var(--high);color:var(--high)}
.role-contact-source{border-color:var(--low);color:var(--low)}
.legend{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:.9rem;margin:8px 0 16px}
.legend dd{margin:0;color:var(--muted)}
table.matrix caption{text-align:left;padding:4px 0}
table.matrix td.c{text-align:center;font-variant-numeric:tabular-nums}
table.matrix td.c.z{color:#bbb}
.rf{position:absolute;opacity:0;width:1px;height:1px;margin:0}
.filters{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:14px 0 10px}
.filters span{color:var(--muted);margin-right:4px}
.filters label{cursor:pointer;padding:2px 10px;border:1px solid var(--line);border-radius:12px;font-size:.88rem;background:#fff}
.filters label:hover{border-color:var(--fg)}
.tools{margin:0 0 10px}
.tools button{font:inherit;font-size:.85rem;padding:2px 10px;margin-right:6px;cursor:pointer}
details.kind{border:1px solid var(--line);margin:6px 0}
details.kind>summary{cursor:pointer;padding:6px 10px;background:var(--bg-soft);font-weight:600}
details.kind>summary .count{color:var(--muted);font-weight:400}
details.kind table{margin:0;table-layout:fixed}
details.kind th:nth-child(1){width:30%}
details.kind th:nth-child(2){width:25%}
details.kind th:nth-child(3){width:12%}
details.kind td{overflow-wrap:anywhere}
table.matrix,dl.legend{break-inside:avoid}
footer{margin-top:40px;padding-top:10px;border-top:1px solid var(--line);color:var(--muted);font-size:.85rem}
@media print{
html{font-size:10.5pt}
body{max-width:none;padding:0}
nav.toc,.filters,.tools,.rf{display:none!important}
h2,h3,h4,h5{break-after:avoid-page}
tr{break-inside:avoid}
a{color:inherit;text-decoration:none}
details.kind>summary{list-style:none}
.finding{border-left-width:4px}
}
@page{margin:14mm}
"""

_SCRIPT = """(function () {
  "use strict";
  var kinds = Array.prototype.slice.call(document.querySelectorAll("details.kind"));
  function setAll(open) { kinds.forEach(function (d) { d.open = open; }); }
  var tools = document.getElementById("inv-tools");
  if (tools) {
    tools.hidden = false;
    tools.addEventListener("click", function (ev) {
      var act = ev.target && ev.target.getAttribute ? ev.target.getAttribute("data-act") : null;
      if (act === "open") { setAll(true); } else if (act === "close") { setAll(false); }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("input.rf"), function (radio) {
    radio.addEventListener("change", function () { if (radio.checked && radio.value !== "all") { setAll(true); } });
  });
  var before = [];
  window.addEventListener("beforeprint", function () {
    before = kinds.map(function (d) { return d.open; });
    setAll(true);
  });
  window.addEventListener("afterprint", function () {
    kinds.forEach(function (d, i) { d.open = before[i]; });
  });
})();"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def _when(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="seconds")


def _code(value: str) -> str:
    return f"<code>{_e(value)}</code>"


def _where(art: Artifact) -> str:
    out = f"{_e(art.kind)} {_code(art.qualified)}"
    if art.table:
        out += f" on {_code(art.table)}"
    if art.title:
        out += f" — “{_e(art.title)}”"
    return out


def _header(report: Report) -> list[str]:
    inv = report.inventory
    target = inv.target
    seconds = (report.finished_at - report.started_at).total_seconds()
    server = " ".join(x for x in (target.dialect, target.server_version) if x)
    rows: list[tuple[str, str]] = [("Target", _e(target.name)), ("Server", _e(server))]
    if target.database:
        rows.append(("Database", _e(target.database)))
    if target.role:
        rows.append(("Scanned as", _e(target.role)))
    rows += [
        (
            "Scan",
            f"{_e(_when(report.started_at))} → {_e(_when(report.finished_at))} ({seconds:.1f} s)",
        ),
        ("Inspected", f"{len(inv.artifacts)} artifacts, {inv.queries} catalog queries"),
        ("Tool", f"alert-watchdog {_e(__version__)}"),
    ]
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return [
        "<header>",
        "<h1>alert-watchdog report</h1>",
        f'<p class="sub">Person-tracking alerts and federal lists in {_e(target.name)}</p>',
        f'<dl class="meta">{meta}</dl>',
        '<nav class="toc" aria-label="Contents"><a href="#summary">Summary</a>'
        '<a href="#findings">Findings</a><a href="#inventory">Inventory</a></nav>',
        "</header>",
    ]


def _summary(report: Report) -> list[str]:
    counts = Counter(f.severity for f in report.findings)
    gaps = sum(1 for f in report.findings if f.rule_id == "coverage-gap")
    rows = []
    for sev in sorted(Severity, reverse=True):
        n = counts.get(sev, 0)
        label = f'<span class="badge sev-{sev}">{sev}</span>'
        if n:
            label = f'<a href="#sev-{sev}">{label}</a>'
        rows.append(
            f'<tr class="sev-{sev}{"" if n else " zero"}"><td>{label}</td><td class="count">{n}</td></tr>'
        )
    total = len(report.findings)
    if report.findings:
        top = max(f.severity for f in report.findings)
        verdict = [
            f'<div class="verdict sev-{top}">',
            f"<p><strong>{total} finding{'s' if total != 1 else ''}</strong> in "
            f"{len(report.inventory.artifacts)} artifacts inspected; highest severity "
            f'<span class="badge sev-{top}">{top}</span>.</p>',
        ]
        if counts.get(Severity.CRITICAL) or counts.get(Severity.HIGH):
            verdict.append(
                "<p>Critical and high findings need action: read each evidence chain, "
                "then follow its remediation.</p>"
            )
    else:
        verdict = [
            '<div class="verdict">',
            "<p><strong>No findings:</strong> every artifact in the inventory was inspected "
            "and nothing matched a rule.</p>",
        ]
    if gaps:
        verdict.append(
            f"<p>{gaps} coverage gap{'s' if gaps != 1 else ''}: part of the target could not "
            "be inspected, and an alert could hide there. See the coverage-gap findings.</p>"
        )
    verdict.append("</div>")
    return [
        '<section id="summary" aria-labelledby="summary-h">',
        '<h2 id="summary-h">Summary by severity</h2>',
        '<div class="summary">',
        '<table class="by-severity"><thead><tr><th>Severity</th><th>Findings</th></tr></thead>',
        f"<tbody>{''.join(rows)}</tbody>",
        f'<tfoot><tr><td>total</td><td class="count">{total}</td></tr></tfoot></table>',
        *verdict,
        "</div>",
        "</section>",
    ]


def _evidence_row(n: int, ev: Evidence) -> str:
    line = "" if ev.line is None else str(ev.line)
    excerpt = _code(ev.excerpt) if ev.excerpt else ""
    return (
        f'<tr><td class="n">{n}</td><td class="step">{_e(ev.step)}</td>'
        f'<td class="obj">{_code(ev.object)}</td><td class="line">{line}</td>'
        f'<td class="excerpt">{excerpt}</td></tr>'
    )


def _finding(n: int, f: Finding, rule: Rule | None) -> list[str]:
    art = f.artifact
    conf = min(max(f.confidence, 0.0), 1.0)
    meta = [
        ("Rule", _code(f.rule_id) + (f" — {_e(rule.title)}" if rule else "")),
        ("Artifact", _where(art)),
    ]
    if art.owner:
        meta.append(("Owner", _e(art.owner)))
    meta.append(("Fingerprint", _code(f.fingerprint)))
    out = [
        f'<article class="finding sev-{f.severity}" id="finding-{n}">',
        "<header>",
        f'<span class="badge">{f.severity}</span>',
        f"<h4>{_e(f.title)}</h4>",
        f'<span class="conf">confidence {conf:.2f} '
        f'<meter min="0" max="1" value="{conf:.2f}">{conf:.2f}</meter></span>',
        "</header>",
        '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta) + "</dl>",
    ]
    if rule and rule.rationale:
        out.append(f'<p class="rationale">Why it matters: {_e(rule.rationale)}</p>')
    if rule and rule.doc.strip():
        paragraphs = [" ".join(p.split()) for p in rule.doc.strip().split("\n\n")[1:]]
        out.append(
            '<details class="rule-help"><summary>About this rule</summary>'
            + "".join(f"<p>{_e(p)}</p>" for p in paragraphs)
            + "</details>"
        )
    if f.confidence_factors:
        out.append(
            '<details class="why"><summary>Why this confidence</summary><ul>'
            + "".join(f"<li>{_e(x)}</li>" for x in f.confidence_factors)
            + "</ul></details>"
        )
    out.append("<h5>Evidence chain</h5>")
    if f.evidence:
        out += [
            '<table class="chain"><thead><tr><th>#</th><th>Step</th><th>Object</th>'
            "<th>Line</th><th>Excerpt</th></tr></thead><tbody>",
            *(_evidence_row(i, ev) for i, ev in enumerate(f.evidence, 1)),
            "</tbody></table>",
        ]
    else:
        out.append("<p>No evidence recorded.</p>")
    out += ["<h5>Remediation</h5>", f"<p>{_e(f.remediation)}</p>"]
    if f.references:
        out += [
            "<h5>References</h5>",
            '<ul class="refs">' + "".join(f"<li>{_e(r)}</li>" for r in f.references) + "</ul>",
        ]
    out.append("</article>")
    return out


def _findings(report: Report) -> list[str]:
    out = [
        '<section id="findings" aria-labelledby="findings-h">',
        '<h2 id="findings-h">Findings</h2>',
    ]
    if not report.findings:
        out += ['<p class="empty">No findings.</p>', "</section>"]
        return out
    rules = {r.rule_id: r for r in report.rules}
    by_sev: dict[Severity, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_sev[f.severity].append(f)
    n = 0
    for sev in sorted(by_sev, reverse=True):
        group = by_sev[sev]
        out.append(
            f'<h3 id="sev-{sev}" class="sev-{sev}"><span class="badge">{sev}</span> '
            f"{len(group)} finding{'s' if len(group) != 1 else ''}</h3>"
        )
        for f in group:
            n += 1
            out += _finding(n, f, rules.get(f.rule_id))
    out.append("</section>")
    return out


def _inventory(report: Report) -> tuple[list[str], str]:
    """The inventory section and the CSS rules of its role filter."""
    arts = report.inventory.artifacts
    out = [
        '<section id="inventory" aria-labelledby="inventory-h">',
        '<h2 id="inventory-h">Inventory</h2>',
    ]
    if not arts:
        out += ['<p class="empty">The scan found no artifacts.</p>', "</section>"]
        return out, ""
    by_kind: dict[str, list[Artifact]] = defaultdict(list)
    for a in arts:
        by_kind[a.kind].append(a)
    kinds = sorted(by_kind)
    role_count = Counter(r for a in arts for r in report.roles_of(a))
    order = list(ROLE_NOTES)  # the order of an alert's chain, then any role a site adds
    roles = sorted(role_count, key=lambda r: (order.index(r) if r in order else len(order), r))
    role_cls = {r: f"r{i}" for i, r in enumerate(roles)}
    unroled = sum(1 for a in arts if not report.roles_of(a))

    out.append(
        f"<p>{len(arts)} artifacts of {len(kinds)} kinds. Each section lists one kind; "
        "the buttons show only the artifacts with one role.</p>"
    )
    if roles:
        out.append(
            '<dl class="legend">'
            + "".join(
                f'<dt><span class="role role-{_e(r)}">{_e(r)}</span></dt>'
                f"<dd>{_e(ROLE_NOTES.get(r, ''))}</dd>"
                for r in roles
            )
            + "</dl>"
        )
        head = "".join(f"<th>{_e(r)}</th>" for r in roles)
        body = []
        for ki, kind in enumerate(kinds):
            cells = []
            for r in roles:
                c = sum(1 for a in by_kind[kind] if r in report.roles_of(a))
                cells.append(f'<td class="c{"" if c else " z"}">{c}</td>')
            body.append(
                f'<tr><td><a href="#kind-{ki}">{_e(kind)}</a></td>'
                f'<td class="c">{len(by_kind[kind])}</td>{"".join(cells)}</tr>'
            )
        out.append(
            '<table class="matrix"><caption class="sub">Artifacts by kind and role</caption>'
            f"<thead><tr><th>Kind</th><th>All</th>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
        )

    # The role filter: radio buttons before the lists, CSS hides the rows without the role.
    filters = [("all", "all", "all", len(arts))]
    filters += [(role_cls[r], r, r, role_count[r]) for r in roles]
    if unroled:
        filters.append(("rnone", "none", "no role", unroled))
    css: list[str] = []
    for fid, value, _, _ in filters:
        sel = f"#rf-{fid}:checked~.filters label[for=rf-{fid}]"
        css.append(f"{sel}{{background:var(--fg);color:#fff;border-color:var(--fg)}}")
        css.append(
            f"#rf-{fid}:focus-visible~.filters label[for=rf-{fid}]{{outline:2px solid #0b4f8a}}"
        )
        if value != "all":
            css.append(f"#rf-{fid}:checked~.kinds tr.art:not(.{fid}){{display:none}}")
            css.append(f"#rf-{fid}:checked~.kinds details.kind:not(:has(tr.{fid})){{display:none}}")
    for fid, value, _, _ in filters:
        checked = " checked" if value == "all" else ""
        out.append(
            f'<input class="rf" type="radio" name="role-filter" id="rf-{fid}" value="{_e(value)}"{checked}>'
        )
    out.append(
        '<div class="filters" role="group" aria-label="Show artifacts with role"><span>Show:</span>'
        + "".join(
            f'<label for="rf-{fid}">{_e(label)} <span class="count">({n})</span></label>'
            for fid, _, label, n in filters
        )
        + "</div>"
    )
    out.append(
        '<div class="tools" id="inv-tools" hidden><button type="button" data-act="open">Expand all'
        '</button><button type="button" data-act="close">Collapse all</button></div>'
    )
    out.append('<div class="kinds">')
    start_open = " open" if len(arts) <= OPEN_INVENTORY_UP_TO else ""
    for ki, kind in enumerate(kinds):
        members = sorted(by_kind[kind], key=lambda a: (a.schema.lower(), a.name.lower()))
        rows = []
        for a in members:
            mine = [r for r in roles if r in report.roles_of(a)]
            cls = " ".join(["art", *(role_cls[r] for r in mine)]) if mine else "art rnone"
            chips = "".join(f'<span class="role role-{_e(r)}">{_e(r)}</span>' for r in mine)
            detail = f"on {_code(a.table)}" if a.table else ""
            if a.title:
                detail += (" — " if detail else "") + f"“{_e(a.title)}”"
            rows.append(
                f'<tr class="{cls}"><td>{_code(a.qualified)}</td><td>{detail}</td>'
                f"<td>{_e(a.owner or '')}</td><td>{chips}</td></tr>"
            )
        out.append(
            f'<details class="kind" id="kind-{ki}"{start_open}><summary>{_e(kind)} '
            f'<span class="count">({len(members)})</span></summary>'
            "<table><thead><tr><th>Name</th><th>On / title</th><th>Owner</th><th>Roles</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></details>"
        )
    out += ["</div>", "</section>"]
    return out, "\n".join(css)


def render(report: Report) -> str:
    """The whole report as one HTML document (UTF-8 text)."""
    inventory, filter_css = _inventory(report)
    css = _CSS + filter_css + "\n"
    csp = (
        "default-src 'none'; "
        f"style-src {_hash(css)}; script-src {_hash(_SCRIPT)}; "
        "base-uri 'none'; form-action 'none'"
    )
    title = f"alert-watchdog report — {report.inventory.target.name}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="generator" content="alert-watchdog">',
        f"<title>{_e(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        *_header(report),
        "<main>",
        *_summary(report),
        *_findings(report),
        *inventory,
        "</main>",
        "<footer><p>This report names artifacts, owners and counts — never the people on a "
        f"list. Generated by alert-watchdog {_e(__version__)} at "
        f"{_e(_when(report.finished_at))}.</p></footer>",
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"
