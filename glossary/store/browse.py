"""Browsing the whole glossary or memory a page at a time: filters, sort, keyset paging.

The browse screens page through 150k entries or a million units, so a page is found
by where the last one ended (`WHERE (sort, id) > (last sort, last id)`, keyset
paging over an index) and never by OFFSET, which reads and throws away every row
before the page. bench/tui_bench.py times page and filter changes at 150k entries.
Filters are plain SQL conditions any backend runs; the text filter is a substring
of a term's text or search key (or a unit's side).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from glossary.errors import GlossaryError
from glossary.store.base import Backend
from glossary.text.normalize import search_key

PAGE = 50
DATE_END = "~"  # sorts after every character of an ISO date: '2026-12-06' <= '2026-12-06T…'

ENTRY_SORTS = {"id": "c.id", "domain": "coalesce(c.domain, '')", "source": "c.source",
               "created": "c.created", "changed": "c.changed"}
UNIT_SORTS = {"id": "u.id", "changed": "u.changed", "created": "u.created",
              "import": "coalesce(u.import_id, 0)"}


@dataclass
class EntryFilter:
    domain: str | None = None  # '' is "no domain"
    status: str | None = None  # an entry with a term of this status
    source: str | None = None  # 'user', 'cedict', or an imported file's name
    missing: str | None = None  # 'en' or 'zh': entries without a term in that language
    text: str | None = None
    changed_from: str | None = None  # ISO dates, inclusive
    changed_to: str | None = None
    created_from: str | None = None
    created_to: str | None = None


@dataclass
class UnitFilter:
    import_id: int | None = None
    source_lang: str | None = None  # a prefix: 'zh' matches zh-CN and zh-Hans
    target_lang: str | None = None
    text: str | None = None  # on either side, unless `side` says which
    side: str | None = None
    changed_from: str | None = None
    changed_to: str | None = None
    created_from: str | None = None  # a file's own creation dates (TMX creationdate)
    created_to: str | None = None
    ids: Sequence[int] | None = None  # only these (the units matching the search)


@dataclass
class Page:
    ids: list[int]
    total: int | None  # None: not counted (`count=False`); `Browser.count_*` gives it
    start: tuple[Any, int] | None  # (sort value, id) of the first row, for "previous"
    end: tuple[Any, int] | None  # of the last row, for "next"
    at_start: bool
    at_end: bool
    rows: list[Any] = field(default_factory=list)  # filled by the caller (records)


def _dates(where: list[str], params: list, column: str, start: str | None,
           end: str | None) -> None:
    if start:
        where.append(f"{column} >= ?")
        params.append(start)
    if end:
        where.append(f"{column} <= ?")
        params.append(end + DATE_END)


def entry_conditions(f: EntryFilter) -> tuple[list[str], list]:
    where: list[str] = []
    params: list = []
    if f.domain is not None:
        if f.domain:
            where.append("c.domain = ?")
            params.append(f.domain)
        else:
            where.append("c.domain IS NULL")
    if f.source:
        where.append("c.source = ?")
        params.append(f.source)
    if f.status:
        where.append("c.id IN (SELECT concept_id FROM terms WHERE status = ?)")
        params.append(f.status)
    if f.missing:
        if f.missing not in ("en", "zh"):
            raise GlossaryError(f"missing is en or zh, not {f.missing}")
        # one pass over the terms (the covering index on (lang, concept_id)), not a
        # probe per entry; LIKE already ignores ASCII case, and lower() cost a third more
        where.append("c.id NOT IN (SELECT concept_id FROM terms WHERE lang LIKE ?)")
        params.append(f"{f.missing}%")
    if f.text and f.text.strip():
        text = f.text.strip()
        key = search_key(text)
        if key == text:
            # a term holding the text has a search key holding it too (the key only
            # folds case, width and traditional forms, none of which `text` has), and
            # one LIKE per term instead of two halves the pass over 260k terms
            where.append("c.id IN (SELECT concept_id FROM terms WHERE key LIKE ?)")
            params.append(f"%{key}%")
        else:
            where.append("c.id IN (SELECT concept_id FROM terms WHERE text LIKE ? OR key LIKE ?)")
            params += [f"%{text}%", f"%{key}%"]
    _dates(where, params, "c.changed", f.changed_from, f.changed_to)
    _dates(where, params, "c.created", f.created_from, f.created_to)
    return where, params


def unit_conditions(f: UnitFilter) -> tuple[list[str], list]:
    where: list[str] = []
    params: list = []
    if f.import_id is not None:
        where.append("u.import_id = ?")
        params.append(f.import_id)
    for column, lang in (("u.source_lang", f.source_lang), ("u.target_lang", f.target_lang)):
        if lang:
            where.append(f"lower({column}) LIKE ?")
            params.append(lang.lower() + "%")
    if f.text and f.text.strip():
        sides = [f.side] if f.side in ("source", "target") else ["source", "target"]
        text = f.text.strip()
        where.append("(" + " OR ".join(f"u.{s} LIKE ?" for s in sides) + ")")
        params += [f"%{text}%"] * len(sides)
    _dates(where, params, "u.changed", f.changed_from, f.changed_to)
    _dates(where, params, "u.created", f.created_from, f.created_to)
    if f.ids is not None:
        ids = list(f.ids)
        where.append(f"u.id IN ({','.join('?' * len(ids))})" if ids else "1 = 0")
        params += ids
    return where, params


class Browser:
    """Pages of entry ids or unit ids under a filter and a sort order."""

    def __init__(self, store: Backend):
        self.store = store

    def entries(self, f: EntryFilter, sort: str = "id", descending: bool = False,
                after: tuple | None = None, before: tuple | None = None,
                limit: int = PAGE, count: bool = True) -> Page:
        if sort not in ENTRY_SORTS:
            raise GlossaryError(f"entries sort by {', '.join(ENTRY_SORTS)}, not {sort}")
        where, params = entry_conditions(f)
        return self._page("concepts c", "c.id", ENTRY_SORTS[sort], where, params,
                          descending, after, before, limit, count)

    def units(self, f: UnitFilter, sort: str = "id", descending: bool = False,
              after: tuple | None = None, before: tuple | None = None,
              limit: int = PAGE, count: bool = True) -> Page:
        if sort not in UNIT_SORTS:
            raise GlossaryError(f"units sort by {', '.join(UNIT_SORTS)}, not {sort}")
        where, params = unit_conditions(f)
        return self._page("tm_visible u", "u.id", UNIT_SORTS[sort], where, params,
                          descending, after, before, limit, count)

    def count_entries(self, f: EntryFilter) -> int:
        """How many entries the filter lets through: a full pass under a text or
        coverage filter (about 50 ms at 150k entries), so the screens ask for it
        after the page is on screen and keep it while paging."""
        return self._count("concepts c", *entry_conditions(f))

    def count_units(self, f: UnitFilter) -> int:
        return self._count("tm_visible u", *unit_conditions(f))

    def _count(self, table: str, where: list[str], params: list) -> int:
        cond = " AND ".join(where) or "1 = 1"
        return int(self.store.scalar(f"SELECT count(*) FROM {table} WHERE {cond}", params) or 0)

    def _page(self, table: str, id_col: str, key: str, where: list[str], params: list,
              descending: bool, after: tuple | None, before: tuple | None,
              limit: int, count: bool = True) -> Page:
        total = self._count(table, where, params) if count else None
        backwards = before is not None
        forward_op, order = (">", "ASC") if not descending else ("<", "DESC")
        if backwards:
            op = "<" if forward_op == ">" else ">"
            order = "DESC" if order == "ASC" else "ASC"
            mark: tuple | None = before
        else:
            op, mark = forward_op, after
        page_where, page_params = list(where), list(params)
        if mark is not None:
            page_where.append(f"({key}, {id_col}) {op} (?, ?)")
            page_params += [mark[0], mark[1]]
        sql = (f"SELECT {key}, {id_col} FROM {table} WHERE {' AND '.join(page_where) or '1 = 1'}"
               f" ORDER BY {key} {order}, {id_col} {order} LIMIT ?")
        rows = self.store.rows(sql, (*page_params, limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        if backwards:
            rows.reverse()
        at_start = (mark is None) if not backwards else not more
        at_end = not more if not backwards else False
        if backwards and not more and len(rows) < limit:
            return self._page(table, id_col, key, where, params, descending, None, None, limit,
                              count)
        return Page([r[1] for r in rows], total,
                    (rows[0][0], rows[0][1]) if rows else None,
                    (rows[-1][0], rows[-1][1]) if rows else None,
                    at_start, at_end)

    # the choices the filters offer -------------------------------------------------

    def domains(self) -> list[tuple[str, int]]:
        return [(r[0] or "", r[1]) for r in self.store.rows(
            "SELECT domain, count(*) FROM concepts GROUP BY domain ORDER BY domain")]

    def sources(self) -> list[tuple[str, int]]:
        return [(r[0], r[1]) for r in self.store.rows(
            "SELECT source, count(*) FROM concepts GROUP BY source ORDER BY source")]

    def imports(self) -> list[dict]:
        """Every import still in the database, newest first, with the units it holds."""
        return self.store.query(
            "SELECT i.id, i.path, i.format, i.kind, i.added, i.merged, i.at, "
            "(SELECT count(*) FROM tm_units u WHERE u.import_id = i.id) AS units "
            "FROM imports i WHERE i.ok = 1 ORDER BY i.id DESC")

    def unit_rows(self, ids: list[int]) -> list[dict]:
        """The units of a page, in the page's order."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.store.query(
            "SELECT u.id, u.source_lang, u.source, u.target_lang, u.target, u.context, "
            "u.origin, u.import_id, u.status, u.created, u.changed FROM tm_visible u "
            f"WHERE u.id IN ({marks})", ids)
        by_id = {r["id"]: r for r in rows}
        return [by_id[i] for i in ids if i in by_id]
