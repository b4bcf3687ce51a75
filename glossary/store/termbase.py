"""Entries (concepts and their terms): add, edit, delete, one by one or in bulk.

Each change goes into the history (history.py) with a JSON snapshot of the entry
before and after, so undo (undo.py) restores exactly what was there, term ids
included. Writes compute the search keys once (normalize.py) and store them beside
the text the user typed.
"""

from __future__ import annotations

from dataclasses import asdict

from glossary.errors import GlossaryError, NotFoundError
from glossary.models import (
    ABBREVIATED_TYPES,
    STATUS_RANK,
    TERM_TYPES,
    Concept,
    Term,
    check_status,
    now,
)
from glossary.store.base import Backend
from glossary.store.history import History
from glossary.text.normalize import (
    chinese_lang_for,
    has_han,
    is_chinese_tag,
    pinyin_keys,
    search_key,
)

CONCEPT_FIELDS = ("domain", "definition", "note")
EDIT_FIELDS = (*CONCEPT_FIELDS, "zh", "en", "abbr", "status", "pos")


def term_row(concept_id: int, term: Term, position: int) -> dict:
    """The stored form of a term: its text untouched, its keys beside it."""
    row = {
        "concept_id": concept_id,
        "lang": term.lang,
        "text": term.text,
        "key": search_key(term.text),
        "pinyin": None,
        "pinyin_tones": None,
        "pos": term.pos,
        "status": check_status(term.status),
        "type": term.type,
        "context": term.context,
        "note": term.note,
        "position": position,
    }
    if term.id is not None:
        row["id"] = term.id
    if is_chinese_tag(term.lang) and has_han(term.text):
        row["pinyin"], row["pinyin_tones"] = pinyin_keys(term.text)
    return row


def _edit_lang(text: str, chinese: bool, current: str | None) -> str:
    """The language tag of a main term given new text on one side."""
    if not chinese:
        return current if current and not is_chinese_tag(current) else "en"
    if current and is_chinese_tag(current) and not current.startswith("zh-Han"):
        return current  # a regional tag such as zh-TW stays
    return chinese_lang_for(text)


def _promote(concept: Concept, main: Term, variant: Term, text: str) -> None:
    """The variant becomes the main term: it takes the main's place, status and kind;
    the old main stays on as a variant, admitted (or the main's status if worse)."""
    terms = concept.terms
    i, j = terms.index(main), terms.index(variant)
    terms[i], terms[j] = variant, main
    worse = max(main.status, "admitted", key=lambda s: STATUS_RANK.get(s, 9))
    variant.status, main.status = main.status, worse
    if main.type not in ABBREVIATED_TYPES:
        variant.type, main.type = main.type, variant.type
    variant.text = text


def set_main_text(concept: Concept, text: str, *, abbreviated: bool, chinese: bool) -> None:
    """Give an entry's main full term of one side, or its main abbreviation, new text.

    A term of the entry already holding that text on that side (the same text, else
    the same search key) is promoted rather than duplicated. '' clears the abbreviation.
    """
    main = concept.main_abbreviation if abbreviated else concept.main_term(chinese)
    if not text:
        if main is not None:
            concept.terms.remove(main)
        return
    key = search_key(text)
    others = [t for t in concept.terms if t is not main and t.is_chinese == chinese]
    twin = next((t for t in others if t.text == text), None)
    if twin is None and (main is None or search_key(main.text) != key):
        twin = next((t for t in others if search_key(t.text) == key), None)
    if twin is not None:
        if (twin.type in ABBREVIATED_TYPES) != abbreviated or main is None:
            kind = "a full term" if abbreviated else "an abbreviation"
            raise GlossaryError(f"'{twin.text}' is already {kind} of this entry")
        _promote(concept, main, twin, text)
    elif main is None:
        kind = "abbreviation" if abbreviated else "fullForm"
        concept.terms.append(Term(_edit_lang(text, chinese, None), text, "preferred", kind))
    else:
        main.text, main.lang = text, _edit_lang(text, chinese, main.lang)


class Termbase:
    """Concept storage over a backend; every method takes the backend's lock."""

    def __init__(self, store: Backend):
        self.store = store
        self.history = History(store)

    # reading -------------------------------------------------------------------------

    def ids(self, limit: int = 200, offset: int = 0) -> list[int]:
        """Entry ids in the order the entries were added, a page at a time."""
        return [r[0] for r in self.store.rows(
            "SELECT id FROM concepts ORDER BY id LIMIT ? OFFSET ?", (limit, offset))]

    def get(self, concept_id: int) -> Concept:
        concepts = self.get_many([concept_id])
        if not concepts:
            raise NotFoundError(f"no entry with id {concept_id}")
        return concepts[0]

    def get_many(self, ids: list[int]) -> list[Concept]:
        """Concepts with their terms, in the order of `ids`; unknown ids are left out."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.store.query(f"SELECT * FROM concepts WHERE id IN ({marks})", tuple(ids))
        terms = self.store.query(
            f"SELECT id, concept_id, lang, text, status, type, pos, context, note FROM terms "
            f"WHERE concept_id IN ({marks}) ORDER BY concept_id, position, id",
            tuple(ids),
        )
        by_concept: dict[int, list[Term]] = {}
        for t in terms:
            cid = t.pop("concept_id")
            by_concept.setdefault(cid, []).append(Term(**t))
        found = {r["id"]: Concept(**r, terms=by_concept.get(r["id"], [])) for r in rows}
        return [found[i] for i in ids if i in found]

    # writing -------------------------------------------------------------------------

    def insert(self, concept: Concept | dict, terms: list[Term], *, log: bool = True) -> int:
        """Store a new concept; inside a transaction the caller may already hold."""
        fields = concept if isinstance(concept, dict) else asdict(concept)
        stamp = now()
        row = {k: fields.get(k) for k in CONCEPT_FIELDS}
        row.update(
            source=fields.get("source") or "user",
            created=fields.get("created") or stamp,
            changed=fields.get("changed") or stamp,
        )
        if fields.get("id"):
            row["id"] = fields["id"]
        with self.store.transaction():
            cid = self.store.insert("concepts", row)
            self.store.insert_all("terms", (term_row(cid, t, i) for i, t in enumerate(terms)))
            if log:
                self._log("add", cid, None, self.get(cid))
        return cid

    def add_terms(self, concept_id: int, terms: list[Term]) -> None:
        """Merge terms into an existing concept (used by imports)."""
        with self.store.transaction():
            start = self.store.scalar(
                "SELECT coalesce(max(position), -1) + 1 FROM terms WHERE concept_id = ?",
                (concept_id,))
            self.store.insert_all(
                "terms", (term_row(concept_id, t, start + i) for i, t in enumerate(terms)))
            self.store.update("concepts", concept_id, {"changed": now()})

    def replace(self, concept: Concept, *, log: bool = True) -> None:
        """Write a whole concept over the stored one: its fields and all its terms."""
        with self.store.transaction():
            before = self.get(concept.id)
            self.store.update(
                "concepts", concept.id,
                {**{k: getattr(concept, k) for k in CONCEPT_FIELDS}, "changed": now()},
            )
            self.store.execute("DELETE FROM terms WHERE concept_id = ?", (concept.id,))
            self.store.insert_all(
                "terms", (term_row(concept.id, t, i) for i, t in enumerate(concept.terms)))
            if log:
                self._log("edit", concept.id, before, self.get(concept.id))

    def locked(self, concept_id: int, expected: Concept | None = None) -> Concept:
        """The stored entry, its row locked for this transaction; refused (StaleError)
        when it is no longer what the caller loaded (`expected`). Call inside the write
        transaction, in place of reading the entry. The lock makes two concurrent
        changes of one entry on PostgreSQL queue up, the second reading what the first
        wrote: without `expected` it builds on that (no lost update), with it it is
        refused. The whole record is compared since `changed` has second precision."""
        self.store.lock_rows("concepts", [concept_id])
        current = self.get_many([concept_id])
        if expected is not None and not current:
            raise self.history.stale("entry", concept_id, None, deleted=True)
        if expected is not None and asdict(current[0]) != asdict(expected):
            raise self.history.stale("entry", concept_id, current[0].changed)
        return current[0] if current else self.get(concept_id)  # get: NotFoundError

    def edit(self, concept_id: int, *, expected: Concept | None = None,
             **changes: str | None) -> Concept:
        """Change an entry's fields; zh/en/abbr give its main terms new text, status/pos
        apply to those main terms. Other terms of the entry are left alone.

        Only the keys given change; an empty string clears an optional field
        (domain, definition, note, pos, abbr). Text an existing term of the entry
        already has promotes that term: an entry never holds the same term twice.
        `expected`, the entry as the caller showed it, makes the edit refuse (StaleError)
        when someone changed the entry since.
        """
        unknown = set(changes) - set(EDIT_FIELDS)
        if unknown:
            raise GlossaryError(f"cannot edit {', '.join(sorted(unknown))}")
        wanted = changes.get("status")
        status = check_status(wanted) if wanted else None
        with self.store.transaction():
            concept = self.locked(concept_id, expected)
            for key in CONCEPT_FIELDS:
                if changes.get(key) is not None:
                    setattr(concept, key, changes[key] or None)
            for side in ("zh", "en"):
                text = changes.get(side)
                if text is not None:
                    if not text.strip():
                        raise GlossaryError(f"the {side} term cannot be empty")
                    set_main_text(concept, text.strip(), abbreviated=False,
                                  chinese=side == "zh")
            abbr = changes.get("abbr")
            if abbr is not None:
                abbr = abbr.strip()
                set_main_text(concept, abbr, abbreviated=True, chinese=has_han(abbr))
            main = [concept.main_term(True), concept.main_term(False), concept.main_abbreviation]
            for term in main:
                if term is None:
                    continue
                if status:
                    term.status = status
                if changes.get("pos") is not None:
                    term.pos = changes["pos"] or None
            self.replace(concept)
            return self.get(concept_id)

    def delete(self, concept_id: int, *, log: bool = True,
               expected: Concept | None = None) -> Concept:
        """Delete an entry; with `expected`, only if it is still what the caller showed."""
        with self.store.transaction():
            before = self.locked(concept_id, expected)
            self.store.execute("DELETE FROM concepts WHERE id = ?", (concept_id,))
            if log:
                self._log("delete", concept_id, before, None)
        return before

    # change log ----------------------------------------------------------------------

    def _log(self, action: str, cid: int, before: Concept | None, after: Concept | None) -> None:
        shown = after or before
        what = f"{shown.zh} — {shown.en}" if shown is not None else ""
        self.history.record(action, "entry", cid, f"{action} entry #{cid} {what}".rstrip(),
                            [("entry", cid, before, after)])

    # term level and in bulk ------------------------------------------------------------

    def save(self, concept: Concept, *, expected: Concept | None = None) -> Concept:
        """Write an entry as the form left it, term by term (status, type, part of
        speech, note; terms added or removed), as one change; with `expected` (the
        entry as the form loaded it) refused when someone changed it since."""
        terms = [t for t in concept.terms if t.text.strip()]
        if not any(t.is_chinese for t in terms) and not any(not t.is_chinese for t in terms):
            raise GlossaryError("an entry needs at least one term")
        seen: set[tuple[bool, str]] = set()
        for term in terms:
            term.text = term.text.strip()
            check_status(term.status)
            if term.type not in TERM_TYPES:
                raise GlossaryError(f"'{term.type}' is not a term type "
                                    f"(one of {', '.join(TERM_TYPES)})")
            key = (term.is_chinese, search_key(term.text))
            if key in seen:
                raise GlossaryError(f"'{term.text}' is in the entry twice")
            seen.add(key)
        concept.terms = terms
        with self.store.transaction():
            self.locked(concept.id, expected)  # and still there
            self.replace(concept)
            return self.get(concept.id)

    def bulk_edit(self, ids: list[int], *, status: str | None = None,
                  domain: str | None = None) -> int:
        """Set the status of every term, and/or the domain ('' clears it), of many
        entries as one change; returns how many entries changed."""
        if status:
            check_status(status)
        rows = []
        with self.store.transaction():
            self.store.lock_rows("concepts", ids)
            for concept in self.get_many(sorted(set(ids))):
                before = self.get(concept.id)
                if status:
                    for term in concept.terms:
                        term.status = status
                if domain is not None:
                    concept.domain = domain or None
                if asdict(concept) == asdict(before):
                    continue
                self.replace(concept, log=False)
                rows.append(("entry", concept.id, before, self.get(concept.id)))
            if rows:
                what = ", ".join(f"{k} {v or '(none)'}" for k, v in
                                 (("status", status), ("domain", domain)) if v is not None)
                self.history.record("edit", "entry", None,
                                    f"set {what} on {len(rows)} entries", rows)
        return len(rows)

    def bulk_delete(self, ids: list[int]) -> int:
        """Delete many entries as one change (undo brings them all back)."""
        with self.store.transaction():
            self.store.lock_rows("concepts", ids)
            concepts = self.get_many(sorted(set(ids)))
            for concept in concepts:
                self.store.execute("DELETE FROM concepts WHERE id = ?", (concept.id,))
            if concepts:
                self.history.record("delete", "entry", None,
                                    f"delete {len(concepts)} entries",
                                    [("entry", c.id, c, None) for c in concepts])
        return len(concepts)
