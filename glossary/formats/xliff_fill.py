"""Filling an XLIFF file's targets in its own text, so nothing else in the file changes.

Serialising the parsed tree again rewrites what the translator's tool wrote: the XML
declaration's quotes, the order of the root's attributes, `<target></target>` as
`<target/>`, the last newline. Pre-translation instead finds the n-th unit (1.x
`trans-unit`, 2.0 `segment`) in the text, outside comments and CDATA, and rewrites
only its target element (and a 2.0 segment's state): every other byte stays. The
caller parses the result again and falls back to the tree when anything disagrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

_HIDDEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_PREFIX = r"(?:[A-Za-z_][\w.-]*:)?"


@dataclass
class Fill:
    """The unit's place among the file's units, the text, and the attributes to set."""

    index: int
    text: str
    target_attrs: dict[str, str]
    segment_attrs: dict[str, str]


def _masked(text: str) -> str:
    """The text with comments, CDATA and processing instructions blanked out (same
    length), so tags inside them are not taken for elements."""
    return _HIDDEN.sub(lambda m: " " * len(m.group()), text)


def set_attrs(tag: str, attrs: dict[str, str]) -> str:
    """A start tag with these attributes set: replaced where present, else added."""
    for name, value in attrs.items():
        found = re.search(rf"\s{re.escape(name)}\s*=\s*(\"[^\"]*\"|'[^']*')", tag)
        if found:
            tag = tag[:found.start(1)] + quoteattr(value) + tag[found.end(1):]
        else:
            end = len(tag) - (2 if tag.endswith("/>") else 1)
            tag = f"{tag[:end].rstrip()} {name}={quoteattr(value)}{tag[end:]}"
    return tag


def fill(text: str, unit_tag: str, fills: list[Fill]) -> str:
    """`text` with each fill's unit given its target; raises ValueError when a unit or
    its source cannot be found where the parse said it is."""
    masked = _masked(text)
    opening = re.compile(rf"<({_PREFIX}){unit_tag}[\s/>]")
    starts = [m.start() for m in opening.finditer(masked)]
    for job in sorted(fills, key=lambda f: f.index, reverse=True):  # from the end
        start = starts[job.index]
        prefix = opening.match(masked, start).group(1)  # type: ignore[union-attr]
        close = re.compile(rf"</{re.escape(prefix)}{unit_tag}\s*>").search(masked, start)
        if close is None:
            raise ValueError(f"unit {job.index + 1} has no end tag")
        end = close.start()
        alt = re.compile(rf"<{_PREFIX}alt-trans[\s/>]").search(masked, start, end)
        body_end = alt.start() if alt else end  # alt-trans targets are not the unit's
        target = re.compile(rf"<({_PREFIX})target(\s[^>]*?)?(/>|>)").search(
            masked, start, body_end)
        if target is not None:
            t_start, head_end = target.start(), target.end()
            if target.group(3) == ">":
                closing = re.compile(rf"</{re.escape(target.group(1))}target\s*>").search(
                    masked, head_end, body_end)
                if closing is None:
                    raise ValueError(f"unit {job.index + 1}: a target with no end tag")
                t_end = closing.end()
            else:
                t_end = head_end
            head = text[t_start:head_end]
            head = head[:-2].rstrip() + ">" if head.endswith("/>") else head
            new = (f"{set_attrs(head, job.target_attrs)}{escape(job.text)}"
                   f"</{target.group(1)}target>")
            text = text[:t_start] + new + text[t_end:]
        else:
            source = re.compile(rf"</({_PREFIX})source\s*>").search(masked, start, body_end)
            if source is None:
                raise ValueError(f"unit {job.index + 1} has no source")
            p = source.group(1)
            head = set_attrs(f"<{p}target>", job.target_attrs)
            text = f"{text[:source.end()]}{head}{escape(job.text)}</{p}target>" \
                   f"{text[source.end():]}"
        if job.segment_attrs:
            head_end = masked.index(">", start) + 1
            text = text[:start] + set_attrs(text[start:head_end], job.segment_attrs) + \
                text[head_end:]
    return text
