"""Faults a user can meet: a database from a newer or older version, a damaged file, a
full disk. Each ends in a clear message, and what was stored stays as it was."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import glossary
from glossary import GlossaryError
from glossary.version import __version__


def run_sql(path: Path, *statements: str) -> None:
    """Statements by a plain connection, each committed, then the WAL folded into the file
    so that the file alone holds the data."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in (*statements, "PRAGMA wal_checkpoint(TRUNCATE)"):
            conn.execute(statement)
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "memory.db"
    with glossary.open(path) as g:
        g.add_entry("知识产权", "intellectual property rights", abbr="IPR")
    run_sql(path)
    return path


def from_the_future(path: Path) -> None:
    run_sql(path, "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                  "VALUES ('glossary', 'm999_from_the_future', '2031-01-01')",
            "UPDATE glossary_meta SET value = '9.9.0' WHERE key = 'written_by'")


def test_a_database_from_a_newer_version_is_refused_untouched(db):
    from_the_future(db)
    before = digest(db)
    with pytest.raises(GlossaryError) as refused:
        glossary.open(db)
    message = str(refused.value)
    assert "memory.db was written by glossary 9.9.0" in message
    assert "upgrade" in message and __version__ in message
    assert digest(db) == before


def test_the_cli_says_so_in_one_line(db):
    from_the_future(db)
    done = subprocess.run([sys.executable, "-m", "glossary", "--db", str(db), "lookup", "IPR"],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "written by glossary 9.9.0" in done.stderr and "Traceback" not in done.stderr


def test_an_older_database_is_copied_aside_then_migrated(db):
    run_sql(db, "DELETE FROM _sqlite_migrations WHERE name = 'm_glossary_meta'",
            "DROP TABLE glossary_meta")  # as 0.1.0 left it: no record of who wrote it
    with glossary.open(db) as g:
        assert g.store.backup == db.with_name("memory.db.bak-0.1.0")
        assert [h.concept.en for h in g.lookup("IPR")][:1] == ["intellectual property rights"]
    with sqlite3.connect(db.with_name("memory.db.bak-0.1.0")) as old:
        assert old.execute("SELECT count(*) FROM terms").fetchone()[0] == 3
        assert not old.execute("SELECT 1 FROM sqlite_master WHERE name = 'glossary_meta'"
                               ).fetchone()
    with glossary.open(db) as g:  # up to date now: no second copy
        assert g.store.backup is None


def test_a_damaged_file_is_named_not_traced(tmp_path):
    path = tmp_path / "memory.db"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    with pytest.raises(GlossaryError, match="memory.db: not a glossary database"):
        glossary.open(path)


def test_a_full_disk_fails_the_import_and_keeps_what_was_there(db, tmp_path):
    rows = "\n".join(f"zh-CN,第{i}句很长很长的句子内容。,en,Sentence number {i} is long."
                     for i in range(20000))
    big = tmp_path / "big.csv"
    big.write_text("source_lang,source,target_lang,target\n" + rows + "\n", encoding="utf-8")
    with glossary.open(db) as g:
        pages = g.store.scalar("PRAGMA page_count")
        g.store.conn.execute(f"PRAGMA max_page_count = {pages + 20}")  # a nearly full disk
        with pytest.raises(GlossaryError, match="the disk is full.*nothing was changed"):
            g.import_path(big)
        assert g.stats()["tm_units"] == 0
        assert [h.concept.en for h in g.lookup("IPR")][:1] == ["intellectual property rights"]


def damaged_memory(tmp_path: Path) -> Path:
    """A memory whose table pages were overwritten in the middle (a crash of the disk,
    not of SQLite): the header and the schema still read, the units do not."""
    path = tmp_path / "damaged.db"
    with glossary.open(path) as g:
        g.add_entry("知识产权", "intellectual property rights")
        units = tmp_path / "units.csv"
        units.write_text("source_lang,source,target_lang,target\n" + "".join(
            f"zh-CN,第{i}条：加强知识产权保护。,en,Article {i}: strengthen IPR protection.\n"
            for i in range(3000)), encoding="utf-8")
        g.import_path(units)
    run_sql(path)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 8 * 4096] = bytes(range(256)) * 128
    path.write_bytes(bytes(data))
    return path


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glossary", *args], capture_output=True,
                          text=True, timeout=120)


def test_verify_finds_the_damage_and_says_what_to_do(tmp_path):
    path = damaged_memory(tmp_path)
    run = cli("--db", str(path), "verify")
    assert run.returncode == 1, run.stderr
    assert "damaged" in run.stdout and ".recover" in run.stdout
    assert "Traceback" not in run.stderr


def test_verify_says_a_sound_file_is_sound(db):
    run = cli("--db", str(db), "verify", "--full")
    assert run.returncode == 0 and "sound" in run.stdout


def test_reading_a_damaged_memory_is_one_line_not_a_traceback(tmp_path):
    path = damaged_memory(tmp_path)
    out = tmp_path / "out.tmx"
    run = cli("--db", str(path), "export", str(out), "--what", "tm")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "damaged" in run.stderr and "glossary verify" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_a_database_on_a_read_only_disk_reads_and_refuses_writes_plainly(db, monkeypatch,
                                                                          tmp_path):
    # as root, permissions do not stop writes; the check a read-only disk fails is the one
    # the backend asks, so it is the one answered here
    import glossary.store.sqlite as backend

    real = backend.os.access
    monkeypatch.setattr(backend.os, "access",
                        lambda p, mode: False if mode == backend.os.W_OK else real(p, mode))
    before = digest(db)
    with glossary.open(db) as g:
        assert g.store.read_only
        assert g.lookup("知识产权")[0].concept.en == "intellectual property rights"
        with pytest.raises(GlossaryError, match="read-only"):
            g.add_entry("专利", "patent")
        out = tmp_path / "out.tbx"
        g.export(out)
        assert "知识产权" in out.read_text(encoding="utf-8")
    assert digest(db) == before
