"""Parsing XML that clients send, without the attacks XML allows.

Never resolve external entities, never fetch a DTD, never expand a parameterless
entity bomb: lxml is told so, and a document that declares entities in its internal
DTD subset is refused outright with a message saying why (no translation format needs
them, and that is where both billion-laughs and file-reading entities live).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Protocol, overload

from lxml import etree

from glossary.errors import InputFileError, undecodable

PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False,
                  "huge_tree": False, "remove_pis": True}
ENTITY_REFUSAL = ("the file declares XML entities in its DTD, which are refused "
                  "(they can expand without bound or read other files)")


class ByteStream(Protocol):
    """What lxml reads from: a file opened in binary, or the importer's CountingReader."""

    def read(self, size: int = -1, /) -> bytes: ...


def parser() -> etree.XMLParser:
    """A parser for whole small documents (schemas, test fixtures, XLIFF)."""
    return etree.XMLParser(**PARSER_OPTIONS)


def _check_doctype(root: etree._Element, path: str) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputFileError(path, "line 1", ENTITY_REFUSAL)


def _syntax_error(exc: etree.XMLSyntaxError, path: str) -> InputFileError:
    message = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
    lowered = message.lower()
    if "amplification" in lowered or "entity" in lowered and "loop" in lowered:
        message = ENTITY_REFUSAL
    line = exc.position[0] if getattr(exc, "position", None) else exc.lineno
    if any(sign in message for sign in _ENCODING_ERRORS):  # libxml2 gives no offset
        bad = _undecodable_at(path)
        if bad is not None:
            return InputFileError(path, f"line {line}" if line else None, bad)
    return InputFileError(path, f"line {line}" if line else None,
                          f"not well-formed XML ({message})")


_ENCODING_ERRORS = ("not proper UTF-8", "Invalid bytes in character encoding",
                    "Incomplete UTF-8")
_DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding=["']([\w.:-]+)""")


def _undecodable_at(path: str) -> str | None:
    """Where the file stops being UTF-8, read in pieces (a TMX may be gigabytes)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    done = 0
    try:
        with open(path, "rb") as stream:
            head = stream.read(200)
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return None
            declared = _DECLARED.search(head)
            if declared and declared.group(1).lower().replace(b"-", b"") != b"utf8":
                return None  # another encoding: its own error message stands
            stream.seek(0)
            while chunk := stream.read(1 << 20):
                pending = len(decoder.getstate()[0])  # a character begun in the last chunk
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    return undecodable(exc, at=done - pending)
                done += len(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        return undecodable(exc, at=done - len(exc.object))
    except OSError:
        return None
    return None


def iterparse(stream: ByteStream, path: str, tags: tuple[str, ...],
              events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, etree._Element]]:
    """(event, element) for the given tags, streamed; errors name the file and line.

    `tags` may use "{*}name" to match any namespace. The caller clears elements it
    has used so a large file never sits in memory.
    """
    context = etree.iterparse(stream, events=events, tag=tags, **PARSER_OPTIONS)
    checked = False
    try:
        for event, element in context:
            if not checked:
                _check_doctype(element, path)
                checked = True
            yield event, element
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, path) from exc
    if not checked and context.root is not None:
        _check_doctype(context.root, path)


def parse(stream: ByteStream, path: str) -> etree._ElementTree:
    """A whole document, for formats read in one piece."""
    try:
        tree = etree.parse(stream, parser())
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, path) from exc
    _check_doctype(tree.getroot(), path)
    return tree


def local(tag: object) -> str:
    """The local name of an element tag; '' for comments and processing instructions."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def release(element: etree._Element) -> None:
    """Free a processed element and the siblings before it (streaming parse)."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


class XmlText:
    """Text made safe for XML 1.0: characters it cannot hold become U+FFFD, and are counted.

    Control characters do reach a TM (pasted from a PDF, a Word field code); an export
    must not fail on them, and the report says how many texts were changed.
    """

    ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

    def __init__(self) -> None:
        self.replaced = 0

    @overload
    def __call__(self, text: str) -> str: ...
    @overload
    def __call__(self, text: None) -> None: ...
    @overload
    def __call__(self, text: str | None) -> str | None: ...

    def __call__(self, text: str | None) -> str | None:
        if text is None or not self.ILLEGAL.search(text):
            return text
        self.replaced += 1
        return self.ILLEGAL.sub("\ufffd", text)
