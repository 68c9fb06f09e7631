"""Renamed scenarios (tests/renaming.py) must stay valid databases with no old name left.

Why: the scan comparison built on `rename_scenario` proves that detection follows
structure, not names; that proof is only as good as the renaming. Each live scenario,
in each style, is loaded into a fresh database and compared with the original's catalog
shape and row counts (same objects, same trigger effects), and its parse trees are
searched for any identifier the original defined.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pglast
import psycopg
import pytest
from pglast import parser as pg_parser

from tests.conftest import OUR_SCENARIOS, SHARED_SCENARIOS, Database, Server, load_sql, requires
from tests.renaming import (
    BUILTIN_TYPES,
    CRON_COLUMNS,
    STYLES,
    collect_definitions,
    rename_scenario,
)
from tests.scenario import load

FILES = sorted(OUR_SCENARIOS.glob("*.sql")) + sorted(SHARED_SCENARIOS.glob("*.sql"))
LIVE = [p for p in FILES if load(p).dialect in (None, "postgres")]
SEED = 7

# Functions whose string arguments are units or formats, never names.
DATA_ARG_FUNCTIONS = {"date_trunc", "date_part", "to_char", "current_setting", "set_config"}

# One row per user object: kind, shape and row count, names left out on purpose.
SHAPE_SQL = """
SELECT 'rel', c.relkind::text, count(a.attnum)::text, ''
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
GROUP BY c.oid, c.relkind
UNION ALL
SELECT 'fn', p.prokind::text, p.pronargs::text, l.lanname FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND l.lanname IN ('plpgsql', 'sql')
UNION ALL
SELECT 'trigger', t.tgtype::text, t.tgnargs::text, '' FROM pg_trigger t WHERE NOT t.tgisinternal
UNION ALL
SELECT 'rule', r.ev_type::text, r.is_instead::text, '' FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class WHERE r.rulename <> '_RETURN'
  AND c.relnamespace NOT IN (SELECT oid FROM pg_namespace WHERE nspname LIKE 'pg_%')
UNION ALL
SELECT 'publication', count(*)::text, '', '' FROM pg_publication_tables
UNION ALL
SELECT 'server', count(*)::text, '', '' FROM pg_foreign_server
"""


def _id(p: Path) -> str:
    return f"{p.parent.parent.name}/{p.stem}"


def _skip_missing_extensions(sql: str, path: Path, server: Server) -> None:
    missing = [e for e in requires(sql) if e not in server.available_extensions]
    if missing:
        pytest.skip(f"{path.name} needs extension(s) {', '.join(missing)}, which the server lacks")


def _drop(server: Server, db: Database) -> None:
    with psycopg.connect(server.admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db.name}" WITH (FORCE)')


def _shape(db: Database) -> list[tuple[str, ...]]:
    """Catalog shape plus row counts of every table: equal iff the renaming kept structure
    and every trigger, rule and dynamic statement that ran at load time did the same thing."""
    with psycopg.connect(db.admin_dsn, autocommit=True) as conn:
        rows = [tuple(r) for r in conn.execute(SHAPE_SQL)]
        counts = conn.execute(
            "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n"
            " ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm')"
            " AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
        ).fetchall()
        sizes = sorted(
            str(conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0])  # type: ignore[index]
            for (name,) in counts
        )
    return [*sorted(rows), ("rows", *sizes)]


_ORIGINAL_SHAPES: dict[Path, list[tuple[str, ...]]] = {}


def _original_shape(
    path: Path, sql: str, make_db: Callable[[str], Database], server: Server
) -> list[tuple[str, ...]]:
    """The original scenario's shape, loaded once per file and shared by the three styles."""
    if path not in _ORIGINAL_SHAPES:
        db = make_db(sql)
        try:
            _ORIGINAL_SHAPES[path] = _shape(db)
        finally:
            _drop(server, db)
    return _ORIGINAL_SHAPES[path]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("path", LIVE, ids=_id)
def test_renamed_scenario_loads_with_same_shape(
    path: Path, style: str, make_db: Callable[[str], Database], pg_server: Server
) -> None:
    sql = path.read_text(encoding="utf-8")
    _skip_missing_extensions(sql, path, pg_server)
    renamed, mapping = rename_scenario(sql, style=style, seed=SEED)
    assert mapping, "a scenario always defines something"
    db = make_db("")
    try:
        try:
            load_sql(db.admin_dsn, renamed)
        except psycopg.Error as exc:
            pytest.fail(f"renamed {path.name} ({style}) does not load: {exc}\n{renamed}")
        shape = _shape(db)
    finally:
        _drop(pg_server, db)
    assert shape == _original_shape(path, sql, make_db, pg_server)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("path", LIVE, ids=_id)
def test_no_defined_identifier_survives(path: Path, style: str) -> None:
    sql = path.read_text(encoding="utf-8")
    renamed, mapping = rename_scenario(sql, style=style, seed=SEED)
    defined = {name for name, _ in collect_definitions(sql)}
    assert defined <= set(mapping)
    left = sorted(
        name
        for name in set(_code_names(renamed))
        if name in mapping or all(part in mapping for part in name.split("."))
    )
    assert not left, f"original identifiers still used as names: {left}"
    new_names = set(mapping.values())
    assert len(new_names) == len(mapping), "two identifiers got the same new name"


@pytest.mark.parametrize("path", LIVE, ids=_id)
def test_header_points_at_new_names(path: Path) -> None:
    sql = path.read_text(encoding="utf-8")
    renamed, mapping = rename_scenario(sql, seed=SEED)
    lowered = {k.lower(): v for k, v in mapping.items()}
    before, after = load(path), _scenario_from_text(renamed)
    assert [rules for rules, _ in before.expects] == [rules for rules, _ in after.expects]
    assert before.forbids == after.forbids
    for (_, old_names), (_, new_names) in zip(before.expects, after.expects, strict=True):
        for old, new in zip(old_names, new_names, strict=True):
            assert new == lowered.get(old.lower(), new), (old, new)
            if old.lower() in lowered:
                assert new != old
    assert not re.search(r"^--\s*scenario:", renamed, re.MULTILINE)


def test_styles_and_seed() -> None:
    sql = (OUR_SCENARIOS / "c19-quoted-mixed-case.sql").read_text(encoding="utf-8")
    neutral, names = rename_scenario(sql)
    assert names["Intel"] == "s1" and names["HSI_Watch"].startswith("t")
    assert names["trgBookingWatch"].startswith("g") and names["fnBookingWatch"].startswith("f")
    assert rename_scenario(sql, "random", seed=3) == rename_scenario(sql, "random", seed=3)
    assert rename_scenario(sql, "random", seed=3) != rename_scenario(sql, "random", seed=4)
    quoted, qnames = rename_scenario(sql, "quoted")
    assert all(n != n.lower() for n in qnames.values())
    for new in qnames.values():
        assert re.search(rf'(?<!"){new}(?!")', _without_comments(quoted)) is None
    with pytest.raises(ValueError):
        rename_scenario(sql, "loud")
    assert neutral != quoted


def test_evidence_literals_and_comments_kept() -> None:
    c14 = (OUR_SCENARIOS / "c14-publication-feed.sql").read_text(encoding="utf-8")
    out, _ = rename_scenario(c14, "quoted")
    assert "'Logical replication feed; subscriber is ICE HSI New York (TFO desk)'" in out
    s01 = (SHARED_SCENARIOS / "s01-doi-gang-task-force.sql").read_text(encoding="utf-8")
    out, _ = rename_scenario(s01)
    assert "DEFAULT 'HSI New York'" in out and "'po.task.force@nypd.example'" in out
    c18 = (OUR_SCENARIOS / "c18-hardcoded-ids.sql").read_text(encoding="utf-8")
    out, _ = rename_scenario(c18)
    assert "-- list provided by HSI agent, keep quiet" in out


def test_names_inside_dynamic_and_stored_sql() -> None:
    c09 = (OUR_SCENARIOS / "c09-dynamic-format.sql").read_text(encoding="utf-8")
    out, m = rename_scenario(c09)
    template = f"'SELECT 1 FROM %I.%I WHERE {m['person_id']} = $1'"
    assert f"format({template}, '{m['fedref']}', '{m['hsi_referral_log']}')" in out
    c10 = (OUR_SCENARIOS / "c10-dynamic-concat.sql").read_text(encoding="utf-8")
    out, m = rename_scenario(c10, "quoted")
    assert f"""FROM "{m["lists"]}".' || '"{m["cbp_lookouts"]}"' || ' WHERE "{m["sid"]}" """ in out
    c26 = (OUR_SCENARIOS / "c26-stored-query-json.sql").read_text(encoding="utf-8")
    out, m = rename_scenario(c26)
    assert f"FROM {m['cadx']}.{m['event_persons']} WHERE {m['created']}::date" in out
    assert "'Hourly subject contacts'" in out and "interval ''1 hour''" in out
    c40 = (OUR_SCENARIOS / "c40-benign-legal-aid-immigration-counts.sql").read_text(
        encoding="utf-8"
    )
    out, m = rename_scenario(c40)
    assert "date_trunc('month'" in out and f"AS {m['month']}" in out


# --------------------------------------------------------------------------- helpers


def _scenario_from_text(text: str) -> Any:
    """Header of renamed SQL through the same parser the scan comparison uses."""
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False, encoding="utf-8") as fh:
        fh.write(text)
    try:
        return load(Path(fh.name))
    finally:
        Path(fh.name).unlink()


def _without_comments(sql: str) -> str:
    out, pos = [], 0
    for tok in pg_parser.scan(sql):
        if tok.name in ("SQL_COMMENT", "C_COMMENT"):
            out.append(sql[pos : tok.start])
            pos = tok.end + 1
    return "".join(out) + sql[pos:]


def _code_names(sql: str) -> Iterator[str]:
    """Every name the parser sees in code: statements, routine bodies, PL/pgSQL variables,
    stored SQL in string literals; plus literals that are exactly a name (or dotted names).
    pg_cron's own job-table names are skipped in the statements that use that table."""
    tree = json.loads(pg_parser.parse_sql_json(sql))
    data = sql.encode()
    for raw in tree.get("stmts", []):
        start = raw.get("stmt_location", 0)
        end = start + raw["stmt_len"] if raw.get("stmt_len") else len(data)
        text = data[start:end].decode()
        cron = '"cron"' in json.dumps(raw["stmt"])
        for name, in_literal in _tree_names(raw["stmt"], text):
            if in_literal or not cron or name not in CRON_COLUMNS | {"cron", "job"}:
                yield name


_NAME_FIELDS = {
    "relname",
    "schemaname",
    "colname",
    "conname",
    "trigname",
    "rulename",
    "idxname",
    "pubname",
    "servername",
    "aliasname",
    "ctename",
    "name",
    "refname",
    "label",
}

Named = Iterator[tuple[str, bool]]


def _tree_names(node: Any, stmt_text: str, data_args: bool = False, lit: bool = False) -> Named:
    """(name, found inside a string literal) for every name of a libpg_query JSON tree."""
    if isinstance(node, list):
        for item in node:
            yield from _tree_names(item, stmt_text, data_args, lit)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in _NAME_FIELDS and isinstance(value, str):
            yield value, lit
        elif key == "String":
            yield value["sval"], lit
        elif key in ("typeName", "TypeName") and _builtin_type(value):
            continue
        elif key == "A_Const":
            if "sval" in value and not data_args:
                yield from _literal_names(value["sval"]["sval"])
        elif key == "DefElem":
            arg = value.get("arg", {})
            if "String" not in arg and "List" not in arg:  # option values are data
                yield from _tree_names(arg, stmt_text, lit=lit)
        elif key in ("CreateFunctionStmt", "DoStmt"):
            yield from ((n, lit) for n in _body_names(key, value, stmt_text))
            rest = {k: v for k, v in value.items() if k not in ("options", "args")}
            yield from _tree_names(rest, stmt_text, lit=lit)
        elif key == "FuncCall":
            fname = value["funcname"][-1]["String"]["sval"]
            yield from _tree_names(value, stmt_text, fname in DATA_ARG_FUNCTIONS, lit)
        else:
            yield from _tree_names(value, stmt_text, data_args, lit)


def _builtin_type(node: Any) -> bool:
    """Built-in type references (`date`, `pg_catalog.int4`) are not names the file defines."""
    if not isinstance(node, dict):
        return False  # CREATE TYPE's own name list
    names = [n["String"]["sval"] for n in node.get("names", []) if "String" in n]
    return names[:1] == ["pg_catalog"] or (len(names) == 1 and names[0] in BUILTIN_TYPES)


def _literal_names(value: str) -> Named:
    """A literal is a name when it is exactly one (or dotted ones), or when it holds SQL."""
    if all(re.fullmatch(r"[A-Za-z_]\w*", p) for p in value.split(".")):
        yield value, True
    if re.match(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CALL|VACUUM)\b", value, re.I):
        try:
            tree = json.loads(pg_parser.parse_sql_json(value))
        except pg_parser.ParseError:
            return
        yield from _tree_names(tree, value, lit=True)
    if value.lstrip().startswith("{"):
        try:
            items = json.loads(value).values()
        except ValueError:
            return
        for item in items:
            if isinstance(item, str):
                yield from _literal_names(item)


def _body_names(key: str, node: dict[str, Any], stmt_text: str) -> Iterator[str]:
    """Names inside a routine or DO body: PL/pgSQL via its own parser, SQL bodies directly."""
    options = {
        e["DefElem"]["defname"]: e["DefElem"].get("arg", {})
        for e in node.get("options" if key == "CreateFunctionStmt" else "args", [])
    }
    body = options.get("as", {})
    body_text = body.get("String", {}).get("sval") or (
        body.get("List", {}).get("items", [{}])[0].get("String", {}).get("sval")
    )
    language = options.get("language", {}).get("String", {}).get("sval", "plpgsql")
    if not body_text:
        return
    if language == "sql":
        tree = json.loads(pg_parser.parse_sql_json(body_text))
        yield from (n for n, _ in _tree_names(tree, body_text))
    elif language == "plpgsql":
        wrapper = (
            stmt_text
            if key == "CreateFunctionStmt"
            else (
                f"CREATE FUNCTION probe() RETURNS void LANGUAGE plpgsql AS $body${body_text}$body$"
            )
        )
        yield from _plpgsql_names(pglast.parse_plpgsql(wrapper))


def _plpgsql_names(tree: Any) -> Iterator[str]:
    """Declared variable names and the names in every embedded query of a PL/pgSQL tree."""
    if isinstance(tree, list):
        for item in tree:
            yield from _plpgsql_names(item)
    elif isinstance(tree, dict):
        for key, value in tree.items():
            if key == "refname" and "lineno" in tree:
                yield value
            elif key == "PLpgSQL_expr":
                yield from _expression_names(value)
            else:
                yield from _plpgsql_names(value)


def _expression_names(expr: dict[str, Any]) -> Iterator[str]:
    """Names of one embedded PL/pgSQL query, parsed as PostgreSQL would in its parse mode."""
    query = expr["query"]
    mode = expr.get("parseMode", 0)
    if mode >= 3 and ":=" in query:
        target, query = query.split(":=", 1)
        yield from re.findall(r"[A-Za-z_]\w*", target.lower())
    text = query if mode == 0 else "SELECT " + query
    try:
        tree = json.loads(pg_parser.parse_sql_json(text))
    except pg_parser.ParseError:
        return
    yield from (n for n, _ in _tree_names(tree, text))
