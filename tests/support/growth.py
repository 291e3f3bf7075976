"""Timing that holds on a shared machine: only ratios of measurements taken side by side.

The machines the tests run on change speed from hour to hour (the same code has run 2x
slower), so a test never asserts seconds. It asserts how two measurements taken in the
same test compare:

- `measure_ratio`: the cost of a call on a subject against the cost on a yardstick of
  the same size, the runs interleaved (yardstick, subject, yardstick, subject, ...) so
  that a slow spell slows both sides; the fastest run of each side counts.
- `measure_growth`: the cost of a call on inputs of growing size (prefixes of one body),
  reduced to one number, the growth exponent between the smallest and the largest input
  (the log-log slope: 1 is linear, 2 is quadratic).

Times are CPU seconds of the calling thread (`time.thread_time`): other processes on the
machine stretch the wall clock, not the cycles a call needs; and other threads of a test
session (Kafka clients, fixture helpers) do not count. `remeasured` measures again, up to
a few times, only while a check fails, keeping the fastest run per point: one noisy run
cannot fail a check, and a real excess fails every run.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, Self, TypeVar

T = TypeVar("T")
KIB = 1024

# The smallest CPU time a measurement is taken as (a guard against log(0); thread_time
# resolves far finer than this, and every input measured here takes milliseconds).
_FLOOR_S = 1e-6


def cpu_seconds(fn: Callable[[T], object], arg: T) -> float:
    """CPU seconds this thread spends in `fn(arg)`."""
    started = time.thread_time()
    fn(arg)
    return max(_FLOOR_S, time.thread_time() - started)


def runs_for(size: int, largest: int) -> int:
    """Runs of an input of `size` in a ladder up to `largest`: small inputs are noisier.

    An input a quarter of the largest or bigger runs once, a 16th (64 KiB of 1 MiB) four
    times: every size costs about the same quarter of the largest call, or more.
    """
    return min(4, max(1, math.ceil(largest / 4 / size)))


@dataclass(frozen=True)
class Ratio:
    """Fastest CPU seconds of a subject and of its yardstick, measured interleaved."""

    subject_s: float
    yardstick_s: float
    pairs: int

    @property
    def value(self) -> float:
        return self.subject_s / self.yardstick_s

    def merged(self, other: Ratio) -> Ratio:
        return Ratio(
            min(self.subject_s, other.subject_s),
            min(self.yardstick_s, other.yardstick_s),
            self.pairs + other.pairs,
        )


def measure_ratio(fn: Callable[[T], object], subject: T, yardstick: T, pairs: int = 1) -> Ratio:
    """`fn` on yardstick and subject in turn, `pairs` times; the fastest run of each side."""
    subject_s = yardstick_s = math.inf
    for _ in range(pairs):
        yardstick_s = min(yardstick_s, cpu_seconds(fn, yardstick))
        subject_s = min(subject_s, cpu_seconds(fn, subject))
    return Ratio(subject_s, yardstick_s, pairs)


@dataclass(frozen=True)
class Growth:
    """Fastest CPU seconds of a call on inputs of growing size."""

    sizes: tuple[int, ...]  # bytes, ascending: what grows (a fixed head not counted)
    seconds: tuple[float, ...]

    @property
    def exponent(self) -> float:
        """log-log slope from the smallest to the largest input: 1 linear, 2 quadratic."""
        return math.log(self.seconds[-1] / self.seconds[0]) / math.log(
            self.sizes[-1] / self.sizes[0]
        )

    @property
    def per_byte_growth(self) -> float:
        """CPU per byte on the largest input over CPU per byte on the smallest."""
        return (self.seconds[-1] / self.sizes[-1]) / (self.seconds[0] / self.sizes[0])

    def merged(self, other: Growth) -> Growth:
        assert other.sizes == self.sizes
        fastest = tuple(map(min, self.seconds, other.seconds))
        return Growth(self.sizes, fastest)

    def describe(self) -> str:
        steps = ", ".join(
            f"{size / KIB:.0f} KiB {seconds * 1e3:.1f} ms"
            for size, seconds in zip(self.sizes, self.seconds, strict=True)
        )
        return f"{steps}: exponent {self.exponent:.2f}, per-byte x{self.per_byte_growth:.2f}"


def measure_growth(
    fn: Callable[[T], object],
    inputs: Sequence[T],
    sizes: Sequence[int],
    known: dict[int, float] | None = None,
) -> Growth:
    """The fastest of `runs_for(size)` calls of `fn` on each input (given smallest first).

    `known` holds sizes already measured in this test (e.g. the largest, timed against a
    yardstick just before): they are not run again.
    """
    assert len(inputs) == len(sizes) >= 2 and list(sizes) == sorted(set(sizes))
    known = known or {}
    seconds: list[float] = []
    for size, arg in zip(sizes, inputs, strict=True):
        if size in known:
            seconds.append(known[size])
            continue
        runs = runs_for(size, sizes[-1])
        seconds.append(min(cpu_seconds(fn, arg) for _ in range(runs)))
    return Growth(tuple(sizes), tuple(seconds))


class Mergeable(Protocol):
    def merged(self, other: Self) -> Self: ...


M = TypeVar("M", bound=Mergeable)


def remeasured(first: M, again: Callable[[], M], ok: Callable[[M], bool], tries: int = 3) -> M:
    """`first`, merged with up to `tries` new measurements (fastest per point) while not ok."""
    result = first
    for _ in range(tries):
        if ok(result):
            break
        result = result.merged(again())
    return result
