"""The change history: who changed what and when, with enough to undo it.

One row in `history` per change the user makes (an entry added, edited or deleted, a
TM unit added, edited or deleted, an import, a find-and-replace, a rollback), and one
row in `history_rows` per record it touched, holding that record before and after as
JSON. A bulk change (500 units replaced) is one change with 500 rows, so it is shown
and undone as one step.

A change can be undone while no later change still in force touched one of its
records: undoing it then cannot throw away work done after it. `blocker` says which
later change stands in the way. Applying an undo is in undo.py, which needs the
termbase to put entries back; this module only records and reads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from glossary.errors import NotFoundError, StaleError
from glossary.models import now
from glossary.store.base import Backend

ACTIONS = ("add", "edit", "delete", "import", "replace", "rollback", "undo")
KINDS = ("entry", "unit", "import", "memory")
Row = tuple[str, int, Any, Any]  # (kind, object id, before, after); None for absent


def author(store: Backend) -> str:
    """The name history records: GLOSSARY_USER if set, else the backend's user (the
    OS user on SQLite, the login role on PostgreSQL, so a team's changes carry the
    names the server knows them by)."""
    return os.environ.get("GLOSSARY_USER", "").strip() or store.user()


def dump(record: Any) -> str | None:
    """A record as stored JSON: dataclasses by their fields, dicts as they are."""
    if record is None:
        return None
    if hasattr(record, "__dataclass_fields__"):
        record = asdict(record)
    return json.dumps(record, ensure_ascii=False)


@dataclass
class Change:
    id: int
    at: str
    author: str
    action: str
    kind: str
    object_id: int | None
    summary: str
    undone: bool
    undo_of: int | None = None
    detail: dict | None = None
    records: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


_COLUMNS = ("h.id, h.at, h.author, h.action, h.kind, h.object_id, h.summary, h.undone, "
            "h.undo_of, h.detail, (SELECT count(*) FROM history_rows r WHERE r.change_id = h.id)")


def _change(row: tuple) -> Change:
    cid, at, who, action, kind, oid, summary, undone, undo_of, detail, records = row
    return Change(cid, at, who, action, kind, oid, summary, bool(undone), undo_of,
                  json.loads(detail) if detail else None, records)


class History:
    """Records changes inside the caller's transaction, and reads them back."""

    def __init__(self, store: Backend):
        self.store = store

    def record(self, action: str, kind: str, object_id: int | None, summary: str,
               rows: Iterable[Row] = (), detail: dict | None = None,
               undo_of: int | None = None) -> int:
        """One change and the records it touched; call it inside the change's transaction
        so the change and its history commit or roll back together."""
        with self.store.transaction():
            change_id = self.store.insert("history", {
                "at": now(), "author": author(self.store), "action": action, "kind": kind,
                "object_id": object_id, "summary": summary,
                "detail": json.dumps(detail, ensure_ascii=False) if detail else None,
                "undo_of": undo_of,
            })
            self.store.insert_all("history_rows", (
                {"change_id": change_id, "kind": k, "object_id": oid,
                 "before": dump(before), "after": dump(after)}
                for k, oid, before, after in rows))
        return change_id

    # reading ---------------------------------------------------------------------------

    def last_touch(self, kind: str, object_id: int) -> tuple[str, str] | None:
        """(author, at) of the newest change that touched that record, to tell a user
        whose save was refused who changed it and when."""
        row = self.store.one(
            "SELECT h.author, h.at FROM history h JOIN history_rows r ON r.change_id = h.id "
            "WHERE r.kind = ? AND r.object_id = ? ORDER BY h.id DESC LIMIT 1",
            (kind, object_id))
        return (row[0], row[1]) if row else None

    def stale(self, kind: str, object_id: int, changed: str | None,
              deleted: bool = False) -> StaleError:
        """The refusal of a save over a record changed since the caller loaded it,
        naming who changed it and when (from the history, else the record's own
        `changed` stamp), e.g. "entry #12 was changed by alice at 2026-12-06 16:20"."""
        noun = "TM unit" if kind == "unit" else kind
        touch = self.last_touch(kind, object_id)
        who, at = touch if touch else (None, changed)
        stamp = (at or "").replace("T", " ")[:16]
        verb = "deleted" if deleted else "changed"
        by = f" by {who}" if who else ""
        when = f" at {stamp}" if stamp else ""
        return StaleError(f"{noun} #{object_id} was {verb}{by}{when} since you opened it; "
                          "reload to see it")

    def changes(self, limit: int = 200, *, action: str | None = None,
                kind: str | None = None, text: str | None = None,
                author_name: str | None = None, before_id: int | None = None,
                object_id: int | None = None) -> list[Change]:
        """Newest first; each filter narrows (text: in the summary or the author)."""
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        for column, value in (("h.action", action), ("h.kind", kind),
                              ("h.author", author_name)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if text:
            where.append("(h.summary LIKE ? OR h.author LIKE ?)")
            params += [f"%{text}%", f"%{text}%"]
        if before_id is not None:
            where.append("h.id < ?")
            params.append(before_id)
        if object_id is not None:
            where.append("(h.object_id = ? OR EXISTS (SELECT 1 FROM history_rows r "
                         "WHERE r.change_id = h.id AND r.object_id = ?))")
            params += [object_id, object_id]
        sql = (f"SELECT {_COLUMNS} FROM history h WHERE {' AND '.join(where)} "
               f"ORDER BY h.id DESC LIMIT ?")
        return [_change(r) for r in self.store.rows(sql, (*params, limit))]

    def get(self, change_id: int) -> Change:
        found = self.store.rows(f"SELECT {_COLUMNS} FROM history h WHERE h.id = ?",
                                (change_id,))
        if not found:
            raise NotFoundError(f"no change #{change_id} in the history")
        return _change(found[0])

    def rows(self, change_id: int) -> list[tuple[str, int, dict | None, dict | None]]:
        """The records a change touched, before and after, in the order it touched them."""
        return [(k, oid, json.loads(b) if b else None, json.loads(a) if a else None)
                for k, oid, b, a in self.store.rows(
                    "SELECT kind, object_id, before, after FROM history_rows "
                    "WHERE change_id = ? ORDER BY rowid", (change_id,))]

    def latest(self) -> Change | None:
        """The newest change still in force (undo's default)."""
        found = self.store.rows(
            f"SELECT {_COLUMNS} FROM history h WHERE h.undone = 0 AND h.action != 'undo' "
            "ORDER BY h.id DESC LIMIT 1")
        return _change(found[0]) if found else None

    def blocker(self, change: Change) -> str | None:
        """Why the change cannot be undone, or None when it can."""
        if change.action == "undo":
            return "an undo cannot itself be undone; make the change again instead"
        if change.undone:
            return f"change #{change.id} is already undone"
        later = self._later_on_records(change)
        if later is None and change.action == "import":
            later = self._later_on_import(change)
        if later is None:
            return None
        return (f"change #{later[0]} ({later[1]}, {later[2]}) changed the same records "
                "later; undo it first")

    def _later_on_records(self, change: Change) -> tuple | None:
        return self.store.one(
            "SELECT h.id, h.summary, h.at FROM history_rows mine "
            "JOIN history_rows r ON r.kind = mine.kind AND r.object_id = mine.object_id "
            "JOIN history h ON h.id = r.change_id "
            "WHERE mine.change_id = ? AND h.id > ? AND h.undone = 0 AND h.action != 'undo' "
            "ORDER BY h.id LIMIT 1", (change.id, change.id))

    def _later_on_import(self, change: Change) -> tuple | None:
        """A later change to one of the units or entries an import added."""
        detail = change.detail or {}
        found = self.store.one(
            "SELECT h.id, h.summary, h.at FROM history h "
            "WHERE h.id > ? AND h.undone = 0 AND h.action != 'undo' AND ("
            " (h.kind = 'import' AND h.object_id = ?) OR EXISTS ("
            "  SELECT 1 FROM history_rows r JOIN tm_units u ON u.id = r.object_id "
            "  WHERE r.change_id = h.id AND r.kind = 'unit' AND u.import_id = ?) OR EXISTS ("
            "  SELECT 1 FROM history_rows r WHERE r.change_id = h.id AND r.kind = 'entry' "
            "  AND r.object_id BETWEEN ? AND ?)) ORDER BY h.id LIMIT 1",
            (change.id, change.object_id, change.object_id,
             detail.get("first_entry", 0), detail.get("last_entry", -1)))
        return found

    def mark(self, change_id: int, undone: bool) -> None:
        self.store.execute("UPDATE history SET undone = ? WHERE id = ?",
                           (int(undone), change_id))

    def import_change(self, import_id: int) -> Change | None:
        """The change that recorded an import, still in force."""
        found = self.store.rows(
            f"SELECT {_COLUMNS} FROM history h WHERE h.action = 'import' AND h.kind = 'import' "
            "AND h.object_id = ? ORDER BY h.id DESC LIMIT 1", (import_id,))
        return _change(found[0]) if found else None
