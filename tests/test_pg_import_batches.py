"""An import into PostgreSQL lets the server insert one batch while the next is built
(store/postgres_pending.py). What a user must still get: every unit once, the report's
counts true across batches (duplicates in a later batch of units stored by an earlier
one), and a batch the server refuses failing the whole import with nothing stored."""

from __future__ import annotations

import pytest
from pg_support import pg_url  # noqa: F401 - fixture
from tm_files import write_tmx

import glossary
from glossary.errors import GlossaryError
from glossary.store.loaders import UnitLoader


def pairs(count: int, offset: int = 0) -> list[tuple[str, str]]:
    return [(f"第{n}条 专利申请", f"patent application, article {n}")
            for n in range(offset, offset + count)]


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 300 (still sent by COPY), so a test file of 1,000 units spans four."""
    original = UnitLoader.__init__

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["batch"] = 300
        original(self, *args, **kwargs)

    monkeypatch.setattr(UnitLoader, "__init__", init)


def test_counts_stay_true_across_batches(pg_url, tmp_path, small_batches):  # noqa: F811
    # 1,000 units: the last 200 repeat units of the first batch, so they are skipped
    # in a later batch than the one that stored them
    path = write_tmx(tmp_path / "a.tmx", pairs(800) + pairs(200))
    with glossary.open(pg_url) as g:
        report = g.import_path(path)
        assert (report.added, report.skipped) == (800, 200)
        assert g.store.scalar("SELECT count(*) FROM tm_units") == 800
        ids = [r[0] for r in g.store.rows("SELECT id FROM tm_units ORDER BY id")]
        sources = [r[0] for r in g.store.rows("SELECT source FROM tm_units ORDER BY id")]
        assert sources == [zh for zh, _ in pairs(800)]  # in the file's order
        assert ids == sorted(set(ids))
        found = g.tm_search("第799条 专利申请", min_score=100)
        assert [m.target for m in found] == ["patent application, article 799"]


def test_a_batch_the_server_refuses_fails_the_import_and_stores_nothing(
        pg_url, tmp_path, small_batches):  # noqa: F811
    with glossary.open(pg_url) as g:
        g.add_tm_unit("已有", "already there", "zh-CN", "en")
        # a rule of this server that the third batch breaks
        g.store.execute("ALTER TABLE tm_units ADD CONSTRAINT no_article_700 "
                        "CHECK (source <> '第700条 专利申请')")
        path = write_tmx(tmp_path / "b.tmx", pairs(1000))
        with pytest.raises(GlossaryError) as failed:
            g.import_path(path)
        assert "no_article_700" in str(failed.value)
        assert g.store.scalar("SELECT count(*) FROM tm_units") == 1
        assert g.store.scalar("SELECT count(*) FROM imports WHERE ok = 1") == 0
        # the connection is usable again, and a good file goes in
        report = g.import_path(write_tmx(tmp_path / "c.tmx", pairs(500)))
        assert report.added == 500
