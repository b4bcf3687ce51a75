"""Language tags by meaning, whatever spelling a file or a user chose.

Files and users write one language many ways: zh, zh-CN, zh_Hans, zh-SG and ZH-hans
all mean simplified Chinese; zh-TW, zh-HK and zh-Hant traditional; en, en-US and
en-GB English. Comparing spellings made a zh-CN memory look empty to a user asking
for zh_Hans, so tags are compared here by what they mean, with `langcodes` (CLDR's
likely-subtags data) filling in the script a region implies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

_SUBTAG = re.compile(r"[A-Za-z0-9]+")
# Chinese languages written with Han characters, compared as Chinese: their tags in
# files (cmn for Mandarin) and the macrolanguage zh mean one language to a glossary.
_CHINESE = {"zh", "cmn"}


def bcp47(tag: str) -> str:
    """zh_cn -> zh-CN, zh_hans -> zh-Hans, EN-us -> en-US; the shape, not a registry check."""
    parts = _SUBTAG.findall(tag.strip())
    if not parts:
        return ""
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha() or len(part) == 3 and part.isdigit():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


class Meaning(NamedTuple):
    """What a tag says: the language, and for Chinese the script (Hans or Hant)."""

    language: str
    script: str | None


@lru_cache(maxsize=1024)
def meaning(tag: str) -> Meaning:
    """zh-CN, zh_Hans, zh-SG -> (zh, Hans); zh-HK -> (zh, Hant); en-GB -> (en, None).

    Only Chinese keeps its script: the other languages a glossary holds are written
    in one script, and en-US vs en-GB are the same language to a termbase. A tag
    langcodes cannot parse keeps its first subtag as the language.
    """
    # langcodes loads its tables on import (40 ms): only a comparison of tags needs it,
    # not every command that starts up
    import langcodes

    shaped = bcp47(tag)
    if not shaped:
        return Meaning("", None)
    try:
        parsed = langcodes.Language.get(shaped)
    except (langcodes.LanguageTagError, ValueError):
        return Meaning(shaped.split("-")[0], None)
    language = (parsed.language or shaped.split("-")[0]).lower()
    if language in _CHINESE:
        script = parsed.maximize().script
        return Meaning("zh", script if script in ("Hans", "Hant") else "Hans")
    if language == "yue":
        return Meaning("yue", parsed.maximize().script or "Hant")
    return Meaning(language, None)


def same_language(tag: str, wanted: str) -> bool:
    """Whether `tag` is the language `wanted` names, by meaning: zh_Hans selects zh-CN
    and zh-SG but not zh-TW; a bare zh or cmn selects both scripts; en selects en-GB.

    A wanted tag naming a region of a language (en-GB, zh-HK) still selects the whole
    language (and script): a file says en-US as often as en, and a user asking for
    en-GB means English.
    """
    have, want = meaning(tag), meaning(wanted)
    if not want.language or have.language != want.language:
        return False
    if want.script is None or have.script is None:
        return True
    shaped = bcp47(wanted).lower()
    bare = shaped in _CHINESE  # no script and no region: either script is wanted
    return bare or have.script == want.script


def script_of(tag: str) -> str | None:
    """Hans or Hant for a Chinese tag (zh-SG: Hans, zh-MO: Hant), None for others."""
    found = meaning(tag)
    return found.script if found.language in ("zh", "yue") else None


def describe(tags: Iterable[str]) -> str:
    """The tags present, for an error that says what could have been chosen."""
    found = sorted({t for t in tags if t})
    return ", ".join(found) if found else "none"
