"""A whole glossary copied from one database to another: SQLite to PostgreSQL and back.

A team moving its memory.db files onto the server, or taking the server's memory home,
wants everything: entries with their ids and change log, TM units with their extras and
import history, and the search index, so the copy searches at once without a rebuild.
Every table the schema has is copied row for row, ids included, from one snapshot of
the source (its reader: writers go on meanwhile) into an empty destination in one
transaction: a failure leaves the destination as empty as it was. Units go before the
index tables, so the destination's index triggers do not take them for reused ids.
"""

from __future__ import annotations

from collections.abc import Callable

from glossary.errors import GlossaryError
from glossary.store import open_store
from glossary.store.base import Backend, ReadConnection

FIRST = ("concepts", "imports", "terms", "tm_units")  # what others refer to, in that order
SKIPPED = {"_sqlite_migrations", "_glossary_migrations", "_glossary_views"}  # each its own
OWN_META = ("written_by", "pg_support", "index_builder")  # about the database, not the data
BATCH = 5000

Progress = Callable[[str, int, int], None]  # (table, rows copied, rows in the table)


def tables(backend: Backend) -> list[str]:
    """The tables of the glossary's schema, those others refer to first."""
    found = set(backend.tables()) - SKIPPED
    return [t for t in FIRST if t in found] + sorted(found - set(FIRST))


def copy_database(source: str, destination: str, progress: Progress | None = None
                  ) -> dict[str, int]:
    """Copy everything from `source` into `destination` (connection strings or paths);
    returns the rows copied per table. The destination must hold no entry and no unit."""
    src = open_store(source)
    try:
        dst = open_store(destination)
        try:
            held = {t: dst.scalar(f"SELECT count(*) FROM {t}")
                    for t in ("concepts", "tm_units")}
            if any(held.values()):
                raise GlossaryError(
                    f"{dst.location} already holds {held['concepts']} entries and "
                    f"{held['tm_units']} TM units; copy into an empty database")
            with src.reader() as reader, dst.transaction():
                return {table: _copy_table(reader, dst, table, progress)
                        for table in tables(src)}
        finally:
            dst.close()
    finally:
        src.close()


def _copy_table(reader: ReadConnection, dst: Backend, table: str,
                progress: Progress | None) -> int:
    columns = dst.columns(table)
    total = (reader.one(f"SELECT count(*) FROM {table}") or (0,))[0]
    where = (f" WHERE key NOT IN ({', '.join(repr(k) for k in OWN_META)})"
             if table == "glossary_meta" else "")
    if table == "glossary_meta":
        dst.execute(f"DELETE FROM glossary_meta{where}")
    done = 0
    for batch in reader.batches(f"SELECT {', '.join(columns)} FROM {table}{where} "
                                "ORDER BY 1", size=BATCH):
        dst.insert_all(table, [dict(zip(columns, row, strict=True)) for row in batch])
        done += len(batch)
        if progress is not None:
            progress(table, done, total)
    if progress is not None and not done:
        progress(table, 0, 0)
    return done
