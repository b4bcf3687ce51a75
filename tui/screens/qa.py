"""Terminology QA: check a translated file (PO, TMX, XLIFF, CSV) against the glossary.

The check runs as a job of the dialog; its issues are listed one a row, in columns sized
to the screen (each cell cut with an ellipsis), and the highlighted issue is shown whole
in a detail pane: below the table when narrow, beside it from TWO_PANES columns, like the
browse screens. Enter on an issue dismisses the dialog with the entry's id, and the
search screen then shows that entry. The core's check cannot be cancelled, so escape
closes the dialog at once (or, while the file picker is open, closes the picker).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, DirectoryTree, Footer, Input, Label, Static

from glossary import Glossary
from glossary.checks.qa import QAIssue, QAReport
from glossary.text.display import visible

from .import_file import VisibleTree
from .job import JobScreen
from .panes import TWO_PANES

KIND_STYLES = {"forbidden": "bold red", "deprecated": "yellow"}
COLUMNS = ("place", "kind", "term", "suggestion", "source", "target")
FIXED = {"place": 10, "kind": 12}  # "inconsistent"; a longer place is in the detail
WITH_SUGGESTION = 100  # table cells from which the suggestion has a column of its own


def one_line(text: str) -> Text:
    """A table cell: escaped, on one line, cut with an ellipsis (the detail has it all)."""
    return Text(visible(" ".join(text.split())), no_wrap=True, overflow="ellipsis")


def column_widths(width: int, padding: int = 1) -> dict[str, int]:
    """Columns that fit a table `width` cells wide: place and kind fixed, the rest share
    what is left; below WITH_SUGGESTION the suggestion is left to the detail pane, so
    that source and target keep room at 80 columns."""
    shown = [c for c in COLUMNS if c != "suggestion" or width >= WITH_SUGGESTION]
    flexible = [c for c in shown if c not in FIXED]
    free = width - sum(FIXED.values()) - 2 * padding * len(shown) - 2  # the scrollbar
    share = max(8, free // len(flexible))
    return {c: FIXED.get(c, share) for c in shown}


def issue_detail(issue: QAIssue) -> Text:
    """The issue in full, wrapped: where, what, the term, the suggestion, both texts."""
    return Text.assemble(
        (visible(issue.place), "bold"), "  ",
        (issue.kind, KIND_STYLES.get(issue.kind, "bold")), "\n",
        ("Term: ", "dim"), visible(issue.term), "\n",
        ("Use: ", "dim"), visible(issue.suggestion), "\n",
        ("Source: ", "dim"), visible(issue.source), "\n",
        ("Target: ", "dim"), visible(issue.target))


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
            yield Static("Missing, forbidden, deprecated and inconsistent terms in a "
                         "translated file. Type its path or pick it (ctrl+o); enter on an "
                         "issue shows its entry.", classes="form-hint")
            with Horizontal(classes="field"):
                yield Label("File", classes="field-label")
                yield Input(self.path, placeholder="a PO, TMX, XLIFF or CSV file", id="qa-path",
                            classes="job-input")
            with Horizontal(classes="field"):
                yield Label("Domain", classes="field-label")
                yield Input(self.domain, placeholder="optional: only this domain's entries",
                            id="qa-domain", classes="job-input")
            yield Static("Type a path and press enter.", id="qa-summary")
            with Horizontal(id="qa-body"):
                yield DataTable(id="qa-issues", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="qa-detail"):
                    yield Static("The highlighted issue is shown here in full.",
                                 id="qa-detail-body")
        yield Footer()

    def folder(self) -> Path:
        """Where the picker opens: the folder of the file checked last, else here."""
        last = Path(self.path).expanduser().parent if self.path else Path.cwd()
        return last if last.is_dir() else Path.cwd()

    def action_pick_file(self) -> None:
        """A file picker under the path field, opened on request (ctrl+o). While it is
        open it takes the results' place (-picking), so it has most of the height."""
        if not self.query("#qa-tree"):
            tree = VisibleTree(self.folder(), id="qa-tree", classes="job-input")
            field = self.query_one("#qa-path").parent
            self.query_one("#qa-dialog").mount(
                tree, after=field if isinstance(field, Widget) else None)
        self.add_class("-picking")
        self.query_one("#qa-tree").focus()

    def close_picker(self) -> None:
        self.query("#qa-tree").remove()
        self.remove_class("-picking")

    def action_close(self) -> None:
        """Escape closes the picker when it is open, else the dialog."""
        if self.query("#qa-tree") and self.job is None:
            self.close_picker()
            self.query_one("#qa-path", Input).focus()
        else:
            super().action_close()

    @on(DirectoryTree.FileSelected, "#qa-tree")
    def file_picked(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#qa-path", Input).value = str(event.path)
        self.close_picker()
        self.start()

    def on_mount(self) -> None:
        self.widths: dict[str, int] = {}
        self.on_resize()
        self.query_one("#qa-path", Input).focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= TWO_PANES, "-two-panes")
        self.call_after_refresh(self.show_issues)

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

    def show_issues(self) -> None:
        """(Re)build the table for its width now, keeping the highlighted row."""
        table = self.query_one("#qa-issues", DataTable)
        widths = column_widths(table.size.width or self.size.width, table.cell_padding)
        if widths != self.widths:
            self.widths = widths
            row = table.cursor_row
            table.clear(columns=True)
            for name, width in widths.items():
                table.add_column(name, key=name, width=width)
            self.add_rows()
            if 0 <= row < table.row_count:
                table.move_cursor(row=row)

    def add_rows(self) -> None:
        table = self.query_one("#qa-issues", DataTable)
        for issue in self.issues:
            cells = {"place": one_line(issue.place),
                     "kind": Text(issue.kind, style=KIND_STYLES.get(issue.kind, "")),
                     "term": one_line(issue.term), "suggestion": one_line(issue.suggestion),
                     "source": one_line(issue.source), "target": one_line(issue.target)}
            table.add_row(*(cells[c] for c in self.widths))
        self.show_detail(table.cursor_row if self.issues else None)

    def show_detail(self, row: int | None) -> None:
        body = self.query_one("#qa-detail-body", Static)
        if row is not None and 0 <= row < len(self.issues):
            body.update(issue_detail(self.issues[row]))
        else:
            body.update("The highlighted issue is shown here in full.")

    @on(DataTable.RowHighlighted, "#qa-issues")
    def issue_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail(event.cursor_row)

    def job_done(self, report: QAReport) -> None:
        table = self.query_one("#qa-issues", DataTable)
        table.clear()
        self.issues = list(report.issues)
        self.add_rows()
        self.show_status(summary(report))
        if self.issues:
            table.focus()

    def job_failed(self, error: str, cancelled: bool) -> None:
        self.query_one("#qa-issues", DataTable).clear()
        self.issues = []
        self.show_detail(None)
        self.show_status("Check failed.")
        self.notify(error, severity="error", timeout=8)

    @on(DataTable.RowSelected, "#qa-issues")
    def issue_chosen(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.issues):
            self.dismiss(self.issues[event.cursor_row].concept_id)
