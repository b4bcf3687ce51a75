"""Term recognition: the glossary terms found in a text, with their spans in that text.

One Aho-Corasick automaton (pyahocorasick) holds the keys of every term in both
languages, plus English plural forms (-s, -es, -ies), so a text is scanned once
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

from .database import Store
from .models import Term
from .normalize import has_han, is_chinese_tag
from .termbase import Termbase
from .termindex import Snapshot, TermRow, View, watch
from .textmap import KeyedText


@dataclass
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
    """English plural forms of a key, so "Patent Laws" and "IPRs" are found."""
    if not (key[-1].isascii() and key[-1].isalpha()):
        return []
    forms = [key + "s"]
    if key.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.append(key + "es")
    if len(key) > 1 and key[-1] == "y" and key[-2] not in "aeiou":
        forms.append(key[:-1] + "ies")
    return forms


class TermAutomaton:
    """Every key and plural form of some term rows, each with its terms, best first."""

    def __init__(self, rows: list[TermRow] | tuple[TermRow, ...]):
        self.rows = rows
        forms: dict[str, list[tuple]] = {}
        for i, row in enumerate(rows):
            if not row.key:
                continue
            forms.setdefault(row.key, []).append((0, row.rank, row.concept_id, row.position, i))
            for form in plurals(row.key):
                forms.setdefault(form, []).append((1, row.rank, row.concept_id, row.position, i))
        self.automaton: Any = ahocorasick.Automaton() if forms else None
        for form, entries in forms.items():
            entries.sort()
            self.automaton.add_word(form, (
                len(form), _wordlike(form[0]), _wordlike(form[-1]),
                tuple((e[0], e[-1]) for e in entries),
            ))
        if forms:
            self.automaton.make_automaton()

    def find(self, key: str, dirty: frozenset[int]) -> list[tuple]:
        """(start, -length, plural?, status, concept, term id, end, row) of each valid match."""
        if self.automaton is None:
            return []
        found = []
        rows, size = self.rows, len(key)
        for last, (length, left, right, entries) in self.automaton.iter(key):
            start = last - length + 1
            if left and start > 0 and _wordlike(key[start - 1]):
                continue
            if right and last + 1 < size and _wordlike(key[last + 1]):
                continue
            for plural, i in entries:
                row = rows[i]
                if row.id not in dirty:
                    found.append((start, -length, plural, row.rank, row.concept_id, row.id,
                                  last + 1, row))
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
    def __init__(self, store: Store, termbase: Termbase):
        self.store = store
        self.termbase = termbase
        self.watch = watch(store)
        self._delta: tuple[View, TermAutomaton] | None = None

    def warm(self) -> None:
        """Build the automaton now (e.g. in a worker), so the first check is quick."""
        self.watch.view().base.build("recognize", lambda s: TermAutomaton(s.rows))

    def recognize(self, text: str) -> list[Recognized]:
        if not text:
            return []
        view = self.watch.view()
        base: TermAutomaton = view.base.build("recognize", lambda s: TermAutomaton(s.rows))
        if self._delta is None or self._delta[0] is not view:
            self._delta = (view, TermAutomaton(view.delta))
        keyed = KeyedText(text)
        found = base.find(keyed.key, view.dirty) + self._delta[1].find(keyed.key, frozenset())
        found.sort(key=lambda m: m[:6])
        chosen, reached = [], 0
        for match in found:
            if match[0] >= reached:
                chosen.append(match)
                reached = match[6]
        return self._results(view, keyed, chosen)

    def _results(self, view: View, keyed: KeyedText, chosen: list[tuple]) -> list[Recognized]:
        preferred = view.base.build("preferred", _preferred)
        fresh = {c.id: c for c in self.termbase.get_many(
            sorted({m[4] for m in chosen} & view.touched))}
        out = []
        for start, _, _, _, concept_id, _, end, row in chosen:
            chinese = is_chinese_tag(row.lang)
            if concept_id in fresh:
                concept = fresh[concept_id]
                translation = concept.en if chinese else concept.zh
            else:
                translation = preferred.get((concept_id, not chinese), "")
            text_start, text_end = keyed.span(start, end)
            out.append(Recognized(keyed.text[text_start:text_end], text_start, text_end,
                                  row.term(), concept_id, translation, row.status))
        return out
