"""The app's screens and dialogs, one per module."""

from .confirm import ConfirmScreen
from .entry_form import EntryForm
from .export_file import ExportScreen
from .help import HelpScreen
from .import_file import ImportScreen
from .qa import QAScreen
from .recognize import RecognizeScreen
from .search import SearchScreen
from .tm_unit_form import TMUnitForm

__all__ = [
    "ConfirmScreen", "EntryForm", "ExportScreen", "HelpScreen", "ImportScreen",
    "QAScreen", "RecognizeScreen", "SearchScreen", "TMUnitForm",
]
