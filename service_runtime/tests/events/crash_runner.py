"""Runs relay batches and consumer passes in real processes that die at a named checkpoint.

Importing SQLAlchemy, redis and pydantic takes seconds, so this runner is started once
(`python -m events.crash_runner`) and forks a fresh child per job. A job is one JSON line on
stdin: {"step": "relay" | "consume", "checkpoint": "relay.published", "config": {...}}. The
child runs the step and calls `os._exit(137)` at the checkpoint: no rollback, no XACK, no
polite disconnect, as if it were SIGKILLed. The runner answers each job with the child's exit
status on one stdout line (137 when the checkpoint was reached, 0 when it never was).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import traceback
from collections.abc import Awaitable, Callable
from typing import Any

from events.scenario import Scenario, ScenarioConfig
from service_runtime.events.checkpoints import Checkpoint

KILLED = 137
RunCrashing = Callable[[str, str], Awaitable[int]]  # (step, checkpoint) -> exit status


def die_at(target: str) -> Checkpoint:
    def checkpoint(name: str) -> None:
        if name == target:
            os._exit(KILLED)

    return checkpoint


async def run_step(step: str, checkpoint: Checkpoint, config: ScenarioConfig) -> None:
    scenario = Scenario(config)
    try:
        if step == "relay":
            await scenario.relay(checkpoint=checkpoint).relay_once()
            return
        consumer = scenario.consumer(checkpoint=checkpoint, consumer_name="doomed")
        await consumer.ensure_groups()
        await consumer.read_new()
    finally:
        await scenario.close()


def run_child(job: dict[str, Any]) -> None:
    os.dup2(2, 1)  # stdout carries the runner's answers; the child's output goes to stderr
    try:
        config = ScenarioConfig(**job["config"])
        asyncio.run(run_step(job["step"], die_at(job["checkpoint"]), config))
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)


def main() -> None:
    # The runner itself never starts a thread, an event loop or a connection: forking is safe.
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            run_child(json.loads(line))
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    main()
