"""The database schema, as a sequence of migrations.

A memory.db made by any earlier version opens in this one: `apply` runs the
migrations it has not seen yet, each in its own transaction. Add new migrations at
the end; never edit one that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from glossary.models import STATUSES

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


def apply(db: Database) -> None:
    migrations.apply(db)


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
