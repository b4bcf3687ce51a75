"""Writing the translation memory as XLIFF 1.2 or 2.0, for CAT tools that take a TM that way.

XLIFF 1.2 (valid against xliff-core-1.2-strict.xsd): one <file> per language pair, a
<trans-unit> per unit with its id, resname (the context), state, approval and notes
as the unit's XLIFF file gave them, or made up from the unit (id "u" + its number,
state from its status). XLIFF 2.0 (OASIS core): one language pair per document, as
the standard says, so the exporter picks it and leaves the other pairs out; a <unit>
per TM unit with its name, notes and one <segment> whose state is the unit's.

Inline tags come back from the stored TMX markup (see inline.py): bpt/ept/ph/it as
XLIFF 1.2's own bpt/ept/ph/it, and as 2.0's sc/ec/ph with the native code in
<originalData>. Markup that no longer matches the text (edited since) is dropped.
Units are written as text, streamed, like tmx_write: the memory never sits in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from glossary.formats import Done, Tally
from glossary.formats.inline import plain_text
from glossary.formats.xmlsafe import XmlText, local, parser

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
# an id a file gave us, written back if it is an xs:NMTOKEN as XLIFF 2.0 wants (1.2 takes
# any string, but tools key on ids, so both versions keep to the safe shape)
_ID = re.compile(r"[\w.:-]{1,200}")
STATES_12 = {"final", "needs-adaptation", "needs-l10n", "needs-review-adaptation",
             "needs-review-l10n", "needs-review-translation", "needs-translation", "new",
             "signed-off", "translated"}
STATES_20 = {"initial", "translated", "reviewed", "final"}


def _tagged(text: str, markup: str | None) -> etree._Element | None:
    """The stored markup as a <seg> element, if it still agrees with the text."""
    if not markup:
        return None
    try:
        seg = etree.fromstring(f"<seg>{markup}</seg>", parser())
    except etree.XMLSyntaxError:
        return None
    return seg if plain_text(seg) == text else None


def _native(element: etree._Element, safe: XmlText) -> str:
    return escape(safe("".join(element.itertext())))


def inline_12(text: str, markup: str | None, safe: XmlText) -> str:
    """A segment's content in XLIFF 1.2: TMX codes become 1.2's bpt/ept/ph/it, whose
    content is the native code as in TMX; a bpt and its ept share an id."""
    seg = _tagged(text, markup)
    if seg is None:
        return escape(safe(text))
    parts = [escape(safe(seg.text or ""))]
    for count, child in enumerate(seg, start=1):
        name = local(child.tag) if isinstance(child.tag, str) else ""
        if name in ("bpt", "ept"):
            parts.append(f'<{name} id="{escape(child.get("i") or str(count))}">'
                         f"{_native(child, safe)}</{name}>")
        elif name == "it":
            pos = "close" if child.get("pos") == "end" else "open"
            parts.append(f'<it id="i{count}" pos="{pos}">{_native(child, safe)}</it>')
        elif name in ("ph", "ut"):
            parts.append(f'<ph id="p{count}">{_native(child, safe)}</ph>')
        elif name == "hi":
            parts.append(f'<mrk mtype="x-hi">{escape(safe(plain_text(child)))}</mrk>')
        parts.append(escape(safe(child.tail or "")))
    return "".join(parts)


class Inline20:
    """A unit's segments in XLIFF 2.0: codes as sc/ec/ph pointing at <originalData>."""

    def __init__(self, safe: XmlText):
        self.safe = safe
        self.data: list[tuple[str, str]] = []  # (id, native code) for <originalData>

    def _ref(self, element: etree._Element) -> str:
        code = "".join(element.itertext())
        if not code:
            return ""
        self.data.append((f"d{len(self.data) + 1}", code))
        return f' dataRef="d{len(self.data)}"'

    def content(self, text: str, markup: str | None, side: str) -> str:
        seg = _tagged(text, markup)
        if seg is None:
            return escape(self.safe(text))
        parts, opened = [escape(self.safe(seg.text or ""))], set()
        for count, child in enumerate(seg, start=1):
            name = local(child.tag) if isinstance(child.tag, str) else ""
            pair = child.get("i") or str(count)
            if name == "bpt":
                opened.add(pair)
                parts.append(f'<sc id="{escape(pair)}"{self._ref(child)}/>')
            elif name == "ept" and pair in opened:
                parts.append(f'<ec startRef="{escape(pair)}"{self._ref(child)}/>')
            elif name in ("ept", "it"):
                closing = name == "ept" or child.get("pos") == "end"
                tag = "ec" if closing else "sc"
                parts.append(f'<{tag} id="{side}{count}" isolated="yes"{self._ref(child)}/>')
            elif name in ("ph", "ut"):
                parts.append(f'<ph id="{side}{count}"{self._ref(child)}/>')
            elif name == "hi":
                parts.append(f'<mrk id="{side}{count}" translate="yes">'
                             f"{escape(self.safe(plain_text(child)))}</mrk>")
            parts.append(escape(self.safe(child.tail or "")))
        return "".join(parts)

    def original_data(self) -> str:
        if not self.data:
            return ""
        return "<originalData>" + "".join(
            f"<data id={quoteattr(ref)}>{escape(self.safe(code))}</data>"
            for ref, code in self.data) + "</originalData>"


def _unit_id(unit: dict, kept: dict, used: set[str]) -> str:
    """The id the unit's XLIFF file gave it, else "u" + its number ("t" + a count for an
    entry written as a unit); unique within the <file>, as the schema requires."""
    wanted = kept.get("id")
    if not (isinstance(wanted, str) and _ID.fullmatch(wanted)) or wanted in used:
        wanted = f"u{unit['id']}" if unit.get("id") else f"t{len(used) + 1}"
        while wanted in used:
            wanted += "_"
    used.add(wanted)
    return wanted


def _notes(unit: dict, kept: dict) -> list[str]:
    notes = kept.get("notes") or []
    if not notes or "\n".join(notes) != unit.get("note"):
        notes = [unit["note"]] if unit.get("note") else []
    return notes


def trans_unit(unit: dict, used: set[str], safe: XmlText) -> str:
    kept = (unit.get("extras") or {}).get("xliff") or {}
    attrs = f" id={quoteattr(_unit_id(unit, kept, used))}"
    if unit.get("context"):
        attrs += f" resname={quoteattr(safe(unit['context']))}"
    if kept.get("approved") in ("yes", "no"):
        attrs += f' approved="{kept["approved"]}"'
    state = kept.get("state") if kept.get("state") in STATES_12 else None
    if unit.get("status") == "fuzzy":
        state = state if state and state.startswith("needs-review") else \
            "needs-review-translation"
    elif state is None or state.startswith(("needs", "new")):
        state = "translated"
    target_attrs = f' state="{state}"'
    if kept.get("state-qualifier"):
        target_attrs += f" state-qualifier={quoteattr(safe(kept['state-qualifier']))}"
    parts = [f"<trans-unit{attrs}>",
             f"<source>{inline_12(unit['source'], unit.get('source_markup'), safe)}</source>",
             f"<target{target_attrs}>"
             f"{inline_12(unit['target'], unit.get('target_markup'), safe)}</target>"]
    parts += [f"<note>{escape(safe(note))}</note>" for note in _notes(unit, kept)]
    parts.append("</trans-unit>\n")
    return "".join(parts)


def write_12(path: Path, units: Iterable[dict], safe: XmlText | None = None,
             done: Done | None = None) -> int:
    """Units sorted by language pair, each pair a <file>; returns how many were written."""
    safe = safe or XmlText()
    written = Tally(done, every=5000)
    pair: tuple[str, str] | None = None
    used: set[str] = set()
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                  f'xmlns="{XLIFF12}">\n')
        for unit in units:
            if (unit["source_lang"], unit["target_lang"]) != pair:
                if pair is not None:
                    out.write("</body>\n</file>\n")
                pair, used = (unit["source_lang"], unit["target_lang"]), set()
                out.write(f'<file original="glossary-tm" datatype="plaintext" '
                          f"source-language={quoteattr(pair[0])} "
                          f"target-language={quoteattr(pair[1])}>\n<body>\n")
            out.write(trans_unit(unit, used, safe))
            written.add()
        if pair is not None:
            out.write("</body>\n</file>\n")
        else:  # nothing to write: still a valid document, which needs one <file>
            out.write('<file original="glossary-tm" datatype="plaintext" '
                      'source-language="en">\n<body/>\n</file>\n')
        out.write("</xliff>\n")
    return written.count


def unit_20(unit: dict, used: set[str], safe: XmlText) -> str:
    kept = (unit.get("extras") or {}).get("xliff") or {}
    attrs = f" id={quoteattr(_unit_id(unit, kept, used))}"
    if unit.get("context"):
        attrs += f" name={quoteattr(safe(unit['context']))}"
    state = kept.get("state") if kept.get("state") in STATES_20 else "translated"
    if unit.get("status") == "fuzzy":
        state = "initial"
    elif state == "initial":
        state = "translated"
    inline = Inline20(safe)
    source = inline.content(unit["source"], unit.get("source_markup"), "s")
    target = inline.content(unit["target"], unit.get("target_markup"), "t")
    notes = _notes(unit, kept)
    parts = [f"<unit{attrs}>"]
    if notes:
        parts.append("<notes>" + "".join(f"<note>{escape(safe(n))}</note>" for n in notes)
                     + "</notes>")
    segment = kept.get("segment")
    segment_id = f" id={quoteattr(segment)}" if segment and _ID.fullmatch(segment) else ""
    parts += [inline.original_data(), f'<segment{segment_id} state="{state}">',
              f"<source>{source}</source>",
              f"<target>{target}</target></segment></unit>\n"]
    return "".join(parts)


def write_20(path: Path, units: Iterable[dict], source_lang: str, target_lang: str,
             safe: XmlText | None = None, done: Done | None = None) -> int:
    """Units of one language pair as an XLIFF 2.0 document; returns how many."""
    safe = safe or XmlText()
    written = Tally(done, every=5000)
    used: set[str] = set()
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{XLIFF20}" '
                  f'version="2.0" srcLang={quoteattr(source_lang)} '
                  f'trgLang={quoteattr(target_lang)}>\n<file id="f1">\n')
        for unit in units:
            out.write(unit_20(unit, used, safe))
            written.add()
        if not written.count:  # a <file> needs a unit or a group: an empty group, then
            out.write('<group id="empty"/>\n')
        out.write("</file>\n</xliff>\n")
    return written.count
