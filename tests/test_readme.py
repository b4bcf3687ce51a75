"""The README's commands are the ones CI runs: a fresh clone must work as documented."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text()
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_starts_with_run_and_test_commands_and_ci_runs_the_test_one():
    run, test = readme_commands()
    assert run.endswith(".venv/bin/glossary")
    assert "pytest" in test
    ci = (REPO / ".ci" / "run").read_text()
    assert test in ci.splitlines()
