"""Commands that move data in and out: import, export and remove-source."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from glossary.api import Glossary
from glossary.cli.files import STDIN, input_file, is_dash, is_stdout, output_file
from glossary.cli.output import Output, json_option
from glossary.cli.state import State, imports_folder, warn
from glossary.errors import GlossaryError
from glossary.models import ImportReport
from glossary.text.display import visible

FORMATS_IN = ("tmx", "tbx", "tbx2", "po", "xliff", "csv", "tsv", "omegat", "cedict")
FORMATS_OUT = ("tmx", "po", "tbx", "tbx2", "csv", "tsv", "omegat", "xliff", "xliff2")
NOTES_SHOWN = 20


def import_one(g: Glossary, path: Path, quiet: bool, **options: object) -> ImportReport:
    """Import one file with a progress bar on stderr (a terminal only, never in JSON)."""
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  TimeRemainingColumn(), console=console, transient=True,
                  disable=quiet or not console.is_terminal) as bar:
        task = bar.add_task(path.name, total=None)

        def progress(units: int, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None,
                       description=f"{path.name}: {units:,} units")

        def indexing(units: int) -> None:
            bar.update(task, description=f"{path.name}: indexing {units:,} units for search")

        return g.import_path(path, progress=progress, indexing=indexing, **options)


@click.command(name="import")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS_IN),
              help="Force the format instead of detecting it from the content.")
@click.option("--source-lang", help="Source language, where the file does not say (or to pick).")
@click.option("--target-lang", help="Target language, where the file does not say (or to pick).")
@click.option("--lenient", is_flag=True, help="Import the good units and list the bad ones.")
@click.option("--fuzzy", is_flag=True, help="Keep fuzzy PO entries (and XLIFF ones"
              " awaiting review), with status 'fuzzy'.")
@json_option("the import reports")
@click.pass_obj
def import_(state: State, paths: tuple[Path, ...], fmt: str | None, out: Output,
            **options: object) -> None:
    """Import TMX, TBX (v2 or v3), PO, XLIFF, CSV/TSV, OmegaT glossary or CC-CEDICT
    (.gz too) files; a folder PATH means its new files, no PATH the new files in
    imports/, and - standard input. A file with an error is refused whole (unless
    --lenient) and the others go on; the exit status is 1 if any failed."""
    g = state.glossary()
    files = [f for p in paths for f in (g.inbox_files(p) if p.is_dir() else [p])] if paths \
        else g.inbox_files(imports_folder())
    if not files:
        out.note(f"nothing to import in {imports_folder()}/")
    reports: list[ImportReport] = []
    failed = 0
    for path in files:
        try:
            with input_file(path, fmt) as readable:
                report = import_one(g, readable, out.as_json, format=fmt, **options)
            if is_dash(path):
                report.path = STDIN
        except GlossaryError as exc:
            failed += 1
            warn(str(exc))
            continue
        reports.append(report)
        out.note(report.summary())
        for error in report.errors:
            out.note(f"  rejected: {error}")
    out.result([r.to_dict() for r in reports], None)
    if failed:
        sys.exit(1)


@click.command()
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
@json_option("the export report")
@click.pass_obj
def export(state: State, path: Path, fmt: str | None, out: Output, **options: object) -> None:
    """Export the termbase or the translation memory to TMX, PO, TBX (v3, or v2 with
    tbx2), CSV/TSV or an OmegaT glossary; PATH - writes to standard output (give
    --format), and the report then goes to standard error. A symlink is written
    through to its file, a device or pipe is written into; a file is replaced whole
    once written, never left half-written."""
    g = state.glossary()
    with output_file(path, fmt) as writable:
        report = g.export(writable, format=fmt, **options)
    if is_dash(path):
        report.path = "standard output"
    lines = [report.summary(), *(f"  {note}" for note in report.notes[:NOTES_SHOWN])]
    if len(report.notes) > NOTES_SHOWN:
        lines.append(f"  ... and {len(report.notes) - NOTES_SHOWN} more")
    if is_stdout(path):  # standard output holds the file: the report goes to stderr
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if out.as_json
                   else visible("\n".join(lines)), err=True)
    else:
        out.result(report.to_dict(), "\n".join(lines))
    if not report.written:
        what = "entries" if report.what == "terms" else "units"
        warn(f"nothing exported: no {what} were selected"
             + (f" ({report.left_out} left out)" if report.left_out else ""))


@click.command(name="remove-source")
@click.argument("source", default="cedict")
@json_option("the count removed")
@click.pass_obj
def remove_source(state: State, source: str, out: Output) -> None:
    """Remove every entry that came from a reference source (default: cedict)."""
    removed = state.glossary().remove_source(source)
    out.result({"source": source, "removed": removed},
               f"removed {removed} entries from {source}")


COMMANDS = (import_, export, remove_source)
