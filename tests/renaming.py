"""Mechanical, consistent renaming of every identifier a scenario defines.

Why: the detector must decide by structure (triggers, bodies, data flow, channels), not
by names such as ``hsi_referral_log``. `rename_scenario` rewrites a live PostgreSQL
scenario so that every schema, relation, column, routine, parameter, variable, trigger,
rule and other named object it defines gets a meaningless name, while the file stays a
valid database and every piece of evidence that is *not* a name (comments, COMMENT ON
text, recipients, provenance values, hosts) stays byte-for-byte identical.

How: the PostgreSQL scanner (`pglast.parser.scan`) gives exact token boundaries, so only
identifier tokens are replaced and everything between tokens (layout, comments) is kept.
The parser decides what the file defines, and whether a *keyword* token (a column called
``name``, ``at``, ``month``) is used as an identifier: the token is replaced by its quoted
form and the statement re-parsed; an unchanged parse tree proves it was an identifier.
Renaming is by name, so a name gets one new name wherever it is used (joins on
same-named columns still line up, aliases that happen to share a defined name follow).
Function bodies, EXECUTE strings, stored queries (SQL or JSON-with-SQL kept as data) and
cron commands are rewritten recursively with the same machinery.

Known limitations (what may survive, or be renamed although it is not a name):

* renaming is by name, not by resolved object: a column and a variable (or a table and a
  column) that share a name share one new name, named after the kind defined first; a
  defined name that also denotes something the file does not define (a remote column in
  dblink SQL, a JSON key, a NOTIFY channel equal to a function name, an FDW
  ``table_name`` option, a data value exactly equal to a defined name) is renamed too;
* names inside PL/Python or other non-SQL bodies, and inside E'' strings containing
  backslash escapes, are left alone;
* a keyword-named identifier inside a dynamic-SQL *fragment* that does not parse on its
  own (``' WHERE name = $1'``) is recognised by a neighbourhood heuristic only;
* objects created only by dynamic SQL inside a PL/pgSQL body (``EXECUTE 'CREATE TABLE
  ...'``) are not collected as definitions; CTE names, aliases, roles and extensions keep
  their names (the brief makes them optional);
* built-in functions and types are recognised from fixed lists: a defined name equal to a
  built-in outside those lists could be renamed where the built-in is meant;
* pg_cron's ``cron`` schema, ``cron.job``, its columns and functions created in ``cron``
  keep their names, so a user column sharing a ``cron.job`` column name keeps it inside
  statements that use ``cron.job`` (it is renamed everywhere else, including the job's
  command text).
"""

from __future__ import annotations

import json
import random
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pglast
from pglast import keywords as pg_keywords
from pglast import parser as pg_parser

STYLES = ("neutral", "random", "quoted")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


KIND_PREFIX = {
    "schema": "s",
    "relation": "t",
    "column": "c",
    "function": "f",
    "variable": "v",
    "trigger": "g",
    "rule": "r",
    "other": "o",
}

CRON_SCHEMA = "cron"
CRON_TABLE = "job"
CRON_COLUMNS = _words("jobid schedule command nodename nodeport database username active jobname")
SYSTEM_SCHEMAS = frozenset({"pg_catalog", "information_schema", "pg_toast", CRON_SCHEMA})

# Names a body sees without declaring them; never user definitions.
IMPLICIT_NAMES = _words(
    "new old found tg_name tg_when tg_level tg_op tg_relid tg_relname tg_table_name "
    "tg_table_schema tg_nargs tg_argv tg_event tg_tag sqlstate sqlerrm public pg_catalog "
    "information_schema"
)

BUILTIN_TYPES = _words(
    "bigint int8 bigserial serial8 bit varbit boolean bool box bytea char character varchar "
    "cidr circle date double float8 float4 real inet integer int int4 int2 smallint "
    "smallserial serial serial4 serial2 interval json jsonb line lseg macaddr money numeric "
    "decimal path point polygon text time timetz timestamp timestamptz tsquery tsvector uuid "
    "xml name oid regclass regproc regprocedure regtype regnamespace regrole record trigger "
    "void anyelement anyarray tstzrange tsrange daterange int4range int8range numrange citext "
    "hstore event_trigger cstring internal refcursor"
)

BUILTIN_FUNCTIONS = _words(
    "now count sum avg min max coalesce nullif greatest least format concat concat_ws lower "
    "upper length left right substr substring replace trim btrim ltrim rtrim position strpos "
    "split_part string_agg array_agg array_length unnest json_build_object jsonb_build_object "
    "json_build_array jsonb_build_array to_json to_jsonb row_to_json json_agg jsonb_agg "
    "jsonb_set jsonb_object_agg json_object_agg pg_notify current_setting set_config "
    "current_database current_user session_user current_date current_timestamp "
    "clock_timestamp statement_timestamp date_trunc date_part extract to_char to_date "
    "to_timestamp to_number age md5 encode decode quote_ident quote_literal quote_nullable "
    "dblink dblink_exec dblink_connect dblink_send_query dblink_open http http_get http_post "
    "http_put http_request random round floor ceil abs exists generate_series regexp_replace "
    "regexp_match regexp_matches array_to_string string_to_array txid_current pg_sleep "
    "row_number rank lag lead first_value cast nextval currval setval to_regclass "
    "has_table_privilege pg_advisory_lock gen_random_uuid uuid_generate_v4 timezone "
    "make_interval justify_interval bool_or bool_and every exp ln mod power sqrt translate "
    "initcap repeat reverse lpad rpad octet_length char_length convert_to convert_from "
    "pg_typeof version pg_read_file"
)

# Functions whose string arguments are units, formats, settings or patterns: data.
DATA_ARG_FUNCTIONS = _words(
    "date_trunc date_part date_bin extract to_char to_date to_timestamp to_number "
    "current_setting set_config encode decode convert convert_to convert_from to_tsvector "
    "to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery timezone "
    "regexp_replace regexp_match regexp_matches regexp_split_to_array regexp_split_to_table "
    "make_interval age justify_interval generate_series digest hmac crypt gen_salt"
)
# Functions whose string arguments are (possibly qualified) SQL names.
NAME_ARG_FUNCTIONS = _words(
    "to_regclass to_regproc to_regprocedure to_regtype to_regnamespace to_regrole "
    "has_table_privilege has_column_privilege has_schema_privilege has_function_privilege "
    "has_sequence_privilege pg_relation_size pg_total_relation_size nextval currval setval "
    "pg_get_serial_sequence pg_get_viewdef"
)
REG_TYPES = _words(
    "regclass regproc regprocedure regtype regnamespace regrole regoper regoperator "
    "regconfig regdictionary regcollation"
)
TYPED_LITERAL_PREFIXES = _words(
    "interval date time timestamp timestamptz timetz json jsonb numeric inet cidr uuid bool "
    "boolean int integer bigint smallint text varchar char point xml tsquery tsvector money "
    "bytea float real double precision zone"
)
# Tokens after which a name is a language, extension or wrapper, never a user object.
NAME_OF_BUILTIN_AFTER = frozenset({"LANGUAGE", "EXTENSION", "WRAPPER"})

ALL_KEYWORDS = frozenset(
    pg_keywords.RESERVED_KEYWORDS
    | pg_keywords.UNRESERVED_KEYWORDS
    | pg_keywords.COL_NAME_KEYWORDS
    | pg_keywords.TYPE_FUNC_NAME_KEYWORDS
)

_SQL_START = re.compile(
    r"^\s*(?:\(\s*)*(SELECT|INSERT|UPDATE|DELETE|WITH|CALL|VACUUM|ANALYZE|ANALYSE|COPY|"
    r"TRUNCATE|REFRESH|MERGE|PERFORM|CREATE|ALTER|DROP|GRANT|REVOKE|NOTIFY|DO|TABLE|VALUES|"
    r"EXPLAIN|LOCK|CLUSTER|REINDEX)\b",
    re.IGNORECASE,
)
_DML_START = re.compile(
    r"^\s*(?:\(\s*)*(SELECT|INSERT|UPDATE|DELETE|WITH|CALL|COPY|TRUNCATE|MERGE|REFRESH|"
    r"VACUUM|ANALYZE)\b",
    re.IGNORECASE,
)
_FORMAT_SPEC = re.compile(r"%[ILs]")
_FORMAT_MASK = {"%I": "_I", "%L": "''", "%s": "_s"}
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_SIMPLE_IDENT = re.compile(r"[a-z_][a-z0-9_$]*")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")
_DOTTED = re.compile(r'(?:"(?:[^"]|"")+"|[^."\s]+)(?:\.(?:"(?:[^"]|"")+"|[^."\s]+))+')
_SCENARIO_LINE = re.compile(r"^--\s*scenario:")
_EXPECT_LINE = re.compile(r"^(--\s*expect:[^@]*@)(.*?)(\r?\n?)$")
_BREAKERS = frozenset({",", ";", ":=", "=", "<>", "!=", "<", ">", "<=", ">=", "=>"})
_PUNCT_NAMES = _words(
    "Op TYPECAST COLON_EQUALS DOT_DOT EQUALS_GREATER NOT_EQUALS LESS_EQUALS GREATER_EQUALS"
)


def rename_scenario(sql: str, style: str = "neutral", seed: int = 0) -> tuple[str, dict[str, str]]:
    """Rename every identifier `sql` defines; return the new SQL and the old->new mapping.

    Mapping keys are identifiers as PostgreSQL stores them (unquoted names folded to
    lower case, quoted ones exactly). The `-- expect:` header is rewritten to the new
    names and `-- scenario:` lines, which describe the original names, are dropped.
    """
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; expected one of {STYLES}")
    definitions = collect_definitions(sql)
    mapping = _assign_names(definitions, style, seed, {w.lower() for w in _WORD.findall(sql)})
    kinds: dict[str, str] = {}
    for name, kind in definitions:
        kinds.setdefault(name, kind)
    renamer = _Renamer(mapping, kinds, style)
    return rewrite_header(renamer.rewrite_script(sql), mapping, kinds), dict(mapping)


# --------------------------------------------------------------------------- definitions


def collect_definitions(sql: str) -> list[tuple[str, str]]:
    """(name, kind) of every identifier the script defines, in file order, duplicates kept.

    Definitions come from the parse tree, never from name patterns, so a table is found
    however it is spelled; PL/pgSQL variables come from the PL/pgSQL parser.
    """
    found: list[tuple[str, str]] = []
    try:
        tree = json.loads(pg_parser.parse_sql_json(sql))
    except pg_parser.ParseError:
        tree = json.loads(pg_parser.parse_sql_json(_mask_format(sql)))
    for raw in tree.get("stmts", []):
        start, end = _stmt_span(raw, sql)
        _definitions_in_statement(raw["stmt"], sql[start:end], found)
    return [(n, k) for n, k in found if n and n.lower() not in IMPLICIT_NAMES]


def _definitions_in_statement(
    stmt: dict[str, Any], text: str, found: list[tuple[str, str]]
) -> None:
    """Definitions of one top-level statement, including routine variables and stored SQL."""
    if _is_cron_statement(stmt):
        _cron_job_names(stmt, found)
        for sql in _string_constants(stmt):
            _definitions_in_text(sql, found)
        return
    for node_type, node in _walk(stmt):
        _definitions_of_node(node_type, node, found)
        if node_type == "FuncCall":
            _cron_schedule_name(node, found)
    for node_type, node in _walk(stmt):
        if node_type in ("CreateFunctionStmt", "DoStmt"):
            found.extend((n, "variable") for n in _plpgsql_variables(node_type, node, text))
    for sql in _string_constants(stmt):
        _definitions_in_text(sql, found)


def _definitions_in_text(value: str, found: list[tuple[str, str]]) -> None:
    """Stored SQL (cron commands, saved queries, JSON-held SQL) may define objects too."""
    for text in _sql_texts_in_value(value):
        try:
            found.extend(collect_definitions(text))
        except pg_parser.ParseError:
            continue


def _sql_texts_in_value(value: str) -> Iterator[str]:
    """The SQL statements held in a string value, directly or as JSON string values."""
    if _looks_like_json(value):
        for match in _JSON_STRING.finditer(value):
            yield from _sql_texts_in_value(json.loads(match.group(0)))
    elif _SQL_START.match(value) and _parses(value):
        yield value


_SIMPLE_DEFS: dict[str, tuple[str, str]] = {
    "CreateSchemaStmt": ("schemaname", "schema"),
    "ColumnDef": ("colname", "column"),
    "Constraint": ("conname", "other"),
    "CreateTrigStmt": ("trigname", "trigger"),
    "CreateEventTrigStmt": ("trigname", "trigger"),
    "TriggerTransition": ("name", "other"),
    "RuleStmt": ("rulename", "rule"),
    "IndexStmt": ("idxname", "other"),
    "CreatePublicationStmt": ("pubname", "other"),
    "CreateForeignServerStmt": ("servername", "other"),
    "CreateSubscriptionStmt": ("subname", "other"),
    "CreatePolicyStmt": ("policy_name", "other"),
    "RenameStmt": ("newname", "other"),
}


def _definitions_of_node(
    node_type: str, node: dict[str, Any], found: list[tuple[str, str]]
) -> None:
    """The names one parse-tree node defines (it may define several: a view and its columns)."""
    if node_type in _SIMPLE_DEFS:
        key, kind = _SIMPLE_DEFS[node_type]
        found.append((node.get(key, ""), kind))
    elif node_type == "CreateStmt":
        found.append((node["relation"]["relname"], "relation"))
    elif node_type == "CreateForeignTableStmt":
        found.append((node["base"]["relation"]["relname"], "relation"))
    elif node_type == "CreateSeqStmt":
        found.append((node["sequence"]["relname"], "relation"))
    elif node_type == "ViewStmt":
        found.append((node["view"]["relname"], "relation"))
        found.extend((s, "column") for s in _strings(node.get("aliases", [])))
        found.extend((s, "column") for s in _output_names(node.get("query", {})))
    elif node_type == "CreateTableAsStmt":
        found.append((node["into"]["rel"]["relname"], "relation"))
        found.extend((s, "column") for s in _strings(node["into"].get("colNames", [])))
        found.extend((s, "column") for s in _output_names(node.get("query", {})))
    elif node_type == "CompositeTypeStmt":
        found.append((node["typevar"]["relname"], "other"))
    elif node_type in ("CreateEnumStmt", "CreateRangeStmt"):
        found.append((_strings(node.get("typeName", []))[-1], "other"))
    elif node_type == "CreateDomainStmt":
        found.append((_strings(node.get("domainname", []))[-1], "other"))
    elif node_type == "CreateFunctionStmt":
        found.append((_strings(node["funcname"])[-1], "function"))
        for param in node.get("parameters", []):
            found.append((param["FunctionParameter"].get("name", ""), "variable"))


def _output_names(query: dict[str, Any]) -> list[str]:
    """Column labels a view's query gives its output (`AS month`): they are view columns."""
    select = query.get("SelectStmt", {})
    while "larg" in select:
        select = select["larg"]
    return [
        t["ResTarget"]["name"] for t in select.get("targetList", []) if "name" in t["ResTarget"]
    ]


def _is_cron_statement(stmt: dict[str, Any]) -> bool:
    """Statements that build pg_cron's schema, job table or functions (scenarios stand them
    in when the extension is absent), or fill the job table: those names are pg_cron's."""
    if any(
        rel.get("schemaname") == CRON_SCHEMA and rel.get("relname") == CRON_TABLE
        for rel in _relations(stmt)
    ):
        return True
    if stmt.get("CreateSchemaStmt", {}).get("schemaname") == CRON_SCHEMA:
        return True
    routine = stmt.get("CreateFunctionStmt", {})
    return _strings(routine.get("funcname", []))[:1] == [CRON_SCHEMA]


def _relations(obj: Any) -> Iterator[dict[str, Any]]:
    """Every RangeVar of a tree (libpg_query omits the type wrapper on typed fields)."""
    if isinstance(obj, dict):
        if "relname" in obj:
            yield obj
        for value in obj.values():
            yield from _relations(value)
    elif isinstance(obj, list):
        for item in obj:
            yield from _relations(item)


def _cron_job_names(stmt: dict[str, Any], found: list[tuple[str, str]]) -> None:
    """Job names inserted into cron.job(jobname ...) are named objects of the scenario."""
    insert = stmt.get("InsertStmt")
    if not insert:
        return
    cols = [c["ResTarget"].get("name") for c in insert.get("cols", [])]
    if "jobname" not in cols:
        return
    index = cols.index("jobname")
    for row in insert.get("selectStmt", {}).get("SelectStmt", {}).get("valuesLists", []):
        items = row["List"]["items"]
        if index < len(items) and "sval" in items[index].get("A_Const", {}):
            found.append((items[index]["A_Const"]["sval"]["sval"], "other"))


def _cron_schedule_name(node: dict[str, Any], found: list[tuple[str, str]]) -> None:
    """`cron.schedule('name', 'when', 'command')` names a job with a string literal."""
    name = _strings(node.get("funcname", []))
    args = node.get("args", [])
    if name[:1] != [CRON_SCHEMA] or name[-1] not in ("schedule", "schedule_in_database"):
        return
    if len(args) >= 3 and "sval" in args[0].get("A_Const", {}):
        found.append((args[0]["A_Const"]["sval"]["sval"], "other"))


def _plpgsql_variables(node_type: str, node: dict[str, Any], text: str) -> list[str]:
    """Declared variables, loop variables and labels of a PL/pgSQL routine or DO block."""
    options = node.get("options" if node_type == "CreateFunctionStmt" else "args", [])
    language = _defelem(options, "language") or "plpgsql"
    body = _defelem(options, "as")
    if language.lower() != "plpgsql" or body is None:
        return []
    wrapper = text if node_type == "CreateFunctionStmt" else _do_wrapper(body)
    try:
        tree = pglast.parse_plpgsql(wrapper)
    except pg_parser.ParseError:
        return _declared_by_regex(body)
    names: list[str] = []
    for node_key, value in _walk(tree):
        if node_key in ("PLpgSQL_var", "PLpgSQL_rec") and "lineno" in value:
            names.append(value["refname"])
        elif node_key == "PLpgSQL_stmt_block" and "label" in value:
            names.append(value["label"])
    return [
        n
        for n in dict.fromkeys(names)
        if not n.startswith(("(", "__Case__Variable_")) and n != "*internal*"
    ]


def _declared_by_regex(body: str) -> list[str]:
    """Fallback when the PL/pgSQL parser rejects a body: names at the start of DECLARE lines."""
    match = re.search(r"\bDECLARE\b(.*?)\bBEGIN\b", body, re.IGNORECASE | re.DOTALL)
    if not match:
        return []
    return [m.lower() for m in re.findall(r"(?:^|;)\s*([A-Za-z_]\w*)\s", match.group(1))]


def _defelem(options: list[dict[str, Any]], name: str) -> str | None:
    """The string value of a DefElem option (`language`, `as`) of a routine or DO block."""
    for option in options:
        elem = option.get("DefElem", {})
        if elem.get("defname") == name:
            arg = elem.get("arg", {})
            if "String" in arg:
                return str(arg["String"]["sval"])
            if "List" in arg:
                return str(arg["List"]["items"][0]["String"]["sval"])
    return None


def _string_constants(stmt: dict[str, Any]) -> Iterator[str]:
    """Every string literal of a statement (where cron commands and saved queries live)."""
    for node_type, node in _walk(stmt):
        if node_type == "A_Const" and "sval" in node:
            yield str(node["sval"]["sval"])


def _walk(obj: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(type, fields) of every typed node of a libpg_query JSON tree, depth first."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key[:1].isupper() and isinstance(value, dict):
                yield key, value
            yield from _walk(value)
    elif isinstance(obj, list):
        for item in obj:
            yield from _walk(item)


def _strings(items: list[dict[str, Any]]) -> list[str]:
    return [str(i["String"]["sval"]) for i in items if "String" in i]


def _stmt_span(raw: dict[str, Any], text: str) -> tuple[int, int]:
    """Character span of a parsed statement (libpg_query reports UTF-8 byte offsets)."""
    data = text.encode()
    start = raw.get("stmt_location", 0)
    length = raw.get("stmt_len", 0)
    end = start + length if length else len(data)
    return len(data[:start].decode()), len(data[:end].decode())


# --------------------------------------------------------------------------- new names


def _assign_names(
    definitions: list[tuple[str, str]], style: str, seed: int, taken: set[str]
) -> dict[str, str]:
    """One fresh name per distinct defined identifier; the first definition's kind wins.

    Fresh names avoid every word of the file (so they cannot capture a kept name),
    every SQL keyword and the built-ins we know.
    """
    rng = random.Random(seed)
    counters = dict.fromkeys(KIND_PREFIX.values(), 0)
    used = set(taken)
    mapping: dict[str, str] = {}
    for name, kind in definitions:
        if name in mapping:
            continue
        prefix = KIND_PREFIX[kind]
        while True:
            counters[prefix] += 1
            candidate = _candidate(prefix, counters[prefix], style, rng)
            low = candidate.lower()
            if low not in used and low not in ALL_KEYWORDS and low not in BUILTIN_FUNCTIONS:
                break
        used.add(candidate.lower())
        mapping[name] = candidate
    return mapping


def _candidate(prefix: str, number: int, style: str, rng: random.Random) -> str:
    """A fresh name of the style: `t3`, `kx_7ab`, or mixed-case `T3Abc` (needs quoting)."""
    if style == "neutral":
        return f"{prefix}{number}"
    if style == "random":
        consonants = "bcdfghjklmnpqrstvwxz"
        head = rng.choice(consonants) + rng.choice(consonants + "aeiou")
        tail = "".join(rng.choice(string.ascii_lowercase) for _ in range(2))
        return f"{head}_{rng.randrange(10)}{tail}"
    tail = rng.choice(string.ascii_uppercase) + "".join(
        rng.choice(string.ascii_lowercase) for _ in range(2)
    )
    return f"{prefix.upper()}{number}{tail}"


# --------------------------------------------------------------------------- header


def rewrite_header(sql: str, mapping: dict[str, str], kinds: dict[str, str]) -> str:
    """Point `-- expect:` names at the new names; drop `-- scenario:` prose lines."""
    out = []
    for line in sql.splitlines(keepends=True):
        if _SCENARIO_LINE.match(line):
            continue
        match = _EXPECT_LINE.match(line)
        if match:
            names = [_header_name(n.strip(), mapping, kinds) for n in match.group(2).split("|")]
            line = f"{match.group(1)} {' | '.join(names)}{match.group(3)}"
        out.append(line)
    return "".join(out)


_KIND_ORDER = ("trigger", "function", "relation", "rule", "other", "schema", "column", "variable")


def _header_name(name: str, mapping: dict[str, str], kinds: dict[str, str]) -> str:
    """The new name for an expected artifact name: exact, then case-insensitive, then the
    renamed identifier that contains it (expect names match artifacts by substring)."""
    if name in mapping:
        return mapping[name]
    lowered = {k.lower(): k for k in mapping}
    if name.lower() in lowered:
        return mapping[lowered[name.lower()]]
    if "." in name and all(p in mapping for p in name.split(".")):
        return ".".join(mapping[p] for p in name.split("."))
    holders = [k for k in mapping if name.lower() in k.lower()]
    if not holders:
        return name
    best = min(holders, key=lambda k: (_KIND_ORDER.index(kinds.get(k, "other")), len(k)))
    return mapping[best]


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Tok:
    """A scanner token: kind is ident, keyword, reserved, string, punct or other."""

    start: int
    end: int  # exclusive
    kind: str
    text: str
    sym: str  # punctuation text or upper-case keyword; empty otherwise


def _tokens(text: str) -> list[_Tok]:
    """Code tokens of `text` (comments dropped: they are kept verbatim between tokens)."""
    out = []
    for tok in pg_parser.scan(text):
        raw = text[tok.start : tok.end + 1]
        if tok.name in ("SQL_COMMENT", "C_COMMENT"):
            continue
        if tok.name == "IDENT":
            out.append(_Tok(tok.start, tok.end + 1, "ident", raw, ""))
        elif tok.name == "SCONST":
            out.append(_Tok(tok.start, tok.end + 1, "string", raw, ""))
        elif tok.name.startswith("ASCII_") or tok.name in _PUNCT_NAMES:
            out.append(_Tok(tok.start, tok.end + 1, "punct", raw, raw))
        elif tok.kind == "RESERVED_KEYWORD":
            out.append(_Tok(tok.start, tok.end + 1, "reserved", raw, raw.upper()))
        elif tok.kind != "NO_KEYWORD":
            out.append(_Tok(tok.start, tok.end + 1, "keyword", raw, raw.upper()))
        else:
            out.append(_Tok(tok.start, tok.end + 1, "other", raw, ""))
    return out


def _ident_value(tok: _Tok) -> str | None:
    """The identifier a name token denotes (case-folded unless quoted)."""
    if tok.kind == "ident":
        if tok.text.startswith('"'):
            return tok.text[1:-1].replace('""', '"')
        if tok.text[:2].upper() == "U&":
            return None
        return tok.text.lower()
    if tok.kind in ("keyword", "reserved"):
        return tok.text.lower()
    return None


def _sym(toks: list[_Tok], i: int) -> str:
    """Punctuation or keyword at `i`; "^" before the first token, "$" after the last."""
    if i < 0:
        return "^"
    return toks[i].sym if i < len(toks) else "$"


@dataclass
class _Chain:
    """String literals joined by `||` at one nesting level: pieces of one assembled text."""

    members: list[int] = field(default_factory=list)
    concat: bool = False


@dataclass
class _Literal:
    """Where a string literal sits: innermost call and argument, dynamic-SQL context."""

    call: str | None
    arg: int
    in_execute: bool
    chain: _Chain


@dataclass
class _Layout:
    """What a single left-to-right pass over a token stream learns about its structure."""

    literals: dict[int, _Literal] = field(default_factory=dict)
    option_names: set[int] = field(default_factory=set)


@dataclass
class _Frame:
    call: str | None
    arg: int = 0
    chain: _Chain | None = None
    pending: bool = False


def _layout(toks: list[_Tok], plpgsql: bool) -> _Layout:
    """Calls, argument positions, OPTIONS lists, EXECUTE extents and `||` chains."""
    layout = _Layout()
    stack = [_Frame(None)]
    execute_base: int | None = None
    for i, tok in enumerate(toks):
        top = stack[-1]
        if tok.sym == "(":
            stack.append(_Frame(_call_name(toks, i)))
        elif tok.sym == ")" and len(stack) > 1:
            stack.pop()
        elif tok.kind == "string":
            _join_chain(top, i)
            in_exec = execute_base is not None and all(f.call is None for f in stack[execute_base:])
            assert top.chain is not None
            layout.literals[i] = _Literal(top.call, top.arg, in_exec, top.chain)
        elif tok.sym == "||":
            top.chain = top.chain or _Chain()
            top.chain.concat = top.pending = True
        elif tok.sym in _BREAKERS or tok.kind == "reserved" or tok.sym == "LOOP":
            top.chain, top.pending = None, False
            top.arg += tok.sym == ","
        if top.call == "options" and _sym(toks, i - 1) in ("(", ",", "ADD", "SET", "DROP"):
            layout.option_names.add(i)
        if plpgsql and tok.sym == "EXECUTE":
            execute_base = len(stack)
        elif len(stack) == execute_base and tok.sym in (";", "INTO", "USING"):
            execute_base = None
    return layout


def _join_chain(frame: _Frame, index: int) -> None:
    """Attach a literal to the `||` chain it continues, or start a new chain with it."""
    if frame.chain is not None and frame.pending:
        frame.chain.members.append(index)
    else:
        frame.chain = _Chain([index])
    frame.pending = False


def _call_name(toks: list[_Tok], paren: int) -> str | None:
    """Lower-case (qualified) name of the function whose argument list opens at `paren`."""
    prev = paren - 1
    if prev < 0 or toks[prev].kind not in ("ident", "keyword"):
        return None
    name = _ident_value(toks[prev]) or ""
    if _sym(toks, prev - 1) == "." and prev >= 2:
        return f"{_ident_value(toks[prev - 2])}.{name}"
    return name


# --------------------------------------------------------------------------- literals


@dataclass(frozen=True)
class _Quoted:
    """A decoded string literal and how to write new content back in the same quoting."""

    content: str
    prefix: str
    tag: str | None  # dollar-quote tag, None for '...' literals

    def encode(self, content: str) -> str:
        """Re-quote new content; a dollar tag that now occurs inside it is replaced."""
        if self.tag is None:
            return self.prefix + "'" + content.replace("'", "''") + "'"
        tag = self.tag
        n = 0
        while tag in content:
            n += 1
            tag = f"$q{n}$"
        return f"{tag}{content}{tag}"


def _decode(raw: str) -> _Quoted | None:
    """Decode a string token; None for forms we leave alone (escapes, continuations)."""
    if raw.startswith("$"):
        tag = raw[: raw.index("$", 1) + 1]
        return _Quoted(raw[len(tag) : -len(tag)], "", tag)
    prefix = raw[: raw.find("'")]
    if prefix.upper() not in ("", "E", "N") or not raw.endswith("'"):
        return None
    inner = raw[len(prefix) + 1 : -1]
    if "'" in inner.replace("''", "") or (prefix.upper() == "E" and "\\" in inner):
        return None
    return _Quoted(inner.replace("''", "'"), prefix, None)


def _mask_format(text: str) -> str:
    """Make format() templates parseable (`%I` -> `_I`) without moving any offset."""
    return _FORMAT_SPEC.sub(lambda m: _FORMAT_MASK[m.group(0)], text)


def _parses(text: str) -> bool:
    try:
        return bool(json.loads(pg_parser.parse_sql_json(_mask_format(text))).get("stmts"))
    except pg_parser.ParseError:
        return False


def _looks_like_json(text: str) -> bool:
    if not text.lstrip().startswith(("{", "[")):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _do_wrapper(body: str) -> str:
    return f"CREATE FUNCTION probe_do() RETURNS void LANGUAGE plpgsql AS {_Quoted('', '', '$$').encode(body)}"


# --------------------------------------------------------------------------- probing


def _strip_locations(obj: Any) -> Any:
    """Offsets differ between a probe variant and the original; only structure matters."""
    if isinstance(obj, dict):
        return {
            k: _strip_locations(v)
            for k, v in obj.items()
            if not k.endswith("location") and k != "stmt_len"
        }
    if isinstance(obj, list):
        return [_strip_locations(v) for v in obj]
    return obj


def _canon_sql(text: str) -> str:
    """Location-free parse tree: equal for two texts that differ only in quoting a name."""
    tree = json.loads(pg_parser.parse_sql_json(_mask_format(text)))
    return json.dumps(_strip_locations(tree), sort_keys=True)


def _canon_plpgsql(text: str) -> str:
    """Like `_canon_sql` for a routine: embedded queries compared by their parse trees."""
    tree = pglast.parse_plpgsql(text)

    def canon(obj: Any) -> Any:
        if isinstance(obj, dict):
            if "PLpgSQL_expr" in obj:
                return _canon_expr(obj["PLpgSQL_expr"])
            return {k: canon(v) for k, v in obj.items() if k != "lineno"}
        if isinstance(obj, list):
            return [canon(v) for v in obj]
        return obj

    return json.dumps(canon(tree), sort_keys=True)


def _canon_expr(expr: dict[str, Any]) -> str:
    """An embedded PL/pgSQL expression as a parse tree (assignments: folded target + value)."""
    query = str(expr.get("query", ""))
    mode = int(expr.get("parseMode", 0))
    try:
        if mode == 0:
            return _canon_sql(query)
        if mode >= 3 and ":=" in query:
            target, value = query.split(":=", 1)
            folded = [_ident_value(t) or t.text for t in _tokens(target)]
            return json.dumps(folded) + _canon_sql("SELECT " + value)
        return _canon_sql("SELECT " + query)
    except pg_parser.ParseError:
        return "unparsed:" + query


@dataclass
class _Unit:
    """A token stream to rewrite and how to tell whether a keyword in it is a name.

    `canon(variant)` maps a variant of `probe_text` to a comparable parse; None means no
    parser applies (a fragment of dynamic SQL) and a neighbourhood heuristic decides.
    """

    text: str
    probe_text: str
    canon: Callable[[str], str] | None
    plpgsql: bool = False
    body_index: int | None = None
    body_rewriter: Callable[[str], str] | None = None
    baseline: str | None = None
    comment: bool = False

    def is_identifier(self, toks: list[_Tok], i: int) -> bool:
        """A keyword token is a name iff quoting it leaves the parse unchanged."""
        tok = toks[i]
        if self.canon is None:
            return _keyword_heuristic(toks, i)
        value = _ident_value(tok) or ""
        quoted = '"' + value.replace('"', '""') + '"'
        variant = self.probe_text[: tok.start] + quoted + self.probe_text[tok.end :]
        try:
            if self.baseline is None:
                self.baseline = self.canon(self.probe_text)
            return self.canon(variant) == self.baseline
        except pg_parser.ParseError:
            return False


_LEFT_OF_NAME = frozenset(
    {",", "(", "=", "<>", "!=", "<", ">", "<=", ">=", "SELECT", "WHERE", "AND", "OR", "BY"}
    | {"SET", "ON", "DISTINCT", "RETURNING", "AS"}
)
_RIGHT_OF_NAME = frozenset(
    {",", ")", "=", "<>", "!=", "<", ">", "<=", ">=", "::", ";", "$", "FROM", "AND", "OR"}
    | {"IS", "IN", "ASC", "DESC", "WHERE", "GROUP", "ORDER", "LIMIT"}
)


def _keyword_heuristic(toks: list[_Tok], i: int) -> bool:
    """Whether a keyword in an unparseable fragment stands where a name would."""
    prev, nxt = _sym(toks, i - 1), _sym(toks, i + 1)
    if prev == "." or nxt == ".":
        return True
    return prev in _LEFT_OF_NAME and nxt in _RIGHT_OF_NAME


# --------------------------------------------------------------------------- rewriting


class _Renamer:
    """Applies one old->new mapping to SQL scripts, bodies, fragments and values."""

    def __init__(self, mapping: dict[str, str], kinds: dict[str, str], style: str) -> None:
        self.mapping = mapping
        self.kinds = kinds
        self.style = style
        self.functions = {n for n, k in kinds.items() if k == "function"}

    def emit(self, value: str, was_quoted: bool = False) -> str:
        """How a renamed identifier is written in SQL code."""
        new = self.mapping[value]
        if self.style == "quoted" or was_quoted or not _SIMPLE_IDENT.fullmatch(new):
            return '"' + new.replace('"', '""') + '"'
        return new

    def rewrite_script(self, text: str) -> str:
        """Statements of a script, each with a parser-backed probe; the rest kept verbatim."""
        masked = _mask_format(text)
        try:
            tree = json.loads(pg_parser.parse_sql_json(masked))
        except pg_parser.ParseError:
            return self.rewrite_code(_Unit(text, masked, None))
        out, pos = [], 0
        for raw in tree.get("stmts", []):
            start, end = _stmt_span(raw, text)
            out += [text[pos:start], self._rewrite_statement(text[start:end], raw["stmt"])]
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def _rewrite_statement(self, text: str, stmt: dict[str, Any]) -> str:
        """One statement; a routine's body is handed to the PL/pgSQL or SQL rewriter."""
        unit = _Unit(text, _mask_format(text), _canon_sql)
        toks = _tokens(text)
        unit.comment = bool(toks) and toks[0].sym == "COMMENT"
        node_type = next(iter(stmt))
        if node_type in ("CreateFunctionStmt", "DoStmt"):
            self._attach_body(unit, toks, stmt[node_type], node_type)
        return self.rewrite_code(unit, toks)

    def _attach_body(
        self, unit: _Unit, toks: list[_Tok], node: dict[str, Any], node_type: str
    ) -> None:
        """Find the body literal of a routine and how to rewrite (and probe) its content."""
        options = node.get("options" if node_type == "CreateFunctionStmt" else "args", [])
        body = _defelem(options, "as")
        language = (_defelem(options, "language") or "plpgsql").lower()
        if body is None or language not in ("plpgsql", "sql"):
            return
        for i, tok in enumerate(toks):
            quoted = _decode(tok.text) if tok.kind == "string" else None
            if quoted is not None and _mask_format(quoted.content) == body:
                unit.body_index = i
                break
        if unit.body_index is None:
            return
        if language == "sql":
            unit.body_rewriter = self.rewrite_script
            return
        body_tok = toks[unit.body_index]

        def wrap(variant: str) -> str:
            if node_type == "DoStmt":
                return _do_wrapper(variant)
            dollar = _Quoted("", "", "$$").encode(variant)
            return unit.text[: body_tok.start] + dollar + unit.text[body_tok.end :]

        def rewrite_body(content: str) -> str:
            probe = _Unit(content, content, lambda v: _canon_plpgsql(wrap(v)), plpgsql=True)
            return self.rewrite_code(probe)

        unit.body_rewriter = rewrite_body

    def rewrite_code(self, unit: _Unit, toks: list[_Tok] | None = None) -> str:
        """Replace identifier tokens and rewrite literals; keep every other character."""
        if toks is None:
            try:
                toks = _tokens(unit.text)
            except pg_parser.ParseError:
                return unit.text
        layout = _layout(toks, unit.plpgsql)
        cron = any(
            _ident_value(toks[i]) == CRON_SCHEMA
            and _sym(toks, i + 1) == "."
            and _ident_value(toks[i + 2]) == CRON_TABLE
            for i in range(len(toks) - 2)
        )
        out, pos = [], 0
        for i, tok in enumerate(toks):
            if tok.kind == "string":
                new = self._literal(unit, toks, i, layout)
            else:
                new = self._name(unit, toks, i, layout, cron)
            if new is not None and new != tok.text:
                out += [unit.text[pos : tok.start], new]
                pos = tok.end
        out.append(unit.text[pos:])
        return "".join(out)

    def _name(
        self, unit: _Unit, toks: list[_Tok], i: int, layout: _Layout, cron: bool
    ) -> str | None:
        """New text for a name token, or None to keep it."""
        tok = toks[i]
        value = _ident_value(tok)
        if value is None or value not in self.mapping or tok.kind == "other":
            return None
        if self._kept(toks, i, value, layout, cron):
            return None
        if tok.kind == "reserved" and _sym(toks, i - 1) != ".":
            return None
        if tok.kind != "ident" and not unit.is_identifier(toks, i):
            return None
        return self.emit(value, tok.text.startswith('"'))

    def _kept(self, toks: list[_Tok], i: int, value: str, layout: _Layout, cron: bool) -> bool:
        """Name tokens that denote something the file does not define."""
        prev, nxt = _sym(toks, i - 1), _sym(toks, i + 1)
        if prev == "." and i >= 2 and _ident_value(toks[i - 2]) in SYSTEM_SCHEMAS:
            return True
        if cron and value in CRON_COLUMNS | {CRON_TABLE}:
            return True
        if i in layout.option_names or prev in NAME_OF_BUILTIN_AFTER:
            return True
        if prev == "%" and toks[i - 1].end == toks[i].start and toks[i].text in ("I", "L", "s"):
            return True
        if nxt == "(" and prev != "." and value in BUILTIN_FUNCTIONS:
            return value not in self.functions
        return value in BUILTIN_TYPES and _type_position(toks, i)

    # ----------------------------------------------------------------------- literals

    def _literal(self, unit: _Unit, toks: list[_Tok], i: int, layout: _Layout) -> str | None:
        """New text for a string literal, or None to keep it (it is evidence, not a name)."""
        quoted = _decode(toks[i].text)
        if quoted is None:
            return None
        if i == unit.body_index and unit.body_rewriter is not None:
            return quoted.encode(unit.body_rewriter(quoted.content))
        role = self._literal_role(unit, toks, i, layout.literals[i])
        if role == "data":
            return None
        content = quoted.content
        if role == "fragment":
            new = self.rewrite_code(_Unit(content, _mask_format(content), None, plpgsql=False))
        elif role == "value":
            new = self.rename_value(content, sql_name=False)
        elif role == "name":
            new = self.rename_value(content, sql_name=True)
        else:
            new = self.rewrite_value(content)
        return quoted.encode(new)

    def _literal_role(self, unit: _Unit, toks: list[_Tok], i: int, lit: _Literal) -> str:
        """data | value | name | fragment | sniff: what the literal's content is."""
        prev = toks[i - 1] if i else None
        if unit.comment:
            return "data"
        typed = prev is not None and (_ident_value(prev) or "") in TYPED_LITERAL_PREFIXES
        if typed and _sym(toks, i - 2) not in (".", "::"):
            return "data"
        if _sym(toks, i + 1) == "::" and _ident_value(toks[min(i + 2, len(toks) - 1)]) in REG_TYPES:
            return "name"
        call = (lit.call or "").rsplit(".", 1)[-1]
        if call in DATA_ARG_FUNCTIONS:
            return "data"
        if call == "format":
            return "sniff" if lit.arg == 0 else "value"
        if call == "quote_ident":
            return "value"
        if call in NAME_ARG_FUNCTIONS:
            return "name"
        if lit.in_execute or self._sql_chain(toks, lit.chain):
            return "fragment"
        return "sniff"

    def _sql_chain(self, toks: list[_Tok], chain: _Chain) -> bool:
        """A `||` chain is assembled SQL when one of its pieces starts like a statement."""
        if not chain.concat and len(chain.members) < 2:
            return False
        for index in chain.members:
            quoted = _decode(toks[index].text)
            if quoted is not None and _DML_START.match(quoted.content):
                return True
        return False

    def rewrite_value(self, content: str) -> str:
        """A string value of unknown role: JSON, stored SQL, a bare name, or plain data."""
        if _looks_like_json(content):

            def one(match: re.Match[str]) -> str:
                value = json.loads(match.group(0))
                new = self.rewrite_value(value)
                return match.group(0) if new == value else json.dumps(new, ensure_ascii=False)

            return _JSON_STRING.sub(one, content)
        if _SQL_START.match(content) and _parses(content):
            return self.rewrite_script(content)
        return self.rename_value(content, sql_name=False)

    def rename_value(self, content: str, sql_name: bool) -> str:
        """A literal that is exactly a renamed identifier or a dotted name of them.

        A single name is written raw (format's %I or quote_ident quote it later); a dotted
        name, or one read by a name parser (::regclass), is written as SQL would spell it.
        """
        if content in self.mapping:
            return self.emit(content) if sql_name else self.mapping[content]
        if not _DOTTED.fullmatch(content):
            return content
        parts = re.findall(r'"(?:[^"]|"")+"|[^."]+', content)
        values = [p[1:-1].replace('""', '"') if p.startswith('"') else p for p in parts]
        if not all(v in self.mapping for v in values):
            return content
        return ".".join(self.emit(v, p.startswith('"')) for v, p in zip(values, parts, strict=True))


def _type_position(toks: list[_Tok], i: int) -> bool:
    """Whether a built-in type name stands where a type is expected (not a column)."""
    prev = _sym(toks, i - 1)
    if prev in ("::", "RETURNS", "SETOF", "CONSTANT", "%"):
        return True
    if i >= 1 and toks[i - 1].kind in ("ident", "keyword"):
        return _sym(toks, i - 2) in ("(", ",", ";", "DECLARE", "^")
    return False
