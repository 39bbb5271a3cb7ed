"""The time the runtime reads and waits on, injectable so tests move it instead of sleeping.

Token expiry (tokens.py) and the event consumer's retry backoff (events/consumer.py) read
`now()`; the consumer's pauses go through `sleep()`. Production uses `SYSTEM_CLOCK`; a test
passes a `ManualClock` and calls `advance()`.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

__all__ = ["SYSTEM_CLOCK", "Clock", "ManualClock", "SystemClock"]


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the Unix epoch (wall time: token claims are wall-clock times)."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait until `seconds` have passed on this clock."""
        ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


SYSTEM_CLOCK: Clock = SystemClock()


class ManualClock:
    """A clock that stands still until told: `advance()` moves it; `sleep()` moves it by the
    time slept (after letting other tasks run once), so a loop that waits never really waits."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not run backwards")
        self._now += seconds

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)
        self.advance(max(seconds, 0.0))
