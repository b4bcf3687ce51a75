"""Term recognition: the glossary terms found in a text, with their spans in that text.

One Aho-Corasick automaton (pyahocorasick) holds the keys of every term in both
languages, and English plurals (-s, -es, -ies) are accepted, so a text is scanned once
whatever the glossary's size. The text is keyed like the terms (textmap.py: NFKC,
case folding, traditional to simplified, whitespace collapsed), so ＩＰＲ and 知識產權
are found, and each span is mapped back to the original characters.

Chinese has no word boundaries, so a Chinese key matches anywhere. A key that begins
or ends with a Latin letter or digit must have no letter or digit beside it at that
end: "IPR" is not found inside "SIPRI", but is found in "IPR保护". Of overlapping
matches the leftmost wins, and of those starting together the longest, so
知识产权保护 is one term rather than 知识产权 plus 保护.

The automaton is built once per snapshot of the terms (termindex.py); terms changed
since are matched by a second, small automaton and the stale ids are skipped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import ahocorasick

from glossary.models import Term
from glossary.store.base import Backend
from glossary.store.termbase import Termbase
from glossary.store.termrows import Snapshot, TermRow, View, watch
from glossary.text.normalize import has_han, is_chinese_tag
from glossary.text.textmap import KeyedText


@dataclass(slots=True)
class Recognized:
    """A glossary term found in a text."""

    term: str  # the text as it appears in the input, text[start:end]
    start: int
    end: int
    matched: Term  # the glossary term it matched
    concept_id: int
    translation: str  # the entry's preferred term in the other language
    status: str  # the matched term's status: a forbidden term is found, and flagged

    def to_dict(self) -> dict:
        return asdict(self)


def _wordlike(c: str) -> bool:
    return c.isalnum() and not has_han(c)


def plurals(key: str) -> list[str]:
    """Plural forms the automaton must hold: policy -> policies.

    The -s and -es plurals ("Patent Laws", "IPRs", "taxes") need no forms of their own:
    a match followed by them is extended, which keeps the automaton a third smaller.
    """
    if len(key) > 1 and key[-1] == "y" and key[-2] not in "aeiouy" and key[-2].isascii():
        return [key[:-1] + "ies"]
    return []


def _suffix(key: str, end: int) -> int:
    """Length of an -s or -es plural ending that starts at `end` and ends a word, else -1."""
    for ending in ("s", "es"):
        after = end + len(ending)
        if key.startswith(ending, end) and (after == len(key) or not _wordlike(key[after])):
            return len(ending)
    return -1


class TermAutomaton:
    """Every key and plural form of some term rows, each with its terms, best first."""

    def __init__(self, rows: list[TermRow] | tuple[TermRow, ...]):
        self.rows = rows
        forms: dict[str, list[tuple]] = {}
        for i, row in enumerate(rows):
            if not row.key or row.reference:  # dictionary words would flood every sentence
                continue
            forms.setdefault(row.key, []).append((0, row.rank, row.concept_id, row.position, i))
            for form in plurals(row.key):
                forms.setdefault(form, []).append((1, row.rank, row.concept_id, row.position, i))
        self.automaton: Any = None  # none for no forms: an empty automaton cannot be built
        if not forms:
            return
        automaton = ahocorasick.Automaton()
        for form, entries in forms.items():
            entries.sort()
            automaton.add_word(form, (
                len(form), _wordlike(form[0]), _wordlike(form[-1]),
                form[-1].isascii() and form[-1].isalpha(),
                tuple((plural, rank, cid, rows[i].id, i) for plural, rank, cid, _, i in entries),
            ))
        automaton.make_automaton()
        self.automaton = automaton

    def find(self, key: str, dirty: frozenset[int], which: int = 0) -> list[tuple]:
        """(start, -length, plural?, status, concept, term id, end, row index, which) per
        match, `which` naming this automaton to the caller.

        Only ints: the garbage collector stops tracking such a tuple, but one that held
        the automaton or a row would stay tracked, and a page of dense text has 150k
        of them, which made full collections walk them all (0.6 s for 2 MB of text)."""
        if self.automaton is None:
            return []
        found = []
        size = len(key)
        for last, (length, left, right, letter, entries) in self.automaton.iter(key):
            start, end, extra = last - length + 1, last + 1, 0
            if left and start > 0 and _wordlike(key[start - 1]):
                continue
            if right and end < size and _wordlike(key[end]):
                extra = _suffix(key, end) if letter else -1
                if extra < 0:
                    continue
            for plural, rank, concept_id, term_id, i in entries:
                if plural and extra > 0:  # "policiess" is no plural of "policy"
                    continue
                if term_id not in dirty:
                    found.append((start, -length - extra, plural or extra > 0, rank, concept_id,
                                  term_id, end + extra, i, which))
                    break
        return found


def _preferred(snapshot: Snapshot) -> dict[tuple[int, bool], str]:
    """Each entry's preferred term per side (Chinese or not), chosen as Concept does."""
    best: dict[tuple[int, bool], tuple] = {}
    for row in snapshot.rows:
        side = (row.concept_id, is_chinese_tag(row.lang))
        rank = (row.rank, row.type != "fullForm", row.position, row.id, row.text)
        if side not in best or rank < best[side]:
            best[side] = rank
    return {side: rank[-1] for side, rank in best.items()}


class Recognizer:
    def __init__(self, store: Backend, termbase: Termbase):
        self.store = store
        self.termbase = termbase
        self.watch = watch(store)
        self._delta: tuple[View, TermAutomaton] | None = None

    def warm(self) -> None:
        """Build the automaton now (e.g. in a worker), so the first check is quick."""
        base = self.watch.view().base
        base.build("recognize", lambda s: TermAutomaton(s.rows))
        base.build("preferred", _preferred)

    def recognize(self, text: str) -> list[Recognized]:
        if not text:
            return []
        view = self.watch.view()
        base: TermAutomaton = view.base.build("recognize", lambda s: TermAutomaton(s.rows))
        if self._delta is None or self._delta[0] is not view:
            self._delta = (view, TermAutomaton(view.delta))
        keyed = KeyedText(text)
        found = base.find(keyed.key, view.dirty) + self._delta[1].find(keyed.key, frozenset(), 1)
        found.sort(key=lambda m: m[:6])
        chosen, reached = [], 0
        for match in found:
            if match[0] >= reached:
                chosen.append(match)
                reached = match[6]
        return self._results(view, keyed, chosen, (base.rows, self._delta[1].rows))

    def _results(self, view: View, keyed: KeyedText, chosen: list[tuple],
                 rows: tuple) -> list[Recognized]:
        preferred = view.base.build("preferred", _preferred)
        fresh = {c.id: c for c in self.termbase.get_many(
            sorted({m[4] for m in chosen} & view.touched))}
        terms: dict[int, tuple[Term, bool]] = {}
        out = []
        for start, _, _, _, concept_id, term_id, end, i, which in chosen:
            if term_id not in terms:
                row = rows[which][i]
                terms[term_id] = (row.term(), is_chinese_tag(row.lang))
            term, chinese = terms[term_id]
            if concept_id in fresh:
                concept = fresh[concept_id]
                translation = concept.en if chinese else concept.zh
            else:
                translation = preferred.get((concept_id, not chinese), "")
            text_start, text_end = keyed.span(start, end)
            out.append(Recognized(keyed.text[text_start:text_end], text_start, text_end,
                                  term, concept_id, translation, term.status))
        return out
