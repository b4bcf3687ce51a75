"""The core library must stay free of UI code, so scripts and servers can use it alone."""

from __future__ import annotations

import subprocess
import sys

# Every module below glossary/, subpackages included (glossary.tm.search as much as
# glossary.api): a textual import hidden deep in a subsystem counts as much as one at the
# top. __main__ is left out because importing it runs the command line.
WALK = (
    "import sys, importlib, pkgutil, glossary;"
    "names = [m.name for m in pkgutil.walk_packages(glossary.__path__, 'glossary.')"
    " if not m.name.endswith('__main__')];"
    "[importlib.import_module(n) for n in names];"
    "print(len(names), 'textual' in sys.modules)"
)


def test_core_and_cli_do_not_import_textual():
    out = subprocess.run([sys.executable, "-c", WALK], capture_output=True, text=True,
                         check=True)
    count, textual = out.stdout.split()
    assert textual == "False"
    # the walk reaches the subpackages' modules, not only glossary's top level
    assert int(count) > 40


def test_both_packages_ship_their_type_hints():
    """py.typed tells type checkers to read the hints of an installed copy; it must be
    in each package and listed as package data, or a wheel leaves it out."""
    import tomllib
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    package_data = tomllib.loads((repo / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]
    for package in ("glossary", "tui"):
        assert (repo / package / "py.typed").is_file(), package
        assert "py.typed" in package_data[package], package
