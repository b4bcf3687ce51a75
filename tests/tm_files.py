"""TMX files for the tests that need a real one of some size (imports killed, staged,
run side by side): bilingual pairs written as TMX 1.4 with the smallest header."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape


def write_tmx(path: Path, pairs: Iterable[tuple[str, str]]) -> Path:
    """Chinese (zh-CN) → English units, one per pair."""
    tus = "".join(
        f'<tu><tuv xml:lang="zh-CN"><seg>{escape(zh)}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{escape(en)}</seg></tuv></tu>\n' for zh, en in pairs)
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header '
                    'creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" '
                    'adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>\n'
                    f"{tus}</body></tmx>\n", encoding="utf-8")
    return path
