"""A consumer stops when cancelled, even when the Redis client swallows the cancel (redis-py's
retry can turn a cancel landing in its socket timeout into a second, successful attempt)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from sqlalchemy import MetaData

from service_runtime.events import EventConsumer, inbox_table


class SwallowingRedis:
    """Each blocking read absorbs a cancel and returns nothing, as a retried read would."""

    def __init__(self) -> None:
        self.reads = 0
        self.reading = asyncio.Event()

    async def xgroup_create(self, *args: Any, **kwargs: Any) -> None:
        return None

    async def xpending_range(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    async def xreadgroup(self, *args: Any, **kwargs: Any) -> None:
        self.reads += 1
        self.reading.set()
        with contextlib.suppress(asyncio.CancelledError):  # the read "succeeds" with nothing
            await asyncio.Event().wait()  # blocks until the cancel arrives, as XREADGROUP would


async def test_a_swallowed_cancel_still_stops_the_consumer() -> None:
    fake = SwallowingRedis()
    client: Any = fake
    database: Any = None  # never reached: no message arrives
    consumer = EventConsumer(
        database, client, inbox_table(MetaData()), group="g", handlers={}, streams=["events:x"]
    )
    task = asyncio.ensure_future(consumer.run())
    await fake.reading.wait()
    task.cancel()
    done, _ = await asyncio.wait([task], timeout=2)
    assert task in done
    assert task.cancelled()
    assert fake.reads == 1  # stopped at once, not after another read
