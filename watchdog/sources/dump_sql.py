"""Inventory of SQL Server, Oracle and MySQL/MariaDB schema dumps, through sqlglot's
dialects. Object headers (CREATE TRIGGER … ON … AFTER …) are read from their tokens
where sqlglot falls back to an opaque command; bodies go to the procedural reader in
`watchdog.analysis.parse`, and what stays opaque is reported as a coverage gap.
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from watchdog.model import (
    Artifact,
    ArtifactKind,
    Column,
    Gap,
    Inventory,
    JobDetails,
    Param,
    RelationDetails,
    RoutineDetails,
    Target,
    TriggerDetails,
)
from watchdog.policy import Policy
from watchdog.sources.dump_data import TableData, view_columns
from watchdog.sqltext import split_statements

LANGUAGE = {"tsql": "tsql", "oracle": "plsql", "mysql": "mysql"}
SQLGLOT = {"tsql": "tsql", "oracle": "oracle", "mysql": "mysql"}
DEFAULT_SCHEMA = {"tsql": "dbo", "oracle": "", "mysql": ""}

_NAME = r"((?:\[[^\]]+\]|`[^`]+`|\"[^\"]+\"|[\w$#@]+)(?:\s*\.\s*(?:\[[^\]]+\]|`[^`]+`|\"[^\"]+\"|[\w$#@]+)){0,2})"
_CREATE = (
    r"^\s*CREATE\s+(?:OR\s+(?:REPLACE|ALTER)\s+)?"
    r"(?:(?:DEFINER\s*=\s*\S+|ALGORITHM\s*=\s*\w+|SQL\s+SECURITY\s+\w+|EDITIONABLE|NONEDITIONABLE|FORCE"
    r"|NO\s+FORCE)\s+)*"
)
_TSQL_TRIGGER = re.compile(
    _CREATE + r"TRIGGER\s+" + _NAME + r"\s+ON\s+" + _NAME + r"\s+(?:WITH\s+[\w\s,]+?\s+)?"
    r"(AFTER|FOR|INSTEAD\s+OF)\s+([\w\s,]+?)\s+(?:NOT\s+FOR\s+REPLICATION\s+)?AS\s+(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ROW_TRIGGER = re.compile(
    _CREATE
    + r"TRIGGER\s+"
    + _NAME
    + r"\s+(BEFORE|AFTER|INSTEAD\s+OF)\s+(.+?)\s+ON\s+"
    + _NAME
    + r"(.*?)(?=\bFOR\s+EACH\s+ROW\b|\bDECLARE\b|\bBEGIN\b|\bWHEN\b|\bCALL\b|\bFOLLOWS\b|\bPRECEDES\b)(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ROUTINE = re.compile(
    _CREATE + r"(PROC|PROCEDURE|FUNCTION)\s+" + _NAME + r"(.*)$", re.IGNORECASE | re.DOTALL
)
_PACKAGE_BODY = re.compile(
    _CREATE + r"PACKAGE\s+BODY\s+" + _NAME + r"\s+(?:AS|IS)\s+(.*)$", re.IGNORECASE | re.DOTALL
)
_VIEW = re.compile(
    _CREATE
    + r"(MATERIALIZED\s+)?VIEW\s+"
    + _NAME
    + r"(?:\s*\([^)]*\))?\s+(?:WITH\s+\w+\s+)?AS\s+(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_EVENT = re.compile(
    _CREATE
    + r"EVENT\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    + _NAME
    + r"\s+ON\s+SCHEDULE\s+(.*?)\s+DO\s+(.*)$",
    re.IGNORECASE | re.DOTALL,
)
# SSMS scripts a column default apart from its table:
# ALTER TABLE [dbo].[t] ADD CONSTRAINT [DF_t_c] DEFAULT ('HSI NY') FOR [c]
_ADD_DEFAULT = re.compile(
    r"^\s*ALTER\s+TABLE\s+" + _NAME + r"\s+ADD\s+(?:CONSTRAINT\s+\S+\s+)?DEFAULT\s+(.*?)\s+FOR\s+"
    r"(\[[^\]]+\]|\"[^\"]+\"|\w+)\s*;?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_PARAM = re.compile(r"@(\w+)\s*=\s*N?'((?:[^']|'')*)'", re.IGNORECASE)
_KWARG = re.compile(r"(\w+)\s*=>\s*'((?:[^']|'')*)'", re.IGNORECASE)
_ORACLE_COMMENT = re.compile(
    r"^\s*COMMENT\s+ON\s+(TABLE|COLUMN)\s+" + _NAME + r"\s+IS\s+'((?:[^']|'')*)'",
    re.IGNORECASE | re.DOTALL,
)


def _split_name(raw: str, dialect: str) -> tuple[str, str]:
    parts = [p.strip().strip('[]`"') for p in re.split(r"\s*\.\s*", raw.strip())]
    if len(parts) == 1:
        return DEFAULT_SCHEMA[dialect], parts[0]
    return parts[-2], parts[-1]


def batches(text: str, dialect: str) -> list[tuple[str, int]]:
    """Top-level pieces: GO batches (T-SQL), `/` blocks (Oracle), DELIMITER-aware (MySQL)."""
    out: list[tuple[str, int]] = []
    lines = text.splitlines()
    buf: list[str] = []
    start = 1
    delimiter = ";"

    def flush(n: int) -> None:
        nonlocal buf, start
        piece = "\n".join(buf)
        if piece.strip():
            out.append((piece, start))
        buf, start = [], n + 1

    for n, line in enumerate(lines, 1):
        if dialect == "tsql" and re.fullmatch(r"\s*GO\s*(?:\d+)?\s*;?\s*", line, re.IGNORECASE):
            flush(n)
            continue
        if dialect == "oracle" and re.fullmatch(r"\s*/\s*", line):
            flush(n)
            continue
        if dialect == "mysql":
            m = re.fullmatch(r"\s*DELIMITER\s+(\S+)\s*", line, re.IGNORECASE)
            if m:
                flush(n)
                delimiter = m.group(1)
                continue
            if delimiter != ";" and line.rstrip().endswith(delimiter):
                buf.append(line.rstrip()[: -len(delimiter)])
                flush(n)
                continue
        buf.append(line)
    flush(len(lines))
    return out


_OBJECT_HEAD = re.compile(
    _CREATE + r"(TRIGGER|PROC|PROCEDURE|FUNCTION|PACKAGE|EVENT|TYPE\s+BODY)\b", re.IGNORECASE
)


def statements(text: str, dialect: str) -> list[tuple[str, int]]:
    """Statements of a dump; a routine or trigger body is kept whole."""
    out: list[tuple[str, int]] = []
    if dialect == "mysql":
        # mysqldump hides CREATE TRIGGER/EVENT/VIEW inside versioned comments: /*!50003 CREATE*/
        text = _VERSIONED.sub(lambda m: m.group(1), text)
    for batch, line in batches(text, dialect):
        stripped, offset = _lead(batch)
        if _OBJECT_HEAD.match(stripped):
            out.append((stripped, line + offset))
            continue
        pieces = split_statements(stripped, SQLGLOT[dialect])
        # an object definition after plain statements in the same batch keeps its whole body
        for piece, pline in pieces:
            piece, poff = _lead(piece)
            if _OBJECT_HEAD.match(piece):
                out.append((stripped[stripped.find(piece) :], line + offset + pline - 1 + poff))
                break
            out.append((piece, line + offset + pline - 1 + poff))
    return out


_VERSIONED = re.compile(r"/\*!\d*\s?(.*?)\*/", re.DOTALL)
_LEAD = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)+", re.DOTALL)


def _lead(text: str) -> tuple[str, int]:
    """Text without leading blank lines and comments, and how many lines were dropped."""
    m = _LEAD.match(text)
    if not m:
        return text, 0
    return text[m.end() :], text[: m.end()].count("\n")


class SqlDumpReader:
    def __init__(self, dialect: str, name: str, policy: Policy) -> None:
        self.dialect = dialect
        self.policy = policy
        self.inv = Inventory(target=Target(name=name, dialect=dialect, server_version="dump"))
        self.rel: dict[tuple[str, str], Artifact] = {}
        self.data: list[TableData] = []
        self.jobs: dict[str, Artifact] = {}
        self.current_job: str | None = None

    def read(self, text: str) -> Inventory:
        for stmt, line in statements(text, self.dialect):
            try:
                self.statement(stmt.strip(), line)
            except (SqlglotError, ValueError, IndexError) as exc:
                self._gap(
                    stmt,
                    f"statement not understood: {str(exc).splitlines()[0] if str(exc) else exc}",
                )
        return self.inv

    def _gap(self, stmt: str, reason: str) -> None:
        head = re.sub(r"N?'(?:[^']|'')*'", "'…'", " ".join(stmt.split()))[:60]
        self.inv.gaps.append(
            Gap(
                Artifact(kind=ArtifactKind.DUMP_STATEMENT, schema="", name=head),
                reason,
                "check the statement; the rest of the dump was read",
            )
        )

    def statement(self, stmt: str, line: int) -> None:
        d = self.dialect
        lang = LANGUAGE[d]
        if m := _TSQL_TRIGGER.match(stmt) if d == "tsql" else None:
            schema, name = _split_name(m.group(1), d)
            tschema, table = _split_name(m.group(2), d)
            self._trigger(
                schema,
                name,
                f"{tschema}.{table}" if tschema else table,
                m.group(3),
                m.group(4),
                m.group(5),
                stmt,
                lang,
            )
        elif m := _ROW_TRIGGER.match(stmt) if d != "tsql" else None:
            schema, name = _split_name(m.group(1), d)
            tschema, table = _split_name(m.group(4), d)
            when, body = _row_trigger_body(m.group(6))
            self._trigger(
                schema or tschema,
                name,
                f"{tschema}.{table}" if tschema else table,
                m.group(2),
                re.sub(r"\bOF\b.*", "", m.group(3), flags=re.IGNORECASE | re.DOTALL),
                body,
                stmt,
                lang,
                when=when,
            )
        elif m := _PACKAGE_BODY.match(stmt):
            self._package(m.group(1), m.group(2), lang)
        elif m := _ROUTINE.match(stmt):
            schema, name = _split_name(m.group(2), d)
            is_fn = m.group(1).upper() == "FUNCTION"
            params = routine_params(m.group(3), d)
            self.inv.artifacts.append(
                Artifact(
                    kind=ArtifactKind.FUNCTION if is_fn else ArtifactKind.PROCEDURE,
                    schema=schema,
                    name=name,
                    language=lang,
                    body=_routine_body(m.group(3)),
                    details=RoutineDetails(
                        args=", ".join(f"{p.name} {p.type}".strip() for p in params),
                        params=params,
                        source="dump",
                    ),
                )
            )
        elif m := _VIEW.match(stmt):
            schema, name = _split_name(m.group(2), d)
            art = Artifact(
                kind=ArtifactKind.MATERIALIZED_VIEW if m.group(1) else ArtifactKind.VIEW,
                schema=schema,
                name=name,
                body=m.group(3).strip().rstrip(";"),
                language="sql",
            )
            art.columns = view_columns(
                art.body or "",
                SQLGLOT[d],
                lambda db, n: self.rel.get(((db or DEFAULT_SCHEMA[d]).lower(), n.lower())),
            )
            self.rel[(schema.lower(), name.lower())] = art
            self.inv.artifacts.append(art)
        elif m := _EVENT.match(stmt):
            schema, name = _split_name(m.group(1), d)
            self.inv.artifacts.append(
                Artifact(
                    kind=ArtifactKind.SCHEDULED_JOB,
                    schema=schema,
                    name=name,
                    language=lang,
                    body=_strip_block(m.group(3)),
                    details=JobDetails(schedule=" ".join(m.group(2).split()), source="event"),
                )
            )
        elif re.match(r"^\s*CREATE\s+(?:GLOBAL\s+TEMPORARY\s+)?TABLE\b", stmt, re.IGNORECASE):
            self._table(stmt)
        elif m := _ORACLE_COMMENT.match(stmt):
            self._comment(m.group(1).upper(), m.group(2), m.group(3).replace("''", "'"))
        elif "DBMS_SCHEDULER" in stmt.upper():
            self._exec(stmt, lang)
        elif _exec_starts(stmt):
            # SSMS job scripts wrap their EXEC calls in transactions and IF/GOTO error handling
            cuts = _exec_starts(stmt)
            for a, b in zip(cuts, [*cuts[1:], len(stmt)], strict=True):
                chunk = stmt[a:b]
                if chunk:
                    self._exec(chunk, lang)
        elif m := _ADD_DEFAULT.match(stmt):
            self._default(m.group(1), m.group(3), m.group(2))
        elif re.match(r"^\s*INSERT\s+(?:INTO\s+)?[\w\[\]`\".]+\s*\(", stmt, re.IGNORECASE):
            self._insert(stmt)
        elif re.match(_CREATE + r"(?:PACKAGE|TYPE)\s+(?!BODY\b)", stmt, re.IGNORECASE):
            pass  # a package or type specification declares; its body holds the logic
        elif _OBJECT_HEAD.match(stmt) or re.match(
            r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\b", stmt, re.I
        ):
            self._gap(stmt, "object definition not understood; it was not inventoried")

    # -- objects ----------------------------------------------------------------------------
    def _trigger(
        self,
        schema: str,
        name: str,
        table: str,
        timing: str,
        events: str,
        body: str,
        stmt: str,
        lang: str,
        when: str | None = None,
    ) -> None:
        evs = [e.upper() for e in re.findall(r"INSERT|UPDATE|DELETE", events, re.IGNORECASE)]
        timing = "AFTER" if timing.upper() == "FOR" else " ".join(timing.upper().split())
        level = (
            "ROW"
            if re.search(r"FOR\s+EACH\s+ROW", stmt, re.IGNORECASE) or self.dialect == "mysql"
            else "STATEMENT"
        )
        self.inv.artifacts.append(
            Artifact(
                kind=ArtifactKind.TRIGGER,
                schema=schema,
                name=name,
                table=table,
                language=lang,
                body=_strip_block(body),
                details=TriggerDetails(
                    timing=timing,
                    events=evs,
                    level=level,
                    definition=" ".join(stmt.split())[:300],
                    when=when,
                ),
            )
        )

    def _package(self, raw: str, body: str, lang: str) -> None:
        _, pkg = _split_name(raw, self.dialect)
        # the package's own END closes the last routine's text
        body = re.sub(r"\bEND\s*(?:\w+\s*)?;?\s*$", "", body.rstrip(), flags=re.IGNORECASE)
        parts = re.split(r"(?im)^\s*(PROCEDURE|FUNCTION)\s+([\w$#]+)", body)
        for i in range(1, len(parts) - 2, 3):
            is_fn = parts[i].upper() == "FUNCTION"
            params = routine_params(parts[i + 2], self.dialect)
            self.inv.artifacts.append(
                Artifact(
                    kind=ArtifactKind.FUNCTION if is_fn else ArtifactKind.PROCEDURE,
                    schema=pkg,
                    name=parts[i + 1],
                    language=lang,
                    body=_routine_body(parts[i + 2]),
                    details=RoutineDetails(
                        args=", ".join(f"{p.name} {p.type}".strip() for p in params),
                        params=params,
                        package=pkg,
                    ),
                )
            )

    def _table(self, stmt: str) -> None:
        try:
            tree = sqlglot.parse_one(stmt, read=SQLGLOT[self.dialect])
        except SqlglotError:
            tree = None
        if not isinstance(tree, exp.Create) or not isinstance(tree.this, exp.Schema):
            # storage clauses sqlglot does not know (TEXTIMAGE_ON, TABLESPACE, ENGINE=…) are dropped
            try:
                tree = sqlglot.parse_one(_trim_storage(stmt), read=SQLGLOT[self.dialect])
            except SqlglotError:
                tree = None
        if not isinstance(tree, exp.Create) or not isinstance(tree.this, exp.Schema):
            self._gap(stmt, "CREATE TABLE not understood")
            return
        t = tree.this.this
        if not isinstance(t, exp.Table):
            return
        schema = t.db or DEFAULT_SCHEMA[self.dialect]
        cols, pkey = [], []
        for col in tree.this.expressions:
            if isinstance(col, exp.ColumnDef):
                kind = col.args.get("kind")
                default = comment = None
                for c in col.constraints:
                    ck = c.args.get("kind")
                    if isinstance(ck, exp.PrimaryKeyColumnConstraint):
                        pkey.append(col.name)
                    elif isinstance(ck, exp.DefaultColumnConstraint):
                        default = ck.this.sql(dialect="postgres") if ck.this is not None else None
                    elif isinstance(ck, exp.CommentColumnConstraint):
                        comment = (
                            str(ck.this.this) if isinstance(ck.this, exp.Literal) else ck.this.sql()
                        )
                type_ = kind.sql(dialect="postgres").lower() if kind else ""
                cols.append(Column(col.name, type_, comment, default))
            elif isinstance(col, exp.PrimaryKey):
                pkey += [e.name for e in col.expressions]
        m = re.search(
            r"\)\s*[^()]*?\bCOMMENT\s*=?\s*'((?:[^']|'')*)'[^()]*$", stmt, re.IGNORECASE | re.DOTALL
        )
        art = Artifact(
            kind=ArtifactKind.TABLE,
            schema=schema,
            name=t.name,
            columns=cols,
            details=RelationDetails(primary_key=pkey),
            comment=m.group(1).replace("''", "'") if m else None,
        )
        self.rel[(schema.lower(), t.name.lower())] = art
        self.inv.artifacts.append(art)

    def _default(self, raw: str, column: str, expr: str) -> None:
        schema, name = _split_name(raw, self.dialect)
        art = self.rel.get((schema.lower(), name.lower()))
        if art is None:
            return
        col = column.strip('[]"`').lower()
        value = re.sub(r"^\(+|\)+$", "", expr.strip())
        value = re.sub(r"^N'", "'", value)
        art.columns = [
            Column(c.name, c.type, c.comment, value) if c.name.lower() == col else c
            for c in art.columns
        ]

    def _comment(self, what: str, raw: str, text: str) -> None:
        parts = [p.strip('"') for p in raw.split(".")]
        if what == "TABLE":
            schema, name = (
                (parts[-2] if len(parts) > 1 else DEFAULT_SCHEMA[self.dialect]),
                parts[-1],
            )
            art = self.rel.get((schema.lower(), name.lower()))
            if art is not None:
                art.comment = text
        elif len(parts) >= 2:
            schema = parts[-3] if len(parts) > 2 else DEFAULT_SCHEMA[self.dialect]
            art = self.rel.get((schema.lower(), parts[-2].lower()))
            if art is not None:
                art.columns = [
                    Column(c.name, c.type, text, c.default)
                    if c.name.lower() == parts[-1].lower()
                    else c
                    for c in art.columns
                ]

    def _exec(self, stmt: str, lang: str) -> None:
        low = stmt.lower()
        params = {k.lower(): v.replace("''", "'") for k, v in _PARAM.findall(stmt)}
        if re.search(r"\bsp_add_job\b", low) and params.get("job_name"):
            self.current_job = params["job_name"]
        elif "sp_add_jobstep" in low and params.get("command"):
            job = params.get("job_name") or self.current_job or params.get("job_id") or "job"
            step = params.get("step_name") or params.get("step_id") or "step"
            art = Artifact(
                kind=ArtifactKind.SCHEDULED_JOB,
                schema="msdb",
                name=f"{job}/{step}",
                language=lang,
                body=params["command"],
                table="msdb.dbo.sysjobsteps",
                details=JobDetails(job=job, source="sql_agent"),
            )
            self.jobs.setdefault(job.lower(), art)
            self.inv.artifacts.append(art)
        elif ("sp_add_jobschedule" in low or "sp_add_schedule" in low) and params.get("job_name"):
            job_art = self.jobs.get(params["job_name"].lower())
            if job_art is not None and isinstance(job_art.details, JobDetails):
                job_art.details.schedule = ", ".join(
                    f"{k}={v}" for k, v in params.items() if k.startswith(("freq", "active"))
                )
        elif "sp_addextendedproperty" in low and params.get("value"):
            level1 = params.get("level1name")
            level2 = params.get("level2name")
            schema = params.get("level0name", "dbo")
            if level1:
                self._comment(
                    "COLUMN" if level2 else "TABLE",
                    f"{schema}.{level1}" + (f".{level2}" if level2 else ""),
                    params["value"],
                )
        elif "dbms_scheduler.create_job" in low:
            kw = {k.lower(): v.replace("''", "'") for k, v in _KWARG.findall(stmt)}
            if kw.get("job_action"):
                self.inv.artifacts.append(
                    Artifact(
                        kind=ArtifactKind.SCHEDULED_JOB,
                        schema="",
                        name=kw.get("job_name", "job"),
                        language=lang,
                        body=kw["job_action"],
                        details=JobDetails(
                            schedule=kw.get("repeat_interval") or kw.get("start_date"),
                            source="dbms_scheduler",
                            active=str(kw.get("enabled", "TRUE")).upper() != "FALSE",
                        ),
                    )
                )

    def _insert(self, stmt: str) -> None:
        stmt = re.sub(
            r"^\s*INSERT\s+(?!INTO\b)", "INSERT INTO ", stmt, count=1, flags=re.IGNORECASE
        )
        try:
            tree = sqlglot.parse_one(stmt, read=SQLGLOT[self.dialect])
        except SqlglotError:
            return
        if not isinstance(tree, exp.Insert):
            return
        target = tree.this
        cols: list[str] = []
        if isinstance(target, exp.Schema):
            cols = [c.name for c in target.expressions]
            target = target.this
        if not isinstance(target, exp.Table):
            return
        schema = target.db or DEFAULT_SCHEMA[self.dialect]
        rel = self.rel.get((schema.lower(), target.name.lower()))
        if not cols and rel is not None:
            cols = [c.name for c in rel.columns]
        values = tree.expression
        if not isinstance(values, exp.Values):
            return
        rows = []
        for tup in values.expressions:
            row: list[str | None] = []
            for v in tup.expressions if isinstance(tup, exp.Tuple) else [tup]:
                if isinstance(v, exp.Literal | exp.National):
                    row.append(str(v.this))
                elif isinstance(v, exp.Cast) and isinstance(v.this, exp.Literal | exp.National):
                    row.append(str(v.this.this))
                else:
                    row.append(None)
            rows.append(row)
        self.data.append(TableData(schema, rel.name if rel else target.name, cols, rows))


_PARAM_TSQL = re.compile(
    r"(@[\w$#]+)\s+(?:AS\s+)?([\w.\[\]]+(?:\s*\([^)]*\))?)(\s*=\s*[^,]+)?", re.IGNORECASE
)
_PARAM_PLAIN = re.compile(
    r"^(?:(IN\s+OUT|INOUT|IN|OUT)\s+)?([\w$#\"`]+)\s+(?:(IN\s+OUT|IN|OUT)\s+)?(?:NOCOPY\s+)?"
    r"([^\s,]+(?:\s*\([^)]*\))?)(.*)$",
    re.IGNORECASE | re.DOTALL,
)


def routine_params(rest: str, dialect: str) -> list[Param]:
    """Parameters of a routine header: T-SQL `@p int = 0 OUTPUT` (with or without
    parentheses), PL/SQL `p IN NUMBER DEFAULT 5`, MySQL `IN p INT`."""
    text = rest.lstrip()
    if text.startswith("("):
        inner = text[1 : _balanced(text, 0) - 1]
    elif dialect == "tsql":
        m = re.search(r"\b(?:AS|WITH)\b", text, re.IGNORECASE)
        inner = text[: m.start()] if m else ""
    else:
        return []
    out: list[Param] = []
    for piece in _top_level_commas(inner):
        piece = piece.strip()
        if not piece:
            continue
        if dialect == "tsql" and piece.startswith("@"):
            m = _PARAM_TSQL.match(piece)
            if m:
                mode = "INOUT" if re.search(r"\bOUT(PUT)?\b", piece, re.IGNORECASE) else "IN"
                out.append(Param(m.group(1), m.group(2), mode, bool(m.group(3))))
            continue
        m = _PARAM_PLAIN.match(piece)
        if m:
            mode = " ".join((m.group(1) or m.group(3) or "IN").upper().split())
            mode = "INOUT" if mode in ("IN OUT", "INOUT") else mode
            default = bool(re.search(r"\bDEFAULT\b|:=", m.group(5) or "", re.IGNORECASE))
            out.append(Param(m.group(2).strip('"`'), m.group(4), mode, default))
    return out


def _top_level_commas(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _trim_storage(stmt: str) -> str:
    """The CREATE TABLE up to its closing parenthesis, without storage options."""
    depth = 0
    for i, ch in enumerate(stmt):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                body = stmt[: i + 1]
                # Oracle exports: VARCHAR2(10 BYTE), NOT NULL ENABLE, USING INDEX … inside constraints
                body = re.sub(r"\((\d+)\s+(?:BYTE|CHAR)\)", r"(\1)", body, flags=re.IGNORECASE)
                body = re.sub(
                    r"\s+(?:ENABLE|DISABLE|VALIDATE|NOVALIDATE)\b", "", body, flags=re.IGNORECASE
                )
                body = re.sub(
                    r"\bUSING\s+INDEX\b(?:\s*\([^()]*(?:\([^()]*\)[^()]*)*\))?[^,()]*",
                    "",
                    body,
                    flags=re.IGNORECASE,
                )
                # `CONSTRAINT … PRIMARY KEY CLUSTERED (…) ON [PRIMARY]` inside the column list
                body = re.sub(
                    r"\)\s*(?:WITH\s*\([^)]*\)\s*)?ON\s+\[?\w+\]?", ")", body, flags=re.IGNORECASE
                )
                return re.sub(r"\b(CLUSTERED|NONCLUSTERED)\b", "", body, flags=re.IGNORECASE)
    return stmt


def _exec_starts(stmt: str) -> list[int]:
    """Where EXEC calls start, outside string literals (a job step's @command holds EXEC too)."""
    blanked = re.sub(r"N?'(?:[^']|'')*'", lambda m: " " * len(m.group(0)), stmt)
    return [m.start() for m in re.finditer(r"\bEXEC(?:UTE)?\b", blanked, re.IGNORECASE)]


def _balanced(text: str, start: int) -> int:
    """Index just past the parenthesis group that opens at `start`."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def _row_trigger_body(rest: str) -> tuple[str | None, str]:
    """The WHEN condition of a row trigger and its body, without REFERENCING / FOR EACH
    ROW / FOLLOWS."""
    cond = ""
    while True:
        rest = rest.lstrip()
        m = re.match(
            r"(REFERENCING\b.*?(?=\bFOR\s+EACH\b|\bWHEN\b|\bDECLARE\b|\bBEGIN\b)|FOR\s+EACH\s+ROW\b|"
            r"(?:FOLLOWS|PRECEDES)\s+[\w.`\"]+)",
            rest,
            re.IGNORECASE | re.DOTALL,
        )
        if m:
            rest = rest[m.end() :]
            continue
        m = re.match(r"WHEN\s*\(", rest, re.IGNORECASE)
        if m:
            end = _balanced(rest, m.end() - 1)
            cond = rest[m.end() : end - 1]
            rest = rest[end:]
            continue
        break
    return (cond or None), rest


def _strip_block(body: str) -> str:
    return body.strip().rstrip(";").strip()


def _routine_body(rest: str) -> str:
    """The body of a routine: after its parameter list and its RETURNS/WITH/LANGUAGE clauses."""
    text = rest.lstrip()
    if text.startswith("("):
        text = text[_balanced(text, 0) :]
    m = re.match(
        r"\s*(?:RETURNS?\b.*?)?(?:WITH\b[\w\s,]*?)?\b(AS|IS)\b", text, re.IGNORECASE | re.DOTALL
    )
    if m and not re.search(r"\bBEGIN\b", text[: m.start(1)], re.IGNORECASE):
        return _strip_block(text[m.end() :])
    m = re.search(r"\bBEGIN\b.*$", text, re.IGNORECASE | re.DOTALL)
    return _strip_block(m.group(0)) if m else _strip_block(text)


def read_sql_dump(
    text: str, dialect: str, name: str, policy: Policy
) -> tuple[Inventory, list[TableData]]:
    reader = SqlDumpReader(dialect, name, policy)
    inv = reader.read(text)
    return inv, reader.data
