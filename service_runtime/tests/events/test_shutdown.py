from __future__ import annotations

import asyncio

import pytest

from service_runtime.events.shutdown import finish_before_cancel


async def test_cancelling_the_worker_lets_the_open_unit_of_work_finish() -> None:
    finished = asyncio.Event()
    started = asyncio.Event()
    released = asyncio.Event()

    async def unit_of_work() -> None:
        started.set()
        await released.wait()
        finished.set()

    worker = asyncio.ensure_future(finish_before_cancel(unit_of_work()))
    await started.wait()
    worker.cancel()
    await asyncio.sleep(0)  # the cancel lands while the unit of work is still waiting
    assert not worker.done()
    released.set()
    with pytest.raises(asyncio.CancelledError):
        await worker
    assert finished.is_set()
