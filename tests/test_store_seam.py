"""The storage seam: SQL lives in glossary/store/ only, backends are chosen by connection
string, and every backend keeps the contract the repositories rely on."""

from __future__ import annotations

import io
import re
import sqlite3
import threading
import time
import tokenize
from pathlib import Path

import pytest
from pg_support import pg_url  # noqa: F401 - a fixture

import glossary
from glossary.errors import GlossaryError
from glossary.store import BACKENDS, open_store
from glossary.store.base import Backend
from glossary.store.sqlite import SQLiteBackend

ROOT = Path(__file__).resolve().parents[1]
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE FROM|CREATE|DROP|ALTER|PRAGMA)\s")
SQL_CALLS = {"execute", "executemany", "executescript"}


def sql_outside_store() -> list[str]:
    """file:line and what was found, for every module of glossary/ outside store/ and tui/."""
    found = []
    files = [p for p in (ROOT / "glossary").rglob("*.py") if "store" not in p.parts]
    files += list((ROOT / "tui").rglob("*.py"))
    for path in sorted(files):
        tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline))
        name = path.relative_to(ROOT)
        for i, tok in enumerate(tokens):
            if tok.type == tokenize.STRING or tok.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
                words = SQL_WORDS.search(tok.string)
                if words:
                    found.append(f"{name}:{tok.start[0]}: SQL in a string ({words.group(1)})")
            elif (tok.type == tokenize.NAME and tok.string in SQL_CALLS and i > 0
                  and tokens[i - 1].string == "." and tokens[i + 1].string == "("):
                found.append(f"{name}:{tok.start[0]}: .{tok.string}(")
    return found


def test_no_sql_outside_the_store():
    found = sql_outside_store()
    assert not found, "SQL belongs in glossary/store/:\n" + "\n".join(found)


def test_the_scan_would_see_sql(tmp_path, monkeypatch):
    """The scan is only worth something if it finds what it looks for."""
    fake = tmp_path / "glossary" / "tm"
    fake.mkdir(parents=True)
    (tmp_path / "tui").mkdir()
    (fake / "leak.py").write_text('def f(c):\n    c.execute("SELECT 1")\n    q = "DELETE FROM x"\n')
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert sql_outside_store() == [
        "glossary/tm/leak.py:2: .execute(",
        "glossary/tm/leak.py:2: SQL in a string (SELECT)",
        "glossary/tm/leak.py:3: SQL in a string (DELETE FROM)",
    ]


# choosing a backend ------------------------------------------------------------------


def test_a_path_opens_sqlite(tmp_path):
    for given in (tmp_path / "a.db", str(tmp_path / "b.db")):
        store = open_store(given)
        try:
            assert isinstance(store, SQLiteBackend) and store.path == Path(given)
            assert store.created
        finally:
            store.close()


def test_sqlite_urls_name_relative_and_absolute_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = open_store("sqlite:///rel.db")
    store.close()
    assert (tmp_path / "rel.db").exists()
    store = open_store(f"sqlite:///{tmp_path / 'abs.db'}")  # four slashes: an absolute path
    store.close()
    assert (tmp_path / "abs.db").exists()
    with glossary.open(f"sqlite:///{tmp_path / 'g.db'}") as g:
        g.add_entry("专利", "patent")
        assert g.stats()["concepts"] == 1 and g.path == tmp_path / "g.db"
    with pytest.raises(GlossaryError, match="sqlite:///path"):
        open_store("sqlite://")


def test_an_unreachable_server_is_named_without_its_password(tmp_path):
    for url in (f"postgresql://ann:s3cret@/terms?host={tmp_path}",
                "postgres://ann:s3cret@localhost:1/terms?connect_timeout=2",
                f"postgresql+psycopg://ann:s3cret@/terms?host={tmp_path}"):
        with pytest.raises(GlossaryError) as caught:
            open_store(url)
        message = str(caught.value)
        assert "cannot connect" in message and "ann:***@" in message
        assert "s3cret" not in message


def test_a_password_given_as_a_parameter_or_percent_encoded_is_never_shown(tmp_path):
    # libpq takes a password in the user part (percent-encoded) or as ?password=
    for url, hidden in ((f"postgresql://ann@/terms?host={tmp_path}&password=hunter2",
                         "hunter2"),
                        (f"postgresql://ann:s3cr%40t@/terms?host={tmp_path}", "s3cr")):
        with pytest.raises(GlossaryError) as caught:
            open_store(url)
        message = str(caught.value)
        assert "cannot connect" in message and "***" in message
        assert hidden not in message


def test_an_unknown_scheme_names_the_known_ones():
    with pytest.raises(GlossaryError, match=r"no database backend for 'mysql://'.*sqlite://"):
        open_store("mysql://localhost/terms")


# the contract, for every backend that can be opened here -----------------------------

OPENABLE = {"sqlite": lambda request, tmp: f"sqlite:///{tmp / 'seam.db'}",
            "postgresql": lambda request, tmp: request.getfixturevalue("pg_url")}
assert set(OPENABLE) <= set(BACKENDS)


@pytest.fixture(params=sorted(OPENABLE))
def backend(request, tmp_path):
    store = open_store(OPENABLE[request.param](request, tmp_path))
    yield store
    store.close()


def add_concept(store: Backend, **fields) -> int:
    return store.insert("concepts", {"created": "2024", "changed": "2024", **fields})


def test_insert_update_and_read_back(backend):
    cid = add_concept(backend, domain="law")
    backend.update("concepts", cid, {"note": "n"})
    assert backend.query("SELECT id, domain, note FROM concepts") == [
        {"id": cid, "domain": "law", "note": "n"}]
    assert backend.rows("SELECT domain FROM concepts") == [("law",)]
    assert backend.one("SELECT domain FROM concepts WHERE id = ?", (cid + 1,)) is None
    assert backend.scalar("SELECT count(*) FROM concepts") == 1


def test_bulk_inserts_count_the_rows_they_add(backend):
    backend.insert_all("concepts", [{"id": 7, "created": "a", "changed": "a"},
                                    {"created": "b", "changed": "b"}])
    assert backend.rows("SELECT id FROM concepts ORDER BY id") == [(7,), (8,)]
    sql = "INSERT OR IGNORE INTO concepts (id, created, changed) VALUES (?, ?, ?)"
    assert backend.executemany(sql, [(7, "x", "x"), (9, "x", "x")]) == 1
    assert backend.execute("DELETE FROM concepts WHERE id > ?", (7,)) == 2
    with backend.lock:
        batches = list(backend.batches("SELECT id FROM concepts", size=1))
    assert batches == [[(7,)]]


def test_a_failed_transaction_leaves_nothing(backend):
    with pytest.raises(RuntimeError), backend.transaction():
        add_concept(backend)
        with backend.transaction():  # nested: the outer one decides
            add_concept(backend)
        raise RuntimeError
    assert backend.scalar("SELECT count(*) FROM concepts") == 0


def test_blob_prefix_reads_the_start_of_a_blob(backend):
    backend.execute("INSERT INTO tm_index_postings VALUES (?, ?, ?)", (5, 3, b"abcdefgh"))
    assert backend.blob_prefix("tm_index_postings", "ids", 5, 3) == b"abc"


def test_a_reader_keeps_its_snapshot_while_others_write(backend):
    add_concept(backend)
    with backend.reader() as reader:
        assert reader.one("SELECT count(*) FROM concepts") == (1,)
        add_concept(backend)
        assert reader.rows("SELECT count(*) FROM concepts") == [(1,)]
        assert [len(b) for b in reader.batches("SELECT id FROM concepts", size=5)] == [1]
    assert backend.scalar("SELECT count(*) FROM concepts") == 2


def test_changes_are_noticed_from_this_connection_and_others(backend):
    seen: list[int] = []
    backend.on_change("concepts", seen.append)
    cid = add_concept(backend)
    backend.update("concepts", cid, {"note": "x"})
    backend.execute("DELETE FROM concepts WHERE id = ?", (cid,))
    assert seen == [cid, cid, cid, cid]  # insert, update (old and new), delete
    if isinstance(backend, SQLiteBackend):  # another process's commit
        before = backend.data_version()
        other = sqlite3.connect(backend.location)
        with other:
            other.execute("INSERT INTO concepts (created, changed) VALUES ('a', 'a')")
        other.close()
        assert backend.data_version() != before
    else:  # another session's commit, and not this session's own
        import psycopg

        before = backend.data_version()
        add_concept(backend)
        assert backend.data_version() == before
        with psycopg.connect(backend.url, autocommit=True) as other:
            other.execute("INSERT INTO concepts (created, changed) VALUES ('a', 'a')")
            backend.scalar("SELECT 1")  # a query of ours meanwhile must not lose the news
        assert changes(backend, before)


def changes(backend: Backend, before: int, within: float = 5.0) -> bool:
    """Whether data_version moves from `before` within a few seconds (PostgreSQL tells
    of another session's commit within milliseconds of it, not at the same instant)."""
    deadline = time.monotonic() + within
    while backend.data_version() == before:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    return True


def test_the_lock_serialises_threads(backend):
    done: list[object] = []
    with backend.lock:
        worker = threading.Thread(target=lambda: done.append(backend.scalar("SELECT 1")))
        worker.start()
        worker.join(0.2)
        assert worker.is_alive() and not done
    worker.join(5)
    assert done == [1]
