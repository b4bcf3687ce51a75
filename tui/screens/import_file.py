"""Import a glossary or TM file: pick it (or type its path), watch the progress, read the summary.

The core imports a file in one transaction and polls the cancel event, so a cancelled
import leaves the database as it was; once the units are stored and only the search
index is being updated, it can no longer be cancelled. With "keep the good units" on,
bad units are listed instead of failing the whole file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Button,
    Checkbox,
    DirectoryTree,
    Footer,
    Input,
    Label,
    Static,
)

from glossary import Glossary, ImportReport

from ..core import import_file
from ..jobs import Job
from ..widgets.tick import Tick
from .job import JobScreen

LISTED = 200  # rejected units shown; the report's count is always complete


class VisibleTree(DirectoryTree):
    """The file picker, without hidden files."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".")]


class ImportScreen(JobScreen[bool, ImportReport]):
    """Dismisses with True when something was added, so the search can refresh."""

    NOUN = "import"

    def __init__(self, glossary: Glossary, folder: Path | None = None) -> None:
        super().__init__(glossary)
        self.folder = folder if folder is not None and folder.is_dir() else Path.cwd()
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog", classes="dialog"):
            yield Static("Import a file", classes="dialog-title")
            yield Static("Pick a file or type its path; the format (TMX, TBX, PO, XLIFF, CSV, "
                         "OmegaT, CC-CEDICT) is told from the content.", classes="form-hint")
            yield VisibleTree(self.folder, id="import-tree", classes="job-input")
            with Horizontal(classes="field"):
                yield Label("File", classes="field-label")
                yield Input(placeholder=str(self.folder / "…"), id="import-path",
                            classes="job-input")
            yield Tick("Keep the good units and list the rejected ones", value=True,
                           id="import-lenient", classes="job-input")
            yield from self.job_progress()
            yield from self.job_buttons("Import")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#import-tree").focus()

    @on(DirectoryTree.FileSelected)
    def file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#import-path", Input).value = str(event.path)
        self.query_one("#import-start", Button).focus()

    def start(self) -> None:
        path = self.typed_path("import-path", "Pick a file first.")
        if path is None:
            return
        if not path.is_absolute() and not path.exists() and (self.folder / path).exists():
            path = self.folder / path
        if self.no_file(path):
            return
        lenient = self.query_one("#import-lenient", Checkbox).value

        def work(job: Job) -> ImportReport:
            return import_file(
                self.glossary, path, lenient=lenient, cancel=job.cancel,
                progress=lambda units, done, size: job.progress(
                    done, size, f"Importing… {units:,} units read"),
                indexing=lambda units: job.committing(
                    f"{units:,} units stored; indexing them for search…"))

        self.start_job(work, f"Importing {path.name}…", total=path.stat().st_size)

    def job_done(self, report: ImportReport) -> None:
        self.update_bar(report.added or 1, report.added or 1)
        self.changed = self.changed or bool(report.added or report.merged)
        self.show_status(summary_text(report))

    def job_failed(self, error: str, cancelled: bool) -> None:
        title = "Import cancelled" if cancelled else "Import failed"
        self.show_status(Text.assemble((title, "bold"), "\n", error, "\n",
                                       ("The database is as it was.", "italic")))

    def result(self) -> bool:
        return self.changed or self.committed


def summary_text(report: ImportReport) -> Text:
    """What the import did, and each rejected unit with its place and reason."""
    if report.already_imported:
        return Text.assemble(("Nothing to do", "bold"), "\n", report.summary())
    what = "entries" if report.kind == "terms" else "TM units"
    out = Text.assemble(
        (f"Imported {Path(report.path).name}", "bold"), f" · format {report.format.upper()}\n",
        f"{report.added} {what} added · {report.merged} merged · {report.skipped} skipped · ",
        (f"{report.rejected} rejected", "bold" if report.rejected else ""),
    )
    if report.errors:
        out.append("\n\nRejected:\n", style="bold")
        for error in report.errors[:LISTED]:
            out.append(f"  {error}\n")
        if report.rejected > LISTED:
            out.append(f"  … and {report.rejected - LISTED} more\n", style="italic")
    return out
