"""The effect model of a routine body, read from its control structure.

One reader for every dialect: PL/pgSQL (through pglast), T-SQL, PL/SQL and MySQL
(through `procparse`) and plain SQL all arrive as the same tree of statements,
conditions, loops and assignments. The reader walks it once, keeping the guard that
holds at each point — the conditions of enclosing IFs, CASEs and loops, and the
negation of every earlier `IF … THEN RETURN` — and the values of variables (what they
were assigned from, and which membership tests their existence depends on).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from watchdog.analysis import proctree as pt
from watchdog.analysis.catalog import fold
from watchdog.analysis.dynamic import fold as fold_dynamic
from watchdog.analysis.dynamic import literal_words
from watchdog.analysis.ir import (
    EMPTY,
    BodyModel,
    CallRef,
    Compare,
    Cond,
    Const,
    Effect,
    EffectKind,
    Guard,
    Match,
    Opaque,
    Param,
    RelRef,
    Row,
    RowKind,
    Site,
    Truth,
    Value,
    negate,
    union,
)
from watchdog.analysis.sqlmodel import (
    PSEUDO_ROWS,
    Frame,
    SinkKinds,
    StatementReader,
    StmtResult,
    field_of,
)
from watchdog.model import Artifact
from watchdog.redact import line_in, window

logging.getLogger("sqlglot").setLevel(logging.ERROR)
SQLGLOT_DIALECT = {"postgres": "postgres", "tsql": "tsql", "oracle": "oracle", "mysql": "mysql"}
_LITERALS = re.compile(r"((?:[EN])?'(?:[^']|'')*'|\$[A-Za-z_]*\$)")
_POSITIONAL = re.compile(r"(?<![\w$])\$(\d+)\b")
_NOTIFY = re.compile(r"^\s*NOTIFY\s+(\"?[\w.]+\"?)(?:\s*,\s*'((?:[^']|'')*)')?", re.IGNORECASE)
_CALL = re.compile(
    r"^\s*(?:CALL|EXEC(?:UTE)?)\s+([\w.\"\[\]`$#@]+)\s*(?:\((.*)\))?\s*;?\s*$", re.I | re.S
)
_SQL_START = re.compile(
    r"^\s*\(?\s*(SELECT|INSERT|UPDATE|DELETE|WITH|MERGE|CALL|EXEC|NOTIFY|PERFORM)\b", re.I
)
_CURSOR_ATTR = re.compile(r"\b[\w$#]+%(NOTFOUND|FOUND|ROWCOUNT|ISOPEN)\b", re.IGNORECASE)
_ORACLE_BIND = re.compile(r":(new|old)\.", re.IGNORECASE)
_ROW_COUNT = re.compile(
    r"^\s*(?:@@ROWCOUNT|@@FETCH_STATUS\s*=\s*0|ROW_COUNT\s*\(\s*\)|FOUND_ROWS\s*\(\s*\)|"
    r"SQL%ROWCOUNT|__wd_row_count)\s*$",
    re.IGNORECASE,
)
# Statements that neither read people nor deliver anything: transaction control,
# maintenance, session settings and DDL other than creating tables.
NO_EFFECT = frozenset(
    {
        "RAISE",
        "PRINT",
        "NULL",
        "COMMIT",
        "ROLLBACK",
        "SET",
        "RESET",
        "CLOSE",
        "DEALLOCATE",
        "BEGIN",
        "START",
        "SAVEPOINT",
        "RELEASE",
        "DECLARE",
        "USE",
        "GO",
        "VACUUM",
        "ANALYZE",
        "ANALYSE",
        "REINDEX",
        "CLUSTER",
        "CHECKPOINT",
        "LISTEN",
        "UNLISTEN",
        "DISCARD",
        "LOCK",
        "REFRESH",
        "GRANT",
        "REVOKE",
        "COMMENT",
        "DROP",
        "ALTER",
        "SHOW",
        "SECURITY",
        "LOAD",
        "OPEN",
        "FETCH",
        "EXIT",
        "LEAVE",
        "ITERATE",
        "SIGNAL",
        "RESIGNAL",
        "THROW",
        "RAISERROR",
        "WAITFOR",
        "DBCC",
        "BACKUP",
        "RESTORE",
        "KILL",
        "OPTIMIZE",
        "FLUSH",
        "PURGE",
    }
)
TRIGGER_VARS = (
    "tg_name",
    "tg_when",
    "tg_level",
    "tg_op",
    "tg_relid",
    "tg_relname",
    "tg_table_name",
    "tg_table_schema",
    "tg_nargs",
)
TG_ARGV = Param(-2, "tg_argv")


@dataclass
class Scope:
    """Variables, records and cursors at one point of a body."""

    vars: dict[str, Value] = field(default_factory=dict)
    records: dict[str, dict[str, Value]] = field(default_factory=dict)
    cursors: dict[str, str] = field(default_factory=dict)

    def var(self, name: str) -> Value | None:
        n = name.lower()
        if n in self.records:
            return union(list(self.records[n].values()))
        return self.vars.get(n)

    def field(self, name: str, column: str) -> Value | None:
        n = name.lower()
        rec = self.records.get(n)
        if rec is not None:
            if column in rec:
                return rec[column]
            return field_of(rec.get("*") or union(list(rec.values())), column)
        v = self.vars.get(n)
        return field_of(v, column) if v is not None else None

    def copy(self) -> Scope:
        return Scope(
            dict(self.vars), {k: dict(v) for k, v in self.records.items()}, dict(self.cursors)
        )

    def merge(self, others: list[Scope]) -> None:
        for o in others:
            for k, v in o.vars.items():
                self.vars[k] = self.vars[k] | v if k in self.vars else v
            for k, r in o.records.items():
                mine = self.records.setdefault(k, {})
                for c, v in r.items():
                    mine[c] = mine[c] | v if c in mine else v
            self.cursors.update(o.cursors)


@dataclass(frozen=True)
class Binding:
    """A routine parameter as the body names it (`p_id`, `@PersonID`, `$1`)."""

    name: str
    index: int


class Interpreter:
    """Builds the BodyModel of one artifact from its statement tree."""

    def __init__(
        self,
        artifact: Artifact,
        dialect: str,
        sink_kind: SinkKinds,
        columns_of: Callable[[RelRef], frozenset[str] | None],
        params: list[Binding],
    ) -> None:
        self.art = artifact
        self.dialect = dialect
        self.read_dialect = SQLGLOT_DIALECT.get(dialect, "postgres")
        self.sink_kind = sink_kind
        self.columns_of = columns_of
        self.model = BodyModel(artifact)
        self.scope = Scope()
        for b in params:
            self.scope.vars[b.name.lower()] = Value(frozenset({Param(b.index, b.name)}))
        for n in TRIGGER_VARS:
            self.scope.vars.setdefault(n, EMPTY)
        self.scope.vars.setdefault("tg_argv", Value(frozenset({TG_ARGV})))
        self.scope.vars.setdefault("found", EMPTY)
        self._last_rows: Guard = frozenset()

    # -- helpers ------------------------------------------------------------------------------
    def site(self, line: int | None, raw: str = "") -> Site:
        return Site(self.art, line, raw)

    def _prepare(self, text: str) -> str:
        """Positional parameters become names sqlglot reads everywhere (`$1+$2` trips its
        tokenizer), Oracle's `:new.` a plain qualifier — outside string literals only."""
        parts = _LITERALS.split(text)
        for i in range(0, len(parts), 2):
            p = _POSITIONAL.sub(r"__wd_param\1", parts[i])
            if self.dialect == "oracle":
                p = _ORACLE_BIND.sub(r"\1.", p)
                p = _CURSOR_ATTR.sub(lambda m: _cursor_attr(m.group(1)), p)
            parts[i] = p
        return "".join(parts)

    def parse(self, text: str, line: int) -> list[exp.Expr] | None:
        try:
            trees = sqlglot.parse(self._prepare(text), read=self.read_dialect)
        except SqlglotError as exc:
            msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.model.errors.append((f"could not parse statement: {msg}", self.site(line, text)))
            return None
        except RecursionError:
            self.model.errors.append(("statement nests too deeply to analyse", self.site(line)))
            return None
        return [t for t in trees if t is not None]

    def reader(self, text: str, line: int, scope: Scope) -> StatementReader:
        def site_of(needle: str, _unused: str) -> Site:
            return self.site(line_in(text, needle, line), window(text, needle))

        return StatementReader(
            site_of, self.read_dialect, scope, self.columns_of, self.sink_kind, self.model.local
        )

    def expr(self, text: str, line: int, scope: Scope) -> tuple[exp.Expr, StatementReader] | None:
        trees = self.parse(f"SELECT {text}", line)
        if not trees or not isinstance(trees[0], exp.Select) or not trees[0].expressions:
            return None
        return trees[0].expressions[0], self.reader(text, line, scope)

    def value(self, text: str | None, line: int, scope: Scope, guard: Guard) -> Value:
        if text is None or not text.strip():
            return EMPTY
        if _ROW_COUNT.match(text):
            return Value(witness=self._last_rows)
        got = self.expr(text, line, scope)
        if got is None:
            return EMPTY
        node, rd = got
        rd._guard = guard
        v = rd.value(node, Frame())
        self._absorb(rd.out)
        return v

    def cond(self, text: str | None, line: int, scope: Scope, guard: Guard) -> Guard:
        if text is None or not text.strip():
            return frozenset()
        if _ROW_COUNT.match(text.split("=")[0].split(">")[0]) or re.match(
            r"^\s*@@FETCH_STATUS\s*=\s*0\s*$", text, re.I
        ):
            return frozenset({Cond(Truth(Value(witness=self._last_rows), self.site(line, text)))})
        got = self.expr(text, line, scope)
        if got is None:
            return frozenset({Cond(Opaque(EMPTY, self.site(line, text)))})
        node, rd = got
        rd._guard = guard
        conds = rd.conds(node, Frame())
        self._absorb(rd.out)
        return conds

    def _absorb(self, out: StmtResult) -> None:
        self.model.effects += out.effects
        self.model.reads += out.reads

    # -- statements ---------------------------------------------------------------------------
    def statement(
        self,
        text: str,
        line: int,
        guard: Guard,
        scope: Scope,
        into: list[str] | None = None,
        deliver: bool = True,
    ) -> StmtResult | None:
        stripped = text.strip().rstrip(";").strip()
        if not stripped:
            return None
        head = stripped.split(None, 1)[0].upper()
        if re.match(r"^UPDATE\s+STATISTICS\b", stripped, re.IGNORECASE):
            return None  # T-SQL maintenance, not a write
        if head == "NOTIFY":
            self._notify(stripped, line, guard)
            return None
        if head in ("CALL", "EXEC", "EXECUTE") and not stripped.upper().startswith(
            "EXECUTE IMMEDIATE"
        ):
            return self.call_statement(stripped, line, guard, scope)
        if head == "EXECUTE" or stripped.upper().startswith("EXECUTE IMMEDIATE"):
            self.dynamic_text(stripped, line, guard, scope, into or [])
            return None
        if head in NO_EFFECT:
            return None
        trees = self.parse(stripped, line)
        if trees is None:
            self._fallback(stripped, line, guard)
            return None
        result: StmtResult | None = None
        for tree in trees:
            if isinstance(tree, exp.Command):
                self._fallback(stripped, line, guard, parsed=True)
                continue
            targets = list(into or [])
            tree = self._assignments(tree, targets)
            rd = self.reader(stripped, line, scope)
            result = rd.statement(tree, guard, deliver)
            if targets and not result.into:
                result.into = targets
            self._absorb(result)
            for name in result.creates:
                self.model.local.add(name)
            self._assign_into(result, scope)
        return result

    def _assignments(self, tree: exp.Expr, targets: list[str]) -> exp.Expr:
        """T-SQL `SELECT @v = col …` and MySQL `SELECT @v := col` assign variables."""
        if not isinstance(tree, exp.Select):
            return tree
        found = [
            e
            for e in tree.expressions
            if isinstance(e, exp.EQ | exp.PropertyEQ) and isinstance(e.this, exp.Parameter)
        ]
        if not found:
            return tree
        tree = tree.copy()
        new = []
        for e in tree.expressions:
            if isinstance(e, exp.EQ | exp.PropertyEQ) and isinstance(e.this, exp.Parameter):
                targets.append("@" + e.this.name.lower())
                new.append(exp.alias_(e.expression, "wd_assign"))
            else:
                new.append(e)
        tree.set("expressions", new)
        return tree

    def _assign_into(self, res: StmtResult, scope: Scope) -> None:
        rows = res.rows
        self._last_rows = rows
        scope.vars["found"] = Value(witness=rows)
        if not res.into:
            return
        outs = res.outputs
        if len(res.into) == 1 and (len(outs) != 1 or outs[0][0] == "*"):
            fields = {n: v for n, v in outs if n != "*"}
            whole = union([v for _, v in outs]).with_witness(rows)
            fields["*"] = whole
            target = res.into[0].lower()
            scope.records[target] = {k: v.with_witness(rows) for k, v in fields.items()}
            scope.vars.pop(target, None)
            return
        for i, target in enumerate(res.into):
            v = outs[i][1] if i < len(outs) else EMPTY
            self._set(scope, target, v.with_witness(rows))

    def _set(self, scope: Scope, target: str, v: Value) -> None:
        t = target.strip().strip('"').lower()
        if "." in t:
            base, col = t.split(".", 1)
            if base in scope.records:
                scope.records[base][col] = v
                return
        scope.records.pop(t, None)
        scope.vars[t] = v

    def _notify(self, text: str, line: int, guard: Guard) -> None:
        m = _NOTIFY.match(text)
        channel = m.group(1).strip('"') if m else ""
        payload = Value(frozenset({Const(m.group(2))})) if m and m.group(2) else EMPTY
        self.model.effects.append(
            Effect(
                EffectKind.NOTIFY,
                guard,
                self.site(line, text),
                channel="notify",
                destination=Value(frozenset({Const(channel)})) if channel else EMPTY,
                carried=payload,
            )
        )

    def call_statement(self, text: str, line: int, guard: Guard, scope: Scope) -> StmtResult | None:
        """CALL p(…) / EXEC p @a = …: a call with positional and named arguments."""
        if self.dialect == "tsql":
            return self._tsql_exec(text, line, guard, scope)
        m = _CALL.match(text)
        if not m:
            self._fallback(text, line, guard)
            return None
        name = m.group(1)
        args = m.group(2) or ""
        self.value(f"{name}({args})", line, scope, guard)
        return None

    def _tsql_exec(self, text: str, line: int, guard: Guard, scope: Scope) -> StmtResult | None:
        body = re.sub(r"^\s*EXEC(?:UTE)?\s+", "", text, flags=re.IGNORECASE)
        body = re.sub(r"^@[\w$#@]+\s*=\s*", "", body)  # EXEC @rc = proc
        if body.startswith("("):
            self.dynamic_text(body, line, guard, scope, [])
            return None
        m = re.match(r"([\w.\[\]\"$#@]+)\s*(.*)$", body, re.DOTALL)
        if not m:
            return None
        name = m.group(1).replace("[", "").replace("]", "").replace('"', "").lower()
        if name.upper() in NO_EFFECT:  # BACKUP LOG …, DBCC …: not a procedure call
            return None
        if name.startswith("@"):
            self.dynamic_text(f"({name})", line, guard, scope, [])
            return None
        positional: list[Value] = []
        named: list[tuple[str, Value]] = []
        for piece in _split_args(m.group(2)):
            piece = re.sub(r"\bOUT(?:PUT)?\s*$", "", piece, flags=re.IGNORECASE).strip()
            if not piece:
                continue
            nm = re.match(r"^(@[\w$#]+)\s*=\s*(.*)$", piece, re.DOTALL)
            if nm:
                named.append((nm.group(1).lower(), self.value(nm.group(2), line, scope, guard)))
            else:
                positional.append(self.value(piece, line, scope, guard))
        if name.endswith("sp_executesql"):
            sql_value = positional[0] if positional else dict(named).get("@stmt", EMPTY)
            self._dynamic_value(sql_value, line, guard, scope, [], named)
            return None
        self._exec_effect(name, text, line, guard, positional, named)
        return None

    def _exec_effect(
        self,
        name: str,
        text: str,
        line: int,
        guard: Guard,
        positional: list[Value],
        named: list[tuple[str, Value]],
    ) -> None:
        kind = self.sink_kind(name)
        site = self.site(line, text)
        bare = [(n.lstrip("@"), v) for n, v in named]
        ref = CallRef(tuple(name.split(".")), len(positional), tuple(n for n, _ in named), True)
        if kind:
            params = dict(bare)
            dest = (
                params.get("recipients")
                or params.get("to")
                or (positional[0] if positional else EMPTY)
            )
            carried = union(positional) | union([v for _, v in bare])
            q = params.get("query")
            if q is not None:
                carried = carried | self._query_value(q, line, guard)
            self.model.effects.append(
                Effect(
                    EffectKind.NOTIFY if kind == "notify" else EffectKind.OUTBOUND,
                    guard,
                    site,
                    channel=kind,
                    call=ref,
                    destination=dest,
                    carried=carried,
                    args=tuple(positional),
                    named_args=tuple(named),
                )
            )
            return
        self.model.effects.append(
            Effect(
                EffectKind.CALL,
                guard,
                site,
                call=ref,
                args=tuple(positional),
                named_args=tuple(named),
            )
        )

    def _query_value(self, q: Value, line: int, guard: Guard) -> Value:
        """The rows a mail's `@query` sends: the query is read like any statement when it
        is known whole; when it is built from pieces, the relations the pieces name."""
        consts = q.consts
        if len(q.srcs) != 1 or len(consts) != 1:
            refs = _relations_in(consts, self.read_dialect)
            return union([Value(frozenset({Row(RowKind.REL, "*", ref)})) for ref in refs])
        res = self.statement(consts[0], line, guard, self.scope.copy(), deliver=False)
        if res is None:
            return EMPTY
        return union([v for _, v in res.outputs]).with_witness(res.rows)

    def dynamic_text(
        self, text: str, line: int, guard: Guard, scope: Scope, into: list[str]
    ) -> None:
        """`EXECUTE IMMEDIATE 'sql' [INTO v] [USING x]` (PL/SQL) and `EXEC (@sql)` (T-SQL):
        the clauses are found outside string literals, then the SQL is an expression."""
        body = re.sub(r"^\s*EXECUTE\s+IMMEDIATE\s+|^\s*EXEC(?:UTE)?\s*", "", text, flags=re.I)
        blanked = re.sub(r"N?'(?:[^']|'')*'", lambda m: " " * len(m.group(0)), body)
        using: list[str] = []
        m = re.search(r"\bUSING\b", blanked, re.IGNORECASE)
        if m:
            using = [u for u in _split_args(body[m.end() :]) if u.strip()]
            body, blanked = body[: m.start()], blanked[: m.start()]
        m = re.search(r"\bINTO\b", blanked, re.IGNORECASE)
        if m:
            into = [t.strip() for t in body[m.end() :].split(",") if t.strip()]
            body = body[: m.start()]
        self.dynamic_expr(pt.Dynamic(body.strip(), line, into, using), guard, scope)

    def dynamic_expr(self, n: pt.Dynamic, guard: Guard, scope: Scope) -> None:
        """The SQL text of dynamic SQL: folded from literals and constants where it can be
        (`format('… %I.%I …', 'intel', 'watch')`), else the relation names its strings hold."""
        line = n.line
        using = [
            (
                f"${i + 1}",
                self.value(re.sub(r"^\s*(?:IN\s+)?", "", u, flags=re.I), line, scope, guard),
            )
            for i, u in enumerate(n.using)
        ]
        sql_value = EMPTY
        complete = False
        got = self.expr(n.query, line, scope)
        if got is not None:
            folded = fold_dynamic(got[0], _constants(scope))
            if folded is not None:
                sql_value = Value(frozenset({Const(folded)}))
                complete = True
            else:
                words = literal_words(got[0]) + [
                    c
                    for k, v in scope.vars.items()
                    if re.search(rf"\b{re.escape(k)}\b", n.query, re.I)
                    for c in v.consts
                ]
                sql_value = Value(frozenset(Const(w) for w in words))
        self._dynamic_value(sql_value, line, guard, scope, list(n.into), using, complete)

    def _dynamic_value(
        self,
        sql_value: Value,
        line: int,
        guard: Guard,
        scope: Scope,
        into: list[str],
        using: list[tuple[str, Value]],
        complete: bool | None = None,
    ) -> None:
        """Reads the statement a dynamic SQL value holds when it is known whole; `$n`
        (PostgreSQL, PL/SQL binds) and `@name` (sp_executesql) are bound to the USING
        arguments. When only fragments are known, the relations they name are what the
        result depends on."""
        consts = sql_value.consts
        if complete is None:  # a variable holding one literal statement
            complete = len(sql_value.srcs) == 1 and len(consts) == 1
        texts = [t for t in consts if _SQL_START.match(t)] if complete else []
        site = self.site(line, "EXECUTE")
        if not texts:
            for w in consts:
                self.model.dynamic.append((w, site))
            args = union([v for _, v in using])
            named = [
                Value(frozenset({Row(RowKind.REL, "?", ref)}))
                for ref in _relations_in(consts, self.read_dialect)
            ]
            conds = {Cond(Match(args, v, site)) for v in named} if args.srcs else set()
            conds.add(Cond(Opaque(args, site)))
            for target in into:
                self._set(scope, target, Value(witness=frozenset(conds)))
            return
        sub_scope = scope.copy()
        for i, (name, v) in enumerate(using):
            sub_scope.vars[f"__wd_using{i + 1}"] = v
            if name.startswith("@"):
                sub_scope.vars[name.lower()] = v
        for t in texts:
            bound = _POSITIONAL.sub(r"__wd_using\1", t)
            bound = re.sub(r"(?<![\w:]):(\d+)\b", r"__wd_using\1", bound)
            res = self.statement(bound, line, guard, sub_scope, into or None)
            if res is None:
                continue
            for target in into:
                got = sub_scope.var(target.lower())
                if got is not None:
                    scope.vars[target.lower()] = got
            scope.vars["found"] = Value(witness=res.rows)
            self._last_rows = res.rows

    def _fallback(self, text: str, line: int, guard: Guard, parsed: bool = False) -> None:
        """Token-level reading of what sqlglot could not parse: names of relations written
        and read, so the path is not lost; the statement itself is a coverage gap."""
        site = self.site(line, text)
        for m in re.finditer(
            r"\b(?:FROM|JOIN)\s+((?:\"[^\"]+\"|[\w$#]+)(?:\.(?:\"[^\"]+\"|[\w$#]+))?)", text, re.I
        ):
            self.model.reads.append((_ref_of(m.group(1), self.dialect), site))
        for m in re.finditer(
            r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO)\s+((?:\"[^\"]+\"|[\w$#]+)(?:\.(?:\"[^\"]+\"|[\w$#]+))?)",
            text,
            re.I,
        ):
            self.model.effects.append(
                Effect(
                    EffectKind.WRITE,
                    guard | {Cond(Opaque(EMPTY, site))},
                    site,
                    target=_ref_of(m.group(1), self.dialect),
                    op="unknown",
                )
            )
        if parsed:
            self.model.errors.append(
                ("statement read only in part (not understood by the SQL parser)", site)
            )

    # -- the tree -----------------------------------------------------------------------------
    def run(self, block: pt.Block, guard: Guard = frozenset()) -> BodyModel:
        self.block(block, guard, self.scope)
        for msg, line in block.errors:
            self.model.errors.append((msg, self.site(line)))
        return self.model

    def block(self, block: pt.Block, guard: Guard, scope: Scope) -> tuple[Guard, bool]:
        for item in block.items:
            guard, stop = self.node(item, guard, scope)
            if stop:
                break
        else:
            stop = False
        for cond_text, handler in block.handlers:
            self.block(
                handler,
                guard | {Cond(Opaque(EMPTY, self.site(handler.line, cond_text or "")))},
                scope.copy(),
            )
        return guard, stop

    def node(self, n: pt.Node, guard: Guard, scope: Scope) -> tuple[Guard, bool]:
        if isinstance(n, pt.Stmt):
            res = self.statement(
                n.text, n.line, guard, scope, list(getattr(n, "into", []) or []) or None
            )
            if res is not None and res.into and self._raises_when_empty(n.text):
                # SELECT … INTO with no row raises (PL/SQL always, PL/pgSQL with STRICT):
                # what follows runs only when the row was found
                return guard | res.rows, False
        elif isinstance(n, pt.Exec):
            self.exec_node(n, guard, scope)
        elif isinstance(n, pt.Assign):
            self.assign(n, guard, scope)
        elif isinstance(n, pt.Declare):
            self.declare(n, guard, scope)
        elif isinstance(n, pt.Fetch):
            self.fetch(n, guard, scope)
        elif isinstance(n, pt.Open):
            if n.query:
                scope.cursors[n.cursor.lower()] = n.query
        elif isinstance(n, pt.Return):
            return self.ret(n, guard, scope)
        elif isinstance(n, pt.Raise):
            return guard, True
        elif isinstance(n, pt.Jump):
            if n.when:
                c = self.cond(n.when, n.line, scope, guard)
                return guard | negate(c), False
            return guard, n.kind.lower() not in ("continue", "iterate")
        elif isinstance(n, pt.Block):
            return self.block(n, guard, scope)
        elif isinstance(n, pt.If):
            return self.if_node(n, guard, scope)
        elif isinstance(n, pt.Case):
            return self.case_node(n, guard, scope)
        elif isinstance(n, pt.Loop):
            self.loop(n, guard, scope)
        elif isinstance(n, pt.Dynamic):
            self.dynamic_expr(n, guard, scope)
        return guard, False

    def _raises_when_empty(self, text: str) -> bool:
        if self.dialect == "oracle":
            return True
        return (
            self.dialect == "postgres" and re.search(r"\bINTO\s+STRICT\b", text, re.I) is not None
        )

    def exec_node(self, n: pt.Exec, guard: Guard, scope: Scope) -> None:
        text = n.text.strip().rstrip(";")
        if self.dialect == "tsql":
            self._tsql_exec(text, n.line, guard, scope)
            return
        if re.match(r"^\s*EXECUTE\s+IMMEDIATE\b", text, re.I):
            self.dynamic_text(text, n.line, guard, scope, [])
            return
        if re.match(r"^\s*(CALL|EXEC(UTE)?)\s", text, re.I):
            self.call_statement(text, n.line, guard, scope)
            return
        call = text if text.endswith(")") else f"{text}()"
        self.value(call, n.line, scope, guard)

    def assign(self, n: pt.Assign, guard: Guard, scope: Scope) -> None:
        target = n.target.strip()
        v = self.value(n.expr, n.line, scope, guard)
        parts = target.lstrip(":").split(".", 1)
        row = parts[0].lower()
        if len(parts) == 2 and row in PSEUDO_ROWS and row not in scope.records:
            column = parts[1].strip()
            quoted = column.startswith(('"', "[", "`"))
            column = fold(column.strip('"[]`'), quoted, self.read_dialect)
            self.model.effects.append(
                Effect(
                    EffectKind.STAMP,
                    guard,
                    self.site(n.line, f"{target} := {n.expr}"),
                    op="assign",
                    columns=((column, v),),
                    carried=v,
                )
            )
            return
        self._set(scope, target.lstrip(":"), v)

    def declare(self, n: pt.Declare, guard: Guard, scope: Scope) -> None:
        if n.cursor is not None:
            scope.cursors[n.name.lower()] = n.cursor
            return
        v = self.value(n.default, n.line, scope, guard) if n.default else EMPTY
        typ = n.type.lower()
        if "%rowtype" in typ or typ in ("record", "row"):
            scope.records[n.name.lower()] = {"*": v}
            return
        scope.vars[n.name.lower()] = v

    def fetch(self, n: pt.Fetch, guard: Guard, scope: Scope) -> None:
        q = scope.cursors.get(n.cursor.lower())
        if q is None:
            for t in n.into:
                self._set(scope, t, EMPTY)
            return
        res = self.statement(q, n.line, guard, scope.copy(), deliver=False)
        if res is None:
            return
        res.into = list(n.into)
        self._assign_into(res, scope)

    def ret(self, n: pt.Return, guard: Guard, scope: Scope) -> tuple[Guard, bool]:
        if n.expr and re.match(r"^\s*(QUERY\b|SELECT\b|WITH\b)", n.expr, re.I):
            q = re.sub(r"^\s*QUERY\s+", "", n.expr, flags=re.I)
            res = self.statement(q, n.line, guard, scope.copy(), deliver=False)
            if res is not None:
                self.model.returns.append(
                    (union([v for _, v in res.outputs]).with_witness(res.rows), guard)
                )
            return guard, bool(getattr(n, "final", True)) and not n.expr.upper().startswith("QUERY")
        v = self.value(n.expr, n.line, scope, guard) if n.expr else EMPTY
        self.model.returns.append((v, guard))
        return guard, bool(getattr(n, "final", True))

    def if_node(self, n: pt.If, guard: Guard, scope: Scope) -> tuple[Guard, bool]:
        prior: set[Cond] = set()
        after: set[Cond] = set()
        scopes: list[Scope] = []
        all_stop = True
        has_else = any(c is None for c, _ in n.branches)
        conds_seen: list[Guard] = []
        for cond_text, blk in n.branches:
            c = (
                self.cond(cond_text, n.line, scope, guard | prior)
                if cond_text is not None
                else frozenset()
            )
            s2 = scope.copy()
            _, stop = self.block(blk, guard | prior | c, s2)
            if stop:
                if cond_text is not None:
                    after |= negate(c)
                elif len(conds_seen) == 1:
                    after |= conds_seen[0]
            else:
                all_stop = False
                scopes.append(s2)
            if cond_text is not None:
                conds_seen.append(c)
                prior |= negate(c)
        if not has_else:
            all_stop = False
            scopes.append(scope.copy())
        scope.merge(scopes)
        return guard | after, all_stop

    def case_node(self, n: pt.Case, guard: Guard, scope: Scope) -> tuple[Guard, bool]:
        subject = self.value(n.subject, n.line, scope, guard) if n.subject else None
        prior: set[Cond] = set()
        scopes: list[Scope] = []
        for cond_text, blk in n.branches:
            if cond_text is None:
                c: Guard = frozenset()
            elif subject is not None:
                lits = tuple(re.findall(r"'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)", cond_text))
                values = tuple(a or b for a, b in lits)
                c = frozenset({Cond(Compare(subject, "in", values, self.site(n.line, cond_text)))})
            else:
                c = self.cond(cond_text, n.line, scope, guard | prior)
            s2 = scope.copy()
            self.block(blk, guard | prior | c, s2)
            scopes.append(s2)
            prior |= negate(c)
        scope.merge(scopes)
        return guard, False

    def loop(self, n: pt.Loop, guard: Guard, scope: Scope) -> None:
        body_guard = guard
        kind = n.kind
        if kind == "while" and n.header:
            body_guard = guard | self.cond(n.header, n.line, scope, guard)
        elif kind in ("for_query", "for_cursor", "for_dynamic") and n.header:
            query = n.header
            if kind == "for_cursor":
                cursor = re.sub(r"\(.*$", "", n.header, flags=re.S).strip().lower()
                query = scope.cursors.get(cursor, "")
            rows: Guard = frozenset()
            outs: list[tuple[str, Value]] = []
            if kind == "for_dynamic":
                self.dynamic_expr(pt.Dynamic(query, n.line), guard, scope)
            elif query:
                query = re.sub(r"^\s*\((.*)\)\s*$", r"\1", query, flags=re.S)
                res = self.statement(query, n.line, guard, scope.copy(), deliver=False)
                if res is not None:
                    rows, outs = res.rows, res.outputs
            if n.var:
                rec = {name: v.with_witness(rows) for name, v in outs if name != "*"}
                rec["*"] = union([v for _, v in outs]).with_witness(rows)
                scope.records[n.var.lower()] = rec
            body_guard = guard | rows
        elif kind == "for_range" and n.var:
            scope.vars[n.var.lower()] = EMPTY
        fetched = _fetched_cursors(n.body)
        for cursor in fetched:
            q = scope.cursors.get(cursor)
            if q:
                res = self.statement(q, n.line, guard, scope.copy(), deliver=False)
                if res is not None:
                    body_guard = body_guard | res.rows
        inner = scope.copy()
        self.block(n.body, body_guard, inner)
        scope.merge([inner])


_FRAGMENT_NAME = re.compile(
    r"(?:\bFROM|\bJOIN|\bINTO|\bUPDATE)\s+((?:\"[^\"]+\"|[\w$#]+)(?:\s*\.\s*(?:\"[^\"]+\"|[\w$#]+))?)"
    r"|((?:\"[^\"]+\"|[A-Za-z_][\w$#]*)\s*\.\s*(?:\"[^\"]+\"|[A-Za-z_][\w$#]*))",
    re.IGNORECASE,
)


def _relations_in(fragments: list[str], dialect: str) -> list[RelRef]:
    """Relation names written in the string fragments of dynamic SQL that could not be
    folded: after FROM/JOIN, or qualified `schema.table`."""
    out: list[RelRef] = []
    for text in fragments:
        if re.search(r"%[sIL]|\$\d", text) and not re.search(r"\w\.\w", text):
            continue
        for m in _FRAGMENT_NAME.finditer(text):
            ref = _ref_of(re.sub(r"\s+", "", m.group(1) or m.group(2)), dialect)
            if ref not in out:
                out.append(ref)
        if re.fullmatch(r"[A-Za-z_][\w$#]*", text.strip()):
            ref = _ref_of(text.strip(), dialect)
            if ref not in out:
                out.append(ref)
    return out


def _fetched_cursors(block: pt.Block) -> list[str]:
    out: list[str] = []
    for item in block.items:
        if isinstance(item, pt.Fetch):
            out.append(item.cursor.lower())
        elif isinstance(item, pt.Block):
            out += _fetched_cursors(item)
        elif isinstance(item, pt.If):
            for _, b in item.branches:
                out += _fetched_cursors(b)
    return out


def _constants(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in scope.vars.items():
        if len(v.srcs) == 1:
            (s,) = tuple(v.srcs)
            if isinstance(s, Const):
                out[k] = s.text
    return out


def _cursor_attr(attr: str) -> str:
    a = attr.upper()
    if a == "NOTFOUND":
        return "(NOT found)"
    return "found"


def _split_args(text: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    buf: list[str] = []
    quote = False
    for ch in text:
        if ch == "'":
            quote = not quote
        if not quote:
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            elif ch == "," and depth == 0:
                parts.append("".join(buf))
                buf = []
                continue
        buf.append(ch)
    if "".join(buf).strip():
        parts.append("".join(buf))
    return [p.strip() for p in parts]


def _ref_of(name: str, dialect: str) -> RelRef:
    parts = []
    for p in re.split(r"\.(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", name):
        if p.startswith('"') and p.endswith('"'):
            parts.append(p[1:-1] if dialect == "postgres" else p[1:-1].lower())
        else:
            parts.append(p.lower())
    return RelRef(tuple(parts), dialect != "postgres")
