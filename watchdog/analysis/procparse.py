"""Reading the control structure of T-SQL, PL/SQL and MySQL bodies into `proctree` nodes.

sqlglot reads the SQL statements of these dialects but not their procedural blocks, so the
blocks are read here from a small token stream, and every statement, condition and
expression is kept as the exact text of the input for sqlglot to read later. Parentheses
are folded into single tokens before anything else: nothing inside them is ever structure,
which makes `IF EXISTS (SELECT … END …)` and `FOR r IN (SELECT …) LOOP` trivial and keeps
every scan linear.

T-SQL needs the most care because its statements may end without `;`: a statement ends
where the next statement keyword begins, unless that keyword belongs to the statement
(`INSERT … SELECT`, `UPDATE … SET`, `WITH … AS (…) SELECT`, `… UNION SELECT`,
`CURSOR FOR SELECT`, MERGE actions), and never inside a CASE … END expression.

The reader never raises and never stops early: what it does not understand is kept as a
`Stmt` and the enclosing `Block.errors` says why, so the caller can report a coverage gap
instead of silently missing an alert.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Container, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ClassVar

from watchdog.analysis.proctree import (
    Assign,
    Block,
    Case,
    Declare,
    Dialect,
    Exec,
    Fetch,
    If,
    Jump,
    Loop,
    Node,
    Open,
    Raise,
    Return,
    Stmt,
)

__all__ = ["parse_procedural"]

# Deep enough for any real routine, shallow enough that Python's own recursion limit is
# never reached (each level costs about five frames).
_MAX_DEPTH = 80
# No reader looks further than this many tokens past the one it stands on.
_PAD = 8


def parse_procedural(body: str, dialect: Dialect) -> Block:
    """The block tree of one routine, trigger or job-step body.

    Never raises: the analysis of a whole database must not stop on one odd routine. An
    internal failure (a bug here) is reported as an error of the returned block.
    """
    try:
        with _gc_paused():
            return _parse(body, dialect)
    except Exception as exc:  # the contract is "never raise"; the error says what broke
        text = body.strip() if isinstance(body, str) else ""
        items: list[Node] = [Stmt(text, 1)] if text else []
        return Block(items=items, errors=[(f"internal error: {type(exc).__name__}: {exc}", 1)])


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The reader allocates about one object per token and creates no reference cycles;
    cyclic collections over that growing heap found nothing and cost a third of the time
    on large bodies."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse(body: str, dialect: str) -> Block:
    """Tokenizer errors (unterminated strings, unbalanced parentheses) go first: they are
    usually the cause of any structural error that follows."""
    readers: dict[str, type[_Reader]] = {
        "tsql": _TsqlReader,
        "plsql": _PlsqlReader,
        "mysql": _MysqlReader,
    }
    reader_cls = readers.get(dialect)
    if reader_cls is None:
        return Block(errors=[(f"unknown dialect {dialect!r}", 1)])
    toks, errors = _tokenize(body, dialect)
    reader = reader_cls(body, toks)
    root = _flatten(reader.parse_root())
    root.errors[:0] = errors
    return root


def _flatten(root: Block) -> Block:
    """A body that is a single BEGIN … END is that block; an extra level helps no reader."""
    if len(root.items) != 1 or root.handlers or root.label:
        return root
    inner = root.items[0]
    if not isinstance(inner, Block):
        return root
    inner.errors[:0] = root.errors
    return inner


# ---------------------------------------------------------------------------------------
# Tokens


class _Tok:
    """One token; `up` is the upper-cased word or the punctuation itself, so keyword tests
    are one comparison and strings or quoted names can never look like keywords."""

    __slots__ = ("end", "kids", "kind", "line", "start", "up")

    def __init__(
        self, kind: str, start: int, end: int, line: int, up: str, kids: list[_Tok] | None = None
    ) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.line = line
        self.up = up
        self.kids = _NO_KIDS if kids is None else kids


_NO_KIDS: list[_Tok] = []  # shared by every token that is not a group; never changed

# Oracle q'[…]' quoting. Without its closing delimiter the rest of the input is one bad
# string: retrying at every later `q'` would make such input quadratic.
_QQUOTE = r"[Nn]?[Qq]'(?:\[.*?\]|\{.*?\}|\(.*?\)|<.*?>|(?P<qd>[^\s\[{(<]).*?(?P=qd))'"


def _pattern(dialect: str) -> re.Pattern[str]:
    """One regex per dialect: quoting and comment rules differ (MySQL's `#` and backslash
    escapes, T-SQL's `[name]`, Oracle's q'[…]' and <<labels>>). Words come first and
    whitespace is a prefix of every token because that is what most of the input is."""
    skip = [r"--[^\n]*", r"/\*.*?\*/"]
    strs = [r"[Nn]?'[^']*(?:''[^']*)*'"]
    qids = [r'"[^"]*(?:""[^"]*)*"']
    bad = [r"[Nn]?'", '"', r"/\*"]
    word = r"(?![Nn]')(?:[^\W\d]|[@#$])[\w@#$]*"
    extra: list[str] = []
    if dialect == "mysql":
        skip.append(r"\#[^\n]*")
        strs = [r"[Nn]?'[^'\\]*(?:(?:''|\\.)[^'\\]*)*'", r'"[^"\\]*(?:(?:""|\\.)[^"\\]*)*"']
        qids = [r"`[^`]*(?:``[^`]*)*`"]
        bad = [r"[Nn]?'", '"', "`", r"/\*"]
        word = r"(?![Nn]')(?:[^\W\d]|[@$])[\w@$]*"
    elif dialect == "tsql":
        qids.append(r"\[[^\]]*(?:\]\][^\]]*)*\]")
        bad.append(r"\[")
    else:
        word = r"(?![Nn]'|[Nn]?[Qq]')(?:[^\W\d]|[@#$])[\w@#$]*"
        strs.insert(0, _QQUOTE)
        bad.insert(0, r"[Nn]?[Qq]'")
        extra = [r"(?P<label><<\s*[^\W\d][\w$#]*\s*>>)", r"(?P<bind>:[^\W\d][\w$#]*)"]
    parts = [
        f"(?P<word>{word})",
        r"(?P<punct>[;,()])",
        f"(?P<skip>{'|'.join(skip)})",
        f"(?P<str>{'|'.join(strs)})",
        f"(?P<qid>{'|'.join(qids)})",
        f"(?P<bad>(?:{'|'.join(bad)}).*)",
        *extra,
        r"(?P<num>0[xX][0-9A-Fa-f]*|\d+(?:\.(?!\.)\d*)?(?:[eE][+-]?\d+)?)",
        r"(?P<op>:=|\.\.|=>|<>|!=|<=|>=|\|\||::|[-+*/%&|^]=|\S)",
    ]
    return re.compile(r"\s*(?:" + "|".join(parts) + ")", re.DOTALL)


_PATTERNS = {d: _pattern(d) for d in ("tsql", "plsql", "mysql")}
_KINDS = {"bind": "word", "op": "punct", "bad": "str"}


def _tokenize(src: str, dialect: str) -> tuple[list[_Tok], list[tuple[str, int]]]:
    """Tokens without whitespace and comments, parentheses folded into groups."""
    errors: list[tuple[str, int]] = []
    raw: list[_Tok] = []
    append = raw.append
    count = src.count
    upper = src.upper()
    if len(upper) != len(src):  # a few characters (ß) grow when upper-cased
        upper = src
    line, last = 1, 0
    for m in _PATTERNS[dialect].finditer(src):
        group = m.lastgroup
        if group is None or group == "skip":
            continue
        start, end = m.span(group)
        line += count("\n", last, start)
        last = start
        kind = _KINDS.get(group, group)
        if kind == "word":
            up = upper[start:end] if upper is not src else src[start:end].upper()
        elif kind == "punct":
            up = src[start:end]
        else:
            up = ""
            if group == "bad":
                errors.append(("unterminated string, quoted name or comment", line))
        append(_Tok(kind, start, end, line, up))
    return _fold(raw, errors), errors


def _fold(raw: list[_Tok], errors: list[tuple[str, int]]) -> list[_Tok]:
    """Each balanced `( … )` becomes one token, so no scan ever looks inside it. An
    unbalanced `(` stays a plain token: the rest of the body is still read."""
    out: list[_Tok] = []
    opens: list[int] = []
    for tok in raw:
        if tok.up == "(":
            opens.append(len(out))
            out.append(tok)
        elif tok.up == ")" and opens:
            i = opens.pop()
            first = out[i]
            group = _Tok("group", first.start, tok.end, first.line, "()", out[i + 1 :])
            del out[i:]
            out.append(group)
        else:
            if tok.up == ")":
                errors.append(("unbalanced ')'", tok.line))
            out.append(tok)
    errors.extend(("unbalanced '('", out[i].line) for i in opens)
    return out


# ---------------------------------------------------------------------------------------
# Shared reader machinery


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_END = frozenset({"END"})
_THEN = frozenset({"THEN"})
_WHEN = frozenset({"WHEN"})
_NAMES = ("word", "qid")
# Words that may follow END and name the construct it closes.
_QUALIFIERS = frozenset({"IF", "LOOP", "CASE", "WHILE", "REPEAT", "FOR"})


class _Reader:
    """Token cursor, output and error bookkeeping shared by the three dialects.

    `stack[-1]` is the block whose statement list is being read: nodes and errors go
    there, which is what "the enclosing block" means for an error.
    """

    structural: frozenset[str] = frozenset()
    # First word of a statement -> name of the method that reads it (names, not bound
    # methods, so that a reader holds no reference cycle and is freed at once).
    dispatch: ClassVar[Mapping[str, str]] = {}

    def __init__(self, src: str, toks: list[_Tok]) -> None:
        self.src = src
        self.n = len(toks)
        # Padding past the end (and, through negative indexing, before the start) so that
        # looking a few tokens ahead or behind needs no bounds checks.
        last_line = toks[-1].line if toks else 1
        self.toks = toks + [_Tok("eof", len(src), len(src), last_line, "")] * _PAD
        self.pos = 0
        self.depth = 0
        # A label read just now, and the label of the statement being read (which only a
        # block or loop takes; any other statement drops it).
        self.pending_label: str | None = None
        self.label: str | None = None
        self.stack: list[Block] = [Block()]

    # -- looking at tokens ---------------------------------------------------------------
    def up(self, k: int = 0) -> str:
        return self.toks[self.pos + k].up

    def up_at(self, i: int) -> str:
        return self.toks[i].up

    def kind_at(self, i: int) -> str:
        return self.toks[i].kind

    def line(self) -> int:
        return self.toks[min(self.pos, self.n)].line

    def text(self, i: int) -> str:
        tok = self.toks[i]
        return self.src[tok.start : tok.end].strip()  # an unterminated string runs to the end

    def span(self, i: int, j: int) -> str:
        """The input as written from token i up to (not including) token j."""
        if j <= i:
            return ""
        return self.src[self.toks[i].start : self.toks[j - 1].end].strip()

    def find(self, words: Container[str], i: int, j: int) -> int | None:
        for k in range(i, min(j, self.n)):
            if self.toks[k].up in words:
                return k
        return None

    def split_commas(self, i: int, j: int) -> list[tuple[int, int]]:
        parts: list[tuple[int, int]] = []
        start = i
        for k in range(i, j):
            if self.toks[k].up == ",":
                parts.append((start, k))
                start = k + 1
        parts.append((start, j))
        return parts

    def accept(self, word: str) -> bool:
        if self.up() == word:
            self.pos += 1
            return True
        return False

    # -- output --------------------------------------------------------------------------
    def emit(self, node: Node) -> None:
        self.stack[-1].items.append(node)

    def error(self, reason: str, line: int) -> None:
        self.stack[-1].errors.append((reason, line))

    def take_label(self) -> str | None:
        label, self.label = self.label, None
        return label

    # -- driving -------------------------------------------------------------------------
    def parse_root(self) -> Block:
        root = Block(line=self.toks[0].line)
        self.stack = [root]
        self.parse_list(root, frozenset())
        return root

    def at_stop(self, stops: frozenset[str]) -> bool:
        return self.up() in stops

    def parse_list(self, block: Block, stops: frozenset[str]) -> None:
        """Statements into `block` until one of `stops` starts a statement; every turn
        consumes at least one token, so this always ends."""
        self.stack.append(block)
        try:
            while self.pos < self.n and not self.at_stop(stops):
                before = self.pos
                self.statement()
                if self.pos == before:
                    self.error(f"unexpected {self.text(self.pos)!r}", self.line())
                    self.pos += 1
        finally:
            self.stack.pop()

    def one(self, block: Block) -> None:
        """Exactly one statement into `block` (a branch or handler without BEGIN)."""
        self.stack.append(block)
        try:
            before = self.pos
            if self.pos < self.n:
                self.statement()
            if self.pos == before and self.pos < self.n:
                self.error(f"unexpected {self.text(self.pos)!r}", self.line())
                self.pos += 1
        finally:
            self.stack.pop()

    def statement(self) -> None:
        """One statement, dispatched on its first word. Blocks, IFs and loops recurse, so
        they count against `_MAX_DEPTH`; past it they are read as plain statements."""
        tok = self.toks[self.pos]
        if tok.up == ";":
            self.pos += 1
            return
        if self.label_here(tok):
            return
        self.label, self.pending_label = self.pending_label, None
        name = self.dispatch.get(tok.up) if tok.kind == "word" else None
        if name is None:
            self.other()
        elif tok.up not in self.structural:
            getattr(self, name)()
        elif self.depth >= _MAX_DEPTH:
            self.error("nesting too deep: read as a plain statement", tok.line)
            self.other()
        else:
            self.depth += 1
            try:
                getattr(self, name)()
            finally:
                self.depth -= 1

    def label_here(self, tok: _Tok) -> bool:
        """`<<name>>` (PL/SQL) and `name:` (T-SQL GOTO target, MySQL loop label) are not
        statements; the name is kept for the block or loop that follows."""
        if tok.kind == "label":
            self.pending_label = self.src[tok.start + 2 : tok.end - 2].strip()
        elif tok.kind in _NAMES and self.up(1) == ":" and tok.up not in self.dispatch:
            self.pending_label = self.text(self.pos)
            self.pos += 1
        else:
            return False
        self.pos += 1
        return True

    def other(self) -> None:
        """A statement that no keyword handler claimed."""
        raise NotImplementedError

    def fetch_node(self, s: int, e: int, line: int) -> Node:
        """FETCH in all three dialects: skip the orientation, then cursor and INTO list."""
        k = s + 1
        while k < e:
            u = self.up_at(k)
            if u in ("NEXT", "PRIOR", "FIRST", "LAST", "FROM", "GLOBAL"):
                k += 1
            elif u in ("ABSOLUTE", "RELATIVE"):
                k += 2
            else:
                break
        if k >= e:
            self.error("FETCH without a cursor", line)
            return Stmt(self.span(s, e), line)
        into = self.find(("INTO",), k + 1, e)
        names: list[str] = []
        if into is not None:
            limit = self.find(("LIMIT",), into + 1, e)
            stop = e if limit is None else limit
            names = [self.span(a, b) for a, b in self.split_commas(into + 1, stop) if b > a]
        return Fetch(self.text(k), names, line)

    def is_name(self, i: int, j: int) -> bool:
        """Tokens i..j spell a (dotted) name: a variable, `NEW.col`, `pkg.proc`."""
        k = i
        while k < j:
            if self.kind_at(k) not in _NAMES:
                return False
            k += 1
            if k == j:
                return True
            if self.up_at(k) != ".":
                return False
            k += 1
        return False


# ---------------------------------------------------------------------------------------
# T-SQL

_T_STARTERS = _words(
    """SELECT INSERT UPDATE DELETE MERGE EXEC EXECUTE SET RETURN RAISERROR THROW PRINT BEGIN
    IF WHILE BREAK CONTINUE GOTO DECLARE WITH TRUNCATE OPEN FETCH CLOSE DEALLOCATE COMMIT
    ROLLBACK SAVE CREATE DROP ALTER GRANT REVOKE DENY USE DBCC WAITFOR BULK REVERT KILL
    CHECKPOINT RECONFIGURE ENABLE DISABLE"""
)
_T_BREAKERS = _T_STARTERS | {"ELSE", "END"}
_T_STMT_WORDS = _T_STARTERS | {"END"}
# `BEGIN x` forms that are statements, not blocks.
_T_BEGIN_STMT = frozenset({"TRAN", "TRANSACTION", "DISTRIBUTED", "DIALOG", "CONVERSATION"})
# A statement keyword right after one of these is part of the statement: `CURSOR FOR
# SELECT`, `FOR UPDATE`, `BULK INSERT`, `GRANT SELECT`.
_T_GLUE = frozenset({"FOR", "BULK", "GRANT", "REVOKE", "DENY"})
_T_SET_OPS = frozenset({"UNION", "ALL", "EXCEPT", "INTERSECT"})
_T_DML = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE"})
# Reserved words that cannot be the procedure of a call without EXEC.
_T_NOT_NAMES = _words("AS AND CASE CATCH FROM NOT ON OR THEN TRAN TRANSACTION TRY WHEN WHERE")
_T_ASSIGN_OPS = frozenset({"=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="})


@dataclass(slots=True)
class _TState:
    """What a T-SQL statement still expects as its own: INSERT one source (SELECT/EXEC),
    UPDATE one SET, a CTE its statement, ALTER one action (DROP/ALTER/SET/…)."""

    source: bool = False
    set_: bool = False
    cte: bool = False
    alter: bool = False


class _TsqlReader(_Reader):
    structural = frozenset({"BEGIN", "IF", "WHILE"})

    dispatch: ClassVar[Mapping[str, str]] = {
        "BEGIN": "begin",
        "IF": "if_",
        "WHILE": "while_",
        "END": "end_kw",
        "ELSE": "unexpected",
        "GO": "go",
    }
    # Statements found by `extent`, told apart by their first word; handlers take the
    # statement's token range and line.
    classify: ClassVar[Mapping[str, str]] = {
        "EXEC": "exec_",
        "EXECUTE": "exec_",
        "SET": "set_",
        "DECLARE": "declare",
        "RETURN": "return_",
        "RAISERROR": "raiserror",
        "THROW": "raise_",
        "BREAK": "jump",
        "CONTINUE": "jump",
        "GOTO": "jump",
        "OPEN": "open_",
        "FETCH": "fetch",
    }

    def __init__(self, src: str, toks: list[_Tok]) -> None:
        super().__init__(src, toks)
        self.batch_start = 0

    def at_stop(self, stops: frozenset[str]) -> bool:
        u = self.up()
        return u in stops and not (u == "END" and self.up(1) == "CONVERSATION")

    # -- blocks --------------------------------------------------------------------------
    def begin(self) -> None:
        nxt = self.up(1)
        if nxt == "TRY":
            self.try_catch()
        elif nxt in _T_BEGIN_STMT:
            self.other()
        else:
            block = Block(line=self.line())
            self.block_into(block)
            self.emit(block)

    def block_into(self, block: Block) -> None:
        line = self.line()
        self.pos += 1
        if self.accept("ATOMIC") and self.up() == "WITH" and self.kind_at(self.pos + 1) == "group":
            self.pos += 2
        self.parse_list(block, _END)
        self.close(None, line)

    def close(self, kind: str | None, line: int) -> None:
        """END, END TRY or END CATCH. A mismatched END is left for the enclosing block, so
        one missing END costs one error instead of shifting every later block."""
        what = f"END {kind}" if kind else "END"
        q = self.up(1) if self.up(1) in ("TRY", "CATCH") else None
        if self.up() != "END" or q != kind:
            self.error(f"missing {what}", line)
            return
        self.pos += 2 if kind else 1

    def try_catch(self) -> None:
        """BEGIN TRY … END TRY BEGIN CATCH … END CATCH: the CATCH block is the handler of
        the TRY block, as PL/SQL's EXCEPTION section is of its block."""
        line = self.line()
        self.pos += 2
        block = Block(line=line)
        self.parse_list(block, _END)
        self.close("TRY", line)
        while self.accept(";"):
            pass
        if self.up() == "BEGIN" and self.up(1) == "CATCH":
            cline = self.line()
            self.pos += 2
            catch = Block(line=cline)
            self.parse_list(catch, _END)
            self.close("CATCH", cline)
            block.handlers.append((None, catch))
        else:
            self.error("BEGIN TRY without BEGIN CATCH", line)
        self.emit(block)

    def if_(self) -> None:
        """IF cond stmt [ELSE stmt]; `ELSE IF` chains become further branches of one If,
        which also keeps long chains from nesting deeply."""
        line = self.line()
        self.pos += 1
        branches: list[tuple[str | None, Block]] = []
        while True:
            cond = self.condition()
            branches.append((cond, self.branch()))
            while self.accept(";"):
                pass
            if not self.accept("ELSE"):
                break
            if not self.accept("IF"):
                branches.append((None, self.branch()))
                break
        self.emit(If(branches, line))

    def while_(self) -> None:
        line = self.line()
        self.pos += 1
        cond = self.condition()
        self.emit(Loop("while", self.branch(), line, header=cond))

    def branch(self) -> Block:
        """The statement or BEGIN … END block after IF, ELSE or WHILE."""
        block = Block(line=self.line())
        u = self.up()
        if self.pos >= self.n or (u in ("END", "ELSE") and self.up(1) != "CONVERSATION"):
            self.error("missing statement after IF, ELSE or WHILE", block.line)
        elif u == "BEGIN" and self.up(1) not in _T_BEGIN_STMT and self.up(1) != "TRY":
            self.block_into(block)
        else:
            self.one(block)
        return block

    def condition(self) -> str:
        start, line = self.pos, self.line()
        self.pos = self.scan(start, None)
        cond = self.span(start, self.pos)
        if not cond:
            self.error("missing condition", line)
        return cond

    def end_kw(self) -> None:
        if self.up(1) == "CONVERSATION":
            self.other()
            return
        self.error("END without BEGIN", self.line())
        self.pos += 1
        if self.up() in ("TRY", "CATCH"):
            self.pos += 1

    def unexpected(self) -> None:
        self.error(f"unexpected {self.up()}", self.line())
        self.pos += 1

    def go(self) -> None:
        if not self.go_alone(self.pos):
            self.other()
            return
        self.pos += 1
        self.batch_start = self.pos

    def go_alone(self, i: int) -> bool:
        """GO separates batches only on a line of its own."""
        tok = self.toks[i]
        before = self.toks[i - 1].end if i > 0 else 0
        after = self.toks[i + 1].start if i + 1 < self.n else len(self.src)
        alone_before = i == 0 or self.src.find("\n", before, tok.start) >= 0
        return alone_before and (i + 1 == self.n or self.src.find("\n", tok.end, after) >= 0)

    # -- where statements end ------------------------------------------------------------
    def scan(self, i: int, st: _TState | None) -> int:
        """Where the statement (or, with `st` None, the IF/WHILE condition) read from token
        i ends: at `;`, at END or ELSE outside a CASE expression, or at a statement keyword
        that is not part of it."""
        case = 0
        while i < self.n:
            tok = self.toks[i]
            if tok.kind == "word":
                u = tok.up
                if u == "CASE":
                    case += 1
                elif u == "END" and case:
                    case -= 1
                elif case == 0 and self.ends_before(i, st):
                    break
                elif st is not None and u == "VALUES":
                    st.source = False
            elif tok.up == ";":
                break
            i += 1
        return i

    def ends_before(self, i: int, st: _TState | None) -> bool:
        if not self.starts_statement(i):
            return False
        if st is None:  # IF UPDATE(col) in a trigger tests a column, it updates nothing
            return not (self.toks[i].up == "UPDATE" and self.kind_at(i + 1) == "group")
        return not self.belongs(st, i)

    def starts_statement(self, i: int) -> bool:
        """A statement keyword (or label, or lone GO) that is not an operand: after `.`,
        `,` or an operator it is a name or part of an expression."""
        u = self.toks[i].up
        if u == "GO":
            return self.go_alone(i)
        if self.up_at(i + 1) == ":":
            return True
        if u not in _T_BREAKERS:
            return False
        if u in ("ENABLE", "DISABLE") and self.up_at(i + 1) != "TRIGGER":
            return False
        prev = self.toks[i - 1] if i > 0 else None
        return not (prev is not None and prev.kind == "punct" and prev.up not in (";", ":"))

    def belongs(self, st: _TState, i: int) -> bool:
        """Whether statement keyword i continues the current statement."""
        u = self.toks[i].up
        pu = self.up_at(i - 1)
        if u == "WITH":
            return not self.cte_at(i)
        if pu in _T_GLUE:
            return True
        if pu == "ON" and u in ("DELETE", "UPDATE"):  # a foreign key's ON DELETE CASCADE
            return self.up_at(i + 1) in ("CASCADE", "SET", "NO")
        if (u == "SELECT" and pu in _T_SET_OPS) or (u == "FETCH" and pu in ("ROW", "ROWS")):
            return True
        if u == "IF" and self.up_at(i - 2) == "DROP":
            return True
        if pu == "RETURN" and u in ("SELECT", "WITH"):  # an inline table function's query
            return True
        if pu == "THEN" and u in ("UPDATE", "DELETE", "INSERT"):  # MERGE actions
            st.set_ = u == "UPDATE"
            return True
        return self.belongs_by_state(st, u)

    def belongs_by_state(self, st: _TState, u: str) -> bool:
        if u == "SET" and st.set_:
            st.set_ = False
            return True
        if st.source and u in ("SELECT", "EXEC", "EXECUTE"):
            st.source = False
            return True
        if st.cte and u in _T_DML:
            st.cte = False
            st.source, st.set_ = u == "INSERT", u == "UPDATE"
            return True
        if st.alter and u in ("DROP", "ALTER", "ENABLE", "DISABLE", "SET"):
            st.alter = False
            return True
        return False

    def cte_at(self, i: int) -> bool:
        """WITH starts a new statement only as `WITH name [(cols)] AS (` (or XMLNAMESPACES);
        `WITH (NOLOCK)`, `WITH TIES`, `WITH RECOMPILE`, `WITH NOWAIT` belong."""
        if self.up_at(i + 1) == "XMLNAMESPACES":
            return True
        if self.kind_at(i + 1) not in _NAMES:
            return False
        if self.up_at(i + 2) == "AS":
            return self.kind_at(i + 3) == "group"
        return self.kind_at(i + 2) == "group" and self.up_at(i + 3) == "AS"

    def extent(self, start: int) -> int:
        u = self.toks[start].up
        if u in ("BREAK", "CONTINUE"):
            return start + 1
        if u == "GOTO":
            return min(start + 2, self.n)
        if u in ("COMMIT", "ROLLBACK", "SAVE") or (
            u == "BEGIN" and self.up_at(start + 1) in ("TRAN", "TRANSACTION", "DISTRIBUTED")
        ):
            return self.tran_extent(start)
        st = _TState(source=u == "INSERT", set_=u == "UPDATE", cte=u == "WITH", alter=u == "ALTER")
        return self.scan(start + 1, st)

    def tran_extent(self, start: int) -> int:
        """BEGIN/COMMIT/ROLLBACK/SAVE [TRAN] [name]: the name only on the same line, since
        these statements often end without `;` before an unrelated identifier."""
        k = start + 1
        if self.up_at(k) == "DISTRIBUTED":
            k += 1
        if self.up_at(k) in ("TRAN", "TRANSACTION", "WORK"):
            k += 1
        if (
            k < self.n
            and self.toks[k].line == self.toks[k - 1].line
            and self.toks[k].kind in _NAMES
            and self.toks[k].up not in _T_BREAKERS
        ):
            k += 1
        return k

    # -- simple statements ---------------------------------------------------------------
    def other(self) -> None:
        """A simple statement: find where it ends, then tell what it is by its first word."""
        start = self.pos
        end = self.extent(start)
        self.pos = end
        self.accept(";")
        tok = self.toks[start]
        name = self.classify.get(tok.up) if tok.kind == "word" else None
        if name is not None:
            getattr(self, name)(start, end, tok.line)
        elif tok.kind == "word" and tok.up in _T_STMT_WORDS:
            self.emit(Stmt(self.span(start, end), tok.line))
        elif start == self.batch_start and tok.kind in _NAMES and tok.up not in _T_NOT_NAMES:
            self.emit(Exec(self.span(start, end), tok.line))  # `dbo.proc @a = 1` opens a batch
        else:
            self.error("unrecognised statement", tok.line)
            self.emit(Stmt(self.span(start, end), tok.line))

    def exec_(self, s: int, e: int, line: int) -> None:
        text = self.span(s, e)
        self.emit(Stmt(text, line) if self.up_at(s + 1) == "AS" else Exec(text, line))

    def set_(self, s: int, e: int, line: int) -> None:
        op = self.up_at(s + 2)
        target = self.up_at(s + 1)
        if self.kind_at(s + 1) == "word" and target.startswith("@") and op in _T_ASSIGN_OPS:
            if e > s + 3:
                name = self.text(s + 1)
                expr = self.span(s + 3, e)
                if op != "=":
                    expr = f"{name} {op[0]} ({expr})"
                self.emit(Assign(name, expr, line))
                return
            self.error("SET without a value", line)
        self.emit(Stmt(self.span(s, e), line))

    def declare(self, s: int, e: int, line: int) -> None:
        if self.cursor_declare(s, e):
            return
        for a, b in self.split_commas(s + 1, e):
            if a >= b:
                self.error("empty declaration", line)
                continue
            k = a + 1 + (self.up_at(a + 1) == "AS")
            eq = self.find(("=",), k, b)
            typ = self.span(k, b if eq is None else eq)
            default = None if eq is None else self.span(eq + 1, b) or None
            self.emit(Declare(self.text(a), typ, self.toks[a].line, default=default))

    def cursor_declare(self, s: int, e: int) -> bool:
        """DECLARE c [options] CURSOR [options] FOR <query> [FOR UPDATE …]."""
        if self.kind_at(s + 1) not in _NAMES or self.up_at(s + 1).startswith("@"):
            return False
        c = self.find(("CURSOR",), s + 2, min(e, s + 8))
        if c is None:
            return False
        f = self.find(("FOR",), c + 1, e)
        query = None
        if f is not None:
            end = e
            for k in range(e - 1, f + 1, -1):
                if self.up_at(k) == "FOR" and self.up_at(k + 1) in ("UPDATE", "READ"):
                    end = k
                    break
            query = self.span(f + 1, end) or None
        self.emit(Declare(self.text(s + 1), "CURSOR", self.toks[s + 1].line, cursor=query))
        return True

    def return_(self, s: int, e: int, line: int) -> None:
        self.emit(Return(self.span(s + 1, e) or None, line))

    def raiserror(self, s: int, e: int, line: int) -> None:
        """Severity 0–10 is a message, not an abort; unknown severity counts as an abort
        (a re-raise in a CATCH block passes the caught severity in a variable)."""
        severity = self.severity(s, e)
        text = self.span(s, e)
        self.emit(
            Stmt(text, line) if severity is not None and severity <= 10 else Raise(text, line)
        )

    def severity(self, s: int, e: int) -> int | None:
        if s + 1 >= e or self.toks[s + 1].kind != "group":
            return None
        args: list[list[_Tok]] = [[]]
        for kid in self.toks[s + 1].kids:
            if kid.up == ",":
                args.append([])
            else:
                args[-1].append(kid)
        if len(args) < 2 or len(args[1]) != 1 or args[1][0].kind != "num":
            return None
        digits = self.src[args[1][0].start : args[1][0].end]
        return int(digits) if digits.isdigit() else None

    def raise_(self, s: int, e: int, line: int) -> None:
        self.emit(Raise(self.span(s, e), line))

    def jump(self, s: int, e: int, line: int) -> None:
        kind = self.toks[s].up.lower()
        label = self.text(s + 1) if kind == "goto" and s + 1 < e else None
        self.emit(Jump(kind, line, label=label))

    def open_(self, s: int, e: int, line: int) -> None:
        k = s + 1 + (self.up_at(s + 1) == "GLOBAL")
        if k >= e or self.up_at(k) in ("SYMMETRIC", "ASYMMETRIC", "MASTER"):
            self.emit(Stmt(self.span(s, e), line))
        else:
            self.emit(Open(self.text(k), line))

    def fetch(self, s: int, e: int, line: int) -> None:
        self.emit(self.fetch_node(s, e, line))


# ---------------------------------------------------------------------------------------
# PL/SQL and MySQL: statements end with `;`, blocks with END [IF|LOOP|CASE|…]


class _SemiReader(_Reader):
    """What PL/SQL and MySQL share: `;`-terminated statements, IF/CASE with THEN and
    END IF/END CASE, END <kind> [label];"""

    if_stops: frozenset[str] = frozenset()
    case_stops: frozenset[str] = frozenset()
    loop_stops: frozenset[str] = frozenset()
    keywords: frozenset[str] = frozenset()
    for_open = "LOOP"
    for_close = "LOOP"

    def stmt_end(self, start: int) -> int:
        """Index of the `;` ending the statement at `start`, or of the END (outside a CASE
        expression) where a missing `;` is assumed."""
        case = 0
        for i in range(start + 1, self.n):
            u = self.toks[i].up
            if u == ";":
                return i
            if u == "CASE":
                case += 1
            elif u == "END" and self.toks[i - 1].up != ".":
                if case == 0:
                    return i
                case -= 1
        return self.n

    def take(self) -> tuple[int, int, int]:
        """Consume one simple statement: its token range and line."""
        start = self.pos
        line = self.toks[start].line
        end = self.stmt_end(start)
        self.pos = end
        if not self.accept(";") and end < self.n:
            self.error("missing ';'", line)
        return start, end, line

    def condition(self, stops: frozenset[str], what: str) -> str:
        """Text up to the first of `stops` outside a CASE expression; pos stays on it."""
        start, line = self.pos, self.line()
        case = 0
        i = start
        while i < self.n:
            u = self.toks[i].up
            if (case == 0 and u in stops) or u == ";":
                break
            if u == "CASE":
                case += 1
            elif u == "END":
                if case == 0:
                    break
                case -= 1
            i += 1
        self.pos = i
        if self.up() not in stops:
            self.error(f"missing {what}", line)
        return self.span(start, i)

    def close(self, kind: str | None, line: int) -> None:
        """END [kind] [label] ;. A mismatched END is left for the enclosing construct, so
        one missing END IF costs one error instead of misplacing everything after it."""
        what = f"END {kind}" if kind else "END"
        q = self.up(1) if self.up(1) in _QUALIFIERS else None
        if self.up() != "END" or q != kind:
            self.error(f"missing {what}", line)
            return
        self.pos += 2 if kind else 1
        self.end_tail(quiet=False)

    def end_tail(self, quiet: bool) -> None:
        tok = self.toks[self.pos]
        if (
            tok.kind in _NAMES
            and self.up(1) in (";", "")
            and tok.up not in self.keywords
            and tok.up not in self.dispatch
        ):
            self.pos += 1
        if not self.accept(";") and self.pos < self.n and not quiet:
            self.error("missing ';' after END", self.line())

    def block_body(self, block: Block, stops: frozenset[str]) -> None:
        """The statements of a BEGIN block; an END IF/END LOOP that closes nothing here is
        an error and is skipped, since the block's own END is still ahead."""
        while True:
            self.parse_list(block, stops)
            if not (self.up() == "END" and self.up(1) in _QUALIFIERS):
                return
            block.errors.append((f"END {self.up(1)} closes nothing", self.line()))
            self.pos += 2
            self.end_tail(quiet=True)

    def if_(self) -> None:
        """IF c THEN … {ELSIF|ELSEIF c THEN …} [ELSE …] END IF: one If, branches in order."""
        line = self.line()
        self.pos += 1
        cond: str | None = self.condition(_THEN, "THEN")
        self.accept("THEN")
        branches: list[tuple[str | None, Block]] = []
        bline = line
        while True:
            body = Block(line=bline)
            self.parse_list(body, self.if_stops)
            branches.append((cond, body))
            u = self.up()
            if u not in ("ELSIF", "ELSEIF", "ELSE"):
                break
            if cond is None:
                self.error(f"{u} after ELSE", self.line())
            bline = self.line()
            self.pos += 1
            cond = None if u == "ELSE" else self.condition(_THEN, "THEN")
            self.accept("THEN")
        self.emit(If(branches, line))
        self.close("IF", line)

    def case_(self) -> None:
        """A CASE statement (a CASE expression is always inside some statement's text)."""
        line = self.line()
        self.pos += 1
        subject = self.condition(_WHEN, "WHEN") or None
        branches: list[tuple[str | None, Block]] = []
        while self.up() in ("WHEN", "ELSE"):
            bline = self.line()
            is_else = self.up() == "ELSE"
            self.pos += 1
            cond = None if is_else else self.condition(_THEN, "THEN")
            self.accept("THEN")
            body = Block(line=bline)
            self.parse_list(body, self.case_stops)
            branches.append((cond, body))
        self.emit(Case(subject, branches, line))
        self.close("CASE", line)

    def loop_rest(
        self,
        kind: str,
        line: int,
        words: tuple[str, str],
        label: str | None,
        header: str | None = None,
        var: str | None = None,
    ) -> None:
        """From the keyword that opens the body (LOOP/DO) to END <words[1]>."""
        opener, closer = words
        if not self.accept(opener):
            self.error(f"missing {opener}", line)
        body = Block(line=line)
        self.parse_list(body, self.loop_stops)
        self.emit(Loop(kind, body, line, header=header, var=var, label=label))
        self.close(closer, line)

    def for_(self) -> None:
        """PL/SQL `FOR v IN … LOOP` and MariaDB `FOR v IN … DO`."""
        label, line = self.take_label(), self.line()
        if self.up(2) != "IN" or self.kind_at(self.pos + 1) not in _NAMES:
            self.error("malformed FOR", line)
            self.stmt()
            return
        var = self.text(self.pos + 1)
        self.pos += 3
        self.accept("REVERSE")
        start = self.pos
        self.condition(frozenset({self.for_open}), self.for_open)
        kind, header = self.for_kind(start, self.pos)
        self.loop_rest(kind, line, (self.for_open, self.for_close), label, header, var)

    def for_kind(self, a: int, b: int) -> tuple[str, str]:
        if b - a == 1 and self.toks[a].kind == "group":
            group = self.toks[a]
            return "for_query", self.src[group.start + 1 : group.end - 1].strip()
        if self.find(("..",), a, b) is not None:
            return "for_range", self.span(a, b)
        stop = next((k for k in range(a, b) if self.toks[k].kind == "group"), b)
        return "for_cursor", self.span(a, stop)

    # -- simple statements ---------------------------------------------------------------
    def stmt(self) -> None:
        s, e, line = self.take()
        self.emit(Stmt(self.span(s, e), line))

    def return_(self) -> None:
        s, e, line = self.take()
        self.emit(Return(self.span(s + 1, e) or None, line))

    def raise_(self) -> None:
        s, e, line = self.take()
        self.emit(Raise(self.span(s, e), line))

    def exec_(self) -> None:
        s, e, line = self.take()
        self.emit(Exec(self.span(s, e), line))

    def jump_label(self) -> None:
        s, e, line = self.take()
        label = self.text(s + 1) if s + 1 < e else None
        self.emit(Jump(self.toks[s].up.lower(), line, label=label))

    def open_(self) -> None:
        s, e, line = self.take()
        if e - s < 2:
            self.error("OPEN without a cursor", line)
            self.emit(Stmt(self.span(s, e), line))
            return
        f = self.find(("FOR",), s + 2, e)
        query = None
        if f is not None:
            using = self.find(("USING",), f + 1, e)
            query = self.span(f + 1, e if using is None else using) or None
        self.emit(Open(self.text(s + 1), line, query))

    def fetch(self) -> None:
        s, e, line = self.take()
        self.emit(self.fetch_node(s, e, line))

    def stray_end(self) -> None:
        self.error("END without a matching block", self.line())
        self.pos += 1
        if self.up() in _QUALIFIERS:
            self.pos += 1
        self.end_tail(quiet=True)

    def unexpected(self) -> None:
        self.error(f"unexpected {self.up()}", self.line())
        self.pos += 1


# ---------------------------------------------------------------------------------------
# PL/SQL

_P_SQL = _words(
    """SELECT INSERT UPDATE DELETE MERGE WITH COMMIT ROLLBACK SAVEPOINT LOCK SET EXECUTE
    CLOSE PIPE"""
)
_P_BLOCK = frozenset({"END", "EXCEPTION"})
_P_HANDLER = frozenset({"WHEN", "END"})
_P_FORALL_DML = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE", "EXECUTE"})
_P_DECL_WORDS = frozenset({"PROCEDURE", "FUNCTION", "CURSOR", "TYPE", "SUBTYPE", "PRAGMA"})


class _PlsqlReader(_SemiReader):
    structural = frozenset({"BEGIN", "DECLARE", "IF", "CASE", "LOOP", "WHILE", "FOR"})
    if_stops = frozenset({"ELSIF", "ELSEIF", "ELSE", "END", "EXCEPTION"})
    case_stops = frozenset({"WHEN", "ELSE", "END", "EXCEPTION"})
    loop_stops = _P_BLOCK
    dispatch: ClassVar[Mapping[str, str]] = {
        "BEGIN": "block",
        "DECLARE": "block",
        "IF": "if_",
        "CASE": "case_",
        "LOOP": "loop",
        "WHILE": "while_",
        "FOR": "for_",
        "FORALL": "forall",
        "EXIT": "exit_",
        "CONTINUE": "exit_",
        "GOTO": "jump_label",
        "RETURN": "return_",
        "RAISE": "raise_",
        "NULL": "null",
        "CALL": "exec_",
        "OPEN": "open_",
        "FETCH": "fetch",
        "END": "stray_end",
        **dict.fromkeys(("ELSE", "ELSIF", "ELSEIF", "WHEN", "EXCEPTION", "THEN"), "unexpected"),
    }
    keywords = _P_SQL | _P_DECL_WORDS | frozenset(dispatch)

    def parse_root(self) -> Block:
        """The routine's own block: [DECLARE] declarations, then BEGIN … END. Job steps and
        CALL trigger bodies have no BEGIN: their statements are the root's items."""
        root = Block(line=self.toks[0].line)
        self.stack = [root]
        compound = self.compound_line()
        if compound is not None:
            root.errors.append(("compound triggers are not supported", compound))
            return root
        while self.kind_at(self.pos) == "label":
            tok = self.toks[self.pos]
            root.label = self.src[tok.start + 2 : tok.end - 2].strip()
            self.pos += 1
        strict = self.accept("DECLARE")
        self.declarations(strict)
        if self.up() == "BEGIN":
            self.body(root)
            while self.up() in (";", "/"):
                self.pos += 1
            if self.pos < self.n:
                self.error("text after the final END", self.line())
                self.parse_list(root, frozenset())
        else:
            if strict:
                self.error("DECLARE without BEGIN", root.line)
            self.parse_list(root, frozenset())
        return root

    def compound_line(self) -> int | None:
        """Compound triggers (timing-point sections) are out of scope; say so instead of
        reading them as something else."""
        if self.up() == "COMPOUND":
            return self.line()
        for i, tok in enumerate(self.toks):
            if tok.up not in ("BEFORE", "AFTER", "INSTEAD"):
                continue
            words = " ".join(self.up_at(i + k) for k in range(1, 5))
            if words.startswith(("STATEMENT IS", "EACH ROW IS", "OF EACH ROW IS")):
                return tok.line
        return None

    # -- declarations --------------------------------------------------------------------
    def declarations(self, strict: bool) -> None:
        """The declare section. Without DECLARE (a procedure body after IS) the section
        simply ends at the first thing that is not a declaration."""
        while self.pos < self.n:
            u = self.up()
            if u == ";":
                self.pos += 1
            elif u in ("PROCEDURE", "FUNCTION"):
                self.subprogram()
            elif u == "CURSOR":
                self.cursor()
            elif u in ("TYPE", "SUBTYPE", "PRAGMA"):
                self.take()  # no data effect, and not SQL: as a Stmt it would read as a gap
            elif self.is_variable():
                self.variable()
            elif not strict or u in self.keywords or self.kind_at(self.pos) == "label":
                return
            else:
                s, e, line = self.take()
                self.error("not a declaration", line)
                self.emit(Stmt(self.span(s, e), line))

    def is_variable(self) -> bool:
        tok = self.toks[self.pos]
        return (
            tok.kind in _NAMES
            and tok.up not in self.keywords
            and self.kind_at(self.pos + 1) in _NAMES
        )

    def variable(self) -> None:
        """name [CONSTANT] type [NOT NULL] [:= | DEFAULT expr];"""
        s, e, line = self.take()
        k = s + 1
        constant = self.up_at(k) == "CONSTANT"
        k += constant
        d = self.find((":=", "DEFAULT"), k, e)
        type_end = e if d is None else d
        if (
            type_end - k >= 2
            and self.up_at(type_end - 2) == "NOT"
            and self.up_at(type_end - 1) == "NULL"
        ):
            type_end -= 2
        default = None if d is None else self.span(d + 1, e) or None
        typ = self.span(k, type_end)
        self.emit(Declare(self.text(s), typ, line, default=default, constant=constant))

    def cursor(self) -> None:
        s, e, line = self.take()
        if e - s < 2:
            self.error("CURSOR without a name", line)
            return
        is_ = self.find(("IS",), s + 2, e)
        query = None if is_ is None else self.span(is_ + 1, e) or None
        self.emit(Declare(self.text(s + 1), "CURSOR", line, cursor=query))

    def subprogram(self) -> None:
        """A nested procedure or function is kept whole as a Stmt (what it does is not read
        here, and the caller should know that); its body is read only to find its end."""
        start, line = self.pos, self.line()
        i = self.find((";", "IS", "AS"), start + 1, self.n)
        if i is None or self.up_at(i) == ";":
            self.take()  # a forward declaration: the body comes later in this section
            return
        if self.up_at(i + 1) in ("LANGUAGE", "EXTERNAL"):
            self.stmt()  # an external routine: its body is not PL/SQL
            return
        self.pos = i + 1
        if self.depth >= _MAX_DEPTH:
            self.error("nesting too deep", line)
            return
        scratch = Block(line=line)
        self.stack.append(scratch)
        self.depth += 1
        try:
            self.declarations(strict=True)
            if self.up() == "BEGIN":
                self.body(scratch)
            else:
                self.error("missing BEGIN", line)
        finally:
            self.depth -= 1
            self.stack.pop()
        end = self.pos - (self.up_at(self.pos - 1) == ";")
        self.emit(Stmt(self.span(start, end), line))

    # -- blocks and loops ----------------------------------------------------------------
    def body(self, block: Block) -> None:
        """BEGIN … [EXCEPTION WHEN … THEN …] END [name];"""
        line = self.line()
        self.pos += 1
        self.block_body(block, _P_BLOCK)
        if self.accept("EXCEPTION"):
            while self.up() == "WHEN":
                hline = self.line()
                self.pos += 1
                cond = self.condition(_THEN, "THEN")
                self.accept("THEN")
                handler = Block(line=hline)
                self.parse_list(handler, _P_HANDLER)
                block.handlers.append((None if cond.upper() == "OTHERS" else cond, handler))
        self.close(None, line)

    def block(self) -> None:
        block = Block(line=self.line(), label=self.take_label())
        self.stack.append(block)
        try:
            if self.accept("DECLARE"):
                self.declarations(strict=True)
        finally:
            self.stack.pop()
        if self.up() == "BEGIN":
            self.body(block)
        else:
            block.errors.append(("DECLARE without BEGIN", block.line))
        self.emit(block)

    def loop(self) -> None:
        label, line = self.take_label(), self.line()
        self.loop_rest("loop", line, ("LOOP", "LOOP"), label)

    def while_(self) -> None:
        label, line = self.take_label(), self.line()
        self.pos += 1
        cond = self.condition(frozenset({"LOOP"}), "LOOP")
        self.loop_rest("while", line, ("LOOP", "LOOP"), label, header=cond)

    def forall(self) -> None:
        """FORALL i IN bounds [SAVE EXCEPTIONS] <dml>: a loop around one statement."""
        line = self.line()
        end = self.stmt_end(self.pos)
        dml = self.find(_P_FORALL_DML, self.pos + 3, end)
        if self.up(2) != "IN" or self.kind_at(self.pos + 1) not in _NAMES or dml is None:
            self.error("malformed FORALL", line)
            self.stmt()
            return
        var = self.text(self.pos + 1)
        stop = dml - 2 if self.up_at(dml - 1) == "EXCEPTIONS" else dml
        header = self.span(self.pos + 3, stop)
        self.pos = dml
        s, e, sline = self.take()
        body = Block(items=[Stmt(self.span(s, e), sline)], line=sline)
        self.emit(Loop("for_range", body, line, header=header, var=var))

    # -- simple statements ---------------------------------------------------------------
    def exit_(self) -> None:
        """EXIT/CONTINUE [label] [WHEN cond];"""
        s, e, line = self.take()
        k = s + 1
        label = when = None
        if k < e and self.up_at(k) != "WHEN":
            label = self.text(k)
            k += 1
        if k < e and self.up_at(k) == "WHEN":
            when = self.span(k + 1, e) or None
        self.emit(Jump(self.toks[s].up.lower(), line, when=when, label=label))

    def null(self) -> None:
        """NULL; does nothing and produces no node."""
        self.take()

    def other(self) -> None:
        """SQL statements, `target := expr`, and procedure calls."""
        s, e, line = self.take()
        tok = self.toks[s]
        if tok.kind == "word" and tok.up in _P_SQL:
            self.emit(Stmt(self.span(s, e), line))
            return
        assign = self.find((":=",), s, e)
        if assign is not None and assign > s:
            self.emit(Assign(self.span(s, assign), self.span(assign + 1, e), line))
        elif self.is_call(s, e):
            text = self.span(s, e)
            raising = self.find(("RAISE_APPLICATION_ERROR",), s, e) is not None
            self.emit(Raise(text, line) if raising else Exec(text, line))
        else:
            self.error("unrecognised statement", line)
            self.emit(Stmt(self.span(s, e), line))

    def is_call(self, s: int, e: int) -> bool:
        """`pkg.proc(a, b)` or `pkg.proc`: a dotted name, optionally with arguments."""
        if e > s + 1 and self.kind_at(e - 1) == "group":
            e -= 1
        return self.is_name(s, e)


# ---------------------------------------------------------------------------------------
# MySQL / MariaDB

_M_STMT_WORDS = _words(
    """SELECT INSERT UPDATE DELETE REPLACE WITH CLOSE PREPARE EXECUTE DEALLOCATE DO GET
    CREATE DROP ALTER TRUNCATE START COMMIT ROLLBACK SAVEPOINT RELEASE LOCK UNLOCK LOAD
    FLUSH ANALYZE OPTIMIZE RENAME KILL PURGE RESET SHOW USE TABLE VALUES GRANT REVOKE XA
    HANDLER CHECKSUM CHECK REPAIR EXPLAIN DESCRIBE DESC CACHE INSTALL UNINSTALL"""
)
# `SET <word> …` forms that set no variable of the routine.
_M_SET_STMT = _words(
    """GLOBAL SESSION LOCAL PERSIST PERSIST_ONLY NAMES CHARACTER CHARSET TRANSACTION
    PASSWORD ROLE DEFAULT STATEMENT"""
)


class _MysqlReader(_SemiReader):
    structural = frozenset({"BEGIN", "IF", "CASE", "WHILE", "REPEAT", "LOOP", "FOR", "DECLARE"})
    if_stops = frozenset({"ELSEIF", "ELSIF", "ELSE", "END"})
    case_stops = frozenset({"WHEN", "ELSE", "END"})
    loop_stops = _END
    for_open = "DO"
    for_close = "FOR"
    dispatch: ClassVar[Mapping[str, str]] = {
        "BEGIN": "begin",
        "IF": "if_",
        "CASE": "case_",
        "WHILE": "while_",
        "REPEAT": "repeat",
        "LOOP": "loop",
        "FOR": "for_",
        "DECLARE": "declare",
        "SET": "set_",
        "LEAVE": "jump_label",
        "ITERATE": "jump_label",
        "RETURN": "return_",
        "SIGNAL": "raise_",
        "RESIGNAL": "raise_",
        "CALL": "exec_",
        "OPEN": "open_",
        "FETCH": "fetch",
        "END": "stray_end",
        **dict.fromkeys(("ELSE", "ELSEIF", "ELSIF", "WHEN", "UNTIL", "THEN"), "unexpected"),
    }
    keywords = _M_STMT_WORDS | frozenset(dispatch)

    def begin(self) -> None:
        label, line = self.take_label(), self.line()
        self.pos += 1
        if self.up() == "NOT" and self.up(1) == "ATOMIC":
            self.pos += 2
        block = Block(line=line, label=label)
        self.block_body(block, _END)
        self.close(None, line)
        self.emit(block)

    def while_(self) -> None:
        label, line = self.take_label(), self.line()
        self.pos += 1
        cond = self.condition(frozenset({"DO"}), "DO")
        self.loop_rest("while", line, ("DO", "WHILE"), label, header=cond)

    def loop(self) -> None:
        label, line = self.take_label(), self.line()
        self.loop_rest("loop", line, ("LOOP", "LOOP"), label)

    def repeat(self) -> None:
        label, line = self.take_label(), self.line()
        self.pos += 1
        body = Block(line=line)
        self.parse_list(body, frozenset({"UNTIL", "END"}))
        cond = None
        if self.accept("UNTIL"):
            cond = self.condition(_END, "END REPEAT")
        else:
            self.error("REPEAT without UNTIL", line)
        self.emit(Loop("repeat", body, line, header=cond, label=label))
        self.close("REPEAT", line)

    def declare(self) -> None:
        """DECLARE a, b INT DEFAULT 0 / c CURSOR FOR … / x CONDITION FOR … / handlers."""
        if self.up(2) == "HANDLER":
            self.handler()
            return
        s, e, line = self.take()
        names: list[int] = []
        k = s + 1
        while k < e and self.kind_at(k) in _NAMES:
            names.append(k)
            k += 1
            if self.up_at(k) != ",":
                break
            k += 1
        if not names:
            self.error("malformed DECLARE", line)
            self.emit(Stmt(self.span(s, e), line))
        elif self.up_at(k) == "CURSOR":
            f = self.find(("FOR",), k, e)
            query = None if f is None else self.span(f + 1, e) or None
            self.emit(Declare(self.text(names[0]), "CURSOR", line, cursor=query))
        else:
            d = self.find(("DEFAULT",), k, e)
            typ = self.span(k, e if d is None else d)
            default = None if d is None else self.span(d + 1, e) or None
            for i in names:
                self.emit(Declare(self.text(i), typ, self.toks[i].line, default=default))

    def handler(self) -> None:
        """DECLARE {CONTINUE|EXIT|UNDO} HANDLER FOR cond[, …] <statement>: a handler of the
        enclosing block, its body that one statement (a BEGIN … END is used as is)."""
        line = self.line()
        self.pos += 3
        if not self.accept("FOR"):
            self.error("malformed handler", line)
        start = self.pos
        while self.pos < self.n:
            u = self.up()
            if u == "SQLSTATE":
                self.pos += 1
                self.accept("VALUE")
                self.pos += 1
            else:
                self.pos += 2 if u == "NOT" else 1
            if not self.accept(","):
                break
        self.pos = min(self.pos, self.n)
        cond = self.span(start, self.pos) or None
        body = Block(line=self.line())
        self.one(body)
        inner = body.items[0] if len(body.items) == 1 else None
        if isinstance(inner, Block) and not body.errors and not inner.handlers:
            body = inner
        self.stack[-1].handlers.append((cond, body))

    def set_(self) -> None:
        """SET v = expr, w = expr2: one Assign each; other SET forms are statements."""
        s, e, line = self.take()
        if self.up_at(s + 1) in _M_SET_STMT:
            self.emit(Stmt(self.span(s, e), line))
            return
        assigns: list[Node] = []
        for a, b in self.split_commas(s + 1, e):
            eq = self.find(("=", ":="), a, b)
            if eq is None or not self.is_name(a, eq):
                self.emit(Stmt(self.span(s, e), line))
                return
            assigns.append(Assign(self.span(a, eq), self.span(eq + 1, b), self.toks[a].line))
        for node in assigns:
            self.emit(node)

    def other(self) -> None:
        s, e, line = self.take()
        tok = self.toks[s]
        if not (tok.kind == "word" and tok.up in _M_STMT_WORDS):
            self.error("unrecognised statement", line)
        self.emit(Stmt(self.span(s, e), line))
