"""The docs a newcomer reads first must stay true: the README's commands are the ones
CI runs (a fresh clone must work as documented), its tour uses commands that exist,
its links lead somewhere, and the CHANGELOG's latest release is the version the
program reports."""

from __future__ import annotations

import re
from pathlib import Path

from glossary.cli import cli
from glossary.version import __version__

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOCS = [README, REPO / "CHANGELOG.md", *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def readme_commands() -> list[str]:
    text = README.read_text()
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_starts_with_run_and_test_commands_and_ci_runs_the_test_one():
    text = README.read_text()
    assert text.index("```sh\n") < text.index("\n## "), "the commands come before any section"
    run, test = readme_commands()
    assert run.endswith(".venv/bin/glossary")
    assert "pytest" in test
    ci = (REPO / ".ci" / "run").read_text()
    assert test in ci.splitlines()


def test_readme_is_a_front_door_not_a_diary():
    lines = README.read_text().splitlines()
    assert len(lines) <= 215, f"README.md has {len(lines)} lines; figures go to docs/"
    for name in ("architecture.md", "formats.md", "performance.md"):
        assert f"docs/{name}" in README.read_text(), f"README does not point to docs/{name}"


def test_the_tour_uses_commands_that_exist():
    verbs = set(re.findall(r"^\$ glossary ([a-z-]+)", README.read_text(), re.MULTILINE))
    assert verbs, "the tour shows no command"
    unknown = verbs - set(cli.commands)
    assert not unknown, f"unknown commands in the README: {unknown}"


def test_links_between_the_docs_lead_to_files_that_exist():
    for doc in DOCS:
        for target in LINK.findall(doc.read_text()):
            if "://" in target:
                continue
            assert (doc.parent / target).exists(), f"{doc.name} links to missing {target}"


def test_changelog_has_unreleased_then_the_version_the_program_reports():
    headings = re.findall(r"^## \[([^\]]+)\]", (REPO / "CHANGELOG.md").read_text(), re.MULTILINE)
    assert headings[0] == "Unreleased"
    assert headings[1] == __version__, "bump glossary/version.py with each release"
    for version in headings[1:]:
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"not a semantic version: {version}"
