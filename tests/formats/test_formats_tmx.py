"""TMX: the shapes clients send, inline tags, safety, and the export/import round trip."""

from __future__ import annotations

import codecs

import pytest
from formats_support import (
    importer,
    round_trip,
    store_units,
    tm_unit,
    tmx_problems,
    units_of,
)
from hypothesis import given
from hypothesis import strategies as st

import glossary
from glossary import InputFileError
from glossary.interchange.exporter import Exporter

HEADER = ('<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" '
          'adminlang="en" srclang="{src}" datatype="plaintext"/>')


def tmx(body: str, src: str = "en-US", version: str = "1.4") -> str:
    return (f'<?xml version="1.0" encoding="{{enc}}"?>\n<tmx version="{version}">'
            f"{HEADER.format(src=src)}<body>{body}</body></tmx>")


def write(path, text: str, encoding: str = "utf-8", bom: bytes = b"", crlf: bool = False):
    text = text.replace("{enc}", "UTF-16" if encoding.startswith("utf-16") else "UTF-8")
    if crlf:
        text = text.replace("\n", "\r\n")
    path.write_bytes(bom + text.encode(encoding))
    return path


TU = ('<tu creationdate="20240102T030405Z" creationid="li">\n<prop type="x-context">p1</prop>'
      '<note>checked</note><!-- a comment -->\n<tuv xml:lang="en-US"><seg>Protect '
      '<bpt i="1">&lt;b&gt;</bpt>IP<ept i="1">&lt;/b&gt;</ept><ph x="2">{0}</ph></seg></tuv>'
      '\n<tuv xml:lang="zh-CN"><seg>保护<hi type="b">知识产权</hi></seg></tuv></tu>')


@pytest.mark.parametrize(("encoding", "bom", "crlf"), [
    ("utf-8", b"", False), ("utf-8", codecs.BOM_UTF8, True),
    ("utf-16-le", codecs.BOM_UTF16_LE, True), ("utf-16-be", codecs.BOM_UTF16_BE, False),
])
def test_encodings_line_ends_tags_props_and_comments(g, tmp_path, encoding, bom, crlf):
    path = write(tmp_path / "memory.xml", tmx(TU), encoding, bom, crlf)  # named .xml on purpose
    report = g.import_path(path)
    assert (report.format, report.kind, report.added) == ("tmx", "tm", 1)
    unit = g.store.query("SELECT * FROM tm_units")[0]
    assert (unit["source"], unit["target"]) == ("Protect IP", "保护知识产权")
    assert unit["source_key"] == "protect ip"
    assert '<bpt i="1">&lt;b&gt;</bpt>IP' in unit["source_markup"]
    assert unit["target_markup"] == '保护<hi type="b">知识产权</hi>'
    assert (unit["source_lang"], unit["target_lang"], unit["context"]) == ("en-US", "zh-CN", "p1")
    assert (unit["created"], unit["creator"], unit["note"]) == ("2024-01-02T03:04:05Z", "li",
                                                                "checked")


def test_a_comment_inside_a_segment_is_neither_text_nor_markup(g, tmp_path):
    body = ('<tu><tuv xml:lang="en"><seg>a <!-- x --><ph>{0}</ph>b</seg></tuv>'
            '<tuv xml:lang="zh"><seg>甲<!-- y -->乙</seg></tuv></tu>')
    g.import_path(write(tmp_path / "c.tmx", tmx(body, "en")))
    unit = units_of(g)[0]
    assert (unit["source"], unit["source_markup"]) == ("a b", "a <ph>{0}</ph>b")
    assert (unit["target"], unit["target_markup"]) == ("甲乙", None)


def test_tmx_11_lang_attribute_and_srclang_all(g, tmp_path):
    body = ('<tu><tuv lang="ZH-CN"><seg>专利</seg></tuv><tuv lang="EN"><seg>patent</seg></tuv>'
            '<tuv lang="fr"><seg>brevet</seg></tuv></tu>')
    report = g.import_path(write(tmp_path / "old.tmx", tmx(body, "*all*", "1.1")))
    pairs = {(u["source_lang"], u["target_lang"]) for u in units_of(g)}
    assert report.added == 2 and pairs == {("zh-CN", "en"), ("zh-CN", "fr")}


def test_source_and_target_language_options_pick_the_sides(g, tmp_path):
    body = ('<tu><tuv lang="zh-CN"><seg>专利</seg></tuv><tuv lang="en"><seg>patent</seg></tuv>'
            '<tuv lang="fr"><seg>brevet</seg></tuv></tu>')
    path = write(tmp_path / "m.tmx", tmx(body, "*all*"))
    report = importer(g).import_path(path, source_lang="en", target_lang="zh")
    assert report.added == 1
    assert [(u["source"], u["target"]) for u in units_of(g)] == [("patent", "专利")]


def test_same_source_new_target_is_kept_beside_identical_is_skipped(g, tmp_path):
    first = ('<tu><tuv xml:lang="en"><seg>patent</seg></tuv>'
             '<tuv xml:lang="zh"><seg>专利</seg></tuv></tu>')
    second = first.replace("专利", "专利权")
    g.import_path(write(tmp_path / "a.tmx", tmx(first, "en")))
    report = g.import_path(write(tmp_path / "b.tmx", tmx(first + second + first, "en")))
    assert (report.added, report.skipped) == (1, 2)
    assert sorted(u["target"] for u in units_of(g)) == ["专利", "专利权"]


def test_untranslated_units_are_skipped(g, tmp_path):
    body = ('<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="zh"><seg></seg></tuv></tu>'
            '<tu><tuv xml:lang="en"><seg>b</seg></tuv></tu>')
    report = g.import_path(write(tmp_path / "a.tmx", tmx(body, "en")))
    assert (report.added, report.skipped, report.rejected) == (0, 2, 0)


BAD = '<tu><tuv><seg>no language</seg></tuv><tuv xml:lang="zh"><seg>无</seg></tuv></tu>'
GOOD = '<tu><tuv xml:lang="en"><seg>good</seg></tuv><tuv xml:lang="zh"><seg>好</seg></tuv></tu>'


def test_a_bad_unit_fails_the_file_and_names_it(g, tmp_path):
    g.add_tm_unit("keep", "保留", "en", "zh")
    path = write(tmp_path / "bad.tmx", tmx(GOOD + "\n" + BAD, "en"))
    with pytest.raises(InputFileError) as err:
        g.import_path(path)
    assert str(path) in str(err.value) and "unit 2 (line 3)" in str(err.value)
    assert "xml:lang" in str(err.value)
    assert [u["source"] for u in units_of(g)] == ["keep"]


def test_lenient_keeps_the_good_units_and_lists_the_bad(g, tmp_path):
    report = importer(g).import_path(write(tmp_path / "bad.tmx", tmx(GOOD + BAD + GOOD, "en")),
                                     lenient=True)
    assert (report.added, report.skipped, report.rejected) == (1, 1, 1)
    assert report.errors and "unit 2" in report.errors[0]


def test_malformed_xml_names_the_line(g, tmp_path):
    path = write(tmp_path / "broken.tmx", tmx(GOOD + "\n<tu><tuv>", "en"))
    with pytest.raises(InputFileError, match=r"broken.tmx, line \d+: not well-formed XML"):
        g.import_path(path)
    assert units_of(g) == []


LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
BOMB = ('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY l0 "lol">' + LAUGHS + "]>"
        + tmx('<tu><tuv xml:lang="en"><seg>&l9;</seg></tuv>'
              '<tuv xml:lang="zh"><seg>x</seg></tuv></tu>', "en").split("?>", 1)[1])
XXE = ('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       + tmx('<tu><tuv xml:lang="en"><seg>&x;</seg></tuv>'
             '<tuv xml:lang="zh"><seg>x</seg></tuv></tu>', "en").split("?>", 1)[1])


@pytest.mark.parametrize("text", [BOMB, XXE], ids=["billion-laughs", "external-entity"])
def test_entity_tricks_are_refused_with_a_clear_error(g, tmp_path, text):
    with pytest.raises(InputFileError, match="entities"):
        g.import_path(write(tmp_path / "evil.tmx", text))
    assert units_of(g) == []


def test_export_is_valid_and_complete(g, tmp_path):
    store_units(g, [{"source_lang": "en", "source": "Protect IP", "target_lang": "zh-CN",
                     "target": "保护知识产权", "context": "p1", "domain": "law",
                     "source_markup": 'Protect <ph x="1">&lt;b/&gt;</ph>IP'}])
    path = tmp_path / "out.tmx"
    report = Exporter(g.store).export(path)
    assert report.written == 1 and tmx_problems(path) == []
    text = path.read_text()
    for needle in ('srclang="en"', 'o-tmf="glossary"', 'adminlang="en"', 'datatype="plaintext"',
                   'creationdate="20240101T000000Z"', '<prop type="x-context">p1</prop>',
                   '<prop type="x-domain">law</prop>', '<ph x="1">&lt;b/&gt;</ph>'):
        assert needle in text


TMX_FIELDS = ("source_lang", "source", "target_lang", "target", "context", "status", "created",
              "changed", "note", "creator", "domain", "source_markup", "target_markup", "origin")


@round_trip
@given(units=st.lists(tm_unit(), min_size=0, max_size=6))
def test_round_trip_gives_back_every_unit_field_for_field(fresh_pair, units):
    with fresh_pair("rt") as (folder, a, b):
        store_units(a, units)
        Exporter(a.store).export(folder / "out.tmx")
        assert tmx_problems(folder / "out.tmx") == []
        b.import_path(folder / "out.tmx")
        assert units_of(b, TMX_FIELDS) == units_of(a, TMX_FIELDS)


@pytest.mark.parametrize("where", ["here", "in_background"])
def test_progress_and_cancel(g, tmp_path, request, where):
    """Cancelling stops the import at once, also while a second process reads the file."""
    import threading

    if where == "in_background":
        request.getfixturevalue("in_background")

    body = "".join(GOOD.replace("good", f"good {i}") for i in range(5000))
    path = write(tmp_path / "big.tmx", tmx(body, "en"))
    seen: list[tuple[int, int, int]] = []
    stop = threading.Event()

    def progress(units: int, done: int, total: int) -> None:
        seen.append((units, done, total))
        stop.set()

    with pytest.raises(glossary.GlossaryError, match="cancelled"):
        importer(g).import_path(path, progress=progress, cancel=stop)
    assert units_of(g) == [] and seen and seen[0][2] == path.stat().st_size
    assert not g.import_path(path).already_imported  # a cancelled import is not recorded


@pytest.fixture
def in_background(monkeypatch):
    """Read every file in a second process, as files of 16 MB and more are."""
    from glossary.formats import background

    monkeypatch.setattr(background, "MIN_BYTES", 0)


def test_background_reading_stores_the_same_units(g, tmp_path, in_background):
    body = "".join(GOOD.replace("good", f"good {i}") for i in range(2500)) + TU
    report = g.import_path(write(tmp_path / "big.tmx", tmx(body, "en")))
    assert (report.added, report.rejected) == (2501, 0)
    unit = next(u for u in units_of(g) if u["context"] == "p1")
    assert unit["target_markup"] == '保护<hi type="b">知识产权</hi>'
    keys = g.store.query("SELECT source, source_key FROM tm_units WHERE source = 'good 7'")
    assert keys == [{"source": "good 7", "source_key": "good 7"}]


def test_background_errors_name_the_unit_and_change_nothing(g, tmp_path, in_background):
    body = "".join(GOOD.replace("good", f"good {i}") for i in range(2500)) + "\n" + BAD
    with pytest.raises(InputFileError, match=r"unit 2501 \(line 3\): a <tuv> has no xml:lang"):
        g.import_path(write(tmp_path / "bad.tmx", tmx(body, "en")))
    assert units_of(g) == []


def test_background_lenient_import_names_the_units_it_rejects(g, tmp_path, in_background):
    """A unit the reading process sends whole but the store refuses (a language tag of
    spaces) is listed by its place, and the rest are stored."""
    blank = GOOD.replace("good", "blank").replace('xml:lang="en"', 'xml:lang=" "', 1)
    body = "".join(GOOD.replace("good", f"good {i}") for i in range(2500)) + "\n" + blank
    report = g.import_path(write(tmp_path / "lenient.tmx", tmx(body, "*all*")), lenient=True)
    assert (report.added, report.rejected) == (2500, 1)
    assert report.errors == ["unit 2501 (line 3): the source language is missing"]


@pytest.fixture
def big_file(monkeypatch):
    """Import every file the way files of 8 MB and more are: the index's trigger paused."""
    from glossary.interchange import importer as importer_module

    monkeypatch.setattr(importer_module, "BIG_FILE", 0)


def test_a_big_import_keeps_units_that_reuse_indexed_ids_findable(g, tmp_path, big_file):
    """With the newest units deleted, new ids fall inside an index segment: the import
    keeps the trigger that marks them, and search finds them."""
    from glossary.tm.index import TMIndex
    from glossary.tm.search import TMSearch

    first = "".join(GOOD.replace("good", f"good {i}") for i in range(30))
    g.import_path(write(tmp_path / "a.tmx", tmx(first, "en")))
    TMIndex(g.store).update()
    with g.store.transaction() as db:
        db.execute("DELETE FROM tm_units WHERE id > 20")
    fresh = GOOD.replace("good", "a brand new sentence about patents")
    g.import_path(write(tmp_path / "b.tmx", tmx(fresh, "en")))
    (unit,) = g.store.query("SELECT id FROM tm_units WHERE source LIKE 'a brand%'")
    assert unit["id"] <= 30  # an id the segment covers
    found = TMSearch(g.store).search("a brand new sentence about patents", 90, 5)
    assert [m.id for m in found] == [unit["id"]]
    triggers = g.store.query("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    assert {"tm_index_reused_id", "tm_index_changed"} <= {t["name"] for t in triggers}


def test_a_big_import_that_fails_leaves_the_index_trigger_in_place(g, tmp_path, big_file):
    body = "".join(GOOD.replace("good", f"good {i}") for i in range(30)) + BAD
    with pytest.raises(InputFileError):
        g.import_path(write(tmp_path / "bad.tmx", tmx(body, "en")))
    g.import_path(write(tmp_path / "a.tmx", tmx(GOOD, "en")))
    triggers = g.store.query("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    assert "tm_index_reused_id" in {t["name"] for t in triggers}
