"""Looking after the memory by hand: edit a unit, delete units, find and replace, and
roll back an import, each one change in the history (history.py) so it can be undone.

A unit's fingerprint covers both sides, so an edit that would make it the twin of
another unit is refused (or, in a bulk replace, skipped and counted) rather than
storing the same unit twice. Edited text loses its inline-tag markup, which no longer
matches it; the history keeps the row as it was, markup included.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from glossary.errors import GlossaryError, NotFoundError
from glossary.models import TMUnit, now
from glossary.store.base import Backend
from glossary.store.history import History
from glossary.store.memory import Memory, fingerprint, unit_row
from glossary.text.display import counted
from glossary.text.normalize import search_key

SIDES = ("source", "target")
PREVIEW_LISTED = 5000  # changes a preview lists; its counts are always complete


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


@dataclass
class Replacement:
    unit_id: int
    side: str
    old: str
    new: str
    count: int  # occurrences in this unit


@dataclass
class ReplacePlan:
    """What a find-and-replace would do, computed before anything is written."""

    find: str
    replace: str
    side: str
    regex: bool
    changes: list[Replacement] = field(default_factory=list)
    units: int = 0
    occurrences: int = 0

    def summary(self) -> str:
        how = "regex" if self.regex else "text"
        return (f"replace {how} “{_short(self.find, 30)}” → “{_short(self.replace, 30)}” "
                f"in {self.side}: {counted(self.occurrences, 'occurrence')} in "
                f"{counted(self.units, 'unit')}")


def compile_pattern(find: str, regex: bool, ignore_case: bool) -> re.Pattern[str]:
    if not find:
        raise GlossaryError("give the text to find")
    try:
        return re.compile(find if regex else re.escape(find), re.IGNORECASE if ignore_case else 0)
    except re.error as exc:
        raise GlossaryError(f"not a valid regular expression: {exc}") from exc


class UnitEdits:
    """Hand edits of TM units, recorded in the history."""

    def __init__(self, store: Backend, history: History):
        self.store = store
        self.history = history

    def snapshot(self, ids: list[int]) -> list[dict]:
        """Whole stored rows (every column, whatever later versions add), in id order."""
        out: list[dict] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out += self.store.query(f"SELECT * FROM tm_units WHERE id IN ({marks})", chunk)
        return sorted(out, key=lambda r: r["id"])

    def unit(self, unit_id: int) -> dict:
        found = self.snapshot([unit_id])
        if not found:
            raise NotFoundError(f"no TM unit with id {unit_id}")
        return found[0]

    def _with_text(self, row: dict, side: str, text: str) -> dict:
        """The row with one side's text changed: its key, fingerprint and date follow."""
        new = dict(row)
        new[side], new[f"{side}_key"] = text, search_key(text)
        if f"{side}_markup" in new:
            new[f"{side}_markup"] = None
        new["fingerprint"] = fingerprint(new["source_lang"], new["source"], new["target_lang"],
                                         new["target"], new["context"] or "")
        new["changed"] = now()
        return new

    def _twin(self, row: dict) -> int | None:
        return self.store.scalar("SELECT id FROM tm_units WHERE fingerprint = ? AND id != ?",
                                 (row["fingerprint"], row["id"]))

    def _write(self, row: dict) -> None:
        self.store.execute(
            "UPDATE tm_units SET source = ?, source_key = ?, target = ?, target_key = ?, "
            "fingerprint = ?, changed = ? WHERE id = ?",
            (row["source"], row["source_key"], row["target"], row["target_key"],
             row["fingerprint"], row["changed"], row["id"]))
        for side in SIDES:
            if f"{side}_markup" in row and row[f"{side}_markup"] is None:
                self.store.execute(f"UPDATE tm_units SET {side}_markup = NULL WHERE id = ?",
                                   (row["id"],))

    # one unit ------------------------------------------------------------------------

    def add(self, source: str, target: str, source_lang: str, target_lang: str,
            **extra: str) -> TMUnit:
        """Add a unit by hand; one already stored is returned as it is, unrecorded."""
        memory = Memory(self.store)
        row = unit_row({"source": source, "target": target, "source_lang": source_lang,
                        "target_lang": target_lang, **extra})
        with self.store.transaction():
            added, _ = memory.add_rows([row])
            memory.claim(row["fingerprint"])
            unit = memory.get_by_fingerprint(row["fingerprint"])
            if added:
                self.history.record("add", "unit", unit.id,
                                    f"add TM unit #{unit.id} “{_short(source)}”",
                                    [("unit", unit.id, None, self.unit(unit.id))])
            return unit

    def locked(self, unit_id: int, expected: dict | None = None) -> dict:
        """The stored unit, its row locked for this transaction; refused (StaleError)
        when it differs from what the caller showed (`expected`) in any field it holds
        (a browse row holds fewer columns than the table), as Termbase.locked explains."""
        self.store.lock_rows("tm_units", [unit_id])
        found = self.snapshot([unit_id])
        if expected is not None and not found:
            raise self.history.stale("unit", unit_id, None, deleted=True)
        if expected is not None and any(found[0][k] != v for k, v in expected.items()
                                        if k in found[0]):
            raise self.history.stale("unit", unit_id, found[0]["changed"])
        return found[0] if found else self.unit(unit_id)  # unit: NotFoundError

    def edit(self, unit_id: int, *, target: str | None = None,
             source: str | None = None, expected: dict | None = None) -> dict:
        """Give a unit new text on either side; returns the stored row. With `expected`
        (the unit as the caller showed it) refused when someone changed it since."""
        with self.store.transaction():
            before = self.locked(unit_id, expected)
            after = before
            for side, text in (("source", source), ("target", target)):
                if text is None or text == after[side]:
                    continue
                if not text.strip():
                    raise GlossaryError(f"the {side} text cannot be empty")
                after = self._with_text(after, side, text)
            if after is before:
                return before
            twin = self._twin(after)
            if twin is not None:
                raise GlossaryError(f"TM unit #{twin} already holds this source and target")
            self._write(after)
            self.history.record(
                "edit", "unit", unit_id,
                f"edit TM unit #{unit_id}: “{_short(before['target'])}” → "
                f"“{_short(after['target'])}”", [("unit", unit_id, before, after)])
            return self.unit(unit_id)

    def delete(self, ids: list[int]) -> int:
        """Delete units (one change however many); returns how many there were."""
        with self.store.transaction():
            self.store.lock_rows("tm_units", ids)
            rows = self.snapshot(sorted(set(ids)))
            if not rows:
                return 0
            for i in range(0, len(rows), 500):
                chunk = [r["id"] for r in rows[i:i + 500]]
                self.store.execute(
                    f"DELETE FROM tm_units WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            what = (f"TM unit #{rows[0]['id']} “{_short(rows[0]['source'])}”" if len(rows) == 1
                    else f"{len(rows)} TM units")
            self.history.record("delete", "unit", rows[0]["id"] if len(rows) == 1 else None,
                                f"delete {what}", [("unit", r["id"], r, None) for r in rows])
            return len(rows)

    # find and replace ----------------------------------------------------------------

    def plan(self, find: str, replace: str, *, side: str = "target", regex: bool = False,
             ignore_case: bool = False, ids: list[int] | None = None,
             cancel: Callable[[], bool] | None = None) -> ReplacePlan:
        """Every change a replace would make, with counts; nothing is written. `ids`
        limits it to some units (a browse filter's); a regex's `\\1` groups work."""
        if side not in SIDES:
            raise GlossaryError(f"side is source or target, not {side}")
        pattern = compile_pattern(find, regex, ignore_case)
        plan = ReplacePlan(find, replace, side, regex)
        where, params = "", []
        if not regex and not ignore_case:
            where, params = f"WHERE instr({side}, ?) > 0", [find]
        for batch in self._scan(side, where, params, ids):
            if cancel is not None and cancel():
                raise GlossaryError("find and replace cancelled; nothing was changed")
            for unit_id, text in batch:
                try:
                    new, count = pattern.subn(replace if regex else lambda _: replace, text)
                except (re.error, IndexError) as exc:
                    raise GlossaryError(f"the replacement does not fit the pattern: {exc}"
                                        ) from exc
                if count and new != text:
                    plan.units += 1
                    plan.occurrences += count
                    if len(plan.changes) < PREVIEW_LISTED:
                        plan.changes.append(Replacement(unit_id, side, text, new, count))
        return plan

    def _scan(self, side: str, where: str, params: list, ids: list[int] | None):
        if ids is None:
            last = 0
            while True:
                cond = f"{where} AND id > ?" if where else "WHERE id > ?"
                rows = self.store.rows(f"SELECT id, {side} FROM tm_visible {cond} "
                                       "ORDER BY id LIMIT 5000", (*params, last))
                if not rows:
                    return
                yield rows
                last = rows[-1][0]
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            cond = f"{where} AND" if where else "WHERE"
            yield self.store.rows(
                f"SELECT id, {side} FROM tm_visible {cond} id IN ({','.join('?' * len(chunk))})",
                (*params, *chunk))

    def apply(self, plan: ReplacePlan) -> tuple[int, list[str]]:
        """Write a plan as one change; a unit changed since the preview, or one the
        replace would make a twin of another, is skipped and said why. Returns
        (units changed, what was skipped)."""
        if plan.units > len(plan.changes):
            raise GlossaryError(f"the replace touches {plan.units} units, more than "
                                f"{PREVIEW_LISTED} at once; narrow it with a filter")
        skipped: list[str] = []
        rows = []
        with self.store.transaction():
            self.store.lock_rows("tm_units", [c.unit_id for c in plan.changes])
            current = {r["id"]: r for r in self.snapshot([c.unit_id for c in plan.changes])}
            for change in plan.changes:
                before = current.get(change.unit_id)
                if before is None or before[change.side] != change.old:
                    skipped.append(f"#{change.unit_id}: changed or deleted since the preview")
                    continue
                after = self._with_text(before, change.side, change.new)
                twin = self._twin(after)
                if twin is not None:
                    skipped.append(f"#{change.unit_id}: would be the same as #{twin}")
                    continue
                self._write(after)
                rows.append(("unit", change.unit_id, before, after))
            if rows:
                self.history.record("replace", "memory", None, plan.summary(), rows,
                                    {"find": plan.find, "replace": plan.replace,
                                     "side": plan.side, "regex": plan.regex})
        return len(rows), skipped
