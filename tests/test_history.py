"""The history: every change recorded with its author, undone in any order that later
changes allow; TM unit edits, find-and-replace and import rollback as single changes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glossary import GlossaryError

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence"
 adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="zh-CN"><seg>专利申请已受理。</seg></tuv>
<tuv xml:lang="en"><seg>The patent application was accepted.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>商标注册。</seg></tuv>
<tuv xml:lang="en"><seg>Trademark registration.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>专利法</seg></tuv>
<tuv xml:lang="en"><seg>Patent law</seg></tuv></tu>
</body></tmx>
"""


def write_tmx(tmp_path: Path, name: str = "client.tmx") -> Path:
    path = tmp_path / name
    path.write_text(TMX, encoding="utf-8")
    return path


def test_entry_changes_are_recorded_with_author_newest_first(g, monkeypatch):
    monkeypatch.setenv("GLOSSARY_USER", "mei")
    c = g.add_entry("专利", "patent")
    g.edit_entry(c.id, en="patent right")
    changes = g.history_changes()
    assert [(x.action, x.kind, x.object_id) for x in changes] == [
        ("edit", "entry", c.id), ("add", "entry", c.id)]
    assert {x.author for x in changes} == {"mei"}
    assert "patent right" in changes[0].summary
    (_, _, before, after), = g.change_records(changes[0].id)
    assert before["terms"][1]["text"] == "patent"
    assert after["terms"][1]["text"] == "patent right"


def test_an_older_change_is_undone_when_later_ones_do_not_touch_it(g):
    first = g.add_entry("专利", "patent")
    second = g.add_entry("商标", "trademark")
    g.edit_entry(second.id, en="trade mark")
    add_first = g.history_changes(action="add", object_id=first.id)[0]
    assert g.why_not_undoable(add_first.id) is None
    assert g.undo(add_first.id) == {"action": "add", "id": first.id}
    assert [c.id for c in g.get_entries([first.id, second.id])] == [second.id]
    assert g.get_entry(second.id).en == "trade mark"  # the later edit stays
    latest = g.history_changes(limit=1)[0]
    assert latest.action == "undo" and latest.undo_of == add_first.id


def test_an_undo_that_later_changes_depend_on_is_refused_saying_which(g):
    c = g.add_entry("专利", "patent")
    g.edit_entry(c.id, en="patent right")
    edit = g.history_changes(limit=1)[0]
    add = g.history_changes(action="add")[0]
    reason = g.why_not_undoable(add.id)
    assert reason and f"#{edit.id}" in reason
    with pytest.raises(GlossaryError, match=f"#{edit.id}"):
        g.undo(add.id)
    assert g.get_entry(c.id).en == "patent right"  # nothing changed
    g.undo(edit.id)
    g.undo(add.id)  # now free
    assert g.get_entries([c.id]) == []
    assert "already undone" in (g.why_not_undoable(add.id) or "")


def test_tm_unit_add_edit_delete_each_undo(g):
    unit = g.add_tm_unit("专利法", "Patent law", "zh-CN", "en")
    g.edit_tm_unit(unit.id, target="Patent Law")
    assert g.get_tm_unit(unit.id)["target"] == "Patent Law"
    assert [m.target for m in g.tm_search("专利法")] == ["Patent Law"]
    g.delete_tm_units([unit.id])
    assert g.stats()["tm_units"] == 0
    g.undo()  # the delete
    assert g.get_tm_unit(unit.id)["target"] == "Patent Law"
    g.undo()  # the edit
    assert g.get_tm_unit(unit.id)["target"] == "Patent law"
    assert [m.target for m in g.tm_search("专利法")] == ["Patent law"]
    assert [c.action for c in g.history_changes(kind="unit")][-3:] == ["delete", "edit", "add"]


def test_editing_a_unit_into_the_twin_of_another_is_refused(g):
    g.add_tm_unit("专利法", "Patent law", "zh-CN", "en")
    other = g.add_tm_unit("专利法", "Patent Law", "zh-CN", "en")
    with pytest.raises(GlossaryError, match="already holds"):
        g.edit_tm_unit(other.id, target="Patent law")


def test_find_and_replace_previews_then_applies_as_one_undoable_change(g):
    for zh, en in (("专利法", "Patent law"), ("专利", "patent"), ("商标", "trademark"),
                   ("专利申请", "patent application, patent office")):
        g.add_tm_unit(zh, en, "zh-CN", "en")
    before = g.stats()
    plan = g.plan_replace("patent", "invention patent")
    assert (plan.units, plan.occurrences) == (2, 3)  # case-sensitive: "Patent law" untouched
    assert g.stats() == before and g.history_changes(action="replace") == []
    assert {c.new for c in plan.changes} == {
        "invention patent", "invention patent application, invention patent office"}
    changed, skipped = g.apply_replace(plan)
    assert (changed, skipped) == (2, [])
    assert [m.target for m in g.tm_search("专利", min_score=100)] == ["invention patent"]
    replace = g.history_changes(action="replace")[0]
    assert replace.records == 2 and "2 units" in replace.summary
    g.undo(replace.id)
    assert sorted(u["target"] for u in g.browse_units().rows) == [
        "Patent law", "patent", "patent application, patent office", "trademark"]


def test_regex_replace_with_groups_on_the_source_side(g):
    g.add_tm_unit("第12条", "Article 12", "zh-CN", "en")
    plan = g.plan_replace(r"第(\d+)条", r"第 \1 条", side="source", regex=True)
    assert [c.new for c in plan.changes] == ["第 12 条"]
    g.apply_replace(plan)
    assert g.browse_units().rows[0]["source"] == "第 12 条"
    with pytest.raises(GlossaryError, match="regular expression"):
        g.plan_replace("(", "x", regex=True)


def test_a_replace_skips_a_unit_changed_since_the_preview(g):
    unit = g.add_tm_unit("专利", "patent", "zh-CN", "en")
    plan = g.plan_replace("patent", "Patent")
    g.edit_tm_unit(unit.id, target="patents")
    changed, skipped = g.apply_replace(plan)
    assert changed == 0 and "changed or deleted since the preview" in skipped[0]


def test_rolling_back_an_import_removes_its_units_and_can_itself_be_undone(g, tmp_path):
    kept = g.add_tm_unit("版权", "copyright", "zh-CN", "en")
    report = g.import_path(write_tmx(tmp_path))
    assert report.added == 3
    imported = g.history_changes(action="import")[0]
    assert "client.tmx" in imported.summary
    (imp,) = g.imports()
    assert imp["units"] == 3
    done = g.rollback_import(imp["id"])
    assert done["units"] == 3
    assert [u["id"] for u in g.browse_units().rows] == [kept.id]
    assert g.imports() == []
    assert g.tm_search("专利申请已受理。") == []
    assert g.history_changes(action="import")[0].undone
    # the same file can be imported again now; instead, undo the rollback
    g.undo(g.history_changes(action="rollback")[0].id)
    assert g.stats()["tm_units"] == 4
    assert g.tm_search("专利申请已受理。")[0].score == 100
    assert g.imports()[0]["units"] == 3
    assert not g.history_changes(action="import")[0].undone


def test_undoing_an_import_of_entries_rolls_it_back(g, tmp_path):
    old = g.add_entry("专利", "patent")
    csv = tmp_path / "terms.csv"
    csv.write_text("zh,en\n商标,trademark\n专利,patent right\n", encoding="utf-8")
    report = g.import_path(csv)
    assert (report.added, report.merged) == (1, 1)
    assert g.stats()["concepts"] == 2
    assert "patent right" in [t.text for t in g.get_entry(old.id).terms]
    g.undo()
    assert g.stats()["concepts"] == 1
    assert [t.text for t in g.get_entry(old.id).terms] == ["专利", "patent"]
    assert g.import_path(csv).added == 1  # it can be imported again


def test_an_import_whose_unit_was_edited_later_cannot_be_undone_before_the_edit(g, tmp_path):
    g.import_path(write_tmx(tmp_path))
    unit_id = g.browse_units().ids[0]
    g.edit_tm_unit(unit_id, target="changed")
    imported = g.history_changes(action="import")[0]
    assert "later" in (g.why_not_undoable(imported.id) or "")


def test_bulk_status_domain_and_delete_are_one_change_each(g):
    ids = [g.add_entry(zh, en).id for zh, en in (("专利", "patent"), ("商标", "trademark"),
                                                  ("版权", "copyright"))]
    assert g.edit_entries(ids[:2], status="deprecated", domain="law") == 2
    assert {t.status for t in g.get_entry(ids[0]).terms} == {"deprecated"}
    assert g.get_entry(ids[1]).domain == "law"
    assert g.delete_entries(ids) == 3
    assert g.stats()["concepts"] == 0
    g.undo()
    assert g.stats()["concepts"] == 3
    g.undo()
    assert g.get_entry(ids[0]).domain is None
    assert {t.status for t in g.get_entry(ids[0]).terms} == {"preferred"}


def test_save_entry_edits_terms_one_by_one(g):
    from glossary.models import Term

    c = g.add_entry("知识产权", "intellectual property rights", abbr="IPR")
    c.terms[1].pos = "noun"
    c.terms[2].status = "admitted"
    c.terms[2].note = "in running text spell it out first"
    c.terms.append(Term("en", "IP rights", "deprecated", "variant"))
    saved = g.save_entry(c)
    assert [(t.text, t.status, t.type) for t in saved.terms][-2:] == [
        ("IPR", "admitted", "abbreviation"), ("IP rights", "deprecated", "variant")]
    assert saved.terms[1].pos == "noun"
    assert saved.terms[2].note == "in running text spell it out first"
    saved.terms.append(Term("en", "ip rights", "admitted"))
    with pytest.raises(GlossaryError, match="twice"):
        g.save_entry(saved)
    g.undo()
    assert len(g.get_entry(c.id).terms) == 3


def test_history_through_the_cli(tmp_path):
    db = tmp_path / "h.db"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "glossary", "--db", str(db), *args],
                              capture_output=True, text=True, env={
                                  **__import__("os").environ, "GLOSSARY_USER": "li"})

    assert run("add", "专利", "patent").returncode == 0
    assert run("add", "商标", "trademark").returncode == 0
    out = run("history").stdout
    assert "li" in out and "商标" in out and out.index("商标") < out.index("专利")
    rows = json.loads(run("history", "--json").stdout)
    assert [r["action"] for r in rows] == ["add", "add"]
    first = rows[-1]["id"]
    undone = run("history", "--undo", str(first))
    assert undone.returncode == 0, undone.stderr
    assert json.loads(run("stats", "--json").stdout)["concepts"] == 1
    refused = run("history", "--undo", str(first))
    assert refused.returncode == 1 and "already undone" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert json.loads(run("history", "--json")
                      .stdout)[0]["undo_of"] == first
    # what one change did, field by field, and the same as JSON
    assert run("edit", "2", "--status", "admitted", "--domain", "trade").returncode == 0
    edit = json.loads(run("history", "--json", "--limit", "1").stdout)[0]["id"]
    shown = run("history", "--show", str(edit)).stdout
    assert "~ domain: (none) → trade" in shown
    assert "~ 商标 status: preferred → admitted" in shown
    assert "can be undone" in shown
    detail = json.loads(run("history", "--show", str(edit), "--json").stdout)
    assert detail["records"][0]["before"]["domain"] is None
    assert "~ 商标 status: preferred → admitted" in detail["records"][0]["differences"]
    missing = run("history", "--show", "999")
    assert missing.returncode == 1 and "no change #999" in missing.stderr
