"""What an export reads: entries and units from one read-only snapshot, streamed.

Rows are fetched in batches, so exporting a million units holds a batch in memory,
not the memory. Entries from reference dictionaries are left out unless asked for;
--domain keeps the entries and units of one subject field.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import Callable, Iterator

from glossary.errors import GlossaryError
from glossary.formats.terms import ABBREVIATED
from glossary.models import REFERENCE_SOURCES, STATUS_RANK, Concept, Term
from glossary.store.base import ReadConnection
from glossary.text.langtags import bcp47, describe, meaning, same_language
from glossary.text.normalize import chinese_script

UNIT_FIELDS = ("id", "source_lang", "source", "target_lang", "target", "context", "origin",
               "status", "created", "changed", "note", "creator", "domain", "source_markup",
               "target_markup", "extras")
CONCEPT_FIELDS = ("id", "domain", "definition", "note", "source", "created", "changed")
TERM_FIELDS = ("id", "concept_id", "lang", "text", "status", "type", "pos", "context", "note")
BATCH = 500


def primary(tag: str) -> str:
    """The language a tag names, by meaning: zh_Hans, zh-CN and cmn are all zh."""
    return meaning(tag).language or tag.lower().split("-")[0]


class Snapshot:
    def __init__(self, conn: ReadConnection, domain: str | None, include_reference: bool,
                 progress: Callable[[int, int], None] | None = None):
        self.conn, self.domain, self.include_reference = conn, domain, include_reference
        self.progress = progress
        self.total = 0
        self.left_out = 0
        self.notes: list[str] = []
        self._unpaired: dict[str, list[str]] = {}
        self._po_seen, self._po_other_script = 0, Counter[str]()
        self.in_plural_entries = 0  # units exported as the msgid_plural of another's entry
        self._plural_entries: set[tuple] | None = None  # (msgid, msgid_plural, context, langs)

    def tick(self, done: int) -> None:
        if self.progress is not None:
            self.progress(done, self.total)

    def _where(self, table: str) -> tuple[str, list]:
        clauses, params = ["1 = 1"], []
        if self.domain:
            clauses.append("lower(domain) = lower(?)")
            params.append(self.domain)
        if table == "concepts" and not self.include_reference:
            clauses.append(f"source NOT IN ({','.join('?' * len(REFERENCE_SOURCES))})")
            params += REFERENCE_SOURCES
        return " AND ".join(clauses), params

    def count(self, table: str) -> int:
        where, params = self._where(table)
        source = "tm_visible" if table == "tm_units" else table  # not a pending import's
        sql = f"SELECT count(*) FROM {source} WHERE {where}"
        return self.conn.rows(sql, params)[0][0]

    def units(self, extra: str = "", params: tuple = (), order: str = "id") -> Iterator[dict]:
        where, base = self._where("tm_units")
        for batch in self.conn.batches(
                f"SELECT {', '.join(UNIT_FIELDS)} FROM tm_visible WHERE {where} {extra} "
                f"ORDER BY {order}", (*base, *params), BATCH):
            for row in batch:
                unit = dict(zip(UNIT_FIELDS, row, strict=True))
                unit["extras"] = json.loads(unit["extras"]) if unit["extras"] else {}
                yield unit

    def concepts(self) -> Iterator[Concept]:
        where, params = self._where("concepts")
        empty = []
        for batch in self.conn.batches(
                f"SELECT {', '.join(CONCEPT_FIELDS)} FROM concepts WHERE {where} ORDER BY id",
                params, BATCH):
            ids = [row[0] for row in batch]
            terms: dict[int, list[Term]] = {}
            for row in self.conn.rows(
                    f"SELECT {', '.join(TERM_FIELDS)} FROM terms WHERE concept_id IN "
                    f"({','.join('?' * len(ids))}) ORDER BY concept_id, position, id", ids):
                fields = dict(zip(TERM_FIELDS, row, strict=True))
                terms.setdefault(fields.pop("concept_id"), []).append(Term(**fields))
            for row in batch:
                concept = Concept(**dict(zip(CONCEPT_FIELDS, row, strict=True)),
                                  terms=terms.get(row[0], []))
                if concept.terms:
                    yield concept
                else:
                    self.left_out += 1
                    empty.append(f"#{concept.id}")
        if empty:
            they = "it has" if len(empty) == 1 else "they have"
            self.notes.append(grouped(empty, f"{they} no terms"))

    def _pair_terms(self, concept: Concept, script: str | None = None
                    ) -> tuple[Term, Term] | None:
        """The entry's Chinese and English terms for one unit; None (and noted) if it lacks one.

        With a script, the Chinese term is the entry's best one written in it.
        """
        zh = next((t for t in concept.terms if t.is_chinese and t.text == concept.zh), None)
        if script and zh is not None and chinese_script(zh.lang) != script:
            zh = min((t for t in concept.terms if t.is_chinese
                      and chinese_script(t.lang) == script),
                     key=lambda t: (STATUS_RANK.get(t.status, 9), t.type in ABBREVIATED),
                     default=None)
        en = next((t for t in concept.terms if not t.is_chinese and t.text == concept.en), None)
        if zh is None or en is None:
            self.left_out += 1
            if en is None:
                missing = "Chinese or English term" if zh is None else "English term"
            elif script and any(t.is_chinese for t in concept.terms):
                missing = f"Chinese term in {SCRIPT_NAMES[script]} characters"
            else:
                missing = "Chinese term"
            self._unpaired.setdefault(missing, []).append(entry_name(concept))
            return None
        return zh, en

    def _note_unpaired(self, what: str) -> None:
        """One note per reason an entry could not be paired, naming a few of them."""
        for missing, names in self._unpaired.items():
            they = "it has" if len(names) == 1 else "they have"
            self.notes.append(grouped(names, f"{what} needs a Chinese and an English term, "
                                             f"and {they} no {missing}"))
        self._unpaired = {}

    def term_units(self) -> Iterator[dict]:
        """Entries as English -> Chinese units, for tools that take a glossary as TMX."""
        for concept in self.concepts():
            pair = self._pair_terms(concept)
            if pair is not None:
                zh, en = pair
                yield {"source_lang": en.lang, "source": en.text, "target_lang": zh.lang,
                       "target": zh.text, "domain": concept.domain, "note": concept.definition,
                       "created": concept.created, "changed": concept.changed,
                       "context": "", "status": "translated"}
        self._note_unpaired("a unit")

    def languages(self, what: str) -> list[str]:
        """The language tags the export could select from: units' sides, entries' terms."""
        found: set[str] = set()
        if what in ("tm", "all"):
            where, params = self._where("tm_units")
            for s, t in self.conn.rows(f"SELECT DISTINCT source_lang, target_lang FROM "
                                       f"tm_visible WHERE {where}", params):
                found.update((s, t))
        if what in ("terms", "all"):
            where, params = self._where("concepts")
            found.update(lang for (lang,) in self.conn.rows(
                f"SELECT DISTINCT lang FROM terms WHERE concept_id IN "
                f"(SELECT id FROM concepts WHERE {where})", params))
        return sorted(t for t in found if t)

    def check_languages(self, what: str, source: str | None, target: str | None) -> None:
        """Refuse a --source-lang or --target-lang that names no language present, saying
        which are: an export that silently selects nothing looks like a lost memory."""
        present = self.languages(what)
        if not present:
            return
        for option, wanted in (("--source-lang", source), ("--target-lang", target)):
            if wanted and not any(same_language(tag, wanted) for tag in present):
                held = {"tm": "TM units", "terms": "entries"}.get(what, "entries and TM units")
                raise GlossaryError(f"{option} {wanted}: no {held} in that language; the "
                                    f"languages present are {describe(present)}")

    def source_lang(self, wanted: str | None) -> str:
        """The TMX header's srclang: the stored tag of the language asked for (zh_Hans
        asked, zh-CN stored: zh-CN), else the commonest source language."""
        if wanted:
            rows = self.conn.rows("SELECT lang FROM (SELECT source_lang AS lang FROM tm_visible "
                                  "UNION ALL SELECT target_lang FROM tm_visible) AS langs "
                                  "GROUP BY 1 ORDER BY count(*) DESC")
            return next((tag for (tag,) in rows if same_language(tag, wanted)), bcp47(wanted))
        row = self.conn.one("SELECT source_lang FROM tm_visible GROUP BY 1 "
                            "ORDER BY count(*) DESC LIMIT 1")
        return row[0] if row else "en"

    def pair_filter(self, units: Iterator[dict], source: str | None, target: str | None
                    ) -> Iterator[dict]:
        """The units between the languages asked for, whichever way round they go (a
        TMX unit has no direction); all of them when none was asked."""
        if not source and not target:
            yield from units
            return
        other = 0
        for unit in units:
            sides = (unit["source_lang"] or "", unit["target_lang"] or "")
            for a, b in (sides, sides[::-1]):
                if (not source or same_language(a, source)) and (
                        not target or same_language(b, target)):
                    yield unit
                    break
            else:
                other += 1
        if other:
            self.left_out += other
            asked = " and ".join(t for t in (source, target) if t)
            self.notes.append(f"{other} units in other languages than {asked} left out")

    def language_pair(self, what: str, source: str | None, target: str | None
                      ) -> tuple[str, str]:
        """The one language pair a PO file holds: as asked, else the commonest.

        Units count for their pair whichever way round they go (en -> zh and zh -> en
        are one pair), the direction is the commoner one, and a Chinese side takes the
        script most units are written in, under its commonest tag (zh-CN, zh-Hans...).
        """
        if what != "terms":
            where, params = self._where("tm_units")
            rows = self.conn.rows(f"SELECT source_lang, target_lang, count(*) FROM tm_visible "
                                  f"WHERE {where} GROUP BY 1, 2", params)
            if rows:
                auto = _commonest_pair(rows)
                if source and target:
                    return source, target
                if target:  # the other side of the commonest pair with that language
                    return auto[0] if primary(auto[1]) == primary(target) else auto[1], target
                if source:
                    return source, auto[1] if primary(auto[0]) == primary(source) else auto[0]
                return auto
        langs = Counter(t.lang for c in self.concepts() for t in c.terms if t.is_chinese)
        self.left_out, self.notes = 0, []
        return source or "en", target or (langs.most_common(1)[0][0] if langs else "zh-Hans")

    def _po_stream(self, source: str, target: str, reverse: bool) -> Iterator[dict]:
        """Units of the pair in one direction, as PO records sorted by (msgid, context)."""
        s, t = primary(target if reverse else source), primary(source if reverse else target)
        clause = ("AND (lower(source_lang) = ? OR lower(source_lang) LIKE ? || '-%') "
                  "AND (lower(target_lang) = ? OR lower(target_lang) LIKE ? || '-%')")
        msgid, msgstr = ("target", "source") if reverse else ("source", "target")
        wanted = (chinese_script(source), chinese_script(target))
        for unit in self.units(clause, (s, s, t, t), order=f"{msgid}, context, id"):
            self._po_seen += 1
            langs = (unit[msgid + "_lang"], unit[msgstr + "_lang"])
            if (chinese_script(langs[0]), chinese_script(langs[1])) != wanted:
                chinese = next((tag for tag in langs if chinese_script(tag)), langs[1])
                self._po_other_script[chinese] += 1
                continue
            carried = {} if reverse else unit["extras"].get("po") or {}
            if carried.get("plural_of") and self._has_plural_entry(unit, carried["plural_of"]):
                self.in_plural_entries += 1
                continue  # written in its singular's entry, as msgid_plural
            yield {"msgid": unit[msgid], "msgstr": unit[msgstr], "context": unit["context"],
                   "domain": unit["domain"], "note": unit["note"],
                   "fuzzy": unit["status"] == "fuzzy", "po": carried}

    def _has_plural_entry(self, unit: dict, singular: str) -> bool:
        """Whether the unit of a plural entry's singular is there to write the entry.
        The singulars are found in one scan, the first time a plural unit asks (there
        is no index on the text, and a catalogue has many plural entries)."""
        if self._plural_entries is None:
            self._plural_entries = set()
            for source, context, source_lang, target_lang, extras in self.conn.rows(
                    "SELECT source, context, source_lang, target_lang, extras FROM tm_visible "
                    "WHERE extras LIKE '%msgid_plural%'"):
                plural = json.loads(extras).get("po", {}).get("msgid_plural")
                if plural:
                    self._plural_entries.add((source, plural, context, source_lang,
                                              target_lang))
        return (singular, unit["source"], unit["context"], unit["source_lang"],
                unit["target_lang"]) in self._plural_entries

    def exact_pair(self, source: str | None, target: str | None) -> tuple[str, str] | None:
        """The commonest (source, target) tags as stored, among units that match the
        languages asked for (either may be None): what a one-pair file should hold."""
        where, params = self._where("tm_units")
        rows = self.conn.rows(f"SELECT source_lang, target_lang, count(*) FROM tm_visible "
                              f"WHERE {where} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2", params)
        for exact in (True, False):  # the tags as spelt first: "en" is en before en-US
            for s, t, _ in rows:
                if _wanted(s, source, exact) and _wanted(t, target, exact):
                    return s, t
        return None

    def plural_forms(self, target: str) -> str | None:
        """The Plural-Forms the imported catalogues of this target language declared
        (the commonest), for the exported header."""
        found: Counter[str] = Counter()
        for lang, extras in self.conn.rows(
                "SELECT target_lang, extras FROM tm_visible WHERE extras LIKE '%plural_forms%'"):
            if primary(lang) == primary(target):
                rule = json.loads(extras).get("po", {}).get("plural_forms")
                if rule:
                    found[rule] += 1
        return found.most_common(1)[0][0] if found else None

    def po_units(self, source: str, target: str) -> Iterator[dict]:
        """The units of the PO's pair, those the other way round turned round (a zh -> en
        unit is an en -> zh entry), those in the PO's Chinese script only; sorted by
        (msgid, context). A pair held both ways round is written once."""
        self._po_seen, self._po_other_script = 0, Counter[str]()
        streams = [self._po_stream(source, target, reverse=False)]
        if primary(source) != primary(target):
            streams.append(self._po_stream(source, target, reverse=True))
        key, twice = None, 0
        written: set[tuple] = set()
        for rec in heapq.merge(*streams, key=lambda r: (r["msgid"], r["context"])):
            if (rec["msgid"], rec["context"]) != key:
                key, written = (rec["msgid"], rec["context"]), set()
            if rec["msgstr"] in written:
                twice += 1
                continue
            written.add(rec["msgstr"])
            yield rec
        if twice:
            self.notes.append(f"{twice} units held the same pair as another unit the other "
                              "way round; each pair is written once")
        script = next(filter(None, map(chinese_script, (target, source))), None)
        if self._po_other_script:
            count = sum(self._po_other_script.values())
            tags = ", ".join(tag for tag, _ in self._po_other_script.most_common())
            best = self._po_other_script.most_common(1)[0][0]
            option = "--target-lang" if chinese_script(target) else "--source-lang"
            self.left_out += count
            self.notes.append(
                f"{count} units in {SCRIPT_NAMES[chinese_script(best)]} Chinese ({tags}) left "
                f"out: a PO file holds one script, and this one is {SCRIPT_NAMES[script]} "
                f"({target if chinese_script(target) else source}); export those to a PO "
                f"file of their own with {option} {best}")
        other = self.count("tm_units") - self._po_seen
        if other:
            self.left_out += other
            self.notes.append(f"{other} units in other languages than {primary(source)} and "
                              f"{primary(target)} left out; a PO file holds one language pair")

    def po_terms(self, source: str = "en", target: str = "zh-Hans") -> Iterator[dict]:
        chinese_source = chinese_script(source) is not None
        script = chinese_script(source if chinese_source else target)
        records = []
        for concept in self.concepts():
            pair = self._pair_terms(concept, script)
            if pair is not None:
                zh, en = pair
                msgid, msgstr = (zh, en) if chinese_source else (en, zh)
                records.append({"msgid": msgid.text, "msgstr": msgstr.text, "context": "",
                                "domain": concept.domain, "definition": concept.definition,
                                "note": concept.note, "fuzzy": False})
        self._note_unpaired("a PO entry")
        records.sort(key=lambda r: str(r["msgid"]))
        yield from records


SCRIPT_NAMES = {"Hans": "Simplified", "Hant": "Traditional", None: "no Chinese"}
EXAMPLES = 3  # entries named in a note about many


def entry_name(concept: Concept) -> str:
    terms = [t for t in (concept.zh, concept.en) if t]
    return f"#{concept.id} {' / '.join(terms)}" if terms else f"#{concept.id}"


def grouped(names: list[str], problem: str, noun: tuple[str, str] = ("entry", "entries")
            ) -> str:
    """One line for many entries: how many, why, and the first few by name."""
    more = f" and {len(names) - EXAMPLES} more" if len(names) > EXAMPLES else ""
    examples = ", ".join(names[:EXAMPLES])
    return f"{len(names)} {noun[len(names) != 1]} left out: {problem}: {examples}{more}"


def _wanted(tag: str, wanted: str | None, exact: bool) -> bool:
    if wanted is None:
        return True
    tag, wanted = tag.lower(), wanted.lower().replace("_", "-")
    return tag == wanted or not exact and tag.startswith(wanted + "-")


def _side(tag: str) -> tuple[str, str | None]:
    return primary(tag), chinese_script(tag)


def _commonest_pair(rows: list[tuple[str, str, int]]) -> tuple[str, str]:
    """(source, target) of the commonest language pair, direction and Chinese script."""
    pairs: Counter = Counter()
    for s, t, n in rows:
        pairs[frozenset((primary(s), primary(t)))] += n
    best = pairs.most_common(1)[0][0]
    rows = [r for r in rows if frozenset((primary(r[0]), primary(r[1]))) == best]
    ways: Counter = Counter()
    scripts: Counter = Counter()  # (language, script) of each side, both directions
    tags: Counter = Counter()
    for s, t, n in rows:
        ways[(primary(s), primary(t))] += n
        for tag in (s, t):
            scripts[_side(tag)] += n
            tags[tag] += n
    way = ways.most_common(1)[0][0]

    def tag_for(language: str) -> str:
        script = max((k for k in scripts if k[0] == language), key=lambda k: scripts[k])
        return max((tag for tag in tags if _side(tag) == script), key=lambda tag: tags[tag])

    return tag_for(way[0]), tag_for(way[1])
