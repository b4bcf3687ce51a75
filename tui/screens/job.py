"""The base of the dialogs that run long work (import, export, QA): one job at a time in a
thread worker, with progress, cancelling, and a finished, failed or cancelled ending.

What the dialogs share lives here, so each keeps only what is its own: its fields, the
call it runs and how it shows the result. While a job runs, the fields marked
`job-input` are disabled and the close button becomes a cancel button; escape cancels
(or, for a job that cannot be cancelled, closes the dialog and drops its result); once
a job reports that it is committing, nothing can stop it and escape waits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Generic, TypeVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, ProgressBar

from glossary import Glossary

from ..jobs import Job, JobCommitting, JobFinished, JobProgress
from ..widgets.summary import Summary

T = TypeVar("T")  # what the dialog dismisses with
R = TypeVar("R")  # what its job returns

CLOSE = "Close (esc)"


class JobScreen(ModalScreen[T], Generic[T, R]):
    """A dialog that runs a job. A subclass composes its fields (class `job-input`), and
    usually `job_progress()` and `job_buttons()`; it implements `start` (read the
    fields, then `start_job`), `job_done` and, when it returns something, `result`."""

    NOUN: ClassVar[str] = "job"  # names the parts (#import-progress) and the cancel button
    CANCELLABLE: ClassVar[bool] = True  # else escape closes the dialog while the job runs
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close / cancel"),
    ]

    def __init__(self, glossary: Glossary) -> None:
        super().__init__()
        self.glossary = glossary
        self.job: Job | None = None
        self.committing = False  # the running job can no longer be cancelled
        self.committed = False  # a job got that far: the database changed, even if it failed

    # parts a dialog may compose -----------------------------------------------------------

    def job_progress(self) -> ComposeResult:
        """A progress bar, hidden until a job starts, and the summary panel below it."""
        bar = ProgressBar(id=f"{self.NOUN}-progress", show_eta=False)
        bar.display = False
        yield bar
        yield Summary(id=f"{self.NOUN}-summary")

    def job_buttons(self, start: str) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button(start, variant="primary", id=f"{self.NOUN}-start",
                         classes="job-start job-input")
            yield Button(CLOSE, id=f"{self.NOUN}-close", classes="job-close")

    # what a subclass provides ---------------------------------------------------------------

    def start(self) -> None:
        """Read the fields and call `start_job`, or say what is missing."""
        raise NotImplementedError

    def job_done(self, result: R) -> None:
        raise NotImplementedError

    def job_failed(self, error: str, cancelled: bool) -> None:
        title = f"{self.NOUN.capitalize()} {'cancelled' if cancelled else 'failed'}"
        self.show_status(Text.assemble((title, "bold"), "\n", error))

    def result(self) -> T | None:
        """What the dialog dismisses with once closed."""
        return None

    def show_status(self, text: Text | str) -> None:
        self.query_one(Summary).show(text)

    # the job ---------------------------------------------------------------------------------

    def start_job(self, work: Callable[[Job], R], text: str, total: int | None = None) -> None:
        """Run `work` in a thread worker; `total` sizes the bar (None: it only moves)."""
        if self.job is not None:
            return
        job = self.job = Job(self)
        self.set_running(True)
        self.update_bar(0, total)
        self.show_status(Text(text))
        self.run_worker(lambda: job.run(work), thread=True, group=self.NOUN)

    def set_running(self, running: bool) -> None:
        for widget in self.query(".job-input"):
            widget.disabled = running
        close = self.query_one_optional(".job-close", Button)
        if close is None:
            return
        close.disabled = False
        close.label = f"Cancel {self.NOUN} (esc)" if running else CLOSE
        close.variant = "error" if running else "default"
        if running:
            close.focus()

    def update_bar(self, done: int, total: int | None) -> None:
        bar = self.query_one_optional(ProgressBar)
        if bar is not None:
            bar.display = True
            bar.update(total=None if total is None else max(total, 1), progress=done)

    @on(JobProgress)
    def _job_progressed(self, message: JobProgress) -> None:
        if message.job is self.job:
            self.update_bar(message.done, message.total)
            if message.text:
                self.show_status(Text(message.text))

    @on(JobCommitting)
    def _job_committing(self, message: JobCommitting) -> None:
        """Past the point of no return: the cancel button goes, the bar only waits."""
        if message.job is not self.job:
            return
        self.committing = self.committed = True
        close = self.query_one_optional(".job-close", Button)
        if close is not None:
            close.disabled = True
        self.update_bar(0, None)
        self.show_status(Text(message.text))

    @on(JobFinished)
    def _job_finished(self, message: JobFinished) -> None:
        if message.job is not self.job:
            return
        self.job = None
        self.committing = False
        self.set_running(False)
        if message.error:
            bar = self.query_one_optional(ProgressBar)
            if bar is not None:
                bar.display = False
            self.job_failed(message.error, message.cancelled)
        else:
            self.job_done(cast(R, message.result))

    @on(Input.Submitted, ".job-input")
    @on(Button.Pressed, ".job-start")
    def action_start(self) -> None:
        """Enter in a field, the start button or its key: start, unless a job runs."""
        if self.job is None:
            self.start()

    def typed_path(self, field: str, missing: str) -> Path | None:
        """The path typed in the Input of that id, or None after saying `missing`."""
        text = self.query_one(f"#{field}", Input).value.strip()
        if not text:
            self.show_status(Text(missing, style="bold"))
            return None
        return Path(text).expanduser()

    def no_file(self, path: Path) -> bool:
        """Whether there is no file to read at `path`; if so, says it."""
        if path.is_file():
            return False
        self.show_status(Text(f"{path}: no such file.", style="bold"))
        return True

    @on(Button.Pressed, ".job-close")
    def action_close(self) -> None:
        """Escape: cancel the running job, or else close the dialog."""
        if self.job is None or not self.CANCELLABLE:
            self.dismiss(self.result())
        elif not self.committing:
            self.job.cancel.set()
            self.show_status(Text("Cancelling…", style="bold"))
