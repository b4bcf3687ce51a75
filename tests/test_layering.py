"""The core library must stay free of UI code, so scripts and servers can use it alone."""

from __future__ import annotations

import subprocess
import sys


def test_core_and_cli_do_not_import_textual():
    code = (
        "import sys, glossary, glossary.cli.commands, glossary.api;"
        "import pkgutil, importlib;"
        "[importlib.import_module('glossary.' + m.name) for m in pkgutil.iter_modules("
        "glossary.__path__) if m.name != '__main__'];"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
