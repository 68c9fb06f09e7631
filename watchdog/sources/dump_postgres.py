"""Inventory of a plain-format `pg_dump` file, parsed with PostgreSQL's own parser (pglast).

The artifacts are built to match what the live catalog reader builds for the same
database — same names, kinds and bodies — so that offline and live scans give the same
findings and fingerprints.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pglast
from pglast import ast
from pglast.enums import AlterTableType, ConstrType, ObjectType
from pglast.stream import RawStream

from watchdog.model import (
    Artifact,
    ArtifactKind,
    Column,
    EventTriggerDetails,
    ExtensionDetails,
    ForeignKey,
    Gap,
    Inventory,
    Param,
    PublicationDetails,
    RelationDetails,
    RoutineDetails,
    RuleDetails,
    ServerDetails,
    Target,
    TriggerDetails,
    UserMapping,
)
from watchdog.sources.dump_data import TableData, decode_copy_line, view_columns
from watchdog.sources.postgres import OUTBOUND_EXTENSIONS, decode_trigger_events

_COPY = re.compile(r"^COPY\s+(\S+)\s*(?:\((.*)\))?\s+FROM\s+stdin;\s*$", re.IGNORECASE)
_VIEW_AS = re.compile(
    r"^CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP\w*\s+|RECURSIVE\s+)?(?:MATERIALIZED\s+)?VIEW\s+.*?\s+AS\s+",
    re.IGNORECASE | re.DOTALL,
)
_WITH_DATA = re.compile(r"\s+WITH\s+(?:NO\s+)?DATA\s*$", re.IGNORECASE)
_WHEN = re.compile(
    r"\sWHEN\s+\((.*)\)\s+EXECUTE\s+(?:FUNCTION|PROCEDURE)\s", re.IGNORECASE | re.DOTALL
)


def _s(node: Any) -> str:
    return str(getattr(node, "sval", node))


def _deparse(node: Any) -> str:
    try:
        return str(RawStream()(node))
    except Exception:  # pglast cannot print every node; the text is only descriptive
        return ""


def _name(rel: Any) -> tuple[str, str]:
    return (rel.schemaname or "public", rel.relname)


def split_dump(text: str) -> tuple[str, list[TableData]]:
    """SQL without psql meta-commands and COPY data, and the COPY data itself."""
    sql: list[str] = []
    data: list[TableData] = []
    lines = iter(text.splitlines())
    for line in lines:
        if line.startswith("\\"):
            sql.append("")
            continue
        m = _COPY.match(line)
        if m:
            schema, _, name = m.group(1).replace('"', "").rpartition(".")
            cols = [c.strip().strip('"') for c in (m.group(2) or "").split(",") if c.strip()]
            rows = []
            for row in lines:
                if row == "\\.":
                    break
                rows.append(decode_copy_line(row))
            data.append(TableData(schema or "public", name, cols, rows))
            sql.append("")
            continue
        sql.append(line)
    return "\n".join(sql), data


def _statements(sql: str, inv: Inventory) -> Iterator[tuple[Any, str]]:
    try:
        for raw in pglast.parse_sql(sql):
            start = raw.stmt_location or 0
            yield raw.stmt, sql[start : start + raw.stmt_len] if raw.stmt_len else sql[start:]
        return
    except pglast.parser.ParseError:
        pass
    for piece in pglast.split(sql, with_parser=False):
        try:
            for raw in pglast.parse_sql(piece):
                yield raw.stmt, piece
        except pglast.parser.ParseError as exc:
            inv.gaps.append(
                Gap(
                    Artifact(kind=ArtifactKind.DUMP_STATEMENT, schema="", name=_head(piece)),
                    f"statement could not be parsed: {exc}",
                    "check the dump file",
                )
            )


class PgDumpReader:
    def __init__(self, name: str) -> None:
        self.inv = Inventory(target=Target(name=name, dialect="postgres", server_version="dump"))
        self.rel: dict[tuple[str, str], Artifact] = {}
        self.fn: dict[tuple[str, str], list[Artifact]] = {}
        self.triggers: dict[tuple[str, str, str], Artifact] = {}
        self.servers: dict[str, Artifact] = {}
        self.pubs: dict[str, Artifact] = {}
        self.data: list[TableData] = []

    def read(self, text: str) -> Inventory:
        m = re.search(r"^-- Dumped from database version (\S+)", text, re.MULTILINE)
        if m:
            self.inv.target.server_version = m.group(1)
        sql, self.data = split_dump(text)
        for stmt, src in _statements(sql, self.inv):
            handler = getattr(self, f"_{type(stmt).__name__}", None)
            if handler is not None:
                try:
                    handler(stmt, src)
                except (AttributeError, TypeError, ValueError, IndexError) as exc:
                    self.inv.gaps.append(
                        Gap(
                            Artifact(
                                kind=ArtifactKind.DUMP_STATEMENT,
                                schema="",
                                name=type(stmt).__name__,
                                line=_line_of(text, src),
                            ),
                            f"statement not understood: {exc}",
                            "report this as a bug",
                        )
                    )
        for view in self.inv.of_kind("view", "materialized_view"):
            if not view.columns:
                view.columns = view_columns(
                    view.body or "", "postgres", lambda db, n: self.rel.get((db or "public", n))
                )
        return self.inv

    # -- relations ----------------------------------------------------------------------------
    def _table(self, stmt: Any, kind: ArtifactKind) -> Artifact:
        schema, name = _name(stmt.relation)
        cols, pkey, fkeys = [], [], []
        for elt in stmt.tableElts or ():
            if isinstance(elt, ast.ColumnDef):
                default = None
                for c in elt.constraints or ():
                    if c.contype == ConstrType.CONSTR_DEFAULT:
                        default = _deparse(c.raw_expr)
                    if c.contype == ConstrType.CONSTR_PRIMARY:
                        pkey.append(elt.colname)
                    if c.contype == ConstrType.CONSTR_FOREIGN:
                        fkeys.append(_foreign_key(c, (str(elt.colname),)))
                cols.append(Column(str(elt.colname), _deparse(elt.typeName), None, default))
            elif isinstance(elt, ast.Constraint) and elt.contype == ConstrType.CONSTR_PRIMARY:
                pkey += [_s(k) for k in elt.keys or ()]
            elif isinstance(elt, ast.Constraint) and elt.contype == ConstrType.CONSTR_FOREIGN:
                fkeys.append(_foreign_key(elt, ()))
        art = Artifact(
            kind=kind,
            schema=schema,
            name=name,
            columns=cols,
            details=RelationDetails(primary_key=[str(k) for k in pkey], foreign_keys=fkeys),
        )
        self.rel[(schema, name)] = art
        self.inv.artifacts.append(art)
        return art

    def _CreateStmt(self, stmt: Any, src: str) -> None:
        self._table(stmt, ArtifactKind.TABLE)

    def _CreateForeignTableStmt(self, stmt: Any, src: str) -> None:
        art = self._table(stmt.base, ArtifactKind.FOREIGN_TABLE)
        art.details = RelationDetails(
            primary_key=art.details.primary_key if isinstance(art.details, RelationDetails) else [],
            server=stmt.servername,
            options={o.defname: _s(o.arg) for o in stmt.options or ()},
        )

    def _ViewStmt(self, stmt: Any, src: str) -> None:
        schema, name = _name(stmt.view)
        body = _VIEW_AS.sub("", src.strip(), count=1)
        art = Artifact(
            kind=ArtifactKind.VIEW, schema=schema, name=name, body=body + ";", language="sql"
        )
        self.rel[(schema, name)] = art
        self.inv.artifacts.append(art)

    def _CreateTableAsStmt(self, stmt: Any, src: str) -> None:
        if stmt.objtype != ObjectType.OBJECT_MATVIEW:
            return
        schema, name = _name(stmt.into.rel)
        body = _WITH_DATA.sub("", _VIEW_AS.sub("", src.strip(), count=1))
        art = Artifact(
            kind=ArtifactKind.MATERIALIZED_VIEW,
            schema=schema,
            name=name,
            body=body + ";",
            language="sql",
        )
        self.rel[(schema, name)] = art
        self.inv.artifacts.append(art)

    def _AlterTableStmt(self, stmt: Any, src: str) -> None:
        if stmt.relation is None:
            return
        key = _name(stmt.relation)
        art = self.rel.get(key)
        for cmd in stmt.cmds or ():
            sub = cmd.subtype
            if art is not None and sub == AlterTableType.AT_ChangeOwner:
                art.owner = cmd.newowner.rolename
            elif (
                isinstance(art, Artifact)
                and isinstance(art.details, RelationDetails)
                and sub == AlterTableType.AT_AddConstraint
                and cmd.def_.contype == ConstrType.CONSTR_PRIMARY
            ):
                art.details.primary_key = [_s(k) for k in cmd.def_.keys or ()]
            elif (
                isinstance(art, Artifact)
                and isinstance(art.details, RelationDetails)
                and sub == AlterTableType.AT_AddConstraint
                and cmd.def_.contype == ConstrType.CONSTR_FOREIGN
            ):
                art.details.foreign_keys.append(_foreign_key(cmd.def_, ()))
            elif (
                art is not None and sub == AlterTableType.AT_ColumnDefault and cmd.def_ is not None
            ):
                art.columns = [
                    Column(c.name, c.type, c.comment, _deparse(cmd.def_))
                    if c.name == cmd.name
                    else c
                    for c in art.columns
                ]
            elif sub in (
                AlterTableType.AT_DisableTrig,
                AlterTableType.AT_EnableTrig,
                AlterTableType.AT_EnableAlwaysTrig,
                AlterTableType.AT_EnableReplicaTrig,
            ):
                trg = self.triggers.get((*key, cmd.name))
                if trg is not None and isinstance(trg.details, TriggerDetails):
                    trg.details.enabled = {
                        AlterTableType.AT_DisableTrig: "disabled",
                        AlterTableType.AT_EnableTrig: "enabled",
                        AlterTableType.AT_EnableAlwaysTrig: "always",
                        AlterTableType.AT_EnableReplicaTrig: "replica",
                    }[sub]

    # -- code ---------------------------------------------------------------------------------
    def _CreateFunctionStmt(self, stmt: Any, src: str) -> None:
        names = [_s(n) for n in stmt.funcname]
        schema, name = (names[-2] if len(names) > 1 else "public"), names[-1]
        opts = {o.defname: o.arg for o in stmt.options or ()}
        language = _s(opts.get("language", "sql"))
        body = opts.get("as")
        text = (
            _s(body[0]) if isinstance(body, tuple | list) and body else (_s(body) if body else "")
        )
        if stmt.sql_body is not None:
            m = re.search(r"\b(BEGIN\s+ATOMIC\b.*|RETURN\b.*)$", src, re.IGNORECASE | re.DOTALL)
            text = m.group(1) if m else _deparse(stmt.sql_body)
        params = list(stmt.parameters or ())
        art = Artifact(
            kind=ArtifactKind.PROCEDURE if stmt.is_procedure else ArtifactKind.FUNCTION,
            schema=schema,
            name=name,
            language=language,
            body=text,
            details=RoutineDetails(
                args=_args(params, identity=True),
                full_args=_args(params, identity=False),
                result=_result(stmt, params),
                security_definer=bool(getattr(opts.get("security"), "boolval", False)),
                atomic=stmt.sql_body is not None,
                params=_params(params),
                search_path=_search_path(opts.get("set")),
            ),
        )
        self.fn.setdefault((schema, name), []).append(art)
        self.inv.artifacts.append(art)

    def _CreateTrigStmt(self, stmt: Any, src: str) -> None:
        schema, table = _name(stmt.relation)
        fn = [_s(n) for n in stmt.funcname]
        fn_schema, fn_name = (fn[-2] if len(fn) > 1 else ""), fn[-1]
        tgtype = (1 if stmt.row else 0) | (stmt.timing or 0) | (stmt.events or 0)
        timing, events, level = decode_trigger_events(tgtype)
        when = _WHEN.search(src)
        rels = {bool(t.isNew): str(t.name) for t in stmt.transitionRels or ()}
        art = Artifact(
            kind=ArtifactKind.TRIGGER,
            schema=schema,
            name=stmt.trigname,
            table=f"{schema}.{table}",
            body=when.group(1) if when else None,
            language="sql" if when else None,
            details=TriggerDetails(
                timing=timing,
                events=events,
                level=level,
                function=f"{fn_schema or 'public'}.{fn_name}",
                function_name=(fn_schema, fn_name),
                arguments=[_s(a) for a in stmt.args or ()],
                definition=src.strip(),
                new_table=rels.get(True),
                old_table=rels.get(False),
            ),
        )
        owner_table = self.rel.get((schema, table))
        art.owner = owner_table.owner if owner_table else None
        self.triggers[(schema, table, stmt.trigname)] = art
        self.inv.artifacts.append(art)

    def _RuleStmt(self, stmt: Any, src: str) -> None:
        schema, table = _name(stmt.relation)
        events = {1: "SELECT", 2: "UPDATE", 3: "INSERT", 4: "DELETE"}
        self.inv.artifacts.append(
            Artifact(
                kind=ArtifactKind.RULE,
                schema=schema,
                name=stmt.rulename,
                table=f"{schema}.{table}",
                body=src.strip() + ";",
                language="sql",
                details=RuleDetails(
                    events=[events.get(int(stmt.event), str(stmt.event))],
                    instead=bool(stmt.instead),
                ),
            )
        )

    def _CreateEventTrigStmt(self, stmt: Any, src: str) -> None:
        fn = [_s(n) for n in stmt.funcname]
        tags = [_s(t) for w in stmt.whenclause or () for t in w.arg or ()]
        self.inv.artifacts.append(
            Artifact(
                kind=ArtifactKind.EVENT_TRIGGER,
                schema="",
                name=stmt.trigname,
                details=EventTriggerDetails(
                    event=stmt.eventname,
                    tags=tags,
                    function=".".join(fn if len(fn) > 1 else ["public", *fn]),
                ),
            )
        )

    # -- channels -----------------------------------------------------------------------------
    def _CreatePublicationStmt(self, stmt: Any, src: str) -> None:
        opts = {o.defname: _s(o.arg) for o in stmt.options or ()}
        publish = opts.get("publish", "insert, update, delete, truncate")
        art = Artifact(
            kind=ArtifactKind.PUBLICATION,
            schema="",
            name=stmt.pubname,
            details=PublicationDetails(
                all_tables=bool(stmt.for_all_tables),
                operations=[op for op in ("insert", "update", "delete") if op in publish],
            ),
        )
        self.pubs[stmt.pubname] = art
        self._publish(art, stmt.pubobjects)
        self.inv.artifacts.append(art)

    def _AlterPublicationStmt(self, stmt: Any, src: str) -> None:
        art = self.pubs.get(stmt.pubname)
        if art is not None:
            self._publish(art, stmt.pubobjects)

    def _publish(self, pub: Artifact, objects: Any) -> None:
        d = pub.details
        if not isinstance(d, PublicationDetails):
            return
        for obj in objects or ():
            table = getattr(obj, "pubtable", None)
            if table is not None:
                d.tables = sorted({*d.tables, ".".join(_name(table.relation))})

    def _CreateForeignServerStmt(self, stmt: Any, src: str) -> None:
        art = Artifact(
            kind=ArtifactKind.FOREIGN_SERVER,
            schema="",
            name=stmt.servername,
            details=ServerDetails(
                wrapper=stmt.fdwname,
                options={o.defname: _s(o.arg) for o in stmt.options or ()},
            ),
        )
        self.servers[stmt.servername] = art
        self.inv.artifacts.append(art)

    def _CreateUserMappingStmt(self, stmt: Any, src: str) -> None:
        srv = self.servers.get(stmt.servername)
        if srv is None or not isinstance(srv.details, ServerDetails):
            return
        opts = {o.defname: _s(o.arg) for o in stmt.options or ()}
        user = stmt.user.rolename or "public"
        srv.details.mappings.append(UserMapping(user, opts.get("user") or opts.get("username")))

    def _CreateExtensionStmt(self, stmt: Any, src: str) -> None:
        self.inv.artifacts.append(
            Artifact(
                kind=ArtifactKind.EXTENSION,
                schema="",
                name=stmt.extname,
                details=ExtensionDetails(outbound=stmt.extname in OUTBOUND_EXTENSIONS),
            )
        )

    def _CommentStmt(self, stmt: Any, src: str) -> None:
        obj, kind = stmt.object, stmt.objtype
        if kind in (
            ObjectType.OBJECT_TABLE,
            ObjectType.OBJECT_VIEW,
            ObjectType.OBJECT_MATVIEW,
            ObjectType.OBJECT_FOREIGN_TABLE,
        ):
            parts = [_s(p) for p in obj]
            art = self.rel.get((parts[-2] if len(parts) > 1 else "public", parts[-1]))
            if art is not None:
                art.comment = stmt.comment
        elif kind == ObjectType.OBJECT_COLUMN:
            parts = [_s(p) for p in obj]
            art = self.rel.get((parts[-3] if len(parts) > 2 else "public", parts[-2]))
            if art is not None:
                art.columns = [
                    Column(c.name, c.type, stmt.comment, c.default) if c.name == parts[-1] else c
                    for c in art.columns
                ]
        elif kind in (ObjectType.OBJECT_FUNCTION, ObjectType.OBJECT_PROCEDURE):
            names = [_s(n) for n in obj.objname]
            for fn in self.fn.get((names[-2] if len(names) > 1 else "public", names[-1]), []):
                fn.comment = stmt.comment
        elif kind == ObjectType.OBJECT_TRIGGER:
            parts = [_s(p) for p in obj]
            trg = self.triggers.get(
                (parts[-3] if len(parts) > 2 else "public", parts[-2], parts[-1])
            )
            if trg is not None:
                trg.comment = stmt.comment
        elif kind == ObjectType.OBJECT_PUBLICATION and _s(obj) in self.pubs:
            self.pubs[_s(obj)].comment = stmt.comment
        elif kind == ObjectType.OBJECT_FOREIGN_SERVER and _s(obj) in self.servers:
            self.servers[_s(obj)].comment = stmt.comment

    def _AlterOwnerStmt(self, stmt: Any, src: str) -> None:
        if stmt.objectType in (ObjectType.OBJECT_FUNCTION, ObjectType.OBJECT_PROCEDURE):
            names = [_s(n) for n in stmt.object.objname]
            for fn in self.fn.get((names[-2] if len(names) > 1 else "public", names[-1]), []):
                fn.owner = stmt.newowner.rolename

    def _InsertStmt(self, stmt: Any, src: str) -> None:
        """`pg_dump --inserts` and hand-written dumps: constant VALUES rows become data."""
        select = stmt.selectStmt
        if select is None or not select.valuesLists:
            return
        schema, name = _name(stmt.relation)
        rel = self.rel.get((schema, name))
        cols = [t.name for t in stmt.cols or ()] or ([c.name for c in rel.columns] if rel else [])
        rows = []
        for values in select.valuesLists:
            row: list[str | None] = []
            for v in values:
                if isinstance(v, ast.A_Const):
                    row.append(
                        None
                        if v.isnull
                        else str(
                            getattr(
                                v.val,
                                "sval",
                                getattr(
                                    v.val,
                                    "ival",
                                    getattr(v.val, "fval", getattr(v.val, "boolval", "")),
                                ),
                            )
                        )
                    )
                elif isinstance(v, ast.TypeCast) and isinstance(v.arg, ast.A_Const):
                    row.append(str(getattr(v.arg.val, "sval", getattr(v.arg.val, "ival", ""))))
                else:
                    row.append(None)
            rows.append(row)
        self.data.append(TableData(schema, name, cols, rows))


def _foreign_key(con: Any, columns: tuple[str, ...]) -> ForeignKey:
    schema, table = _name(con.pktable)
    return ForeignKey(
        tuple(_s(c) for c in con.fk_attrs or ()) or columns,
        schema,
        table,
        tuple(_s(c) for c in con.pk_attrs or ()),
    )


_PARAM_MODES = {"i": "IN", "o": "OUT", "b": "INOUT", "v": "VARIADIC", "t": "TABLE", "d": "IN"}


def _params(params: list[Any]) -> list[Param]:
    out = []
    for p in params:
        mode = _PARAM_MODES.get(str(getattr(p.mode, "value", p.mode) or "i"), "IN")
        if mode != "TABLE":
            out.append(Param(p.name or "", _deparse(p.argType), mode, p.defexpr is not None))
    return out


def _search_path(setting: Any) -> list[str] | None:
    if setting is None or getattr(setting, "name", "") != "search_path":
        return None
    return [_s(getattr(a, "val", a)) for a in setting.args or ()]


def _head(piece: str) -> str:
    """A short, redacted name for a statement that could not be read: its first words
    only, never its literals (a statement can carry the identifiers of listed people)."""
    words = re.sub(r"'(?:[^']|'')*'", "'…'", " ".join(piece.split()))
    return words[:60]


def _line_of(text: str, src: str) -> int | None:
    idx = text.find(src[:80]) if src else -1
    return text.count("\n", 0, idx) + 1 if idx >= 0 else None


def _args(params: list[Any], *, identity: bool) -> str:
    out = []
    modes = {"i": "", "o": "OUT ", "b": "INOUT ", "v": "VARIADIC ", "t": None, "d": ""}
    for p in params:
        mode = str(getattr(p.mode, "value", p.mode) or "i")
        prefix = modes.get(mode, "")
        if prefix is None or (identity and mode == "o"):
            continue
        text = f"{prefix}{p.name + ' ' if p.name else ''}{_deparse(p.argType)}"
        if not identity and p.defexpr is not None:
            text += f" DEFAULT {_deparse(p.defexpr)}"
        out.append(text)
    return ", ".join(out)


def _result(stmt: Any, params: list[Any]) -> str:
    table = [p for p in params if str(getattr(p.mode, "value", p.mode)) == "t"]
    if table:
        return "TABLE(" + ", ".join(f"{p.name} {_deparse(p.argType)}" for p in table) + ")"
    if stmt.returnType is None:
        return "void" if not stmt.is_procedure else ""
    return _deparse(stmt.returnType)


def read_pg_dump(text: str, name: str) -> tuple[Inventory, list[TableData]]:
    reader = PgDumpReader(name)
    inv = reader.read(text)
    return inv, reader.data
