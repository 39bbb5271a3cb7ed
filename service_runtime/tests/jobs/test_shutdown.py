"""A worker asked to stop (SIGTERM's path) gives back the jobs that outlive its grace period:
queued again at once, the interrupted attempt not counted, and another worker runs them."""

from __future__ import annotations

from jobs.conftest import StartWorker
from jobs.world import World
from service_runtime.jobs.status import JobStatus


async def test_a_stopping_worker_gives_its_running_job_back_to_another_worker(
    world: World, start_worker: StartWorker
) -> None:
    stopping = await start_worker(jobs_shutdown_grace_seconds=0.2)
    job_id = await world.enqueue("steps", {"steps": 40, "delay": 0.05})
    await world.wait_for(job_id, lambda row: row.progress > 0)

    stopping.stopping.set()
    given_back = await world.wait_for(job_id, lambda row: row.status == JobStatus.QUEUED)
    await start_worker()
    job = await world.wait_for(job_id)

    assert (given_back.attempts, given_back.lease_owner) == (0, None)
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 1)
    assert job.result["worker"] != stopping.name
