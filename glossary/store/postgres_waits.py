"""Telling the user when a write on the team server waits for another session.

On SQLite a write that finds the lock taken polls for it, so it knows it is waiting
and says so (waiting.py). On PostgreSQL the server itself queues a write behind
another session's row lock: the statement simply does not return, and the one
connection it runs on cannot ask why. So while a transaction runs, a watcher thread
looks every TELL_AFTER seconds, on a second connection opened only once a
transaction has lasted that long, at whether the session is blocked
(`pg_blocking_pids`), and tells `on_wait` once what it waits for: the other
session's `application_name` ("glossary: import of big.tmx", which `announced` sets),
its role and its server pid.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import psycopg

from glossary.store.waiting import TELL_AFTER

BLOCKERS = ("SELECT a.pid, a.usename, a.application_name FROM pg_stat_activity a "
            "WHERE a.pid = ANY(pg_blocking_pids(%s)) ORDER BY a.pid")
PREFIX = "glossary: "


def describe(pid: int, role: str | None, application: str | None) -> str:
    """"an import of big.tmx (bob, server process 4711)", or another program's name."""
    who = f"{role}, server process {pid}" if role else f"server process {pid}"
    if application and application.startswith(PREFIX):
        return f"{application[len(PREFIX):]} ({who})"
    if application:
        return f"{application} ({who})"
    return f"another session's change ({who})"


@contextmanager
def watched(conninfo: str, pid: int, notify: Callable[[str], None] | None,
            every: float = TELL_AFTER) -> Iterator[None]:
    """Run the body with a watcher telling `notify` once if session `pid` waits for
    another's lock. Without `notify` there is nobody to tell, and no thread."""
    if notify is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        conn: psycopg.Connection | None = None
        try:
            while not done.wait(every):
                if conn is None:
                    conn = psycopg.connect(conninfo, autocommit=True, connect_timeout=5)
                blockers = conn.execute(BLOCKERS, (pid,)).fetchall()
                if blockers and not done.is_set():
                    notify(f"waiting for {describe(*blockers[0])} to finish…")
                    return
        except psycopg.Error:
            return  # the watcher only informs: the write itself goes on regardless
        finally:
            if conn is not None:
                with suppress(psycopg.Error):
                    conn.close()

    thread = threading.Thread(target=watch, name="glossary-lock-watch", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
