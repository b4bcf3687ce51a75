"""Work off the UI thread and how it reports back: failures, progress, cancelling, outcomes.

Every call into the core runs in a thread worker, since SQLite and file reads must
never hold up a keystroke; what the work finds comes back as a message posted to the
screen that started it. Two shapes of work share this module:

- short calls (a lookup, a change, the counts) only need the core's GlossaryError
  turned into a `Failed` message, since its text is written for the user: `reported`;
- long jobs of the dialogs (import, export, QA) also take a cancel event and report
  progress, through a `Job` (screens/job.py runs them and shows what they report).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from textual.message import Message
from textual.message_pump import MessagePump

from glossary import GlossaryError

R = TypeVar("R")  # what a job returns


@dataclass
class Failed(Message):
    """A GlossaryError from a worker; its text is written for the user."""

    error: str


@contextmanager
def reported(host: MessagePump) -> Iterator[None]:
    """Run a block in a worker; a GlossaryError in it is posted to `host` as `Failed`.

    Raised in a worker, it would end the app; the user needs to read it and go on.
    """
    try:
        yield
    except GlossaryError as exc:
        host.post_message(Failed(str(exc)))


class JobCancelled(GlossaryError):
    """The user cancelled a job the core cannot cancel by itself (raised by `Job.check`)."""


@dataclass
class JobProgress(Message):
    """How far a job got: `done` of `total` (None: unknown), and a line to show, if any."""

    job: Job
    done: int
    total: int | None
    text: str


@dataclass
class JobCommitting(Message):
    """The job is past the point where cancelling could undo it (an import's units are
    stored, only the search index is still being updated)."""

    job: Job
    text: str


@dataclass
class JobFinished(Message):
    """A job's outcome: its result, or else the error text; `cancelled` says whether the
    error is the user's cancelling."""

    job: Job
    result: object
    error: str = ""
    cancelled: bool = False


class Job:
    """What a long job gets in its thread: the cancel event, and ways to report back.

    The messages name their job, so a screen can tell a finished job's late report
    from the running one's.
    """

    def __init__(self, host: MessagePump) -> None:
        self.host = host
        self.cancel = threading.Event()

    def progress(self, done: int, total: int | None = None, text: str = "") -> None:
        self.host.post_message(JobProgress(self, done, total, text))

    def committing(self, text: str) -> None:
        self.host.post_message(JobCommitting(self, text))

    def check(self) -> None:
        """Stop here if the user cancelled: for core calls that take no cancel event
        but call back often (an export's progress)."""
        if self.cancel.is_set():
            raise JobCancelled("Cancelled; nothing was written.")

    def run(self, work: Callable[[Job], R]) -> None:
        """Run `work` in this thread and post its outcome as `JobFinished`."""
        try:
            result = work(self)
        except GlossaryError as exc:
            self.host.post_message(JobFinished(self, None, str(exc), self.cancel.is_set()))
            return
        self.host.post_message(JobFinished(self, result))
