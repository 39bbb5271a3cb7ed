"""Fixtures of the job tests: a fresh world per test, and workers run in this process."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from jobs.world import World, WorldConfig
from service_runtime.jobs.worker import JobWorker

StartWorker = Callable[..., Awaitable[JobWorker]]


@pytest.fixture
async def world(test_servers: dict[str, str]) -> AsyncIterator[World]:
    """Its own schema and its own stream, so tests cannot see each other's jobs."""
    made = World(WorldConfig(test_servers["database"], test_servers["redis"]))
    await made.create_schema()
    try:
        yield made
    finally:
        await made.drop_schema()
        await made.close()


@pytest.fixture
async def start_worker(world: World) -> AsyncIterator[StartWorker]:
    """Starts JobWorkers in this process; each is stopped (SIGTERM's path) after the test."""
    running: list[tuple[JobWorker, asyncio.Task[None]]] = []

    async def start(starts: list[float] | None = None, **settings: Any) -> JobWorker:
        worker = world.worker(starts, **settings)
        running.append((worker, asyncio.create_task(worker.run())))
        return worker

    yield start
    for worker, _task in running:
        worker.stopping.set()
    for _worker, task in running:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 15)
