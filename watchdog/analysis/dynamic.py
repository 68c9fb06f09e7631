"""Folding dynamic SQL: `format()`, `||`, `concat()` and quote functions over literals and
constants, so that `EXECUTE format('SELECT 1 FROM %I.%I', 'intel', 'watch')` is read
as the statement it runs."""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlglot import exp

_SPEC = re.compile(r"%(?:(\d+)\$)?(-?\d*)([sIL%])")


def quote_ident(name: str) -> str:
    """PostgreSQL's quote_ident: quoted unless it is already a plain lower-case name, so
    that `format('%I', 'HSI_Watch')` names the table "HSI_Watch", not hsi_watch."""
    if re.fullmatch(r"[a-z_][a-z0-9_$]*", name):
        return name
    return '"' + name.replace('"', '""') + '"'


def apply_format(fmt: str, args: list[str]) -> str | None:
    """PostgreSQL's format(): %s, %I, %L and positional %n$ specifiers."""
    out: list[str] = []
    pos = 0
    nxt = 0
    for m in _SPEC.finditer(fmt):
        out.append(fmt[pos : m.start()])
        pos = m.end()
        kind = m.group(3)
        if kind == "%":
            out.append("%")
            continue
        index = int(m.group(1)) - 1 if m.group(1) else nxt
        nxt = index + 1
        if index >= len(args):
            return None
        value = args[index]
        if kind == "L":
            out.append("'" + value.replace("'", "''") + "'")
        elif kind == "I":
            out.append(quote_ident(value))
        else:
            out.append(value)
    out.append(fmt[pos:])
    return "".join(out)


def fold(node: exp.Expr, constants: Mapping[str, str]) -> str | None:
    """The string value of an expression when it is knowable without running it."""
    if isinstance(node, exp.Literal):
        return str(node.this)
    if isinstance(node, exp.RawString):
        return str(node.this)
    if isinstance(node, exp.Paren):
        return fold(node.this, constants)
    if isinstance(node, exp.Cast):
        return fold(node.this, constants)
    if isinstance(node, exp.Column) and not node.table:
        return constants.get(node.name.lower())
    if isinstance(node, exp.DPipe):
        left, right = fold(node.this, constants), fold(node.expression, constants)
        return left + right if left is not None and right is not None else None
    if isinstance(node, exp.Concat | exp.ConcatWs):
        parts = [fold(e, constants) for e in node.expressions]
        if any(p is None for p in parts):
            return None
        if isinstance(node, exp.ConcatWs):
            return str(parts[0]).join(str(p) for p in parts[1:])
        return "".join(str(p) for p in parts)
    name = node.name.lower() if isinstance(node, exp.Anonymous) else type(node).__name__.lower()
    if name == "format":
        args = (
            [node.this, *node.expressions]
            if not isinstance(node, exp.Anonymous)
            else list(node.expressions)
        )
        folded = [fold(a, constants) for a in args]
        if not folded or any(f is None for f in folded):
            return None
        return apply_format(str(folded[0]), [str(f) for f in folded[1:]])
    if name in ("quote_ident", "quote_literal", "quote_nullable", "lower", "upper", "trim"):
        args = list(node.expressions) if isinstance(node, exp.Anonymous) else [node.this]
        inner = fold(args[0], constants) if args else None
        if inner is None:
            return None
        if name == "quote_literal" or name == "quote_nullable":
            return "'" + inner.replace("'", "''") + "'"
        if name == "quote_ident":
            return quote_ident(inner)
        return (
            inner.lower()
            if name == "lower"
            else inner.upper()
            if name == "upper"
            else inner.strip()
        )
    return None


def literal_words(node: exp.Expr) -> list[str]:
    """String literals inside an expression that could not be folded, for name hunting."""
    out = []
    for lit in node.find_all(exp.Literal):
        if lit.is_string:
            out.append(str(lit.this))
    return out
