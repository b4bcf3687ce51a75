"""What one results row stands for, and which term a translator wants to copy from it.

Kept free of Textual so the choice of "the translation" can be reasoned about (and
tested) apart from the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from glossary import Concept, Glossary, Term
from glossary.normalize import has_han

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


def fetch_rows(glossary: Glossary, query: str) -> list[ResultRow]:
    """Rows for a query; an empty query browses, so a new user sees the termbase at once."""
    if not query.strip():
        return [ResultRow(c) for c in glossary.entries(limit=BROWSE_LIMIT)]
    return [
        ResultRow(h.concept, h.match, h.term if h.term.text else None)
        for h in glossary.lookup(query, limit=LOOKUP_LIMIT)
    ]


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
