"""Looking after the database file itself: `glossary verify`.

A memory lives for years on laptops that crash and disks that fill; when something
reads strangely, the user needs one command that says whether the file is sound
before they trust an export from it, and what to do if it is not.
"""

from __future__ import annotations

import click

from glossary.cli.output import Output, json_option
from glossary.cli.state import State


@click.command()
@click.option("--full", is_flag=True,
              help="Also compare every index with its table (slower on a large memory).")
@json_option("the check's findings")
@click.pass_obj
def verify(state: State, full: bool, out: Output) -> None:
    """Check the database file for damage; exit status 1 if any is found."""
    g = state.glossary()
    problems = g.verify(full)
    check = "integrity_check" if full else "quick_check"
    where = g.stats()["database"] if not problems else state.db
    if not problems:
        out.result({"database": where, "check": check, "ok": True, "problems": []},
                   f"{where}: sound ({check} found nothing wrong)")
        return
    listed = "\n".join(f"  {p}" for p in problems)
    out.result({"database": where, "check": check, "ok": False, "problems": problems},
               f"{where}: damaged; {check} found:\n{listed}\nA copy made before the last "
               f"upgrade is beside it as {where}.bak-<version>; `sqlite3 {where} .recover` "
               "rescues what can still be read into a new file.")
    raise SystemExit(1)


COMMANDS = (verify,)
