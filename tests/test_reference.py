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
