"""Reading a large file in a second process, so parsing and storing run side by side.

A million-unit TMX costs about as much to parse as to key and store; one process
does both in turn, two do them at once. Keying is shared (one unit in KEY_EVERY is
keyed here, as parsing is the larger half) so neither process waits long for the
other, whichever language the text is in. Units come back as tuples of their fields,
which the importer stores without rebuilding a record of each.

The reader is a fresh interpreter (`python -m glossary.formats.background`), not a
multiprocessing child: nothing of the caller is re-run or inherited, which matters
for a script without a __main__ guard and for the TUI's threads. Records come back
pickled in batches through its stdout. A thread of the importer receives them a few
batches ahead of what it stores, so neither process waits on the other's bursts, and
the bounded queue keeps memory flat. Errors come back as the same InputFileError,
and closing the generator (the import failed or was cancelled) stops the process.
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
from typing import IO, BinaryIO

from glossary.errors import GlossaryError, InputFileError
from glossary.formats import WIRE, Item, ReadOptions, Source, Unit
from glossary.formats.keys import fast_key_pairs
from glossary.prefetch import ahead

MIN_BYTES = 16 << 20  # smaller files are read in the importing process: no start-up cost
BATCH = 2000
MESSAGES_AHEAD = 8  # batches received and not yet stored: the importer stores in bursts
KEY_EVERY = 4  # the reading process keys one unit in this many: parsing costs it more
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def _send(out: BinaryIO, message: tuple) -> None:
    pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def work(fmt: str, path: Path, opts: ReadOptions, out: BinaryIO) -> None:
    """The reading process: the format's reader, some units keyed, sent in batches."""
    from glossary.formats.registry import READERS, WIRE_READERS

    source = Source(path)
    try:
        batch: list[Item | tuple | None] = []
        keyed: list[int] = []  # places in the batch of the units to key here
        count = 0
        for item in WIRE_READERS.get(fmt, READERS[fmt])(source, opts):
            if isinstance(item, tuple | Unit):
                count += 1
                if count % KEY_EVERY == 0:  # the importer keys the others
                    keyed.append(len(batch))
                batch.append(item if isinstance(item, tuple)
                             else (item.place, tuple(map(item.data.get, WIRE))))
            else:
                batch.append(item)
            if len(batch) >= BATCH:
                _send(out, ("items", _keyed(batch, keyed), source.bytes_read))
                batch, keyed = [], []
        _send(out, ("items", _keyed(batch, keyed), source.bytes_read))
        _send(out, ("done",))
    except InputFileError as exc:
        _send(out, ("input-error", exc.path, exc.place, exc.problem))
    except GlossaryError as exc:
        _send(out, ("error", str(exc)))
    except Exception:  # noqa: BLE001 - a bug: carry its traceback to the importing process
        _send(out, ("crash", traceback.format_exc()))
    finally:
        source.close()


def _keyed(batch: list, keyed: list[int]) -> list:
    """The batch with keys filled in for the units at the places listed, in one call.
    A unit's values are in WIRE order: source at 1, target at 4, the two keys last."""
    units = [batch[at] for at in keyed]
    pairs = fast_key_pairs([values[1] or "" for _, values in units],
                           [values[4] or "" for _, values in units])
    for at, (place, values), (source_key, target_key) in zip(keyed, units, pairs, strict=True):
        batch[at] = (place, (*values[:-2], source_key, target_key))
    return batch


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
        pipe = process.stdout
        assert pipe is not None  # stdout=PIPE gives one
        _widen(pipe)
        messages = ahead(_messages(pipe), MESSAGES_AHEAD)
        try:
            yield from _receive(messages, process, source, errors)
        finally:
            if process.poll() is None:
                process.kill()  # first: a thread reading its pipe ends with it
            messages.close()
            pipe.close()
            process.wait()


def _messages(pipe: IO[bytes]) -> Iterator[tuple | None]:
    """The reading process's messages as they come; None when its output ends."""
    while True:
        try:
            yield pickle.load(pipe)
        except EOFError:
            yield None
            return


def _widen(pipe: IO[bytes]) -> None:
    """A 1 MB pipe (Linux) lets the reader run a batch or two ahead of the importer."""
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass


def _receive(messages: Iterator[tuple | None], process: subprocess.Popen, source: Source,
             errors: BinaryIO) -> Iterator[Item | tuple[str, tuple]]:
    for message in messages:
        if message is None:
            process.wait()
            errors.seek(0)
            detail = errors.read().decode(errors="replace").strip().splitlines()[-1:]
            raise GlossaryError(f"{source.path}: the reading process stopped (exit code "
                                f"{process.returncode}) {' '.join(detail)}".rstrip())
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
