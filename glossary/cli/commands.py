"""The `glossary` command: the core library's verbs for scripts and for people.

Thin: parse options, call the Glossary object, print. A user's mistake ends in one
line on stderr and exit status 1, never a traceback. With no command it opens the
terminal UI, which the tui package plugs in (glossary/ never imports it).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from glossary.api import Glossary
from glossary.errors import GlossaryError
from glossary.models import STATUSES

DEFAULT_DB = "memory.db"


def imports_folder() -> Path:
    """The inbox: $GLOSSARY_IMPORTS, else imports/ in the current folder."""
    return Path(os.environ.get("GLOSSARY_IMPORTS") or "imports")


@dataclass
class State:
    """What the command group hands its subcommands; `ui` opens the terminal UI."""

    db: str = DEFAULT_DB
    ui: Callable[[Glossary], None] | None = None
    seed: bool = True  # fill a new database from imports/ (not for `import`: it asks itself)
    _glossary: Glossary | None = None

    def glossary(self) -> Glossary:
        """The database, opened once. A new one is filled from the imports/ folder
        whichever command comes first: a first `glossary lookup` used to create an empty
        file, which the terminal UI then took for an old one and never filled."""
        if self._glossary is None:
            self._glossary = Glossary(self.db)
            if self.seed and self._glossary.is_new and imports_folder().is_dir():
                for report in self._glossary.import_inbox(imports_folder()):
                    click.echo(report.summary(), err=True)
        return self._glossary


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def status_cell(status: str, label: str | None = None) -> Text:
    """A status as a table shows it: forbidden in red, deprecated in yellow."""
    style = {"forbidden": "red", "deprecated": "yellow"}.get(status, "")
    return Text(label or status, style=style)


def fail(message: str) -> None:
    click.echo(f"glossary: {message}", err=True)
    sys.exit(1)


@click.group(invoke_without_command=True)
@click.option("--db", "db", envvar="GLOSSARY_DB", default=DEFAULT_DB, show_default=True,
              help="Database file (or set GLOSSARY_DB).")
@click.version_option(package_name="glossary")
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """Chinese–English termbase and translation memory.

    With no command, opens the terminal UI on the database, seeding a new one from
    the imports/ folder.
    """
    state = ctx.ensure_object(State)
    state.db = db
    state.seed = ctx.invoked_subcommand != "import"
    ctx.call_on_close(lambda: state._glossary and state._glossary.close())
    if ctx.invoked_subcommand is not None:
        return
    if state.ui is None:
        click.echo(ctx.get_help())
        return
    state.ui(state.glossary())


def entry_options(required: bool) -> Callable:
    """Options shared by add and edit."""
    def wrap(fn: Callable) -> Callable:
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


@cli.command()
@click.argument("zh")
@click.argument("en")
@entry_options(required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the new entry as JSON.")
@click.pass_obj
def add(state: State, zh: str, en: str, as_json: bool, **fields: str | None) -> None:
    """Add an entry: a Chinese term and its English translation."""
    concept = state.glossary().add_entry(zh, en, **fields)
    if as_json:
        emit_json(concept.to_dict())
    else:
        click.echo(f"added #{concept.id}: {concept.zh} / {concept.en}")


@cli.command()
@click.argument("entry_id", type=int)
@click.option("--zh", help="New Chinese term.")
@click.option("--en", help="New English term.")
@entry_options(required=False)
@click.pass_obj
def edit(state: State, entry_id: int, **fields: str | None) -> None:
    """Change an entry; only the options given change ('' clears a field)."""
    changes = {k: v for k, v in fields.items() if v is not None}
    if not changes:
        fail("nothing to change: give at least one option, e.g. --en or --domain")
    concept = state.glossary().edit_entry(entry_id, **changes)
    click.echo(f"edited #{concept.id}: {concept.zh} / {concept.en}")


@cli.command()
@click.argument("entry_id", type=int)
@click.pass_obj
def delete(state: State, entry_id: int) -> None:
    """Delete an entry (undo brings it back)."""
    concept = state.glossary().delete_entry(entry_id)
    click.echo(f"deleted #{concept.id}: {concept.zh} / {concept.en}")


@cli.command()
@click.pass_obj
def undo(state: State) -> None:
    """Revert the last add, edit or delete."""
    done = state.glossary().undo()
    if done is None:
        click.echo("nothing to undo")
    else:
        click.echo(f"undid {done['action']} of #{done['id']}")


@cli.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
@click.pass_obj
def lookup(state: State, query: str, limit: int, as_json: bool) -> None:
    """Find entries by Chinese (simplified or traditional) or English text."""
    hits = state.glossary().lookup(query, limit)
    if as_json:
        emit_json([h.to_dict() for h in hits])
        return
    if not hits:
        click.echo(f"no entry matches '{query}'")
        return
    table = Table(box=None, header_style="bold")
    for col in ("id", "zh", "en", "domain", "status", "match", "score"):
        table.add_column(col, justify="right" if col in ("id", "score") else "left")
    for h in hits:
        status = h.term.status
        if h.term.text not in (h.concept.zh, h.concept.en):
            status = f"{status}: {h.term.text}"  # a variant matched: say which
        table.add_row(str(h.concept.id), h.concept.zh, h.concept.en, h.concept.domain or "",
                      status_cell(h.term.status, status), h.match, str(h.score))
    wide_console().print(table)


def marked(text: str, spans: list[tuple[int, int]], style: str) -> Text:
    """The text with its spans styled, for highlighting differences and occurrences."""
    out = Text(text)
    for start, end in spans:
        out.stylize(style, start, end)
    return out


def wide_console() -> Console:
    console = Console()
    if not console.is_terminal:  # piped: one line per row, no wrapping at 80 columns
        console = Console(width=max(console.width, 160))
    return console


def read_text_arg(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if path.is_file():
        try:
            return path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise GlossaryError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    if path.is_dir():
        raise GlossaryError(f"{path}: a folder, not a file")
    if _LOOKS_LIKE_PATH.fullmatch(source):
        raise GlossaryError(f"{source}: no such file (to check text, give the text itself)")
    return source


# One word with a folder or a file extension in it ("article.txt", "docs/a"): a mistyped
# file name rather than a text to check.
_LOOKS_LIKE_PATH = re.compile(
    r"[^\s\u3000-\u9fff\uff00-\uffef]*(/[^\s]*|\.[A-Za-z][A-Za-z0-9]{0,4})"
)


@cli.command()
@click.argument("query")
@click.option("--min-score", default=50, show_default=True, type=click.IntRange(0, 100),
              help="Lowest match percentage to show.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print matches as JSON.")
@click.pass_obj
def tm(state: State, query: str, min_score: int, limit: int, as_json: bool) -> None:
    """Closest translation-memory matches for a sentence, with a match percentage."""
    matches = state.glossary().tm_search(query, min_score=min_score, limit=limit)
    if as_json:
        emit_json([m.to_dict() for m in matches])
        return
    if not matches:
        click.echo(f"no TM match at or above {min_score}%")
        return
    table = Table(box=None, header_style="bold", show_lines=False)
    table.add_column("%", justify="right")
    table.add_column("source (differences in red)", overflow="fold")
    table.add_column("target", overflow="fold")
    for m in matches:
        table.add_row(str(m.score), marked(m.source, m.spans, "bold red"), m.target)
    wide_console().print(table)


@cli.command()
@click.argument("text")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000))
@click.option("--json", "as_json", is_flag=True, help="Print units as JSON.")
@click.pass_obj
def concordance(state: State, text: str, limit: int, as_json: bool) -> None:
    """TM units that contain TEXT on either side."""
    hits = state.glossary().concordance(text, limit=limit)
    if as_json:
        emit_json([h.to_dict() for h in hits])
        return
    if not hits:
        click.echo(f"no TM unit contains '{text}'")
        return
    table = Table(box=None, header_style="bold")
    table.add_column("id", justify="right")
    table.add_column("source", overflow="fold")
    table.add_column("target", overflow="fold")
    for h in hits:
        table.add_row(str(h.id), marked(h.source, h.source_spans, "bold yellow"),
                      marked(h.target, h.target_spans, "bold yellow"))
    wide_console().print(table)


@cli.command()
@click.argument("source", default="-")
@click.option("--json", "as_json", is_flag=True, help="Print the terms found as JSON.")
@click.pass_obj
def recognize(state: State, source: str, as_json: bool) -> None:
    """Glossary terms in a text: SOURCE is a file, '-' for stdin (default), or the text."""
    text = read_text_arg(source)
    found = state.glossary().recognize(text)
    if as_json:
        emit_json([{**r.to_dict(), "matched": None, "lang": r.matched.lang} for r in found])
        return
    if not found:
        click.echo("no glossary term found")
        return
    table = Table(box=None, header_style="bold")
    for col in ("at", "term", "translation", "status"):
        table.add_column(col, justify="right" if col == "at" else "left")
    for r in found:
        table.add_row(f"{r.start}-{r.end}", r.term, r.translation, status_cell(r.status))
    wide_console().print(table)


@cli.command()
@click.argument("src", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path),
              help="Where to write the pre-translated file.")
@click.option("--min-score", default=75, show_default=True, type=click.IntRange(1, 100),
              help="Lowest match percentage to use; below 100 is marked fuzzy.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_obj
def pretranslate(state: State, src: Path, out: Path, min_score: int, as_json: bool) -> None:
    """Fill the untranslated units of a PO or XLIFF file from the translation memory."""
    report = state.glossary().pretranslate(src, out, min_score=min_score)
    if as_json:
        emit_json(report.to_dict())
    else:
        click.echo(report.summary())


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print figures as JSON.")
@click.pass_obj
def stats(state: State, as_json: bool) -> None:
    """Counts of entries, terms and TM units."""
    figures = state.glossary().stats()
    if as_json:
        emit_json(figures)
    else:
        for key, value in figures.items():
            click.echo(f"{key:>10}: {value}")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--domain", help="Only check terms of this domain.")
@click.option("--format", "fmt", type=click.Choice(("tmx", "po", "xliff", "csv", "tsv")),
              help="Force the format instead of detecting it.")
@click.option("--json", "as_json", is_flag=True, help="Print the issues as JSON.")
@click.pass_obj
def qa(state: State, path: Path, domain: str | None, fmt: str | None, as_json: bool) -> None:
    """Check a translated PO, TMX, XLIFF or CSV file against the glossary.

    Reports source terms whose translation is missing, deprecated or forbidden terms
    used, and terms translated inconsistently; exit status 2 when there are issues."""
    report = state.glossary().qa(path, domain=domain, fmt=fmt)
    click.echo(report.to_json() if as_json else report.render())
    if not report.ok:
        sys.exit(2)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@click.option("--min-units", default=2, show_default=True, type=click.IntRange(1, 1000),
              help="How many units a pair must recur in.")
@click.option("--accept", "accepted", type=int, multiple=True,
              help="Add candidate N (as numbered in the list) to the glossary; repeatable.")
@click.option("--domain", help="Domain for accepted entries.")
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as JSON.")
@click.pass_obj
def discover(state: State, path: Path, limit: int, min_units: int, accepted: tuple[int, ...],
             domain: str | None, as_json: bool) -> None:
    """Propose entries the glossary lacks, from recurring term pairs in a bilingual file."""
    from glossary.checks.discover import accept, render, to_json

    g = state.glossary()
    candidates = g.discover(path, min_units=min_units, limit=limit)
    if accepted:
        for number in accepted:
            if not 1 <= number <= len(candidates):
                fail(f"no candidate {number}: the list has {len(candidates)}")
            concept = accept(g, candidates[number - 1], domain=domain)
            click.echo(f"added #{concept.id}: {concept.zh} / {concept.en}")
        return
    click.echo(to_json(candidates) if as_json else render(candidates))


FORMATS_IN = ("tmx", "tbx", "po", "xliff", "csv", "tsv", "cedict")
FORMATS_OUT = ("tmx", "po", "tbx", "csv", "tsv")


@cli.command(name="import")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS_IN),
              help="Force the format instead of detecting it from the content.")
@click.option("--source-lang", help="Source language, where the file does not say (or to pick).")
@click.option("--target-lang", help="Target language, where the file does not say (or to pick).")
@click.option("--lenient", is_flag=True, help="Import the good units and list the bad ones.")
@click.option("--fuzzy", is_flag=True, help="Keep fuzzy PO entries, with status 'fuzzy'.")
@click.option("--json", "as_json", is_flag=True, help="Print the import reports as JSON.")
@click.pass_obj
def import_(state: State, paths: tuple[Path, ...], fmt: str | None, source_lang: str | None,
            target_lang: str | None, lenient: bool, fuzzy: bool, as_json: bool) -> None:
    """Import TMX, TBX, PO, XLIFF, CSV/TSV or CC-CEDICT files; with no PATH, the new files
    in imports/. A file with an error is refused whole (unless --lenient) and the others
    go on; the exit status is 1 if any file failed."""
    g = state.glossary()
    files = list(paths) if paths else g.inbox_files(imports_folder())
    if not files and not as_json:
        click.echo(f"nothing to import in {imports_folder()}/")
    options = {"format": fmt, "source_lang": source_lang, "target_lang": target_lang,
               "lenient": lenient, "fuzzy": fuzzy}
    reports, failed = [], 0
    console = Console(stderr=True)
    for path in files:
        try:
            with Progress(TextColumn("{task.description}"), BarColumn(),
                          TaskProgressColumn(), TimeRemainingColumn(), console=console,
                          transient=True, disable=as_json or not console.is_terminal) as bar:
                task = bar.add_task(path.name, total=None)

                def progress(units: int, done: int, total: int, task=task, bar=bar,
                             name=path.name) -> None:
                    bar.update(task, completed=done, total=total or None,
                               description=f"{name}: {units:,} units")

                def indexing(units: int, task=task, bar=bar, name=path.name) -> None:
                    bar.update(task, description=f"{name}: indexing {units:,} units for search")

                report = g.import_path(path, progress=progress, indexing=indexing, **options)
        except GlossaryError as exc:
            failed += 1
            click.echo(f"glossary: {exc}", err=True)
            continue
        reports.append(report)
        if not as_json:
            click.echo(report.summary())
            for error in report.errors:
                click.echo(f"  rejected: {error}")
    if as_json:
        emit_json([r.to_dict() for r in reports])
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS_OUT),
              help="File format; by default from the file name's extension.")
@click.option("--what", type=click.Choice(("terms", "tm", "all")),
              help="Entries, TM units or both (default: tm for TMX/PO, terms for TBX/CSV).")
@click.option("--domain", help="Only entries (and units) of this domain.")
@click.option("--include-reference", is_flag=True,
              help="Also export reference dictionary entries (CC-CEDICT).")
@click.option("--bom", is_flag=True, help="CSV: start with a BOM, for spreadsheets.")
@click.option("--source-lang", help="PO/TMX: the source language to write.")
@click.option("--target-lang", help="PO/TMX: the target language to write.")
@click.option("--json", "as_json", is_flag=True, help="Print the export report as JSON.")
@click.pass_obj
def export(state: State, path: Path, fmt: str | None, as_json: bool, **options: object) -> None:
    """Export the termbase or the translation memory to TMX, PO, TBX or CSV."""
    report = state.glossary().export(path, format=fmt, **options)
    if as_json:
        emit_json(report.to_dict())
        return
    click.echo(report.summary())
    for note in report.notes[:20]:
        click.echo(f"  {note}")
    if len(report.notes) > 20:
        click.echo(f"  ... and {len(report.notes) - 20} more")


@cli.command(name="remove-source")
@click.argument("source", default="cedict")
@click.pass_obj
def remove_source(state: State, source: str) -> None:
    """Remove every entry that came from a reference source (default: cedict)."""
    click.echo(f"removed {state.glossary().remove_source(source)} entries from {source}")


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
