"""Pre-translation: fill a PO or XLIFF file's untranslated units from the translation memory.

A match below 100 is marked for review (`#, fuzzy` in PO, a needs-review state in
XLIFF) so that nobody ships an unchecked fuzzy match. The output is written to a
temporary file and renamed, so a failure never leaves half a file behind.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from glossary.errors import InputFileError, require_file
from glossary.formats import po_syntax, write_atomically, xliff_fill
from glossary.text.langtags import bcp47

Matcher = Callable[[str, str], "tuple[str, float] | None"]  # (text, target lang) -> best


@dataclass
class PretranslateReport:
    path: str
    output: str
    exact: int = 0
    fuzzy: int = 0
    untouched: int = 0
    already: int = 0
    scores: list[float] = field(default_factory=list, repr=False)

    def summary(self) -> str:
        return (f"{self.output}: {self.exact} exact, {self.fuzzy} fuzzy (marked for review), "
                f"{self.untouched} left untranslated, {self.already} already translated")

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "scores"}


def _count(report: PretranslateReport, score: float) -> bool:
    """Record one filled unit; True when it must be marked for review."""
    report.scores.append(score)
    if score >= 100:
        report.exact += 1
        return False
    report.fuzzy += 1
    return True


def pretranslate_po(src: Path, out: Path, best: Matcher) -> PretranslateReport:
    """Fill the catalogue's untranslated entries in its own text: only the lines of the
    entries filled change (their msgstr, and a fuzzy flag), so a catalogue with
    nothing to fill comes back byte for byte, its line wrapping and all."""
    po_syntax.check(src)  # a clear error with the line, before anything is written
    data = src.read_bytes()
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    encoding = po_syntax.charset(data[len(bom):])
    lines = po_syntax.decode(data, str(src)).splitlines(keepends=True)
    entries = po_syntax.blocks(lines)
    header = next((b for b in entries if b.values.get("msgid") == ""
                   and "msgctxt" not in b.values), None)
    language = re.search(r"^Language:\s*(\S*)", header.values.get("msgstr", "") if header
                         else "", re.MULTILINE)
    target_lang = bcp47(language.group(1) if language else "") or "zh"
    report = PretranslateReport(str(src), str(out))
    filled = []
    for block in entries:
        msgid = block.values.get("msgid")
        if not msgid or "msgstr" not in block.values and not any(
                k.startswith("msgstr[") for k in block.values):
            continue  # the header, an obsolete entry (#~ lines) or comments alone
        if block.translated:
            report.already += 1
            continue
        match = best(msgid, target_lang)
        if match is None:
            report.untouched += 1
            continue
        filled.append((block, *match))
    for block, text, score in reversed(filled):  # from the end: earlier lines stay put
        po_syntax.fill(lines, block, text, fuzzy=_count(report, score))
    report.scores.reverse()
    data = bom + "".join(lines).encode(encoding)
    write_atomically(out, lambda p: _write_bytes(p, data))
    return report


XLIFF1 = ("urn:oasis:names:tc:xliff:document:1.1", "urn:oasis:names:tc:xliff:document:1.2")
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"


def pretranslate_xliff(src: Path, out: Path, best: Matcher) -> PretranslateReport:
    """Fill XLIFF 1.1 (what translate-toolkit writes, with or without its namespace),
    1.2 or 2.0, changing only the units it fills (see formats/xliff_fill.py): a file
    with nothing to fill comes back byte for byte."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        tree = etree.parse(str(src), parser)
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputFileError(str(src), None, f"not well-formed XML ({exc})") from exc
    root = tree.getroot()
    ns = etree.QName(root).namespace
    report = PretranslateReport(str(src), str(out))
    if ns in XLIFF1 or ns is None and root.tag == "xliff":
        q = f"{{{ns}}}" if ns else ""
        units = root.iter(f"{q}trans-unit")
        lang_of = lambda u: next(u.iterancestors(f"{q}file")).get(  # noqa: E731
            "target-language", "")
    elif ns == XLIFF20:
        q = f"{{{ns}}}"
        units = root.iter(f"{q}segment")
        lang_of = lambda u: root.get("trgLang", "")  # noqa: E731
    else:
        raise InputFileError(str(src), "line 1", "not an XLIFF 1.1, 1.2 or 2.0 document")
    fills: list[xliff_fill.Fill] = []
    for index, unit in enumerate(units):
        source = unit.find(f"{q}source")
        target = unit.find(f"{q}target")
        if source is None:
            continue
        if target is not None and "".join(target.itertext()).strip():
            report.already += 1
            continue
        match = best("".join(source.itertext()), bcp47(lang_of(unit)) or "zh")
        if match is None:
            report.untouched += 1
            continue
        text, score = match
        fuzzy = _count(report, score)
        if ns != XLIFF20:
            fills.append(xliff_fill.Fill(index, text, {
                "state": "needs-review-translation" if fuzzy else "translated",
                "state-qualifier": "fuzzy-match" if fuzzy else "exact-match"}, {}))
        else:
            fills.append(xliff_fill.Fill(index, text, {}, {
                "state": "initial" if fuzzy else "translated"}))
    data = src.read_bytes()
    if fills:
        data = _filled(data, tree, "segment" if ns == XLIFF20 else "trans-unit", fills, q)
    write_atomically(out, lambda p: _write_bytes(p, data))
    return report


def _filled(data: bytes, tree: etree._ElementTree, unit_tag: str,
            fills: list[xliff_fill.Fill], q: str) -> bytes:
    """The file with its units filled in its own text; if that cannot be done (an
    encoding Python cannot round-trip, a unit the text search misses) the parsed tree,
    filled and serialised, which changes the file's formatting but not its content."""
    encoding = tree.docinfo.encoding or "UTF-8"
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    try:
        text = data[len(bom):].decode(encoding)
        patched = (bom + xliff_fill.fill(text, unit_tag, fills).encode(encoding))
        parsed = etree.fromstring(patched, etree.XMLParser(resolve_entities=False,
                                                           no_network=True))
        units = list(parsed.iter(f"{q}{unit_tag}"))
        if all("".join(units[f.index].find(f"{q}target").itertext()) == f.text
               for f in fills):
            return patched
    except (ValueError, LookupError, IndexError, AttributeError, etree.XMLSyntaxError):
        pass
    units = list(tree.getroot().iter(f"{q}{unit_tag}"))
    for job in fills:
        unit = units[job.index]
        source, target = unit.find(f"{q}source"), unit.find(f"{q}target")
        if target is None:
            target = etree.Element(f"{q}target")
            target.tail = source.tail
            source.addnext(target)
        target.text = job.text
        for name, value in job.target_attrs.items():
            target.set(name, value)
        for name, value in job.segment_attrs.items():
            unit.set(name, value)
    return etree.tostring(tree, xml_declaration=True, encoding=encoding)


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def pretranslate(src: Path, out: Path, best: Matcher) -> PretranslateReport:
    require_file(src)  # polib would take a missing path for PO text
    suffix = src.suffix.lower()
    if suffix in (".po", ".pot"):
        return pretranslate_po(src, out, best)
    if suffix in (".xlf", ".xliff", ".xlf2"):
        return pretranslate_xliff(src, out, best)
    raise InputFileError(str(src), None, "pre-translation reads .po, .pot, .xlf and .xliff "
                         "files")
