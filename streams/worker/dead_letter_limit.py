"""The dead-letter limit: stop the worker when one error code dead-letters too much of the stream.

A core bug costs one article (`process_record` dead-letters it as
`extractor_failed`), which is right for one article and wrong for all of them:
a bad deploy would turn the whole stream into dead letters and commit past it.
This policy (after Sentry Arroyo's `DlqLimit`) watches, per error code, the
share of dead letters among the last `window` records and the run of
consecutive ones; the worker's checkpoint asks it about every batch before
sending anything, and a batch that crosses a limit is neither sent nor
committed: the worker stops and a fixed deploy starts from that batch.

No clock and no I/O (`limit_from_settings` only reads the settings object).
State is per worker process: a restart counts afresh, and a broken extractor
crosses the limit again within one run of `max_consecutive` records.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from streams.records.codec import ERROR_CODES
from streams.settings import Settings


@dataclass(frozen=True, slots=True)
class CodeLimit:
    """Limits for one error code: a share of the last `window` records, a consecutive run."""

    window: int
    max_share: float | None
    max_consecutive: int | None


@dataclass(frozen=True, slots=True)
class Crossing:
    """A limit crossed: which code, and the counts that crossed it."""

    code: str
    in_window: int
    window: int
    consecutive: int
    limit: CodeLimit

    def message(self) -> str:
        """One line naming the code, the counts and the limits they crossed."""
        share = (
            f"at most {self.limit.max_share:.0%} of the last {self.window} records"
            if self.limit.max_share is not None
            else "no share limit"
        )
        run = (
            f"at most {self.limit.max_consecutive} in a row"
            if self.limit.max_consecutive is not None
            else "no run limit"
        )
        return (
            f"dead-letter limit crossed for {self.code}: {self.in_window} of the last "
            f"{self.window} records and {self.consecutive} in a row ({share}; {run})"
        )


class _CodeState:
    """Sliding window and current run of one code."""

    __slots__ = ("hits", "in_window", "limit", "run")

    def __init__(self, limit: CodeLimit) -> None:
        self.limit = limit
        self.hits: deque[bool] = deque(maxlen=limit.window)
        self.in_window = 0
        self.run = 0

    def observe(self, hit: bool) -> bool:
        """Count one record; True when this record crosses a limit."""
        if len(self.hits) == self.limit.window and self.hits[0]:
            self.in_window -= 1
        self.hits.append(hit)
        self.in_window += hit
        self.run = self.run + 1 if hit else 0
        share = self.limit.max_share
        most = self.limit.max_consecutive
        return (share is not None and self.in_window > share * self.limit.window) or (
            most is not None and self.run > most
        )


class DeadLetterLimit:
    """Counts dead letters per limited code, in processing order; says when a limit is crossed."""

    def __init__(self, limits: Mapping[str, CodeLimit]) -> None:
        self._states = {code: _CodeState(limit) for code, limit in limits.items()}

    @property
    def codes(self) -> frozenset[str]:
        """The error codes under a limit."""
        return frozenset(self._states)

    def observe(self, codes: Iterable[str | None]) -> Crossing | None:
        """Count a batch's records (each its dead-letter code or None); the first crossing."""
        if not self._states:
            return None
        crossing: Crossing | None = None
        for code in codes:
            for limited, state in self._states.items():
                if state.observe(code == limited) and crossing is None:
                    crossing = Crossing(
                        limited, state.in_window, state.limit.window, state.run, state.limit
                    )
        return crossing


def limit_from_settings(settings: Settings) -> DeadLetterLimit | None:
    """The dead-letter limit of `settings` (None when no code has one); unknown codes refused."""
    unknown = sorted(set(settings.dead_letter_limits) - set(ERROR_CODES))
    if unknown:
        raise ValueError(
            f"WIRESTREAM_DEAD_LETTER_LIMITS names unknown error codes {', '.join(unknown)}; "
            f"the codes are {', '.join(ERROR_CODES)}"
        )
    if not settings.dead_letter_limits:
        return None
    return DeadLetterLimit(
        {
            code: CodeLimit(limit.window, limit.max_share, limit.max_consecutive)
            for code, limit in settings.dead_letter_limits.items()
        }
    )
