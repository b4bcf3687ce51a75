"""The read-ahead thread both bulk pipelines use (an import's batches, an index's lists)."""

from __future__ import annotations

import threading
import time

import pytest

from glossary.prefetch import ahead


def test_items_come_in_order_and_an_error_after_them():
    def items():
        yield from range(50)
        raise ValueError("the reading process stopped")

    got = []
    with pytest.raises(ValueError, match="stopped"):
        for item in ahead(items(), depth=4):
            got.append(item)
    assert got == list(range(50))


def test_closing_early_stops_the_thread():
    made: list[int] = []

    def items():
        for i in range(10_000):
            made.append(i)
            yield i

    def readers() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name == "prefetch"}

    others = readers()
    stream = ahead(items(), depth=3)
    assert [next(stream) for _ in range(5)] == list(range(5))
    assert readers() - others  # this stream's thread
    stream.close()
    assert readers() <= others
    count = len(made)
    time.sleep(0.2)
    assert len(made) == count < 20  # no more items made once closed, at most depth ahead
