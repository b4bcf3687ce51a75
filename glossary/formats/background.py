"""Reading a large file in a second process, so parsing and storing run side by side.

A million-unit TMX costs about as much to parse as to key and store; one process
does both in turn, two do them at once. Keying is shared (a third of the units are
keyed here, as parsing is the larger half) so neither process waits long for the
other, whichever language the text is in. Units come back as tuples of their fields,
which the importer stores without rebuilding a record of each.

The reader is a fresh interpreter (`python -m glossary.formats.background`), not a
multiprocessing child: nothing of the caller is re-run or inherited, which matters
for a script without a __main__ guard and for the TUI's threads. Records come back
pickled in batches through its stdout; the pipe's small buffer keeps it at most a
batch ahead, so memory stays flat. Errors come back as the same InputFileError, and
closing the generator (the import failed or was cancelled) stops the process.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import GlossaryError, InputFileError
from . import Item, ReadOptions, Source, Unit
from .loader import WIRE

MIN_BYTES = 16 << 20  # smaller files are read in the importing process: no start-up cost
BATCH = 2000
KEY_EVERY = 3  # the reading process keys one unit in this many: parsing costs it more
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def _send(out: BinaryIO, message: tuple) -> None:
    pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def work(fmt: str, path: Path, opts: ReadOptions, out: BinaryIO) -> None:
    """The reading process: the format's reader, every other unit keyed, sent in batches."""
    from .keys import fast_key
    from .registry import READERS

    source = Source(path)
    try:
        batch: list[Item | tuple] = []
        count = 0
        for item in READERS[fmt](source, opts):
            if isinstance(item, Unit):
                data = item.data
                count += 1
                if count % KEY_EVERY == 0:  # the importer keys the others
                    data["source_key"] = fast_key(data.get("source") or "")
                    data["target_key"] = fast_key(data.get("target") or "")
                batch.append((item.place, tuple(map(data.get, WIRE))))
            else:
                batch.append(item)
            if len(batch) >= BATCH:
                _send(out, ("items", batch, source.bytes_read))
                batch = []
        _send(out, ("items", batch, source.bytes_read))
        _send(out, ("done",))
    except InputFileError as exc:
        _send(out, ("input-error", exc.path, exc.place, exc.problem))
    except GlossaryError as exc:
        _send(out, ("error", str(exc)))
    except Exception:  # noqa: BLE001 - a bug: carry its traceback to the importing process
        _send(out, ("crash", traceback.format_exc()))
    finally:
        source.close()


def read_in_background(fmt: str, source: Source, opts: ReadOptions
                       ) -> Iterator[Item | tuple[str, tuple]]:
    """The reader's records, read by another process; source.bytes_read follows it.
    A unit comes as (place, its WIRE values), which Sink.take stores without making a
    Unit of it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (PACKAGE_ROOT, os.environ.get("PYTHONPATH")) if p)}
    args = [sys.executable, "-m", "glossary.formats.background", fmt, str(source.path),
            json.dumps(dataclasses.asdict(opts))]
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors, env=env)
        _widen(process.stdout)
        try:
            yield from _receive(process, source, errors)
        finally:
            process.stdout.close()
            if process.poll() is None:
                process.kill()
            process.wait()


def _widen(pipe: BinaryIO) -> None:
    """A 1 MB pipe (Linux) lets the reader run a batch or two ahead of the importer."""
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass


def _receive(process: subprocess.Popen, source: Source, errors: BinaryIO
             ) -> Iterator[Item | tuple[str, tuple]]:
    while True:
        try:
            message = pickle.load(process.stdout)
        except EOFError:
            process.wait()
            errors.seek(0)
            detail = errors.read().decode(errors="replace").strip().splitlines()[-1:]
            raise GlossaryError(f"{source.path}: the reading process stopped (exit code "
                                f"{process.returncode}) {' '.join(detail)}".rstrip()) from None
        kind = message[0]
        if kind == "items":
            source.remote_bytes = message[2]
            yield from message[1]
        elif kind == "done":
            return
        elif kind == "input-error":
            raise InputFileError(*message[1:])
        elif kind == "error":
            raise GlossaryError(message[1])
        else:
            raise RuntimeError(f"reading {source.path} failed:\n{message[1]}")


if __name__ == "__main__":
    work(sys.argv[1], Path(sys.argv[2]), ReadOptions(**json.loads(sys.argv[3])),
         sys.stdout.buffer)
