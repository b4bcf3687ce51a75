"""The `glossary` console script: the core CLI, with the terminal UI plugged in."""

from __future__ import annotations

from glossary import Glossary
from glossary.cli.commands import imports_folder
from glossary.cli.commands import main as cli_main


def open_ui(glossary: Glossary) -> None:
    from .app import GlossaryApp  # textual loads only when the UI opens

    GlossaryApp(glossary, imports=imports_folder().resolve()).run()


def main() -> None:
    cli_main(ui=open_ui)
