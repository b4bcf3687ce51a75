"""The real files in ../shared/data import with the counts their contents imply (counted
here independently with polib and lxml), and what they export passes the validators."""

from __future__ import annotations

import polib
import pytest
from formats_support import (
    DATA,
    SCHEMAS,
    XML_LANG,
    exporter,
    msgfmt_problems,
    needs_msgfmt,
    tbx_rng_problems,
    tbx_schematron_problems,
    tmx_problems,
    units_of,
)
from lxml import etree

import glossary

pytestmark = pytest.mark.skipif(not DATA.is_dir() or not SCHEMAS.is_dir(),
                                reason="../shared is not here")
PO_FILES = ["django-core-zh_Hans.po", "django-core-zh_Hant.po"]
TMX_FILE = "omegat-website-en-zh_CN.utf16.tmx"
TBX_FILE = "tbx-basic-astronomy-example.tbx"


def po_expected(path) -> tuple[set, int]:
    """Distinct (context, source, target) pairs of translated, current, non-fuzzy entries."""
    pairs, entries = set(), 0
    for entry in polib.pofile(str(path)):
        entries += 1
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            candidates = [(entry.msgid, forms[0]), (entry.msgid_plural, forms.get(1, forms[0]))]
        else:
            candidates = [(entry.msgid, entry.msgstr)]
        pairs |= {(entry.msgctxt or "", s, t) for s, t in candidates if t}
    return pairs, entries


def tmx_expected(path) -> set:
    tree = etree.parse(str(path))
    src = tree.find("header").get("srclang")
    pairs = set()
    for tu in tree.iter("tu"):
        tuvs = [(t.get(XML_LANG), "".join(t.find("seg").itertext())) for t in tu.iter("tuv")]
        source = next(text for lang, text in tuvs if lang == src)
        pairs |= {(source, text) for lang, text in tuvs
                  if lang != src and text.strip() and source.strip()}
    return pairs


@pytest.mark.parametrize("name", PO_FILES)
def test_po_counts(g, name):
    expected, entries = po_expected(DATA / name)
    report = g.import_path(DATA / name)
    assert report.added == len(expected) and report.rejected == 0
    assert {(u["context"], u["source"], u["target"]) for u in units_of(g)} == expected
    assert report.added + report.skipped >= entries
    language = polib.pofile(str(DATA / name)).metadata["Language"]  # zh_CN, zh_Hant ...
    assert {u["target_lang"] for u in units_of(g)} == {language.replace("_", "-")}
    assert g.import_path(DATA / name).already_imported


def test_tmx_counts(g):
    expected = tmx_expected(DATA / TMX_FILE)
    report = g.import_path(DATA / TMX_FILE)
    assert (report.format, report.added, report.rejected) == ("tmx", len(expected), 0)
    assert {(u["source"], u["target"]) for u in units_of(g)} == expected
    assert {(u["source_lang"], u["target_lang"]) for u in units_of(g)} == {("en-US", "zh-CN")}


def test_tbx_counts(g):
    tree = etree.parse(str(DATA / TBX_FILE))
    concepts = len(tree.findall(".//{*}conceptEntry"))
    terms = [t.text.strip() for t in tree.iter("{*}term")]
    report = g.import_path(DATA / TBX_FILE)
    assert (report.added, report.rejected) == (concepts, 0)
    assert g.stats()["terms"] == len(terms)
    assert sorted(t.text for c in g.entries(1000) for t in c.terms) == sorted(terms)
    statuses = {t.status for c in g.entries(1000) for t in c.terms}
    assert {"preferred", "admitted", "forbidden"} <= statuses  # superseded reads as forbidden


@pytest.fixture(scope="module")
def everything(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shared")
    with glossary.open(folder / "memory.db") as g:
        for name in [*PO_FILES, TMX_FILE, TBX_FILE]:
            g.import_path(DATA / name)
        yield g, folder


@pytest.mark.parametrize("what", ["tm", "all"])
def test_tmx_export_is_valid(everything, what):
    g, folder = everything
    path = folder / f"{what}.tmx"
    exporter(g).export(path, what=what)
    assert tmx_problems(path) == []


def test_tbx_export_is_valid(everything):
    g, folder = everything
    path = folder / "out.tbx"
    assert exporter(g).export(path).written == 45
    assert tbx_rng_problems(path) == [] and tbx_schematron_problems(path) == []


@needs_msgfmt
def test_po_export_passes_msgfmt(everything):
    g, folder = everything
    path = folder / "out.po"
    report = exporter(g).export(path)
    assert msgfmt_problems(path) == []
    # one script a file: the Traditional units of the zh_Hant catalogue go to their own
    traditional = exporter(g).export(folder / "hant.po", target_lang="zh-TW")
    assert msgfmt_problems(folder / "hant.po") == []
    assert report.left_out == traditional.written > 0
    assert report.written + traditional.written == g.stats()["tm_units"]
