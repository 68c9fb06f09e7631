"""Federal ties as structured evidence: on relations (their names, comments, columns,
provenance defaults and values, the server of a foreign table), on publications, on
hosts and recipients that code delivers to, and in code comments."""

from __future__ import annotations

from watchdog.analysis.hints import context_of
from watchdog.detector_api import Tie, TieKind
from watchdog.model import Artifact, Inventory, RelationDetails, ServerDetails
from watchdog.policy import Policy, hosts_of, tokens
from watchdog.redact import excerpt


def _quote_free(text: str) -> str:
    return text.replace("'", "").split("::")[0]


class TieFinder:
    """Finds federal ties where the evidence lives, each as a structured `Tie`."""

    def __init__(self, inventory: Inventory, policy: Policy) -> None:
        self.inv = inventory
        self.policy = policy
        self.servers = {
            a.name: a
            for a in inventory.of_kind("foreign_server")
            if isinstance(a.details, ServerDetails)
        }

    def relation(self, rel: Artifact) -> list[Tie]:
        p = self.policy
        ctx = context_of(rel)
        q = rel.qualified
        out: list[Tie] = []
        hit = p.agency_in_identifier(rel.name, ctx)
        if hit:
            out.append(Tie(TieKind.NAME, q, hit.agency, rel.name))
        if rel.schema and (hit := p.agency_in_identifier(rel.schema, ctx)):
            out.append(Tie(TieKind.SCHEMA, q, hit.agency, rel.schema))
        if (
            rel.comment
            and not p.negated(rel.comment)
            and (hit := p.agency_in_prose(rel.comment, ctx))
        ):
            out.append(Tie(TieKind.COMMENT, q, hit.agency, excerpt(rel.comment, 140)))
        for c in rel.columns:
            out += self._column(rel, c.name, c.comment, c.default, ctx)
        out += self._server(rel)
        return out

    def _column(
        self, rel: Artifact, name: str, comment: str | None, default: str | None, ctx: str
    ) -> list[Tie]:
        p = self.policy
        obj = f"{rel.qualified}.{name}"
        out: list[Tie] = []
        if comment and not p.negated(comment) and (hit := p.agency_in_prose(comment, ctx)):
            out.append(Tie(TieKind.COLUMN_COMMENT, obj, hit.agency, excerpt(comment, 140)))
        identifier = p.vocab["agency_numbers"].match(tokens(name)) is not None and (
            len(tokens(name)) <= 3
        )
        if not identifier and (hit := p.agency_in_identifier(name, ctx)):
            out.append(Tie(TieKind.COLUMN_NAME, obj, hit.agency, name))
        if default and "'" in default:
            # a constant default is what every row of the relation says about itself,
            # whatever the column is called
            value = _quote_free(default)
            if hit := p.agency_in_literal(value, ctx):
                out.append(Tie(TieKind.PROVENANCE_DEFAULT, obj, hit.agency, value[:60]))
        values = self.inv.provenance.get((rel.schema, rel.name, name))
        if values:
            fed = {v: n for v, n in values.items() if p.agency_in_literal(v, ctx)}
            if fed:
                names = sorted({h.token.upper() for v in fed if (h := p.agency_in_literal(v, ctx))})
                total = sum(values.values())
                agency = p.agencies.get(names[0].lower(), names[0])
                out.append(
                    Tie(
                        TieKind.PROVENANCE_VALUES,
                        obj,
                        agency,
                        f"{sum(fed.values())} of {total} sampled rows name {', '.join(names)}",
                    )
                )
        return out

    def _server(self, rel: Artifact) -> list[Tie]:
        d = rel.details
        if not isinstance(d, RelationDetails) or not d.server:
            return []
        host = self.server_host(d.server)
        if host and self.policy.is_federal_host(host):
            return [Tie(TieKind.SERVER_HOST, rel.qualified, host, f"{host} (server {d.server})")]
        return []

    def server_host(self, server: str) -> str:
        srv = self.servers.get(server)
        if srv is None or not isinstance(srv.details, ServerDetails):
            return ""
        return srv.details.options.get("host") or srv.details.options.get("hostaddr") or ""

    def publication(self, pub: Artifact) -> Tie | None:
        p = self.policy
        hit = p.agency_in_identifier(pub.name) or (
            p.agency_in_prose(pub.comment) if pub.comment and not p.negated(pub.comment) else None
        )
        if hit is None:
            return None
        text = f"{pub.name}: {pub.comment}" if pub.comment else pub.name
        return Tie(TieKind.PUBLICATION, pub.name, hit.agency, excerpt(text, 140))

    def destination(self, text: str, obj: str, line: int | None) -> Tie | None:
        """A recipient, URL or connection string on a federal host (or naming a server)."""
        hosts = hosts_of(text) if text else []
        if not hosts and text in self.servers:
            hosts = [self.server_host(text)]
        for h in hosts:
            if h and self.policy.is_federal_host(h):
                shown = f"@{h}" if "@" in text else h
                return Tie(TieKind.RECIPIENT, obj, h, shown, line)
        return None

    def comment(self, text: str, obj: str, line: int | None) -> Tie | None:
        p = self.policy
        if p.negated(text):
            return None
        hit = p.agency_in_prose(text)
        if hit is None:
            return None
        return Tie(TieKind.CODE_COMMENT, obj, hit.agency, excerpt(text, 140), line)
