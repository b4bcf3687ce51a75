"""Pre-translation: fill a PO or XLIFF file's untranslated units from the translation memory.

A match below 100 is marked for review (`#, fuzzy` in PO, a needs-review state in
XLIFF) so that nobody ships an unchecked fuzzy match. The output is written to a
temporary file and renamed, so a failure never leaves half a file behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polib
from lxml import etree

from glossary.errors import InputFileError, require_file
from glossary.formats import write_atomically
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
    try:
        po = polib.pofile(str(src), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputFileError(str(src), None, f"not a readable PO file ({exc})") from exc
    target_lang = bcp47(po.metadata.get("Language", "")) or "zh"
    report = PretranslateReport(str(src), str(out))
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        done = entry.msgstr_plural and any(entry.msgstr_plural.values()) or entry.msgstr
        if done:
            report.already += 1
            continue
        match = best(entry.msgid, target_lang)
        if match is None:
            report.untouched += 1
            continue
        text, score = match
        if entry.msgid_plural:
            forms = entry.msgstr_plural or {0: ""}
            entry.msgstr_plural = {k: text for k in forms}
        else:
            entry.msgstr = text
        if _count(report, score) and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
    write_atomically(out, lambda p: po.save(str(p)))
    return report


XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"


def pretranslate_xliff(src: Path, out: Path, best: Matcher) -> PretranslateReport:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        tree = etree.parse(str(src), parser)
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputFileError(str(src), None, f"not well-formed XML ({exc})") from exc
    root = tree.getroot()
    ns = etree.QName(root).namespace
    report = PretranslateReport(str(src), str(out))
    if ns == XLIFF12:
        units = root.iter(f"{{{ns}}}trans-unit")
        lang_of = lambda u: u.getparent().getparent().get("target-language", "")  # noqa: E731
    elif ns == XLIFF20:
        units = root.iter(f"{{{ns}}}segment")
        lang_of = lambda u: root.get("trgLang", "")  # noqa: E731
    else:
        raise InputFileError(str(src), "line 1", "not an XLIFF 1.2 or 2.0 document")
    for unit in units:
        source = unit.find(f"{{{ns}}}source")
        target = unit.find(f"{{{ns}}}target")
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
        if target is None:
            target = etree.Element(f"{{{ns}}}target")
            source.addnext(target)
        target.text = text
        fuzzy = _count(report, score)
        if ns == XLIFF12:
            target.set("state", "needs-review-translation" if fuzzy else "translated")
            target.set("state-qualifier", "fuzzy-match" if fuzzy else "exact-match")
        else:
            unit.set("state", "initial" if fuzzy else "translated")
    write_atomically(out, lambda p: tree.write(str(p), xml_declaration=True, encoding="UTF-8"))
    return report


def pretranslate(src: Path, out: Path, best: Matcher) -> PretranslateReport:
    require_file(src)  # polib would take a missing path for PO text
    suffix = src.suffix.lower()
    if suffix in (".po", ".pot"):
        return pretranslate_po(src, out, best)
    if suffix in (".xlf", ".xliff", ".xlf2"):
        return pretranslate_xliff(src, out, best)
    raise InputFileError(str(src), None, "pre-translation reads .po, .pot, .xlf and .xliff files")
