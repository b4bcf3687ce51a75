"""CSV/TSV export: the glossary layout, spreadsheet safety, BOM, and the round trip."""

from __future__ import annotations

import codecs
import csv

import pytest
from formats_support import (
    IMPORTS,
    clean_text,
    entries_of,
    exporter,
    maybe,
    round_trip,
    store_units,
    term,
    tm_unit,
    units_of,
    words,
)
from hypothesis import given
from hypothesis import strategies as st

import glossary
from glossary import GlossaryError
from glossary.models import STATUSES
from glossary.text.normalize import chinese_lang_for


def rows(path, encoding="utf-8"):
    with path.open(encoding=encoding, newline="") as stream:
        return list(csv.reader(stream))


def test_glossary_layout_with_variant_rows(ipr, tmp_path):
    concept = ipr.entries()[0]
    ipr.termbase.add_terms(concept.id, [term("en", "IP rights", status="admitted",
                                             note="informal")])
    path = tmp_path / "out.csv"
    assert exporter(ipr).export(path).written == 1
    assert rows(path) == [
        ["zh", "en", "abbr", "domain", "pos", "status", "definition", "note"],
        ["知识产权", "intellectual property rights", "IPR", "law", "", "preferred", "", ""],
        ["知识产权", "IP rights", "", "law", "", "admitted", "", "informal"],
    ]


def test_formulas_are_escaped_and_bom_written_on_request(g, tmp_path):
    g.add_entry("公式", "=SUM(A1:A9)", note="@mention", definition="-1 means none")
    path = tmp_path / "out.csv"
    exporter(g).export(path, bom=True)
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    row = rows(path, "utf-8-sig")[1]
    assert (row[1], row[6], row[7]) == ("'=SUM(A1:A9)", "'-1 means none", "'@mention")
    with glossary.open(tmp_path / "again.db") as again:
        again.import_path(path)
        assert entries_of(again) == entries_of(g)


def test_what_the_format_cannot_hold_is_refused(g, tmp_path):
    with pytest.raises(GlossaryError, match="CSV files hold terms or tm"):
        exporter(g).export(tmp_path / "x.csv", what="all")
    with pytest.raises(GlossaryError, match="format"):
        exporter(g).export(tmp_path / "x.docx")


def test_reference_entries_and_other_domains_are_left_out(ipr, tmp_path):
    ipr.add_entry("商标", "trademark", domain="trade")
    with ipr.store.transaction() as db:
        db.execute("UPDATE concepts SET source = 'cedict' WHERE id = 1")
    path = tmp_path / "out.tsv"
    assert exporter(ipr).export(path).written == 1
    assert exporter(ipr).export(path, include_reference=True, domain="LAW").written == 1
    assert rows(path)[1][0].split("\t")[0] == "知识产权"


def test_starter_glossary_survives_export_and_import(g, tmp_path):
    g.import_path(IMPORTS / "ipr-glossary.csv")
    exporter(g).export(tmp_path / "out.csv")
    with glossary.open(tmp_path / "again.db") as again:
        again.import_path(tmp_path / "out.csv")
        fields = ("lang", "text", "status", "type", "pos", "note")
        assert entries_of(again, ("domain", "definition", "note"), fields) == \
            entries_of(g, ("domain", "definition", "note"), fields)


@st.composite
def bilingual(draw, index: int) -> tuple[dict, list]:
    """An entry as a CSV glossary can hold it: main zh/en pair (and abbreviation) sharing
    status and part of speech, then variants each with their own status, pos and note."""
    status, pos = draw(st.sampled_from(STATUSES)), draw(maybe(st.sampled_from(["noun", "n."])))
    tag = f"{index}"

    def zh(j):
        text = f"{draw(st.text(st.sampled_from('知识产权國際經濟=+-@#'), min_size=1))}{tag}z{j}"
        return chinese_lang_for(text), text

    def extra(lang_text, j):
        return term(*lang_text, status=draw(st.sampled_from(STATUSES)),
                    pos=draw(maybe(words)), note=draw(maybe(clean_text)))

    terms = [term(*zh(0), status=status, pos=pos),
             term("en", f"{draw(clean_text)} {tag}e0", status=status, pos=pos)]
    if draw(st.booleans()):
        terms.append(term("en", f"A{tag}B", status=status, pos=pos, type="abbreviation"))
    terms += [extra(zh(j), j) for j in range(1, draw(st.integers(1, 2)))]
    terms += [extra(("en", f"{draw(words)} {tag}e{j}"), j)
              for j in range(1, draw(st.integers(1, 3)))]
    fields = {"domain": draw(maybe(clean_text)), "definition": draw(maybe(clean_text)),
              "note": draw(maybe(clean_text))}
    return fields, terms


@round_trip
@given(data=st.data(), count=st.integers(0, 4))
def test_glossary_round_trip(fresh_pair, data, count):
    fields = ("lang", "text", "status", "type", "pos", "note")
    with fresh_pair("csv") as (folder, a, b):
        for i in range(count):
            concept, terms = data.draw(bilingual(i))
            a.termbase.insert(concept, terms, log=False)
        exporter(a).export(folder / "out.csv")
        b.import_path(folder / "out.csv")
        assert entries_of(b, ("domain", "definition", "note"), fields) == \
            entries_of(a, ("domain", "definition", "note"), fields)


@round_trip
@given(units=st.lists(tm_unit(), max_size=6))
def test_memory_round_trip(fresh_pair, units):
    with fresh_pair("csvtm") as (folder, a, b):
        store_units(a, units)
        exporter(a).export(folder / "tm.csv", what="tm")
        b.import_path(folder / "tm.csv")
        assert units_of(b) == units_of(a)
