"""A TM import moves its units in a chunk at a time and stays hidden until it is done; an
index segment is written aside and searched only once complete. What a killed import or
build leaves behind is invisible, and the next one clears it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tm_files import write_tmx

import glossary
from glossary.store import staging
from glossary.store.imports import ImportLog
from glossary.store.tm_tables import TMTables


def tmx(path: Path, units: int, label: str = "") -> Path:
    return write_tmx(path, ((f"第{i}条{label}：加强知识产权保护。",
                             f"Article {i}{label}: strengthen IPR protection.")
                            for i in range(units)))


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def leave_half_an_import(db: Path, units: int) -> None:
    """What a process killed while moving units in leaves: a pending import row naming a
    process that has gone, and some of its units."""
    with sqlite3.connect(db) as conn:
        cur = conn.execute(
            "INSERT INTO imports (path, sha256, format, kind, ok, pid, at) "
            "VALUES ('killed.tmx', 'x', 'tmx', 'tm', 0, ?, '2026-01-01')", (dead_pid(),))
        import_id = cur.lastrowid
        conn.executemany(
            "INSERT INTO tm_units (source_lang, source, target_lang, target, source_key, "
            "target_key, import_id, created, changed, fingerprint) VALUES "
            "('zh-CN', ?, 'en', ?, ?, ?, ?, '2026-01-01', '2026-01-01', ?)",
            [(f"半途而废的句子{i}。", f"Half-way sentence {i}.", f"半途而废的句子{i}。",
              f"half-way sentence {i}.", import_id, 10_000_000 + i) for i in range(units)])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "memory.db"
    with glossary.open(path) as g:
        g.add_tm_unit("加强知识产权保护。", "Strengthen IPR protection.", "zh-CN", "en")
    return path


def test_a_killed_import_shows_nothing_and_the_next_import_clears_it(tmp_path, db):
    leave_half_an_import(db, 300)
    with glossary.open(db) as g:
        assert g.stats()["tm_units"] == 1
        assert not g.tm_search("半途而废的句子7。", min_score=50)
        assert not g.concordance("半途而废")
        out = tmp_path / "out.tmx"
        g.export(out, format="tmx", what="tm")
        assert "半途而废" not in out.read_text(encoding="utf-8")
        report = g.import_path(tmx(tmp_path / "next.tmx", 50))
        assert report.added == 50 and not report.already_imported
        assert g.stats()["tm_units"] == 51
    with sqlite3.connect(db) as conn:  # the leftovers are gone, not just hidden
        assert conn.execute("SELECT count(*) FROM tm_units").fetchone()[0] == 51
        assert conn.execute("SELECT count(*) FROM imports WHERE ok = 0").fetchone()[0] == 0
    assert not list(tmp_path.glob(".memory.db-import-*"))


def test_a_unit_added_by_hand_that_a_pending_import_also_holds_stays_when_it_fails(db):
    leave_half_an_import(db, 3)
    with glossary.open(db) as g:
        g.add_tm_unit("半途而废的句子1。", "Half-way sentence 1.", "zh-CN", "en")
        assert g.stats()["tm_units"] == 2  # visible at once
        ImportLog(g.store).forget(ImportLog(g.store).pending()[0][0])
        assert g.stats()["tm_units"] == 2  # and kept when the import is cleared


def test_an_import_moves_in_a_chunk_at_a_time_and_others_write_between(tmp_path, db,
                                                                      monkeypatch):
    monkeypatch.setattr(staging, "CHUNK", 100)
    seen: list[int] = []
    done = threading.Event()

    def other_writer() -> None:  # another connection, adding units while the import runs
        with glossary.open(db) as other, sqlite3.connect(db) as look:
            n = 0
            while not done.is_set():
                n += 1
                other.add_tm_unit(f"同事的句子{n}。", f"A colleague's sentence {n}.", "zh-CN",
                                  "en")
                seen.append(look.execute("SELECT count(*) FROM tm_visible "
                                         "WHERE import_id IS NOT NULL").fetchone()[0])

    thread = threading.Thread(target=other_writer)
    thread.start()
    try:
        with glossary.open(db) as g:
            report = g.import_path(tmx(tmp_path / "big.tmx", 2000))
    finally:
        done.set()
        thread.join()
    assert report.added == 2000
    assert set(seen) <= {0, 2000}  # nobody saw half of the import
    with sqlite3.connect(db) as conn:
        low, high = conn.execute("SELECT min(id), max(id) FROM tm_units "
                                 "WHERE import_id IS NOT NULL").fetchone()
        between = conn.execute("SELECT count(*) FROM tm_units WHERE import_id IS NULL "
                               "AND id BETWEEN ? AND ?", (low, high)).fetchone()[0]
    assert between > 0  # the colleague's units went in between the import's chunks
    with glossary.open(db) as g:
        assert g.stats()["tm_units"] == 1 + 2000 + len(seen)


def test_cancelling_while_moving_in_leaves_nothing(tmp_path, db, monkeypatch):
    monkeypatch.setattr(staging, "CHUNK", 100)
    path = tmx(tmp_path / "big.tmx", 1000)
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3  # a few chunks in

    with glossary.open(db) as g:
        with pytest.raises(glossary.GlossaryError, match="cancelled"):
            g.import_path(path, cancel=cancel)
        assert g.stats()["tm_units"] == 1
        assert g.import_path(path).added == 1000
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM tm_units").fetchone()[0] == 1001


def test_a_segment_left_half_written_is_not_searched_and_is_cleared(tmp_path, db):
    with glossary.open(db) as g:
        g.import_path(tmx(tmp_path / "a.tmx", 400))
        tables = TMTables(g.store)
        segments = tables.segments()
        assert segments
    with sqlite3.connect(db) as conn:  # a build killed after writing some of a segment
        conn.execute("INSERT INTO tm_index_segments (first_unit, last_unit, units, built, pid) "
                     "VALUES (1, 401, 401, 'x', ?)", (dead_pid(),))
    with glossary.open(db) as g:
        tables = TMTables(g.store)
        assert tables.segments() == segments  # searches leave it out
        g.import_path(tmx(tmp_path / "b.tmx", 300, "乙"))
        assert g.tm_search("第7条乙：加强知识产权保护。", min_score=90)[0].score == 100
        assert g.tm_search("第7条：加强知识产权保护。", min_score=90)[0].score == 100
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "SELECT count(*) FROM tm_index_segments WHERE pid IS NOT NULL").fetchone()[0] == 0


def test_a_unit_edited_while_the_index_is_built_stays_findable(tmp_path, db):
    with glossary.open(db) as g:
        g.import_path(tmx(tmp_path / "a.tmx", 200))
        tables = TMTables(g.store)
        with g.store.reader() as reader:  # the snapshot a build reads
            mark = tables.dirty_mark(reader)
            with sqlite3.connect(db) as conn:  # edited by another process meanwhile
                conn.execute("UPDATE tm_units SET source = '全新的句子。', "
                             "source_key = '全新的句子。' WHERE id = 5")
            tables.publish(tables.segments()[-1][0], 1, 201, mark)
        assert 5 in tables.dirty()  # still scored directly
        assert g.tm_search("全新的句子。", min_score=90)


def cli_import(db: Path, *paths: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "glossary", "--db", str(db), "import",
                             *map(str, paths)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_two_tmx_imports_at_once_go_one_after_the_other_and_both_land(tmp_path, db):
    first, second = tmx(tmp_path / "a.tmx", 3000, "甲"), tmx(tmp_path / "b.tmx", 3000, "乙")
    procs = [cli_import(db, first), cli_import(db, second)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with glossary.open(db) as g:
        assert g.stats()["tm_units"] == 6001
        assert g.stats()["imports"] == 2


def test_the_same_file_imported_twice_at_once_lands_once(tmp_path, db):
    path = tmx(tmp_path / "a.tmx", 3000)
    procs = [cli_import(db, path), cli_import(db, path)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert sum("already imported" in out + err for out, err in outs) == 1, outs
    with glossary.open(db) as g:
        assert g.stats()["tm_units"] == 3001
