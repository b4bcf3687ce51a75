"""The `glossary` command as scripts use it: real processes on a real database file."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import glossary
from glossary.cli import cli
from glossary.cli.state import State

REPO = Path(__file__).resolve().parents[1]


def run(tmp_path: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "GLOSSARY_IMPORTS": str(tmp_path / "imports")}
    env.pop("GLOSSARY_DB", None)
    proc = subprocess.run(
        [sys.executable, "-m", "glossary", "--db", str(tmp_path / "x.db"), *args],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert (proc.returncode == 0) == ok, proc.stderr
    return proc


def lookup_json(tmp_path: Path, query: str) -> list[dict]:
    return json.loads(run(tmp_path, "lookup", query, "--json").stdout)


def test_add_lookup_every_spelling_then_undo(tmp_path):
    out = run(tmp_path, "add", "知识产权", "intellectual property rights", "--abbr", "IPR",
              "--domain", "law").stdout
    assert "知识产权 / intellectual property rights" in out
    for query in ("知識產權", "ＩＰＲ", "intellectual"):
        hits = lookup_json(tmp_path, query)
        assert len(hits) == 1, query
        hit = hits[0]
        assert {"id", "zh", "en", "domain", "status", "score", "terms"} <= hit.keys()
        assert (hit["zh"], hit["en"], hit["domain"]) == (
            "知识产权", "intellectual property rights", "law")
        assert {t["text"] for t in hit["terms"]} == {
            "知识产权", "intellectual property rights", "IPR"}
    assert "undid add" in run(tmp_path, "undo").stdout
    assert lookup_json(tmp_path, "IPR") == []
    assert "nothing to undo" in run(tmp_path, "undo").stdout


def test_human_lookup_table_flags_forbidden_variant(tmp_path):
    run(tmp_path, "add", "专利法", "Patent Rules", "--status", "forbidden")
    out = run(tmp_path, "lookup", "patent rules").stdout
    assert "专利法" in out and "forbidden" in out


def test_edit_and_delete(tmp_path):
    run(tmp_path, "add", "商标法", "Trademark Act")
    entry_id = str(lookup_json(tmp_path, "商标法")[0]["id"])
    run(tmp_path, "edit", entry_id, "--en", "Trademark Law", "--domain", "law")
    hit = lookup_json(tmp_path, "商标法")[0]
    assert (hit["en"], hit["domain"]) == ("Trademark Law", "law")
    run(tmp_path, "delete", entry_id)
    assert lookup_json(tmp_path, "商标法") == []


def test_stats_json(tmp_path):
    run(tmp_path, "add", "民法典", "Civil Code")
    figures = json.loads(run(tmp_path, "stats", "--json").stdout)
    assert (figures["concepts"], figures["terms"], figures["tm_units"]) == (1, 2, 0)


def test_import_twice_says_nothing_was_added(tmp_path):
    csv = tmp_path / "terms.csv"
    csv.write_text("zh,en,domain\n民法典,Civil Code,law\n著作权法,Copyright Law,law\n")
    first = run(tmp_path, "import", str(csv)).stdout
    assert "2 entries added" in first
    second = run(tmp_path, "import", str(csv)).stdout
    assert "already imported" in second
    assert json.loads(run(tmp_path, "stats", "--json").stdout)["concepts"] == 2


def test_import_with_no_path_reads_the_inbox(tmp_path):
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "t.csv").write_text("zh,en\n国家安全,national security\n")
    assert "1 entries added" in run(tmp_path, "import").stdout
    assert "already imported" in run(tmp_path, "import").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("edit", "99", "--en", "x"), "no entry with id 99"),
        (("delete", "99"), "no entry with id 99"),
        (("import", "missing.csv"), "missing.csv: cannot read the file"),
        (("add", "知识产权", " "), "needs both"),
        (("edit", "1"), "nothing to change"),
        (("qa", "missing.po"), "missing.po: no such file"),
        (("qa", "."), ".: a folder, not a file"),
        (("discover", "missing.tmx"), "missing.tmx: no such file"),
        (("recognize", "article.txt"), "article.txt: no such file"),
    ],
)
def test_user_mistakes_are_one_line_without_traceback(tmp_path, args, message):
    proc = run(tmp_path, *args, ok=False)
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_bad_csv_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("zh,en\n民法典,Civil Code\n专利法,\n")
    proc = run(tmp_path, "import", str(bad), ok=False)
    assert f"{bad}, line 3: the English term is empty" in proc.stderr
    assert json.loads(run(tmp_path, "stats", "--json").stdout)["concepts"] == 0


def seed_ipr(tmp_path: Path) -> None:
    (tmp_path / "imports").mkdir(exist_ok=True)
    for name in ("ipr-glossary.csv", "ipr-article-tm.csv"):
        (tmp_path / "imports" / name).write_bytes((REPO / "imports" / name).read_bytes())
    run(tmp_path, "import")


def test_tm_both_directions_with_scores_and_spans(tmp_path):
    seed_ipr(tmp_path)
    zh = json.loads(run(tmp_path, "tm", "创新是引领发展的第一动力，保护知识产权就是保护创新",
                        "--json").stdout)
    best = zh[0]
    assert {"source", "target", "source_lang", "target_lang", "score", "spans"} <= best.keys()
    assert best["source_lang"] == "zh-CN" and best["target"].startswith("Innovation is")
    assert 80 <= best["score"] < 100
    assert [best["source"][a:b] for a, b in best["spans"]] == ["他说，", "。"]
    en = json.loads(run(tmp_path, "tm", "Innovation is the primary driving force leading "
                        "development, and protecting intellectual property is protecting "
                        "innovation, he said.", "--json").stdout)
    assert (en[0]["score"], en[0]["source_lang"], en[0]["target_lang"]) == (100, "en", "zh-CN")
    assert "no TM match" in run(tmp_path, "tm", "完全无关的句子", "--min-score", "90").stdout


def test_concordance_finds_both_sides(tmp_path):
    seed_ipr(tmp_path)
    hits = json.loads(run(tmp_path, "concordance", "民法典", "--json").stdout)
    assert hits and all("民法典" in h["source"] for h in hits)
    start, end = hits[0]["source_spans"][0]
    assert hits[0]["source"][start:end] == "民法典"
    en = json.loads(run(tmp_path, "concordance", "civil code", "--json").stdout)
    assert [h["id"] for h in en] == [h["id"] for h in hits]


def test_recognize_reads_stdin_and_files(tmp_path):
    seed_ipr(tmp_path)
    text = "要加快完善相关法律法规，统筹推进专利法、商标法修改。"
    env = {**os.environ}
    proc = subprocess.run(
        [sys.executable, "-m", "glossary", "--db", str(tmp_path / "x.db"), "recognize", "-",
         "--json"], input=text, capture_output=True, text=True, env=env, check=True)
    found = {r["term"]: r["translation"] for r in json.loads(proc.stdout)}
    assert found["专利法"] == "Patent Law" and found["商标法"] == "Trademark Law"
    (tmp_path / "t.txt").write_text(text)
    assert "Patent Law" in run(tmp_path, "recognize", str(tmp_path / "t.txt")).stdout


def test_qa_exit_status_gates_a_build(tmp_path):
    seed_ipr(tmp_path)
    good = tmp_path / "good.csv"
    good.write_text("source_lang,source,target_lang,target\n"
                    "zh-CN,统筹推进专利法修订工作。,en,Promote the revision of the Patent Law.\n")
    assert run(tmp_path, "qa", str(good)).returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("source_lang,source,target_lang,target\n"
                   "zh-CN,统筹推进专利法修订工作。,en,Promote the revision of the patent rules.\n")
    proc = run(tmp_path, "qa", str(bad), "--json", ok=False)
    assert proc.returncode == 3  # issues found: neither an error (1) nor a usage mistake (2)
    issues = json.loads(proc.stdout)["issues"]
    assert [(i["kind"], i["suggestion"]) for i in issues] == [("forbidden", "Patent Law")]


def test_discover_then_accept(tmp_path):
    po = tmp_path / "ui.po"
    rows = [("Enter your password", "输入密码"), ("Change password", "修改密码"),
            ("Password too short", "密码太短"), ("Forgot password?", "忘记密码？")]
    po.write_text('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n'
                  '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  + "".join(f'msgid "{en}"\nmsgstr "{zh}"\n\n' for en, zh in rows))
    found = json.loads(run(tmp_path, "discover", str(po), "--json").stdout)
    assert (found[0]["zh"], found[0]["en"].lower()) == ("密码", "password")
    assert "added #1: 密码" in run(tmp_path, "discover", str(po), "--accept", "1").stdout
    assert lookup_json(tmp_path, "密码")[0]["en"].lower() == "password"


def test_a_text_that_is_no_glossary_is_refused_on_its_first_line(tmp_path):
    prose = tmp_path / "article.txt"
    prose.write_text('Xi Jinping stresses IPR protection\n\n"We should, he said, act."\n')
    proc = run(tmp_path, "import", str(prose), ok=False)
    assert f"{prose}, line 1: cannot tell which columns" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_recognize_takes_a_word_with_a_dot_that_is_no_file_name_as_text(tmp_path):
    run(tmp_path, "add", "知识产权", "IPR")
    proc = run(tmp_path, "recognize", "保护知识产权。")
    assert "知识产权" in proc.stdout


def test_a_database_path_in_a_missing_folder_says_so(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "glossary", "--db", str(tmp_path / "nodir" / "x.db"), "stats"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"cannot create the database, no folder {tmp_path / 'nodir'}" in proc.stderr


def run_default_db(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """The command with no --db, in tmp_path (so on tmp_path/memory.db unless env says)."""
    environ = {**os.environ, **env}
    environ.pop("GLOSSARY_IMPORTS", None)
    if "GLOSSARY_DB" not in env:
        environ.pop("GLOSSARY_DB", None)
    proc = subprocess.run([sys.executable, "-m", "glossary", *args], capture_output=True,
                          text=True, env=environ, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_a_new_default_database_is_filled_from_imports_whichever_command_comes_first(tmp_path):
    """A first `lookup` fills the new memory.db from imports/ (as opening the terminal
    UI does); the commands after it find the entries and import nothing again."""
    import shutil

    shutil.copytree(REPO / "imports", tmp_path / "imports")
    first = run_default_db(tmp_path, "lookup", "知识产权", "--json")
    assert "ipr-glossary.csv" in first.stderr
    assert json.loads(first.stdout)[0]["zh"] == "知识产权"
    assert (tmp_path / "memory.db").is_file()
    again = run_default_db(tmp_path, "stats")
    assert again.stderr == ""
    assert "concepts: 64" in again.stdout


def test_a_database_named_with_db_or_glossary_db_starts_empty(tmp_path):
    """A named database is the user's own: the starter entries do not creep into it,
    and `import imports/` is how to fill one on purpose."""
    import shutil

    shutil.copytree(REPO / "imports", tmp_path / "imports")
    added = run_default_db(tmp_path, "--db", "new.db", "add", "国家安全", "national security")
    assert added.stderr == ""
    assert "concepts: 1" in run_default_db(tmp_path, "--db", "new.db", "stats").stdout
    env_db = run_default_db(tmp_path, "stats", GLOSSARY_DB=str(tmp_path / "env.db"))
    assert env_db.stderr == "" and "concepts: 0" in env_db.stdout
    run_default_db(tmp_path, "--db", "seeded.db", "import", "imports/")
    assert "concepts: 64" in run_default_db(tmp_path, "--db", "seeded.db", "stats").stdout
    assert not (tmp_path / "memory.db").exists()



def test_version_is_the_package_version(tmp_path):
    assert run(tmp_path, "--version").stdout == f"glossary {glossary.__version__}\n"
    assert glossary.__version__ == importlib.metadata.version("glossary")  # pyproject's


def test_dash_h_is_help_on_the_group_and_every_command():
    runner = CliRunner()
    names = ["", *cli.commands]
    assert len(names) > 10
    for name in names:
        args = [name] if name else []
        short = runner.invoke(cli, [*args, "-h"], obj=State())
        long = runner.invoke(cli, [*args, "--help"], obj=State())
        assert short.exit_code == 0, (name, short.output)
        assert short.output == long.output and "Usage:" in short.output, name


def test_json_for_edit_delete_undo_and_remove_source(tmp_path):
    added = json.loads(run(tmp_path, "add", "商标法", "Trademark Act", "--json").stdout)
    entry_id = str(added["id"])
    edited = json.loads(run(tmp_path, "edit", entry_id, "--en", "Trademark Law",
                            "--json").stdout)
    assert (edited["id"], edited["en"]) == (added["id"], "Trademark Law")
    deleted = json.loads(run(tmp_path, "delete", entry_id, "--json").stdout)
    assert deleted["zh"] == "商标法"
    undone = json.loads(run(tmp_path, "undo", "--json").stdout)
    assert (undone["action"], undone["id"]) == ("delete", added["id"])
    removed = json.loads(run(tmp_path, "remove-source", "--json").stdout)
    assert removed == {"source": "cedict", "removed": 0}


def test_json_output_is_one_document_even_with_nothing_found(tmp_path):
    (tmp_path / "imports").mkdir()
    for args in (("lookup", "无此词"), ("tm", "无此句"), ("concordance", "无此词"),
                 ("recognize", "无此词"), ("import",)):
        assert json.loads(run(tmp_path, *args, "--json").stdout) == [], args
