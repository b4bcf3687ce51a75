"""Language tags compared by meaning: what a user types selects what the files said."""

from __future__ import annotations

import pytest

from glossary import GlossaryError
from glossary.formats import lang_matches
from glossary.interchange.exporter import Exporter
from glossary.text.langtags import bcp47, meaning, same_language, script_of


@pytest.mark.parametrize("tag", ["zh", "zh-CN", "zh-SG", "zh-Hans", "zh_Hans", "ZH_hans",
                                 "zh-Hans-CN", "cmn"])
def test_simplified_chinese_spellings(tag):
    assert meaning(tag) == ("zh", "Hans")
    assert script_of(tag) == "Hans"


@pytest.mark.parametrize("tag", ["zh-TW", "zh-HK", "zh-Hant", "zh_Hant", "zh-MO",
                                 "zh-Hant-TW"])
def test_traditional_chinese_spellings(tag):
    assert meaning(tag) == ("zh", "Hant")


@pytest.mark.parametrize("tag", ["en", "en-US", "en-GB", "EN_us"])
def test_english_spellings(tag):
    assert meaning(tag) == ("en", None)
    assert same_language(tag, "en") and same_language("en", tag)


def test_selection_by_meaning():
    assert same_language("zh-CN", "zh_Hans") and same_language("zh-SG", "zh-Hans")
    assert not same_language("zh-TW", "zh_Hans") and not same_language("zh-CN", "zh-TW")
    assert same_language("zh-HK", "zh-Hant") and same_language("zh-Hant", "zh-TW")
    assert same_language("zh-TW", "zh") and same_language("zh-CN", "zh")  # bare: both
    assert not same_language("fr-FR", "en") and not same_language("en", "fr-FR")
    assert not same_language("", "en") and not same_language("en", "")
    assert lang_matches("zh-CN", "zh_Hans") and not lang_matches("zh-CN", "zh-TW")


def test_unparseable_tags_compare_by_their_first_subtag():
    assert meaning("english") == ("english", None)  # not a tag: kept as written
    assert same_language("qaa-foo-bar-baz", "qaa")
    assert bcp47("zh_hant_tw") == "zh-Hant-TW"


@pytest.fixture
def mixed(g, tmp_path):
    path = tmp_path / "tm.csv"
    path.write_text("source_lang,source,target_lang,target\n"
                    "en,Patent law,zh-CN,专利法\n"
                    "en-US,Trademark,zh-CN,商标\n"
                    "en,Copyright,zh-TW,著作權\n", encoding="utf-8")
    g.import_path(path)
    return g


def test_po_export_with_any_spelling_of_the_target(mixed, tmp_path):
    report = Exporter(mixed.store).export(tmp_path / "o.po", target_lang="zh_Hans")
    assert report.written == 2
    text = (tmp_path / "o.po").read_text(encoding="utf-8")
    assert "专利法" in text and "商标" in text and "著作權" not in text
    report = Exporter(mixed.store).export(tmp_path / "t.po", target_lang="zh-HK")
    assert report.written == 1 and "著作權" in (tmp_path / "t.po").read_text(encoding="utf-8")


def test_a_language_that_matches_nothing_is_an_error_listing_those_present(mixed, tmp_path):
    for fmt in ("po", "tmx", "csv"):
        with pytest.raises(GlossaryError) as err:
            Exporter(mixed.store).export(tmp_path / f"o.{fmt}", what="tm", target_lang="fr-FR")
        assert "--target-lang fr-FR" in str(err.value)
        assert "en, en-US, zh-CN, zh-TW" in str(err.value)
        assert not (tmp_path / f"o.{fmt}").exists()


def test_tmx_export_keeps_only_the_pair_asked_for(mixed, tmp_path):
    report = Exporter(mixed.store).export(tmp_path / "o.tmx", target_lang="zh-Hant")
    assert (report.written, report.left_out) == (1, 2)
    text = (tmp_path / "o.tmx").read_text(encoding="utf-8")
    assert "著作權" in text and "专利法" not in text
    report = Exporter(mixed.store).export(tmp_path / "s.tmx", source_lang="zh_Hans")
    assert report.written == 2
    assert 'srclang="zh-CN"' in (tmp_path / "s.tmx").read_text(encoding="utf-8")
