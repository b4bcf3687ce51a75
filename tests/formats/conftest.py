"""Fixtures of the format tests: a file written into the test's folder, and a fresh pair
of databases for each round trip that hypothesis draws."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import glossary

Pair = tuple[Path, glossary.Glossary, glossary.Glossary]


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a test's sample (UTF-8) under a name; the name matters where detection
    by content, not by extension, is what a test checks."""
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path
    return write


@pytest.fixture
def fresh_pair(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Iterator[Pair]]:
    """`with fresh_pair("tmx") as (folder, a, b)`: two new databases in a new folder,
    one to export from and one to import into. A function rather than two fixtures,
    because hypothesis runs many examples in one test and each needs empty ones."""
    @contextmanager
    def pair(name: str) -> Iterator[Pair]:
        folder = tmp_path_factory.mktemp(name)
        with glossary.open(folder / "a.db") as a, glossary.open(folder / "b.db") as b:
            yield folder, a, b
    return pair
