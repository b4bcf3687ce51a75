"""Commands on the termbase's entries: add, edit, delete, undo, lookup and stats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from glossary.cli.output import Cell, Column, Listing, Output, json_option, status_cell
from glossary.cli.state import State, fail
from glossary.models import STATUSES, Concept, LookupHit


def entry_options(required: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Options shared by add and edit; for edit nothing has a default, so that only
    the options given change the entry."""
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        for opt in reversed([
            click.option("--domain", help="Subject field, e.g. law."),
            click.option("--pos", help="Part of speech, e.g. noun."),
            click.option("--status", type=click.Choice(STATUSES),
                         default="preferred" if required else None,
                         show_default=required, help="Usage status of the terms."),
            click.option("--abbr", help="Abbreviation, e.g. IPR."),
            click.option("--definition", help="What the concept means."),
            click.option("--note", help="A note for translators."),
        ]):
            fn = opt(fn)
        return fn
    return wrap


LARGEST_ID = 2**63 - 1  # SQLite's largest integer: no entry has a higher id


def known_id(entry_id: int) -> int:
    """The id, if an entry could have it; a huge or negative number is an unknown id,
    said as for any other, not an overflow inside SQLite."""
    if not 1 <= entry_id <= LARGEST_ID:
        fail(f"no entry with id {entry_id}")
    return entry_id


def said(verb: str, concept: Concept) -> str:
    return f"{verb} #{concept.id}: {concept.zh} / {concept.en}"


@click.command()
@click.argument("zh")
@click.argument("en")
@entry_options(required=True)
@json_option("the new entry")
@click.pass_obj
def add(state: State, zh: str, en: str, out: Output, status: str, domain: str | None,
        pos: str | None, abbr: str | None, definition: str | None, note: str | None) -> None:
    """Add an entry: a Chinese term and its English translation."""
    concept = state.glossary().add_entry(zh, en, status=status, domain=domain, pos=pos,
                                         abbr=abbr, definition=definition, note=note)
    out.result(concept.to_dict(), said("added", concept))


@click.command()
@click.argument("entry_id", type=int)
@click.option("--zh", help="New Chinese term.")
@click.option("--en", help="New English term.")
@entry_options(required=False)
@json_option("the changed entry")
@click.pass_obj
def edit(state: State, entry_id: int, out: Output, **fields: str | None) -> None:
    """Change an entry; only the options given change ('' clears a field)."""
    changes: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}
    if not changes:
        fail("nothing to change: give at least one option, e.g. --en or --domain")
    concept = state.glossary().edit_entry(known_id(entry_id), **changes)
    out.result(concept.to_dict(), said("edited", concept))


@click.command()
@click.argument("entry_id", type=int)
@json_option("the deleted entry")
@click.pass_obj
def delete(state: State, entry_id: int, out: Output) -> None:
    """Delete an entry (undo brings it back)."""
    concept = state.glossary().delete_entry(known_id(entry_id))
    out.result(concept.to_dict(), said("deleted", concept))


@click.command()
@json_option("what was undone (null for nothing)")
@click.pass_obj
def undo(state: State, out: Output) -> None:
    """Revert the last add, edit or delete."""
    done = state.glossary().undo()
    out.result(done, "nothing to undo" if done is None
               else f"undid {done['action']} of #{done['id']}")


LOOKUP_COLUMNS = (Column("id", right=True), Column("zh"), Column("en"), Column("domain"),
                  Column("status"), Column("match"), Column("score", right=True))


def lookup_row(hit: LookupHit) -> tuple[Cell, ...]:
    status = hit.term.status
    if hit.term.text not in (hit.concept.zh, hit.concept.en):
        status = f"{status}: {hit.term.text}"  # a variant matched: say which
    return (str(hit.concept.id), hit.concept.zh, hit.concept.en, hit.concept.domain or "",
            status_cell(hit.term.status, status), hit.match, str(hit.score))


@click.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@json_option("results")
@click.pass_obj
def lookup(state: State, query: str, limit: int, out: Output) -> None:
    """Find entries by Chinese (simplified or traditional) or English text."""
    hits = state.glossary().lookup(query, limit)
    out.result([h.to_dict() for h in hits],
               Listing(LOOKUP_COLUMNS, [lookup_row(h) for h in hits],
                       empty=f"no entry matches '{query}'"))


@click.command()
@json_option("figures")
@click.pass_obj
def stats(state: State, out: Output) -> None:
    """Counts of entries, terms and TM units."""
    figures = state.glossary().stats()
    out.result(figures, "\n".join(f"{key:>10}: {value}" for key, value in figures.items()))


COMMANDS = (add, edit, delete, undo, lookup, stats)
