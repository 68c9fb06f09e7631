"""SQL text utilities shared by the sources and the analysis: statement splitting,
comments, and the column types that hold text. Defined once, so that a live scan and a
dump scan treat `varchar(n)` the same way."""

from __future__ import annotations

import re

import sqlglot
from sqlglot.errors import SqlglotError

TEXT_TYPES = frozenset(
    {
        "text",
        "character varying",
        "varchar",
        "character",
        "char",
        "bpchar",
        "citext",
        "name",
        "nvarchar",
        "nchar",
        "varchar2",
        "nvarchar2",
        "clob",
        "nclob",
        "ntext",
        "tinytext",
        "mediumtext",
        "longtext",
        "string",
    }
)
JSON_TYPES = frozenset({"json", "jsonb"})


def base_type(type_: str) -> str:
    """`character varying(40)` → `character varying`; `VARCHAR2(10 CHAR)` → `varchar2`."""
    return type_.split("(")[0].strip().lower().strip('"[]`')


def is_text_type(type_: str) -> bool:
    return base_type(type_) in TEXT_TYPES


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
        end = tok.end
    if start is not None:
        out.append((text[start : end + 1], text.count("\n", 0, start) + 1))
    return out


_COMMENT = re.compile(r"--([^\n]*)|/\*(.*?)\*/", re.DOTALL)
_STRING = re.compile(r"'(?:[^']|'')*'|\$([A-Za-z_]*)\$.*?\$\1\$", re.DOTALL)


def code_comments(body: str) -> list[tuple[str, int]]:
    """Comments in code with their line (1-based), skipping text inside string literals."""
    out: list[tuple[str, int]] = []
    blanked = _STRING.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)
    for m in _COMMENT.finditer(blanked):
        text = (m.group(1) if m.group(1) is not None else m.group(2) or "").strip()
        if text:
            out.append((body[m.start() : m.end()].strip(), blanked.count("\n", 0, m.start()) + 1))
    return out
