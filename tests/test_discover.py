"""Term discovery: recurring Chinese–English pairs proposed from bilingual files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from glossary.checks.discover import accept, chinese_grams, discover, english_grams, render, to_json

HERE = Path(__file__).resolve().parent
DJANGO = Path(__file__).resolve().parents[2] / "shared" / "data" / "django-core-zh_Hans.po"
LABELS = HERE / "data" / "discover_django_labels.csv"
TOP = 20
MIN_PRECISION = 0.7  # measured 15/20 = 0.75 on the hand-labelled top 20


def write_po(path: Path, pairs: list[tuple[str, str]]) -> Path:
    body = "".join(f'msgid "{en}"\nmsgstr "{zh}"\n\n' for en, zh in pairs)
    path.write_text('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n'
                    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body, encoding="utf-8")
    return path


PAIRS = [("Enter your password", "输入您的密码"), ("The password is too short", "密码太短"),
         ("Change password", "修改密码"), ("Your email address", "您的电子邮件地址"),
         ("Enter a valid email address", "输入有效的电子邮件地址"),
         ("Email address not found", "未找到电子邮件地址"), ("Save", "保存")]


def test_grams():
    assert {"密码", "修改密码"} <= chinese_grams("修改密码")
    grams = english_grams("Enter the passwords, %(name)s.")
    assert {"enter", "password", "enter the password"} <= set(grams)
    assert "the" not in grams and "name" not in grams


def test_recurring_pairs_with_examples(g, tmp_path):
    found = discover(write_po(tmp_path / "a.po", PAIRS))
    pairs = {(c.zh, c.en.lower()) for c in found}
    assert ("密码", "password") in pairs
    assert ("电子邮件地址", "email address") in pairs
    top = next(c for c in found if c.zh == "密码")
    assert top.units == 3 and top.dice == 1.0 and len(top.examples) == 3
    assert "Change password" in {e.source for e in top.examples}
    assert "密码" in render(found) and '"zh": "密码"' in to_json(found)


def test_known_terms_left_out_and_accept(g, tmp_path):
    path = write_po(tmp_path / "a.po", PAIRS)
    g.add_entry("密码", "password")
    found = discover(path, g)
    assert "密码" not in {c.zh for c in found}
    cand = next(c for c in found if c.zh == "电子邮件地址")
    concept = accept(g, cand, domain="software")
    assert (concept.zh, concept.en, concept.domain) == ("电子邮件地址", "email address",
                                                        "software")
    assert "电子邮件地址" not in {c.zh for c in discover(path, g)}


@pytest.mark.skipif(not DJANGO.exists(), reason="shared data not present")
def test_precision_on_django_catalogue():
    with open(LABELS, encoding="utf-8", newline="") as f:
        labels = {(r["zh"], r["en"]): r["correct"] == "1" for r in csv.DictReader(f)}
    top = discover(DJANGO, limit=TOP)
    assert len(top) == TOP
    correct = sum(labels.get((c.zh, c.en), False) for c in top)  # unlabelled counts as wrong
    assert correct / TOP >= MIN_PRECISION, [(c.zh, c.en) for c in top]
    assert ("文件", "file") in {(c.zh, c.en) for c in top}


def test_table_columns_line_up_whatever_the_width_of_the_chinese(tmp_path):
    """Wide characters take two terminal columns: the English column starts at one place."""
    import unicodedata

    from glossary.checks.discover import Candidate

    found = [Candidate(zh, en, 3, 3, 3, 1.0, 3.0) for zh, en in
             (("密码", "password"), ("加强知识产权保护", "strengthen IPR protection"),
              ("西班牙语", "Spanish"))]
    rows = render(found).splitlines()

    def column_of(line: str, word: str) -> int:
        head = line[: line.index(word)]
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in head)

    starts = {column_of(line, en) for line, (_, en) in
              zip(rows[1:], (("", "password"), ("", "strengthen"), ("", "Spanish")), strict=True)}
    assert len(starts) == 1 and column_of(rows[0], "English") in starts
