"""Files named on the command line, with `-` for standard input or output as Unix tools
take it: `zcat memory.tmx.gz | glossary import - --format tmx`, `glossary export -
--format tbx2 | ssh host 'cat > terms.tbx'`.

The library reads and writes paths (a reader may take a file twice: once to tell its
format, once to read it), so standard input is first saved whole to a temporary file,
and an output is written to a temporary file that is then copied to standard output:
a failed export sends nothing rather than half a file. Error messages name "standard
input" rather than the temporary file.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from glossary.errors import GlossaryError
from glossary.formats import registry

DASH = Path("-")
SUFFIXES = {"tmx": ".tmx", "tbx": ".tbx", "tbx2": ".tbx", "po": ".po", "xliff": ".xlf",
            "csv": ".csv", "tsv": ".tsv", "omegat": ".txt", "cedict": ".u8"}
STDIN = "standard input"


STDOUT_NAMES = {"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"}


def is_dash(path: Path | str) -> bool:
    return str(path) == "-"


def is_stdout(path: Path | str) -> bool:
    """Whether the file goes to standard output, so the report must go to stderr."""
    return str(path) in STDOUT_NAMES


@contextmanager
def input_file(path: Path, fmt: str | None = None, detect: bool = False) -> Iterator[Path]:
    """`path` itself, or for `-` standard input saved to a temporary file named with the
    format's suffix (from `fmt`, else told from the content when `detect`), for the
    commands that choose a reader by the file's name."""
    if not is_dash(path):
        yield path
        return
    if sys.stdin.isatty():  # a forgotten pipe would wait for typing that never comes
        raise click.UsageError("- reads standard input, which is a terminal here: pipe or "
                               "redirect a file into it (... < file)")
    data = sys.stdin.buffer.read()
    if not data.strip():
        raise GlossaryError(f"{STDIN}: nothing to read (the input is empty)")
    if fmt is None and detect:
        fmt = registry.detect(Path(STDIN), data[:registry.HEAD_BYTES])
    with tempfile.TemporaryDirectory(prefix="glossary-stdin-") as folder:
        tmp = Path(folder) / f"stdin{SUFFIXES.get(fmt or '', '')}"
        tmp.write_bytes(data)
        try:
            yield tmp
        except GlossaryError as exc:
            raise GlossaryError(str(exc).replace(str(tmp), STDIN)) from exc


@contextmanager
def output_file(path: Path, fmt: str | None, option: str = "--format") -> Iterator[Path]:
    """`path` itself, or for `-` a temporary file copied to standard output once whole."""
    if not is_dash(path):
        yield path
        return
    if fmt is None:
        raise click.UsageError(f"writing to standard output needs {option} (the format "
                               "cannot come from a file name)")
    with tempfile.TemporaryDirectory(prefix="glossary-stdout-") as folder:
        tmp = Path(folder) / f"stdout{SUFFIXES.get(fmt, '')}"
        yield tmp
        sys.stdout.flush()
        with tmp.open("rb") as data:
            shutil.copyfileobj(data, sys.stdout.buffer, 1 << 20)
        sys.stdout.buffer.flush()
