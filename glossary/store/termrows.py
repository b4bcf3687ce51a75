"""The terms table held in memory, for the searches SQLite's indexes cannot serve.

Substring and typo lookup and Aho-Corasick recognition need every key at hand. Loading
150k terms and building those structures takes about a second: fine once, far too slow
to repeat after each edit while the translator types. So a snapshot (the *base*) is
loaded once, and the terms changed since then (the *delta*) are kept aside: searches
skip changed ids in the base and scan the few changed rows directly. When the delta
grows large (an import), the next search reloads the base.

Changes are seen without any hook in the writers. The backend calls back with the id
of each term inserted, updated or deleted through its connection, whichever code path
made the write (Backend.on_change; SQLite does it with temporary triggers); a
rolled-back id is merely re-read. A commit by another connection (a second process)
changes the backend's data_version, and then the whole base is reloaded.
"""

from __future__ import annotations

import sys
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from glossary.models import REFERENCE_SOURCES, STATUS_RANK, Term
from glossary.store.base import Backend

REBUILD_AT = 2000  # changed terms scanned row by row before the base is reloaded


class TermRow(NamedTuple):
    id: int
    concept_id: int
    lang: str
    text: str
    key: str
    pinyin: str | None
    tones: str | None
    status: str
    type: str
    pos: str | None
    context: str | None
    note: str | None
    position: int
    reference: bool = False  # from a reference dictionary (CC-CEDICT), not the user's own

    @property
    def rank(self) -> int:
        """Status order; reference dictionary entries after all of the user's own."""
        return STATUS_RANK.get(self.status, 9) + (REFERENCE_RANK if self.reference else 0)

    def term(self) -> Term:
        return Term(self.lang, self.text, self.status, self.type, self.pos,
                    self.context, self.note, self.id)


REFERENCE_RANK = 10
_REFS = ", ".join(f"'{s}'" for s in REFERENCE_SOURCES)
REFERENCE_SELECT = (
    "SELECT t.id, t.concept_id, t.lang, t.text, t.key, t.pinyin, t.pinyin_tones, t.status, "
    f"t.type, t.pos, t.context, t.note, t.position, c.source IN ({_REFS}) "
    "FROM terms t JOIN concepts c ON c.id = t.concept_id"
)
# Only the user's own terms are held in memory: reference dictionaries (three times as
# many terms) are searched on disk (reference.search). Written as ranges around each
# reference source, so the concepts_source index skips the dictionary's entries (NOT IN
# would read every one of them).
_SOURCES: tuple[str, ...] = tuple(sorted(REFERENCE_SOURCES))
_OWN = " OR ".join([f"c.source < '{_SOURCES[0]}'",
                    *(f"(c.source > '{a}' AND c.source < '{b}')"
                      for a, b in zip(_SOURCES, _SOURCES[1:], strict=False)),
                    f"c.source > '{_SOURCES[-1]}'"])
_SELECT = ("SELECT t.id, t.concept_id, t.lang, t.text, t.key, t.pinyin, t.pinyin_tones, "
           "t.status, t.type, t.pos, t.context, t.note, t.position, 0 FROM terms t "
           f"WHERE t.concept_id IN (SELECT id FROM concepts c WHERE {_OWN}) ORDER BY t.id")


def term_row(r: tuple) -> TermRow:
    """A row sharing its repeated strings (tags, statuses, a key equal to its text)."""
    tid, cid, lang, text, key, pinyin, tones, status, kind, pos, context, note, position, ref = r
    return TermRow(tid, cid, sys.intern(lang), text, text if key == text else key, pinyin,
                   tones, sys.intern(status), sys.intern(kind), pos and sys.intern(pos),
                   context, note, position, bool(ref))


@dataclass(eq=False)
class Snapshot:
    """Every term row as loaded at one moment; never changes once loaded."""

    rows: list[TermRow]
    derived: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def build(self, name: str, make: Callable[[Snapshot], Any]) -> Any:
        """A structure derived from this snapshot, made once whichever thread asks first."""
        found = self.derived.get(name)
        if found is None:
            with self.lock:
                found = self.derived.get(name)
                if found is None:
                    found = self.derived[name] = make(self)
        return found


@dataclass(frozen=True, eq=False)
class View:
    """What one search sees: the base, the ids it must not trust, and their current rows."""

    base: Snapshot
    dirty: frozenset[int]
    delta: tuple[TermRow, ...]
    touched: frozenset[int]  # concepts with a changed term, before or after the change


class TermWatch:
    """Keeps a View of the terms table current for one backend."""

    def __init__(self, store: Backend):
        self.store = store
        self._installed = False
        self._base: Snapshot | None = None
        self._base_concepts: dict[int, int] = {}  # term id -> concept id in the base
        self._version: int | None = None
        self._dirty: set[int] = set()
        self._generation = 0
        self._view: View | None = None
        self._view_generation = -1

    def _changed(self, term_id: int) -> None:
        if term_id is not None:
            self._dirty.add(term_id)
            self._generation += 1

    def _install(self) -> None:
        self.store.on_change("terms", self._changed)
        self._installed = True

    def invalidate(self) -> None:
        """Reload everything at the next search (for writes made behind this connection)."""
        with self.store.lock:
            self._base = None

    def view(self) -> View:
        with self.store.lock:
            if not self._installed:
                self._install()
            version = self.store.data_version()
            if self._base is None or version != self._version or len(self._dirty) > REBUILD_AT:
                rows = [term_row(r) for r in self.store.rows(_SELECT)]
                self._base = Snapshot(rows)
                self._base_concepts = {r.id: r.concept_id for r in rows}
                self._version = version
                self._dirty.clear()
                self._generation += 1
            if self._view is None or self._view_generation != self._generation:
                self._view = self._make_view(self._base)
                self._view_generation = self._generation
            return self._view

    def _make_view(self, base: Snapshot) -> View:
        dirty = frozenset(self._dirty)
        delta: list[TermRow] = []
        ids = sorted(dirty)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            delta += [term_row(r) for r in self.store.rows(
                f"{REFERENCE_SELECT} WHERE t.id IN ({marks}) AND c.source NOT IN ({_REFS})",
                chunk)]
        touched = {r.concept_id for r in delta}
        touched |= {self._base_concepts[i] for i in dirty if i in self._base_concepts}
        return View(base, dirty, tuple(delta), frozenset(touched))


_WATCHES: weakref.WeakKeyDictionary[Backend, TermWatch] = weakref.WeakKeyDictionary()
_WATCHES_LOCK = threading.Lock()


def watch(store: Backend) -> TermWatch:
    """The one TermWatch of a store, shared by lookup and recognition so they load once."""
    with _WATCHES_LOCK:
        found = _WATCHES.get(store)
        if found is None:
            found = _WATCHES[store] = TermWatch(store)
        return found
