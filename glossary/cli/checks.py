"""Commands that check a translated file against the glossary (qa) or mine one for
entries it lacks (discover)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from glossary.checks.discover import accept, render
from glossary.cli.files import STDIN, input_file, is_dash
from glossary.cli.output import Output, json_option
from glossary.cli.state import State, fail

QA_ISSUES = 3  # the exit status for "qa found issues"


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--domain", help="Only check terms of this domain.")
@click.option("--format", "fmt", type=click.Choice(("tmx", "po", "xliff", "csv", "tsv")),
              help="Force the format instead of detecting it.")
@click.option("--source-lang", help="The source side of a file with more languages (any "
              "spelling: zh_Hans, zh-CN...).")
@click.option("--target-lang", help="The target side of a file with more languages.")
@json_option("the issues")
@click.pass_obj
def qa(state: State, path: Path, domain: str | None, fmt: str | None, out: Output,
       source_lang: str | None, target_lang: str | None) -> None:
    """Check a translated PO, TMX, XLIFF or CSV file (- for standard input) against the
    glossary.

    Reports source terms whose translation is missing, deprecated or forbidden terms
    used, and terms translated inconsistently; exit status 3 when there are issues
    (1 is an error, 2 a usage mistake), so a build can tell them apart."""
    g = state.glossary()
    with input_file(path, fmt, detect=True) as readable:
        report = g.qa(readable, domain=domain, fmt=fmt, source_lang=source_lang,
                      target_lang=target_lang)
    if not report.units and (source_lang or target_lang):
        asked = " and ".join(f"{o} {v}" for o, v in (("--source-lang", source_lang),
                                                       ("--target-lang", target_lang)) if v)
        fail(f"{path}: no translated unit in the languages asked for ({asked})")
    if is_dash(path):  # name the input as the user gave it, not the temporary copy
        report.file = STDIN
        for issue in report.issues:
            issue.file = STDIN
    out.result(report.to_dict(), report.render())
    if not report.ok:
        sys.exit(QA_ISSUES)


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@click.option("--min-units", default=2, show_default=True, type=click.IntRange(1, 1000),
              help="How many units a pair must recur in.")
@click.option("--accept", "accepted", type=int, multiple=True,
              help="Add candidate N (as numbered in the list) to the glossary; repeatable.")
@click.option("--domain", help="Domain for accepted entries.")
@json_option("the candidates")
@click.pass_obj
def discover(state: State, path: Path, limit: int, min_units: int, accepted: tuple[int, ...],
             domain: str | None, out: Output) -> None:
    """Propose entries the glossary lacks, from recurring term pairs in a bilingual file."""
    g = state.glossary()
    candidates = g.discover(path, min_units=min_units, limit=limit)
    if not accepted:
        out.result([c.to_dict() for c in candidates], render(candidates))
        return
    added = []
    for number in accepted:
        if not 1 <= number <= len(candidates):
            fail(f"no candidate {number}: the list has {len(candidates)}")
        concept = accept(g, candidates[number - 1], domain=domain)
        added.append(concept.to_dict())
        out.note(f"added #{concept.id}: {concept.zh} / {concept.en}")
    out.result(added, None)


COMMANDS = (qa, discover)
