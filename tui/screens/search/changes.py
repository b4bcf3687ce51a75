"""The changes the main screen makes: add, edit, delete and undo entries, add a TM unit.

Each opens its form (or question), runs the change in a thread worker, and posts the
outcome to the screen: Written, with what to tell and which entry to put the cursor
on, or WriteFailed, whose retry reopens the form with the core's refusal in it, so
nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.screen import Screen

from glossary import Concept, Glossary, GlossaryError, StaleError

from ...rows import add_arguments, changed_fields, form_values, new_entry_values, same_entry
from ..confirm import ConfirmScreen
from ..entry_form import EntryForm
from ..terms_form import TermsForm
from ..tm_unit_form import TMUnitForm
from .messages import WriteFailed, Written

WriteJob = Callable[[], tuple[str, str | None]]  # returns (what to tell, key to select)
Retry = Callable[[str], None]  # reopens a form with the error


class Changes:
    """The write flows of `host` (the screen), which handles Written and WriteFailed."""

    def __init__(self, glossary: Glossary, host: Screen) -> None:
        self.glossary = glossary
        self.host = host

    def run(self, job: WriteJob, retry: Retry | None = None,
            on_stale: Retry | None = None) -> None:
        """`on_stale` reopens the form when someone else changed the record meanwhile
        (it offers Reload); other refusals go to `retry`."""
        self.host.run_worker(partial(self.write_job, job, retry, on_stale), thread=True,
                             group="write")

    def write_job(self, job: WriteJob, retry: Retry | None,
                  on_stale: Retry | None = None) -> None:
        try:
            text, select = job()
        except StaleError as exc:
            self.host.post_message(WriteFailed(str(exc), on_stale or retry))
            return
        except GlossaryError as exc:
            self.host.post_message(WriteFailed(str(exc), retry))
            return
        self.host.post_message(Written(text, select))

    # entries ----------------------------------------------------------------------------------

    def add_entry(self, query: str) -> None:
        """The entry form, prefilled with the search text on its side."""
        self.open_add(new_entry_values(query))

    def open_add(self, values: dict[str, str], error: str | None = None) -> None:
        self.host.app.push_screen(EntryForm("Add entry", values, error), self.add_done)

    def add_done(self, values: dict[str, str] | None) -> None:
        if values is None:
            return

        def job() -> tuple[str, str | None]:
            twin = same_entry(self.glossary, values)
            if twin is not None:
                raise GlossaryError(f"#{twin.id} is already {twin.zh} — {twin.en}"
                                    f"{' in ' + twin.domain if twin.domain else ''}; "
                                    "edit it (f2) instead, or give another domain.")
            concept = self.glossary.add_entry(values["zh"], values["en"],
                                              **add_arguments(values))  # type: ignore[arg-type]
            return f"Added #{concept.id} {concept.zh} — {concept.en}.", str(concept.id)

        self.run(job, retry=lambda error: self.open_add(values, error))

    def edit_entry(self, concept: Concept) -> None:
        self.open_edit(concept, form_values(concept))

    def open_edit(self, loaded: Concept, values: dict[str, str], error: str | None = None,
                  stale: bool = False) -> None:
        """The entry form over `loaded`, the entry as the user saw it: the save is refused
        if someone changed it since; then the form offers to reload it."""
        current = [loaded]

        def reload() -> dict[str, str]:
            current[0] = self.glossary.get_entry(loaded.id)
            return form_values(current[0])

        def done(after: dict[str, str] | None) -> None:
            if after is not None:
                self.edit_done(current[0], after)

        self.host.app.push_screen(EntryForm(f"Edit entry #{loaded.id}", values, error,
                                            reload if stale else None), done)

    def edit_done(self, loaded: Concept, after: dict[str, str]) -> None:
        changes = changed_fields(form_values(loaded), after)
        if not changes:
            self.host.notify("Nothing changed.")
            return

        def job() -> tuple[str, str | None]:
            concept = self.glossary.edit_entry(loaded.id, expected=loaded, **changes)
            return f"Saved #{concept.id} {concept.zh} — {concept.en}.", str(concept.id)

        self.run(job, retry=lambda error: self.open_edit(loaded, after, error),
                 on_stale=lambda error: self.open_edit(loaded, after, error, stale=True))

    def edit_terms(self, loaded: Concept, shown: Concept | None = None,
                   error: str | None = None, stale: bool = False) -> None:
        """The entry term by term; a refusal reopens the form as it was left (`shown`),
        still compared with `loaded`, the entry as first shown."""
        current = [loaded]

        def reload() -> Concept:
            current[0] = self.glossary.get_entry(loaded.id)
            return current[0]

        def done(after: Concept | None) -> None:
            if after is None:
                return
            was = current[0]

            def job() -> tuple[str, str | None]:
                saved = self.glossary.save_entry(after, expected=was)
                return f"Saved #{saved.id} {saved.zh} — {saved.en}.", str(saved.id)

            self.run(job, retry=lambda problem: self.edit_terms(was, after, problem),
                     on_stale=lambda problem: self.edit_terms(was, after, problem, True))

        self.host.app.push_screen(
            TermsForm(shown or loaded, error, reload if stale else None), done)

    def delete_entry(self, concept: Concept) -> None:
        """Asks first; undo brings the entry back."""
        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.run(job)

        def job() -> tuple[str, str | None]:
            self.glossary.delete_entry(concept.id, expected=concept)
            return f"Deleted #{concept.id} {concept.zh}. ctrl+z brings it back.", None

        question = (f"Delete entry #{concept.id}?\n\n{concept.zh}\n{concept.en}\n\n"
                    "ctrl+z undoes it.")
        self.host.app.push_screen(ConfirmScreen(question, "Delete"), done)

    def undo(self) -> None:
        def job() -> tuple[str, str | None]:
            done = self.glossary.undo()
            if done is None:
                return "Nothing to undo.", None
            return f"Undid {done['action']} of #{done['id']}.", str(done["id"])

        self.run(job)

    # translation memory -----------------------------------------------------------------------

    def add_tm_unit(self, query: str) -> None:
        """The TM unit form, with the search text as the source."""
        self.open_add_tm({"source": query.strip(), "target": ""})

    def open_add_tm(self, values: dict[str, str], error: str | None = None) -> None:
        self.host.app.push_screen(TMUnitForm(values, error), self.add_tm_done)

    def add_tm_done(self, values: dict[str, str] | None) -> None:
        if values is None:
            return

        def job() -> tuple[str, str | None]:
            unit = self.glossary.add_tm_unit(values["source"], values["target"],
                                             values["source_lang"], values["target_lang"])
            return f"Added TM unit #{unit.id}.", None

        self.run(job, retry=lambda error: self.open_add_tm(values, error))
