"""streams.worker.heap: the start-up heap leaves the collector's scans; its garbage does not."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from streams.worker.heap import freeze_startup_heap


class _Node:
    """A tracked object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: _Node | None = None


@pytest.fixture
def thawed() -> Iterator[None]:
    """Undo the freeze after the test: the rest of the suite collects as usual."""
    yield
    gc.unfreeze()


def _scanned(target: object) -> bool:
    """Whether the collector's generations (not the frozen heap) hold `target`."""
    return any(tracked is target for tracked in gc.get_objects())


def test_objects_alive_at_the_freeze_are_no_longer_scanned(thawed: None) -> None:
    kept = _Node()
    assert _scanned(kept)
    frozen = freeze_startup_heap()
    assert not _scanned(kept)
    assert frozen == gc.get_freeze_count() > 0
    # What is created afterwards is collected as usual.
    later = _Node()
    assert _scanned(later)


def test_garbage_cycles_present_at_the_freeze_are_collected_first(thawed: None) -> None:
    first, second = _Node(), _Node()
    first.other, second.other = second, first  # a cycle: only the collector frees it
    gone = weakref.ref(first)
    del first, second
    freeze_startup_heap()
    assert gone() is None  # collected, not pinned for the process's life


def test_a_full_collection_after_the_freeze_walks_only_new_objects(thawed: None) -> None:
    startup = [_Node() for _ in range(50_000)]  # a start-up heap's worth of tracked objects
    gc.collect()  # survivors now sit in the oldest generation, which full collections walk
    assert len(gc.get_objects(generation=2)) > len(startup)
    freeze_startup_heap()
    assert len(gc.get_objects(generation=2)) < len(startup) // 10
