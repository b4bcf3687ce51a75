"""The searches behind the main screen, each in a thread worker that posts what it found:
terms and TM as the user types, the counts, an entry wanted by its id, and warming up.

A slow lookup must never freeze typing, so none runs on the UI thread. Terms and TM
have a Channel each (latest.py): one query at a time, stale ones skipped, and results
shown only if no newer query was asked for, so a slow early query cannot overwrite a
later, faster one.
"""

from __future__ import annotations

import gc
import threading
import time
from functools import partial

from textual.dom import DOMNode

from glossary import Glossary, SearchCancelled
from glossary.text.normalize import has_han

from ...jobs import reported
from ...latest import Channel
from ...rows import TM_FIRST_SCORE, TM_LIMIT, TM_LOW_SCORE, MemoryRow, fetch_memory, fetch_rows
from .messages import EntryWanted, MemoryReady, OthersChanged, ResultsReady, StatsReady

TERMS_FIRST_WAIT = 0.25  # seconds a TM search waits at most for the terms to be painted
QUICK_SEARCH = 0.03  # a search down to 50% this fast runs on every keystroke
LOW_MATCHES_PAUSE = 0.3  # else matches under 75% wait for this pause in the typing


class Lookups:
    """Runs the searches in workers of `host` (the screen) and posts their results to it."""

    def __init__(self, glossary: Glossary, host: DOMNode) -> None:
        self.glossary = glossary
        self.host = host
        self.terms: Channel[str] = Channel()
        self.memory: Channel[tuple[str, bool]] = Channel()
        self.low_search_seconds: dict[bool, float] = {}  # last search down to 50%, by script
        self.terms_painted = threading.Event()  # the newest term results are on screen
        self.terms_painted.set()
        # the database's data_version when last looked at: from the start, so a change
        # made while the first results load is not taken for the baseline
        self.version = glossary.data_version()

    def ask_terms(self, query: str) -> int:
        """Ask for a term lookup, superseding any not yet started; returns its number."""
        self.terms_painted.clear()
        seq, start = self.terms.ask(query)
        if start:
            self.host.run_worker(self.terms_worker, thread=True, group="terms")
        return seq

    def ask_memory(self, query: str, concordance: bool) -> int:
        seq, start = self.memory.ask((query, concordance))
        if start:
            self.host.run_worker(self.memory_worker, thread=True, group="memory")
        return seq

    def terms_worker(self) -> None:
        while (item := self.terms.take()) is not None:
            self.lookup_job(*item)

    def lookup_job(self, seq: int, query: str) -> None:
        """The body of a lookup; safe off the UI thread, since it only posts."""
        with reported(self.host):
            self.host.post_message(ResultsReady(seq, query, fetch_rows(self.glossary, query)))

    def memory_worker(self) -> None:
        """TM searches, each started once the terms for the same keystroke are on screen
        (unless TM searches have been quick, when both are painted in one frame).

        A TM search over a large memory is the heaviest call; running it beside the term
        lookup would slow the terms down (they share the interpreter lock) although
        they are what the translator reads first. The wait is bounded, so a failed or
        lost lookup cannot hold the TM back for long.
        """
        while True:
            waiting = self.memory.peek()
            if waiting is not None and self.slow_search(waiting[0]):
                self.terms_painted.wait(TERMS_FIRST_WAIT)
            item = self.memory.take()
            if item is None:
                break
            seq, (query, concordance) = item
            with reported(self.host):
                self.memory_job(seq, query, concordance)

    def slow_search(self, query: str) -> bool:
        """Whether the last search down to 50% in the query's script was slow."""
        return self.low_search_seconds.get(has_han(query), 0.0) >= QUICK_SEARCH

    def memory_job(self, seq: int, query: str, concordance: bool) -> None:
        """TM matches for one keystroke: all at once while that is quick; else those of
        75% and more first, and the lower ones once typing has paused.

        Below 75% a gram index can rule out little in English, so on a memory of a
        million units that search scans most of it (a few hundred ms): run on every
        keystroke, it would hold back the next one. A newer keystroke during the pause
        skips it. How long the last such search took decides, per script.
        """
        post = self.host.post_message
        if concordance:
            post(MemoryReady(seq, query, True, fetch_memory(self.glossary, query, True)))
            return
        script = has_han(query)
        try:
            if not self.slow_search(query):
                post(MemoryReady(seq, query, False, self.low_search(seq, query, script)))
                return
            rows = fetch_memory(self.glossary, query, False, TM_FIRST_SCORE)
            if len(rows) >= TM_LIMIT:  # the lower ones could not make the list
                post(MemoryReady(seq, query, False, rows))
                return
            post(MemoryReady(seq, query, False, rows, final=False))
            if not self.memory.newer_within(seq, LOW_MATCHES_PAUSE):
                post(MemoryReady(seq, query, False, self.low_search(seq, query, script)))
        except SearchCancelled:  # a newer keystroke: its search comes next
            return

    def low_search(self, seq: int, query: str, script: bool) -> list[MemoryRow]:
        """Matches down to 50%, given up part way when a newer keystroke arrives."""
        started = time.perf_counter()
        rows = fetch_memory(self.glossary, query, False, TM_LOW_SCORE,
                            cancel=lambda: not self.memory.is_current(seq))
        self.low_search_seconds[script] = time.perf_counter() - started
        return rows

    # the rest: counts, one entry, warming up ------------------------------------------------

    def load_stats(self) -> None:
        self.host.run_worker(self.stats_job, thread=True, exclusive=True, group="stats")

    def stats_job(self) -> None:
        with reported(self.host):
            self.host.post_message(StatsReady(self.glossary.stats()))

    def check_changes(self) -> None:
        """Polled: posts OthersChanged once another process has committed since the last
        look (SQLite's data_version: one cheap read, no lock held by anyone)."""
        self.host.run_worker(self.changes_job, thread=True, exclusive=True, group="changes")

    def changes_job(self) -> None:
        with reported(self.host):
            version = self.glossary.data_version()
            if version != self.version:
                self.host.post_message(OthersChanged())
            self.version = version

    def fetch_entry(self, concept_id: int) -> None:
        """Post EntryWanted for an entry known by its id (as QA gives it)."""
        self.host.run_worker(partial(self.entry_job, concept_id), thread=True,
                             group="show-entry")

    def entry_job(self, concept_id: int) -> None:
        with reported(self.host):
            concept = self.glossary.get_entry(concept_id)
            self.host.post_message(EntryWanted(concept.zh, str(concept.id)))

    def warm(self) -> None:
        """Build the search structures now, so the first real keystroke does not wait."""
        self.host.run_worker(self.warm_job, thread=True, group="warm")

    def warm_job(self) -> None:
        with reported(self.host):
            self.glossary.warm()
        # The search structures live as long as the app: a full garbage collection
        # would walk them all again (tens of ms, at a random keystroke) to find nothing.
        gc.freeze()
