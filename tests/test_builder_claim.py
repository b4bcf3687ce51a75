"""One process at a time builds the TM index; the claim must be judged by the database
that holds it. On a team server the claimant may run on another machine, so on
PostgreSQL a claim names the server session, and a claim left by a session that has
ended (a crashed client) is taken over, while a live one is respected."""

from __future__ import annotations

import subprocess
import sys
import time

from pg_support import db_url, pg_url  # noqa: F401 - fixtures

import glossary
from glossary.store.tm_tables import TMTables


def _holder(g: glossary.Glossary) -> str | None:
    row = g.store.one("SELECT value FROM glossary_meta WHERE key = 'index_builder'")
    return row[0] if row else None


CLAIM = ("import sys, glossary; from glossary.store.tm_tables import TMTables; "
         "g = glossary.Glossary(sys.argv[1]); "
         "print(TMTables(g.store).claim_builder(wait=False) is not None)")


def test_a_live_builder_is_respected_and_a_released_claim_free(db_url):  # noqa: F811
    first = glossary.Glossary(db_url)
    try:
        assert TMTables(first.store).claim_builder() is not None
        assert _holder(first) == first.store.session()

        def other_claims() -> str:  # another process, as a second translator's would be
            return subprocess.run([sys.executable, "-c", CLAIM, db_url], capture_output=True,
                                  text=True, check=True).stdout.strip()

        assert other_claims() == "False"
        assert _holder(first) == first.store.session()
        TMTables(first.store).release_builder()
        assert other_claims() == "True"
    finally:
        first.close()


def test_a_claim_left_by_an_ended_session_is_taken_over(db_url):  # noqa: F811
    # a process that claims the build and exits without releasing it, as a crash would
    code = ("import sys, glossary; from glossary.store.tm_tables import TMTables; "
            "g = glossary.Glossary(sys.argv[1]); "
            "assert TMTables(g.store).claim_builder() is not None; "
            "print(g.store.session())")
    gone = subprocess.run([sys.executable, "-c", code, db_url], capture_output=True,
                          text=True, check=True).stdout.strip()
    g = glossary.Glossary(db_url)
    try:
        assert _holder(g) == gone
        for _ in range(200):  # the server notices the closed socket within moments
            if not g.store.session_alive(gone):
                break
            time.sleep(0.05)
        assert not g.store.session_alive(gone)
        assert TMTables(g.store).claim_builder(wait=False) is not None
        assert _holder(g) == g.store.session()
    finally:
        g.close()
