"""Inline tags in segments: plain text for search, TMX markup kept for the round trip.

A TMX <seg> may hold formatting codes (bpt/ept/ph/it/ut carry the original code,
hi wraps translatable text). Search and matching see only the text; the markup, in
TMX vocabulary, is stored beside it so an exported TMX gives the tags back. XLIFF
codes (g, x, bx, ex, pc, sc, ec, mrk ...) are translated into the TMX ones.
"""

from __future__ import annotations

from contextlib import suppress
from xml.sax.saxutils import escape

from lxml import etree

from glossary.formats.xmlsafe import local

CODES = {"bpt", "ept", "ph", "it", "ut"}  # content is native code, not text
TEXT_WRAPPERS = {"hi", "mrk", "g", "pc"}  # content is text


def plain_text(element: etree._Element) -> str:
    """The translatable text of a segment: codes left out, hi/mrk text kept."""
    parts = [element.text or ""]
    for child in element:
        if local(child.tag) in TEXT_WRAPPERS:
            parts.append(plain_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def inner_markup(element: etree._Element) -> str | None:
    """The segment's content as TMX markup, or None when it holds no tags at all."""
    if not any(isinstance(child.tag, str) for child in element):
        return None
    parts = [escape(element.text or "")]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
        else:  # a comment inside the segment: drop it, keep the text after it
            parts.append(escape(child.tail or ""))
    return "".join(parts)


class _XliffConverter:
    """Walks an XLIFF source/target element, building plain text and TMX markup."""

    def __init__(self, data: dict[str, str] | None = None) -> None:
        self.data = data or {}  # XLIFF 2.0 <originalData>: a code's native text by id
        self.plain: list[str] = []
        self.markup: list[str] = []
        self.pairs: dict[str, int] = {}
        self.tagged = False

    def _pair(self, key: str | None) -> int:
        if key is None or key not in self.pairs:
            self.pairs[key or f"#{len(self.pairs)}"] = n = len(self.pairs) + 1
            return n
        return self.pairs[key]

    def _text(self, text: str | None) -> None:
        if text:
            self.plain.append(text)
            self.markup.append(escape(text))

    def _code(self, tag: str, child: etree._Element | None, **attrs: str) -> None:
        """A TMX code element; its content is the XLIFF code's native text, if any."""
        self.tagged = True
        native = "".join(child.itertext()) if child is not None else ""
        if child is not None and not native:
            native = self.data.get(child.get("dataRef") or "", "")
        code = escape(native)
        attributes = "".join(f' {k}="{v}"' for k, v in attrs.items())
        self.markup.append(f"<{tag}{attributes}>{code}</{tag}>" if code
                           else f"<{tag}{attributes}/>")

    def walk(self, element: etree._Element) -> None:
        self._text(element.text)
        for child in element:
            name = local(child.tag)
            ref = child.get("rid") or child.get("startRef") or child.get("id")
            if name in ("g", "pc"):
                i = str(self._pair(None))
                self._code("bpt", None, i=i)
                self.walk(child)
                self._code("ept", None, i=i)
            elif name == "mrk":
                self.walk(child)
            elif name in ("x", "ph"):
                self._code("ph", child)
            elif name in ("sc", "ec") and child.get("isolated") == "yes":
                self._code("it", child, pos="begin" if name == "sc" else "end")
            elif name in ("bx", "sc", "bpt"):
                self._code("bpt", child, i=str(self._pair(child.get("id"))))
            elif name in ("ex", "ec", "ept"):
                self._code("ept", child, i=str(self._pair(ref)))
            elif name == "it":
                pos = "end" if child.get("pos") == "close" else "begin"
                self._code("it", child, pos=pos)
            elif name == "cp" and child.get("hex"):
                with suppress(ValueError):  # a malformed code point is dropped
                    self._text(chr(int(child.get("hex"), 16)))
            self._text(child.tail)


def from_xliff(element: etree._Element, data: dict[str, str] | None = None
               ) -> tuple[str, str | None]:
    """Plain text and TMX markup (None when untagged) of an XLIFF source or target;
    `data` is a 2.0 unit's originalData, where its codes keep their native text."""
    converter = _XliffConverter(data)
    converter.walk(element)
    markup = "".join(converter.markup) if converter.tagged else None
    return "".join(converter.plain), markup
