"""Translation-memory units: storing them, once each.

A unit is identified by its fingerprint, a 64-bit hash of both sides, their
languages and the context, so the same unit imported twice (from two files, or a
TMX exported and read back) is stored once. A unit with the same source and a
different target is a different unit and is kept beside the old one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from glossary.errors import GlossaryError
from glossary.models import TMUnit, now
from glossary.store.base import Backend
from glossary.text.normalize import search_key


def fingerprint(source_lang: str, source: str, target_lang: str, target: str, context: str) -> int:
    raw = "\x1f".join((source_lang.lower(), source, target_lang.lower(), target, context))
    return int.from_bytes(hashlib.blake2b(raw.encode(), digest_size=8).digest(), "big", signed=True)


def unit_row(unit: dict, import_id: int | None = None) -> dict:
    """The stored row of a unit: text untouched, keys beside it, dates defaulted."""
    for side in ("source", "target"):
        if not (unit.get(side) or "").strip():
            raise GlossaryError(f"the {side} text is empty")
        if not (unit.get(f"{side}_lang") or "").strip():
            raise GlossaryError(f"the {side} language is missing")
    stamp = now()
    context = unit.get("context") or ""
    return {
        "source_lang": unit["source_lang"],
        "source": unit["source"],
        "target_lang": unit["target_lang"],
        "target": unit["target"],
        "source_key": search_key(unit["source"]),
        "target_key": search_key(unit["target"]),
        "context": context,
        "origin": unit.get("origin"),
        "import_id": import_id,
        "status": unit.get("status") or "translated",
        "created": unit.get("created") or stamp,
        "changed": unit.get("changed") or unit.get("created") or stamp,
        "fingerprint": fingerprint(
            unit["source_lang"], unit["source"], unit["target_lang"], unit["target"], context
        ),
    }


class Memory:
    def __init__(self, store: Backend):
        self.store = store

    def add_rows(self, rows: Iterable[dict]) -> tuple[int, int]:
        """Insert unit rows, skipping ones already stored; returns (added, skipped)."""
        added = skipped = 0
        with self.store.transaction():
            sql = (
                "INSERT OR IGNORE INTO tm_units (source_lang, source, target_lang, target, "
                "source_key, target_key, context, origin, import_id, status, created, changed, "
                "fingerprint) VALUES (:source_lang, :source, :target_lang, :target, :source_key, "
                ":target_key, :context, :origin, :import_id, :status, :created, :changed, "
                ":fingerprint)"
            )
            for row in rows:
                if self.store.execute(sql, row):
                    added += 1
                else:
                    skipped += 1
        return added, skipped

    def add(self, source: str, target: str, source_lang: str, target_lang: str, **extra) -> TMUnit:
        row = unit_row(
            {"source": source, "target": target, "source_lang": source_lang,
             "target_lang": target_lang, **extra}
        )
        with self.store.transaction():
            self.add_rows([row])
            self.claim(row["fingerprint"])
        return self.get_by_fingerprint(row["fingerprint"])

    def claim(self, fp: int) -> None:
        """The same unit waiting in an import not yet done: the user's add makes it
        theirs, so it shows now and stays if that import is cancelled or fails."""
        self.store.execute(
            "UPDATE tm_units SET import_id = NULL WHERE fingerprint = ? AND import_id IN "
            "(SELECT id FROM imports WHERE ok = 0)", (fp,))

    def get_by_fingerprint(self, fp: int) -> TMUnit:
        rows = self.store.query(
            "SELECT id, source_lang, source, target_lang, target, context, origin, status, "
            "created, changed FROM tm_units WHERE fingerprint = ?",
            (fp,),
        )
        return TMUnit(**rows[0])

    def count(self) -> int:
        return self.store.query("SELECT count(*) AS n FROM tm_visible")[0]["n"]
