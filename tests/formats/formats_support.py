"""Plain helpers the format tests share: validators, database snapshots, hypothesis
strategies and skip marks.

Not a test module, so that no test file imports another; the fixtures are in this
folder's conftest.py, and test_formats_validators.py checks that the validators catch
what they are meant to catch.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from lxml import etree, isoschematron

from glossary.interchange.exporter import Exporter
from glossary.interchange.importer import Importer
from glossary.models import Term
from glossary.store.loaders import INSERT_UNIT, unit_tuple

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
IMPORTS = REPO / "imports"
# Copies of the TMX 1.4b DTD, the TBX v3 core RelaxNG schema and the TBX-Basic Schematron
# rules ship with the tests, so every clone validates exports against them.
SCHEMAS = REPO / "tests" / "schemas"
DATA = SHARED / "data"
needs_shared = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is not here")
needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt not installed")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# validators ---------------------------------------------------------------------------

def tmx_problems(path: Path) -> list[str]:
    """DTD errors, plus the tuvs without xml:lang that the DTD lets through."""
    tree = etree.parse(str(path))
    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    problems = [str(e) for e in dtd.error_log] if not dtd.validate(tree) else []
    problems += [f"line {t.sourceline}: tuv without xml:lang"
                 for t in tree.iter("tuv") if not t.get(XML_LANG)]
    return problems


def tbx_rng_problems(path: Path) -> list[str]:
    rng = etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03.rng")))
    return [] if rng.validate(etree.parse(str(path))) else [str(e) for e in rng.error_log]


def basic_schematron() -> isoschematron.Schematron:
    """TBX-Basic_DCA.sch, run by lxml's XSLT 1.0 Schematron.

    The file declares queryBinding="xslt2" for three XPath 2.0 expressions; each is
    rewritten to its XPath 1.0 equivalent (matches(@target,'https?://.+') becomes a
    starts-with test, ./local-name() becomes local-name()). Every rule is kept.
    """
    text = (SCHEMAS / "TBX-Basic_DCA.sch").read_text(encoding="utf-8-sig")
    text = (text.replace('queryBinding="xslt2"', 'queryBinding="xslt"')
            .replace("matches(@target,'https?://.+')",
                     "(starts-with(@target,'http://') or starts-with(@target,'https://'))")
            .replace("./local-name()", "local-name()"))
    return isoschematron.Schematron(etree.fromstring(text.encode()), store_report=True)


def tbx_schematron_problems(path: Path) -> list[str]:
    sch = basic_schematron()
    return [] if sch.validate(etree.parse(str(path))) else [str(e) for e in sch.error_log]


def msgfmt_problems(path: Path) -> list[str]:
    run = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                         capture_output=True, text=True)
    return [] if run.returncode == 0 else [run.stderr]


# database snapshots -------------------------------------------------------------------

UNIT_FIELDS = ("source_lang", "source", "target_lang", "target", "context", "status", "created",
               "changed", "note", "creator", "domain", "source_markup", "target_markup",
               "origin")


def units_of(g, fields: tuple[str, ...] = UNIT_FIELDS) -> list[dict]:
    rows = g.store.query(f"SELECT {', '.join(fields)} FROM tm_units")
    return sorted(rows, key=lambda r: tuple(str(r[f]) for f in fields))


def entries_of(g, concept_fields=("domain", "definition", "note", "created", "changed"),
               term_fields=("lang", "text", "status", "type", "pos", "context", "note")) -> list:
    """Entries as comparable values: terms in stored order within each language."""
    out = []
    for concept in g.entries(100_000):
        terms = sorted(concept.terms, key=lambda t: t.lang)
        out.append((tuple(getattr(concept, f) for f in concept_fields),
                    tuple(tuple(getattr(t, f) for f in term_fields) for t in terms)))
    return sorted(out, key=repr)


def importer(g) -> Importer:
    """The importer with all its options (the api passes them on once wired)."""
    return Importer(g.store, g.termbase, g.memory)


def exporter(g) -> Exporter:
    return Exporter(g.store)


def store_units(g, units: list[dict]) -> None:
    """Put units straight into the memory, markup and all (no file involved)."""
    with g.store.transaction() as db:
        db.conn.executemany(INSERT_UNIT, [unit_tuple(u, None, "2024-01-01T00:00:00Z")
                                          for u in units])


# hypothesis strategies ----------------------------------------------------------------

round_trip = settings(max_examples=30, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])

HAN = "知识产权保护创新专利商标法律中华人民共和国國際經濟貿易数据库翻译"
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
PUNCT = " ,.;:!?'\"&<>()[]%$=+-@#/，。、“”（）"
chars = st.sampled_from(HAN + LATIN + PUNCT)
raw_text = st.text(chars, min_size=1, max_size=30)
words = st.text(st.sampled_from(HAN + LATIN), min_size=1, max_size=8)
# one-line text with single spaces, as a pretty-printed XML reader gives it back
clean_text = st.lists(words, min_size=1, max_size=4).map(" ".join)
segment_text = raw_text.filter(lambda s: s.strip())
dates = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 1, 1)).map(
    lambda d: d.replace(microsecond=0, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
maybe = lambda s: st.none() | s  # noqa: E731


@st.composite
def tagged_segment(draw) -> tuple[str, str | None]:
    """(plain text, TMX markup or None): text with bpt/ept pairs, ph, it and hi."""
    from xml.sax.saxutils import escape

    parts = draw(st.lists(st.one_of(
        segment_text.map(lambda t: ("text", t)),
        st.sampled_from(["<b>", "{1}", "%s", "<br/>"]).map(lambda c: ("ph", c)),
        st.sampled_from(["<i>", "</i>"]).map(lambda c: ("it", c)),
        st.tuples(segment_text, st.sampled_from(["<i>", "<b>"])).map(lambda p: ("pair",) + p),
        segment_text.map(lambda t: ("hi", t)),
    ), min_size=1, max_size=4))
    plain, markup, tagged = [], [], False
    for i, part in enumerate(parts, start=1):
        if part[0] == "text":
            plain.append(part[1])
            markup.append(escape(part[1]))
        elif part[0] == "ph":
            tagged = True
            markup.append(f'<ph x="{i}">{escape(part[1])}</ph>')
        elif part[0] == "it":
            tagged = True
            pos = "end" if part[1].startswith("</") else "begin"
            markup.append(f'<it pos="{pos}">{escape(part[1])}</it>')
        elif part[0] == "pair":
            tagged = True
            plain.append(part[1])
            close = part[2].replace("<", "</")
            markup.append(f'<bpt i="{i}">{escape(part[2])}</bpt>{escape(part[1])}'
                          f'<ept i="{i}">{escape(close)}</ept>')
        else:
            tagged = True
            plain.append(part[1])
            markup.append(f'<hi type="emphasis">{escape(part[1])}</hi>')
    text = "".join(plain)
    if not text.strip():
        text = "x" + text
        markup.insert(0, "x")
    return text, "".join(markup) if tagged else None


@st.composite
def tm_unit(draw, pair=("en-US", "zh-CN"), markup: bool = True) -> dict:
    source, source_markup = draw(tagged_segment()) if markup else (draw(segment_text), None)
    target, target_markup = draw(tagged_segment()) if markup else (draw(segment_text), None)
    created = draw(dates)
    return {
        "source_lang": pair[0], "source": source, "source_markup": source_markup,
        "target_lang": pair[1], "target": target, "target_markup": target_markup,
        "context": draw(st.sampled_from(["", "menu", "button (2)", "标题"])),
        "status": "translated", "created": created, "changed": max(created, draw(dates)),
        "note": draw(maybe(clean_text)), "creator": draw(maybe(words)),
        "domain": draw(maybe(clean_text)), "origin": draw(st.sampled_from(["a.tmx", "b.po"])),
    }


def term(lang: str, text: str, **fields) -> Term:
    return Term(lang, text, **{k: v for k, v in fields.items() if v is not None})
