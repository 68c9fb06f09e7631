"""Parsing every kind of body into Facts: SQL through sqlglot, PL/pgSQL through pglast.

A body that cannot be parsed leaves an entry in `Facts.errors`, which the engine
reports as a coverage gap; parsing never raises.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from watchdog.analysis.dynamic import fold, literal_words
from watchdog.analysis.facts import Extractor, Facts, Outbound, Site, code_comments, excerpt
from watchdog.model import Artifact
from watchdog.policy import Policy

logging.getLogger("sqlglot").setLevel(logging.ERROR)

_NOTIFY = re.compile(r"^\s*NOTIFY\s+(\"?[\w.]+\"?)(?:\s*,\s*'((?:[^']|'')*)')?", re.IGNORECASE)
_RULE = re.compile(
    r"^CREATE\s+RULE\s+.*?\s+AS\s+ON\s+\w+\s+TO\s+\S+(?:\s+WHERE\s+(?P<where>.*?))?\s+DO\s+"
    r"(?:ALSO\s+|INSTEAD\s+)?(?P<action>.*?);?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_POSITIONAL = re.compile(r"(?<![\w$])\$(\d+)\b")
_STMT_START = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|MERGE|COPY|CALL|VALUES|TABLE|NOTIFY)\b", re.I
)
_FALLBACK_READ = re.compile(
    r"\b(?:FROM|JOIN)\s+((?:\"[^\"]+\"|\w+)(?:\.(?:\"[^\"]+\"|\w+))?)", re.I
)
_FALLBACK_WRITE = re.compile(
    r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO)\s+((?:\"[^\"]+\"|\w+)(?:\.(?:\"[^\"]+\"|\w+))?)",
    re.I,
)
_ASSIGN = re.compile(r"^\s*[\w.\"]+(?:\[[^\]]*\])?\s*:?=\s*", re.DOTALL)
_SQL_STRING = re.compile(
    r"(?s)(?:\"\"\"|'''|\"|')((?:SELECT|INSERT|UPDATE|DELETE|WITH)\b.*?)(?:\"\"\"|'''|\"|')", re.I
)
_ANY_STRING = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")


def split_statements(text: str, dialect: str) -> list[tuple[str, int]]:
    """Statements of a script with the line each starts on, split on top-level semicolons."""
    if ";" not in text.rstrip().rstrip(";"):
        return [(text, 1)]
    try:
        toks = sqlglot.tokenize(text, read=dialect)
    except SqlglotError:
        return [(text, 1)]
    out: list[tuple[str, int]] = []
    start: int | None = None
    end = 0
    for tok in toks:
        if tok.token_type.name == "SEMICOLON":
            if start is not None:
                out.append((text[start : end + 1], text.count("\n", 0, start) + 1))
            start = None
            continue
        if start is None:
            start = tok.start
            # keep the leading comments of a statement out of its text
        end = tok.end
    if start is not None:
        out.append((text[start : end + 1], text.count("\n", 0, start) + 1))
    return out


class BodyParser:
    """Parses bodies of one target's artifacts into Facts."""

    def __init__(self, policy: Policy, dialect: str = "postgres") -> None:
        self.policy = policy
        self.dialect = dialect

    # -- SQL ------------------------------------------------------------------------------
    def sql(
        self, artifact: Artifact, text: str, base: int, facts: Facts, *, expression: bool = False
    ) -> None:
        ex = Extractor(artifact, self.dialect, self.policy.sink_call)
        pieces = (
            [(text, 0)]
            if expression
            else [(s, line - 1) for s, line in split_statements(text, self.dialect)]
        )
        for piece, offset in pieces:
            stmt_text = f"SELECT {piece}" if expression else piece
            line = base + offset
            m = _NOTIFY.match(stmt_text)
            if m:
                facts.outbound.append(
                    Outbound(
                        "notify", "NOTIFY", m.group(1), Site(artifact, line, excerpt(stmt_text))
                    )
                )
                continue
            try:
                # `$1+$2` trips sqlglot's tokenizer; positional parameters become plain names
                parsed = [
                    p
                    for p in sqlglot.parse(
                        _POSITIONAL.sub(r"__wd_param\1", stmt_text), read=self.dialect
                    )
                    if p is not None
                ]
            except SqlglotError as exc:
                self._fallback(ex, stmt_text, line, facts, str(exc).splitlines()[0])
                continue
            for stmt in parsed:
                if isinstance(stmt, exp.Command):
                    self._fallback(ex, stmt_text, line, facts, None)
                    continue
                ex.statement(stmt, piece, line, facts)

    def _fallback(
        self, ex: Extractor, text: str, line: int, facts: Facts, error: str | None
    ) -> None:
        """Token-level reading of what sqlglot could not parse; the rest is a coverage gap."""
        for m in _FALLBACK_READ.finditer(text):
            facts.reads.append(
                (m.group(1).replace('"', "").lower(), ex.site(text, m.group(1), line))
            )
        for m in _FALLBACK_WRITE.finditer(text):
            facts.writes.append(
                (m.group(1).replace('"', "").lower(), ex.site(text, m.group(1), line))
            )
        for name in re.findall(r"\b([\w.]+)\s*\(", text):
            facts.calls.append((name.lower(), ex.site(text, name, line)))
            kind = self.policy.sink_call(name)
            if kind:
                facts.outbound.append(Outbound(kind, name.lower(), None, ex.site(text, name, line)))
        if error:
            facts.errors.append((f"could not parse statement: {error}", ex.site(text, "", line)))

    # -- bodies by kind -------------------------------------------------------------------
    def facts(self, artifact: Artifact) -> Facts:
        facts = Facts()
        body = artifact.body or ""
        if not body.strip():
            return facts
        for text, line in code_comments(body):
            facts.comments.append((text, Site(artifact, line, excerpt(text))))
        lang = (artifact.language or "sql").lower()
        try:
            if lang in PROCEDURAL:
                self._procedural(artifact, body, facts)
            elif artifact.kind == "trigger":
                self.sql(artifact, body, 1, facts, expression=True)
            elif artifact.kind == "rule":
                self._rule(artifact, body, facts)
            elif lang == "plpgsql":
                self._plpgsql(artifact, body, facts)
            elif lang == "sql":
                self.sql(artifact, _strip_atomic(body), 1, facts)
            else:
                self._foreign_language(artifact, body, facts)
        except RecursionError:
            facts.errors.append(("body nests too deeply to analyse", Site(artifact, None, "")))
        return facts

    def _rule(self, artifact: Artifact, body: str, facts: Facts) -> None:
        m = _RULE.match(body.strip())
        if not m:
            facts.errors.append(
                ("rule definition not understood", Site(artifact, 1, excerpt(body)))
            )
            return
        if m.group("where"):
            self.sql(artifact, m.group("where"), 1, facts, expression=True)
        action = m.group("action").strip()
        if action.upper().startswith("NOTHING"):
            return
        if action.startswith("(") and action.endswith(")"):
            action = action[1:-1]
        self.sql(
            artifact, action, body[: body.find(action[:20])].count("\n") + 1 if action else 1, facts
        )

    def _foreign_language(self, artifact: Artifact, body: str, facts: Facts) -> None:
        """Python, Perl, Tcl bodies: their SQL strings and literals are what can be read."""
        for m in _SQL_STRING.finditer(body):
            self.sql(artifact, m.group(1), body.count("\n", 0, m.start()) + 1, facts)
        for m in _ANY_STRING.finditer(body):
            value = m.group(1) or m.group(2) or ""
            if value:
                facts.literals.append(
                    (value, Site(artifact, body.count("\n", 0, m.start()) + 1, excerpt(value)))
                )
                facts.dynamic.append(
                    (value, Site(artifact, body.count("\n", 0, m.start()) + 1, excerpt(value)))
                )
        facts.errors.append(
            (
                f"body in language {artifact.language} is read only through its SQL strings and literals",
                Site(artifact, None, ""),
            )
        )

    # -- T-SQL, PL/SQL, MySQL routines ---------------------------------------------------
    def _procedural(self, artifact: Artifact, body: str, facts: Facts) -> None:
        """Control flow is read from tokens; each embedded statement and condition is parsed.

        Statements sqlglot cannot parse are read by the token fallback and reported.
        """
        text = re.sub(r":(NEW|OLD)\.", r"\1.", body, flags=re.IGNORECASE)
        for m in re.finditer(r"N?'((?:[^']|'')*)'", text):
            value = m.group(1).replace("''", "'")
            if value:
                facts.literals.append(
                    (value, Site(artifact, text.count("\n", 0, m.start()) + 1, excerpt(value)))
                )
        for kind, piece, line in procedural_segments(text, self.dialect):
            if kind in ("condition", "call"):
                self.sql(artifact, piece, line, facts, expression=True)
            elif kind == "exec":
                self._exec(artifact, piece, line, facts)
            else:
                self.sql(artifact, piece, line, facts)

    def _exec(self, artifact: Artifact, text: str, line: int, facts: Facts) -> None:
        m = re.match(
            r"^\s*(?:EXEC(?:UTE)?\s*)?(?:@\w+\s*=\s*)?(\(|[\w.\[\]\"]+)", text, re.IGNORECASE
        )
        if not m:
            return
        site = Site(artifact, line, excerpt(text))
        params = {
            k.lower(): v.replace("''", "'")
            for k, v in re.findall(r"@(\w+)\s*=\s*N?'((?:[^']|'')*)'", text)
        }
        strings = [v.replace("''", "'") for v in re.findall(r"N?'((?:[^']|'')*)'", text)]
        if m.group(1) == "(":
            for value in strings:  # EXEC('dynamic sql')
                facts.dynamic.append((value, site))
                self.sql(artifact, value, line, facts)
            return
        name = m.group(1).replace("[", "").replace("]", "").replace('"', "").lower()
        facts.calls.append((name, site))
        kind = self.policy.sink_call(name)
        if kind:
            dest = (
                params.get("recipients")
                or params.get("to")
                or next((v for v in strings if "@" in v), None)
            )
            facts.outbound.append(Outbound(kind, name.rsplit(".", 1)[-1], dest, site))
        for key in ("query", "statement", "stmt", "command", "sql"):
            if params.get(key):
                self.sql(artifact, params[key], line, facts)
        if name.endswith("sp_executesql") and strings:
            self.sql(artifact, strings[0], line, facts)

    # -- PL/pgSQL -------------------------------------------------------------------------
    def _plpgsql(self, artifact: Artifact, body: str, facts: Facts) -> None:
        from pglast import parse_plpgsql
        from pglast.parser import ParseError

        kind = "PROCEDURE" if artifact.kind == "procedure" else "FUNCTION"
        args = artifact.extra.get("full_args") or artifact.extra.get("args") or ""
        result = artifact.extra.get("result") or "void"
        returns = "" if kind == "PROCEDURE" else f" RETURNS {result}"
        tag = "wd_body"
        while f"${tag}$" in body:
            tag += "_"
        # pglast resolves only pg_catalog and public types: unqualify the probe's types
        head = (
            f"CREATE {kind} wd_probe({_unqualify(args)}){_unqualify(returns)} LANGUAGE plpgsql AS "
        )
        tree = None
        error = ""
        for text in (body, _unqualify_declarations(body)):
            try:
                tree = parse_plpgsql(f"{head}${tag}${text}${tag}$")
                break
            except (ParseError, Exception) as exc:  # pglast raises its own and, rarely, others
                error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if tree is None:
            facts.errors.append(
                (f"PL/pgSQL body could not be parsed: {error}", Site(artifact, None, ""))
            )
            self.sql(artifact, body, 1, facts)
            return
        walker = _PlpgsqlWalker(self, artifact, facts)
        for fn in tree:
            node = fn.get("PLpgSQL_function", {})
            walker.constants_from(node.get("datums", []))
            walker.walk(node.get("action"), "", "", 1)


PROCEDURAL = ("tsql", "plsql", "mysql")
_CONTROL = {
    "BEGIN",
    "END",
    "IF",
    "ELSE",
    "ELSIF",
    "ELSEIF",
    "THEN",
    "LOOP",
    "WHILE",
    "DECLARE",
    "EXCEPTION",
    "RETURN",
    "TRY",
    "CATCH",
    "COMMIT",
    "ROLLBACK",
    "CASE",
    "WHEN",
    "DO",
    "FOR",
    "PRINT",
    "RAISERROR",
    "RAISE",
    "OPEN",
    "FETCH",
    "CLOSE",
    "DEALLOCATE",
    "GOTO",
    "BREAK",
    "CONTINUE",
    "NULL",
    "LEAVE",
    "ITERATE",
    "REPEAT",
    "UNTIL",
    "SIGNAL",
    "EXIT",
    "AS",
    "IS",
}
_CONDITION_START = {"IF", "WHILE", "ELSIF", "ELSEIF", "WHEN", "UNTIL", "FOR"}
_STATEMENT_START = {
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "MERGE",
    "WITH",
    "EXEC",
    "EXECUTE",
    "SET",
    "CALL",
    "TRUNCATE",
}
_WORD = re.compile(
    r"N?'(?:[^']|'')*'|\"[^\"]*\"|\[[^\]]*\]|`[^`]*`|--[^\n]*|/\*.*?\*/|[(),;]|[@:\w$#.]+|\S",
    re.DOTALL,
)


def procedural_segments(body: str, dialect: str) -> list[tuple[str, str, int]]:
    """Conditions, calls and SQL statements of a procedural body, with their lines.

    A condition runs from IF/WHILE/WHEN/FOR to THEN, LOOP, BEGIN or the next statement
    keyword at depth 0; a statement runs to `;` or the next control keyword at depth 0.
    A bare call (`pkg.proc(…)`, `UTL_MAIL.SEND(…)`, T-SQL `dbo.proc @a = 1`) and the right
    side of an assignment (`v := expr`) are read as expressions.
    """
    out: list[tuple[str, str, int]] = []
    depth = 0
    kind = ""
    start = 0

    def close(end: int) -> None:
        nonlocal kind
        if kind:
            piece = body[start:end].strip()
            if piece:
                out.append((kind, piece, body.count("\n", 0, start) + 1))
        kind = ""

    for m in _WORD.finditer(body):
        tok = m.group(0)
        if tok.startswith(("--", "/*")):
            continue
        up = tok.upper()
        if tok == "(":
            depth += 1
            continue
        if tok == ")":
            depth = max(0, depth - 1)
            continue
        if depth:
            continue
        if tok == ";":
            close(m.start())
            continue
        if kind == "condition" and (
            up in ("THEN", "BEGIN", "LOOP", "DO") or up in _STATEMENT_START
        ):
            close(m.start())
            if up not in _STATEMENT_START:
                continue
        if kind in ("statement", "exec", "call") and up in _CONTROL and up not in _INSIDE_STATEMENT:
            close(m.start())
        if (
            kind in ("statement", "exec", "call")
            and up in ("END", "ELSE")
            and not _inside_case(body[start : m.start()])
        ):
            close(m.start())
        if kind:
            continue
        rest = body[m.end() : m.end() + 40]
        if up in _CONDITION_START:
            kind, start = "condition", m.end()
        elif up in ("EXEC", "EXECUTE"):
            kind, start = "exec", m.start()
        elif up in _STATEMENT_START and up != "SET":
            kind, start = "statement", m.start()
        elif up == "SET" and dialect == "tsql" and re.match(r"\s*@\w+\s*=", rest):
            kind, start = "condition", body.index("=", m.end()) + 1  # SET @v = expr
        elif up not in _CONTROL and re.match(r"[A-Za-z_\[\"]", tok):
            if re.match(r"\s*:=", rest):
                kind, start = "condition", body.index(":=", m.end()) + 2  # v := expr
            elif re.match(r"\s*\(", rest):
                kind, start = "call", m.start()  # pkg.proc(args)
            elif dialect == "tsql" and "." in tok and re.match(r"\s*(@|;|$)", rest):
                kind, start = "exec", m.start()  # dbo.proc @a = 1 (EXEC is optional)
    close(len(body))
    return out


_INSIDE_STATEMENT = {"SET", "CASE", "WHEN", "THEN", "ELSE", "END", "IS", "AS", "NULL", "FOR"}


def _inside_case(text: str) -> bool:
    words = re.findall(r"\b(CASE|END)\b", text.upper())
    return words.count("CASE") > words.count("END")


def _strip_atomic(body: str) -> str:
    """SQL-standard bodies: BEGIN ATOMIC … END, or RETURN expr (read as a SELECT)."""
    m = re.match(r"^\s*BEGIN\s+ATOMIC\b(.*)\bEND\s*;?\s*$", body, re.IGNORECASE | re.DOTALL)
    if m:
        return m.group(1)
    return re.sub(r"^\s*RETURN\b", "SELECT", body, count=1, flags=re.IGNORECASE)


_QUALIFIED_TYPE = re.compile(r'(?<![\w."])"?[A-Za-z_]\w*"?\.("?[A-Za-z_]\w*"?)')


def _unqualify(text: str) -> str:
    """Drop schema qualifiers outside string literals (`SETOF rms.arrests` → `SETOF arrests`)."""
    parts = re.split(r"('(?:[^']|'')*')", text)
    return "".join(p if i % 2 else _QUALIFIED_TYPE.sub(r"\1", p) for i, p in enumerate(parts))


def _unqualify_declarations(body: str) -> str:
    """The same for the DECLARE section, where `r rms.arrests;` declares a row variable."""
    m = re.search(r"\bBEGIN\b", body, re.IGNORECASE)
    if not m:
        return body
    return _unqualify(body[: m.start()]) + body[m.start() :]


_DYNAMIC = {
    ("PLpgSQL_stmt_dynexecute", "query"),
    ("PLpgSQL_stmt_dynfors", "query"),
    ("PLpgSQL_stmt_return_query", "dynquery"),
    ("PLpgSQL_stmt_open", "dynquery"),
}


class _PlpgsqlWalker:
    def __init__(self, parser: BodyParser, artifact: Artifact, facts: Facts) -> None:
        self.parser = parser
        self.artifact = artifact
        self.facts = facts
        self.constants: dict[str, str] = {}

    def constants_from(self, datums: list[dict[str, Any]]) -> None:
        for d in datums:
            var = d.get("PLpgSQL_var")
            if var and var.get("default_val"):
                query = var["default_val"]["PLpgSQL_expr"]["query"]
                line = int(var.get("lineno", 1))
                self.parser.sql(self.artifact, query, line, self.facts, expression=True)
                value = self._fold(query)
                if value is not None:
                    self.constants[var["refname"].lower()] = value

    def _fold(self, query: str) -> str | None:
        try:
            node = sqlglot.parse_one(f"SELECT {query}", read="postgres")
        except SqlglotError:
            return None
        if isinstance(node, exp.Select) and len(node.expressions) == 1:
            return fold(node.expressions[0], self.constants)
        return None

    def walk(self, node: Any, stmt: str, key: str, line: int) -> None:
        if isinstance(node, list):
            for item in node:
                self.walk(item, stmt, key, line)
            return
        if not isinstance(node, dict):
            return
        for k, v in node.items():
            if k == "PLpgSQL_expr":
                self.expr(v.get("query", ""), int(v.get("parseMode", 0)), stmt, key, line)
            elif k.startswith("PLpgSQL_stmt_") and isinstance(v, dict):
                self.walk(v, k, "", int(v.get("lineno", line)))
            elif isinstance(v, dict | list):
                self.walk(v, stmt, k, line)

    def expr(self, query: str, mode: int, stmt: str, key: str, line: int) -> None:
        if (stmt, key) in _DYNAMIC:
            self.dynamic(query, line)
            return
        if stmt == "PLpgSQL_stmt_assign" and mode >= 3:
            target = re.match(r"^\s*([\w\"]+)", query)
            rhs = _ASSIGN.sub("", query, count=1)
            value = self._fold(rhs)
            if target and value is not None:
                self.constants[target.group(1).strip('"').lower()] = value
            self.parser.sql(self.artifact, rhs, line, self.facts, expression=True)
            return
        expression = stmt != "PLpgSQL_stmt_execsql" and (mode != 0 or not _STMT_START.match(query))
        self.parser.sql(self.artifact, query, line, self.facts, expression=expression)

    def dynamic(self, query: str, line: int) -> None:
        value = self._fold(query)
        if value is not None:
            self.parser.sql(self.artifact, value, line, self.facts)
            return
        try:
            node = sqlglot.parse_one(f"SELECT {query}", read="postgres")
            words = literal_words(node)
        except SqlglotError:
            words = re.findall(r"'((?:[^']|'')*)'", query)
        words += [
            v for k, v in self.constants.items() if re.search(rf"\b{re.escape(k)}\b", query, re.I)
        ]
        site = Site(self.artifact, line, excerpt("EXECUTE " + query))
        for w in words:
            self.facts.dynamic.append((w, site))
        # the expression itself may call functions or reference columns
        self.parser.sql(self.artifact, query, line, self.facts, expression=True)
