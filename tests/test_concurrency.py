"""Several processes on one database: a write waits for another writer, says what it
waits for, and then succeeds; after GLOSSARY_WAIT it gives up cleanly; reads never wait."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import glossary
from glossary import GlossaryError

HOLDER = textwrap.dedent("""
    import sqlite3, sys
    from pathlib import Path
    from glossary.store.waiting import announced
    db = Path(sys.argv[1])
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    with announced(db, "an import of big.tmx"):
        print("held", flush=True)
        sys.stdin.readline()
    conn.execute("COMMIT")
""")


def hold_lock(db: Path) -> subprocess.Popen:
    """Another process holding the write lock, as a long import does, until it reads a
    line on its stdin (or is killed)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "memory.db"
    with glossary.open(path) as g:
        g.add_entry("知识产权", "intellectual property rights", abbr="IPR")
        g.add_tm_unit("加强知识产权保护。", "Strengthen IPR protection.", "zh-CN", "en")
    return path


def test_a_write_waits_for_another_writer_says_why_and_succeeds(db):
    told: list[str] = []
    holder = hold_lock(db)

    def waiting(message: str) -> None:  # told while the other process holds the lock
        told.append(message)
        assert holder.stdin is not None
        holder.stdin.write("go\n")
        holder.stdin.flush()

    try:
        with glossary.open(db, on_wait=waiting) as g:
            added = g.add_entry("专利", "patent")
    finally:
        holder.kill()
        holder.wait()
    assert told == [f"waiting for an import of big.tmx (process {holder.pid}) to finish…"]
    with glossary.open(db) as g:
        assert g.get_entry(added.id).terms[0].text == "专利"


def test_a_write_gives_up_after_the_limit_and_changes_nothing(db, monkeypatch):
    monkeypatch.setenv("GLOSSARY_WAIT", "0.5")
    holder = hold_lock(db)
    try:
        with glossary.open(db) as g, pytest.raises(GlossaryError) as failed:
            g.add_entry("商标", "trademark")
    finally:
        holder.kill()
        holder.wait()
    message = str(failed.value)
    assert "still busy" in message and "an import of big.tmx" in message
    assert "nothing was changed" in message
    with glossary.open(db) as g:
        assert not [h for h in g.lookup("商标") if h.match == "exact"]


def test_the_cli_says_it_waits_then_adds(db):
    holder = hold_lock(db)
    cli = subprocess.Popen([sys.executable, "-m", "glossary", "--db", str(db), "add", "版权",
                            "copyright"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, env={**os.environ, "GLOSSARY_WAIT": "60"})
    try:
        assert cli.stderr is not None
        first = cli.stderr.readline()  # written while the other process still writes
    finally:
        holder.communicate("go\n")
    out, rest = cli.communicate()
    assert f"waiting for an import of big.tmx (process {holder.pid}) to finish" in first
    assert cli.returncode == 0, rest
    assert "added" in out and "Traceback" not in rest


def test_the_cli_gives_up_with_one_line_and_exit_1(db):
    holder = hold_lock(db)
    try:
        done = subprocess.run([sys.executable, "-m", "glossary", "--db", str(db), "add",
                               "版权", "copyright"], capture_output=True, text=True,
                              env={**os.environ, "GLOSSARY_WAIT": "0.5"})
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "still busy" in done.stderr


def test_reads_do_not_wait_for_a_writer(db, monkeypatch):
    monkeypatch.setenv("GLOSSARY_WAIT", "0")  # a read that tried to wait would fail
    # and a search that finds the unindexed tail long would index it first: not now
    monkeypatch.setattr("glossary.tm.index.TAIL_LIMIT", 0)
    holder = hold_lock(db)
    try:
        with glossary.open(db) as g:
            hits = g.lookup("知识产权")
            matches = g.tm_search("加强知识产权保护", min_score=50)
            found = g.concordance("知识产权")
    finally:
        holder.kill()
        holder.wait()
    assert hits and hits[0].concept.en == "intellectual property rights"
    assert matches and matches[0].score >= 50
    assert found


def test_a_note_left_by_a_killed_process_is_ignored(db):
    from glossary.store.waiting import holder, note_path

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    note_path(db).write_text(f'{{"pid": {dead.pid}, "what": "an import of old.tmx"}}')
    assert holder(db) == "another program writing to the database"


def test_two_imports_at_once_both_succeed(tmp_path, db):
    files = []
    for n in range(2):
        path = tmp_path / f"client{n}.csv"
        rows = "\n".join(f"zh-CN,第{n}号文件的第{i}句。,en,Sentence {i} of file {n}."
                         for i in range(300))
        path.write_text("source_lang,source,target_lang,target\n" + rows + "\n",
                        encoding="utf-8")
        files.append(path)
    procs = [subprocess.Popen([sys.executable, "-m", "glossary", "--db", str(db), "import",
                               str(f)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in files]
    outs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with glossary.open(db) as g:
        assert g.stats()["tm_units"] == 1 + 600
