"""Fixtures of the terminal UI tests: a small law glossary, its TM, an inbox of files to
import, and the notifications the app shows.

The `g` here overrides the empty one of tests/conftest.py for the tests in this folder:
every screen test starts from the same four entries. Functions that drive the app
(typing, settling, reading a table) are in tui_helpers.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_helpers import SENTENCE, TARGET

import glossary
from tui.app import GlossaryApp


@pytest.fixture
def g(tmp_path: Path) -> Iterator[glossary.Glossary]:
    with glossary.open(tmp_path / "t.db") as db:
        db.add_entry("知识产权", "intellectual property rights", abbr="IPR", domain="law")
        db.add_entry("专利法", "Patent Law", domain="law")
        db.add_entry("法治", "rule by law", status="forbidden", domain="law",
                     note="Different concept; use 'rule of law'.")
        db.add_entry("侵权", "violation of rights", status="deprecated", domain="law")
        yield db


@pytest.fixture
def tm(g: glossary.Glossary) -> glossary.Glossary:
    """The glossary with two TM units: the article's sentence and a short phrase."""
    g.add_tm_unit(SENTENCE, TARGET, "zh-CN", "en")
    g.add_tm_unit("加强知识产权保护", "strengthen IPR protection", "zh-CN", "en")
    return g


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """An imports folder: one CSV with a good row and two bad ones, and a hidden file."""
    folder = tmp_path / "imports"
    folder.mkdir()
    (folder / "terms.csv").write_text(
        "zh,en,domain,status\n商标,trademark,law,preferred\n专利,,law,preferred\n"
        "版权,copyright,law,bogus\n", encoding="utf-8")
    (folder / ".hidden.csv").write_text("zh,en\n", encoding="utf-8")
    return folder


@pytest.fixture
def notes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Notifications shown, as (message, severity)."""
    seen: list[tuple[str, str]] = []

    def notify(self: GlossaryApp, message: str, *, severity: str = "information",
               **_: object) -> None:
        seen.append((message, severity))

    monkeypatch.setattr(GlossaryApp, "notify", notify)
    return seen
