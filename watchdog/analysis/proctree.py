"""The control structure of a T-SQL, PL/SQL or MySQL routine body, as a tree.

The effect model needs to know which statement runs under which condition: an INSERT
inside `IF EXISTS (…) BEGIN … END` is guarded by that test, one after
`IF … RETURN` by its negation. sqlglot parses the SQL statements of these dialects
well but not their procedural blocks, so this module reads the blocks from tokens and
leaves every SQL statement, condition and expression as text for sqlglot.

Parsing never raises: what is not understood becomes a `Stmt` with its text, and
`Block.errors` says why, so that the reader can report a coverage gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Dialect = Literal["tsql", "plsql", "mysql"]


@dataclass
class Stmt:
    """One SQL statement as written (SELECT/INSERT/UPDATE/DELETE/MERGE/WITH/CALL/…),
    without its terminating `;`."""

    text: str
    line: int


@dataclass
class Exec:
    """T-SQL `EXEC[UTE] proc @a = x, …`, `EXEC (@sql)`, `EXEC sp_executesql N'…'`, or a
    bare procedure call (`dbo.proc @a = 1`, PL/SQL `pkg.proc(a, b);`, `pkg.proc;`),
    as written, without the EXEC keyword's terminating `;`."""

    text: str
    line: int


@dataclass
class Assign:
    """`v := expr` (PL/SQL), `SET @v = expr` / `SET @v += expr` (T-SQL), `SET v = expr`
    (MySQL). `target` is the variable as written (`@v`, `v`, `r.field`), `expr` the
    right-hand side (for `+=` the expression `target + (expr)`)."""

    target: str
    expr: str
    line: int


@dataclass
class Declare:
    """A declared variable or cursor. `default` is its initial expression, if any;
    `cursor` the query of `CURSOR c IS/FOR SELECT …` / `DECLARE c CURSOR FOR SELECT …`."""

    name: str
    type: str
    line: int
    default: str | None = None
    cursor: str | None = None
    constant: bool = False


@dataclass
class Fetch:
    """`FETCH [NEXT FROM] c INTO v1, v2` / `FETCH c INTO v1, v2`."""

    cursor: str
    into: list[str]
    line: int


@dataclass
class Open:
    """`OPEN c` or PL/SQL `OPEN c FOR <query>` (query in `query`)."""

    cursor: str
    line: int
    query: str | None = None


@dataclass
class Return:
    """RETURN [expr]; ends the routine."""

    expr: str | None
    line: int


@dataclass
class Raise:
    """A statement that aborts: RAISE_APPLICATION_ERROR, RAISERROR with severity ≥ 11,
    THROW, SIGNAL, PL/SQL `RAISE [name]`. (`PRINT` and `RAISERROR(…, 0..10, …)` are
    messages, not aborts: they are `Stmt`s.)"""

    text: str
    line: int


@dataclass
class Jump:
    """EXIT [WHEN c] / LEAVE label / ITERATE / CONTINUE / BREAK / GOTO label.
    `when` holds the condition of `EXIT WHEN c` / `CONTINUE WHEN c`."""

    kind: str
    line: int
    when: str | None = None
    label: str | None = None


@dataclass
class Block:
    """A sequence of nodes; `handlers` are exception handlers (PL/SQL `EXCEPTION WHEN x
    THEN …`, T-SQL `BEGIN CATCH … END CATCH`, MySQL `DECLARE … HANDLER FOR … stmt`) with
    their condition text (or None for OTHERS / CATCH)."""

    items: list[Node] = field(default_factory=list)
    line: int = 1
    handlers: list[tuple[str | None, Block]] = field(default_factory=list)
    label: str | None = None
    errors: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class If:
    """IF/ELSIF/ELSEIF/ELSE (and T-SQL IF … ELSE …): branches in order; the ELSE branch
    has condition None."""

    branches: list[tuple[str | None, Block]]
    line: int


@dataclass
class Case:
    """A CASE statement. Searched CASE: `subject` None and each branch holds its
    condition; simple CASE: `subject` is the expression and each branch its value
    list as text. ELSE has condition None."""

    subject: str | None
    branches: list[tuple[str | None, Block]]
    line: int


@dataclass
class Loop:
    """A loop. kind: 'while' (header = condition), 'repeat' (header = UNTIL condition),
    'loop' (header None), 'for_query' (PL/SQL `FOR r IN (SELECT …) LOOP`: var = r,
    header = the query), 'for_cursor' (`FOR r IN c LOOP`: var = r, header = cursor
    name), 'for_range' (`FOR i IN a .. b LOOP`: var = i, header = 'a .. b')."""

    kind: str
    body: Block
    line: int
    header: str | None = None
    var: str | None = None
    label: str | None = None


@dataclass
class Dynamic:
    """Dynamic SQL whose text is the value of `query` (PL/pgSQL `EXECUTE expr INTO …
    USING …`), with its INTO targets and USING arguments."""

    query: str
    line: int
    into: list[str] = field(default_factory=list)
    using: list[str] = field(default_factory=list)


Node = (
    Stmt
    | Exec
    | Assign
    | Declare
    | Fetch
    | Open
    | Return
    | Raise
    | Jump
    | Block
    | If
    | Case
    | Loop
    | Dynamic
)
