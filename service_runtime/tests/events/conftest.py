"""Fixtures of the event tests: a fresh scenario per test, and a runner that dies mid-step."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from events.scenario import Scenario, ScenarioConfig

TESTS_ROOT = Path(__file__).resolve().parents[1]
RunCrashing = Callable[[str, str], Awaitable[int]]


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


@pytest.fixture
def run_crashing(scenario: Scenario) -> RunCrashing:
    """Runs `crash_runner` for a step ("relay" or "consume") that dies at a checkpoint;
    returns the exit status."""

    async def run(step: str, checkpoint: str) -> int:
        config = json.dumps(scenario.config.as_dict())
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(TESTS_ROOT), os.environ.get("PYTHONPATH")])
            ),
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "events.crash_runner", step, checkpoint, config,
            env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
        if process.returncode not in (0, 137):
            pytest.fail(f"crash runner failed ({process.returncode}):\n{output.decode()}")
        assert process.returncode is not None
        return process.returncode

    return run
