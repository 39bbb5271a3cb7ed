"""Fixtures of the event tests: a fresh scenario per test, and processes that die mid-step."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from events.crash_runner import RunCrashing
from events.scenario import Scenario, ScenarioConfig

TESTS_ROOT = Path(__file__).resolve().parents[1]  # holds the `events` test package
JOB_TIMEOUT_SECONDS = 60


@pytest.fixture
async def scenario(test_servers: dict[str, str]) -> AsyncIterator[Scenario]:
    """Its own schema and its own stream, so tests cannot see each other's events."""
    world = Scenario(ScenarioConfig.fresh(test_servers["database"], test_servers["redis"]))
    await world.create_schema()
    try:
        yield world
    finally:
        await world.drop_schema()
        await world.close()


@pytest.fixture(scope="session")
async def crash_runner() -> AsyncIterator[asyncio.subprocess.Process]:
    """The `crash_runner` process, which forks a child per job (see its docstring)."""
    path = os.pathsep.join(filter(None, [str(TESTS_ROOT), os.environ.get("PYTHONPATH")]))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "events.crash_runner",
        env={**os.environ, "PYTHONPATH": path},
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    yield process
    assert process.stdin is not None
    process.stdin.close()
    try:
        await asyncio.wait_for(process.wait(), JOB_TIMEOUT_SECONDS)
    except TimeoutError:
        process.kill()


@pytest.fixture
def run_crashing(scenario: Scenario, crash_runner: asyncio.subprocess.Process) -> RunCrashing:
    """Runs a step ("relay" or "consume") in a child process that dies at `checkpoint`;
    returns the child's exit status."""

    async def run(step: str, checkpoint: str) -> int:
        assert crash_runner.stdin is not None
        assert crash_runner.stdout is not None
        job = {"step": step, "checkpoint": checkpoint, "config": scenario.config.as_dict()}
        crash_runner.stdin.write(json.dumps(job).encode() + b"\n")
        await crash_runner.stdin.drain()
        answer = await asyncio.wait_for(crash_runner.stdout.readline(), JOB_TIMEOUT_SECONDS)
        if not answer:
            pytest.fail("the crash runner exited; see its output on stderr")
        return int(answer)

    return run
