"""Import a glossary or TM file: pick it (or type a path), watch the progress, read the summary.

The import runs in a thread worker that reports progress and polls a cancel event;
the core imports a file in one transaction, so a cancelled import leaves the database
as it was. With "keep the good units" on, bad units are listed instead of failing
the whole file.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    DirectoryTree,
    Footer,
    Input,
    Label,
    ProgressBar,
    Static,
)

from glossary import Glossary, GlossaryError, ImportReport

from ..core import import_file, is_cancelled_error

LISTED = 200  # rejected units shown; the report's count is always complete


class VisibleTree(DirectoryTree):
    """The file picker, without hidden files."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".")]


class ImportProgress(Message):
    def __init__(self, units: int, done: int, size: int) -> None:
        super().__init__()
        self.units = units
        self.done = done
        self.size = size


class ImportIndexing(Message):
    """The units are stored; the search index is being updated (cancelling is over)."""

    def __init__(self, units: int) -> None:
        super().__init__()
        self.units = units


class ImportFinished(Message):
    """The report, or the error text (cancelled tells the two failures apart)."""

    def __init__(self, report: ImportReport | None, error: str = "",
                 cancelled: bool = False) -> None:
        super().__init__()
        self.report = report
        self.error = error
        self.cancelled = cancelled


class ImportScreen(ModalScreen[bool]):
    """Dismisses with True when something was added, so the search can refresh."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close / cancel"),
    ]

    def __init__(self, glossary: Glossary, folder: Path | None = None) -> None:
        super().__init__()
        self.glossary = glossary
        self.folder = folder if folder is not None and folder.is_dir() else Path.cwd()
        self.cancel_event: threading.Event | None = None
        self.indexing_now = False  # units stored; the search index is being updated
        self.changed = False

    @property
    def running(self) -> bool:
        return self.cancel_event is not None or self.indexing_now

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog", classes="dialog"):
            yield Static("Import a file", classes="dialog-title")
            yield Static("Pick a file or type its path; the format (TMX, TBX, PO, XLIFF, CSV, "
                         "OmegaT, CC-CEDICT) is told from the content.", classes="form-hint")
            yield VisibleTree(self.folder, id="import-tree")
            with Horizontal(classes="field"):
                yield Label("File", classes="field-label")
                yield Input(placeholder=str(self.folder / "…"), id="import-path")
            yield Checkbox("Keep the good units and list the rejected ones", value=True,
                           id="import-lenient")
            yield ProgressBar(id="import-progress", show_eta=False)
            with VerticalScroll(id="import-summary"):
                yield Static(id="import-summary-text")
            with Horizontal(classes="buttons"):
                yield Button("Import", variant="primary", id="import-start")
                yield Button("Close (esc)", id="import-close")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.query_one("#import-summary").display = False
        self.query_one("#import-tree").focus()

    @on(DirectoryTree.FileSelected)
    def file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#import-path", Input).value = str(event.path)
        self.query_one("#import-start", Button).focus()

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import-start")
    def start(self) -> None:
        if self.running:
            return
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self.show_summary(Text("Pick a file first.", style="bold"))
            return
        path = Path(text).expanduser()
        if not path.is_absolute() and not path.exists() and (self.folder / path).exists():
            path = self.folder / path
        if not path.is_file():
            self.show_summary(Text(f"{path}: no such file.", style="bold"))
            return
        self.cancel_event = threading.Event()
        self.set_running(True)
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=max(path.stat().st_size, 1), progress=0)
        self.show_summary(Text(f"Importing {path.name}…"))
        self.run_import(path, self.query_one("#import-lenient", Checkbox).value,
                        self.cancel_event)

    def set_running(self, running: bool) -> None:
        self.query_one("#import-progress").display = True
        for widget in ("#import-start", "#import-path", "#import-tree", "#import-lenient"):
            self.query_one(widget).disabled = running
        close = self.query_one("#import-close", Button)
        close.disabled = False
        close.label = "Cancel import (esc)" if running else "Close (esc)"
        close.variant = "error" if running else "default"
        if running:
            close.focus()

    @work(thread=True, group="import")
    def run_import(self, path: Path, lenient: bool, cancel: threading.Event) -> None:
        def progress(units: int, done: int, size: int) -> None:
            self.post_message(ImportProgress(units, done, size))

        def indexing(units: int) -> None:
            self.post_message(ImportIndexing(units))

        try:
            report = import_file(self.glossary, path, lenient=lenient, progress=progress,
                                 cancel=cancel, indexing=indexing)
        except GlossaryError as exc:
            self.post_message(ImportFinished(None, str(exc), is_cancelled_error(exc)))
            return
        self.post_message(ImportFinished(report))

    @on(ImportProgress)
    def progressed(self, message: ImportProgress) -> None:
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=max(message.size, 1), progress=message.done)
        if self.running:
            self.show_summary(Text(f"Importing… {message.units:,} units read"))

    @on(ImportIndexing)
    def indexing(self, message: ImportIndexing) -> None:
        """Stored for good: the cancel button goes, the bar waits for the index."""
        self.cancel_event = None
        self.indexing_now = True
        self.changed = True
        self.query_one("#import-close", Button).disabled = True
        self.query_one("#import-progress", ProgressBar).update(total=None)
        self.show_summary(Text(f"{message.units:,} units stored; indexing them for search…"))

    @on(ImportFinished)
    def finished(self, message: ImportFinished) -> None:
        self.cancel_event = None
        self.indexing_now = False
        self.set_running(False)
        if message.report is None:
            title = "Import cancelled" if message.cancelled else "Import failed"
            self.show_summary(Text.assemble((title, "bold"), "\n", message.error, "\n",
                                            ("The database is as it was.", "italic")))
            return
        report = message.report
        self.query_one("#import-progress", ProgressBar).update(progress=report.added or 1,
                                                               total=report.added or 1)
        self.changed = self.changed or bool(report.added or report.merged)
        self.show_summary(summary_text(report))

    def show_summary(self, text: Text) -> None:
        self.query_one("#import-summary").display = True
        self.query_one("#import-summary-text", Static).update(text)

    @on(Button.Pressed, "#import-close")
    def action_close(self) -> None:
        """Escape cancels a running import; otherwise it closes the dialog."""
        if self.indexing_now:
            return  # stored already; escape closes the dialog once the index is up to date
        if self.cancel_event is not None:
            self.cancel_event.set()
            self.show_summary(Text("Cancelling…", style="bold"))
            return
        self.dismiss(self.changed)


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
