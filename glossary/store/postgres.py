"""The PostgreSQL backend: a team's shared glossary on a server, through psycopg 3.

A connection string follows libpq (`postgresql://user@host:port/db?sslmode=require`,
`host=` a socket folder, a `service=` from pg_service.conf, PGPASSWORD or ~/.pgpass),
as psycopg hands it to libpq untouched; `postgresql+psycopg://` (SQLAlchemy's spelling)
is accepted too. A password is never repeated in a message: `location` is the redacted
URL, and a server's error text has it scrubbed.

The repositories' SQL is SQLite's dialect; postgres_sql rewrites it on its way here.
Differences of behaviour, and why:
- Writers: PostgreSQL lets several sessions write at once (MVCC, row locks), so a
  transaction does not take a database-wide write lock. `transaction(wait=False)`
  still means "do not wait": a row lock held by another session ends it at once with
  `Busy`; with wait=True a row lock is waited for up to GLOSSARY_WAIT seconds.
  `announced` names a long write in `application_name`, where pg_stat_activity shows
  who holds what.
- `data_version` counts the commits of other sessions: every table has a statement
  trigger that NOTIFYs the schema's channel, which PostgreSQL delivers at commit (and
  never for a rolled-back write), within milliseconds; this session's own are not
  counted. A sequence read would change before the commit (nextval is not
  transactional) and pg_stat_database's counters lag by up to a second.
- `on_change`: a row trigger writes the changed ids to a temporary table of this
  session while a session setting asks for it, and they are handed over after each
  write.
- Ids: an `id` is an identity column; a row inserted with its id given (undo puts an
  entry back under its old id) moves the sequence past it, as SQLite's max(id) + 1
  would.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from itertools import groupby
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import psycopg
from psycopg import errors as pg_errors
from psycopg.adapt import Loader

from glossary.errors import GlossaryError
from glossary.store import postgres_schema
from glossary.store import postgres_sql as dialect
from glossary.store.base import Backend, Params, ReadConnection
from glossary.store.postgres_pending import InFlight, SettlingLock
from glossary.store.postgres_waits import watched
from glossary.store.waiting import Busy, wait_limit

COPY_AT = 200  # rows from which inserts go by COPY rather than one INSERT per row
ANALYZE_AFTER = 10_000  # rows bulk-inserted into a table in one transaction: then ANALYZE
_BULK = re.compile(r"^\s*INSERT\s+(OR\s+IGNORE\s+)?INTO\s+(\w+)\s*\(([^)]*)\)\s*"
                   r"VALUES\s*\(([\s?,]*)\)\s*$", re.I)


class _Number(Loader):
    """numeric as SQLite gives it: an int when whole (sum() of integers is numeric on
    PostgreSQL), else a float."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode()
        return float(text) if any(c in text for c in ".eEN") else int(text)


def redacted(url: str) -> str:
    """The URL fit for a message: no password, whether in the user part or given as a
    `password=` parameter (libpq takes both)."""
    secrets = _secrets(url)
    if secrets is None:
        return url.split("://", 1)[0] + "://…"
    for secret in secrets:
        url = url.replace(f":{secret}@", ":***@", 1).replace(f"password={secret}",
                                                              "password=***")
    return url


def conninfo(url: str) -> str:
    """What libpq reads: postgresql+psycopg:// is SQLAlchemy's spelling of postgresql://."""
    return re.sub(r"^[a-z]+(\+\w+)?://", "postgresql://", url, count=1, flags=re.I)


def _secrets(url: str) -> list[str] | None:
    """The passwords a URL carries (None if it cannot be parsed)."""
    try:
        parts = urlsplit(url)
        found = [parts.password] if parts.password else []
    except ValueError:
        return None
    found += [v for k, v in parse_qsl(parts.query) if k == "password" and v]
    # as written in the URL and as the server may echo it, decoded
    spelt = {form for v in found for form in (v, unquote(v), quote(v, safe=""))}
    return sorted(spelt, key=len, reverse=True)


def scrub(message: str, url: str) -> str:
    message = message.strip()
    for secret in _secrets(url) or []:
        message = message.replace(secret, "***")
    return message


def connect(url: str, location: str) -> psycopg.Connection:
    try:
        # prepare_threshold=None: no generic plans, which for "id > $1" guess a third
        # of the table and scan all of it where the value given selects a few rows
        conn = psycopg.connect(conninfo(url), autocommit=True, prepare_threshold=None)
    except psycopg.Error as exc:
        raise GlossaryError(f"{location}: cannot connect ({scrub(str(exc), url)})") from None
    conn.adapters.register_loader("numeric", _Number)
    return conn


class PostgresReader(ReadConnection):
    """A read-only connection of its own in one REPEATABLE READ transaction: one
    snapshot for its whole life, which never blocks writers nor waits for them."""

    def __init__(self, url: str, location: str, nullable: frozenset[str] = frozenset()):
        self.conn = connect(url, location)
        self.nullable = nullable
        self.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        self._cursors = 0

    def batches(self, sql: str, params: Params = (), size: int = 500) -> Iterator[list[tuple]]:
        self._cursors += 1
        with self.conn.cursor(name=f"glossary_read_{self._cursors}") as cur:
            cur.itersize = size
            cur.execute(dialect.query(sql, None, True, self.nullable), params or None)
            while batch := cur.fetchmany(size):
                yield batch

    def rows(self, sql: str, params: Params = ()) -> list[tuple]:
        return self.conn.execute(dialect.query(sql, None, True, self.nullable),
                                 params or None).fetchall()

    def close(self) -> None:
        self.conn.close()


class PostgresBackend(Backend):
    """One connection to a PostgreSQL database (its current schema), shared by threads."""

    scheme = "postgresql"

    def __init__(self, url: str):
        super().__init__()
        self._in_flight: InFlight | None = None  # an import's insert sent, not yet answered
        self.lock = SettlingLock(self._settle)
        self.url = url
        self.location = redacted(url)
        self.path = None
        self.read_only = False
        self.conn = connect(url, self.location)
        self._watched: dict[str, list[Callable[[int], None]]] = {}
        self._others = 0  # commits of other sessions seen (data_version)
        self._nullable: frozenset[str] = frozenset()  # columns that may hold NULL
        self._grown: dict[str, int] = {}  # rows bulk-inserted per table, this transaction
        self._keys = lru_cache(maxsize=None)(self._primary_key)
        try:
            with self.lock:
                self.created = postgres_schema.apply(self.conn, self.location, self._keys)
                self.conn.execute(f'LISTEN "glossary:{self._schema()}"')
                self.conn.add_notify_handler(self._noticed)
                self._nullable = frozenset(r[0] for r in self.conn.execute(
                    "SELECT DISTINCT column_name FROM information_schema.columns WHERE "
                    "table_schema = current_schema() AND is_nullable = 'YES'").fetchall())
        except psycopg.Error as exc:
            self.conn.close()
            raise GlossaryError(f"{self.location}: {self._said(exc)}") from None
        except BaseException:
            self.conn.close()
            raise

    def _schema(self) -> str:
        return str(self.conn.execute("SELECT current_schema()").fetchone()[0])  # type: ignore[index]

    def _primary_key(self, table: str) -> tuple[str, ...]:
        rows = self.conn.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) "
            "AND i.indisprimary", (table,)).fetchall()
        return tuple(r[0] for r in rows)

    def _said(self, exc: BaseException) -> str:
        return scrub(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, self.url)

    # transactions and snapshots ------------------------------------------------------

    @contextmanager
    def transaction(self, wait: bool = True) -> Iterator[psycopg.Connection]:
        """All or nothing; nested ones are savepoints. Row locks held by another session
        are waited for up to GLOSSARY_WAIT seconds, or not at all with wait=False."""
        with self.lock:
            outer = self.conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
            tell = self.on_wait if outer and wait else None
            try:
                with self.conn.transaction(), watched(conninfo(self.url),
                                                      self.conn.info.backend_pid, tell):
                    if outer:
                        limit = "1ms" if not wait else f"{int(wait_limit() * 1000)}ms"
                        self.conn.execute(f"SET LOCAL lock_timeout = '{limit}'")
                    try:
                        yield self.conn
                    except BaseException as exc:
                        if outer and self._in_flight is not None:
                            flight, self._in_flight = self._in_flight, None
                            flight.abandon(exc)
                        raise
                    if outer:
                        self._settle()  # never commit with an insert unanswered
            except pg_errors.LockNotAvailable as exc:
                if not wait:
                    raise Busy(f"{self.location}: another session holds a row this change "
                               "needs") from None
                raise GlossaryError(f"{self.location}: gave up after {wait_limit():g} s "
                                    "waiting for another session's change to finish "
                                    "(GLOSSARY_WAIT); nothing was changed") from exc
            except pg_errors.InsufficientPrivilege as exc:
                raise GlossaryError(f"{self.location}: read-only access ({self._said(exc)}); "
                                    "nothing was changed") from None
            except psycopg.Error as exc:
                if not outer:
                    raise
                # the server refused the change (a rule of its own, a full disk, a lost
                # connection): said as such, not as a traceback
                raise GlossaryError(f"{self.location}: the server refused the change "
                                    f"({self._said(exc)}); nothing was changed") from None
            finally:
                if outer:
                    self._drain()
            if outer:
                self._analyze()

    def lock_rows(self, table: str, ids: Iterable[int]) -> None:
        """Row locks in id order, so two sessions locking overlapping sets queue up
        instead of deadlocking; FOR UPDATE fires no trigger, so it is no change to
        announce to others."""
        wanted = sorted(set(ids))
        if wanted:
            with self.lock:
                self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ANY(%s) ORDER BY id "
                                  "FOR UPDATE", (wanted,)).fetchall()

    def _analyze(self) -> None:
        """Fresh planner statistics for a table a committed transaction grew by much (an
        import): until autovacuum comes round, the planner would guess from the empty
        table and scan a million rows where an index finds a few."""
        grown, self._grown = self._grown, {}
        for table, added in grown.items():
            if added >= ANALYZE_AFTER:
                self.conn.execute(f"ANALYZE {table}")

    def announced(self, what: str) -> AbstractContextManager[None]:
        return self._named(what)

    @contextmanager
    def _named(self, what: str) -> Iterator[None]:
        with self.lock:
            before = self.conn.execute("SHOW application_name").fetchone()[0]  # type: ignore[index]
            self.conn.execute("SELECT set_config('application_name', %s, false)",
                              (f"glossary: {what}"[:63],))
        try:
            yield
        finally:
            with self.lock:
                # in a failed transaction nothing runs, and its rollback puts the old
                # name back by itself
                if (self.conn.info.transaction_status
                        != psycopg.pq.TransactionStatus.INERROR):
                    self.conn.execute("SELECT set_config('application_name', %s, false)",
                                      (before,))

    @contextmanager
    def snapshot(self) -> Iterator[psycopg.Connection]:
        with self.lock:
            if self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                yield self.conn
                return
            with self.conn.transaction():
                self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                yield self.conn

    @contextmanager
    def reader(self) -> Iterator[PostgresReader]:
        reader = PostgresReader(self.url, self.location, self._nullable)
        try:
            yield reader
        finally:
            reader.close()

    # reads ---------------------------------------------------------------------------

    def _run(self, sql: str, params: Params) -> psycopg.Cursor:
        try:
            return self.conn.execute(dialect.query(sql, self._keys, True, self._nullable),
                                     params or None)
        except pg_errors.InsufficientPrivilege as exc:
            raise GlossaryError(f"{self.location}: read-only access ({self._said(exc)})"
                                ) from None

    def query(self, sql: str, params: Params = ()) -> list[dict]:
        with self.lock:
            cur = self._run(sql, params)
            cols = [d.name for d in cur.description or ()]
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def rows(self, sql: str, params: Params = ()) -> list[tuple]:
        with self.lock:
            return self._run(sql, params).fetchall()

    def one(self, sql: str, params: Params = ()) -> tuple | None:
        with self.lock:
            return self._run(sql, params).fetchone()

    def batches(self, sql: str, params: Params = (), size: int = 1000
                ) -> Iterator[list[tuple]]:
        cur = self._run(sql, params)
        while batch := cur.fetchmany(size):
            yield batch

    def blob_prefix(self, table: str, column: str, key: int, size: int) -> bytes:
        pk = self._keys(table)[0]
        with self.lock:
            row = self.conn.execute(
                f"SELECT substring({column} FROM 1 FOR %s) FROM {table} WHERE {pk} = %s",
                (size, key)).fetchone()
        if row is None:
            raise GlossaryError(f"no row {key} in {table}")
        return bytes(row[0])

    def tables(self) -> list[str]:
        return [r[0] for r in self.rows(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "ORDER BY tablename")]

    def columns(self, table: str) -> list[str]:
        return [r[0] for r in self.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = ? ORDER BY ordinal_position", (table,))]

    # writes --------------------------------------------------------------------------

    def execute(self, sql: str, params: Params = ()) -> int:
        with self._written():
            return self._run(sql, params).rowcount

    def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        """Many rows of one statement. A plain INSERT [OR IGNORE] of many rows (an
        import's units, a build's posting lists) goes by COPY into a temporary table
        and one INSERT ... SELECT from it, in the rows' order: one round trip instead of
        one per row."""
        rows = list(rows)
        bulk = self._bulk(sql, rows)
        with self._written(), self.conn.cursor() as cur:
            if bulk is None:
                cur.executemany(dialect.query(sql, self._keys), rows)
                return max(cur.rowcount, 0)
            table, names, insert = bulk
            temp = self._copied(cur, table, names, rows)
            cur.execute(insert.format(temp=temp))
            added = max(cur.rowcount, 0)
            self._grown[table] = self._grown.get(table, 0) + added
            cur.execute(f"TRUNCATE {temp}")
            return added

    def executemany_later(self, sql: str, rows: Iterable[Params]) -> Callable[[], int]:
        """executemany for an import's batch inside its transaction: the rows are
        copied now and their INSERT sent without waiting (postgres_pending.py), so the
        caller builds its next batch meanwhile. Anything else runs at once."""
        rows = list(rows)
        bulk = self._bulk(sql, rows)
        with self.lock:
            if bulk is None or not self._in_transaction() or self._watched:
                done = self.executemany(sql, rows)
                return lambda: done
            table, names, insert = bulk
            cur = self.conn.cursor()
            temp = self._copied(cur, table, names, rows)
            pipeline = self.conn.pipeline()
            pipeline.__enter__()
            flight = InFlight(pipeline, cur, table)
            try:
                cur.execute(insert.format(temp=temp))
                self.conn.cursor().execute(f"TRUNCATE {temp}")
            except BaseException as exc:
                flight.abandon(exc)
                raise
            self._in_flight = flight

        def count() -> int:
            with self.lock:  # settles the insert if it is still in flight
                assert flight.added is not None  # settled, or its error was raised
                return flight.added

        return count

    def _settle(self) -> None:
        flight, self._in_flight = self._in_flight, None
        if flight is not None:
            added = flight.settle()
            self._grown[flight.table] = self._grown.get(flight.table, 0) + added

    def _bulk(self, sql: str, rows: list) -> tuple[str, list[str], str] | None:
        """(table, columns, INSERT from a `{temp}` table) when the rows can go by COPY:
        many of them, as tuples, of a plain INSERT [OR IGNORE] of these columns."""
        bulk = _BULK.match(sql) if len(rows) >= COPY_AT else None
        if bulk is None or not all(isinstance(r, (tuple, list)) for r in rows):
            return None
        ignore, table, cols = bool(bulk.group(1)), bulk.group(2), bulk.group(3)
        names = [c.strip() for c in cols.split(",")]
        if len(names) != bulk.group(4).count("?"):
            return None
        insert = (f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(names)} "
                  "FROM {temp} ORDER BY ctid" + (" ON CONFLICT DO NOTHING" if ignore else ""))
        return table, names, insert

    def _copied(self, cur: psycopg.Cursor, table: str, names: list[str], rows: list) -> str:
        """The rows in a temporary table of these columns, by COPY; its name."""
        temp = self._copy_table(cur, table, names)
        with cur.copy(f"COPY {temp} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return temp

    def _copy_table(self, cur: psycopg.Cursor, table: str, names: list[str]) -> str:
        """A temporary table of these columns of `table`, for COPY (asked for each time: a
        rolled-back transaction takes the one it made with it)."""
        temp = f"glossary_copy_{table}_{zlib.crc32(','.join(names).encode())}"
        cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {temp} AS SELECT "
                    f"{', '.join(names)} FROM {table} WITH NO DATA")
        return temp

    def insert(self, table: str, row: dict[str, Any]) -> int:
        cols = ", ".join(row)
        marks = ", ".join(["%s"] * len(row))
        back = " RETURNING id" if self._has_id(table) else ""
        with self._written():
            found = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks}){back}",
                                      tuple(row.values())).fetchone() if back else None
            if not back:
                self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                                  tuple(row.values()))
            if back and "id" in row:
                self._follow_ids(table)
        return int(found[0]) if found else 0

    def insert_all(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """COPY for many rows, one INSERT each for a few. A row whose id is None gets a
        new one, as in SQLite: runs of rows with and without ids go separately."""
        rows = list(rows)
        if not rows:
            return
        cols = list(dict.fromkeys(k for row in rows for k in row))
        has_id = "id" in cols and self._has_id(table)
        runs = [list(run) for _, run in groupby(
            rows, key=lambda row: has_id and row.get("id") is not None)]
        with self._written(), self.conn.cursor() as cur:
            for run in runs:
                given = [c for c in cols if c != "id" or run[0].get("id") is not None]
                self._insert_run(cur, table, given, [tuple(map(r.get, given)) for r in run])
                if "id" in given and has_id:
                    self._follow_ids(table)

    @staticmethod
    def _insert_run(cur: psycopg.Cursor, table: str, cols: list[str],
                    values: list[tuple]) -> None:
        if len(values) >= COPY_AT:
            with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                            f"({', '.join(['%s'] * len(cols))})", values)

    def update(self, table: str, row_id: int, fields: dict[str, Any]) -> None:
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*fields.values(), row_id))

    def _has_id(self, table: str) -> bool:
        return self._keys(table) == ("id",)

    def _follow_ids(self, table: str) -> None:
        """The id sequence past the largest id, after rows were inserted with theirs."""
        self.conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), m) FROM "
            f"(SELECT max(id) AS m FROM {table}) t, {table}_id_seq s "
            "WHERE t.m > s.last_value OR NOT s.is_called")

    @contextmanager
    def _written(self) -> Iterator[None]:
        """A write outside a transaction is one of its own, committed at once."""
        with self.lock:
            if self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                yield
                self._drain()
            else:
                with self.transaction():
                    yield

    # noticing changes ----------------------------------------------------------------

    def on_change(self, table: str, callback: Callable[[int], None]) -> None:
        with self.lock:
            if not self._watched:
                self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS glossary_watched "
                                  "(tbl TEXT NOT NULL, id BIGINT)")
            self._watched.setdefault(table, []).append(callback)
            self.conn.execute("SELECT set_config(%s, 'on', false)",
                              (f"glossary.watch_{table}",))

    def _drain(self) -> None:
        """Hand the ids the watch triggers noted to their callbacks."""
        if not self._watched:
            return
        if self.conn.info.transaction_status == psycopg.pq.TransactionStatus.INERROR:
            return  # rolled back next; what it noted goes with it
        for table, row_id in self.conn.execute(
                "DELETE FROM pg_temp.glossary_watched RETURNING tbl, id").fetchall():
            for callback in self._watched.get(table, ()):
                callback(row_id)

    def _noticed(self, note: psycopg.Notify) -> None:
        if note.pid != self.conn.info.backend_pid:
            self._others += 1

    def data_version(self) -> int:
        """How many commits of other sessions this one has been told of. The server
        sends a notification at once after the commit (within milliseconds); psycopg
        hands the ones that arrive during a query to `_noticed`, the ones waiting on the
        socket are read here, and when none is, one round trip fetches any the server
        still holds (a commit that has returned to its session is then always seen)."""
        with self.lock:
            before = self._others
            self._read_notes()
            if self._others == before and not self._in_transaction():
                # one round trip: the server sends what is pending before it answers
                self.conn.execute("SELECT 1")
                self._read_notes()
            return self._others

    def _read_notes(self) -> None:
        pgconn = self.conn.pgconn
        pgconn.consume_input()
        own = pgconn.backend_pid
        while (note := pgconn.notifies()) is not None:
            if note.be_pid != own:
                self._others += 1

    def _in_transaction(self) -> bool:
        return self.conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def verify(self, full: bool = False) -> list[str]:
        """amcheck's check of every B-tree index of the schema (with `full`, that the
        table holds each row the index points at and the other way round too)."""
        with self.lock:
            if self.scalar("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'") is None:
                try:
                    with self.conn.transaction():
                        self.conn.execute("CREATE EXTENSION amcheck")
                except psycopg.Error as exc:
                    return [f"not available: the amcheck extension is not installed on the "
                            f"server, and this role cannot install it ({self._said(exc)})"]
            problems = []
            indexes = self.rows(
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE am.amname = 'btree' "
                "AND n.nspname = current_schema() ORDER BY 1")
            for (name,) in indexes:
                try:
                    with self.conn.transaction():
                        self.conn.execute("SELECT bt_index_check(to_regclass(%s), %s)",
                                          (name, full))
                except psycopg.Error as exc:
                    problems.append(f"index {name}: {self._said(exc)}")
            return problems

    _role: str | None = None  # the login role, asked once

    def user(self) -> str:
        """The database role this connection logged in as: on a team server the name
        each change is recorded under when GLOSSARY_USER is not set."""
        if self._role is None:
            with self.lock:
                self._role = str(self.conn.execute("SELECT current_user").fetchone()[0])  # type: ignore[index]
        return self._role

    _session: str | None = None

    def session(self) -> str:
        """This connection's server process and its start time: on a team server the
        claimant may be on another machine, so its OS pid says nothing here, while the
        server knows every session it serves (the start time tells a reused pid)."""
        if self._session is None:
            with self.lock:
                row = self.conn.execute(
                    "SELECT pid, backend_start FROM pg_stat_activity "
                    "WHERE pid = pg_backend_pid()").fetchone()
            assert row is not None
            self._session = f"pg:{row[0]}@{row[1].isoformat()}"
        return self._session

    def session_alive(self, session: str) -> bool:
        """Whether that server session is still connected (a crashed client's session
        ends when the server notices the socket closed)."""
        found = re.fullmatch(r"pg:(\d+)@(.+)", session)
        if found is None:
            return False
        with self.lock:
            rows = self.conn.execute("SELECT backend_start FROM pg_stat_activity "
                                     "WHERE pid = %s", (int(found[1]),)).fetchall()
        return any(r[0] is not None and r[0].isoformat() == found[2] for r in rows)

    # life ----------------------------------------------------------------------------

    def close(self) -> None:
        with self.lock:
            self.conn.close()


FAULTS = (psycopg.OperationalError,)
