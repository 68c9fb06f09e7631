"""PL/pgSQL bodies, parsed by PostgreSQL's own parser (pglast's `parse_plpgsql`), turned
into the statement tree every dialect shares (`proctree`), so that one reader builds the
effect model of PL/pgSQL, T-SQL, PL/SQL and MySQL code alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from watchdog.analysis import proctree as pt

_ASSIGN = re.compile(r"^\s*([\w\"$.\[\]]+?)\s*:?=\s*(.*)$", re.DOTALL)
_CASE_VAR = re.compile(r'"?__Case__Variable_\d+__"?')
ERROR_LEVEL = 21  # elog ERROR: RAISE EXCEPTION aborts; NOTICE, WARNING … do not


@dataclass
class IntoStmt(pt.Stmt):
    """A statement with `INTO targets` (pglast removes the INTO clause from its text)."""

    into: list[str] = field(default_factory=list)


@dataclass
class ReturnNext(pt.Return):
    """RETURN NEXT / RETURN QUERY: a value returned without ending the function."""

    final: bool = False


class PlpgsqlConverter:
    """Converts one `PLpgSQL_function` node (pglast's JSON) into a `proctree.Block`."""

    def __init__(self, function: dict[str, Any]) -> None:
        self.datums: list[dict[str, Any]] = function.get("datums", [])

    def convert(self, function: dict[str, Any]) -> pt.Block:
        block = pt.Block(line=1)
        block.items += self.declarations()
        action = function.get("action") or {}
        block.items.append(self.node(action))
        return block

    # -- datums ---------------------------------------------------------------------------
    def name_of(self, varno: int | None) -> str:
        if varno is None or not 0 <= varno < len(self.datums):
            return ""
        d = self.datums[varno]
        kind, body = next(iter(d.items()))
        if kind == "PLpgSQL_recfield":
            parent = body.get("recparentno")
            return (
                f"{self.name_of(parent)}.{body.get('fieldname', '')}"
                if parent is not None
                else body.get("fieldname", "")
            )
        return str(body.get("refname", ""))

    def targets(self, target: Any) -> list[str]:
        if isinstance(target, int):
            return [self.name_of(target)]
        if not isinstance(target, dict):
            return []
        kind, body = next(iter(target.items()))
        if kind == "PLpgSQL_row":
            return [str(f.get("name", "")) for f in body.get("fields", [])]
        return [str(body.get("refname", ""))]

    def declarations(self) -> list[pt.Node]:
        out: list[pt.Node] = []
        for d in self.datums:
            kind, body = next(iter(d.items()))
            name = str(body.get("refname", ""))
            if (
                not name
                or name in ("new", "old", "found")
                or name.startswith("tg_")
                or "(unnamed" in name
            ):
                continue
            if "lineno" not in body:
                continue  # a parameter: bound by the reader, not declared here
            line = int(body.get("lineno", 1))
            if kind == "PLpgSQL_rec":
                out.append(pt.Declare(name, "record", line))
            elif kind == "PLpgSQL_var":
                typ = str(body.get("datatype", {}).get("PLpgSQL_type", {}).get("typname", ""))
                cursor = _query(body.get("cursor_explicit_expr"))
                default = _query(body.get("default_val"))
                out.append(
                    pt.Declare(
                        name,
                        typ,
                        line,
                        default=default,
                        cursor=cursor,
                        constant=bool(body.get("isconst")),
                    )
                )
        return out

    # -- statements -----------------------------------------------------------------------
    def block(self, stmts: list[Any] | None, line: int = 1) -> pt.Block:
        return pt.Block([self.node(s) for s in stmts or []], line=line)

    def node(self, stmt: dict[str, Any]) -> pt.Node:
        if not stmt:
            return pt.Block()
        kind, body = next(iter(stmt.items()))
        line = int(body.get("lineno", 1))
        handler = getattr(self, "_" + kind.removeprefix("PLpgSQL_stmt_"), None)
        if handler is None:
            return pt.Block(line=line)
        node: pt.Node = handler(body, line)
        return node

    def _block(self, b: dict[str, Any], line: int) -> pt.Node:
        blk = self.block(b.get("body"), line)
        exc = (b.get("exceptions") or {}).get("PLpgSQL_exception_block", {})
        for e in exc.get("exc_list", []):
            ex = e.get("PLpgSQL_exception", {})
            blk.handlers.append((None, self.block(ex.get("action"), int(ex.get("lineno", line)))))
        return blk

    def _execsql(self, b: dict[str, Any], line: int) -> pt.Node:
        text = _query(b.get("sqlstmt")) or ""
        if b.get("into"):
            return IntoStmt(text, line, into=self.targets(b.get("target")))
        return pt.Stmt(text, line)

    def _perform(self, b: dict[str, Any], line: int) -> pt.Node:
        return pt.Stmt(_query(b.get("expr")) or "", line)

    def _call(self, b: dict[str, Any], line: int) -> pt.Node:
        return pt.Stmt(_query(b.get("expr")) or "", line)

    def _assign(self, b: dict[str, Any], line: int) -> pt.Node:
        text = _query(b.get("expr")) or ""
        m = _ASSIGN.match(text)
        if m:
            return pt.Assign(m.group(1), m.group(2), line)
        return pt.Assign(self.name_of(b.get("varno")), text, line)

    def _if(self, b: dict[str, Any], line: int) -> pt.Node:
        branches: list[tuple[str | None, pt.Block]] = [
            (_query(b.get("cond")), self.block(b.get("then_body"), line))
        ]
        for e in b.get("elsif_list") or []:
            ei = e.get("PLpgSQL_if_elsif", {})
            branches.append(
                (_query(ei.get("cond")), self.block(ei.get("stmts"), int(ei.get("lineno", line))))
            )
        if b.get("else_body"):
            branches.append((None, self.block(b.get("else_body"), line)))
        return pt.If(branches, line)

    def _case(self, b: dict[str, Any], line: int) -> pt.Node:
        subject = _query(b.get("t_expr"))
        branches: list[tuple[str | None, pt.Block]] = []
        for w in b.get("case_when_list") or []:
            cw = w.get("PLpgSQL_case_when", {})
            cond = _query(cw.get("expr")) or ""
            if subject:
                cond = _CASE_VAR.sub(f"({subject})", cond)
            branches.append((cond, self.block(cw.get("stmts"), int(cw.get("lineno", line)))))
        if b.get("have_else"):
            branches.append((None, self.block(b.get("else_stmts"), line)))
        return pt.Case(None, branches, line)

    def _loop(self, b: dict[str, Any], line: int) -> pt.Node:
        return pt.Loop("loop", self.block(b.get("body"), line), line)

    def _while(self, b: dict[str, Any], line: int) -> pt.Node:
        return pt.Loop("while", self.block(b.get("body"), line), line, header=_query(b.get("cond")))

    def _fori(self, b: dict[str, Any], line: int) -> pt.Node:
        var = self.targets(b.get("var"))
        return pt.Loop(
            "for_range", self.block(b.get("body"), line), line, var=var[0] if var else None
        )

    def _foreach_a(self, b: dict[str, Any], line: int) -> pt.Node:
        return pt.Loop(
            "for_range", self.block(b.get("body"), line), line, var=self.name_of(b.get("varno"))
        )

    def _fors(self, b: dict[str, Any], line: int) -> pt.Node:
        var = self.targets(b.get("var"))
        return pt.Loop(
            "for_query",
            self.block(b.get("body"), line),
            line,
            header=_query(b.get("query")),
            var=var[0] if var else None,
        )

    def _forc(self, b: dict[str, Any], line: int) -> pt.Node:
        var = self.targets(b.get("var"))
        cursor = self.name_of(b.get("curvar"))
        return pt.Loop(
            "for_cursor",
            self.block(b.get("body"), line),
            line,
            header=cursor,
            var=var[0] if var else None,
        )

    def _dynfors(self, b: dict[str, Any], line: int) -> pt.Node:
        var = self.targets(b.get("var"))
        return pt.Loop(
            "for_dynamic",
            self.block(b.get("body"), line),
            line,
            header=_query(b.get("query")),
            var=var[0] if var else None,
        )

    def _exit(self, b: dict[str, Any], line: int) -> pt.Node:
        kind = "exit" if b.get("is_exit", False) else "continue"
        return pt.Jump(kind, line, when=_query(b.get("cond")), label=b.get("label"))

    def _return(self, b: dict[str, Any], line: int) -> pt.Node:
        return pt.Return(_query(b.get("expr")), line)

    def _return_next(self, b: dict[str, Any], line: int) -> pt.Node:
        return ReturnNext(_query(b.get("expr")), line)

    def _return_query(self, b: dict[str, Any], line: int) -> pt.Node:
        q = _query(b.get("query"))
        if q is None:
            return pt.Dynamic(_query(b.get("dynquery")) or "", line)
        return ReturnNext(f"QUERY {q}", line)

    def _raise(self, b: dict[str, Any], line: int) -> pt.Node:
        level = int(b.get("elog_level", ERROR_LEVEL))
        if level >= ERROR_LEVEL:
            return pt.Raise("RAISE EXCEPTION", line)
        return pt.Block(line=line)

    def _dynexecute(self, b: dict[str, Any], line: int) -> pt.Node:
        return pt.Dynamic(
            _query(b.get("query")) or "",
            line,
            into=self.targets(b.get("target")) if b.get("into") else [],
            using=[q for p in b.get("params") or [] if (q := _query(p)) is not None],
        )

    def _getdiag(self, b: dict[str, Any], line: int) -> pt.Node:
        items = [i.get("PLpgSQL_diag_item", {}) for i in b.get("diag_items") or []]
        blk = pt.Block(line=line)
        for i in items:
            if i.get("kind") == "ROW_COUNT":
                blk.items.append(pt.Assign(self.name_of(i.get("target")), "__wd_row_count", line))
        return blk

    def _open(self, b: dict[str, Any], line: int) -> pt.Node:
        return pt.Open(self.name_of(b.get("curvar")), line, query=_query(b.get("query")))

    def _fetch(self, b: dict[str, Any], line: int) -> pt.Node:
        return pt.Fetch(self.name_of(b.get("curvar")), self.targets(b.get("target")), line)


def _query(node: Any) -> str | None:
    if not isinstance(node, dict):
        return None
    expr = node.get("PLpgSQL_expr")
    if not isinstance(expr, dict):
        return None
    q = expr.get("query")
    return str(q) if q is not None else None


def convert(tree: list[dict[str, Any]]) -> pt.Block:
    """The first function of a parse_plpgsql result as a statement tree."""
    for item in tree:
        fn = item.get("PLpgSQL_function")
        if isinstance(fn, dict):
            return PlpgsqlConverter(fn).convert(fn)
    return pt.Block()
