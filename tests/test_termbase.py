"""Entries: add, edit, delete, undo, and lookups through normalised keys."""

from __future__ import annotations

import sqlite3
import threading

import pytest

import glossary
from glossary import GlossaryError, NotFoundError


def test_add_keeps_text_and_finds_it_through_every_spelling(ipr):
    for query in ("知识产权", "知識產權", "ＩＰＲ", "ipr", "intellectual", "INTELLECTUAL PROPERTY"):
        hits = ipr.lookup(query)
        assert hits, query
        assert hits[0].concept.zh == "知识产权"
        assert hits[0].concept.en == "intellectual property rights"


def test_traditional_entry_is_stored_as_typed(g):
    c = g.add_entry("知識產權", "intellectual property rights")
    assert c.zh == "知識產權"
    assert c.terms[0].lang == "zh-Hant"
    assert g.lookup("知识产权")[0].concept.zh == "知識產權"


def test_exact_ranks_before_prefix_and_substring(g):
    g.add_entry("专利法", "Patent Law")
    g.add_entry("专利", "patent")
    g.add_entry("外观设计专利", "design patent")
    hits = g.lookup("专利")
    assert [h.concept.zh for h in hits] == ["专利", "专利法", "外观设计专利"]
    assert [h.match for h in hits] == ["exact", "prefix", "substring"]
    assert hits[0].score == 100 > hits[1].score


def test_preferred_ranks_before_forbidden_and_forbidden_is_still_shown(g):
    g.add_entry("侵权", "violation of rights", status="forbidden")
    g.add_entry("侵权", "infringement")
    hits = g.lookup("侵权")
    assert [(h.concept.en, h.term.status) for h in hits] == [
        ("infringement", "preferred"), ("violation of rights", "forbidden")]


def test_edit_changes_only_what_is_given(ipr):
    cid = ipr.lookup("IPR")[0].concept.id
    edited = ipr.edit_entry(cid, en="intellectual property right", domain="")
    assert edited.en == "intellectual property right"
    assert edited.zh == "知识产权"
    assert edited.domain is None
    assert [t.text for t in edited.abbreviations] == ["IPR"]
    assert ipr.lookup("intellectual property right")[0].match == "exact"


def test_edit_status_applies_to_main_terms(ipr):
    cid = ipr.lookup("IPR")[0].concept.id
    edited = ipr.edit_entry(cid, status="deprecated")
    assert {t.status for t in edited.terms} == {"deprecated"}


def test_edit_rejects_empty_term_and_bad_status(ipr):
    cid = ipr.lookup("IPR")[0].concept.id
    with pytest.raises(GlossaryError):
        ipr.edit_entry(cid, zh="  ")
    with pytest.raises(GlossaryError, match="status 'good'"):
        ipr.edit_entry(cid, status="good")
    assert ipr.get_entry(cid).zh == "知识产权"


def test_undo_reverts_add_edit_and_delete_in_order(g):
    c = g.add_entry("专利法", "Patent Law", domain="law", note="official title")
    g.edit_entry(c.id, en="Patent Act")
    g.delete_entry(c.id)
    assert g.lookup("专利法") == []

    assert g.undo() == {"action": "delete", "id": c.id}
    restored = g.get_entry(c.id)
    assert (restored.en, restored.note) == ("Patent Act", "official title")

    assert g.undo()["action"] == "edit"
    assert g.get_entry(c.id).en == "Patent Law"
    assert [t.id for t in g.get_entry(c.id).terms] == [t.id for t in c.terms]

    assert g.undo()["action"] == "add"
    with pytest.raises(NotFoundError):
        g.get_entry(c.id)
    assert g.undo() is None


def test_entry_needs_both_sides(g):
    with pytest.raises(GlossaryError, match="both"):
        g.add_entry("知识产权", "")
    assert g.stats()["concepts"] == 0


def test_stats_count_what_is_stored(ipr):
    ipr.add_tm_unit("保护知识产权就是保护创新。", "Protecting IPR is protecting innovation.",
                    "zh-CN", "en")
    assert ipr.stats() | {"database": None} == {
        "concepts": 1, "terms": 3, "tm_units": 1, "imports": 0, "database": None}


def test_same_tm_unit_is_stored_once(g):
    for _ in range(2):
        g.add_tm_unit("创新", "innovation", "zh-CN", "en")
    g.add_tm_unit("创新", "innovations", "zh-CN", "en")  # a different target is kept beside
    assert g.stats()["tm_units"] == 2


def test_database_is_wal_with_foreign_keys_and_usable_from_a_worker_thread(tmp_path):
    path = tmp_path / "memory.db"
    g = glossary.open(path)
    results: list = []
    worker = threading.Thread(target=lambda: results.append(g.add_entry("商标", "trademark")))
    worker.start()
    worker.join()
    assert results and results[0].id
    assert g.store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert g.store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    g.close()
    # another connection (another process would do the same) sees the committed entry
    other = sqlite3.connect(path)
    assert other.execute("SELECT count(*) FROM terms").fetchone()[0] == 2


def test_reopening_an_existing_database_keeps_everything_and_applies_no_migration_twice(tmp_path):
    path = tmp_path / "memory.db"
    with glossary.open(path) as g:
        assert g.is_new
        g.add_entry("商标法", "Trademark Law")
    with glossary.open(path) as g:
        assert not g.is_new
        assert g.lookup("商标法")[0].concept.en == "Trademark Law"
        applied = g.store.query("SELECT name FROM _sqlite_migrations")
        assert len(applied) == len({r["name"] for r in applied})


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite at all, just some notes\n" * 20)
    with pytest.raises(GlossaryError, match="not a glossary database"):
        glossary.open(path)
