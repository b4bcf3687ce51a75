"""Looking after the database itself: `glossary verify`, and `glossary copy` to move a
whole glossary between databases (a memory.db onto the team's PostgreSQL server).

A memory lives for years on laptops that crash and disks that fill; when something
reads strangely, the user needs one command that says whether the file is sound
before they trust an export from it, and what to do if it is not.
"""

from __future__ import annotations

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

from glossary.cli.output import Output, json_option
from glossary.cli.state import State
from glossary.store.copying import copy_database


@click.command()
@click.option("--full", is_flag=True,
              help="Also compare every index with its table (slower on a large memory).")
@json_option("the check's findings")
@click.pass_obj
def verify(state: State, full: bool, out: Output) -> None:
    """Check the database file for damage; exit status 1 if any is found."""
    g = state.glossary()
    problems = g.verify(full)
    if g.store.scheme == "postgresql":
        check = "amcheck bt_index_check" + (" with heapallindexed" if full else "")
    else:
        check = "integrity_check" if full else "quick_check"
    # the backend's location: a PostgreSQL URL with its password left out
    where = g.stats()["database"] if not problems else g.store.location
    if not problems:
        out.result({"database": where, "check": check, "ok": True, "problems": []},
                   f"{where}: sound ({check} found nothing wrong)")
        return
    listed = "\n".join(f"  {p}" for p in problems)
    if g.store.scheme == "postgresql":
        advice = ("REINDEX rebuilds a damaged index; for damaged tables restore the "
                  "server's last backup (pg_dump/pg_basebackup), or `glossary copy` what "
                  "can still be read into a new database.")
    else:
        advice = (f"A copy made before the last upgrade is beside it as "
                  f"{where}.bak-<version>; `sqlite3 {where} .recover` rescues what can "
                  "still be read into a new file.")
    out.result({"database": where, "check": check, "ok": False, "problems": problems},
               f"{where}: damaged; {check} found:\n{listed}\n{advice}")
    raise SystemExit(1)


@click.command(name="copy")
@click.argument("source")
@click.argument("destination")
@json_option("the rows copied per table")
def copy(source: str, destination: str, out: Output) -> None:
    """Copy a whole glossary (entries, change log, TM units, import history, search
    index) from SOURCE into an empty DESTINATION: file paths, sqlite:///file.db or
    postgresql://user@host/db."""
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("copying", total=None)

        def progress(table: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None,
                       description=f"{table}: {done:,} rows")

        counts = copy_database(source, destination, progress)
    shown = ", ".join(f"{t}: {n:,}" for t, n in counts.items() if n)
    out.result({"source": source, "destination": destination, "rows": counts},
               f"rows copied: {shown}" if shown else "nothing to copy: the source is empty")


COMMANDS = (verify, copy)
