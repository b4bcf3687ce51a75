"""The command line: click commands over the glossary API."""

from glossary.cli.commands import cli, main

__all__ = ["cli", "main"]
