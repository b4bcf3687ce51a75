"""What the command line prints cannot rewrite the user's terminal: control characters
and bidi overrides from imported files are shown escaped to people, and kept exactly in
JSON and exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.text.display import is_safe, visible

ESC = "\x1b[2J\x1b]8;;http://x\x07"  # clear the screen, start a hyperlink
BIDI = "\u202e"  # right-to-left override


def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    try:
        main(args=["--db", str(tmp_path / "x.db"), *args])
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    out, err = capsys.readouterr()
    assert "\x1b" not in err
    return out


def test_visible_escapes_controls_and_bidi_and_leaves_the_rest():
    assert visible("专利 patent\tlaw\nnext") == "专利 patent\tlaw\nnext"
    assert visible("a\x1b[31mb\rc\x00\x7f\x85") == "a\\x1b[31mb\\rc\\x00\\x7f\\x85".replace(
        "\\r", "\\x0d")
    assert visible("x\u202ay\u202ez\u2066w\u2069") == "x\\u202ay\\u202ez\\u2066w\\u2069"
    assert is_safe("知识产权 IPR") and not is_safe(BIDI)


def test_lookup_table_escapes_stored_text_and_json_keeps_it(tmp_path, capsys):
    cli(tmp_path, capsys, "add", f"专利{ESC}", f"patent{BIDI}[/b]", "--domain", f"law{ESC}")
    table = cli(tmp_path, capsys, "lookup", "专利")
    assert "\x1b" not in table and BIDI not in table and "\x07" not in table
    assert "\\x1b[2J" in table and "\\u202e" in table and "[/b]" in table
    hit = json.loads(cli(tmp_path, capsys, "lookup", "专利", "--json"))[0]
    assert (hit["zh"], hit["en"], hit["domain"]) == (f"专利{ESC}", f"patent{BIDI}[/b]",
                                                     f"law{ESC}")
    added = cli(tmp_path, capsys, "add", f"商标{ESC}", "trademark")
    assert "\x1b" not in added and "\\x1b" in added


def test_tm_and_concordance_escape_segments_and_keep_highlights(tmp_path, capsys):
    memory = tmp_path / "tm.csv"
    memory.write_text("source_lang,source,target_lang,target\n"
                      f'zh-CN,"保护{ESC}知识产权",en,"protect{BIDI} IPR"\n', encoding="utf-8")
    cli(tmp_path, capsys, "import", str(memory))
    for args in (("tm", f"保护{ESC}知识产权", "--min-score", "1"),
                 ("concordance", "知识产权"), ("concordance", "IPR")):
        shown = cli(tmp_path, capsys, *args)
        assert "\x1b" not in shown and BIDI not in shown and "\x07" not in shown, args
        assert "\\x1b" in shown and "\\u202e" in shown, args
    hits = json.loads(cli(tmp_path, capsys, "concordance", "知识产权", "--json"))
    assert hits[0]["source"] == f"保护{ESC}知识产权"
    start, end = hits[0]["source_spans"][0]
    assert hits[0]["source"][start:end] == "知识产权"


def test_an_export_keeps_the_text_byte_for_byte(tmp_path, capsys):
    cli(tmp_path, capsys, "add", f"专利{ESC}", f"patent{BIDI}")
    cli(tmp_path, capsys, "export", str(tmp_path / "out.csv"))
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert f"专利{ESC}" in text and f"patent{BIDI}" in text


def test_an_error_quoting_a_file_is_one_escaped_line(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"zh{ESC},e\nn\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(args=["--db", str(tmp_path / "x.db"), "import", str(bad)])
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b" in err and len(err.strip().splitlines()) == 1
