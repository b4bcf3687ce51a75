"""Terminology QA: check a translated file (PO, TMX, XLIFF, CSV memory) against the glossary.

For every translated unit, in either direction (zh→en or en→zh):

- missing: a glossary term of the source language occurs in the source, but no
  preferred or admitted term of the other language in the same entry occurs in the
  target (English matched case-insensitively, with plurals; abbreviations count);
- forbidden / deprecated: such a term occurs in the target; the preferred term of
  that language is suggested, and the entry is not also reported as missing;
- inconsistent: one source entry rendered by different full-form target terms across
  the file; the units that depart from the most common rendering are reported.

Reference entries (CC-CEDICT) are never demanded: a dictionary is not a termbase.
Units come from the format readers (formats/), so places read as in import errors.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from glossary.checks.source import TermSource
from glossary.errors import InputFileError, require_file
from glossary.formats import Entry, ReadOptions, Source, Unit
from glossary.formats.registry import HEAD_BYTES, READERS, resolve
from glossary.models import REFERENCE_SOURCES, Concept, Term
from glossary.text.normalize import is_chinese_tag, search_key
from glossary.text.textmap import KeyedText

GOOD = ("preferred", "admitted")
BAD = ("deprecated", "forbidden")

_UNIT_ID = re.compile(r"\(id ([^,)]*)")


@dataclass
class QAIssue:
    file: str
    place: str  # where the reader found the unit: "line 12 (msgid ...)", "unit 3 (line 40)"
    unit_id: str | None  # XLIFF id, PO msgctxt or TMX tuid when the file gives one
    source: str
    target: str
    kind: str  # missing | forbidden | deprecated | inconsistent
    term: str  # the source term (missing, inconsistent) or the target term (forbidden...)
    suggestion: str
    concept_id: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class QAReport:
    file: str
    units: int = 0  # translated units checked
    issues: list[QAIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues

    def counts(self) -> dict[str, int]:
        return dict(Counter(i.kind for i in self.issues))

    def to_dict(self) -> dict:
        return {"file": self.file, "units": self.units, "counts": self.counts(),
                "issues": [i.to_dict() for i in self.issues]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def render(self) -> str:
        """The readable report: one block per issue, then a summary line."""
        lines = []
        for i in self.issues:
            where = f"{i.file}: {i.place}" + (f" [{i.unit_id}]" if i.unit_id else "")
            lines += [where, f"  source: {_short(i.source)}", f"  target: {_short(i.target)}",
                      f"  {_ISSUE_TEXT[i.kind].format(term=i.term)}"
                      + (f"; use: {i.suggestion}" if i.suggestion else ""), ""]
        counts = ", ".join(f"{n} {k}" for k, n in sorted(self.counts().items()))
        lines.append(f"{self.file}: {self.units} units checked, "
                     + (f"{len(self.issues)} issues ({counts})" if self.issues else "no issues"))
        return "\n".join(lines)


_ISSUE_TEXT = {
    "missing": "term '{term}' has no glossary translation in the target",
    "forbidden": "forbidden term '{term}' in the target",
    "deprecated": "deprecated term '{term}' in the target",
    "inconsistent": "term '{term}' translated differently elsewhere in the file",
}


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def read_units(path: str | Path, fmt: str | None = None, source_lang: str | None = None,
               target_lang: str | None = None) -> Iterator[Unit]:
    """The translated units of a bilingual file, through the import readers (the
    languages, in any spelling, pick the sides of a multilingual file)."""
    path = require_file(path)
    with open(path, "rb") as stream:
        head = stream.read(HEAD_BYTES)
    name = resolve(fmt, path, head)
    source = Source(path, path.stat().st_size)
    try:
        opts = ReadOptions(source_lang, target_lang, origin=path.name)
        for item in READERS[name](source, opts):
            if isinstance(item, Unit):
                yield item
            elif isinstance(item, Entry):
                raise InputFileError(str(path), item.place,
                                     "a glossary, not a translated file (no source/target)")
    finally:
        source.close()


def unit_id(unit: Unit) -> str | None:
    found = _UNIT_ID.search(unit.place)
    if found:
        return found.group(1)
    return unit.data.get("tuid") or unit.data.get("context") or None


def _pattern(key: str) -> re.Pattern | None:
    """A term key found in keyed text: Latin ends need word boundaries, plurals allowed."""
    if not key:
        return None
    forms = [re.escape(key)]
    if key[-1].isascii() and key[-1].isalpha():
        forms = [re.escape(key) + "(?:s|es)?"]
        if len(key) > 1 and key[-1] == "y" and key[-2] not in "aeiou":
            forms.append(re.escape(key[:-1]) + "ies")
    left = r"(?<![^\W_])" if key[0].isascii() and key[0].isalnum() else ""
    right = r"(?![^\W_])" if key[-1].isascii() and key[-1].isalnum() else ""
    return re.compile(left + "(?:" + "|".join(forms) + ")" + right)


class Checker:
    """Checks units one at a time and keeps what the inconsistency check needs."""

    def __init__(self, glossary: TermSource, domain: str | None = None):
        self.g = glossary
        self.domain = domain.lower() if domain else None
        self.concepts: dict[int, Concept] = {}
        self.patterns: dict[str, re.Pattern | None] = {}
        # concept -> rendering (target term text) -> [(issue template), ...]
        self.renderings: dict[tuple[int, bool], dict[str, list[QAIssue]]] = {}

    def _load(self, ids: set[int]) -> None:
        missing = sorted(ids - self.concepts.keys())
        if missing:
            for concept in self.g.get_entries(missing):
                self.concepts[concept.id] = concept

    def _wanted(self, concept: Concept) -> bool:
        if concept.source in REFERENCE_SOURCES:
            return False
        return self.domain is None or (concept.domain or "").lower() == self.domain

    def _found(self, term: Term, keyed: str) -> bool:
        key = search_key(term.text)
        if key not in self.patterns:
            self.patterns[key] = _pattern(key)
        pattern = self.patterns[key]
        return bool(pattern and pattern.search(keyed))

    def check(self, file: str, unit: Unit) -> list[QAIssue]:
        data = unit.data
        source, target = data.get("source") or "", data.get("target") or ""
        src_zh = is_chinese_tag(data.get("source_lang") or "")
        tgt_zh = is_chinese_tag(data.get("target_lang") or "")
        if src_zh == tgt_zh:  # neither side Chinese (or both): nothing to hold against
            return []
        src = [r for r in self.g.recognize(source) if r.matched.is_chinese == src_zh]
        tgt = [r for r in self.g.recognize(target) if r.matched.is_chinese == tgt_zh]
        self._load({r.concept_id for r in src} | {r.concept_id for r in tgt})
        uid = unit_id(unit)

        def issue(kind: str, term: str, suggestion: str, cid: int) -> QAIssue:
            return QAIssue(file, unit.place, uid, source, target, kind, term, suggestion, cid)

        out, flagged = [], set()
        for r in tgt:
            concept = self.concepts[r.concept_id]
            if r.status in BAD and self._wanted(concept):
                best = concept.preferred(tgt_zh)
                suggestion = best.text if best and best.status in GOOD else ""
                out.append(issue(r.status, r.term, suggestion, r.concept_id))
                flagged.add(r.concept_id)
        seen: set[int] = set()
        keyed = None
        for r in src:
            cid = r.concept_id
            concept = self.concepts[cid]
            if cid in seen or cid in flagged or not self._wanted(concept):
                continue
            seen.add(cid)
            good = [t for t in concept.terms if t.is_chinese == tgt_zh and t.status in GOOD]
            if not good:
                continue
            used = [t for t in good if any(x.matched.id == t.id for x in tgt)]
            if not used:
                keyed = keyed if keyed is not None else KeyedText(target).key
                used = [t for t in good if self._found(t, keyed)]
            if not used:
                best = concept.preferred(tgt_zh)
                out.append(issue("missing", r.term, best.text if best else "", cid))
                continue
            full = [t for t in used if t.type == "fullForm"]
            if full:
                rendering = max(full, key=lambda t: len(t.text)).text
                self.renderings.setdefault((cid, tgt_zh), {}).setdefault(rendering, []).append(
                    issue("inconsistent", r.term, "", cid))
        return out

    def inconsistencies(self) -> list[QAIssue]:
        out = []
        for (cid, _side), by_text in self.renderings.items():
            if len(by_text) < 2:
                continue
            concept = self.concepts[cid]
            rank = {t.text: (t.status != "preferred") for t in concept.terms}
            common = max(by_text, key=lambda s: (len(by_text[s]), -rank.get(s, 1)))
            for text, issues in by_text.items():
                if text == common:
                    continue
                for i in issues:
                    i.suggestion = common
                    i.term = f"{i.term} → {text}"
                    out.append(i)
        return out


def run_qa(glossary: TermSource, path: str | Path, domain: str | None = None,
           fmt: str | None = None, source_lang: str | None = None,
           target_lang: str | None = None) -> QAReport:
    """Check every translated unit of a file against the glossary; issues in file order."""
    path = Path(path)
    report = QAReport(str(path))
    checker = Checker(glossary, domain)
    order: dict[str, int] = {}
    for unit in read_units(path, fmt, source_lang, target_lang):
        order.setdefault(unit.place, len(order))
        report.units += 1
        report.issues += checker.check(str(path), unit)
    report.issues += checker.inconsistencies()
    report.issues.sort(key=lambda i: order.get(i.place, 0))
    return report
