"""Writing TMX 1.4b, streamed: valid against tmx14.dtd, every <tuv> with xml:lang.

The header carries every attribute the DTD requires; each <tu> what its file gave it
(tuid, changeid, usagecount, props, notes, the <tuv>s' attributes), its dates in TMX
form (YYYYMMDDThhmmssZ), its creator, and the unit's context, domain, origin and (when
not plain 'translated') status as <prop>s, which the reader maps back. Segments get
their inline tags back from the stored markup, when it still matches the text.

A TMX is flat and its text is escaped in one place, so units are written as text
rather than built as elements: a million-unit export takes seconds, not minutes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from glossary.formats import Done, Tally, iso_date, tmx_date
from glossary.formats.inline import plain_text
from glossary.formats.tmx import columns_from_props, derived, prop_map
from glossary.formats.xmlsafe import XmlText, parser
from glossary.models import now

_NAME = re.compile(r"[A-Za-z_][\w.-]*")  # an attribute a file gave us, written back only if XML


def tool_version() -> str:
    """The product version, looked up late: this module loads while glossary/ still does."""
    from glossary.version import __version__

    return __version__


def header(srclang: str) -> str:
    attrs = {"creationtool": "glossary", "creationtoolversion": tool_version(),
             "segtype": "sentence", "o-tmf": "glossary", "adminlang": "en",
             "srclang": srclang, "datatype": "plaintext", "creationdate": tmx_date(now()) or ""}
    return "<header" + "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items()) + "/>"


def segment(text: str, markup: str | None, safe: XmlText) -> str:
    """The content of a <seg>: the stored markup if it still agrees with the text.

    Markup that no longer matches the plain text (the unit was edited since) is
    dropped rather than exported with stale content.
    """
    if markup:
        try:
            tagged = etree.fromstring(f"<seg>{markup}</seg>", parser())
        except etree.XMLSyntaxError:
            tagged = None
        if tagged is not None and plain_text(tagged) == text:
            return safe(markup)
    return escape(safe(text))


def tu(unit: dict, srclang: str, safe: XmlText) -> str:
    """One <tu> from a unit dict (the tm_units columns, and the extras a TMX gave it).

    What the file carried comes back as it was: the <tu>'s attributes (tuid, changeid,
    usagecount...), its props in order, its notes one by one, the <tuv>s' attributes.
    The columns then fill in what those do not already say: dates and creator (edited
    since, or never in the file), and context, domain, origin and status as x- props.
    """
    kept = (unit.get("extras") or {}).get("tmx") or {}
    props = kept.get("props") or []
    target_tuv = dict(kept.get("target_tuv") or {})
    for attribute, key in (("creationdate", "created"), ("changedate", "changed")):
        if attribute in target_tuv and iso_date(target_tuv[attribute]) != unit.get(key):
            target_tuv[attribute] = tmx_date(unit.get(key)) or ""  # edited since
    attrs = dict(kept.get("tu") or {})
    created, changed, creator = derived({}, target_tuv)
    for attribute, key, value in (("creationdate", "created", created),
                                  ("changedate", "changed", changed)):
        stamp = tmx_date(unit.get(key))
        if stamp and iso_date(value) != unit.get(key):
            attrs[attribute] = stamp
    if unit.get("creator") and creator != unit["creator"]:
        attrs["creationid"] = unit["creator"]
    if unit["source_lang"] != srclang:
        attrs["srclang"] = unit["source_lang"]
    parts = [f"<tu{_attributes(attrs, safe)}>"]
    notes = kept.get("notes") or []
    if not notes or "\n".join(notes) != unit.get("note"):
        notes = [unit["note"]] if unit.get("note") else []
    parts += [f"<note>{escape(safe(note))}</note>" for note in notes]
    for prop in props:
        lang = f" xml:lang={quoteattr(prop[2])}" if len(prop) > 2 else ""
        parts.append(f"<prop type={quoteattr(safe(prop[0]))}{lang}>"
                     f"{escape(safe(prop[1]))}</prop>")
    context, domain = columns_from_props(prop_map(props)) if props else ("", None)
    for key, prop_type, given in (("context", "x-context", context),
                                  ("domain", "x-domain", domain), ("origin", "x-origin", None)):
        if unit.get(key) and unit[key] != given:
            parts.append(f'<prop type="{prop_type}">{escape(safe(unit[key]))}</prop>')
    if unit.get("status") and unit["status"] != "translated":
        parts.append(f'<prop type="x-status">{escape(unit["status"])}</prop>')
    for side, tuv_attrs in (("source", kept.get("source_tuv") or {}), ("target", target_tuv)):
        parts.append(f"<tuv xml:lang={_quoted(unit[side + '_lang'])}"
                     f"{_attributes(tuv_attrs, safe)}><seg>"
                     f"{segment(unit[side], unit.get(side + '_markup'), safe)}</seg></tuv>")
    parts.append("</tu>\n")
    return "".join(parts)


def _attributes(attrs: dict[str, str], safe: XmlText) -> str:
    if not attrs:
        return ""
    return "".join(f" {name}={_quoted(safe(value))}" for name, value in attrs.items()
                   if name in _GOOD_NAMES or _good_name(name))


_GOOD_NAMES: set[str] = set()  # attribute names seen to be plain XML names (a few dozen)
_ATTR_SPECIAL = re.compile(r'[&<>"\n\r\t]')


def _good_name(name: str) -> bool:
    """A name a file gave us that can be written back as it is (no namespace)."""
    if _NAME.fullmatch(name):
        _GOOD_NAMES.add(name)
        return True
    return False


def _quoted(value: str) -> str:
    """An attribute value in double quotes; most need no escaping, so test first."""
    if _ATTR_SPECIAL.search(value) is None:
        return f'"{value}"'
    return quoteattr(value, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def write(path: Path, units: Iterable[dict], srclang: str, safe: XmlText | None = None,
          done: Done | None = None) -> int:
    """Write the units to `path`; returns how many. `done(n)` is told as it goes."""
    safe = safe or XmlText()
    written = Tally(done, every=5000)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n')
        out.write(header(srclang) + "\n<body>\n")
        for unit in units:
            out.write(tu(unit, srclang, safe))
            written.add()
        out.write("</body>\n</tmx>\n")
    return written.count
