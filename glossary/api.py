"""The one object callers use: `glossary.open(path)` returns a Glossary.

The CLI and the TUI are thin layers over this class; neither holds SQL. Each
method is safe to call from a worker thread (the store serialises access).
"""

from __future__ import annotations

from pathlib import Path

from .database import Store
from .errors import GlossaryError
from .importer import Importer
from .lookup import Lookup
from .memory import Memory
from .models import Concept, ImportReport, LookupHit, Term, TMUnit
from .termbase import CONCEPT_FIELDS, Termbase, check_status, make_terms


class Glossary:
    def __init__(self, path: str | Path):
        self.store = Store(path)
        self.path = self.store.path
        self.termbase = Termbase(self.store)
        self.memory = Memory(self.store)
        self._lookup = Lookup(self.store, self.termbase)
        self._importer = Importer(self.store, self.termbase, self.memory)

    @property
    def is_new(self) -> bool:
        """True when this open created the database file (the first run)."""
        return self.store.created

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Glossary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # entries -------------------------------------------------------------------------

    def add_entry(
        self,
        zh: str,
        en: str,
        *,
        domain: str | None = None,
        pos: str | None = None,
        status: str = "preferred",
        abbr: str | None = None,
        definition: str | None = None,
        note: str | None = None,
    ) -> Concept:
        terms = make_terms(zh, en, status=check_status(status), pos=pos, abbr=abbr)
        cid = self.termbase.insert(
            {"domain": domain, "definition": definition, "note": note}, terms
        )
        return self.termbase.get(cid)

    def entries(self, limit: int = 200, offset: int = 0) -> list[Concept]:
        """Entries in the order they were added, for browsing with an empty query."""
        ids = [r["id"] for r in self.store.query(
            "SELECT id FROM concepts ORDER BY id LIMIT ? OFFSET ?", (limit, offset))]
        return self.termbase.get_many(ids)

    def get_entry(self, concept_id: int) -> Concept:
        return self.termbase.get(concept_id)

    def edit_entry(self, concept_id: int, **changes: str | None) -> Concept:
        """Change an entry's fields; zh/en/abbr replace the main terms, status/pos apply to them.

        Only the keys given change; an empty string clears an optional field
        (domain, definition, note, pos, abbr).
        """
        unknown = set(changes) - {*CONCEPT_FIELDS, "zh", "en", "abbr", "status", "pos"}
        if unknown:
            raise GlossaryError(f"cannot edit {', '.join(sorted(unknown))}")
        concept = self.termbase.get(concept_id)
        for key in CONCEPT_FIELDS:
            if changes.get(key) is not None:
                setattr(concept, key, changes[key] or None)
        for side in ("zh", "en"):
            text = changes.get(side)
            if text is not None:
                if not text.strip():
                    raise GlossaryError(f"the {side} term cannot be empty")
                term = self._main_term(concept, side)
                term.text = text.strip()
                if side == "zh":
                    fresh = make_terms(text, "x")[0]
                    term.lang = fresh.lang if term.lang.startswith("zh-Han") else term.lang
        if changes.get("abbr") is not None:
            concept.terms = [t for t in concept.terms if t.type != "abbreviation"]
            if changes["abbr"].strip():
                concept.terms += make_terms("x", "x", abbr=changes["abbr"])[2:]
        main = [self._main_term(concept, s) for s in ("zh", "en")] + concept.abbreviations
        for term in main:
            if changes.get("status"):
                term.status = check_status(changes["status"])
            if changes.get("pos") is not None:
                term.pos = changes["pos"] or None
        self.termbase.replace(concept)
        return self.termbase.get(concept_id)

    @staticmethod
    def _main_term(concept: Concept, side: str) -> Term:
        chinese = side == "zh"
        for term in concept.terms:
            if term.is_chinese == chinese and term.type == "fullForm":
                return term
        term = make_terms("中", "x")[0 if chinese else 1]
        concept.terms.append(term)
        return term

    def delete_entry(self, concept_id: int) -> Concept:
        return self.termbase.delete(concept_id)

    def undo(self) -> dict | None:
        return self.termbase.undo()

    # translation memory --------------------------------------------------------------

    def add_tm_unit(
        self, source: str, target: str, source_lang: str, target_lang: str, **extra: str
    ) -> TMUnit:
        return self.memory.add(source, target, source_lang, target_lang, **extra)

    # search --------------------------------------------------------------------------

    def lookup(self, query: str, limit: int = 20) -> list[LookupHit]:
        return self._lookup.lookup(query, limit)

    # imports -------------------------------------------------------------------------

    def import_path(self, path: str | Path) -> ImportReport:
        return self._importer.import_path(path)

    def import_inbox(self, folder: str | Path) -> list[ImportReport]:
        return self._importer.import_inbox(folder)

    # figures -------------------------------------------------------------------------

    def stats(self) -> dict:
        row = self.store.query(
            "SELECT (SELECT count(*) FROM concepts) AS concepts, "
            "(SELECT count(*) FROM terms) AS terms, "
            "(SELECT count(*) FROM tm_units) AS tm_units, "
            "(SELECT count(*) FROM imports WHERE ok = 1) AS imports"
        )[0]
        row["database"] = str(self.path)
        return row
