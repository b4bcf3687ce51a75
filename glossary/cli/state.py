"""What every command shares: the database the group opened, the imports/ inbox, and
the one way a user's mistake ends (one line on stderr, exit status 1)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import click

from glossary.api import Glossary
from glossary.text.display import visible

DEFAULT_DB = "memory.db"


def imports_folder() -> Path:
    """The inbox: $GLOSSARY_IMPORTS, else imports/ in the current folder."""
    return Path(os.environ.get("GLOSSARY_IMPORTS") or "imports")


def warn(message: str) -> None:
    """A user's mistake as one line on stderr. The message may quote the user's file or
    argument, so its control characters (a newline too) are shown escaped."""
    line = visible(message).replace("\n", "\\n")
    click.echo(f"glossary: {line}", err=True)


def fail(message: str) -> NoReturn:
    """End the command on a user's mistake: one line, no traceback."""
    warn(message)
    sys.exit(1)


@dataclass
class State:
    """What the command group hands its subcommands; `ui` opens the terminal UI."""

    db: str = DEFAULT_DB
    ui: Callable[[Glossary], None] | None = None
    seed: bool = True  # fill a new default database from imports/ (not for `import`, --db)
    _glossary: Glossary | None = None

    def glossary(self) -> Glossary:
        """The database, opened once. A new default one is filled from the imports/
        folder whichever command comes first: a first `glossary lookup` used to create an empty
        file, which the terminal UI then took for an old one and never filled."""
        if self._glossary is None:
            self._glossary = Glossary(self.db, on_wait=lambda message: click.echo(
                f"glossary: {message}", err=True))
            if self.seed and self._glossary.is_new and imports_folder().is_dir():
                for report in self._glossary.import_inbox(imports_folder()):
                    click.echo(visible(report.summary()), err=True)
        return self._glossary

    def close(self) -> None:
        """Close the database if a command opened it (--help and --version do not)."""
        if self._glossary is not None:
            self._glossary.close()
