"""Unix conventions of the `glossary` command, in real processes: `-` for standard input
and output, no full-screen UI without a terminal, exports through symlinks and into
pipes, and exit statuses a script can tell apart."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GLOSSARY = REPO / "imports" / "ipr-glossary.csv"
TM = REPO / "imports" / "ipr-article-tm.csv"


def glossary(tmp_path: Path, *args: str, stdin: bytes | None = b"", code: int = 0,
             stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess:
    """Run the installed console script (the one that plugs in the UI), as a shell would."""
    env = {**os.environ, "GLOSSARY_IMPORTS": str(tmp_path / "imports")}
    env.pop("GLOSSARY_DB", None)
    proc = subprocess.run(
        [sys.executable, "-c", "from tui.main import main; main()",
         "--db", str(tmp_path / "x.db"), *args],
        input=stdin, stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
        timeout=60)
    assert proc.returncode == code, proc.stderr.decode()
    return proc


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    glossary(tmp_path, "import", str(GLOSSARY), str(TM))
    return tmp_path


def test_no_ui_without_a_terminal_prints_help_and_exits_2(tmp_path):
    proc = glossary(tmp_path, stdin=None, code=2)  # stdin: /dev/null, stdout: a pipe
    out = proc.stdout.decode()
    assert out.startswith("Usage: ") and "Exit status:" in out
    assert not (tmp_path / "x.db").exists()  # nothing opened, nothing created


def test_help_documents_the_exit_statuses(tmp_path):
    out = glossary(tmp_path, "--help").stdout.decode()
    for line in ("0  done", "1  an error", "2  a usage mistake", "3  qa found issues"):
        assert line in out


def test_import_from_standard_input(tmp_path):
    proc = glossary(tmp_path, "import", "-", stdin=GLOSSARY.read_bytes())
    assert proc.stdout.decode().startswith("standard input: 64 entries added")
    tmx = (REPO.parent / "shared" / "data" / "omegat-website-en-zh_CN.utf16.tmx")
    data = tmx.read_bytes() if tmx.is_file() else (
        b'<?xml version="1.0"?><tmx version="1.4"><header srclang="en" segtype="sentence" '
        b'o-tmf="x" adminlang="en" datatype="plaintext" creationtool="t" '
        b'creationtoolversion="1"/><body><tu><tuv xml:lang="en"><seg>Patent</seg></tuv>'
        b'<tuv xml:lang="zh-CN"><seg>\xe4\xb8\x93\xe5\x88\xa9</seg></tuv></tu></body></tmx>')
    proc = glossary(tmp_path, "import", "-", "--format", "tmx", "--json", stdin=data)
    assert b'"format": "tmx"' in proc.stdout and b'"path": "standard input"' in proc.stdout


def test_bad_or_empty_standard_input_is_named_so(tmp_path):
    err = glossary(tmp_path, "import", "-", stdin=b"", code=1).stderr.decode()
    assert err == "glossary: standard input: nothing to read (the input is empty)\n"
    err = glossary(tmp_path, "import", "-", "--format", "tmx", stdin=b"<tmx><body>",
                   code=1).stderr.decode()
    assert err.startswith("glossary: standard input") and "/tmp" not in err


def test_export_to_standard_output_with_the_report_on_stderr(seeded):
    proc = glossary(seeded, "export", "-", "--format", "tbx2")
    assert proc.stdout.startswith(b"<?xml") and proc.stdout.rstrip().endswith(b"</martif>")
    assert proc.stderr.decode().startswith("standard output: 64 entries exported as TBX 2008")
    # /dev/stdout is a pipe here: written into, never replaced
    proc = glossary(seeded, "export", "/dev/stdout", "--format", "omegat")
    assert proc.stdout.startswith(b"# Glossary in tab-separated format")
    assert b"exported" not in proc.stdout and b"exported as an OmegaT glossary" in proc.stderr


def test_export_to_standard_output_needs_a_format(seeded):
    err = glossary(seeded, "export", "-", code=2).stderr.decode()
    assert "writing to standard output needs --format" in err


def test_export_writes_through_a_symlink_keeping_it_and_the_mode(seeded):
    real = seeded / "real.tbx"
    real.write_text("old")
    real.chmod(0o600)
    link = seeded / "link.tbx"
    link.symlink_to(real.name)
    glossary(seeded, "export", str(link))
    assert link.is_symlink() and os.readlink(link) == "real.tbx"
    assert b"<conceptEntry" in real.read_bytes()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    dangling = seeded / "new.csv"
    dangling.symlink_to("made.csv")
    glossary(seeded, "export", str(dangling))
    assert dangling.is_symlink() and (seeded / "made.csv").read_text().startswith("zh,en")


def test_export_into_a_fifo(seeded):
    fifo = seeded / "pipe.tmx"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    glossary(seeded, "export", str(fifo))
    data, _ = reader.communicate(timeout=30)
    assert data.count(b"</tu>") == 14
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_an_export_that_selects_nothing_says_so(seeded):
    proc = glossary(seeded, "export", str(seeded / "law.tbx"), "--domain", "astronomy")
    assert "nothing exported: no entries were selected" in proc.stderr.decode()
    err = glossary(seeded, "export", str(seeded / "fr.po"), "--target-lang", "fr-FR",
                   code=1).stderr.decode()
    assert "--target-lang fr-FR" in err and "en, zh-CN" in err
    assert not (seeded / "fr.po").exists()


def test_qa_from_standard_input_exits_3_for_issues(seeded):
    bad = "source_lang,source,target_lang,target\nzh-CN,专利法,en,patent rules\n".encode()
    proc = glossary(seeded, "qa", "-", stdin=bad, code=3)
    assert proc.stdout.decode().startswith("standard input: line 2")
    good = "source_lang,source,target_lang,target\nzh-CN,专利法,en,Patent Law\n".encode()
    glossary(seeded, "qa", "-", stdin=good, code=0)


def test_pretranslate_from_standard_input_to_standard_output(seeded):
    po = ('msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; '
          'charset=UTF-8\\n"\n\nmsgid "习近平强调加强知识产权保护"\nmsgstr ""\n').encode()
    proc = glossary(seeded, "pretranslate", "-", "-o", "-", stdin=po)
    assert "msgstr \"Xi Jinping stresses strengthening IPR protection\"" in proc.stdout.decode()
    assert proc.stderr.decode().startswith("standard output: 1 exact")


def test_qa_picks_the_languages_of_a_multilingual_file_in_any_spelling(seeded):
    tmx = seeded / "three.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
        'segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext" '
        'creationtool="t" creationtoolversion="1"/><body><tu>'
        '<tuv xml:lang="en-US"><seg>Revise the Patent Law.</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>修订专利法。</seg></tuv>'
        '<tuv xml:lang="zh-TW"><seg>修訂專利規則。</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8")
    glossary(seeded, "qa", str(tmx), "--source-lang", "en", "--target-lang", "zh_Hans")
    out = glossary(seeded, "qa", str(tmx), "--target-lang", "zh-Hant", code=3).stdout
    assert "1 units checked" in out.decode()
    err = glossary(seeded, "qa", str(tmx), "--target-lang", "fr", code=1).stderr.decode()
    assert "no translated unit in the languages asked for (--target-lang fr)" in err


def test_a_terminal_on_one_side_only_still_gets_no_ui_and_dash_never_waits(tmp_path):
    controller, terminal = os.openpty()
    try:
        env = {**os.environ, "GLOSSARY_IMPORTS": str(tmp_path / "imports")}
        base = [sys.executable, "-c", "from tui.main import main; main()",
                "--db", str(tmp_path / "x.db")]
        proc = subprocess.run(base, stdin=terminal, capture_output=True, env=env,
                              cwd=tmp_path, timeout=60)  # typed at, but piped out
        assert proc.returncode == 2 and b"Usage:" in proc.stdout
        proc = subprocess.run([*base, "import", "-"], stdin=terminal, capture_output=True,
                              env=env, cwd=tmp_path, timeout=60)
        assert proc.returncode == 2 and b"standard input, which is a terminal" in proc.stderr
    finally:
        os.close(controller)
        os.close(terminal)
