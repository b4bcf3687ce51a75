"""Terminology QA: check a translated file (PO, TMX, XLIFF, CSV) against the glossary.

The check runs as a job of the dialog; its issues are listed one a row. Enter on an
issue dismisses the dialog with the entry's id, and the search screen then shows that
entry. The core's check cannot be cancelled, so escape closes the dialog at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import DataTable, DirectoryTree, Footer, Input, Label, Static

from glossary import Glossary
from glossary.checks.qa import QAIssue, QAReport
from glossary.text.display import visible

from .import_file import VisibleTree
from .job import JobScreen

EXCERPT = 40  # characters of the source shown in the table
KIND_STYLES = {"forbidden": "bold red", "deprecated": "yellow"}


def excerpt(text: str, width: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def summary(report: QAReport) -> str:
    units = f"{report.units} unit{'s' if report.units != 1 else ''} checked"
    if report.ok:
        return f"{units}, no issues"
    counts = " · ".join(f"{n} {kind}" for kind, n in sorted(report.counts().items()))
    issues = len(report.issues)
    return f"{units}, {issues} issue{'s' if issues != 1 else ''} ({counts})"


class QAScreen(JobScreen[int, QAReport]):
    """Dismisses with the concept id of the issue chosen, or None."""

    NOUN = "qa"
    CANCELLABLE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+o", "pick_file", "Pick a file"),
    ]

    def __init__(self, glossary: Glossary, path: str = "", domain: str = "") -> None:
        super().__init__(glossary)
        self.path = path
        self.domain = domain
        self.issues: list[QAIssue] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="qa-dialog", classes="dialog"):
            yield Static("Terminology QA", classes="dialog-title")
            yield Static("Check a translated file against the glossary: missing, forbidden, "
                         "deprecated and inconsistent terms. Type a file's path or pick "
                         "it (ctrl+o); enter on an issue shows its entry.",
                         classes="form-hint")
            with Horizontal(classes="field"):
                yield Label("File", classes="field-label")
                yield Input(self.path, placeholder="a PO, TMX, XLIFF or CSV file", id="qa-path",
                            classes="job-input")
            with Horizontal(classes="field"):
                yield Label("Domain", classes="field-label")
                yield Input(self.domain, placeholder="optional: only this domain's entries",
                            id="qa-domain", classes="job-input")
            yield Static("Type a path and press enter.", id="qa-summary")
            yield DataTable(id="qa-issues", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def folder(self) -> Path:
        """Where the picker opens: the folder of the file checked last, else here."""
        last = Path(self.path).expanduser().parent if self.path else Path.cwd()
        return last if last.is_dir() else Path.cwd()

    def action_pick_file(self) -> None:
        """A file picker under the path field, opened on request (ctrl+o)."""
        if not self.query("#qa-tree"):
            tree = VisibleTree(self.folder(), id="qa-tree", classes="job-input")
            field = self.query_one("#qa-path").parent
            self.query_one("#qa-dialog").mount(
                tree, after=field if isinstance(field, Widget) else None)
        self.query_one("#qa-tree").focus()

    @on(DirectoryTree.FileSelected, "#qa-tree")
    def file_picked(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#qa-path", Input).value = str(event.path)
        self.start()

    def on_mount(self) -> None:
        table = self.query_one("#qa-issues", DataTable)
        for name in ("place", "kind", "term", "suggestion", "source", "target"):
            table.add_column(name, key=name)
        self.query_one("#qa-path", Input).focus()

    @property
    def last_path(self) -> str:
        return self.query_one("#qa-path", Input).value.strip()

    @property
    def last_domain(self) -> str:
        return self.query_one("#qa-domain", Input).value.strip()

    def show_status(self, text: Text | str) -> None:
        self.query_one("#qa-summary", Static).update(text)

    def start(self) -> None:
        path = self.typed_path("qa-path", "Type the path of a file first.")
        if path is None or self.no_file(path):
            return
        domain = self.last_domain or None
        self.start_job(lambda job: self.glossary.qa(path, domain=domain),
                       f"Checking {path.name}…")

    def job_done(self, report: QAReport) -> None:
        table = self.query_one("#qa-issues", DataTable)
        table.clear()
        self.issues = list(report.issues)
        for issue in self.issues:
            table.add_row(Text(visible(issue.place)),
                          Text(issue.kind, style=KIND_STYLES.get(issue.kind, "")),
                          Text(visible(issue.term)), Text(visible(issue.suggestion)),
                          Text(visible(excerpt(issue.source))),
                          Text(visible(excerpt(issue.target))))
        self.show_status(summary(report))
        if self.issues:
            table.focus()

    def job_failed(self, error: str, cancelled: bool) -> None:
        self.query_one("#qa-issues", DataTable).clear()
        self.issues = []
        self.show_status("Check failed.")
        self.notify(error, severity="error", timeout=8)

    @on(DataTable.RowSelected, "#qa-issues")
    def issue_chosen(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.issues):
            self.dismiss(self.issues[event.cursor_row].concept_id)
