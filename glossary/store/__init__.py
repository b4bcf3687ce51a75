"""Storage: the only package that speaks SQL.

Everything above this package asks it for rows and records and never writes SQL; a
test (tests/test_store_seam.py) holds every other module to that.

The seam. `base.Backend` is what a database must offer: transactions, read snapshots,
queries, bulk inserts, partial blob reads, the lock, a read-only connection for long
reads, close. `sqlite.SQLiteBackend` and `postgres.PostgresBackend` implement it.
`open_store(url)` picks the backend from the connection string: a file path or
`sqlite:///path` opens SQLite, `postgresql://...` (libpq's form) a PostgreSQL database.

The repositories take a backend and hold the SQL of one concern each: entries and
their change log (`termbase`), TM units (`memory`, `tm_rows`), the TM index tables
(`tm_tables`), the import log (`imports`), the figures of `stats` (`stats`), the rows the
in-memory term indexes are built from (`termrows`), the bulk loaders an import feeds
(`loaders`, `sink`, `reference`), the reads an export walks (`export_rows`) and a whole
glossary copied between two databases (`copying`). The schema and its migrations are in
`schema` (`postgres_schema` runs the same steps on PostgreSQL).

A backend is a module of its own with a `Backend` subclass and one line in BACKENDS
below naming its schemes. The repositories write SQLite's dialect once; the PostgreSQL
backend rewrites the few forms that differ (postgres_sql: INSERT OR IGNORE/REPLACE,
instr, parameter marks) and runs schema.py's migration steps through the same rewrite
(postgres_schema). What is not a matter of spelling stays behind a `Backend` method
(`blob_prefix`, `bulk_writes`, `on_change`, `data_version`), so a repository is not
written twice. tests/test_store_seam.py runs its contract tests against every backend
named in its OPENABLE table; a new backend adds itself there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from glossary.errors import GlossaryError
from glossary.store.base import Backend
from glossary.store.sqlite import FAULTS, SQLiteBackend, fault_message


def _sqlite(url: str) -> Backend:
    """sqlite:///relative/path or sqlite:////absolute/path, as SQLAlchemy spells them."""
    rest = url.split(":", 1)[1]
    if not rest.startswith("///") or len(rest) == 3:
        raise GlossaryError(f"{url}: a SQLite URL is sqlite:///path/to/file.db")
    return SQLiteBackend(rest[3:])


def _postgresql(url: str) -> Backend:
    """postgresql://user@host:port/dbname?sslmode=..., read by libpq. The module (and
    psycopg with it) is loaded when such a URL is opened: a SQLite user does not pay
    for the driver's import at every command."""
    from glossary.store.postgres import PostgresBackend

    return PostgresBackend(url)


BACKENDS: dict[str, Callable[[str], Backend]] = {
    "sqlite": _sqlite,
    "postgresql": _postgresql,
    "postgres": _postgresql,
}


def open_store(url_or_path: str | Path) -> Backend:
    """The backend a connection string names; a plain path is a SQLite file."""
    if isinstance(url_or_path, Path) or "://" not in url_or_path:
        return SQLiteBackend(url_or_path)
    scheme = url_or_path.split("://", 1)[0].lower()
    opener = BACKENDS.get(scheme.split("+", 1)[0])
    if opener is None:
        known = ", ".join(f"{s}://" for s in BACKENDS)
        raise GlossaryError(f"{_redacted(url_or_path)}: no database backend for "
                            f"'{scheme}://' (known: {known}, or a file path)")
    return opener(url_or_path)


def _redacted(url: str) -> str:
    """A URL fit for a message: a password in it is not repeated."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return url.split("://", 1)[0] + "://…"
    if not password:
        return url
    return url.replace(f":{password}@", ":***@", 1)


__all__ = ["BACKENDS", "FAULTS", "Backend", "SQLiteBackend", "fault_message", "open_store"]
