"""Commands on the translation memory and on texts: tm, concordance, recognize and
pretranslate."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from glossary.cli.files import STDIN, input_file, is_dash, is_stdout, output_file
from glossary.cli.output import Column, Listing, Output, json_option, marked, status_cell
from glossary.cli.state import State
from glossary.errors import GlossaryError, undecodable
from glossary.formats import po_syntax
from glossary.text.display import visible

# One word with a folder or a file extension in it ("article.txt", "docs/a"): a mistyped
# file name rather than a text to check.
_LOOKS_LIKE_PATH = re.compile(
    r"[^\s\u3000-\u9fff\uff00-\uffef]*(/[^\s]*|\.[A-Za-z][A-Za-z0-9]{0,4})"
)


NAME_MAX = 255  # bytes in one file name on Linux, macOS and Windows alike
PATH_MAX = 4096  # bytes in a whole path (Linux; the others allow fewer)


def _could_be_path(text: str) -> bool:
    """Whether the OS would take `text` as a path at all (asking it about a longer one
    raises an error instead of answering no)."""
    raw = text.encode("utf-8", "surrogateescape")
    return b"\0" not in raw and b"\n" not in raw and len(raw) < PATH_MAX and all(
        len(part) <= NAME_MAX for part in raw.split(b"/"))


def _utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{name}: {undecodable(exc)}") from exc


def read_text_arg(source: str) -> str:
    """SOURCE as recognize takes it: '-' for stdin, a file's text, or the text itself;
    a missing file that looks like one is a mistake, not a text to check."""
    if source == "-":
        return _utf8(sys.stdin.buffer.read(), "standard input")
    if not _could_be_path(source):  # a long or multi-line text: the OS refuses it as a name
        return source
    path = Path(source)
    if path.is_file():
        return _utf8(path.read_bytes(), str(path))
    if path.is_dir():
        raise GlossaryError(f"{path}: a folder, not a file")
    if _LOOKS_LIKE_PATH.fullmatch(source):
        raise GlossaryError(f"{source}: no such file (to check text, give the text itself)")
    return source


@click.command()
@click.argument("query")
@click.option("--min-score", default=50, show_default=True, type=click.IntRange(0, 100),
              help="Lowest match percentage to show.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@json_option("matches")
@click.pass_obj
def tm(state: State, query: str, min_score: int, limit: int, out: Output) -> None:
    """Closest translation-memory matches for a sentence, with a match percentage."""
    matches = state.glossary().tm_search(query, min_score=min_score, limit=limit)
    columns = (Column("%", right=True), Column("source (differences in red)", fold=True),
               Column("target", fold=True))
    rows = [(str(m.score), marked(m.source, m.spans, "bold red"), m.target) for m in matches]
    out.result([m.to_dict() for m in matches],
               Listing(columns, rows, empty=f"no TM match at or above {min_score}%"))


@click.command()
@click.argument("text")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000))
@json_option("units")
@click.pass_obj
def concordance(state: State, text: str, limit: int, out: Output) -> None:
    """TM units that contain TEXT on either side."""
    hits = state.glossary().concordance(text, limit=limit)
    columns = (Column("id", right=True), Column("source", fold=True),
               Column("target", fold=True))
    rows = [(str(h.id), marked(h.source, h.source_spans, "bold yellow"),
             marked(h.target, h.target_spans, "bold yellow")) for h in hits]
    out.result([h.to_dict() for h in hits],
               Listing(columns, rows, empty=f"no TM unit contains '{text}'"))


@click.command()
@click.argument("source", default="-")
@json_option("the terms found")
@click.pass_obj
def recognize(state: State, source: str, out: Output) -> None:
    """Glossary terms in a text: SOURCE is a file, '-' for stdin (default), or the text."""
    text = read_text_arg(source)  # a mistyped file name fails before the database opens
    found = state.glossary().recognize(text)
    columns = (Column("at", right=True), Column("term"), Column("translation"),
               Column("status"))
    rows = [(f"{r.start}-{r.end}", r.term, r.translation, status_cell(r.status))
            for r in found]
    out.result([{**r.to_dict(), "matched": None, "lang": r.matched.lang} for r in found],
               Listing(columns, rows, empty="no glossary term found"))


@click.command()
@click.argument("src", type=click.Path(path_type=Path))
@click.option("-o", "--output", "dest", required=True, type=click.Path(path_type=Path),
              help="Where to write the pre-translated file.")
@click.option("--min-score", default=75, show_default=True, type=click.IntRange(1, 100),
              help="Lowest match percentage to use; below 100 is marked fuzzy.")
@json_option("the counts")
@click.pass_obj
def pretranslate(state: State, src: Path, dest: Path, min_score: int, out: Output) -> None:
    """Fill the untranslated units of a PO or XLIFF file from the translation memory;
    SRC - reads standard input and -o - writes standard output (the report then goes
    to standard error)."""
    with input_file(src, detect=True) as readable:
        if readable.suffix.lower() in (".po", ".pot") and readable.is_file():
            po_syntax.check(readable)  # a cut-off file would be filled and written shorter
        kind = "po" if readable.suffix.lower() in (".po", ".pot") else "xliff"
        g = state.glossary()
        with output_file(dest, kind) as writable:
            report = g.pretranslate(readable, writable, min_score=min_score)
    if is_dash(src):  # name the files as the user gave them, not the temporary copies
        report.path = STDIN
    if is_dash(dest):
        report.output = "standard output"
    if is_stdout(dest):
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if out.as_json
                   else visible(report.summary()), err=True)
    else:
        out.result(report.to_dict(), report.summary())


COMMANDS = (tm, concordance, recognize, pretranslate)
