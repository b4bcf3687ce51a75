"""Shared fixtures: every test gets its own database file in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

import glossary


@pytest.fixture
def g(tmp_path: Path):
    with glossary.open(tmp_path / "memory.db") as opened:
        yield opened


@pytest.fixture
def ipr(g):
    """A glossary holding the entry every example in the product brief uses."""
    g.add_entry("知识产权", "intellectual property rights", abbr="IPR", domain="law")
    return g
