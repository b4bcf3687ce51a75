"""The vocabularies of term data: status, part of speech, term type, in every spelling.

Glossaries write status as "approved", "首选" or "preferredTerm-admn-sts", part of
speech as "n.", "名词" or "noun"; the termbase keeps one word for each. TBX-Basic
allows only a closed list of values, so export maps back onto that list.
"""

from __future__ import annotations

from glossary.errors import GlossaryError
from glossary.models import ABBREVIATED_TYPES, TERM_TYPES

STATUS_WORDS = {
    "preferred": {"preferred", "approved", "preferredterm", "首选", "推荐", "standardizedterm",
                  "legalterm", "regulatedterm"},
    "admitted": {"admitted", "allowed", "permitted", "admittedterm", "可用", "允许"},
    "deprecated": {"deprecated", "obsolete", "superseded", "deprecatedterm", "notrecommended",
                   "不推荐", "弃用"},
    "forbidden": {"forbidden", "prohibited", "banned", "supersededterm", "禁用", "禁止"},
}
# TBX-Basic's four administrative statuses. Superseded is what the product has always
# read as forbidden, so it is what forbidden exports as: the round trip is exact.
TBX_STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "forbidden": "supersededTerm-admn-sts",
}
POS_WORDS = {
    "noun": {"noun", "n", "n.", "nn", "名词", "名", "proper noun", "propernoun"},
    "verb": {"verb", "v", "v.", "vb", "动词", "動詞", "动"},
    "adjective": {"adjective", "adj", "adj.", "a", "a.", "形容词", "形容詞", "形"},
    "adverb": {"adverb", "adv", "adv.", "ad", "副词", "副詞", "副"},
    "other": {"other"},
}
ABBREVIATED = ABBREVIATED_TYPES  # the term types that abbreviate a full term
_TYPE_BY_LOWER = {t.lower(): t for t in TERM_TYPES}
_TYPE_ALIASES = {"abbreviated form": "abbreviation", "short form": "shortForm",
                 "full form": "fullForm", "initialism": "acronym", "synonym": "variant",
                 "orthographicalvariant": "variant", "internationalism": "fullForm"}


def status_of(cell: str | None) -> str:
    """One of preferred, admitted, deprecated, forbidden; an empty cell is preferred."""
    cell = cell or ""
    word = cell.strip().lower().replace("-admn-sts", "").replace("admnsts", "")
    word = word.replace(" ", "").replace("_", "")
    if not word:
        return "preferred"
    for status, words in STATUS_WORDS.items():
        if word in words:
            return status
    raise GlossaryError(
        f"status '{cell}' is not one of preferred, admitted, deprecated, forbidden"
    )


def pos_of(cell: str | None) -> str | None:
    """A part of speech as the common English word, or the cell as written."""
    if not cell or not cell.strip():
        return None
    word = cell.strip().lower()
    for pos, words in POS_WORDS.items():
        if word in words:
            return pos
    return cell.strip()


def tbx_pos(pos: str | None) -> str | None:
    """The TBX-Basic partOfSpeech value: noun, verb, adjective, adverb or other."""
    if not pos:
        return None
    mapped = pos_of(pos)
    return mapped if mapped in POS_WORDS else "other"


def term_type_of(cell: str | None) -> str:
    """fullForm, abbreviation, acronym, shortForm, variant or phrase."""
    if not cell or not cell.strip():
        return "fullForm"
    word = cell.strip()
    found = _TYPE_BY_LOWER.get(word.lower()) or _TYPE_ALIASES.get(word.lower())
    return found or "fullForm"
