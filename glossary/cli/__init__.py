"""The command line: click commands over the glossary API, one module per subject."""

from glossary.cli.commands import cli, main
from glossary.cli.state import imports_folder

__all__ = ["cli", "imports_folder", "main"]
