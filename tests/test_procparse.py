"""Reading T-SQL, PL/SQL and MySQL routine bodies into control-structure trees, no database."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TypeVar, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchdog.analysis.procparse import parse_procedural
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

T = TypeVar("T")


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, depth first, handlers after items."""
    yield node
    if isinstance(node, Block):
        for item in node.items:
            yield from walk(item)
        for _, handler in node.handlers:
            yield from walk(handler)
    elif isinstance(node, If | Case):
        for _, body in node.branches:
            yield from walk(body)
    elif isinstance(node, Loop):
        yield from walk(node.body)


def all_of(node: Node, kind: type[T]) -> list[T]:
    return [n for n in walk(node) if isinstance(n, kind)]


def errors(node: Node) -> list[tuple[str, int]]:
    return [e for b in all_of(node, Block) for e in b.errors]


def clean(body: str, dialect: Dialect) -> Block:
    """Parse a body that is valid code: it must read without a single error."""
    tree = parse_procedural(body, dialect)
    assert errors(tree) == [], errors(tree)
    return tree


def texts(block: Block) -> list[str]:
    """What each top-level item says, in order (a compact way to assert on a sequence)."""
    out: list[str] = []
    for item in block.items:
        if isinstance(item, Stmt | Exec | Raise):
            out.append(f"{type(item).__name__}:{item.text}")
        elif isinstance(item, Assign):
            out.append(f"Assign:{item.target}={item.expr}")
        elif isinstance(item, Declare):
            out.append(f"Declare:{item.name}")
        else:
            out.append(type(item).__name__)
    return out


# ---------------------------------------------------------------------------------------
# T-SQL


def test_tsql_insert_guarded_by_if_exists() -> None:
    tree = clean(
        """BEGIN
    SET NOCOUNT ON;
    IF EXISTS (SELECT 1 FROM dbo.federal_list f WHERE f.person_id = @pid AND f.code = 'END')
    BEGIN
        INSERT INTO dbo.alerts (person_id, reason) VALUES (@pid, 'listed')
        EXEC msdb.dbo.sp_send_dbmail @recipients = 'ops@agency.gov', @body = @msg
    END
END""",
        "tsql",
    )
    assert isinstance(tree.items[0], Stmt) and tree.items[0].text == "SET NOCOUNT ON"
    guard = tree.items[1]
    assert isinstance(guard, If)
    cond, body = guard.branches[0]
    assert cond == (
        "EXISTS (SELECT 1 FROM dbo.federal_list f WHERE f.person_id = @pid AND f.code = 'END')"
    )
    assert texts(body) == [
        "Stmt:INSERT INTO dbo.alerts (person_id, reason) VALUES (@pid, 'listed')",
        "Exec:EXEC msdb.dbo.sp_send_dbmail @recipients = 'ops@agency.gov', @body = @msg",
    ]


def test_tsql_declarations_with_defaults_and_table_variable() -> None:
    tree = clean(
        "DECLARE @v int = 5, @w nvarchar(max);\nDECLARE @t TABLE (id int, name varchar(10))",
        "tsql",
    )
    v, w, t = tree.items
    assert v == Declare("@v", "int", 1, default="5")
    assert w == Declare("@w", "nvarchar(max)", 1)
    assert t == Declare("@t", "TABLE (id int, name varchar(10))", 2)


def test_tsql_statements_without_semicolons_split_at_statement_keywords() -> None:
    tree = clean(
        """EXEC sp_log @a = 1
EXEC sp_log @a = 2
SELECT @n = COUNT(*) FROM t WHERE x = 1
UPDATE t SET a = 1 WHERE id = @id
DELETE FROM t WHERE id IN (SELECT id FROM s)
PRINT 'done'""",
        "tsql",
    )
    assert texts(tree) == [
        "Exec:EXEC sp_log @a = 1",
        "Exec:EXEC sp_log @a = 2",
        "Stmt:SELECT @n = COUNT(*) FROM t WHERE x = 1",
        "Stmt:UPDATE t SET a = 1 WHERE id = @id",
        "Stmt:DELETE FROM t WHERE id IN (SELECT id FROM s)",
        "Stmt:PRINT 'done'",
    ]


def test_tsql_case_expression_does_not_end_the_statement() -> None:
    tree = clean(
        """SELECT @kind = CASE WHEN s.code = 'ICE' THEN 'federal' ELSE 'local' END,
       @n = CASE s.flag WHEN 1 THEN 2 END
FROM subjects s
UPDATE t SET a = CASE WHEN b = 1 THEN 'BEGIN' ELSE 'x' END, c = 2 FROM t JOIN s ON s.id = t.id
SET @x = CASE WHEN @a > 1 THEN 1 ELSE 0 END
IF CASE WHEN @a = 1 THEN 1 ELSE 0 END = 1 PRINT 'one'""",
        "tsql",
    )
    first, update, assign, guard = tree.items
    assert isinstance(first, Stmt) and first.text.endswith("FROM subjects s")
    assert isinstance(update, Stmt) and update.text.endswith("JOIN s ON s.id = t.id")
    assert assign == Assign("@x", "CASE WHEN @a > 1 THEN 1 ELSE 0 END", 5)
    assert isinstance(guard, If)
    assert guard.branches[0][0] == "CASE WHEN @a = 1 THEN 1 ELSE 0 END = 1"


def test_tsql_if_without_begin_and_else() -> None:
    tree = clean(
        "IF @status = 'W' INSERT INTO alerts SELECT id FROM inserted ELSE DELETE FROM alerts\n"
        "SELECT 1",
        "tsql",
    )
    guard, after = tree.items
    assert isinstance(guard, If)
    (c1, b1), (c2, b2) = guard.branches
    assert c1 == "@status = 'W'" and c2 is None
    assert texts(b1) == ["Stmt:INSERT INTO alerts SELECT id FROM inserted"]
    assert texts(b2) == ["Stmt:DELETE FROM alerts"]
    assert isinstance(after, Stmt) and after.text == "SELECT 1"


def test_tsql_condition_ends_where_the_statement_starts() -> None:
    tree = clean("IF @x = 1 AND (SELECT count(*) FROM t) > 0 SET @y = 1", "tsql")
    guard = tree.items[0]
    assert isinstance(guard, If)
    cond, body = guard.branches[0]
    assert cond == "@x = 1 AND (SELECT count(*) FROM t) > 0"
    assert body.items == [Assign("@y", "1", 1)]


def test_tsql_else_if_chain_is_one_if_and_inner_if_takes_the_dangling_else() -> None:
    tree = clean(
        """IF @a = 1 SET @r = 1
ELSE IF @a = 2 SET @r = 2
ELSE IF @a = 3 BEGIN SET @r = 3 END
ELSE SET @r = 0
IF @x = 1 IF @y = 2 SELECT 1 ELSE SELECT 2""",
        "tsql",
    )
    chain, dangling = tree.items
    assert isinstance(chain, If)
    assert [c for c, _ in chain.branches] == ["@a = 1", "@a = 2", "@a = 3", None]
    assert chain.branches[2][1].items == [Assign("@r", "3", 3)]
    assert isinstance(dangling, If) and len(dangling.branches) == 1
    inner = dangling.branches[0][1].items[0]
    assert isinstance(inner, If)
    assert [c for c, _ in inner.branches] == ["@y = 2", None]


def test_tsql_nested_blocks_keep_their_structure() -> None:
    tree = clean(
        """BEGIN
  IF @a = 1
  BEGIN
    IF NOT EXISTS (SELECT * FROM w WHERE w.id = @id)
      RETURN
    UPDATE w SET hits = hits + 1 WHERE id = @id
  END
  ELSE
  BEGIN
    WHILE @i < 10
    BEGIN
      SET @i = @i + 1
      IF @i = 5 BREAK
      IF @i = 3 CONTINUE
    END
  END
END""",
        "tsql",
    )
    outer = tree.items[0]
    assert isinstance(outer, If)
    then_block, else_block = (b for _, b in outer.branches)
    inner = then_block.items[0]
    assert isinstance(inner, If)
    assert inner.branches[0][0] == "NOT EXISTS (SELECT * FROM w WHERE w.id = @id)"
    assert inner.branches[0][1].items == [Return(None, 5)]
    assert texts(then_block)[1] == "Stmt:UPDATE w SET hits = hits + 1 WHERE id = @id"
    loop = else_block.items[0]
    assert isinstance(loop, Loop) and loop.kind == "while" and loop.header == "@i < 10"
    jumps = [j.kind for j in all_of(loop, Jump)]
    assert jumps == ["break", "continue"]


def test_tsql_trigger_if_update_column_is_a_condition() -> None:
    tree = clean(
        "IF UPDATE(list_code) OR UPDATE(status)\n  INSERT INTO audit SELECT * FROM inserted",
        "tsql",
    )
    guard = tree.items[0]
    assert isinstance(guard, If)
    assert guard.branches[0][0] == "UPDATE(list_code) OR UPDATE(status)"
    assert texts(guard.branches[0][1]) == ["Stmt:INSERT INTO audit SELECT * FROM inserted"]


def test_tsql_try_catch_is_a_block_with_a_handler() -> None:
    tree = clean(
        """BEGIN TRY
    EXEC dbo.notify_federal @id = @id
END TRY
BEGIN CATCH
    DECLARE @err nvarchar(4000) = ERROR_MESSAGE();
    RAISERROR(@err, 16, 1);
    THROW;
END CATCH""",
        "tsql",
    )
    assert texts(tree) == ["Exec:EXEC dbo.notify_federal @id = @id"]
    ((cond, catch),) = tree.handlers
    assert cond is None
    assert texts(catch) == ["Declare:@err", "Raise:RAISERROR(@err, 16, 1)", "Raise:THROW"]


def test_tsql_cursor_loop() -> None:
    tree = clean(
        """BEGIN
  DECLARE @id int, @name nvarchar(100);
  DECLARE c CURSOR LOCAL FAST_FORWARD FOR
    SELECT p.id, p.name FROM persons p JOIN watchlist w ON w.pid = p.id
  OPEN c; FETCH NEXT FROM c INTO @id, @name;
  WHILE @@FETCH_STATUS = 0
  BEGIN
    INSERT INTO alerts (pid) VALUES (@id)
    FETCH NEXT FROM c INTO @id, @name
  END
  CLOSE c
  DEALLOCATE c
END""",
        "tsql",
    )
    cursor = tree.items[2]
    assert isinstance(cursor, Declare) and cursor.type == "CURSOR"
    assert cursor.cursor == "SELECT p.id, p.name FROM persons p JOIN watchlist w ON w.pid = p.id"
    assert tree.items[3] == Open("c", 5)
    assert tree.items[4] == Fetch("c", ["@id", "@name"], 5)
    loop = tree.items[5]
    assert isinstance(loop, Loop) and loop.header == "@@FETCH_STATUS = 0"
    assert texts(loop.body) == ["Stmt:INSERT INTO alerts (pid) VALUES (@id)", "Fetch"]
    assert texts(tree)[-2:] == ["Stmt:CLOSE c", "Stmt:DEALLOCATE c"]


def test_tsql_cursor_declaration_without_its_for_update_clause() -> None:
    tree = clean("DECLARE c CURSOR FOR SELECT id FROM t FOR UPDATE OF id\nOPEN c", "tsql")
    cursor = tree.items[0]
    assert isinstance(cursor, Declare) and cursor.cursor == "SELECT id FROM t"
    assert tree.items[1] == Open("c", 2)


def test_tsql_set_forms() -> None:
    tree = clean(
        "SET @v = (SELECT max(id) FROM t WHERE a = 1)\nSET @v += 1\nSET @s = @s + N'x'\n"
        "SET XACT_ABORT ON\nSET @c = CURSOR FOR SELECT 1",
        "tsql",
    )
    assert tree.items[:3] == [
        Assign("@v", "(SELECT max(id) FROM t WHERE a = 1)", 1),
        Assign("@v", "@v + (1)", 2),
        Assign("@s", "@s + N'x'", 3),
    ]
    assert tree.items[3] == Stmt("SET XACT_ABORT ON", 4)
    assert tree.items[4] == Assign("@c", "CURSOR FOR SELECT 1", 5)


def test_tsql_exec_forms() -> None:
    tree = clean(
        """EXEC dbo.proc @a = @b, @c = N'x'
EXECUTE sp_executesql @sql, N'@p int', @p = @x
EXEC (@sql)
EXEC @rc = dbo.check_list @id
EXECUTE AS USER = 'reader'
REVERT""",
        "tsql",
    )
    assert texts(tree) == [
        "Exec:EXEC dbo.proc @a = @b, @c = N'x'",
        "Exec:EXECUTE sp_executesql @sql, N'@p int', @p = @x",
        "Exec:EXEC (@sql)",
        "Exec:EXEC @rc = dbo.check_list @id",
        "Stmt:EXECUTE AS USER = 'reader'",
        "Stmt:REVERT",
    ]


def test_tsql_call_without_exec_only_at_the_start_of_a_batch() -> None:
    tree = parse_procedural("dbo.notify @a = 1\nGO\n[dbo].[log] 5\nSELECT 1; dbo.x 1", "tsql")
    assert texts(tree) == [
        "Exec:dbo.notify @a = 1",
        "Exec:[dbo].[log] 5",
        "Stmt:SELECT 1",
        "Stmt:dbo.x 1",
    ]
    assert errors(tree) == [("unrecognised statement", 4)]


def test_tsql_raise_and_messages() -> None:
    tree = clean(
        "RAISERROR('stop', 16, 1)\nRAISERROR('note', 0, 1) WITH NOWAIT\nRAISERROR(@m, @sev, 1)\n"
        "THROW 50000, 'x', 1;\nPRINT 'hello'\nRETURN 1\nRETURN",
        "tsql",
    )
    assert texts(tree)[:5] == [
        "Raise:RAISERROR('stop', 16, 1)",
        "Stmt:RAISERROR('note', 0, 1) WITH NOWAIT",
        "Raise:RAISERROR(@m, @sev, 1)",
        "Raise:THROW 50000, 'x', 1",
        "Stmt:PRINT 'hello'",
    ]
    assert tree.items[5:] == [Return("1", 6), Return(None, 7)]


def test_tsql_goto_and_labels() -> None:
    tree = clean("IF @x IS NULL GOTO done\nSET @y = 1\ndone:\nPRINT 'end'", "tsql")
    guard = tree.items[0]
    assert isinstance(guard, If)
    assert guard.branches[0][1].items == [Jump("goto", 1, label="done")]
    assert texts(tree)[1:] == ["Assign:@y=1", "Stmt:PRINT 'end'"]


def test_tsql_statements_that_contain_other_statement_keywords() -> None:
    tree = clean(
        """;WITH cte AS (SELECT id FROM persons WHERE flagged = 1)
INSERT INTO alerts (pid) SELECT id FROM cte
INSERT INTO #t EXEC dbo.rows @p = 1
SELECT a FROM t WITH (NOLOCK) WHERE x = 1 UNION ALL SELECT b FROM u
MERGE alerts AS a USING (SELECT id FROM w) AS s ON a.id = s.id
  WHEN MATCHED THEN UPDATE SET a.hits = a.hits + 1
  WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id);
DROP TABLE IF EXISTS #t
SELECT * FROM t ORDER BY id OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY
BEGIN TRAN
COMMIT TRANSACTION""",
        "tsql",
    )
    got = texts(tree)
    assert got[0] == (
        "Stmt:WITH cte AS (SELECT id FROM persons WHERE flagged = 1)\n"
        "INSERT INTO alerts (pid) SELECT id FROM cte"
    )
    assert got[1] == "Stmt:INSERT INTO #t EXEC dbo.rows @p = 1"
    assert got[2] == "Stmt:SELECT a FROM t WITH (NOLOCK) WHERE x = 1 UNION ALL SELECT b FROM u"
    assert got[3].startswith("Stmt:MERGE alerts") and got[3].endswith("VALUES (s.id)")
    assert got[4:] == [
        "Stmt:DROP TABLE IF EXISTS #t",
        "Stmt:SELECT * FROM t ORDER BY id OFFSET 0 ROWS FETCH NEXT 5 ROWS ONLY",
        "Stmt:BEGIN TRAN",
        "Stmt:COMMIT TRANSACTION",
    ]


def test_tsql_strings_comments_and_brackets_hold_no_structure() -> None:
    tree = clean(
        """-- IF x BEGIN EXEC evil END
/* BEGIN
   END */
SELECT 'END IF; BEGIN' AS [END], "ELSE" FROM t -- END
SET @s = N'it''s END'
EXEC('BEGIN SELECT 1 END')""",
        "tsql",
    )
    assert texts(tree) == [
        "Stmt:SELECT 'END IF; BEGIN' AS [END], \"ELSE\" FROM t",
        "Assign:@s=N'it''s END'",
        "Exec:EXEC('BEGIN SELECT 1 END')",
    ]
    assert [item.line for item in tree.items] == [4, 5, 6]


def test_tsql_line_numbers() -> None:
    tree = clean(
        "\n\nBEGIN\n  DECLARE @a int\n\n  IF @a = 1\n    BEGIN\n      EXEC p\n    END\nEND",
        "tsql",
    )
    assert tree.line == 3
    declare, guard = tree.items
    assert isinstance(declare, Declare) and declare.line == 4
    assert isinstance(guard, If) and guard.line == 6
    assert guard.branches[0][1].line == 7
    assert guard.branches[0][1].items == [Exec("EXEC p", 8)]


def test_tsql_unbalanced_blocks_are_errors_not_exceptions() -> None:
    tree = parse_procedural("BEGIN\n  SELECT 1\nEND\nEND\nBEGIN TRY SELECT 2 END TRY", "tsql")
    assert ("END without BEGIN", 4) in errors(tree)
    assert ("BEGIN TRY without BEGIN CATCH", 5) in errors(tree)
    missing = parse_procedural("BEGIN\n  IF @a = 1 BEGIN SELECT 1\n", "tsql")
    assert [e for e, _ in errors(missing)] == ["missing END", "missing END"]
    assert all_of(missing, Stmt) == [Stmt("SELECT 1", 2)]


# ---------------------------------------------------------------------------------------
# PL/SQL

PLSQL_PROC = """
  v_count   NUMBER := 0;
  c_mail    CONSTANT VARCHAR2(100) := 'alerts@agency.gov';
  v_name    persons.name%TYPE;
  r_person  persons%ROWTYPE;
  e_listed  EXCEPTION;
  CURSOR c_watch(p_list VARCHAR2) IS
    SELECT id, name FROM watchlist WHERE list_code = p_list;
  TYPE t_ids IS TABLE OF NUMBER INDEX BY PLS_INTEGER;
  PRAGMA AUTONOMOUS_TRANSACTION;
  PROCEDURE log_it(p_msg VARCHAR2) IS
  BEGIN
    INSERT INTO log_t VALUES (p_msg);
  END log_it;
BEGIN
  SELECT name INTO v_name FROM persons WHERE id = p_id;
  IF v_name IS NULL THEN
    RETURN;
  END IF;
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    v_count := -1;
  WHEN OTHERS THEN
    log_it('failed');
    RAISE;
END check_person;
"""


def test_plsql_declarations() -> None:
    tree = clean(PLSQL_PROC, "plsql")
    decls = [d for d in tree.items if isinstance(d, Declare)]
    assert decls == [
        Declare("v_count", "NUMBER", 2, default="0"),
        Declare("c_mail", "VARCHAR2(100)", 3, default="'alerts@agency.gov'", constant=True),
        Declare("v_name", "persons.name%TYPE", 4),
        Declare("r_person", "persons%ROWTYPE", 5),
        Declare("e_listed", "EXCEPTION", 6),
        Declare(
            "c_watch",
            "CURSOR",
            7,
            cursor="SELECT id, name FROM watchlist WHERE list_code = p_list",
        ),
    ]
    # TYPE and PRAGMA are skipped; the nested procedure is kept whole as one statement
    nested = tree.items[6]
    assert isinstance(nested, Stmt) and nested.line == 11
    assert nested.text.startswith("PROCEDURE log_it(p_msg VARCHAR2) IS")
    assert nested.text.endswith("END log_it")
    assert isinstance(tree.items[7], Stmt) and tree.items[7].line == 16


def test_plsql_body_and_exception_handlers() -> None:
    tree = clean(PLSQL_PROC, "plsql")
    body = tree.items[-2:]
    assert body[0] == Stmt("SELECT name INTO v_name FROM persons WHERE id = p_id", 16)
    guard = body[1]
    assert isinstance(guard, If) and guard.branches[0] == ("v_name IS NULL", guard.branches[0][1])
    assert guard.branches[0][1].items == [Return(None, 18)]
    (c1, h1), (c2, h2) = tree.handlers
    assert c1 == "NO_DATA_FOUND" and h1.items == [Assign("v_count", "-1", 22)]
    assert c2 is None
    assert texts(h2) == ["Exec:log_it('failed')", "Raise:RAISE"]


def test_plsql_if_elsif_else_nested() -> None:
    tree = clean(
        """BEGIN
  IF :NEW.status = 'W' THEN
    IF :NEW.list_code IN ('A', 'B') THEN
      INSERT INTO alerts VALUES (:NEW.id);
    END IF;
  ELSIF :NEW.status = 'X' THEN
    :NEW.flag := 'Y';
  ELSE
    NULL;
  END IF;
END;""",
        "plsql",
    )
    guard = tree.items[0]
    assert isinstance(guard, If)
    assert [c for c, _ in guard.branches] == [":NEW.status = 'W'", ":NEW.status = 'X'", None]
    inner = guard.branches[0][1].items[0]
    assert isinstance(inner, If) and inner.branches[0][0] == ":NEW.list_code IN ('A', 'B')"
    assert texts(inner.branches[0][1]) == ["Stmt:INSERT INTO alerts VALUES (:NEW.id)"]
    assert guard.branches[1][1].items == [Assign(":NEW.flag", "'Y'", 7)]
    assert guard.branches[2][1].items == []  # NULL; does nothing


def test_plsql_case_statements_and_case_expressions() -> None:
    tree = clean(
        """BEGIN
  CASE v_code
    WHEN 'A' THEN v := 1;
    WHEN 'B', 'C' THEN pkg.flag(v_code);
    ELSE v := CASE WHEN x > 1 THEN 2 ELSE 3 END;
  END CASE;
  CASE WHEN v > 1 THEN NULL; END CASE;
END;""",
        "plsql",
    )
    simple, searched = tree.items
    assert isinstance(simple, Case) and simple.subject == "v_code"
    assert [c for c, _ in simple.branches] == ["'A'", "'B', 'C'", None]
    assert simple.branches[2][1].items == [Assign("v", "CASE WHEN x > 1 THEN 2 ELSE 3 END", 5)]
    assert isinstance(searched, Case) and searched.subject is None
    assert searched.branches[0][0] == "v > 1"


def test_plsql_loops() -> None:
    tree = clean(
        """BEGIN
  <<outer>>
  LOOP
    FETCH c INTO v_id, v_name;
    EXIT WHEN c%NOTFOUND;
    EXIT outer WHEN v_id > 10;
    CONTINUE WHEN v_id = 3;
  END LOOP outer;
  FOR r IN c_watch LOOP pkg.check(r.id); END LOOP;
  FOR r IN c_watch('ICE') LOOP pkg.check; END LOOP;
  FOR i IN REVERSE 1 .. v_n LOOP v := v + i; END LOOP;
  WHILE v < 100 LOOP v := v * 2; END LOOP;
END;""",
        "plsql",
    )
    plain, by_cursor, by_cursor_args, by_range, by_while = tree.items
    assert isinstance(plain, Loop) and plain.kind == "loop" and plain.label == "outer"
    assert plain.body.items == [
        Fetch("c", ["v_id", "v_name"], 4),
        Jump("exit", 5, when="c%NOTFOUND"),
        Jump("exit", 6, when="v_id > 10", label="outer"),
        Jump("continue", 7, when="v_id = 3"),
    ]
    assert isinstance(by_cursor, Loop) and (by_cursor.kind, by_cursor.header) == (
        "for_cursor",
        "c_watch",
    )
    assert by_cursor.var == "r" and by_cursor.body.items == [Exec("pkg.check(r.id)", 9)]
    assert isinstance(by_cursor_args, Loop) and by_cursor_args.header == "c_watch"
    assert by_cursor_args.body.items == [Exec("pkg.check", 10)]
    assert isinstance(by_range, Loop) and (by_range.kind, by_range.header) == (
        "for_range",
        "1 .. v_n",
    )
    assert isinstance(by_while, Loop) and (by_while.kind, by_while.header) == ("while", "v < 100")


def test_plsql_cursor_for_loop_over_a_parenthesised_join() -> None:
    tree = clean(
        """BEGIN
  FOR r IN (SELECT p.id, w.list_code
              FROM persons p
              JOIN watchlist w ON w.person_id = p.id
             WHERE w.list_code = 'END LOOP;') LOOP
    UTL_MAIL.SEND(sender => 'a@x.gov', recipients => c_mail, message => r.id);
  END LOOP;
END;""",
        "plsql",
    )
    loop = tree.items[0]
    assert isinstance(loop, Loop) and loop.kind == "for_query" and loop.var == "r"
    assert loop.header is not None
    assert loop.header.startswith("SELECT p.id, w.list_code")
    assert "JOIN watchlist w ON w.person_id = p.id" in loop.header
    assert loop.header.endswith("WHERE w.list_code = 'END LOOP;'")
    assert loop.body.items == [
        Exec("UTL_MAIL.SEND(sender => 'a@x.gov', recipients => c_mail, message => r.id)", 6)
    ]


def test_plsql_simple_statements() -> None:
    tree = clean(
        """BEGIN
  EXECUTE IMMEDIATE 'DELETE FROM t WHERE id = :1' USING v_id;
  OPEN c_ref FOR SELECT * FROM watchlist WHERE id = v_id;
  OPEN c_watch('ICE');
  FETCH c_ref BULK COLLECT INTO v_ids LIMIT 100;
  CLOSE c_ref;
  DBMS_OUTPUT.PUT_LINE('BEGIN END;');
  RAISE_APPLICATION_ERROR(-20001, 'listed');
  RAISE e_listed;
  COMMIT;
  RETURN v_count;
END;""",
        "plsql",
    )
    assert tree.items == [
        Stmt("EXECUTE IMMEDIATE 'DELETE FROM t WHERE id = :1' USING v_id", 2),
        Open("c_ref", 3, query="SELECT * FROM watchlist WHERE id = v_id"),
        Open("c_watch", 4),
        Fetch("c_ref", ["v_ids"], 5),
        Stmt("CLOSE c_ref", 6),
        Exec("DBMS_OUTPUT.PUT_LINE('BEGIN END;')", 7),
        Raise("RAISE_APPLICATION_ERROR(-20001, 'listed')", 8),
        Raise("RAISE e_listed", 9),
        Stmt("COMMIT", 10),
        Return("v_count", 11),
    ]


def test_plsql_trigger_body_starting_with_declare() -> None:
    tree = clean(
        """DECLARE
  v_hit NUMBER;
BEGIN
  SELECT COUNT(*) INTO v_hit FROM watchlist WHERE person_id = :NEW.id;
  IF v_hit > 0 THEN
    :NEW.alert_flag := 'Y';
  END IF;
END;""",
        "plsql",
    )
    assert tree.items[0] == Declare("v_hit", "NUMBER", 2)
    guard = tree.items[2]
    assert isinstance(guard, If)
    assert guard.branches[0][1].items == [Assign(":NEW.alert_flag", "'Y'", 6)]


def test_plsql_nested_labelled_block_goto_and_forall() -> None:
    tree = clean(
        """BEGIN
  <<inner>>
  DECLARE
    v NUMBER := 1;
  BEGIN
    GOTO done;
  EXCEPTION WHEN DUP_VAL_ON_INDEX OR TOO_MANY_ROWS THEN NULL;
  END inner;
  FORALL i IN 1 .. v_ids.COUNT SAVE EXCEPTIONS
    INSERT INTO alerts VALUES (v_ids(i));
  <<done>>
  NULL;
END;
/""",
        "plsql",
    )
    inner, forall = tree.items
    assert isinstance(inner, Block) and inner.label == "inner"
    assert inner.items == [Declare("v", "NUMBER", 4, default="1"), Jump("goto", 6, label="done")]
    assert [c for c, _ in inner.handlers] == ["DUP_VAL_ON_INDEX OR TOO_MANY_ROWS"]
    assert isinstance(forall, Loop) and forall.kind == "for_range" and forall.var == "i"
    assert forall.header == "1 .. v_ids.COUNT"
    assert forall.body.items == [Stmt("INSERT INTO alerts VALUES (v_ids(i))", 10)]


def test_plsql_bare_statements_and_call_trigger_body() -> None:
    assert clean("pkg.notify(:NEW.id);", "plsql").items == [Exec("pkg.notify(:NEW.id)", 1)]
    assert clean("CALL pkg.notify(:NEW.id)", "plsql").items == [Exec("CALL pkg.notify(:NEW.id)", 1)]


def test_plsql_strings_quotes_and_comments_hold_no_structure() -> None:
    tree = clean(
        """BEGIN
  -- END IF; END LOOP;
  v := 'END IF; BEGIN ''x''';
  w := q'[it's END;]';
  /* IF x THEN
     END IF; */
  "END" := 1;
END;""",
        "plsql",
    )
    assert tree.items == [
        Assign("v", "'END IF; BEGIN ''x'''", 3),
        Assign("w", "q'[it's END;]'", 4),
        Assign('"END"', "1", 7),
    ]


def test_plsql_compound_trigger_is_out_of_scope() -> None:
    tree = parse_procedural(
        """  g_ids t_ids;
  BEFORE STATEMENT IS BEGIN g_ids.DELETE; END BEFORE STATEMENT;
  AFTER EACH ROW IS BEGIN g_ids(g_ids.COUNT + 1) := :NEW.id; END AFTER EACH ROW;
END trg;""",
        "plsql",
    )
    assert tree.items == []
    assert tree.errors == [("compound triggers are not supported", 2)]


def test_plsql_missing_end_if_is_an_error_and_the_rest_is_read() -> None:
    tree = parse_procedural("BEGIN\n  IF a THEN\n    x := 1;\n  y := 2;\nEND;\nz := 3;", "plsql")
    assert ("missing END IF", 2) in errors(tree)
    assert all_of(tree, Assign)[:2] == [Assign("x", "1", 3), Assign("y", "2", 4)]
    stray = parse_procedural("BEGIN\n  x := 1;\n  END IF;\n  y := 2;\nEND;", "plsql")
    assert errors(stray) == [("END IF closes nothing", 3)]
    assert stray.items == [Assign("x", "1", 2), Assign("y", "2", 4)]


# ---------------------------------------------------------------------------------------
# MySQL


def test_mysql_cursor_loop_with_continue_handler() -> None:
    tree = clean(
        """BEGIN
  DECLARE done INT DEFAULT FALSE;
  DECLARE v_id, v_hits INT DEFAULT 0;
  DECLARE c CURSOR FOR SELECT p.id FROM persons p JOIN watchlist w ON w.pid = p.id;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
  OPEN c;
  read_loop: LOOP
    FETCH c INTO v_id;
    IF done THEN
      LEAVE read_loop;
    END IF;
    INSERT INTO alerts (pid) VALUES (v_id);
  END LOOP read_loop;
  CLOSE c;
END""",
        "mysql",
    )
    assert tree.items[:4] == [
        Declare("done", "INT", 2, default="FALSE"),
        Declare("v_id", "INT", 3, default="0"),
        Declare("v_hits", "INT", 3, default="0"),
        Declare(
            "c", "CURSOR", 4, cursor="SELECT p.id FROM persons p JOIN watchlist w ON w.pid = p.id"
        ),
    ]
    ((cond, handler),) = tree.handlers
    assert cond == "NOT FOUND" and handler.items == [Assign("done", "TRUE", 5)]
    assert tree.items[4] == Open("c", 6)
    loop = tree.items[5]
    assert isinstance(loop, Loop) and loop.kind == "loop" and loop.label == "read_loop"
    fetch, guard, insert = loop.body.items
    assert fetch == Fetch("c", ["v_id"], 8)
    assert isinstance(guard, If) and guard.branches[0][0] == "done"
    assert guard.branches[0][1].items == [Jump("leave", 10, label="read_loop")]
    assert insert == Stmt("INSERT INTO alerts (pid) VALUES (v_id)", 12)
    assert tree.items[6] == Stmt("CLOSE c", 14)


def test_mysql_if_elseif_case_and_set_lists() -> None:
    tree = clean(
        """BEGIN
  IF NEW.status = 'W' THEN SET NEW.flag = 1, @hits = @hits + 1;
  ELSEIF NEW.status = 'X' THEN SET NEW.flag = 2;
  ELSE SET NEW.flag = CASE WHEN NEW.a > 1 THEN 3 ELSE 4 END;
  END IF;
  CASE NEW.list WHEN 'A' THEN CALL notify(NEW.id); ELSE BEGIN END; END CASE;
END""",
        "mysql",
    )
    guard, case = tree.items
    assert isinstance(guard, If)
    assert [c for c, _ in guard.branches] == ["NEW.status = 'W'", "NEW.status = 'X'", None]
    assert guard.branches[0][1].items == [
        Assign("NEW.flag", "1", 2),
        Assign("@hits", "@hits + 1", 2),
    ]
    assert guard.branches[2][1].items == [
        Assign("NEW.flag", "CASE WHEN NEW.a > 1 THEN 3 ELSE 4 END", 4)
    ]
    assert isinstance(case, Case) and case.subject == "NEW.list"
    assert case.branches[0] == ("'A'", case.branches[0][1])
    assert case.branches[0][1].items == [Exec("CALL notify(NEW.id)", 6)]


def test_mysql_while_repeat_and_iterate() -> None:
    tree = clean(
        """BEGIN
  WHILE i < 10 DO SET i = i + 1; END WHILE;
  REPEAT SET i = i - 1; UNTIL i <= 0 END REPEAT;
  lbl: LOOP
    SET i = i + 1;
    IF i < 5 THEN ITERATE lbl; END IF;
    LEAVE lbl;
  END LOOP lbl;
END""",
        "mysql",
    )
    w, r, lp = tree.items
    assert isinstance(w, Loop) and (w.kind, w.header) == ("while", "i < 10")
    assert w.body.items == [Assign("i", "i + 1", 2)]
    assert isinstance(r, Loop) and (r.kind, r.header) == ("repeat", "i <= 0")
    assert isinstance(lp, Loop) and lp.label == "lbl"
    assert [j.kind for j in all_of(lp, Jump)] == ["iterate", "leave"]


def test_mysql_simple_statements() -> None:
    tree = clean(
        """BEGIN
  SELECT name INTO v_name FROM persons WHERE id = NEW.id;
  CALL notify_federal(NEW.id, 'ICE');
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'listed';
  SET SESSION sql_mode = 'ANSI';
  RETURN v_name;
END""",
        "mysql",
    )
    assert tree.items == [
        Stmt("SELECT name INTO v_name FROM persons WHERE id = NEW.id", 2),
        Exec("CALL notify_federal(NEW.id, 'ICE')", 3),
        Raise("SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'listed'", 4),
        Stmt("SET SESSION sql_mode = 'ANSI'", 5),
        Return("v_name", 6),
    ]


def test_mysql_exit_handler_with_a_block_body() -> None:
    tree = clean(
        """BEGIN
  DECLARE EXIT HANDLER FOR SQLEXCEPTION, SQLSTATE '23000'
  BEGIN
    ROLLBACK;
    RESIGNAL;
  END;
  INSERT INTO t VALUES (1);
END""",
        "mysql",
    )
    ((cond, handler),) = tree.handlers
    assert cond == "SQLEXCEPTION, SQLSTATE '23000'"
    assert handler.items == [Stmt("ROLLBACK", 4), Raise("RESIGNAL", 5)]
    assert tree.items == [Stmt("INSERT INTO t VALUES (1)", 7)]


def test_mysql_single_statement_trigger_bodies() -> None:
    assert clean("SET NEW.updated = NOW()", "mysql").items == [Assign("NEW.updated", "NOW()", 1)]
    assert clean("INSERT INTO audit VALUES (NEW.id, 'x')", "mysql").items == [
        Stmt("INSERT INTO audit VALUES (NEW.id, 'x')", 1)
    ]


def test_mysql_comments_escapes_and_labelled_block() -> None:
    tree = clean(
        """main: BEGIN
  # END IF; END;
  -- END LOOP;
  SET v = 'it\\'s END IF;';
  SET w = `END`;
END main""",
        "mysql",
    )
    assert tree.label == "main"
    assert tree.items == [Assign("v", "'it\\'s END IF;'", 4), Assign("w", "`END`", 5)]


# ---------------------------------------------------------------------------------------
# Robustness


def test_every_text_is_a_substring_of_the_input() -> None:
    for body, dialect in (
        (PLSQL_PROC, "plsql"),
        ("BEGIN IF @a = 1 EXEC p @x = 1 ELSE SET @y = (SELECT 1) END", "tsql"),
        ("BEGIN DECLARE x INT DEFAULT 1; SET x = 2; END", "mysql"),
    ):
        tree = parse_procedural(body, cast(Dialect, dialect))
        for node in walk(tree):
            for value in vars(node).values():
                if isinstance(value, str):
                    assert value in body and value == value.strip(), value


def test_a_500_kb_body_parses_quickly() -> None:
    unit = """
  IF EXISTS (SELECT 1 FROM watchlist w WHERE w.id = @id AND w.code = 'X')
  BEGIN
    SELECT @n = CASE WHEN a = 1 THEN 2 ELSE 3 END FROM t WHERE id = @id
    INSERT INTO alerts (pid) SELECT id FROM inserted
    EXEC dbo.notify @id = @id, @msg = N'listed'
  END
  ELSE SET @n += 1
"""
    body = "BEGIN" + unit * (500_000 // len(unit)) + "END"
    assert len(body) > 490_000
    start = time.perf_counter()
    tree = parse_procedural(body, "tsql")
    elapsed = time.perf_counter() - start
    assert errors(tree) == []
    assert len(tree.items) == 500_000 // len(unit)
    assert elapsed < 5, elapsed


@pytest.mark.parametrize("dialect", ["tsql", "plsql", "mysql"])
@pytest.mark.parametrize(
    "body",
    [
        "",
        "   \n  ",
        ";;;",
        "END",
        "END IF; END LOOP; END",
        "BEGIN",
        "BEGIN " * 5000,
        "IF x THEN " * 3000,
        "IF 1=1 " * 3000,
        "ELSE IF x " * 1000,
        "(" * 1000 + "SELECT",
        ")))) END )",
        "'unterminated BEGIN",
        "/* unterminated END",
        "q'[never closed",
        "[never closed",
        "CASE CASE CASE END",
        "FOR IN LOOP DO REPEAT UNTIL WHILE",
        "DECLARE CONTINUE HANDLER FOR",
        "DECLARE CURSOR FOR",
        "EXCEPTION WHEN THEN",
        "<<a>> <<b>> lbl: : :=",
        "\x00\x01 ß \u2028 ",
    ],
)
def test_garbage_never_raises(body: str, dialect: str) -> None:
    tree = parse_procedural(body, cast(Dialect, dialect))
    assert isinstance(tree, Block)
    assert not any("internal error" in reason for reason, _ in errors(tree))


def test_unknown_dialect_is_an_error() -> None:
    tree = parse_procedural("SELECT 1", cast(Dialect, "db2"))
    assert tree.errors == [("unknown dialect 'db2'", 1)]


_POOL_WORDS = (
    "BEGIN END IF ELSE ELSIF ELSEIF THEN WHILE LOOP DO REPEAT UNTIL FOR IN .. CASE WHEN TRY "
    "CATCH DECLARE CURSOR HANDLER CONTINUE EXIT NOT FOUND SET SELECT INSERT UPDATE DELETE "
    "MERGE EXEC EXECUTE WITH AS RETURN RAISE RAISERROR THROW SIGNAL LEAVE ITERATE GOTO BREAK "
    "OPEN FETCH NEXT FROM INTO CLOSE EXCEPTION OTHERS NULL COMMIT GO TRAN ; , ( ) := = += @x "
    "x y.z 'str' N'x' 'END' \"q\" [b] `c` -- /* */ 1 16 FORALL PROCEDURE IS COMPOUND BEFORE "
    "STATEMENT EACH ROW CONVERSATION ATOMIC REVERSE USING SQLSTATE DEFAULT CONSTANT TYPE "
    "PRAGMA q'[ ] ' \" ` # : . <<l>> lbl: UNION ALL DROP VALUES"
)
_POOL = _POOL_WORDS.split()


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(
        st.one_of(st.sampled_from(_POOL), st.text(max_size=3)),
        max_size=80,
    ),
    seps=st.lists(st.sampled_from([" ", "\n", "", "\t"]), min_size=1, max_size=80),
    dialect=st.sampled_from(["tsql", "plsql", "mysql"]),
)
def test_random_text_never_raises(words: list[str], seps: list[str], dialect: str) -> None:
    body = "".join(w + seps[i % len(seps)] for i, w in enumerate(words))
    tree = parse_procedural(body, cast(Dialect, dialect))
    assert isinstance(tree, Block)
    assert not any("internal error" in reason for reason, _ in errors(tree))
    lines = body.count("\n") + 1
    assert all(1 <= getattr(n, "line", 1) <= lines for n in walk(tree))


def test_tsql_on_after_set_option_does_not_glue_the_next_statement() -> None:
    tree = clean(
        "SET NOCOUNT ON\nDELETE FROM t WHERE id = 1\n"
        "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES r (id) ON DELETE CASCADE\n"
        "RETURN SELECT id FROM t",
        "tsql",
    )
    assert texts(tree) == [
        "Stmt:SET NOCOUNT ON",
        "Stmt:DELETE FROM t WHERE id = 1",
        "Stmt:ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES r (id) ON DELETE CASCADE",
        "Return",
    ]
    assert tree.items[3] == Return("SELECT id FROM t", 4)


def test_plsql_label_belongs_only_to_the_statement_it_precedes() -> None:
    tree = clean("BEGIN\n  <<l>>\n  IF a THEN\n    LOOP EXIT; END LOOP;\n  END IF;\nEND;", "plsql")
    loop = all_of(tree, Loop)[0]
    assert loop.label is None
    assert loop.body.items == [Jump("exit", 4)]


def test_plsql_nested_function_and_forward_declaration() -> None:
    tree = clean(
        """  PROCEDURE forward_only(p NUMBER);
  FUNCTION is_listed(p_id NUMBER) RETURN BOOLEAN IS
    v NUMBER;
  BEGIN
    SELECT COUNT(*) INTO v FROM watchlist WHERE id = p_id;
    RETURN v > 0;
  END;
BEGIN
  IF is_listed(:NEW.id) THEN forward_only(:NEW.id); END IF;
END;""",
        "plsql",
    )
    nested, guard = tree.items  # the forward declaration leaves nothing
    assert isinstance(nested, Stmt) and nested.line == 2
    assert nested.text.startswith("FUNCTION is_listed") and nested.text.endswith("END")
    assert isinstance(guard, If) and guard.branches[0][0] == "is_listed(:NEW.id)"
    assert guard.branches[0][1].items == [Exec("forward_only(:NEW.id)", 9)]


def test_tsql_service_broker_and_native_blocks() -> None:
    tree = clean(
        "BEGIN ATOMIC WITH (TRANSACTION ISOLATION LEVEL = SNAPSHOT, LANGUAGE = N'us_english')\n"
        "  SELECT 1\n  END CONVERSATION @h WITH CLEANUP\nEND",
        "tsql",
    )
    assert texts(tree) == ["Stmt:SELECT 1", "Stmt:END CONVERSATION @h WITH CLEANUP"]
