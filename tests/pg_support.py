"""A PostgreSQL schema of its own for each test, and the `db_url` fixture that runs a test
on SQLite and on PostgreSQL.

GLOSSARY_TEST_PG names a server (`eval "$(.ci/pg start)"` starts a throwaway one). Each
test gets a fresh schema in that database (search_path set through libpq's `options`),
dropped afterwards, so tests run in parallel under xdist. Without GLOSSARY_TEST_PG the
PostgreSQL cases skip and say how to run them; in CI (`CI` set) they fail instead, so a
missing server can never pass for a green run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

ENV = "GLOSSARY_TEST_PG"


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and {reason}: the PostgreSQL tests must run in CI")
    pytest.skip(f"{reason}; set {ENV}=postgresql://... (eval \"$(.ci/pg start)\" starts "
                "a throwaway server) to run the PostgreSQL tests")


def server_url() -> str:
    url = os.environ.get(ENV, "").strip()
    if not url:
        _missing(f"{ENV} is not set")
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=5):
            pass
    except Exception as exc:  # noqa: BLE001 - any failure means: no server to test on
        _missing(f"no PostgreSQL server answers at {ENV} ({type(exc).__name__}: {exc})")
    return url


def with_schema(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The URL of a fresh, empty schema on the test server."""
    import psycopg

    url = server_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_schema(url, schema)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path: Path) -> str:
    """Where a test's glossary lives: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'memory.db'}"
    return request.getfixturevalue("pg_url")
