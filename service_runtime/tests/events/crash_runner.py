"""Runs one relay batch or one consumer pass in a process of its own, which dies at a checkpoint.

    python -m events.crash_runner relay|consume CHECKPOINT CONFIG_JSON

Exits with status 137 (what a SIGKILL looks like) when the checkpoint is reached, 0 otherwise.
`os._exit` skips every cleanup: no rollback is sent, no XACK, no connection closed politely.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

from events.scenario import Scenario, ScenarioConfig
from service_runtime.events.checkpoints import Checkpoint

KILLED = 137


def die_at(target: str) -> Checkpoint:
    def checkpoint(name: str) -> None:
        if name == target:
            os._exit(KILLED)

    return checkpoint


async def run(step: str, checkpoint: Checkpoint, config: ScenarioConfig) -> None:
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


if __name__ == "__main__":
    step, target, config = sys.argv[1:]
    asyncio.run(run(step, die_at(target), ScenarioConfig(**json.loads(config))))
