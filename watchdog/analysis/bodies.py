"""The effect model of every kind of body: routines in each dialect, trigger WHEN
clauses, rewrite rules, views, jobs and stored queries.

A body that cannot be parsed leaves an entry in `BodyModel.errors`, which becomes a
coverage gap; parsing never raises. Models are built once per artifact and shared by
every entry that reaches them.
"""

from __future__ import annotations

import re
from typing import Any

from watchdog.analysis import proctree as pt
from watchdog.analysis.catalog import Catalog
from watchdog.analysis.interp import Binding, Interpreter
from watchdog.analysis.ir import BodyModel, EffectKind, Guard, RelRef, Site
from watchdog.analysis.plpgsql import convert
from watchdog.analysis.procparse import parse_procedural
from watchdog.model import (
    Artifact,
    ArtifactKind,
    Inventory,
    RoutineDetails,
    TriggerDetails,
)
from watchdog.policy import Policy
from watchdog.sqltext import code_comments, split_statements

PROCEDURAL = {"tsql": "tsql", "plsql": "plsql", "mysql": "mysql"}
DIALECT_OF_LANGUAGE = {"tsql": "tsql", "plsql": "oracle", "mysql": "mysql"}
_RULE = re.compile(
    r"^CREATE\s+(?:OR\s+REPLACE\s+)?RULE\s+.*?\s+AS\s+ON\s+\w+\s+TO\s+\S+(?:\s+WHERE\s+(?P<where>.*?))?\s+DO\s+"
    r"(?:ALSO\s+|INSTEAD\s+)?(?P<action>.*?);?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_SQL_STRING = re.compile(
    r"(?s)(?:\"\"\"|'''|\"|')((?:SELECT|INSERT|UPDATE|DELETE|WITH)\b.*?)(?:\"\"\"|'''|\"|')", re.I
)
_QUALIFIED_TYPE = re.compile(r'(?<![\w."])"?[A-Za-z_]\w*"?\.("?[A-Za-z_]\w*"?)')


class BodyModeler:
    """Builds and caches the BodyModel of each artifact of one target."""

    def __init__(self, inventory: Inventory, policy: Policy, catalog: Catalog) -> None:
        self.dialect = inventory.target.dialect
        self.policy = policy
        self.catalog = catalog
        self._models: dict[int, BodyModel] = {}
        self._by_text: dict[str, BodyModel] = {}
        self._columns: dict[RelRef, frozenset[str] | None] = {}

    def columns_of(self, ref: RelRef) -> frozenset[str] | None:
        if ref in self._columns:
            return self._columns[ref]
        rels = self.catalog.relation(ref)
        cols: frozenset[str] | None = None
        if rels:
            names = {
                (c.name.lower() if self.catalog.ci else c.name) for r in rels for c in r.columns
            }
            cols = frozenset(names) if names else None
        self._columns[ref] = cols
        return cols

    def model(self, art: Artifact) -> BodyModel:
        key = id(art)
        hit = self._models.get(key)
        if hit is not None:
            return hit
        if art.kind == ArtifactKind.STORED_QUERY and art.body and art.body in self._by_text:
            # identical SQL across saved rows is read once; the rows share the model
            model = self._by_text[art.body]
        else:
            model = self._build(art)
            if art.kind == ArtifactKind.STORED_QUERY and art.body:
                self._by_text[art.body] = model
        self._models[key] = model
        return model

    # -- dispatch -----------------------------------------------------------------------------
    def _build(self, art: Artifact) -> BodyModel:
        body = art.body or ""
        lang = (art.language or "sql").lower()
        try:
            if art.kind == ArtifactKind.TRIGGER:
                model = self._trigger(art, body, lang)
            elif art.kind == ArtifactKind.RULE:
                model = self._rule(art, body)
            elif not body.strip():
                model = BodyModel(art)
            elif lang in PROCEDURAL:
                model = self._procedural(art, body, lang)
            elif lang == "plpgsql":
                model = self._plpgsql(art, body)
            elif lang == "sql":
                model = self._sql(art, body)
            else:
                model = self._foreign(art, body)
        except RecursionError:
            model = BodyModel(art)
            model.errors.append(("body nests too deeply to analyse", Site(art, None)))
        if art.kind not in (ArtifactKind.STORED_QUERY,):
            # a routine's bare SELECT (PERFORM, a result set) goes back to its caller,
            # not to a person; only a stored query's rows are delivered by being read
            model.effects = [e for e in model.effects if e.kind != EffectKind.RESULT]
        for text, line in code_comments(body):
            model.comments.append((text, Site(art, line, text)))
        return model

    def interpreter(self, art: Artifact, dialect: str, params: list[Binding]) -> Interpreter:
        return Interpreter(art, dialect, self.policy.sink_call, self.columns_of, params)

    def _params(self, art: Artifact, prefix: str = "") -> list[Binding]:
        d = art.details
        if not isinstance(d, RoutineDetails):
            return []
        out = []
        for i, p in enumerate(d.in_params):
            if p.name:
                name = p.name if p.name.startswith("@") or not prefix else prefix + p.name
                out.append(Binding(name, i))
        return out

    def _statements(self, text: str, dialect: str, base: int = 1) -> pt.Block:
        sg = {"plsql": "oracle"}.get(dialect, dialect)
        return pt.Block(
            [pt.Stmt(s, base + line - 1) for s, line in split_statements(text, sg)], line=base
        )

    def _sql(self, art: Artifact, body: str) -> BodyModel:
        dialect = self.dialect
        interp = self.interpreter(art, dialect, self._params(art))
        model = interp.run(self._statements(_strip_atomic(body), dialect))
        if art.kind in (ArtifactKind.FUNCTION, ArtifactKind.PROCEDURE):
            # a SQL function returns its last query's rows: RESULT effects are its value
            for e in [e for e in model.effects if e.kind == EffectKind.RESULT]:
                model.returns.append((e.carried, e.guard))
            model.effects = [e for e in model.effects if e.kind != EffectKind.RESULT]
        elif art.kind in (ArtifactKind.VIEW, ArtifactKind.MATERIALIZED_VIEW):
            results = [e for e in model.effects if e.kind == EffectKind.RESULT]
            if results:
                model.outputs = list(results[-1].columns)
                model.returns.append((results[-1].carried, results[-1].guard))
            model.effects = [e for e in model.effects if e.kind != EffectKind.RESULT]
        return model

    def _procedural(self, art: Artifact, body: str, lang: str) -> BodyModel:
        dialect = DIALECT_OF_LANGUAGE[lang]
        block = parse_procedural(body, PROCEDURAL[lang])  # type: ignore[arg-type]
        interp = self.interpreter(art, dialect, self._params(art))
        guard: Guard = frozenset()
        d = art.details
        if isinstance(d, TriggerDetails) and d.when:
            guard = interp.cond(d.when, 1, interp.scope, frozenset())
        model = interp.run(block, guard)
        model.when = guard
        return model

    def _plpgsql(self, art: Artifact, body: str) -> BodyModel:
        from pglast import parse_plpgsql

        d = art.details
        kind = "PROCEDURE" if art.kind == ArtifactKind.PROCEDURE else "FUNCTION"
        args = (d.full_args or d.args) if isinstance(d, RoutineDetails) else ""
        result = (d.result if isinstance(d, RoutineDetails) else "") or "void"
        returns = "" if kind == "PROCEDURE" else f" RETURNS {result}"
        tag = "wd_body"
        while f"${tag}$" in body:
            tag += "_"
        head = (
            f"CREATE {kind} wd_probe({_unqualify(args)}){_unqualify(returns)} LANGUAGE plpgsql AS "
        )
        tree: Any = None
        error = ""
        for text in (body, _unqualify_declarations(body)):
            try:
                tree = parse_plpgsql(f"{head}${tag}${text}${tag}$")
                break
            except Exception as exc:  # pglast raises ParseError and, rarely, others
                error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        interp = self.interpreter(art, "postgres", self._params(art))
        if tree is None:
            model = interp.run(self._statements(body, "postgres"))
            model.errors.append((f"PL/pgSQL body could not be parsed: {error}", Site(art, None)))
            return model
        return interp.run(convert(tree))

    def _trigger(self, art: Artifact, body: str, lang: str) -> BodyModel:
        if lang in PROCEDURAL:
            return self._procedural(art, body, lang)
        model = BodyModel(art)
        if body.strip():  # PostgreSQL: the body is the WHEN condition
            interp = self.interpreter(art, "postgres", [])
            model = interp.model
            model.when = interp.cond(body, 1, interp.scope, frozenset())
        return model

    def _rule(self, art: Artifact, body: str) -> BodyModel:
        m = _RULE.match(body.strip())
        interp = self.interpreter(art, "postgres", [])
        if not m:
            interp.model.errors.append(("rule definition not understood", Site(art, 1, body)))
            return interp.model
        when = (
            interp.cond(m.group("where"), 1, interp.scope, frozenset())
            if m.group("where")
            else frozenset()
        )
        action = m.group("action").strip()
        if action.upper().startswith("NOTHING"):
            interp.model.when = when
            return interp.model
        if action.startswith("(") and action.endswith(")"):
            action = action[1:-1]
        line = body[: body.find(action[:20])].count("\n") + 1 if action else 1
        model = interp.run(self._statements(action, "postgres", line), when)
        model.when = when
        return model

    def _foreign(self, art: Artifact, body: str) -> BodyModel:
        """Python, Perl, Tcl bodies: their SQL strings are what can be read."""
        interp = self.interpreter(art, self.dialect, self._params(art))
        block = pt.Block()
        for m in _SQL_STRING.finditer(body):
            block.items.append(pt.Stmt(m.group(1), body.count("\n", 0, m.start()) + 1))
        model = interp.run(block)
        for m in re.finditer(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"", body):
            value = m.group(1) or m.group(2) or ""
            if value:
                model.dynamic.append((value, Site(art, body.count("\n", 0, m.start()) + 1, value)))
        model.errors.append(
            (
                f"body in language {art.language} is read only through its SQL strings and literals",
                Site(art, None),
            )
        )
        return model


def _strip_atomic(body: str) -> str:
    """SQL-standard bodies: BEGIN ATOMIC … END, or RETURN expr (read as a SELECT)."""
    m = re.match(r"^\s*BEGIN\s+ATOMIC\b(.*)\bEND\s*;?\s*$", body, re.IGNORECASE | re.DOTALL)
    if m:
        return m.group(1)
    return re.sub(r"^\s*RETURN\b", "SELECT", body, count=1, flags=re.IGNORECASE)


def _unqualify(text: str) -> str:
    """Drop schema qualifiers outside string literals (`SETOF rms.arrests` → `SETOF arrests`):
    pglast resolves only pg_catalog and public types."""
    parts = re.split(r"('(?:[^']|'')*')", text)
    return "".join(p if i % 2 else _QUALIFIED_TYPE.sub(r"\1", p) for i, p in enumerate(parts))


def _unqualify_declarations(body: str) -> str:
    """The same for the DECLARE section, where `r rms.arrests;` declares a row variable."""
    m = re.search(r"\bBEGIN\b", body, re.IGNORECASE)
    if not m:
        return body
    return _unqualify(body[: m.start()]) + body[m.start() :]
