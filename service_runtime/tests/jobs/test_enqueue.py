"""Enqueuing is part of the caller's transaction: the message goes out only after commit."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from jobs.world import ORGANIZATION, World
from service_runtime.jobs.status import JobStatus


class RefusedError(Exception):
    pass


async def test_committed_enqueue_writes_a_queued_row_and_sends_its_message(world: World) -> None:
    job_id = await world.enqueue("steps", {"steps": 1, "delay": 0})

    job = await world.job(job_id)
    assert (job.status, job.kind, job.attempts, job.progress) == (JobStatus.QUEUED, "steps", 0, 0)
    assert job.payload == {"steps": 1, "delay": 0}
    await asyncio.sleep(0.3)  # the send after commit runs in the background
    assert await world.messages() == [str(job_id)]


async def test_rolled_back_enqueue_leaves_no_row_and_sends_nothing(world: World) -> None:
    async def enqueue_then_fail() -> None:
        async with world.database.write() as session:
            await world.queue.enqueue(session, ORGANIZATION, "steps", {"steps": 1, "delay": 0})
            raise RefusedError

    with pytest.raises(RefusedError):
        await enqueue_then_fail()

    await asyncio.sleep(0.3)  # a send scheduled by mistake would have happened by now
    async with world.database.read() as session:
        assert await session.scalar(select(func.count()).select_from(world.table)) == 0
    assert await world.messages() == []


async def test_a_payload_past_the_bound_is_refused_before_anything_is_written(world: World) -> None:
    with pytest.raises(Exception, match="at most"):
        await world.enqueue("steps", {"blob": "x" * 100_000})
    async with world.database.read() as session:
        assert await session.scalar(select(func.count()).select_from(world.table)) == 0
