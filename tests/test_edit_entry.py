"""Editing an entry's main terms leaves its variants alone and never duplicates a term.

The starter glossary's 知识产权 entry has seven terms: 知识产权, intellectual property
rights, IPR (preferred abbreviation), intellectual property, IP (admitted abbreviation),
IP rights and 知产 (admitted Chinese short form).
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner

import glossary
from glossary.cli.commands import cli
from glossary.errors import GlossaryError
from glossary.models import Concept, Term

REPO = Path(__file__).resolve().parents[1]
STARTER = REPO / "imports" / "ipr-glossary.csv"


@pytest.fixture
def g7(tmp_path: Path):
    """A glossary holding the starter's 知识产权 entry, and its id."""
    with glossary.open(tmp_path / "memory.db") as g:
        g.add_entry("知识产权", "intellectual property rights", abbr="IPR", domain="law",
                    pos="noun")
        cid = g.lookup("IPR")[0].concept.id
        g.termbase.add_terms(cid, [
            Term("en", "intellectual property", "admitted", pos="noun"),
            Term("en", "IP", "admitted", "abbreviation", "noun"),
            Term("en", "IP rights", "admitted", pos="noun"),
            Term("zh-Hans", "知产", "admitted", "abbreviation", "noun"),
        ])
        yield g, cid


def terms(concept: Concept) -> list[tuple[str, str, str]]:
    return [(t.text, t.status, t.type) for t in concept.terms]


def no_twins(concept: Concept) -> None:
    counts = Counter((t.lang, t.text) for t in concept.terms)
    assert [k for k, n in counts.items() if n > 1] == []


def test_clearing_the_abbreviation_removes_only_the_main_one_and_undo_restores(g7):
    g, cid = g7
    before = asdict(g.get_entry(cid))
    edited = g.termbase.edit(cid, abbr="")
    assert [t.text for t in edited.terms] == [
        "知识产权", "intellectual property rights", "intellectual property", "IP",
        "IP rights", "知产"]
    assert edited.main_abbreviation.text == "IP"  # what the entry form shows next
    assert g.undo() == {"action": "edit", "id": cid}
    assert asdict(g.get_entry(cid)) == before


def test_setting_the_abbreviation_replaces_only_the_main_one(g7):
    g, cid = g7
    before = g.get_entry(cid)
    ipr_id = before.main_abbreviation.id
    edited = g.termbase.edit(cid, abbr="I.P.R.")
    assert edited.main_abbreviation.text == "I.P.R."
    assert edited.main_abbreviation.id == ipr_id
    assert [t.text for t in edited.abbreviations] == ["I.P.R.", "IP", "知产"]
    assert len(edited.terms) == 7
    g.undo()
    assert asdict(g.get_entry(cid)) == asdict(before)


def test_english_set_to_a_variant_promotes_it_and_undo_restores(g7):
    g, cid = g7
    before = asdict(g.get_entry(cid))
    edited = g.termbase.edit(cid, en="IP rights")
    no_twins(edited)
    assert edited.en == "IP rights"
    assert terms(edited) == [
        ("知识产权", "preferred", "fullForm"),
        ("IP rights", "preferred", "fullForm"),
        ("IPR", "preferred", "abbreviation"),
        ("intellectual property", "admitted", "fullForm"),
        ("IP", "admitted", "abbreviation"),
        ("intellectual property rights", "admitted", "fullForm"),
        ("知产", "admitted", "abbreviation"),
    ]
    assert g.lookup("intellectual property rights")[0].concept.id == cid  # still found
    g.undo()
    assert asdict(g.get_entry(cid)) == before


def test_a_variant_differing_only_in_case_is_promoted_with_the_new_spelling(g7):
    g, cid = g7
    edited = g.termbase.edit(cid, en="IP Rights")
    no_twins(edited)
    assert [t.text for t in edited.terms if t.text.casefold() == "ip rights"] == ["IP Rights"]
    assert edited.en == "IP Rights"


def test_chinese_set_to_a_variant_promotes_it(g7):
    g, cid = g7
    g.termbase.add_terms(cid, [Term("zh-Hant", "知識產權", "admitted")])
    before = asdict(g.get_entry(cid))
    edited = g.termbase.edit(cid, zh="知識產權")
    no_twins(edited)
    assert edited.zh == "知識產權"
    assert ("知识产权", "admitted", "fullForm") in terms(edited)
    assert len(edited.terms) == 8
    g.undo()
    assert asdict(g.get_entry(cid)) == before


def test_abbreviation_set_to_a_variant_promotes_it_and_undo_restores(g7):
    g, cid = g7
    before = asdict(g.get_entry(cid))
    edited = g.termbase.edit(cid, abbr="IP")
    no_twins(edited)
    assert edited.main_abbreviation.text == "IP"
    assert ("IPR", "admitted", "abbreviation") in terms(edited)
    edited = g.termbase.edit(cid, abbr="知产")
    no_twins(edited)
    assert edited.main_abbreviation.text == "知产"
    assert len(edited.terms) == 7
    g.undo()
    g.undo()
    assert asdict(g.get_entry(cid)) == before


def test_a_main_term_cannot_take_the_text_of_a_term_of_the_other_kind(g7):
    g, cid = g7
    before = asdict(g.get_entry(cid))
    with pytest.raises(GlossaryError, match="'IPR' is already an abbreviation"):
        g.termbase.edit(cid, en="IPR")
    with pytest.raises(GlossaryError, match="'IP rights' is already a full term"):
        g.termbase.edit(cid, abbr="ip rights")
    with pytest.raises(GlossaryError, match="already a full term"):
        g.termbase.edit(cid, en="IPX", abbr="IPX")
    assert asdict(g.get_entry(cid)) == before
    assert g.undo() == {"action": "add", "id": cid}  # the failed edits logged nothing


def test_status_and_pos_apply_to_the_main_terms_only(g7):
    g, cid = g7
    edited = g.termbase.edit(cid, status="deprecated", pos="phrase")
    changed = {t.text for t in edited.terms if (t.status, t.pos) == ("deprecated", "phrase")}
    assert changed == {"知识产权", "intellectual property rights", "IPR"}
    assert {t.status for t in edited.terms if t.text not in changed} == {"admitted"}


def test_new_abbreviation_on_an_entry_without_one(g):
    c = g.add_entry("专利", "patent")
    edited = g.termbase.edit(c.id, abbr="PT")
    assert terms(edited)[-1] == ("PT", "preferred", "abbreviation")
    assert g.termbase.edit(c.id, abbr="").abbreviations == []


def test_the_entry_form_round_trip_changes_only_what_it_shows(g7):
    rows = pytest.importorskip("tui.rows")
    g, cid = g7
    shown = rows.form_values(g.get_entry(cid))
    assert (shown["en"], shown["abbr"]) == ("intellectual property rights", "IPR")
    after = {**shown, "en": "IP rights", "abbr": ""}
    edited = g.termbase.edit(cid, **rows.changed_fields(shown, after))
    no_twins(edited)
    assert rows.form_values(edited)["en"] == "IP rights"
    assert [t.text for t in edited.abbreviations] == ["IP", "知产"]


def test_glossary_edit_entry_uses_the_fixed_edit(g7):
    g, cid = g7
    edited = g.edit_entry(cid, abbr="", en="IP rights")
    no_twins(edited)
    assert [t.text for t in edited.abbreviations] == ["IP", "知产"]


# the command line, on the starter glossary itself ---------------------------------


def cli_run(db: Path, *args: str):
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result


def entry_terms(db: Path) -> list[tuple[str, str, str]]:
    with glossary.open(db) as g:
        hit = next(h for h in g.lookup("知识产权") if h.concept.zh == "知识产权")
        return terms(hit.concept)


def test_cli_edit_abbr_and_en_on_the_starter_glossary_then_undo(tmp_path):
    db = tmp_path / "memory.db"
    cli_run(db, "import", str(STARTER))
    original = entry_terms(db)
    assert [t[0] for t in original] == [
        "知识产权", "intellectual property rights", "IPR", "intellectual property", "IP",
        "IP rights", "知产"]
    with glossary.open(db) as g:
        cid = g.lookup("IPR")[0].concept.id

    cli_run(db, "edit", str(cid), "--abbr", "")
    assert [t[0] for t in entry_terms(db)] == [
        "知识产权", "intellectual property rights", "intellectual property", "IP",
        "IP rights", "知产"]
    cli_run(db, "undo")
    assert entry_terms(db) == original

    out = cli_run(db, "edit", str(cid), "--en", "IP rights").output
    assert "知识产权 / IP rights" in out
    after = entry_terms(db)
    assert [t for t in after if t[0] == "IP rights"] == [("IP rights", "preferred", "fullForm")]
    assert ("intellectual property rights", "admitted", "fullForm") in after
    assert len(after) == 7
    cli_run(db, "undo")
    assert entry_terms(db) == original

    # a user's mistake: one line on stderr, exit status 1, nothing changed
    proc = subprocess.run([sys.executable, "-m", "glossary", "--db", str(db), "edit", str(cid),
                           "--en", "IP"], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr == "glossary: 'IP' is already an abbreviation of this entry\n"
    assert entry_terms(db) == original
