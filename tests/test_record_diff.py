"""What the history shows a change did: field by field, from entries and units changed
through the API (the records the history really stores), not hand-made dicts."""

from __future__ import annotations

from glossary.models import Term
from glossary.store.record_diff import Line, differences


def diff_of_latest(g) -> list[str]:
    """The difference lines of the newest change, as the History screen shows them."""
    change = g.history_changes(limit=1)[0]
    return [str(line) for kind, _, before, after in g.change_records(change.id)
            for line in differences(kind, before, after)]


def test_a_term_status_edit_names_the_term_and_both_statuses(g):
    entry = g.add_entry("知识产权", "intellectual property rights", domain="law")
    edited = g.get_entry(entry.id)
    edited.terms[0].status = "admitted"
    g.save_entry(edited)
    assert diff_of_latest(g) == ["~ 知识产权 status: preferred → admitted"]


def test_a_domain_edit_shows_old_and_new_domain_and_nothing_else(g):
    entry = g.add_entry("专利法", "Patent Law", domain="law")
    g.edit_entries([entry.id], domain="patent")
    assert diff_of_latest(g) == ["~ domain: law → patent"]


def test_a_synonym_added_is_named_with_its_language_and_type(g):
    entry = g.add_entry("知识产权", "intellectual property rights")
    edited = g.get_entry(entry.id)
    edited.terms.append(Term("en", "IPR", type="abbreviation", status="admitted"))
    g.save_entry(edited)
    assert diff_of_latest(g) == ["+ “IPR” added as en abbreviation, admitted"]


def test_a_term_removed_and_a_term_retyped(g):
    entry = g.add_entry("知识产权", "intellectual property rights", abbr="IPR")
    edited = g.get_entry(entry.id)
    edited.terms = [t for t in edited.terms if t.text != "IPR"]
    g.save_entry(edited)
    assert diff_of_latest(g) == ["- “IPR” removed"]
    g.edit_entry(entry.id, en="IP rights", note="see 专利")
    assert diff_of_latest(g) == ["~ note: (none) → see 专利",
                                 "~ en “intellectual property rights” → “IP rights”"]


def test_a_unit_target_edit_shows_the_target_before_and_after(g):
    unit = g.add_tm_unit("专利法", "Patent law", "zh-CN", "en")
    g.edit_tm_unit(unit.id, target="Patent Law")
    assert diff_of_latest(g) == ["~ target: Patent law → Patent Law"]


def test_an_add_and_a_delete_show_the_whole_record_once(g):
    entry = g.add_entry("法治", "rule of law", domain="law", note="not 'rule by law'")
    added = diff_of_latest(g)
    assert added == ["+ 法治 (zh-Hans, preferred)", "+ rule of law (en, preferred)",
                     "+ domain: law", "+ note: not 'rule by law'"]
    g.delete_entry(entry.id)
    assert diff_of_latest(g) == ["-" + line[1:] for line in added]
    unit = g.add_tm_unit("专利法", "Patent law", "zh-CN", "en")
    g.delete_tm_units([unit.id])
    assert diff_of_latest(g)[0] == "- 专利法 → Patent law (zh-CN → en)"


def test_an_edit_that_changed_nothing_shown_says_so():
    record = {"id": 1, "domain": "law", "changed": "2026-01-01T00:00:00Z", "terms": []}
    later = {**record, "changed": "2026-02-01T00:00:00Z"}
    assert differences("entry", record, later) == [
        Line("~", "no visible difference (only its timestamps)")]
