"""Every action of the search screen with its key, once: the bindings, the footer, the help
screen and the command palette are all made from this table, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Action:
    key: str  # Textual key name(s), comma separated
    action: str  # the search screen's action_<name>
    label: str  # footer text
    command: str  # command palette name
    help: str  # what it does, for the help screen and the palette
    footer: bool = True  # shown in the footer; at 80 columns only a few fit beside f1 and ^q


ACTIONS: tuple[Action, ...] = (
    Action("ctrl+n", "add_entry", "Add", "Add entry",
           "add an entry (prefilled from the search)"),
    Action("f2", "edit_entry", "Edit", "Edit entry", "edit the highlighted entry"),
    Action("f9", "edit_terms", "Terms", "Edit entry term by term",
           "each term's status, type, part of speech and note; add or remove synonyms",
           footer=False),
    Action("f8", "delete_entry", "Delete", "Delete entry",
           "delete the highlighted entry (asks first; delete key in the list too)",
           footer=False),
    Action("ctrl+z", "undo", "Undo", "Undo", "undo the last change (History undoes older ones)",
           footer=False),
    Action("ctrl+y", "copy", "Copy", "Copy translation",
           "copy the entry's translation, or the TM target when the TM list has focus",
           footer=False),
    Action("ctrl+o", "toggle_concordance", "Concordance", "Toggle concordance",
           "switch the TM list between fuzzy matches and concordance", footer=False),
    Action("ctrl+t", "add_tm_unit", "Add TM", "Add TM unit",
           "add a TM unit with the search text as its source", footer=False),
    Action("ctrl+r", "recognize", "Recognise", "Recognise terms in a text",
           "paste a text and see the glossary terms in it", footer=False),
    Action("ctrl+l", "import_file", "Import", "Import a file",
           "import a glossary or TM file (TMX, TBX, PO, XLIFF, CSV…)"),
    Action("ctrl+s", "export_file", "Export", "Export",
           "export terms or TM as TMX, PO, TBX or CSV"),
    Action("ctrl+g", "qa_check", "QA", "QA check",
           "check a translated file (PO, TMX, XLIFF, CSV) against the glossary"),
    Action("f3", "browse_entries", "Browse", "Browse the glossary",
           "every entry, a page at a time: filter, sort, edit, change or delete in bulk"),
    Action("f4", "browse_memory", "Memory", "Browse the memory",
           "every TM unit: filter, edit a target, delete, roll back an import", footer=False),
    Action("f6", "replace", "Replace", "Find and replace in the memory",
           "plain text or regular expression, previewed before it is applied",
           footer=False),
    Action("f7", "history", "History", "History",
           "every change with its time and author; undo any that later ones allow",
           footer=False),
)

# Keys that are not actions of their own, for the help screen.
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("type", "search Chinese (简/繁), pinyin, English or abbreviations"),
    ("↓ / enter", "from the search field into the term results"),
    ("tab / shift+tab", "between the search field, the term list and the TM list"),
    ("↑ on first row", "back to the search field"),
    ("esc", "back to the search field; there, clear the search"),
)
GLOBAL: tuple[tuple[str, str], ...] = (
    ("ctrl+p", "command palette: every action by name"),
    ("f1 / ?", "this help (? in the lists)"),
    ("ctrl+q", "quit"),
)


def bindings() -> list[Binding]:
    return [Binding(a.key, a.action, a.label, show=a.footer) for a in ACTIONS]


def shown_key(key: str) -> str:
    return key.split(",")[0]
