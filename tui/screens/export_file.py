"""Export terms, TM units or both as TMX, PO, TBX or CSV, optionally one domain only."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, ProgressBar, Select, Static

from glossary import Glossary, GlossaryError

from ..core import EXPORT_ALLOWED, EXPORT_FORMATS, export_file

WHAT_NAMES = {"terms": "terms (entries)", "tm": "translation memory", "all": "all"}
NOTES_LISTED = 50


class ExportProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class ExportFinished(Message):
    def __init__(self, report: object | None, error: str = "") -> None:
        super().__init__()
        self.report = report
        self.error = error


def default_path(folder: Path, fmt: str, what: str) -> Path:
    return folder / f"glossary-{what}.{fmt}"


class ExportScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "export", "Export"),
    ]

    def __init__(self, glossary: Glossary, folder: Path | None = None) -> None:
        super().__init__()
        self.glossary = glossary
        self.folder = folder or Path.cwd()
        self.auto_path = str(default_path(self.folder, "tmx", "tm"))
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static("Export", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Format", classes="field-label")
                yield Select([(f.upper(), f) for f in EXPORT_FORMATS], value="tmx",
                             allow_blank=False, id="export-format")
            with Horizontal(classes="field"):
                yield Label("What", classes="field-label")
                yield Select(self.what_options("tmx"), value="tm", allow_blank=False,
                             id="export-what")
            with Horizontal(classes="field"):
                yield Label("Domain", classes="field-label")
                yield Input(placeholder="all domains", id="export-domain")
            with Horizontal(classes="field"):
                yield Label("File", classes="field-label")
                yield Input(self.auto_path, id="export-path")
            yield Static(id="export-hint", classes="form-hint")
            yield ProgressBar(id="export-progress", show_eta=False)
            with VerticalScroll(id="export-summary"):
                yield Static(id="export-summary-text")
            with Horizontal(classes="buttons"):
                yield Button("Export (ctrl+s)", variant="primary", id="export-start")
                yield Button("Close (esc)", id="export-close")
        yield Footer()

    @staticmethod
    def what_options(fmt: str) -> list[tuple[str, str]]:
        return [(WHAT_NAMES[w], w) for w in EXPORT_ALLOWED[fmt]]

    def on_mount(self) -> None:
        self.query_one("#export-progress").display = False
        self.query_one("#export-summary").display = False
        self.query_one("#export-format").focus()
        self.path_changed()

    @on(Select.Changed, "#export-format")
    def format_changed(self, event: Select.Changed) -> None:
        fmt = str(event.value)
        what = self.query_one("#export-what", Select)
        keep = what.value if what.value in EXPORT_ALLOWED[fmt] else EXPORT_ALLOWED[fmt][0]
        what.set_options(self.what_options(fmt))
        what.value = keep
        self.update_auto_path()

    @on(Select.Changed, "#export-what")
    def what_changed(self) -> None:
        self.update_auto_path()

    def update_auto_path(self) -> None:
        """Follow format and content in the file name, unless the user typed one."""
        path = self.query_one("#export-path", Input)
        fmt = str(self.query_one("#export-format", Select).value)
        what = str(self.query_one("#export-what", Select).value)
        if path.value == self.auto_path:
            self.auto_path = str(default_path(self.folder, fmt, what))
            path.value = self.auto_path

    @on(Input.Changed, "#export-path")
    def path_changed(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        path = Path(text).expanduser() if text else None
        hint = ""
        if path is not None and path.exists():
            hint = "This file exists and will be replaced."
        elif path is not None and not path.parent.is_dir():
            hint = f"{path.parent}: no such folder."
        self.query_one("#export-hint", Static).update(hint)

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-start")
    def action_export(self) -> None:
        if self.running:
            return
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.show_summary(Text("Give a file name to export to.", style="bold"))
            return
        self.running = True
        self.query_one("#export-start").disabled = True
        bar = self.query_one("#export-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.show_summary(Text("Exporting…"))
        self.run_export(Path(text).expanduser(), str(self.query_one("#export-format").value),
                        str(self.query_one("#export-what").value),
                        self.query_one("#export-domain", Input).value.strip())

    @work(thread=True, group="export")
    def run_export(self, path: Path, fmt: str, what: str, domain: str) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(ExportProgress(done, total))

        try:
            report = export_file(self.glossary, path, format=fmt, what=what, domain=domain,
                                 progress=progress)
        except GlossaryError as exc:
            self.post_message(ExportFinished(None, str(exc)))
            return
        self.post_message(ExportFinished(report))

    @on(ExportProgress)
    def progressed(self, message: ExportProgress) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=max(message.total, 1),
                                                               progress=message.done)

    @on(ExportFinished)
    def finished(self, message: ExportFinished) -> None:
        self.running = False
        self.query_one("#export-start").disabled = False
        bar = self.query_one("#export-progress", ProgressBar)
        if message.report is None:
            bar.display = False
            self.show_summary(Text.assemble(("Export failed", "bold"), "\n", message.error))
            return
        report = message.report
        bar.update(total=max(report.written, 1), progress=max(report.written, 1))
        out = Text.assemble(("Exported", "bold"), "\n", report.summary())
        for note in report.notes[:NOTES_LISTED]:
            out.append(f"\n  {note}")
        if len(report.notes) > NOTES_LISTED:
            out.append(f"\n  … and {len(report.notes) - NOTES_LISTED} more notes", "italic")
        self.show_summary(out)
        self.query_one("#export-hint", Static).update("")

    def show_summary(self, text: Text) -> None:
        self.query_one("#export-summary").display = True
        self.query_one("#export-summary-text", Static).update(text)

    @on(Button.Pressed, "#export-close")
    def action_close(self) -> None:
        if not self.running:
            self.dismiss(None)
