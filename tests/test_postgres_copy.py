"""`glossary copy`: a whole glossary from SQLite to PostgreSQL and back, compared table
by table, and refused into a database that already holds one."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pg_support import pg_url  # noqa: F401 - a fixture
from test_postgres_core import TMX

import glossary
from glossary.errors import GlossaryError
from glossary.store import open_store
from glossary.store.copying import copy_database, tables


def contents(url: str) -> dict[str, list[tuple]]:
    """Every row of every table but the bookkeeping ones, in a stable order."""
    store = open_store(url)
    try:
        found = {}
        for table in tables(store):
            cols = ", ".join(store.columns(table))
            where = (" WHERE key NOT IN ('written_by', 'pg_support', 'index_builder')"
                     if table == "glossary_meta" else "")
            found[table] = sorted(store.rows(f"SELECT {cols} FROM {table}{where}"),
                                  key=repr)
        return found
    finally:
        store.close()


def test_a_round_trip_through_postgresql_compares_equal(tmp_path, pg_url):  # noqa: F811
    first = f"sqlite:///{tmp_path / 'first.db'}"
    with glossary.open(first) as g:
        g.add_entry("知识产权", "intellectual property rights", abbr="IPR", domain="law")
        entry = g.add_entry("专利", "patent")
        g.edit_entry(entry.id, en="patent right")
        g.delete_entry(g.add_entry("商标", "trademark").id)
        tmx = tmp_path / "in.tmx"
        tmx.write_text(TMX, "utf-8")
        g.import_path(tmx)
        g.add_tm_unit("版权", "copyright", "zh-CN", "en")
        g.tm_search("知识产权保护", 50, 10)  # builds the index
    counts = copy_database(first, pg_url)
    assert counts["tm_units"] == 4 and counts["concepts"] == 2 and counts["tm_index_segments"]
    back = f"sqlite:///{tmp_path / 'back.db'}"
    copy_database(pg_url, back)
    assert contents(first) == contents(pg_url) == contents(back)
    with glossary.open(pg_url) as g:  # usable at once: search, lookup, undo, new ids
        assert g.tm_search("知识产权保护很重要", 50, 10)[0].score == 100
        assert g.lookup("zhuanli")[0].concept.en == "patent right"
        undone = g.undo()  # the copied history: the latest change was the unit added
        assert (undone["action"], undone["kind"], undone["id"]) == ("add", "unit", 4)
        assert g.stats()["tm_units"] == 3
        assert g.add_entry("版权", "copyright").id == 3  # after the highest, as on SQLite
    with pytest.raises(GlossaryError, match="already holds 3 entries and 3 TM units"):
        copy_database(first, pg_url)


def test_the_copy_command_reports_what_it_copied(tmp_path, pg_url):  # noqa: F811
    src = tmp_path / "memory.db"
    with glossary.open(src) as g:
        g.add_entry("专利", "patent")
    command = [sys.executable, "-m", "glossary", "copy", str(src), pg_url]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "rows copied: concepts: 1, terms: 2" in done.stdout
    again = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert again.returncode == 1 and "already holds 1 entries" in again.stderr
    assert "Traceback" not in again.stderr
