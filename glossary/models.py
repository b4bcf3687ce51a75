"""The records callers get back: entries (concepts with terms), TM units, lookup hits.

Plain dataclasses with `to_dict` so the CLI's --json output, the TUI and tests all
see the same shape.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from glossary.errors import GlossaryError
from glossary.text.normalize import chinese_lang_for, has_han, is_chinese_tag

STATUSES = ("preferred", "admitted", "deprecated", "forbidden")
TERM_TYPES = ("fullForm", "abbreviation", "acronym", "shortForm", "variant", "phrase")
REFERENCE_SOURCES = ("cedict",)  # reference dictionaries: ranked last, removable as a whole
STATUS_RANK = {"preferred": 0, "admitted": 1, "deprecated": 2, "forbidden": 3}
ABBREVIATED_TYPES = frozenset({"abbreviation", "acronym", "shortForm"})


@dataclass(slots=True)
class Term:
    lang: str
    text: str
    status: str = "preferred"
    type: str = "fullForm"
    pos: str | None = None
    context: str | None = None
    note: str | None = None
    id: int | None = None

    @property
    def is_chinese(self) -> bool:
        return is_chinese_tag(self.lang)


@dataclass
class Concept:
    """An entry: one meaning, with its terms in both languages."""

    id: int
    domain: str | None = None
    definition: str | None = None
    note: str | None = None
    source: str = "user"
    created: str = ""
    changed: str = ""
    terms: list[Term] = field(default_factory=list)

    def preferred(self, chinese: bool) -> Term | None:
        """The term to show for one side: full forms before abbreviations, best status first.

        The other side of Chinese is English: a TBX entry's German or Zulu term is shown
        there only when the entry has no English term at all.
        """
        return self._best([t for t in self.terms if t.is_chinese == chinese], chinese)

    def main_term(self, chinese: bool) -> Term | None:
        """The full (not abbreviated) term of one side that edits change: best status first."""
        return self._best([t for t in self.terms if t.is_chinese == chinese
                           and t.type not in ABBREVIATED_TYPES], chinese)

    @staticmethod
    def _best(side: list[Term], chinese: bool) -> Term | None:
        if not side:
            return None
        return min(
            side,
            key=lambda t: (not chinese and not t.lang.lower().startswith("en"),
                           STATUS_RANK.get(t.status, 9), t.type != "fullForm", side.index(t)),
        )

    @property
    def zh(self) -> str:
        term = self.preferred(True)
        return term.text if term else ""

    @property
    def en(self) -> str:
        term = self.preferred(False)
        return term.text if term else ""

    @property
    def status(self) -> str:
        """The entry's status is that of its best term: a forbidden-only entry is forbidden."""
        ranks = [STATUS_RANK.get(t.status, 9) for t in self.terms]
        best = min(ranks, default=0)
        return next(s for s, r in STATUS_RANK.items() if r == best)

    @property
    def abbreviations(self) -> list[Term]:
        """Abbreviated terms of both sides, best status first, then in entry order."""
        found = [t for t in self.terms if t.type in ABBREVIATED_TYPES]
        return sorted(found, key=lambda t: STATUS_RANK.get(t.status, 9))

    @property
    def main_abbreviation(self) -> Term | None:
        """The abbreviation an entry form shows and `edit --abbr` sets: the first one."""
        found = self.abbreviations
        return found[0] if found else None

    def to_dict(self) -> dict:
        data = asdict(self)
        data.update(zh=self.zh, en=self.en, status=self.status)
        return data


@dataclass
class TMUnit:
    id: int
    source_lang: str
    source: str
    target_lang: str
    target: str
    context: str = ""
    origin: str | None = None
    status: str = "translated"
    created: str = ""
    changed: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class LookupHit:
    """A concept found by a term lookup, with why it matched and how well."""

    concept: Concept
    match: str  # exact | prefix | substring
    score: int  # 0-100, higher first within a match kind
    term: Term  # the term that matched the query

    def to_dict(self) -> dict:
        c = self.concept
        return {
            "id": c.id,
            "zh": c.zh,
            "en": c.en,
            "domain": c.domain,
            "status": self.term.status,
            "match": self.match,
            "score": self.score,
            "matched_term": self.term.text,
            "definition": c.definition,
            "note": c.note,
            "source": c.source,
            "terms": [asdict(t) for t in c.terms],
        }


@dataclass
class ImportReport:
    """What one import did, in the counts a translator checks."""

    path: str
    format: str
    kind: str  # terms | tm
    added: int = 0
    merged: int = 0
    skipped: int = 0
    rejected: int = 0
    already_imported: bool = False
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.already_imported:
            return f"{self.path}: already imported (same content), nothing to do"
        what = "entries" if self.kind == "terms" else "TM units"
        return (
            f"{self.path}: {self.added} {what} added, {self.merged} merged, "
            f"{self.skipped} skipped, {self.rejected} rejected"
        )

    def to_dict(self) -> dict:
        return asdict(self)


def now() -> str:
    """UTC timestamp in ISO 8601, seconds precision, the form TMX and TBX dates take."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise GlossaryError(f"status '{status}' is not one of {', '.join(STATUSES)}")
    return status


def make_terms(
    zh: str,
    en: str,
    *,
    status: str = "preferred",
    pos: str | None = None,
    abbr: str | None = None,
    zh_lang: str = "zh-Hans",
    en_lang: str = "en",
) -> list[Term]:
    """The terms of a new bilingual entry; an abbreviation goes to the side its script says."""
    zh, en = zh.strip(), en.strip()
    if not zh or not en:
        raise GlossaryError("an entry needs both a Chinese and an English term")
    terms = [
        Term(chinese_lang_for(zh, zh_lang), zh, status, "fullForm", pos),
        Term(en_lang, en, status, "fullForm", pos),
    ]
    if abbr and abbr.strip():
        abbr = abbr.strip()
        lang = chinese_lang_for(abbr, zh_lang) if has_han(abbr) else en_lang
        terms.append(Term(lang, abbr, status, "abbreviation", pos))
    return terms
