"""Cancelling: a queued job never runs; a running one stops at its next progress point."""

from __future__ import annotations

import asyncio

from jobs.conftest import StartWorker
from jobs.world import ORGANIZATION, World
from service_runtime.jobs.status import JobStatus
from service_runtime.jobs.tenant import cancel_job


async def cancel(world: World, job_id: object) -> object:
    async with world.database.write() as session:
        return await cancel_job(session, world.table, ORGANIZATION, job_id)  # type: ignore[arg-type]


async def test_a_queued_job_cancelled_before_any_worker_saw_it_never_runs(
    world: World, start_worker: StartWorker
) -> None:
    job_id = await world.enqueue("steps", {"steps": 1, "delay": 0})

    cancelled = await cancel(world, job_id)
    await start_worker()
    await asyncio.sleep(1.0)  # its message is read and dropped meanwhile

    job = await world.job(job_id)
    assert cancelled is not None
    assert (job.status, job.attempts, job.started_at) == (JobStatus.CANCELLED, 0, None)
    assert job.finished_at is not None
    assert job.cancel_requested_at is not None


async def test_a_running_job_stops_at_its_next_progress_point(
    world: World, start_worker: StartWorker
) -> None:
    await start_worker()
    job_id = await world.enqueue("steps", {"steps": 100, "delay": 0.05})
    await world.wait_for(job_id, lambda row: row.progress >= 0.05)

    asked = await cancel(world, job_id)
    job = await world.wait_for(job_id)

    assert asked.status == JobStatus.RUNNING  # type: ignore[attr-defined]
    assert (job.status, job.result, job.lease_owner) == (JobStatus.CANCELLED, None, None)
    assert 0.05 <= job.progress < 0.5
    assert job.progress_message.startswith("step ")


async def test_cancelling_a_finished_job_changes_nothing(
    world: World, start_worker: StartWorker
) -> None:
    await start_worker()
    job_id = await world.enqueue("steps", {"steps": 1, "delay": 0})
    done = await world.wait_for(job_id)

    again = await cancel(world, job_id)

    assert again.status == done.status == JobStatus.SUCCEEDED  # type: ignore[attr-defined]
    assert (await world.job(job_id)).cancel_requested_at is None


async def test_another_organisations_job_cannot_be_cancelled(world: World) -> None:
    job_id = await world.enqueue("steps", {"steps": 1, "delay": 0})
    other = ORGANIZATION.int + 1

    async with world.database.write() as session:
        import uuid

        found = await cancel_job(session, world.table, uuid.UUID(int=other), job_id)

    assert found is None
    assert (await world.job(job_id)).status == JobStatus.QUEUED
