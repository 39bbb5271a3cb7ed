"""ManualClock: the clock tests move instead of sleeping."""

from __future__ import annotations

import asyncio
import time

import pytest

from service_runtime.clock import SYSTEM_CLOCK, ManualClock


def test_a_manual_clock_stands_still_until_advanced() -> None:
    clock = ManualClock(start=1_000.0)
    assert clock.now() == 1_000.0
    clock.advance(2.5)
    assert clock.now() == 1_002.5
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)


async def test_sleeping_on_a_manual_clock_moves_it_and_lets_others_run() -> None:
    clock = ManualClock(start=0.0)
    ran = asyncio.Event()

    async def other() -> None:
        ran.set()

    task = asyncio.ensure_future(other())
    started = time.monotonic()
    await clock.sleep(3600)
    assert clock.now() == 3600
    assert ran.is_set()
    assert time.monotonic() - started < 1  # an hour on the clock, no real wait
    await task


def test_the_system_clock_reads_wall_time() -> None:
    assert abs(SYSTEM_CLOCK.now() - time.time()) < 1
