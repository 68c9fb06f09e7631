"""One SQL statement, parsed by sqlglot, read as data flow: which relations it reads,
what it writes and with which values, and which conditions its rows depend on.

Each query is read scope by scope (FROM and JOIN sources, CTEs, subqueries correlated
with the outer query) the way sqlglot's scope module models it; a column resolves to the
source that has it, or to a variable of the routine. The conditions that restrict rows —
WHERE, inner JOIN ON, EXISTS, IN (subquery) — become the statement's guard, so that
`INSERT INTO q SELECT … FROM list l WHERE l.pid = NEW.pid` is an insert guarded by a
membership test exactly as the same insert inside `IF EXISTS (…)` is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from sqlglot import exp

from watchdog.analysis.builtins import passes_through
from watchdog.analysis.catalog import fold
from watchdog.analysis.ir import (
    EMPTY,
    CallOut,
    CallRef,
    Compare,
    Cond,
    Const,
    Effect,
    EffectKind,
    Guard,
    Match,
    Param,
    Recency,
    RelRef,
    Row,
    RowKind,
    Site,
    Truth,
    Value,
    union,
)

PSEUDO_ROWS = {"new": RowKind.NEW, "old": RowKind.OLD}
PSEUDO_TABLES = {"inserted": RowKind.NEW, "deleted": RowKind.OLD}
_CLOCK_FUNCS = (exp.CurrentTimestamp, exp.CurrentDate, exp.CurrentTime, exp.Interval)
CLOCK_NAMES = frozenset(
    {
        "now",
        "clock_timestamp",
        "statement_timestamp",
        "transaction_timestamp",
        "localtimestamp",
        "getdate",
        "getutcdate",
        "sysdate",
        "systimestamp",
        "sysdatetime",
        "current_timestamp",
        "date_sub",
        "dateadd",
        "datediff",
        "timestampadd",
        "numtodsinterval",
        "utc_timestamp",
        "curdate",
    }
)
_PARAM_COLUMN = re.compile(r"^__wd_param(\d+)$")
TRUTHY = frozenset({"true", "t", "y", "yes", "1", "on"})


class Env(Protocol):
    """What a statement sees of its routine: variables and parameters by name."""

    def var(self, name: str) -> Value | None: ...

    def field(self, name: str, column: str) -> Value | None: ...


class SinkKinds(Protocol):
    """The policy's lookup of calls that deliver outside the transaction."""

    def __call__(self, name: str) -> str | None: ...


@dataclass
class Source:
    """One FROM item: a relation, the triggering row, a derived table or a function."""

    alias: str
    rel: RelRef | None = None
    pseudo: RowKind | None = None
    outputs: dict[str, Value] | None = None
    columns: frozenset[str] | None = None
    star: Value = EMPTY
    rows: Guard = frozenset()  # a derived table's own row conditions: they restrict the outer rows

    def has(self, column: str) -> bool | None:
        if self.outputs is not None:
            return column in self.outputs
        if self.columns is None:
            return None
        return column in self.columns

    def value(self, column: str) -> Value:
        if self.pseudo is not None:
            return Value(frozenset({Row(self.pseudo, column)}))
        if self.rel is not None:
            return Value(frozenset({Row(RowKind.REL, column, self.rel)}))
        if self.outputs is not None:
            if column == "*":
                return union(list(self.outputs.values()))
            return self.outputs.get(column, self.star)
        return self.star


@dataclass
class Frame:
    """The FROM items of one query level, its CTEs, and the enclosing level for
    correlated subqueries."""

    sources: dict[str, Source] = field(default_factory=dict)
    parent: Frame | None = None
    ctes: dict[str, Source] = field(default_factory=dict)

    def cte(self, name: str) -> Source | None:
        f: Frame | None = self
        while f is not None:
            if name in f.ctes:
                return f.ctes[name]
            f = f.parent
        return None


@dataclass
class QueryResult:
    """A query's output columns as values, and the conditions its rows depend on."""

    outputs: list[tuple[str, Value]] = field(default_factory=list)
    rows: Guard = frozenset()

    @property
    def value(self) -> Value:
        return union([v for _, v in self.outputs]).with_witness(self.rows)


@dataclass
class StmtResult:
    """What a statement does, for the routine reader to place under its guard."""

    effects: list[Effect] = field(default_factory=list)
    rows: Guard = frozenset()
    outputs: list[tuple[str, Value]] = field(default_factory=list)
    into: list[str] = field(default_factory=list)
    reads: list[tuple[RelRef, Site]] = field(default_factory=list)
    writes_target: RelRef | None = None
    creates: list[str] = field(default_factory=list)


class StatementReader:
    """Reads statements of one body; `columns_of` gives a relation's column names."""

    def __init__(
        self,
        site_of: Callable[[str, str], Site],
        dialect: str,
        env: Env,
        columns_of: Callable[[RelRef], frozenset[str] | None],
        sink_kind: SinkKinds,
        local: set[str],
    ) -> None:
        self.site_of = site_of
        self.dialect = dialect
        self.env = env
        self.columns_of = columns_of
        self.sink_kind = sink_kind
        self.local = local
        self.ci = dialect in ("tsql", "mysql", "oracle")
        self._guard: Guard = frozenset()
        self._deliver = True
        self._rows_stack: list[Guard] = []
        self.out = StmtResult()

    # -- names ----------------------------------------------------------------------------
    def ident(self, node: exp.Expr | None) -> str:
        if node is None:
            return ""
        if isinstance(node, exp.Identifier):
            return fold(node.this, bool(node.quoted), self.dialect)
        return fold(node.name, False, self.dialect)

    def relref(self, t: exp.Table) -> RelRef:
        parts = [
            self.ident(p)
            for p in (t.args.get("catalog"), t.args.get("db"), t.this)
            if p is not None and self.ident(p)
        ]
        return RelRef(tuple(parts), self.ci)

    def site(self, needle: str) -> Site:
        return self.site_of(needle, "")

    # -- entry point ------------------------------------------------------------------------
    def statement(self, stmt: exp.Expr, guard: Guard, deliver: bool = True) -> StmtResult:
        """`deliver` says whether a bare SELECT's rows go to someone (a stored query) or
        are only read (a cursor's query, a FOR loop's, a mail's @query)."""
        self.out = StmtResult()
        self._guard = guard
        self._deliver = deliver
        frame = Frame()
        if isinstance(stmt, exp.Insert):
            self._insert(stmt, frame)
        elif isinstance(stmt, exp.Update):
            self._update(stmt, frame)
        elif isinstance(stmt, exp.Delete):
            self._delete(stmt, frame)
        elif isinstance(stmt, exp.Merge):
            self._merge(stmt, frame)
        elif isinstance(stmt, exp.Copy):
            self._copy(stmt, frame)
        elif isinstance(stmt, exp.TruncateTable):
            for t in stmt.expressions:
                if isinstance(t, exp.Table):
                    self._write(self.relref(t), "delete", (), EMPTY, frozenset(), t.name)
        elif isinstance(stmt, exp.Create):
            self._create(stmt, frame)
        elif isinstance(stmt, exp.Query):
            self._select(stmt, frame)
        return self.out

    def _select(self, stmt: exp.Query, frame: Frame) -> None:
        into = stmt.args.get("into") if isinstance(stmt, exp.Select) else None
        if isinstance(stmt, exp.Select) and into is not None:
            stmt = stmt.copy()
            stmt.set("into", None)
        res = self.query(stmt, frame)
        self.out.rows = res.rows
        self.out.outputs = res.outputs
        if isinstance(into, exp.Into):
            targets = [into.this, *into.expressions]
            self.out.into = [self._into_name(t) for t in targets if t is not None]
            return
        if not self._deliver:
            return
        self.out.effects.append(
            Effect(
                EffectKind.RESULT,
                self._guard | res.rows,
                self.site("SELECT"),
                op="select",
                carried=res.value,
                columns=tuple(res.outputs),
            )
        )

    def _into_name(self, node: exp.Expr) -> str:
        if isinstance(node, exp.Table):
            return ".".join(self.ident(p) for p in (node.args.get("db"), node.this) if p)
        if isinstance(node, exp.Parameter):
            return "@" + node.name.lower()
        return node.name.lower()

    # -- queries ----------------------------------------------------------------------------
    def query(self, q: exp.Expr, parent: Frame | None) -> QueryResult:
        if isinstance(q, exp.Subquery | exp.Paren):
            return self.query(q.this, parent)
        if isinstance(q, exp.SetOperation):
            left = self.query(q.left, parent)
            right = self.query(q.right, parent)
            outs = [
                (name, v | (right.outputs[i][1] if i < len(right.outputs) else EMPTY))
                for i, (name, v) in enumerate(left.outputs)
            ]
            return QueryResult(outs, left.rows | right.rows)
        if isinstance(q, exp.Values):
            tuples = [t.expressions if isinstance(t, exp.Tuple) else [t] for t in q.expressions]
            frame = Frame(parent=parent)
            width = max((len(r) for r in tuples), default=0)
            outs = [
                (f"column{i + 1}", union([self.value(r[i], frame) for r in tuples if i < len(r)]))
                for i in range(width)
            ]
            return QueryResult(outs, frozenset())
        if not isinstance(q, exp.Select):
            return QueryResult()
        frame = Frame(parent=parent)
        self._ctes(q, frame)
        optional, inner = self._from(q, frame)
        rows = self._where(q, frame, optional, inner)
        self._rows_stack.append(rows)
        try:
            outs = self._projections(q, frame, rows)
        finally:
            self._rows_stack.pop()
        return QueryResult(outs, rows)

    def _ctes(self, q: exp.Expr, frame: Frame) -> None:
        with_ = q.args.get("with_")
        if not isinstance(with_, exp.With):
            return
        for cte in with_.expressions:
            name = self.ident(cte.args.get("alias").this) if cte.args.get("alias") else ""
            body = cte.this
            if isinstance(body, exp.Insert | exp.Update | exp.Delete):
                sub = StatementReader(
                    self.site_of,
                    self.dialect,
                    self.env,
                    self.columns_of,
                    self.sink_kind,
                    self.local,
                )
                done = sub.statement(body, self._guard)
                self.out.effects += done.effects
                self.out.reads += done.reads
                # UPDATE … RETURNING: the rows it returns are the rows it selected
                target = done.writes_target
                cols = self.columns_of(target) if target is not None else None
                frame.ctes[name] = Source(name, rel=target, columns=cols, rows=done.rows)
                continue
            res = self.query(body, frame)
            outs = {n: v.with_witness(res.rows) for n, v in res.outputs}
            frame.ctes[name] = Source(name, outputs=outs, star=res.value, rows=res.rows)

    def _from(self, q: exp.Select, frame: Frame) -> tuple[dict[str, Guard], set[Cond]]:
        """Fills the frame; returns the ON conditions of outer joins by the joined alias
        (they restrict rows only if the WHERE clause then tests the joined side) and those
        of inner joins."""
        from_ = q.args.get("from_")
        items: list[tuple[exp.Expr, exp.Join | None]] = []
        if isinstance(from_, exp.From):
            items.append((from_.this, None))
            items += [(j.this, j) for j in from_.this.args.get("joins") or []]
        items += [(j.this, j) for j in q.args.get("joins") or []]
        optional: dict[str, Guard] = {}
        inner: set[Cond] = set()
        for node, join in items:
            src = self._source(node, frame)
            if src is None:
                continue
            frame.sources[src.alias] = src
            side = (join.args.get("side") or "").upper() if join is not None else ""
            if side not in ("LEFT", "RIGHT", "FULL"):
                inner |= src.rows
            if join is None:
                continue
            conds = self._join_conds(join, frame, src)
            if side in ("LEFT", "RIGHT", "FULL"):
                optional[src.alias] = conds | src.rows
            else:
                inner |= conds
        return optional, inner

    def _join_conds(self, join: exp.Join, frame: Frame, src: Source) -> Guard:
        on = join.args.get("on")
        conds = self.conds(on, frame) if on is not None else frozenset()
        using = join.args.get("using") or []
        out = set(conds)
        for ident in using:
            col = self.ident(ident)
            other = [s for a, s in frame.sources.items() if a != src.alias]
            for o in other:
                out.add(Cond(Match(o.value(col), src.value(col), self.site(col))))
        return frozenset(out)

    def _source(self, node: exp.Expr, frame: Frame) -> Source | None:
        alias_node = node.args.get("alias")
        alias = self.ident(alias_node.this) if isinstance(alias_node, exp.TableAlias) else ""
        if isinstance(node, exp.Table) and isinstance(node.this, exp.Identifier):
            ref = self.relref(node)
            name = ref.parts[-1]
            alias = alias or name
            if len(ref.parts) == 1 and (cte := frame.cte(name)) is not None:
                return Source(
                    alias,
                    rel=cte.rel,
                    outputs=cte.outputs,
                    columns=cte.columns,
                    star=cte.star,
                    rows=cte.rows,
                )
            if len(ref.parts) == 1 and name in PSEUDO_TABLES and self.dialect == "tsql":
                return Source(alias, pseudo=PSEUDO_TABLES[name])
            if len(ref.parts) == 1 and name in self.local:
                return Source(alias, outputs={}, star=EMPTY)
            self.out.reads.append((ref, self.site(node.name)))
            return Source(alias, rel=ref, columns=self.columns_of(ref))
        if isinstance(node, exp.Subquery):
            res = self.query(node.this, frame)
            outs = {n: v.with_witness(res.rows) for n, v in res.outputs}
            return Source(alias or "?", outputs=outs, star=res.value, rows=res.rows)
        # table functions: unnest(v), json_to_recordset(…), dblink(…) AS t(…)
        args = [self.value(a, frame) for a in node.iter_expressions()]
        if isinstance(node, exp.Table) and isinstance(node.this, exp.Expr):
            args.append(self.value(node.this, frame))
        return Source(alias or "?", outputs={}, star=union(args))

    def _where(
        self, q: exp.Select, frame: Frame, optional: dict[str, Guard], inner: set[Cond]
    ) -> Guard:
        conds = set(inner)
        for key in ("where", "having"):
            clause = q.args.get(key)
            if clause is not None:
                conds |= self.conds(clause.this, frame)
        for alias, on in optional.items():
            src = frame.sources.get(alias)
            if src is not None and _tests_source(conds, src):
                conds |= on
        return frozenset(conds)

    def _projections(self, q: exp.Select, frame: Frame, rows: Guard) -> list[tuple[str, Value]]:
        outs: list[tuple[str, Value]] = []
        for e in q.expressions:
            if isinstance(e, exp.Star) or (isinstance(e, exp.Column) and e.is_star):
                qual = self.ident(e.args.get("table")) if isinstance(e, exp.Column) else ""
                for alias, src in frame.sources.items():
                    if not qual or qual == alias:
                        outs.append(("*", src.value("*").with_witness(rows)))
                continue
            label = e.args.get("alias") if isinstance(e, exp.Alias) else None
            name = self.ident(label.this if isinstance(label, exp.TableAlias) else label)
            name = name or (e.alias_or_name or "").lower()
            outs.append((name, self.value(e, frame).with_witness(rows)))
        return outs

    # -- writes -----------------------------------------------------------------------------
    def _write(
        self,
        target: RelRef,
        op: str,
        columns: Iterable[tuple[str, Value]],
        carried: Value,
        rows: Guard,
        needle: str,
    ) -> None:
        cols = tuple(columns)
        self.out.writes_target = target
        self.out.rows = rows
        if len(target.parts) == 1 and target.parts[0] in self.local:
            return
        self.out.effects.append(
            Effect(
                EffectKind.WRITE,
                self._guard | rows,
                self.site(needle),
                target=target,
                op=op,
                columns=cols,
                carried=carried | union([v for _, v in cols]),
            )
        )

    def _insert(self, stmt: exp.Insert, frame: Frame) -> None:
        self._ctes(stmt, frame)
        tgt = stmt.this
        names: list[str] = []
        if isinstance(tgt, exp.Schema):
            names = [self.ident(c) for c in tgt.expressions]
            tgt = tgt.this
        if not isinstance(tgt, exp.Table):
            return
        src = stmt.expression
        res = self.query(src, frame) if src is not None else QueryResult()
        values = [v for _, v in res.outputs]
        cols = list(zip(names, values, strict=False)) if names else list(res.outputs)
        self._write(self.relref(tgt), "insert", cols, res.value, res.rows, tgt.name)

    def _update(self, stmt: exp.Update, frame: Frame) -> None:
        self._ctes(stmt, frame)
        tgt = stmt.this
        if not isinstance(tgt, exp.Table):
            return
        ref = self.relref(tgt)
        alias_node = tgt.args.get("alias")
        alias = self.ident(alias_node.this) if isinstance(alias_node, exp.TableAlias) else ""
        frame.sources[alias or ref.parts[-1]] = Source(
            alias or ref.parts[-1], rel=ref, columns=self.columns_of(ref)
        )
        fake = exp.Select(expressions=[exp.Literal.number(1)])
        if stmt.args.get("from_") is not None:
            fake.set("from_", stmt.args["from_"])
        optional, inner = self._from(fake, frame)
        # T-SQL `UPDATE f SET … FROM dbo.Cards AS f JOIN …`: the target is an alias
        aliased = frame.sources.get(ref.parts[-1]) if len(ref.parts) == 1 else None
        if aliased is not None and aliased.rel is not None:
            ref = aliased.rel
        where = stmt.args.get("where")
        conds = set(inner)
        if where is not None:
            conds |= self.conds(where.this, frame)
        for a, on in optional.items():
            if a in frame.sources and _tests_source(conds, frame.sources[a]):
                conds |= on
        rows = frozenset(conds)
        self._rows_stack.append(rows)
        try:
            cols = [
                (self.ident(e.this) if isinstance(e.this, exp.Column) else str(e.this), v)
                for e in stmt.expressions
                if isinstance(e, exp.EQ)
                for v in [self.value(e.expression, frame)]
            ]
        finally:
            self._rows_stack.pop()
        self._write(ref, "update", cols, EMPTY, rows, tgt.name)

    def _delete(self, stmt: exp.Delete, frame: Frame) -> None:
        tgt = stmt.this
        if not isinstance(tgt, exp.Table):
            return
        ref = self.relref(tgt)
        frame.sources[ref.parts[-1]] = Source(ref.parts[-1], rel=ref, columns=self.columns_of(ref))
        where = stmt.args.get("where")
        rows = self.conds(where.this, frame) if where is not None else frozenset()
        self._write(ref, "delete", (), EMPTY, rows, tgt.name)

    def _merge(self, stmt: exp.Merge, frame: Frame) -> None:
        tgt = stmt.this
        if not isinstance(tgt, exp.Table):
            return
        ref = self.relref(tgt)
        frame.sources[ref.parts[-1]] = Source(ref.parts[-1], rel=ref, columns=self.columns_of(ref))
        using = stmt.args.get("using")
        src = self._source(using, frame) if using is not None else None
        if src is not None:
            frame.sources[src.alias] = src
        carried = src.value("*") if src is not None else EMPTY
        cols: list[tuple[str, Value]] = []
        for when in stmt.find_all(exp.When):
            then = when.args.get("then")
            if isinstance(then, exp.Insert):
                names = (
                    [self.ident(c) for c in then.this.expressions]
                    if isinstance(then.this, exp.Tuple | exp.Schema)
                    else []
                )
                vals = then.expression.expressions if isinstance(then.expression, exp.Tuple) else []
                cols += list(zip(names, [self.value(v, frame) for v in vals], strict=False))
            elif isinstance(then, exp.Update):
                cols += [
                    (
                        self.ident(e.this) if isinstance(e.this, exp.Column) else "",
                        self.value(e.expression, frame),
                    )
                    for e in then.expressions
                    if isinstance(e, exp.EQ)
                ]
        self._write(ref, "merge", cols, carried, frozenset(), tgt.name)

    def _copy(self, stmt: exp.Copy, frame: Frame) -> None:
        res = self.query(stmt.this, frame) if isinstance(stmt.this, exp.Subquery) else None
        if isinstance(stmt.this, exp.Table):
            ref = self.relref(stmt.this)
            self.out.reads.append((ref, self.site(stmt.this.name)))
            res = QueryResult([("*", Value(frozenset({Row(RowKind.REL, "*", ref)})))], frozenset())
        files = [f.name.upper() for f in stmt.args.get("files") or []]
        if "PROGRAM" not in files or res is None:
            return
        dest = ""
        for p in stmt.args.get("params") or []:
            dest = p.this.name if isinstance(p.this, exp.Var) else p.this.sql()
            break
        self.out.effects.append(
            Effect(
                EffectKind.OUTBOUND,
                self._guard | res.rows,
                self.site("PROGRAM"),
                op="copy",
                channel="copy_program",
                carried=res.value,
                destination=Value(frozenset({Const(dest)})) if dest else EMPTY,
            )
        )

    def _create(self, stmt: exp.Create, frame: Frame) -> None:
        t = stmt.this.this if isinstance(stmt.this, exp.Schema) else stmt.this
        if not isinstance(t, exp.Table):
            return
        name = self.ident(t.this)
        self.out.creates.append(name)
        if stmt.expression is not None and isinstance(stmt.expression, exp.Query):
            res = self.query(stmt.expression, frame)
            self.local.add(name)
            self.out.outputs = res.outputs

    # -- values -----------------------------------------------------------------------------
    def value(self, e: exp.Expr | None, frame: Frame) -> Value:
        if e is None:
            return EMPTY
        if isinstance(e, exp.Column):
            return self.column(e, frame)
        if isinstance(e, exp.Literal | exp.National | exp.RawString):
            return Value(frozenset({Const(str(e.this))}))
        if isinstance(e, exp.Boolean):
            return Value(frozenset({Const("true" if e.this else "false")}))
        if isinstance(e, exp.Null):
            return EMPTY
        if isinstance(e, exp.Parameter | exp.Placeholder | exp.SessionParameter):
            return self._parameter(e)
        if isinstance(e, exp.Subquery | exp.Select | exp.SetOperation):
            return self.query(e, frame).value
        if isinstance(e, exp.Exists):
            res = self.query(e.this, frame)
            return Value(witness=res.rows)
        if isinstance(
            e, exp.JSONExtract | exp.JSONExtractScalar | exp.JSONBExtract | exp.JSONBExtractScalar
        ):
            return self._json_field(e, frame)
        if isinstance(e, exp.Anonymous):
            return self.call(e, frame)
        if isinstance(e, exp.Func) and self.sink_kind(e.sql_name().lower()):
            return self.call(e, frame)
        if isinstance(e, exp.Dot):
            return self._dot(e, frame)
        return union([self.value(c, frame) for c in e.iter_expressions()])

    def _parameter(self, e: exp.Expr) -> Value:
        inner = e.this
        if isinstance(inner, exp.Literal) and not inner.is_string:
            n = int(inner.this)
            return Value(frozenset({Param(n - 1, f"${n}")}))
        name = inner.name if isinstance(inner, exp.Expr) else str(inner)
        prefix = "@" if isinstance(e, exp.Parameter | exp.SessionParameter) else ":"
        v = self.env.var(prefix + name.lower()) or self.env.var(name.lower())
        return v or EMPTY

    def column(self, c: exp.Column, frame: Frame) -> Value:
        name = self.ident(c.this) if isinstance(c.this, exp.Identifier) else c.name.lower()
        if c.is_star:
            name = "*"
        m = _PARAM_COLUMN.match(name)
        if m:
            n = int(m.group(1))
            return Value(frozenset({Param(n - 1, f"${n}")}))
        qual = [
            self.ident(p)
            for p in (c.args.get("catalog"), c.args.get("db"), c.args.get("table"))
            if p
        ]
        if qual:
            return self._qualified(qual, name, frame)
        return self._unqualified(name, frame)

    def _qualified(self, qual: list[str], name: str, frame: Frame) -> Value:
        q = qual[-1]
        f: Frame | None = frame
        while f is not None:
            src = f.sources.get(q)
            if src is not None:
                return src.value(name)
            f = f.parent
        fv = self.env.field(q, name) if len(qual) == 1 else None
        if fv is not None:
            return fv
        if len(qual) == 1 and q in PSEUDO_ROWS:
            return Value(frozenset({Row(PSEUDO_ROWS[q], name)}))
        if len(qual) == 2 and self.env.var(qual[0]) is None:
            # schema.table.column without an alias
            ref = RelRef(tuple(qual), self.ci)
            return Value(frozenset({Row(RowKind.REL, name, ref)}))
        return EMPTY

    def _unqualified(self, name: str, frame: Frame) -> Value:
        f: Frame | None = frame
        while f is not None:
            known = [s for s in f.sources.values() if s.has(name)]
            if known:
                return union([s.value(name) for s in known])
            f = f.parent
        var = self.env.var(name)
        if var is not None:
            return var
        if name in PSEUDO_ROWS:  # NEW / OLD as a whole record
            return Value(frozenset({Row(PSEUDO_ROWS[name], "*")}))
        unknown = [s for s in frame.sources.values() if s.has(name) is None]
        if unknown:
            return union([s.value(name) for s in unknown])
        return EMPTY

    def _dot(self, e: exp.Dot, frame: Frame) -> Value:
        if isinstance(e.expression, exp.Func):  # schema.fn(…), pkg.proc(…)
            return self.call(e.expression, frame)
        base = self.value(e.this, frame)
        name = e.expression.name.lower() if isinstance(e.expression, exp.Expr) else ""
        return field_of(base, name) if name else base

    def _json_field(self, e: exp.Expr, frame: Frame) -> Value:
        base = self.value(e.this, frame)
        key = ""
        path = e.expression
        if isinstance(path, exp.JSONPath):
            keys = [p.this for p in path.expressions if isinstance(p, exp.JSONPathKey)]
            key = str(keys[0]).lower() if keys else ""
        elif isinstance(path, exp.Literal):
            key = str(path.this).lower()
        return field_of(base, key) if key else base

    def call(self, e: exp.Expr, frame: Frame) -> Value:
        """A function call: a delivery if it is a sink (pg_notify, dblink, http, mail),
        else a call whose effects and result composition will bring in."""
        name = function_name(e, self.dialect)
        args = list(e.expressions) if isinstance(e, exp.Anonymous) else list(e.iter_expressions())
        positional = [a for a in args if not isinstance(a, exp.Kwarg | exp.PropertyEQ)]
        named = [a for a in args if isinstance(a, exp.Kwarg | exp.PropertyEQ)]
        values = tuple(self.value(a, frame) for a in positional)
        named_values = tuple((a.this.name.lower(), self.value(a.expression, frame)) for a in named)
        guard = self._guard | (self._rows_stack[-1] if self._rows_stack else frozenset())
        site = self.site(name.rsplit(".", 1)[-1])
        kind = self.sink_kind(name)
        ref = CallRef(
            tuple(name.split(".")), len(values), tuple(n for n, _ in named_values), self.ci
        )
        if not kind and passes_through(ref):
            return union(list(values)) | union([v for _, v in named_values])
        if kind:
            dest = _destination(values, named_values)
            self.out.effects.append(
                Effect(
                    EffectKind.NOTIFY if kind == "notify" else EffectKind.OUTBOUND,
                    guard,
                    site,
                    channel=kind,
                    call=ref,
                    destination=dest,
                    carried=union(list(values)) | union([v for _, v in named_values]),
                    args=values,
                    named_args=named_values,
                )
            )
            return union(list(values))
        self.out.effects.append(
            Effect(EffectKind.CALL, guard, site, call=ref, args=values, named_args=named_values)
        )
        return Value(frozenset({CallOut(ref, values + tuple(v for _, v in named_values), site)}))

    # -- conditions -------------------------------------------------------------------------
    def conds(self, e: exp.Expr | None, frame: Frame) -> Guard:
        """The atoms of a condition, each with its polarity."""
        if e is None:
            return frozenset()
        if isinstance(e, exp.And | exp.Or):
            return self.conds(e.this, frame) | self.conds(e.expression, frame)
        if isinstance(e, exp.Not):
            return frozenset(c.negated() for c in self.conds(e.this, frame))
        if isinstance(e, exp.Paren):
            return self.conds(e.this, frame)
        if isinstance(e, exp.Exists):
            res = self.query(e.this, frame)
            site = self.site("EXISTS")
            return res.rows | {Cond(Truth(Value(witness=res.rows), site))}
        if isinstance(e, exp.In):
            return self._in(e, frame)
        if isinstance(e, exp.Is):
            c = Cond(Truth(self.value(e.this, frame), self._site_of_expr(e.this), True), False)
            return frozenset({c.negated() if e.args.get("negate") else c})
        if isinstance(e, exp.EQ | exp.NEQ | exp.NullSafeEQ):
            return self._equality(e, frame)
        if isinstance(e, exp.GT | exp.GTE | exp.LT | exp.LTE):
            return self._order(e, frame)
        if isinstance(e, exp.Between):
            if is_clock(e.args.get("low")) or is_clock(e.args.get("high")):
                v = self.value(e.this, frame)
                return frozenset({Cond(Recency(v, self._site_of_expr(e.this)))})
            return frozenset()
        if isinstance(e, exp.Like | exp.ILike | exp.SimilarTo | exp.RegexpLike):
            lits = _literals([e.expression])
            v = self.value(e.this, frame)
            return frozenset({Cond(Compare(v, "like", lits, self._site_of_expr(e.this)))})
        if isinstance(e, exp.Boolean | exp.Literal | exp.Null):
            return frozenset()
        v = self.value(e, frame)
        return frozenset({Cond(Truth(v, self._site_of_expr(e)))})

    def _site_of_expr(self, e: exp.Expr | None) -> Site:
        if isinstance(e, exp.Column):
            return self.site(e.name)
        if isinstance(e, exp.Anonymous):
            return self.site(e.name)
        return self.site("")

    def _in(self, e: exp.In, frame: Frame) -> Guard:
        left = self.value(e.this, frame)
        site = self._site_of_expr(e.this)
        query = e.args.get("query")
        if query is not None:
            res = self.query(query, frame)
            right = union([v for _, v in res.outputs[:1]]).with_witness(res.rows)
            return frozenset({Cond(Match(left, right, site))})
        items = list(e.expressions)
        if items and all(isinstance(i, exp.Literal | exp.National) for i in items):
            return frozenset({Cond(Compare(left, "in", _literals(items), site))})
        out = {Cond(Match(left, self.value(i, frame), site)) for i in items}
        return frozenset(out)

    def _equality(self, e: exp.Expr, frame: Frame) -> Guard:
        a, b = e.this, e.expression
        neq = isinstance(e, exp.NEQ)
        for x, y in ((a, b), (b, a)):
            if isinstance(y, exp.Any | exp.All):
                inner = y.this.this if isinstance(y.this, exp.Paren) else y.this
                if isinstance(inner, exp.Array) and all(
                    isinstance(i, exp.Literal) for i in inner.expressions
                ):
                    lits = _literals(list(inner.expressions))
                    c = Cond(Compare(self.value(x, frame), "in", lits, self._site_of_expr(x)))
                else:
                    right = self.value(inner, frame)
                    c = Cond(Match(self.value(x, frame), right, self._site_of_expr(x)))
                return frozenset({c.negated() if neq else c})
            if isinstance(y, exp.Literal | exp.Boolean | exp.National):
                v = self.value(x, frame)
                lit = _literals([y])
                if lit and lit[0] in ("0",) and not (isinstance(y, exp.Literal) and y.is_string):
                    return frozenset({Cond(Truth(v, self._site_of_expr(x)), neq)})
                return frozenset(
                    {Cond(Compare(v, "<>" if neq else "=", lit, self._site_of_expr(x)))}
                )
        if neq:
            return frozenset()
        return frozenset(
            {Cond(Match(self.value(a, frame), self.value(b, frame), self._site_of_expr(a)))}
        )

    def _order(self, e: exp.Expr, frame: Frame) -> Guard:
        a, b = e.this, e.expression
        if is_clock(b) and not is_clock(a):
            return frozenset({Cond(Recency(self.value(a, frame), self._site_of_expr(a)))})
        if is_clock(a) and not is_clock(b):
            return frozenset({Cond(Recency(self.value(b, frame), self._site_of_expr(b)))})
        for x, y, lower_bound in (
            (a, b, isinstance(e, exp.GT | exp.GTE)),
            (b, a, isinstance(e, exp.LT | exp.LTE)),
        ):
            if isinstance(y, exp.Literal) and not y.is_string:
                # `n > 0`, `n >= 1`, `0 < n`: a count or a found-row test
                if lower_bound:
                    return frozenset({Cond(Truth(self.value(x, frame), self._site_of_expr(x)))})
                return frozenset(
                    {
                        Cond(
                            Compare(
                                self.value(x, frame), "<", _literals([y]), self._site_of_expr(x)
                            )
                        )
                    }
                )
        return frozenset()


def _tests_source(conds: Iterable[Cond], src: Source) -> bool:
    """Whether a WHERE clause requires a row from an outer-joined source."""
    want = src.value("*").srcs
    wanted_rels = {s.rel for s in want if isinstance(s, Row)}
    for c in conds:
        if not c.positive:
            continue
        atom = c.atom
        value = atom.value if isinstance(atom, Truth | Compare) else None
        if value is None:
            continue
        for s in value.srcs:
            if isinstance(s, Row) and s.rel in wanted_rels:
                return True
    return False


def field_of(v: Value, name: str) -> Value:
    """`r.field` of a record value: whole-row sources become that column."""
    srcs: set[object] = set()
    for s in v.srcs:
        if isinstance(s, Row) and s.column == "*":
            srcs.add(Row(s.kind, name, s.rel))
        else:
            srcs.add(s)
    return Value(frozenset(srcs), v.witness)  # type: ignore[arg-type]


def _destination(values: tuple[Value, ...], named: tuple[tuple[str, Value], ...]) -> Value:
    for key, v in named:
        if key in ("recipients", "recipient", "to", "url", "uri", "connstr", "p_to"):
            return v
    return values[0] if values else EMPTY


def _literals(items: list[exp.Expr]) -> tuple[str, ...]:
    out = []
    for i in items:
        if isinstance(i, exp.Literal | exp.National):
            out.append(str(i.this))
        elif isinstance(i, exp.Boolean):
            out.append("true" if i.this else "false")
    return tuple(out)


def is_clock(e: exp.Expr | None) -> bool:
    if e is None:
        return False
    for n in e.walk():
        if isinstance(n, _CLOCK_FUNCS):
            return True
        if isinstance(n, exp.Anonymous) and n.name.lower() in CLOCK_NAMES:
            return True
        if isinstance(n, exp.Func) and n.sql_name().lower() in CLOCK_NAMES:
            return True
    return False


def function_name(node: exp.Expr, dialect: str) -> str:
    """`schema.fn` of a call as the dialect folds it."""
    if isinstance(node, exp.Anonymous):
        ident = node.this
        name = (
            fold(ident.this, bool(ident.quoted), dialect)
            if isinstance(ident, exp.Identifier)
            else str(ident).lower()
        )
    elif isinstance(node, exp.Func):
        name = node.sql_name().lower()
    else:
        name = node.name.lower()
    parent = node.parent
    if isinstance(parent, exp.Dot) and parent.expression is node:
        qual = parent.this
        if isinstance(qual, exp.Column):
            parts = [p for p in (qual.args.get("db"), qual.args.get("table"), qual.this) if p]
            prefix = ".".join(
                fold(p.this, bool(p.quoted), dialect)
                if isinstance(p, exp.Identifier)
                else str(p).lower()
                for p in parts
            )
        elif isinstance(qual, exp.Identifier):
            prefix = fold(qual.this, bool(qual.quoted), dialect)
        else:
            prefix = qual.sql(dialect="postgres").replace('"', "").lower()
        return f"{prefix}.{name}"
    return name
