"""Export terms, TM units or both as TMX, PO, TBX or CSV, optionally one domain only.

The core writes a temporary file and renames it into place at the end, so a
cancelled or failed export never leaves half a file where a good one was.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Label, Select, Static

from glossary import Glossary
from glossary.interchange.exporter import ExportReport

from ..core import EXPORT_ALLOWED, EXPORT_FORMATS, export_file
from ..jobs import Job
from .job import JobScreen

WHAT_NAMES = {"terms": "terms (entries)", "tm": "translation memory", "all": "all"}
NOTES_LISTED = 50


def default_path(folder: Path, fmt: str, what: str) -> Path:
    return folder / f"glossary-{what}.{fmt}"


class ExportScreen(JobScreen[None, ExportReport]):
    NOUN = "export"
    BINDINGS: ClassVar[list[BindingType]] = [
        *JobScreen.BINDINGS,
        Binding("ctrl+s", "start", "Export"),
    ]

    def __init__(self, glossary: Glossary, folder: Path | None = None) -> None:
        super().__init__(glossary)
        self.folder = folder or Path.cwd()
        self.auto_path = str(default_path(self.folder, "tmx", "tm"))

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            yield Static("Export", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Format", classes="field-label")
                yield Select([(f.upper(), f) for f in EXPORT_FORMATS], value="tmx",
                             allow_blank=False, id="export-format", classes="job-input")
            with Horizontal(classes="field"):
                yield Label("What", classes="field-label")
                yield Select(self.what_options("tmx"), value="tm", allow_blank=False,
                             id="export-what", classes="job-input")
            with Horizontal(classes="field"):
                yield Label("Domain", classes="field-label")
                yield Input(placeholder="all domains", id="export-domain", classes="job-input")
            with Horizontal(classes="field"):
                yield Label("File", classes="field-label")
                yield Input(self.auto_path, id="export-path", classes="job-input")
            yield Static(id="export-hint", classes="form-hint")
            yield from self.job_progress()
            yield from self.job_buttons("Export (ctrl+s)")
        yield Footer()

    @staticmethod
    def what_options(fmt: str) -> list[tuple[str, str]]:
        return [(WHAT_NAMES[w], w) for w in EXPORT_ALLOWED[fmt]]

    def on_mount(self) -> None:
        self.query_one("#export-format").focus()
        self.path_changed()

    def choice(self, name: str) -> str:
        return str(self.query_one(f"#export-{name}", Select).value)

    @on(Select.Changed, "#export-format")
    def format_changed(self) -> None:
        fmt = self.choice("format")
        what = self.query_one("#export-what", Select)
        keep = what.value if what.value in EXPORT_ALLOWED[fmt] else EXPORT_ALLOWED[fmt][0]
        what.set_options(self.what_options(fmt))
        what.value = keep
        self.update_auto_path()

    @on(Select.Changed, "#export-what")
    def update_auto_path(self) -> None:
        """Follow format and content in the file name, unless the user typed one."""
        path = self.query_one("#export-path", Input)
        if path.value == self.auto_path:
            self.auto_path = str(default_path(self.folder, self.choice("format"),
                                              self.choice("what")))
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

    def start(self) -> None:
        path = self.typed_path("export-path", "Give a file name to export to.")
        if path is None:
            return
        fmt, what = self.choice("format"), self.choice("what")
        domain = self.query_one("#export-domain", Input).value.strip()

        def work(job: Job) -> ExportReport:
            def progress(done: int, total: int) -> None:
                job.progress(done, total)
                job.check()  # the exporter takes no cancel event; this stops it here

            return export_file(self.glossary, path, format=fmt, what=what, domain=domain,
                               progress=progress)

        self.start_job(work, "Exporting…")

    def job_done(self, report: ExportReport) -> None:
        self.update_bar(max(report.written, 1), max(report.written, 1))
        out = Text.assemble(("Exported", "bold"), "\n", report.summary())
        for note in report.notes[:NOTES_LISTED]:
            out.append(f"\n  {note}")
        if len(report.notes) > NOTES_LISTED:
            out.append(f"\n  … and {len(report.notes) - NOTES_LISTED} more notes", "italic")
        self.show_status(out)
        self.query_one("#export-hint", Static).update("")
