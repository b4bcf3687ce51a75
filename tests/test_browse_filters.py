"""Browsing the glossary under a filter, on SQLite and PostgreSQL: every matching entry
is listed once, in order, page after page, forwards and back, with the same true total
on every page (the first page counts in its own query, later ones apart)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pg_support import db_url, pg_url  # noqa: F401 - fixtures

import glossary
from glossary.store.browse import EntryFilter

N = 1500


@pytest.fixture
def g(db_url, tmp_path: Path):  # noqa: F811 - the fixture of that name
    rows = ["zh,en,status"]
    for i in range(N):
        en = f"court fee {i}" if i % 3 else f"office {i}"
        rows.append(f"法院术语{i},{en},{'forbidden' if i % 500 == 7 else 'preferred'}")
    (tmp_path / "terms.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with glossary.open(db_url) as opened:
        opened.import_path(tmp_path / "terms.csv")
        yield opened


def every_page(g: glossary.Glossary, f: EntryFilter, **order) -> tuple[list[str], int]:
    seen: list[str] = []
    page = g.browse_entries(f, limit=50, **order)
    totals = {page.total}
    while True:
        seen += [c.en for c in page.rows]
        if page.at_end:
            break
        page = g.browse_entries(f, limit=50, after=page.end, **order)
        totals.add(page.total)
    assert len(totals) == 1  # the total does not change from page to page
    return seen, totals.pop()


@pytest.mark.parametrize("text, expected", [
    ("court", [f"court fee {i}" for i in range(N) if i % 3]),  # many
    ("OFFICE", [f"office {i}" for i in range(N) if i % 3 == 0]),  # few, any case
    ("nothing like it", []),
])
def test_a_text_filter_lists_every_match_once_in_order(g, text, expected):
    seen, total = every_page(g, EntryFilter(text=text))
    assert seen == expected and total == len(expected)
    back, _ = every_page(g, EntryFilter(text=text), descending=True)
    assert back == expected[::-1]


def test_a_status_filter_and_a_page_back(g):
    seen, total = every_page(g, EntryFilter(status="forbidden"))
    assert seen == [f"court fee {i}" if i % 3 else f"office {i}"
                    for i in range(N) if i % 500 == 7]
    assert total == 3
    first = g.browse_entries(EntryFilter(text="court"), limit=50)
    second = g.browse_entries(EntryFilter(text="court"), limit=50, after=first.end)
    again = g.browse_entries(EntryFilter(text="court"), limit=50, before=second.start)
    assert again.ids == first.ids and again.at_start
