"""Search keys for Chinese and English text.

Every search compares keys, never stored text: the user's text is kept exactly as
typed (traditional stays traditional) and these keys are computed once, at write
time, and stored beside it. Queries go through the same functions, so ＩＰＲ, ipr
and IPR meet at one key, and 知識產權 meets 知识产权.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
_TRADITIONAL_REGIONS = {"tw", "hk", "mo"}
_SPACES = re.compile(r"\s+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def has_han(text: str) -> bool:
    """True when the text holds at least one Chinese character."""
    return _HAN.search(text) is not None


def is_chinese_tag(lang: str) -> bool:
    return lang.lower().split("-")[0] in {"zh", "cmn", "yue", "wuu"}


def fold_width(text: str) -> str:
    """NFKC: full-width letters and punctuation become their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def to_simplified(text: str) -> str:
    """Fold traditional characters to simplified (OpenCC t2s); a key, never stored text."""
    return _T2S.convert(text) if has_han(text) else text


@lru_cache(maxsize=4096)
def search_key(text: str) -> str:
    """The comparison key for any text, whatever its language.

    NFKC, then case folding, then traditional-to-simplified, then whitespace collapsed.
    Case folding and t2s are harmless on the other language, so one function serves
    both and a query needs no language guess to be keyed.
    """
    folded = fold_width(text).casefold()
    return _SPACES.sub(" ", to_simplified(folded)).strip()


def pinyin_keys(text: str) -> tuple[str, str]:
    """Toneless and tone-number pinyin of a Chinese term, without spaces.

    ("zhishichanquan", "zhi1shi2chan3quan2"). Stored for Chinese terms so a
    translator can type the reading instead of switching input method.
    """
    from pypinyin import Style, lazy_pinyin  # slow to import; only new terms need it

    simplified = to_simplified(fold_width(text))
    plain = "".join(lazy_pinyin(simplified, errors="ignore")).lower()
    toned = "".join(
        lazy_pinyin(simplified, style=Style.TONE3, neutral_tone_with_five=True, errors="ignore")
    ).lower()
    return plain, toned


def chinese_script(lang: str) -> str | None:
    """"Hant" or "Hans" for a Chinese tag (zh-TW, zh-Hant-HK, zh-CN, zh), else None.

    Used where stored text goes out into a file of a given language, so a Simplified
    file is never filled with Traditional text.
    """
    parts = lang.lower().replace("_", "-").split("-")
    if parts[0] not in {"zh", "cmn", "yue", "wuu"}:
        return None
    if "hant" in parts or _TRADITIONAL_REGIONS & set(parts[1:]):
        return "Hant"
    return "Hant" if parts[0] == "yue" and "hans" not in parts else "Hans"


def to_script(text: str, script: str) -> str:
    """Chinese text in the given script (OpenCC t2s or s2t)."""
    if not has_han(text):
        return text
    return _T2S.convert(text) if script == "Hans" else _s2t().convert(text)


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    """Made on first use: loading its dictionaries takes 70 ms, and only exports and
    pre-translation into traditional Chinese need it."""
    return opencc.OpenCC("s2t")


def chinese_lang_for(text: str, default: str = "zh-Hans") -> str:
    """zh-Hant when the text is written in traditional characters, else the default."""
    if default.lower() in {"zh-hans", "zh-hant", "zh"} and to_simplified(text) != text:
        return "zh-Hant"
    return default


def lang_of(text: str) -> str:
    """A language tag guessed from the script: Chinese if it has Han characters."""
    return chinese_lang_for(text) if has_han(text) else "en"
