"""On the team server a write that queues behind another session's change says what it
waits for (the other session's import, its role and server process), once, and then
goes through when that change commits; a write that does not wait says nothing."""

from __future__ import annotations

import threading
import time

from pg_support import pg_url  # noqa: F401 - fixture

import glossary


def test_a_write_behind_another_sessions_change_says_what_it_waits_for(pg_url):  # noqa: F811
    told: list[str] = []
    with glossary.open(pg_url) as a, glossary.open(pg_url, on_wait=told.append) as b:
        entry = a.add_entry("专利", "patent", domain="law")
        holding, release = threading.Event(), threading.Event()

        def hold() -> None:
            # what a long import looks like to others: a named session holding rows
            with a.store.announced("import of big.tmx"), a.store.transaction():
                a.store.execute("UPDATE concepts SET note = 'mid-import' WHERE id = ?",
                                (entry.id,))
                holding.set()
                release.wait(10)

        holder = threading.Thread(target=hold)
        holder.start()
        assert holding.wait(10)
        edited = threading.Thread(target=lambda: b.edit_entry(entry.id, en="patent right"))
        started = time.monotonic()
        edited.start()
        while not told and time.monotonic() - started < 10:
            time.sleep(0.05)
        assert edited.is_alive()  # still queued: the message came while it waited
        release.set()
        holder.join(10)
        edited.join(10)
        assert len(told) == 1
        pid = a.store.conn.info.backend_pid
        assert told[0].startswith(f"waiting for import of big.tmx ({a.store.user()}, "
                                  f"server process {pid}) to finish")
        stored = b.get_entry(entry.id)
        assert (stored.en, stored.note) == ("patent right", "mid-import")


def test_a_write_that_does_not_wait_says_nothing(pg_url):  # noqa: F811
    told: list[str] = []
    with glossary.open(pg_url, on_wait=told.append) as g:
        for n in range(3):
            g.add_entry(f"商标{n}", f"trademark {n}")
        with g.store.transaction():
            time.sleep(0.8)  # long, but blocked by nobody
    assert told == []
