"""What one results row stands for, and which term a translator wants to copy from it.

Kept free of Textual so the choice of "the translation" can be reasoned about (and
tested) apart from the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from glossary import Concept, Glossary, Term
from glossary.text.normalize import has_han

BROWSE_LIMIT = 200
LOOKUP_LIMIT = 50


@dataclass(frozen=True)
class ResultRow:
    """An entry on screen, with the lookup's verdict when there was a query."""

    concept: Concept
    match: str = ""  # blank when browsing: nothing was matched
    term: Term | None = None  # the term the query hit, None when browsing

    @property
    def key(self) -> str:
        return str(self.concept.id)

    @property
    def status(self) -> str:
        """The matched term's status: typing a banned variant must show it is banned."""
        return self.term.status if self.term else self.concept.status

    @property
    def variant(self) -> str | None:
        """The matched term when it is not one of the two shown, so the user sees why."""
        if self.term is None or not self.term.text:
            return None
        if self.term.text in (self.concept.zh, self.concept.en):
            return None
        return self.term.text


IN_TEXT = "in text"  # the match shown for a term found inside a longer query


def fetch_rows(glossary: Glossary, query: str) -> list[ResultRow]:
    """Rows for a query; an empty query browses, so a new user sees the termbase at once.

    A phrase or sentence typed or pasted in is also searched for the glossary terms it
    contains (after the entries that match it as a whole), since that is what a
    translator looks up a sentence for.
    """
    if not query.strip():
        return [ResultRow(c) for c in glossary.entries(limit=BROWSE_LIMIT)]
    rows = [
        ResultRow(h.concept, h.match, h.term if h.term.text else None)
        for h in glossary.lookup(query, limit=LOOKUP_LIMIT)
    ]
    seen = {row.concept.id for row in rows}
    for found in glossary.recognize(query):
        if len(rows) >= LOOKUP_LIMIT:
            break
        if found.concept_id in seen or found.end - found.start == len(query.strip()):
            continue
        seen.add(found.concept_id)
        rows.append(ResultRow(glossary.get_entry(found.concept_id), IN_TEXT, found.matched))
    return rows


def translation(row: ResultRow, query: str) -> Term | None:
    """The other language's term: the source side is the matched term's, else the query's.

    The matched term decides first because a pinyin or abbreviation query is Latin
    text that can still have matched the Chinese side. With no query at all, the
    translator is assumed to be working from Chinese into English.
    """
    if row.term is not None and row.term.lang:
        source_chinese = row.term.is_chinese
    elif query.strip():
        source_chinese = has_han(query)
    else:
        source_chinese = True
    return row.concept.preferred(chinese=not source_chinese)


@dataclass(frozen=True)
class MemoryRow:
    """A TM unit on screen: a fuzzy match (with its score) or a concordance hit.

    `source` is the side that matched the query. For a fuzzy match `source_spans` are
    the characters that differ from the query; for a concordance hit both span lists
    are the occurrences of the query.
    """

    id: int
    source: str
    target: str
    source_lang: str
    target_lang: str
    score: int | None = None  # None for a concordance hit
    source_spans: tuple[tuple[int, int], ...] = ()
    target_spans: tuple[tuple[int, int], ...] = ()

    @property
    def key(self) -> str:
        return str(self.id)

    @property
    def is_match(self) -> bool:
        return self.score is not None


TM_LIMIT = 20
CONCORDANCE_LIMIT = 50
TM_FIRST_SCORE = 75  # matches from here on come at once, as the translator types
TM_LOW_SCORE = 50  # lower ones follow when the query has been still for a moment
MATCH_LIMIT = 1000  # the memory browser's "matching the search": the best this many


def spans(pairs: Iterable[Sequence[int]]) -> tuple[tuple[int, int], ...]:
    """(start, end) pairs as the frozen rows hold them, whatever sequences the core gave."""
    return tuple((start, end) for start, end in pairs)


def matching_unit_ids(glossary: Glossary, query: str, concordance: bool,
                      limit: int = MATCH_LIMIT) -> list[int]:
    """The TM units that match a query, best first, for the memory browser's filter:
    those the search screen would list (fuzzy matches from TM_LOW_SCORE, or the units
    containing the query), without the search screen's short limit, which is sized
    for reading while typing and not for listing everything the query matches."""
    if not query.strip():
        return []
    if concordance:
        return [h.id for h in glossary.concordance(query, limit=limit)]
    return [m.id for m in glossary.tm_search(query, min_score=TM_LOW_SCORE, limit=limit)]


def fetch_memory(glossary: Glossary, query: str, concordance: bool,
                 min_score: int = TM_LOW_SCORE,
                 cancel: Callable[[], bool] | None = None) -> list[MemoryRow]:
    """TM rows for a query: fuzzy matches, or with `concordance` the units containing it."""
    if not query.strip():
        return []
    if concordance:
        return [
            MemoryRow(h.id, h.source, h.target, h.source_lang, h.target_lang, None,
                      spans(h.source_spans), spans(h.target_spans))
            for h in glossary.concordance(query, limit=CONCORDANCE_LIMIT)
        ]
    return [
        MemoryRow(m.id, m.source, m.target, m.source_lang, m.target_lang, m.score,
                  spans(m.spans))
        for m in glossary.tm_search(query, min_score=min_score, limit=TM_LIMIT, cancel=cancel)
    ]


FORM_FIELDS = ("zh", "en", "abbr", "domain", "pos", "status", "definition", "note")


def form_values(concept: Concept) -> dict[str, str]:
    """An entry as the entry form shows it: the main terms and the entry's fields, as text."""
    main = concept.preferred(chinese=True) or concept.preferred(chinese=False)
    abbreviations = concept.abbreviations
    return {
        "zh": concept.zh,
        "en": concept.en,
        "abbr": abbreviations[0].text if abbreviations else "",
        "domain": concept.domain or "",
        "pos": (main.pos if main else None) or "",
        "status": main.status if main else "preferred",
        "definition": concept.definition or "",
        "note": concept.note or "",
    }


def new_entry_values(query: str) -> dict[str, str]:
    """A blank entry form, with the search text on its side: what was not found gets added."""
    values = dict.fromkeys(FORM_FIELDS, "")
    values["status"] = "preferred"
    text = query.strip()
    if text:
        values["zh" if has_han(text) else "en"] = text
    return values


def changed_fields(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    """What an edit changes, as edit_entry takes it ('' clears a field)."""
    return {key: value for key, value in after.items() if before.get(key) != value}


def add_arguments(values: dict[str, str]) -> dict[str, str | None]:
    """An entry form's values as add_entry's keywords (blank optional fields left out)."""
    args: dict[str, str | None] = {
        key: (value.strip() or None) for key, value in values.items() if key not in ("zh", "en")
    }
    args["status"] = args.get("status") or "preferred"
    return args


def same_entry(glossary: Glossary, values: dict[str, str]) -> Concept | None:
    """An entry with the very terms and domain of a new one: adding it would be a twin."""
    zh, en = values["zh"].strip(), values["en"].strip().casefold()
    domain = (values.get("domain") or "").strip().casefold()
    for hit in glossary.lookup(zh, limit=LOOKUP_LIMIT):
        concept = hit.concept
        if hit.match != "exact":
            break
        texts = {t.text.casefold() for t in concept.terms}
        if zh.casefold() in texts and en in texts and (concept.domain or "").casefold() == domain:
            return concept
    return None
