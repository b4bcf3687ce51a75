"""The database schema, as a sequence of migrations.

A memory.db made by any earlier version opens in this one: `apply` copies it aside
(`memory.db.bak-<version that wrote it>`) and runs the migrations it has not seen yet,
each in its own transaction. A database that has migrations this version does not know
was written by a newer one: it is refused, untouched, rather than half understood.
Add new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from glossary.errors import GlossaryError
from glossary.models import STATUSES
from glossary.version import __version__

migrations = Migrations("glossary")



@migrations()
def m001_initial(db: Database) -> None:
    statuses = ", ".join(f"'{s}'" for s in STATUSES)
    db.executescript(
        f"""
        CREATE TABLE concepts (
            id INTEGER PRIMARY KEY,
            domain TEXT,
            definition TEXT,
            note TEXT,
            source TEXT NOT NULL DEFAULT 'user',
            created TEXT NOT NULL,
            changed TEXT NOT NULL
        );
        CREATE TABLE terms (
            id INTEGER PRIMARY KEY,
            concept_id INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
            lang TEXT NOT NULL,
            text TEXT NOT NULL,
            key TEXT NOT NULL,
            pinyin TEXT,
            pinyin_tones TEXT,
            pos TEXT,
            status TEXT NOT NULL DEFAULT 'preferred' CHECK (status IN ({statuses})),
            type TEXT NOT NULL DEFAULT 'fullForm',
            context TEXT,
            note TEXT,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX terms_concept ON terms(concept_id);
        CREATE INDEX terms_key ON terms(key);
        CREATE INDEX terms_pinyin ON terms(pinyin);
        CREATE INDEX concepts_domain ON concepts(domain);

        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            format TEXT NOT NULL,
            kind TEXT NOT NULL,
            ok INTEGER NOT NULL,
            added INTEGER NOT NULL DEFAULT 0,
            merged INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            errors TEXT,
            at TEXT NOT NULL
        );
        CREATE INDEX imports_sha ON imports(sha256);

        CREATE TABLE tm_units (
            id INTEGER PRIMARY KEY,
            source_lang TEXT NOT NULL,
            source TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            target TEXT NOT NULL,
            source_key TEXT NOT NULL,
            target_key TEXT NOT NULL,
            context TEXT NOT NULL DEFAULT '',
            origin TEXT,
            import_id INTEGER REFERENCES imports(id) ON DELETE SET NULL,
            status TEXT NOT NULL DEFAULT 'translated',
            created TEXT NOT NULL,
            changed TEXT NOT NULL,
            fingerprint INTEGER NOT NULL UNIQUE
        );

        CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('add', 'edit', 'delete')),
            concept_id INTEGER NOT NULL,
            before TEXT,
            after TEXT,
            undone INTEGER NOT NULL DEFAULT 0
        );
        """
    )


@migrations()
def m002_tm_markup_and_props(db: Database) -> None:
    """Inline-tag markup beside the plain text of TM units, and the TMX fields worth keeping.

    source/target stay plain text (what search and matching see); the markup columns
    hold the TMX <seg> content with its bpt/ept/ph/it/hi tags, NULL when the segment
    has none, so an exported TMX gives the tags back.
    """
    db.executescript(
        """
        ALTER TABLE tm_units ADD COLUMN source_markup TEXT;
        ALTER TABLE tm_units ADD COLUMN target_markup TEXT;
        ALTER TABLE tm_units ADD COLUMN note TEXT;
        ALTER TABLE tm_units ADD COLUMN creator TEXT;
        ALTER TABLE tm_units ADD COLUMN domain TEXT;
        CREATE INDEX IF NOT EXISTS concepts_source ON concepts(source);
        """
    )


class NewerSchema(GlossaryError):
    """The database was written by a newer version of glossary."""


def written_by(db: Database) -> str | None:
    """The version that last migrated this database, where it said so (0.2.0 on)."""
    if not db["glossary_meta"].exists():
        return None
    row = db.execute("SELECT value FROM glossary_meta WHERE key = 'written_by'").fetchone()
    return row[0] if row else None


def apply(db: Database, path: Path | None = None) -> Path | None:
    """Bring the database up to this version; returns the backup made first, if any.
    Opening a database that is up to date writes nothing, so it never waits for a lock."""
    known = {m.name for m in migrations.pending(Database(memory=True))}
    applied = [m.name for m in migrations.applied(db)]
    unknown = [name for name in applied if name not in known]
    name = path.name if path is not None else "the database"
    if unknown:
        by = written_by(db)
        raise NewerSchema(
            f"{name} was written by glossary {by or 'of a newer version'}; this is "
            f"{__version__}: upgrade glossary to open it (it has {', '.join(unknown)})")
    if not migrations.pending(db):
        return None
    backup = None
    if applied and path is not None:
        backup = path.with_name(f"{path.name}.bak-{written_by(db) or '0.1.0'}")
        if not backup.exists():
            with closing(sqlite3.connect(backup)) as copy:
                db.conn.backup(copy)
    migrations.apply(db)
    db.execute("INSERT OR REPLACE INTO glossary_meta (key, value) VALUES ('written_by', ?)",
               [__version__])
    db.conn.commit()
    return backup


@migrations()
def m_tm_fuzzy_index(db: Database) -> None:
    """Tables of the TM fuzzy-match index (see glossary/tm_index.py)."""
    db.executescript(
        """
        CREATE TABLE tm_index_segments (
            id INTEGER PRIMARY KEY,
            first_unit INTEGER NOT NULL,
            last_unit INTEGER NOT NULL,
            units INTEGER NOT NULL,
            built TEXT NOT NULL
        );
        CREATE TABLE tm_index_docs (
            segment INTEGER NOT NULL,
            space INTEGER NOT NULL,
            docs INTEGER NOT NULL,
            units BLOB NOT NULL,
            sides BLOB NOT NULL,
            offsets BLOB NOT NULL,
            PRIMARY KEY (segment, space)
        );
        CREATE TABLE tm_index_postings (
            key INTEGER PRIMARY KEY,
            n INTEGER NOT NULL,
            ids BLOB NOT NULL
        );
        CREATE TABLE tm_index_dirty (unit_id INTEGER PRIMARY KEY);
        CREATE TRIGGER tm_index_reused_id AFTER INSERT ON tm_units
        WHEN NEW.id <= (SELECT coalesce(max(last_unit), 0) FROM tm_index_segments)
        BEGIN
            INSERT OR IGNORE INTO tm_index_dirty (unit_id) VALUES (NEW.id);
        END;
        CREATE TRIGGER tm_index_changed AFTER UPDATE OF
            source_lang, source, source_key, target_lang, target, target_key ON tm_units
        BEGIN
            INSERT OR IGNORE INTO tm_index_dirty (unit_id) VALUES (NEW.id);
        END;
        """
    )


@migrations()
def m_glossary_meta(db: Database) -> None:
    """Which version last migrated the file, so a newer file can say who wrote it and a
    backup can be named after the version it holds."""
    db.execute("CREATE TABLE glossary_meta (key TEXT PRIMARY KEY, value TEXT)")


@migrations()
def m_staged_imports(db: Database) -> None:
    """Imports that move their units in a chunk at a time, hidden until they are done.

    An import's row says ok = 0 while its units are being moved in, with the pid of the
    process moving them; tm_visible is tm_units without those units, and every read of
    the memory goes through it, so a reader never sees half an import and a killed one
    leaves nothing visible. The index on import_id finds an import's units again: to
    hide them, to remove what a killed import left, to roll an import back.
    """
    db.executescript(
        """
        ALTER TABLE imports ADD COLUMN pid INTEGER;
        CREATE INDEX tm_units_import ON tm_units(import_id);
        CREATE VIEW tm_visible AS SELECT * FROM tm_units
            WHERE import_id IS NULL OR import_id NOT IN (SELECT id FROM imports WHERE ok = 0);
        """
    )


@migrations()
def m_index_built_aside(db: Database) -> None:
    """An index segment written a chunk at a time, searched only once it is complete.

    A segment's pid is that of the process writing it, -1 once a merge has replaced it
    and its rows are being removed, NULL when searches use it. tm_index_dirty gets a
    sequence number, so a build that read the units at one moment clears only what was
    dirty then, and a unit edited while the build ran stays scored directly.
    """
    db.executescript(
        """
        ALTER TABLE tm_index_segments ADD COLUMN pid INTEGER;
        ALTER TABLE tm_index_dirty ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
        DROP TRIGGER tm_index_reused_id;
        DROP TRIGGER tm_index_changed;
        CREATE TRIGGER tm_index_reused_id AFTER INSERT ON tm_units
        WHEN NEW.id <= (SELECT coalesce(max(last_unit), 0) FROM tm_index_segments)
        BEGIN
            INSERT OR REPLACE INTO tm_index_dirty (unit_id, seq)
            VALUES (NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM tm_index_dirty));
        END;
        CREATE TRIGGER tm_index_changed AFTER UPDATE OF
            source_lang, source, source_key, target_lang, target, target_key ON tm_units
        BEGIN
            INSERT OR REPLACE INTO tm_index_dirty (unit_id, seq)
            VALUES (NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM tm_index_dirty));
        END;
        """
    )


@migrations()
def m_tm_unit_extras(db: Database) -> None:
    """What a unit's file carried beyond the columns (PO flags, comments, references and
    plural forms; TMX props, notes, tuid and tuv attributes; XLIFF ids, notes and
    states), as JSON text, so an export in the same format gives it back."""
    db.execute("ALTER TABLE tm_units ADD COLUMN extras TEXT")


@migrations()
def m_history(db: Database) -> None:
    """Every change as one row (who, when, what) and the records it touched with their
    before/after, so any change can be shown and undone; imports, find-and-replace and
    rollbacks are one change each. The entry changes logged before are carried over.
    Indexes for browsing 150k entries by date and TM units by import."""
    db.executescript(
        """
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            author TEXT NOT NULL,
            action TEXT NOT NULL,
            kind TEXT NOT NULL,
            object_id INTEGER,
            summary TEXT NOT NULL,
            detail TEXT,
            undone INTEGER NOT NULL DEFAULT 0,
            undo_of INTEGER
        );
        CREATE TABLE history_rows (
            change_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            object_id INTEGER NOT NULL,
            before TEXT,
            after TEXT
        );
        CREATE INDEX history_rows_change ON history_rows(change_id);
        CREATE INDEX history_rows_object ON history_rows(kind, object_id);
        CREATE INDEX history_kind ON history(kind, object_id);
        INSERT INTO history (id, at, author, action, kind, object_id, summary, undone)
            SELECT id, at, '', action, 'entry', concept_id,
                   action || ' entry #' || concept_id, undone FROM changes;
        INSERT INTO history_rows (change_id, kind, object_id, before, after)
            SELECT id, 'entry', concept_id, before, after FROM changes;
        CREATE INDEX concepts_changed ON concepts(changed);
        CREATE INDEX concepts_created ON concepts(created);
        CREATE INDEX tm_units_changed ON tm_units(changed);
        """
    )


@migrations()
def m_terms_by_language(db: Database) -> None:
    """Terms by language, for the browse filter "no English term" (or no Chinese): the
    terms of one language read as an index range, the entry ids straight from it."""
    db.execute("CREATE INDEX terms_lang_concept ON terms(lang, concept_id)")


@migrations()
def m_units_by_import_and_date(db: Database) -> None:
    """The units of one import in date order, for the memory browser filtered by an
    import and sorted by date: without it the import's index gives the units in id
    order and every page sorts the whole import (70 ms at 150k units, a second at 1M)."""
    db.execute("CREATE INDEX tm_units_import_changed ON tm_units(import_id, changed)")


@migrations()
def m_browse_by_term_and_domain(db: Database) -> None:
    """The glossary browser's text filter and domain sort. The filter reads every
    term's search key and entry id: from an index of both that is a quarter of the
    terms table to read (52 → 26 ms at 262k terms); the index on the key alone it
    replaces served exact lookups, which this one serves as well. Sorted by domain,
    entries without one sort as '' (so paging by key works); an index on that
    expression gives a page without sorting all of them (65 → 0.2 ms at 131k)."""
    db.executescript(
        """
        CREATE INDEX terms_key_concept ON terms(key, concept_id);
        DROP INDEX terms_key;
        CREATE INDEX concepts_domain_sort ON concepts((coalesce(domain, '')));
        """
    )
