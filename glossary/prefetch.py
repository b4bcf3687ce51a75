"""Running an iterator on a thread of its own, a few items ahead of its consumer.

Two pipelines use it: an import reads the reading process's batches while it stores
the ones before, and an index build encodes posting lists (the GIL released) while
it stores the ones before. Either side would otherwise wait for the other.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator
from typing import TypeVar

T = TypeVar("T")


def ahead(items: Iterator[T], depth: int) -> Generator[T, None, None]:
    """The items, made on a thread that holds at most `depth` of them ready.

    An error on the thread is raised here, after the items made before it. Closing
    this generator stops the thread once its current item is made; a thread blocked
    reading a pipe ends when the pipe does.
    """
    done = object()
    ready: queue.Queue = queue.Queue(depth)
    failure: list[BaseException] = []
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as exc:  # noqa: BLE001 - raised in the consumer below
            failure.append(exc)
        put(done)

    thread = threading.Thread(target=run, name="prefetch", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not done:
            yield item
        if failure:
            raise failure[0]
    finally:
        stop.set()
        thread.join()
