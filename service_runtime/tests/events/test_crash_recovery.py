"""A relay or consumer process killed between any two of its steps loses nothing and applies
nothing twice, once a fresh relay and consumer (reclaiming after the backoff) have run."""

from __future__ import annotations

import inspect
import re
import uuid

import pytest

from events.crash_runner import KILLED, RunCrashing
from events.scenario import Scenario
from service_runtime.events import EventConsumer, OutboxRelay

EVENTS = 3
RELAY_CHECKPOINTS = ["relay.selected", "relay.published", "relay.marked", "relay.committed"]
CONSUMER_CHECKPOINTS = [
    "consumer.read",
    "consumer.began",
    "consumer.recorded",
    "consumer.handled",
    "consumer.committed",
    "consumer.acked",
]


def checkpoints_named_in(cls: type) -> set[str]:
    return set(re.findall(r'self\.checkpoint\("([a-z._]+)"\)', inspect.getsource(cls)))


def test_crash_cases_cover_every_checkpoint() -> None:
    assert checkpoints_named_in(OutboxRelay) == set(RELAY_CHECKPOINTS)
    assert checkpoints_named_in(EventConsumer) == set(CONSUMER_CHECKPOINTS)


async def assert_each_event_applied_exactly_once(scenario: Scenario, ids: list[uuid.UUID]) -> None:
    assert set(await scenario.published_event_ids()) == set(ids)  # each at least once
    assert await scenario.unpublished_count() == 0
    assert await scenario.applied_counts() == dict.fromkeys(ids, 1)
    assert await scenario.inbox_event_ids() == sorted(ids)
    assert await scenario.pending_count() == 0
    assert await scenario.dead_letters() == []


@pytest.mark.parametrize("checkpoint", RELAY_CHECKPOINTS)
async def test_relay_killed_at_checkpoint_loses_nothing_and_applies_nothing_twice(
    scenario: Scenario, run_crashing: RunCrashing, checkpoint: str
) -> None:
    ids = await scenario.emit_things(EVENTS)

    assert await run_crashing("relay", checkpoint) == KILLED
    await scenario.relay_until_all_published()
    await scenario.consume_until_quiet(scenario.consumer(consumer_name="survivor"))

    await assert_each_event_applied_exactly_once(scenario, ids)


@pytest.mark.parametrize("checkpoint", CONSUMER_CHECKPOINTS)
async def test_consumer_killed_at_checkpoint_loses_nothing_and_applies_nothing_twice(
    scenario: Scenario, run_crashing: RunCrashing, checkpoint: str
) -> None:
    ids = await scenario.emit_things(EVENTS)
    await scenario.relay_until_all_published()

    assert await run_crashing("consume", checkpoint) == KILLED
    await scenario.consume_until_quiet(scenario.consumer(consumer_name="survivor"))

    await assert_each_event_applied_exactly_once(scenario, ids)
