"""The `glossary` command: the core library's verbs for scripts and for people.

Thin: parse options, call the Glossary object, print through one output helper
(glossary.cli.output). A user's mistake ends in one line on stderr and exit status 1,
never a traceback. With no command it opens the terminal UI, which the tui package
plugs in (glossary/ never imports it). The commands live by subject in entries, memory,
interchange and checks; this module is the group that gathers them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

import click

from glossary.api import Glossary
from glossary.cli import checks, entries, interchange, memory, upkeep
from glossary.cli.history import history
from glossary.cli.state import DEFAULT_DB, State, fail, imports_folder, warn
from glossary.errors import GlossaryError
from glossary.store import FAULTS, fault_message
from glossary.version import __version__

__all__ = ["cli", "imports_folder", "main"]


EXIT_CODES = """\b
Exit status:
  0  done
  1  an error (a bad file, a missing entry, a language that matches nothing...)
  2  a usage mistake (an unknown option, a missing argument; no command when
     standard input or output is not a terminal)
  3  qa found issues in the file checked"""


@click.group(invoke_without_command=True, epilog=EXIT_CODES,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", envvar="GLOSSARY_DB", default=DEFAULT_DB, show_default=True,
              help="Database file (or set GLOSSARY_DB).")
@click.version_option(__version__, "-V", "--version", prog_name="glossary",
                      message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """Chinese–English termbase and translation memory.

    With no command, opens the terminal UI on the database (in a terminal only: piped
    or redirected, it prints this help and exits with status 2). The default memory.db
    is filled from the imports/ folder when it is new; a database named with --db
    starts empty. Wherever a command takes a file, - means standard input or output.
    """
    state = ctx.ensure_object(State)
    state.db = db
    # Only the default database is a starter one: a database named with --db or
    # GLOSSARY_DB is the user's own and starts empty (`import imports/` fills it).
    named = ctx.get_parameter_source("db") is not click.core.ParameterSource.DEFAULT
    state.seed = ctx.invoked_subcommand != "import" and not named
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is not None:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # a script or a pipe: a full-screen UI would wait for keys that never come
        click.echo(ctx.get_help())
        ctx.exit(2)
    if state.ui is None:
        click.echo(ctx.get_help())
        return
    state.ui(state.glossary())


for _command in (*entries.COMMANDS, *memory.COMMANDS, *checks.COMMANDS,
                 *interchange.COMMANDS, *upkeep.COMMANDS):
    cli.add_command(_command)
cli.add_command(history)


def undecodable_argument(args: Sequence[str]) -> str | None:
    """What is wrong with the first argument that is not UTF-8, if one is. Python hands
    such bytes over as lone surrogates, which would fail deep inside (or be stored as
    U+FFFD) instead of being refused at the door."""
    for number, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError as exc:
            code = ord(arg[exc.start])
            byte = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else \
                f"code point U+{code:04X}"
            return f"argument {number} is not valid UTF-8 ({byte} at offset {exc.start})"
    return None


def main(ui: Callable[[Glossary], None] | None = None,
         args: Sequence[str] | None = None) -> None:
    """Run the command line; `ui` opens the terminal UI when no command is given."""
    args = list(sys.argv[1:] if args is None else args)
    problem = undecodable_argument(args)
    if problem is not None:
        warn(problem)
        sys.exit(2)  # a usage error, as click's own are
    state = State(ui=ui)
    try:
        code = cli.main(args, obj=state, standalone_mode=False)
    except click.exceptions.Abort:
        fail("aborted")
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except GlossaryError as exc:
        fail(str(exc))
    except FAULTS as exc:  # a damaged file found in the middle of a read
        fail(f"{state.db}: {fault_message(exc)}")
    except OSError as exc:  # a name too long, a full disk, no permission: said, not traced
        fail(f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else str(exc))
    if isinstance(code, int) and code:
        sys.exit(code)
