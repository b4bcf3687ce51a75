"""CC-CEDICT as a reference dictionary: below the user's own entries, removable, optional."""

from __future__ import annotations

CEDICT = """# CC-CEDICT
# a comment line
專利 专利 [zhuan1 li4] /patent/
知識產權 知识产权 [zhi1 shi5 chan3 quan2] /intellectual property/
政策 政策 [zheng4 ce4] /policy/
"""


def test_reference_entries_rank_after_own_and_can_be_left_out_or_removed(g, tmp_path):
    g.add_entry("知识产权", "intellectual property rights", abbr="IPR")
    path = tmp_path / "cedict_ts.u8"
    path.write_text(CEDICT)
    report = g.import_path(path)
    assert (report.added, report.merged) == (3, 0)  # never merged into the user's entries

    hits = g.lookup("知识产权")
    assert hits[0].concept.source != "cedict"
    assert hits[0].concept.en == "intellectual property rights"
    assert [h.concept.en for h in g.lookup("patent")] == ["patent"]
    assert g.lookup("patent", include_reference=False) == []
    own = [h.concept.source for h in g.lookup("知识产权", include_reference=False)]
    assert own and "cedict" not in own
    # dictionary words are not flagged as glossary terms in a text
    assert [r.term for r in g.recognize("专利政策")] == []

    assert g.remove_source("cedict") >= 2
    assert g.lookup("patent") == []
    assert g.lookup("知识产权")[0].concept.en == "intellectual property rights"


def test_reference_terms_are_searched_on_disk_not_held_in_memory(g, tmp_path):
    from glossary.store.termrows import watch

    g.add_entry("专利权", "patent right")
    path = tmp_path / "cedict_ts.u8"
    path.write_text(CEDICT)
    g.import_path(path)
    assert [h.concept.en for h in g.lookup("patent")] == ["patent", "patent right"]
    held = {row.text for row in watch(g.store).view().base.rows}
    assert held == {"专利权", "patent right"}  # the dictionary stays on disk
    # every kind still finds dictionary entries, after the user's own
    assert [(h.concept.source, h.match) for h in g.lookup("专利")] == [
        ("cedict", "exact"), ("user", "prefix")]  # the kind of match ranks first
    # a full reading before a partial one, then the user's before the dictionary's
    assert [(h.concept.en, h.match) for h in g.lookup("zhuanli")] == [
        ("patent", "pinyin"), ("patent right", "pinyin")]
    g.add_entry("转理", "turn reason")
    assert [h.concept.source for h in g.lookup("zhuanli")][:2] == ["user", "cedict"]
    assert [(h.concept.source, h.match) for h in g.lookup("识产")] == [("cedict", "substring")]
    assert g.lookup("zhishichanquan")[0].concept.en == "intellectual property"
    # a term edited in the dictionary is found as it is now
    concept = g.lookup("policy")[0].concept
    g.edit_entry(concept.id, en="public policy")
    assert g.lookup("public policy")[0].concept.id == concept.id
