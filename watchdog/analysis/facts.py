"""What one piece of SQL does, as located facts: relations read and written, calls,
deliveries, conditions, literal lists, recency windows, comments.

Facts are dialect-neutral so that database code, stored queries and dump files all
feed the same data-flow graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlglot import exp

from watchdog.model import Artifact

EXCERPT_LEN = 180


@dataclass(frozen=True)
class Site:
    """Where a fact sits: the artifact whose body holds it, a line in that body, an excerpt."""

    artifact: Artifact
    line: int | None
    raw: str

    @property
    def excerpt(self) -> str:
        """Masked and shortened only when shown: most sites are never part of a finding."""
        return excerpt(self.raw)


@dataclass(frozen=True)
class Condition:
    """A column tested in a predicate, with the string literals it is compared to."""

    qualifier: str | None
    column: str
    values: tuple[str, ...]
    site: Site


@dataclass(frozen=True)
class Outbound:
    """A call that delivers outside the transaction (notify, dblink, http, mail, COPY TO PROGRAM)."""

    kind: str
    function: str
    destination: str | None
    site: Site


@dataclass
class Facts:
    reads: list[tuple[str, Site]] = field(default_factory=list)
    writes: list[tuple[str, Site]] = field(default_factory=list)
    calls: list[tuple[str, Site]] = field(default_factory=list)
    outbound: list[Outbound] = field(default_factory=list)
    columns: list[tuple[str | None, str, Site]] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    literal_lists: list[tuple[str, int, Site]] = field(default_factory=list)
    literals: list[tuple[str, Site]] = field(default_factory=list)
    comments: list[tuple[str, Site]] = field(default_factory=list)
    recency: list[Site] = field(default_factory=list)
    dynamic: list[tuple[str, Site]] = field(default_factory=list)
    errors: list[tuple[str, Site]] = field(default_factory=list)

    def rebased(self, artifact: Artifact) -> Facts:
        """The same facts located in another artifact with an identical body."""
        from dataclasses import replace

        def move(item: object) -> object:
            if isinstance(item, Site):
                return replace(item, artifact=artifact)
            if isinstance(item, tuple):
                return tuple(move(x) for x in item)
            if isinstance(item, Condition | Outbound):
                return replace(item, site=replace(item.site, artifact=artifact))
            return item

        out = Facts()
        for name in self.__dataclass_fields__:
            getattr(out, name).extend(move(x) for x in getattr(self, name))
        return out

    def extend(self, other: Facts) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).extend(getattr(other, name))


# ---------------------------------------------------------------------------------------
# masking and locating


_IN_LIST = re.compile(
    r"\bIN\s*\(\s*((?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?)(?:\s*,\s*(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?))*)\s*\)",
    re.IGNORECASE,
)
_ARRAY = re.compile(
    r"\bARRAY\s*\[\s*((?:'(?:[^']|'')*'|-?\d+)(?:\s*,\s*(?:'(?:[^']|'')*'|-?\d+))*)\s*\]",
    re.IGNORECASE,
)
_LITERAL_ITEM = re.compile(r"'(?:[^']|'')*'|-?\d+(?:\.\d+)?")


def mask(text: str) -> str:
    """Hide literal identifier lists: evidence names objects, never the people on a list."""

    def count(m: re.Match[str]) -> str:
        if not re.search(r"\d", m.group(1)):
            return m.group(0)  # codes and categories ('SUSPECT', 'WITNESS'), not identifiers
        n = len(_LITERAL_ITEM.findall(m.group(1)))
        return f"IN ({n} identifier{'s' if n != 1 else ''})"

    def count_array(m: re.Match[str]) -> str:
        if not re.search(r"\d", m.group(1)):
            return m.group(0)
        n = len(_LITERAL_ITEM.findall(m.group(1)))
        return f"ARRAY[{n} identifier{'s' if n != 1 else ''}]"

    return _ARRAY.sub(count_array, _IN_LIST.sub(count, text))


def excerpt(text: str, limit: int = EXCERPT_LEN) -> str:
    flat = " ".join(mask(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def window(text: str, needle: str, before: int = 70, after: int = 100) -> str:
    """The words around `needle` in `text`: a readable excerpt without regenerating SQL."""
    if len(text) <= before + after or not needle:
        return text
    idx = text.lower().find(needle.lower().strip('"'))
    if idx < 0:
        return text
    start, end = max(0, idx - before), min(len(text), idx + len(needle) + after)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def line_in(text: str, needle: str, base: int | None) -> int | None:
    """Line of `needle` within `text`, counted from `base` (the text's first line)."""
    if base is None:
        return None
    idx = text.lower().find(needle.lower().strip('"')) if needle else -1
    return base + (text.count("\n", 0, idx) if idx >= 0 else 0)


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


# ---------------------------------------------------------------------------------------
# extraction from one parsed statement


def table_name(t: exp.Table) -> str:
    parts = [p for p in (t.catalog, t.db, t.name) if p]
    return ".".join(parts).lower()


def function_name(node: exp.Expr) -> str:
    name = (
        node.sql_name()
        if isinstance(node, exp.Func) and not isinstance(node, exp.Anonymous)
        else node.name
    )
    parent = node.parent
    if isinstance(parent, exp.Dot) and parent.expression is node:
        qual = parent.this
        prefix = qual.sql(dialect="postgres") if not isinstance(qual, exp.Identifier) else qual.name
        return f"{prefix}.{name}".replace('"', "").lower()
    return name.lower()


_TIME_FUNCS = (exp.CurrentTimestamp, exp.CurrentDate, exp.CurrentTime, exp.Interval)
_TIME_NAMES = {
    "now",
    "clock_timestamp",
    "statement_timestamp",
    "transaction_timestamp",
    "localtimestamp",
    "getdate",
    "sysdate",
    "systimestamp",
    "sysdatetime",
    "current_timestamp",
    "date_sub",
    "dateadd",
    "getutcdate",
}


def _literal_str(node: exp.Expr) -> str | None:
    if isinstance(node, exp.Literal) and node.is_string:
        return str(node.this)
    if isinstance(node, exp.RawString):
        return str(node.this)
    return None


class Extractor:
    """Turns parsed statements of one body into Facts located in that body."""

    def __init__(self, artifact: Artifact, dialect: str, sink_call: object) -> None:
        self.artifact = artifact
        self.dialect = dialect
        self.sink_call = sink_call  # Policy.sink_call; kept untyped to avoid an import cycle

    def site(self, text: str, needle: str, base: int | None, snippet: str | None = None) -> Site:
        return Site(self.artifact, line_in(text, needle, base), snippet or window(text, needle))

    def statement(self, stmt: exp.Expr, text: str, base: int | None, facts: Facts) -> None:
        ctes = {c.alias_or_name.lower() for c in stmt.find_all(exp.CTE)}
        targets: set[int] = set()
        for node in stmt.find_all(exp.Insert, exp.Update, exp.Delete, exp.Merge):
            tgt = node.this
            if isinstance(tgt, exp.Schema):
                tgt = tgt.this
            if isinstance(tgt, exp.Table):
                targets.add(id(tgt))
                facts.writes.append((table_name(tgt), self.site(text, tgt.name, base)))
        if isinstance(stmt, exp.Copy):
            self._copy(stmt, text, base, facts)
        for t in stmt.find_all(exp.Table):
            if id(t) in targets:
                continue
            if isinstance(t.this, exp.Func | exp.Dot):
                continue
            name = table_name(t)
            if not name or name in ctes or not t.name:
                continue
            facts.reads.append((name, self.site(text, t.name, base)))
        for fn in stmt.find_all(exp.Func):
            if isinstance(fn, exp.Anonymous) or type(fn).__name__ in ("Format", "Concat"):
                self._call(fn, text, base, facts)
        for col in stmt.find_all(exp.Column):
            qual = col.table or None
            facts.columns.append(
                (qual.lower() if qual else None, col.name, self.site(text, col.name, base))
            )
        self._predicates(stmt, text, base, facts)
        for lit in stmt.find_all(exp.Literal, exp.RawString):
            value = _literal_str(lit)
            if value:
                facts.literals.append((value, self.site(text, value[:40], base, value)))
        if any(True for _ in stmt.find_all(*_TIME_FUNCS)) or any(
            isinstance(n, exp.Anonymous) and n.name.lower() in _TIME_NAMES
            for n in stmt.find_all(exp.Anonymous)
        ):
            facts.recency.append(self.site(text, "", base))

    def _call(self, node: exp.Expr, text: str, base: int | None, facts: Facts) -> None:
        name = function_name(node)
        site = self.site(text, name.rsplit(".", 1)[-1], base)
        facts.calls.append((name, site))
        kind = self.sink_call(name)  # type: ignore[operator]
        if kind:
            dest = None
            for arg in node.expressions if isinstance(node, exp.Anonymous) else []:
                dest = _literal_str(arg)
                if dest is not None:
                    break
            facts.outbound.append(Outbound(kind, name, dest, site))

    def _copy(self, stmt: exp.Copy, text: str, base: int | None, facts: Facts) -> None:
        sql = stmt.sql(dialect="postgres")
        m = re.search(r"\bTO\s+PROGRAM\s+'((?:[^']|'')*)'", text, re.IGNORECASE)
        if m or re.search(r"\bPROGRAM\b", sql, re.IGNORECASE):
            dest = m.group(1) if m else None
            facts.outbound.append(
                Outbound("copy_program", "COPY TO PROGRAM", dest, self.site(text, "PROGRAM", base))
            )

    def _predicates(self, stmt: exp.Expr, text: str, base: int | None, facts: Facts) -> None:
        for pred in stmt.find_all(exp.Predicate):
            cols = [
                c
                for c in pred.find_all(exp.Column)
                if c.find_ancestor(exp.Select) is pred.find_ancestor(exp.Select)
            ]
            if (
                isinstance(pred, exp.In)
                and isinstance(pred.this, exp.Column)
                and pred.expressions
                and all(isinstance(e, exp.Literal) for e in pred.expressions)
            ):
                col = pred.this
                facts.literal_lists.append(
                    (
                        col.name,
                        len(pred.expressions),
                        self.site(text, col.name, base),
                    )
                )
            if not cols:
                continue
            values = tuple(
                v for v in (_literal_str(x) for x in pred.find_all(exp.Literal)) if v is not None
            )
            for arr in pred.find_all(exp.Array):
                if len(arr.expressions) >= 2 and all(
                    isinstance(e, exp.Literal) for e in arr.expressions
                ):
                    facts.literal_lists.append(
                        (
                            cols[0].name,
                            len(arr.expressions),
                            self.site(text, cols[0].name, base),
                        )
                    )
            if (
                isinstance(
                    pred,
                    exp.In
                    | exp.EQ
                    | exp.NEQ
                    | exp.Like
                    | exp.ILike
                    | exp.Is
                    | exp.GT
                    | exp.LT
                    | exp.GTE
                    | exp.LTE,
                )
                or values
            ):
                for col in cols:
                    q = col.table or None
                    facts.conditions.append(
                        Condition(
                            q.lower() if q else None,
                            col.name,
                            values,
                            self.site(text, col.name, base),
                        )
                    )
