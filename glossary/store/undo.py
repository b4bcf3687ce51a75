"""Undoing a change from the history, and rolling back an import.

Undo puts every record the change touched back as it was before it (history.py keeps
the rows), in one transaction, and records the undo itself so the history tells the
whole story. It refuses, saying why, when a later change still in force touched the
same records. An import keeps no copy of what it added (a million units would double
the file); its units carry its id and its entries a contiguous id range, so undoing
it is a rollback, which does keep copies: a rollback can be undone in its turn.
"""

from __future__ import annotations

from glossary.errors import GlossaryError, NotFoundError
from glossary.models import Concept, Term
from glossary.store.base import Backend
from glossary.store.history import Change, History
from glossary.store.termbase import Termbase
from glossary.store.unit_edits import UnitEdits
from glossary.text.display import counted


def _concept(snapshot: dict) -> Concept:
    data = dict(snapshot)
    terms = [Term(**t) for t in data.pop("terms")]
    return Concept(**data, terms=terms)


class Undo:
    def __init__(self, store: Backend, termbase: Termbase, history: History,
                 units: UnitEdits):
        self.store, self.termbase, self.history, self.units = store, termbase, history, units

    def undo(self, change_id: int | None = None) -> dict | None:
        """Undo one change (the latest in force when no id is given); None when there is
        nothing to undo. Entries answer {"action", "id"}; other changes add kind and
        the change's summary."""
        with self.store.transaction():
            change = self.history.latest() if change_id is None else self.history.get(change_id)
            if change is None:
                return None
            reason = self.history.blocker(change)
            if reason is not None:
                raise GlossaryError(f"cannot undo change #{change.id} ({change.summary}): "
                                    f"{reason}")
            if change.action == "import":
                self.rollback(change.object_id or 0, undo_of=change.id)
            else:
                self._restore(change)
            if change.kind == "entry":
                return {"action": change.action, "id": change.object_id}
            return {"action": change.action, "id": change.object_id, "kind": change.kind,
                    "change": change.id, "summary": change.summary}

    def _restore(self, change: Change) -> None:
        rows = self.history.rows(change.id)
        if change.action == "rollback":  # the import's row first: its units point at it
            imported = (change.detail or {}).get("import")
            if imported:
                self.store.insert("imports", imported)
            original = self.history.import_change(change.object_id or 0)
            if original is not None:
                self.history.mark(original.id, False)
        for kind, oid, before, _after in reversed(rows):
            if kind == "entry":
                self._put_entry(oid, before)
            elif kind == "unit":
                self._put_unit(oid, before)
        self.history.mark(change.id, True)
        self.history.record("undo", change.kind, change.object_id,
                            f"undo #{change.id}: {change.summary}",
                            [(k, oid, after, before) for k, oid, before, after in rows],
                            undo_of=change.id)

    def _put_entry(self, concept_id: int, snapshot: dict | None) -> None:
        self.store.execute("DELETE FROM concepts WHERE id = ?", (concept_id,))
        if snapshot is not None:
            concept = _concept(snapshot)
            self.termbase.insert(concept, concept.terms, log=False)

    def _put_unit(self, unit_id: int, row: dict | None) -> None:
        self.store.execute("DELETE FROM tm_units WHERE id = ?", (unit_id,))
        if row is None:
            return
        twin = self.store.scalar("SELECT id FROM tm_units WHERE fingerprint = ?",
                                 (row["fingerprint"],))
        if twin is not None:
            raise GlossaryError(f"TM unit #{unit_id} cannot come back: #{twin} holds the "
                                "same source and target now; delete it first")
        if row.get("import_id") is not None and not self.store.scalar(
                "SELECT 1 FROM imports WHERE id = ?", (row["import_id"],)):
            row = {**row, "import_id": None}
        self.store.insert("tm_units", row)

    # imports ---------------------------------------------------------------------------

    def rollback(self, import_id: int, undo_of: int | None = None) -> dict:
        """Delete everything one import added: its TM units, the entries it created and
        the terms it merged into older entries; the file can then be imported again.
        One change in the history, which undo reverses."""
        with self.store.transaction():
            found = self.store.query("SELECT * FROM imports WHERE id = ?", (import_id,))
            if not found:
                raise NotFoundError(f"no import #{import_id} (rolled back already?)")
            imported = found[0]
            change = self.history.import_change(import_id)
            detail = (change.detail if change is not None else None) or {}
            rows: list = []
            units = self.units.snapshot([r[0] for r in self.store.rows(
                "SELECT id FROM tm_units WHERE import_id = ?", (import_id,))])
            rows += [("unit", u["id"], u, None) for u in units]
            self.store.execute("DELETE FROM tm_units WHERE import_id = ?", (import_id,))
            rows += self._entries_of(detail)
            self.store.execute("DELETE FROM imports WHERE id = ?", (import_id,))
            name = imported["path"].replace("\\", "/").rsplit("/", 1)[-1]
            counts = (counted(len(units), "TM unit") if imported["kind"] == "tm"
                      else counted(sum(1 for r in rows if r[0] == "entry"), "entry", "entries"))
            summary = f"roll back import #{import_id} of {name}: {counts} removed"
            change_id = self.history.record("rollback", "import", import_id, summary, rows,
                                            {"import": imported}, undo_of=undo_of)
            if change is not None:
                self.history.mark(change.id, True)
            return {"action": "rollback", "id": import_id, "kind": "import",
                    "change": change_id, "summary": summary, "units": len(units)}

    def _entries_of(self, detail: dict) -> list:
        """Delete the entries an import created (its id range) and the terms it merged
        into older ones; the rows to put them back."""
        first, last = detail.get("first_entry"), detail.get("last_entry")
        t_first, t_last = detail.get("first_term"), detail.get("last_term")
        rows: list = []
        if first is not None and last is not None and first <= last:
            ids = [r[0] for r in self.store.rows(
                "SELECT id FROM concepts WHERE id BETWEEN ? AND ? ORDER BY id", (first, last))]
            for concept in self.termbase.get_many(ids):
                rows.append(("entry", concept.id, concept, None))
            self.store.execute("DELETE FROM concepts WHERE id BETWEEN ? AND ?", (first, last))
        if t_first is not None and t_last is not None and t_first <= t_last:
            older = [r[0] for r in self.store.rows(
                "SELECT DISTINCT concept_id FROM terms WHERE id BETWEEN ? AND ?",
                (t_first, t_last))]
            for concept in self.termbase.get_many(older):
                self.store.execute(
                    "DELETE FROM terms WHERE concept_id = ? AND id BETWEEN ? AND ?",
                    (concept.id, t_first, t_last))
                rows.append(("entry", concept.id, concept, self.termbase.get(concept.id)))
        return rows
