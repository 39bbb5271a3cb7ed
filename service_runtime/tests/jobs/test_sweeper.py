"""The sweeper: a lost message is sent again, a dead worker's job is queued again (or failed
once it has used every attempt), and a message for a job that is not due is dropped."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from jobs.conftest import StartWorker
from jobs.world import World
from service_runtime.jobs.status import JobStatus
from service_runtime.jobs.sweeper import JobSweeper


def sweeper(world: World) -> JobSweeper:
    return JobSweeper(world.store, world.queue, redispatch=timedelta(seconds=1), interval=0.1)


async def test_a_job_whose_message_was_lost_is_sent_again_and_runs(
    world: World, start_worker: StartWorker
) -> None:
    job_id = await world.enqueue("steps", {"steps": 1, "delay": 0})
    await asyncio.sleep(0.2)
    await world.redis.delete(world.stream)  # as a Redis restarted without its data would
    await world.make_overdue(job_id)

    await start_worker()
    job = await world.wait_for(job_id)

    assert (job.status, job.attempts, job.dispatches) == (JobStatus.SUCCEEDED, 1, 2)


async def test_a_queued_job_whose_message_is_not_overdue_is_not_sent_twice(world: World) -> None:
    await world.enqueue("steps", {"steps": 1, "delay": 0})

    swept = await sweeper(world).sweep_once()

    assert (swept.recovered, swept.dispatched) == (0, 0)


async def test_a_job_whose_worker_went_silent_is_queued_again_and_sent(world: World) -> None:
    job_id = await world.enqueue("steps", {"steps": 1, "delay": 0})
    claimed = await world.store.claim(job_id, "ghost", timedelta(milliseconds=50))
    assert claimed is not None
    await asyncio.sleep(0.1)

    swept = await sweeper(world).sweep_once()

    job = await world.job(job_id)
    assert (swept.recovered, swept.dispatched) == (1, 1)
    assert (job.status, job.lease_owner, job.attempts) == (JobStatus.QUEUED, None, 1)
    assert job.error_code == "WORKER_LOST"
    assert (await world.messages()).count(str(job_id)) == 2


async def test_a_job_that_lost_its_worker_on_its_last_attempt_fails(world: World) -> None:
    job_id = await world.enqueue("steps", {"steps": 1, "delay": 0}, max_attempts=1)
    await world.store.claim(job_id, "ghost", timedelta(milliseconds=50))
    await asyncio.sleep(0.1)

    await sweeper(world).sweep_once()

    job = await world.job(job_id)
    assert (job.status, job.error_code) == (JobStatus.FAILED, "WORKER_LOST")
    assert job.finished_at is not None


async def test_a_message_for_a_job_not_yet_due_is_dropped_and_the_job_runs_when_due(
    world: World, start_worker: StartWorker
) -> None:
    await start_worker(jobs_retry_base_seconds=1.0)
    job_id = await world.enqueue("flaky", {"succeed_on": 2})
    await world.wait_for(job_id, lambda row: row.attempts == 1 and row.status == "queued")
    await world.queue.send_or_raise([job_id])  # an early, duplicate wake-up call

    await asyncio.sleep(0.3)
    early = await world.job(job_id)
    job = await world.wait_for(job_id)

    assert (early.status, early.attempts) == (JobStatus.QUEUED, 1)
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 2)
