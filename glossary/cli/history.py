"""`glossary history`: who changed what and when, and undoing one change by its number.

The same history the TUI's History screen shows (glossary.store.history): entries
added, edited or deleted, TM units, imports, find-and-replace and rollbacks, newest
first. `--undo N` undoes change N when no later change depends on it, and otherwise
says which one does.
"""

from __future__ import annotations

import click

from glossary.api import Glossary
from glossary.cli.output import Column, Listing, Output, json_option
from glossary.cli.state import State
from glossary.store.history import ACTIONS, KINDS
from glossary.store.record_diff import differences

COLUMNS = (Column("id", right=True), Column("at"), Column("author"), Column("action"),
           Column("summary", fold=True), Column("undone"))


@click.command()
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000),
              help="How many changes, newest first.")
@click.option("--action", type=click.Choice(ACTIONS), help="Only this kind of change.")
@click.option("--kind", type=click.Choice(KINDS), help="Only changes to entries, units...")
@click.option("--author", "author_name", help="Only changes by this user.")
@click.option("--grep", "text", help="Only changes whose summary holds this text.")
@click.option("--undo", "undo_id", type=int, help="Undo change N instead of listing.")
@click.option("--show", "show_id", type=int,
              help="What change N did, record by record and field by field.")
@json_option("the changes (or what was undone, or change N's records)")
@click.pass_obj
def history(state: State, limit: int, action: str | None, kind: str | None,
            author_name: str | None, text: str | None, undo_id: int | None,
            show_id: int | None, out: Output) -> None:
    """Every change, newest first, with its time and author (GLOSSARY_USER or the OS user)."""
    g = state.glossary()
    if undo_id is not None:
        done = g.undo(undo_id)
        out.result(done, f"undid change #{undo_id}")
        return
    if show_id is not None:
        show(g, show_id, out)
        return
    changes = g.history_changes(limit, action=action, kind=kind, author_name=author_name,
                                text=text)
    out.result([c.to_dict() for c in changes], Listing(COLUMNS, [
        (str(c.id), c.at, c.author, c.action, c.summary, "undone" if c.undone else "")
        for c in changes], empty="no change recorded yet"))


def show(g: Glossary, change_id: int, out: Output) -> None:
    """A change's header, then per record what differs (record_diff): the same lines
    the History screen's detail shows (Output escapes them for the terminal)."""
    change = g.change(change_id)
    records = g.change_records(change_id)
    blocker = None if change.undone else g.why_not_undoable(change_id)
    undo = ("undone" if change.undone else
            "can be undone (--undo)" if blocker is None else f"cannot be undone: {blocker}")
    lines = [f"#{change.id} {change.summary}", f"{change.at} by {change.author} · {undo}"]
    for kind, object_id, before, after in records:
        lines.append(f"{kind} #{object_id}")
        lines += [f"  {line}" for line in differences(kind, before, after)]
    out.result({**change.to_dict(), "records": [
        {"kind": kind, "id": object_id, "before": before, "after": after,
         "differences": [str(line) for line in differences(kind, before, after)]}
        for kind, object_id, before, after in records]}, "\n".join(lines))


__all__ = ["history"]
