"""The tests' hypothesis profile (tests/conftest.py): no example fails for being slow."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

SLOW_S = 0.3  # over hypothesis's default deadline of 200 ms per example
slow_examples: list[int] = []


@settings(max_examples=3, database=None)
@given(st.integers())
def test_a_slow_example_does_not_fail_for_its_time(number: int) -> None:
    # One slow example, as a loaded machine gives; the default profile would fail it
    # (DeadlineExceeded, or Flaky when the replay is fast).
    if not slow_examples:
        slow_examples.append(number)
        time.sleep(SLOW_S)
    assert settings().deadline is None  # a fresh settings object inherits the profile
