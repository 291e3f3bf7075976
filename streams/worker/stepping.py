"""Running a coroutine inline until it has to wait, and handing the rest to the loop.

Faust hands every record through coroutines that almost never wait (a queue with
room, a queue with a record in it); asyncio's way of running one is a task, and the
task per record was the largest single cost of the worker's consume path. Stepped
by hand (`step_inline`: `coro.send(None)`) such a coroutine finishes at once in the usual case; if
it yields a future it must wait on, `Resumed` lets a task or `wait_first` drive the
rest from where it stopped, as `yield from` would.
"""

from __future__ import annotations

from collections.abc import Coroutine, Generator
from typing import Any


def step_inline(coro: Coroutine[Any, Any, Any], bare_yields: int = 0) -> tuple[bool, Any]:
    """Run `coro` until it finishes, `(True, its result)`, or must wait on a future,
    `(False, Resumed rest)`; up to `bare_yields` bare loop turns it asks for are skipped."""
    waiting_on: Any = None
    for _ in range(bare_yields + 1):
        try:
            waiting_on = coro.send(None)
        except StopIteration as done:
            return True, done.value
        if waiting_on is not None:
            break
    return False, Resumed(coro, waiting_on)


class Resumed:
    """Awaitable: the rest of `coro`, which has already yielded `waiting_on` to its runner."""

    __slots__ = ("coro", "waiting_on")

    def __init__(self, coro: Coroutine[Any, Any, Any], waiting_on: Any) -> None:
        self.coro = coro
        self.waiting_on = waiting_on

    def __await__(self) -> Generator[Any, Any, Any]:
        return _drive(self.coro, self.waiting_on)


def _drive(coro: Coroutine[Any, Any, Any], waiting_on: Any) -> Generator[Any, Any, Any]:
    """Drive `coro` on from where it yielded `waiting_on`, as `yield from` would."""
    while True:
        try:
            sent = yield waiting_on
        except GeneratorExit:
            coro.close()
            raise
        except BaseException as exc:  # a cancellation or error thrown in by the task
            try:
                waiting_on = coro.throw(exc)
            except StopIteration as stop:
                return stop.value
        else:
            try:
                waiting_on = coro.send(sent)
            except StopIteration as stop:
                return stop.value
