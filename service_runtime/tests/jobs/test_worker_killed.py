"""A worker process SIGKILLed in the middle of a job: another worker process finishes it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from jobs.world import World
from service_runtime.jobs.status import JobStatus

TESTS_ROOT = Path(__file__).resolve().parents[1]  # holds the `jobs` test package
START_TIMEOUT_SECONDS = 60  # importing everything takes seconds on a busy machine


async def start_worker_process(world: World) -> asyncio.subprocess.Process:
    path = os.pathsep.join(filter(None, [str(TESTS_ROOT), os.environ.get("PYTHONPATH")]))
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "jobs.worker_process", world.config.as_json(),
        env={**os.environ, "PYTHONPATH": path}, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def started(process: asyncio.subprocess.Process) -> None:
    """Wait for the worker's start line, then keep draining its log so it never blocks."""
    assert process.stdout is not None
    async with asyncio.timeout(START_TIMEOUT_SECONDS):
        while b"job_worker_started" not in await process.stdout.readline():
            assert process.returncode is None, "the worker exited during start-up"
    asyncio.get_running_loop().create_task(drain(process.stdout))


async def drain(stream: asyncio.StreamReader) -> None:
    while await stream.readline():
        pass


@pytest.fixture
async def two_workers(world: World) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    processes = [await start_worker_process(world) for _ in range(2)]
    await asyncio.gather(*(started(process) for process in processes))
    yield processes
    for process in processes:
        if process.returncode is None:
            process.terminate()
    for process in processes:
        try:
            await asyncio.wait_for(process.wait(), 15)
        except TimeoutError:
            process.kill()


def pid_of(worker_name: str) -> int:
    # Worker names are <schema>-<host>-<pid>-<random> (jobs/worker.py).
    return int(worker_name.split("-")[-2])


async def test_a_job_whose_worker_is_killed_mid_way_is_finished_by_another_worker(
    world: World, two_workers: list[asyncio.subprocess.Process]
) -> None:
    job_id = await world.enqueue("steps", {"steps": 30, "delay": 0.1})
    running = await world.wait_for(job_id, lambda row: row.progress >= 0.2)
    victim = next(p for p in two_workers if p.pid == pid_of(running.lease_owner))

    victim.send_signal(signal.SIGKILL)
    assert await victim.wait() == -signal.SIGKILL
    job = await world.wait_for(job_id)

    assert job.status == JobStatus.SUCCEEDED
    assert job.attempts == 2  # the killed attempt counts: a job that kills workers ends failed
    assert job.result["steps"] == 30
    assert pid_of(job.result["worker"]) != victim.pid
    assert pid_of(job.result["worker"]) in {p.pid for p in two_workers}
