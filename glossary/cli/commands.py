"""The `glossary` command: the core library's verbs for scripts and for people.

Thin: parse options, call the Glossary object, print through one output helper
(glossary.cli.output). A user's mistake ends in one line on stderr and exit status 1,
never a traceback. With no command it opens the terminal UI, which the tui package
plugs in (glossary/ never imports it). The commands live by subject in entries, memory,
interchange and checks; this module is the group that gathers them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from glossary.api import Glossary
from glossary.cli import checks, entries, interchange, memory
from glossary.cli.state import DEFAULT_DB, State, fail, imports_folder
from glossary.errors import GlossaryError
from glossary.version import __version__

__all__ = ["cli", "imports_folder", "main"]


@click.group(invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", envvar="GLOSSARY_DB", default=DEFAULT_DB, show_default=True,
              help="Database file (or set GLOSSARY_DB).")
@click.version_option(__version__, "-V", "--version", prog_name="glossary",
                      message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """Chinese–English termbase and translation memory.

    With no command, opens the terminal UI on the database, seeding a new one from
    the imports/ folder.
    """
    state = ctx.ensure_object(State)
    state.db = db
    state.seed = ctx.invoked_subcommand != "import"
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is not None:
        return
    if state.ui is None:
        click.echo(ctx.get_help())
        return
    state.ui(state.glossary())


for _command in (*entries.COMMANDS, *memory.COMMANDS, *checks.COMMANDS,
                 *interchange.COMMANDS):
    cli.add_command(_command)


def main(ui: Callable[[Glossary], None] | None = None) -> None:
    """Run the command line; `ui` opens the terminal UI when no command is given."""
    try:
        code = cli.main(obj=State(ui=ui), standalone_mode=False)
    except click.exceptions.Abort:
        fail("aborted")
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except GlossaryError as exc:
        fail(str(exc))
    if isinstance(code, int) and code:
        sys.exit(code)
