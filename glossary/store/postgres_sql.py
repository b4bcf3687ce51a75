"""The repositories' SQLite dialect, said in PostgreSQL's.

The repositories write each statement once, in SQLite's dialect, and the PostgreSQL
backend rewrites it here on its way to the server (cached, so a hot statement is
rewritten once). The list of forms is closed and short on purpose:

- `?` and `:name` parameter marks become psycopg's `%s` and `%(name)s` (and a literal
  `%` is doubled), outside string literals only;
- `INSERT OR IGNORE` becomes `... ON CONFLICT DO NOTHING`; `INSERT OR REPLACE` becomes
  `... ON CONFLICT (primary key) DO UPDATE SET` every other column it names;
- `instr(a, b)` is `strpos(a, b)`; `LIKE` is `ILIKE` (SQLite's LIKE ignores ASCII
  case); `1 << 62` is spelled as the number; a unary `+` that only hides a column from
  SQLite's planner is dropped; `ORDER BY rowid` of a table without an id (the order
  rows were written in) is `ORDER BY ctid`, the same for rows never updated; every
  ORDER BY term that is a nullable column sorts NULL where SQLite does (below every
  value).

Schema scripts (the migration steps) get their types mapped as well: INTEGER is
64-bit BIGINT (SQLite's integers are 64-bit), an `id INTEGER PRIMARY KEY` is an
identity column, BLOB is BYTEA, TEXT compares byte by byte (COLLATE "C", as SQLite's
BINARY collation does); SQLite triggers become a plpgsql function and a trigger.
Whatever is not in this list is passed through as written: portable SQL needs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

Keys = Callable[[str], tuple[str, ...]]  # a table's primary key columns

_PIECES = re.compile(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")")
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*(\(([^)]*)\))?",
                        re.I)
_WORDS = [
    (re.compile(r"\binstr\s*\(", re.I), "strpos("),
    (re.compile(r"\bLIKE\b", re.I), "ILIKE"),
    (re.compile(r"\b1\s*<<\s*62\b"), str(1 << 62)),
    (re.compile(r"\b(WHERE|AND|OR)\s+\+(?=[A-Za-z_])", re.I), r"\1 "),
    (re.compile(r"\bORDER\s+BY\s+rowid\b", re.I), "ORDER BY ctid"),
]


def _outside_strings(sql: str) -> Iterator[tuple[bool, str]]:
    """(is code, text) pieces: string literals and quoted names are left alone."""
    for i, piece in enumerate(_PIECES.split(sql)):
        if piece:
            yield i % 2 == 0, piece


@lru_cache(maxsize=4096)
def query(sql: str, keys: Keys | None = None, marks: bool = True,
          nullable: frozenset[str] = frozenset()) -> str:
    """A repository statement in PostgreSQL's dialect. `marks`: rewrite parameter marks
    (False for statements sent without parameters, such as a trigger's body)."""
    out = []
    for code, piece in _outside_strings(sql):
        if code:
            for pattern, replacement in _WORDS:
                piece = pattern.sub(replacement, piece)
            if marks:
                piece = piece.replace("%", "%%").replace("?", "%s")
                piece = _NAMED.sub(r"%(\1)s", piece)
        elif marks:
            piece = piece.replace("%", "%%")
        out.append(piece)
    text = nulls_first("".join(out), nullable) if nullable else "".join(out)
    found = _INSERT_OR.match(text)
    if found is None:
        return text
    how, table, cols = found.group(1).upper(), found.group(2), found.group(4)
    text = f"INSERT INTO {table}{' (' + cols + ')' if cols else ''}" + text[found.end():]
    text = text.rstrip().rstrip(";")
    if how == "IGNORE":
        return text + " ON CONFLICT DO NOTHING"
    if keys is None or not cols:
        raise ValueError(f"INSERT OR REPLACE needs its columns named: {sql}")
    pk = keys(table)
    names = [c.strip() for c in cols.split(",")]
    rest = [c for c in names if c not in pk]
    if not rest:
        return text + f" ON CONFLICT ({', '.join(pk)}) DO NOTHING"
    sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in rest)
    return text + f" ON CONFLICT ({', '.join(pk)}) DO UPDATE SET {sets}"


_ORDER_BY = re.compile(r"\bORDER\s+BY\s+", re.I)
_ORDER_END = re.compile(r"\b(LIMIT|OFFSET|UNION|EXCEPT|INTERSECT)\b", re.I)
_DIRECTION = re.compile(r"\s+(ASC|DESC)\s*$", re.I)


def nulls_first(sql: str, nullable: frozenset[str]) -> str:
    """SQLite sorts NULL below every value, PostgreSQL above: an ORDER BY term that is a
    column which may hold NULL (`nullable`, the schema's) gets NULLS FIRST (ascending)
    or NULLS LAST (descending), so rows come in the same order. Other terms are left
    as written: an index serves `ORDER BY id DESC` but not `... DESC NULLS LAST`."""
    out, pos = [], 0
    for found in _ORDER_BY.finditer(sql):
        if found.start() < pos:
            continue
        start = found.end()
        depth, end = 0, len(sql)
        i = start
        while i < len(sql):
            c = sql[i]
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    end = i
                    break
                depth -= 1
            elif c == ";" and depth == 0:
                end = i
                break
            elif depth == 0 and (stop := _ORDER_END.match(sql, i)) and (
                    i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_")):
                end = stop.start()
                break
            i += 1
        terms, depth, last = [], 0, start
        for j in range(start, end):
            if sql[j] == "(":
                depth += 1
            elif sql[j] == ")":
                depth -= 1
            elif sql[j] == "," and depth == 0:
                terms.append(sql[last:j])
                last = j + 1
        terms.append(sql[last:end])
        fixed = []
        for term in terms:
            body = term.rstrip()
            if re.search(r"\bNULLS\s+(FIRST|LAST)\b", body, re.I) or not body.strip():
                fixed.append(term)
                continue
            direction = _DIRECTION.search(body)
            column = _DIRECTION.sub("", body).strip().rsplit(".", 1)[-1]
            if column not in nullable:
                fixed.append(term)
                continue
            nulls = " NULLS LAST" if direction and direction.group(1).upper() == "DESC" \
                else " NULLS FIRST"
            fixed.append(body + nulls + term[len(body):])
        out.append(sql[pos:start] + ",".join(fixed))
        pos = end
    out.append(sql[pos:])
    return "".join(out)


# schema scripts ----------------------------------------------------------------------

_TRIGGER = re.compile(
    r"^\s*CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s+(BEFORE|AFTER)\s+"
    r"(INSERT|DELETE|UPDATE(?:\s+OF\s+[\w\s,]+?)?)\s+ON\s+(\w+)\s+"
    r"(?:FOR\s+EACH\s+ROW\s+)?(?:WHEN\s+(.*?)\s+)?BEGIN\s+(.*)\s+END\s*$", re.I | re.S)
_DROP_TRIGGER = re.compile(r"^\s*DROP\s+TRIGGER\s+(IF\s+EXISTS\s+)?(\w+)\s*$", re.I)
_VIEW = re.compile(r"^\s*CREATE\s+VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s+AS\s+(.*)$",
                   re.I | re.S)
_TABLE_DDL = re.compile(r"^\s*(CREATE\s+TABLE|ALTER\s+TABLE\s+\w+\s+ADD\s+COLUMN)\b", re.I)
_ADD_COLUMN = re.compile(r"^\s*ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\b", re.I)


def statements(script: str) -> list[str]:
    """A script's statements, split at top-level semicolons; a trigger's body (BEGIN ...
    END) stays whole."""
    found: list[str] = []
    current = ""
    for code, piece in _outside_strings(script):
        if not code:
            current += piece
            continue
        parts = piece.split(";")
        for i, part in enumerate(parts):
            current += part
            if i == len(parts) - 1:
                break
            if (re.match(r"\s*CREATE\s+TRIGGER\b", current, re.I)
                    and not re.search(r"\bEND\s*$", current, re.I)):
                current += ";"
                continue
            if current.strip():
                found.append(current.strip())
            current = ""
    if current.strip():
        found.append(current.strip())
    return found


_COLUMN = re.compile(r"((?:\(|,|ADD\s+COLUMN)\s*)(\w+)\s+(INTEGER|TEXT|BLOB)\b(\s+PRIMARY\s+KEY)?",
                     re.I)
_TYPES = {"INTEGER": "BIGINT", "TEXT": 'TEXT COLLATE "C"', "BLOB": "BYTEA"}


def column_types(statement: str) -> str:
    """SQLite's column types as PostgreSQL's, in a CREATE TABLE or ADD COLUMN."""
    def column(found: re.Match) -> str:
        lead, name, kind, pk = found.groups()
        if name.lower() == "id" and kind.upper() == "INTEGER" and pk:
            return f"{lead}{name} BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        return f"{lead}{name} {_TYPES[kind.upper()]}{pk or ''}"
    return _COLUMN.sub(column, statement)


class Step:
    """What one statement of a migration script becomes on PostgreSQL."""

    def __init__(self, sql: list[str], view: tuple[str, str] | None = None,
                 altered: str | None = None):
        self.sql = sql  # statements to run, in order
        self.view = view  # (name, query) of a view to remember (SELECT * follows columns)
        self.altered = altered  # a table that gained a column: its views are made again


def translate(statement: str, keys: Keys) -> Step:
    """One statement of a migration script, as PostgreSQL statements."""
    if (found := _TRIGGER.match(statement)) is not None:
        name, when, event, table, condition, body = found.groups()
        return Step(trigger(name, when, event, table, condition, body, keys))
    if (found := _DROP_TRIGGER.match(statement)) is not None:
        return Step([drop_trigger(found.group(2), bool(found.group(1)))])
    if (found := _VIEW.match(statement)) is not None:
        name, body = found.group(1), query(found.group(2), keys, marks=False)
        return Step([f"CREATE VIEW {name} AS {body}"], view=(name, body))
    if _TABLE_DDL.match(statement):
        added = _ADD_COLUMN.match(statement)
        return Step([column_types(statement)], altered=added.group(1) if added else None)
    return Step([query(statement, keys, marks=False)])


def trigger(name: str, when: str, event: str, table: str, condition: str | None,
            body: str, keys: Keys) -> list[str]:
    """A SQLite row trigger as a plpgsql function and a trigger calling it; the WHEN
    condition (which may hold a subquery, as SQLite allows) goes inside the function."""
    lines = [query(s, keys, marks=False) + ";" for s in statements(body)]
    inner = "\n".join(lines)
    if condition:
        inner = f"IF {query(condition, keys, marks=False)} THEN\n{inner}\nEND IF;"
    function = f"glossary_trigger_{name}"
    return [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{inner}\nRETURN NULL;\nEND\n$$",
        f"CREATE TRIGGER {name} {when.upper()} {' '.join(event.split())} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
    ]


def drop_trigger(name: str, if_exists: bool) -> str:
    """SQLite names a trigger alone; PostgreSQL wants its table too: found in the catalog."""
    missing = "NULL" if if_exists else (
        f"RAISE EXCEPTION 'trigger \"{name}\" does not exist'")
    return (
        "DO $$ DECLARE t text; BEGIN "
        f"SELECT tgrelid::regclass::text INTO t FROM pg_trigger WHERE tgname = '{name}' "
        "AND tgrelid::regclass::text IN (SELECT tablename FROM pg_tables "
        "WHERE schemaname = current_schema()) LIMIT 1; "
        f"IF t IS NULL THEN {missing}; ELSE "
        f"EXECUTE format('DROP TRIGGER %I ON %s', '{name}', t); "
        f"EXECUTE 'DROP FUNCTION IF EXISTS glossary_trigger_{name}()'; END IF; END $$")
