"""An import killed with SIGKILL at a random moment: the database passes integrity_check
and shows all of the file or none of it, and the next import of it goes through and
clears what the killed one left."""

from __future__ import annotations

import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tm_files import write_tmx

import glossary

UNITS = 20_000


@pytest.fixture(scope="module")
def big_tmx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tmx(tmp_path_factory.mktemp("kill") / "big.tmx", (
        (f"第{i}条：加强知识产权保护，第{i}款。", f"Article {i}: strengthen IPR protection, "
         f"clause {i}.") for i in range(UNITS)))


@pytest.mark.reliability
@pytest.mark.parametrize("seed", range(4))
def test_an_import_killed_anywhere_leaves_all_or_nothing(tmp_path, big_tmx, seed):
    db = tmp_path / "memory.db"
    with glossary.open(db) as g:
        g.add_entry("知识产权", "intellectual property rights")
    importing = subprocess.Popen([sys.executable, "-m", "glossary", "--db", str(db), "import",
                                  str(big_tmx)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    time.sleep(random.Random(seed).uniform(0.2, 2.5))  # start-up, parsing, storing, indexing
    importing.send_signal(signal.SIGKILL)
    importing.wait()
    copy = tmp_path / "after-kill.db"  # looked at as it was left, before anything opens it
    for suffix in ("", "-wal"):
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", f"{copy}{suffix}")
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # what readers see (a killed import's units moved in so far stay hidden)
        assert conn.execute("SELECT count(*) FROM tm_visible").fetchone()[0] in (0, UNITS)
        assert conn.execute("SELECT count(*) FROM concepts").fetchone()[0] == 1
    with glossary.open(db) as g:  # and the user can go on: the import again, or as it was
        report = g.import_path(big_tmx)
        assert report.already_imported or report.added == UNITS
        assert g.stats()["tm_units"] == UNITS
        assert g.tm_search("加强知识产权保护，第7款", min_score=60)
    with sqlite3.connect(db) as conn:  # and what the killed import left is gone
        assert conn.execute("SELECT count(*) FROM tm_units").fetchone()[0] == UNITS
    assert not list(tmp_path.glob(".memory.db-import-*"))


@pytest.mark.reliability
@pytest.mark.parametrize("seed", range(3))
def test_an_export_killed_anywhere_leaves_no_half_file_in_sight(tmp_path, big_tmx, seed):
    db = tmp_path / "memory.db"
    with glossary.open(db) as g:
        g.import_path(big_tmx)
    out = tmp_path / "out"
    out.mkdir()
    exporting = subprocess.Popen([sys.executable, "-m", "glossary", "--db", str(db), "export",
                                  str(out / "memory.tmx")], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    time.sleep(random.Random(seed).uniform(0.3, 2.0))
    exporting.send_signal(signal.SIGKILL)
    exporting.wait()
    in_sight = [p.name for p in out.iterdir() if not p.name.startswith(".")]
    assert in_sight in ([], ["memory.tmx"])
    if in_sight:  # finished before the kill: then it is whole
        text = (out / "memory.tmx").read_text(encoding="utf-8")
        assert len(re.findall(r"<tu[ >]", text)) == UNITS and text.rstrip().endswith("</tmx>")
    with glossary.open(db) as g:  # the next export clears what the killed one left
        g.export(out / "memory.tmx")
    assert [p.name for p in out.iterdir()] == ["memory.tmx"]


@pytest.mark.reliability
@pytest.mark.parametrize("seed", range(3))
def test_an_edit_killed_anywhere_is_all_or_nothing(tmp_path, seed):
    db = tmp_path / "memory.db"
    with glossary.open(db) as g:
        entry = g.add_entry("知识产权", "intellectual property rights", domain="ipr")
    editing = subprocess.Popen([sys.executable, "-m", "glossary", "--db", str(db), "edit",
                                str(entry.id), "--en", "IP rights", "--domain", "law"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.Random(seed).uniform(0.2, 1.2))
    editing.send_signal(signal.SIGKILL)
    editing.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with glossary.open(db) as g:
        now = g.get_entry(entry.id)
        assert (now.domain, now.en) in {
            ("ipr", "intellectual property rights"), ("law", "IP rights")}
