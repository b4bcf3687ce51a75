"""Language tags in BCP 47 form, whatever spelling the file used (zh_CN, zh-cn, ZH_hans)."""

from __future__ import annotations

import re

_SUBTAG = re.compile(r"[A-Za-z0-9]+")


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
