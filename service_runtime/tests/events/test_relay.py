"""OutboxRelay: committed outbox rows reach the stream in order, each relay taking its own."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from events.scenario import Scenario, ScenarioConfig
from service_runtime.events.checkpoints import Checkpoint

TIMEOUT = 10


async def test_relay_publishes_committed_events_in_order_and_marks_them_published(
    scenario: Scenario,
) -> None:
    ids = await scenario.emit_things(3)

    assert await scenario.relay().relay_once() == 3

    assert await scenario.published_event_ids() == ids
    assert await scenario.unpublished_count() == 0
    assert await scenario.relay().relay_once() == 0


def relay_batch_in_thread(config: ScenarioConfig, checkpoint: Checkpoint, batch_size: int) -> int:
    """Another relay replica: its own thread, event loop and connections."""

    async def relay_batch() -> int:
        replica = Scenario(config)
        try:
            return await replica.relay(checkpoint=checkpoint, batch_size=batch_size).relay_once()
        finally:
            await replica.close()

    return asyncio.run(relay_batch())


async def test_two_concurrent_relays_publish_each_event_once(scenario: Scenario) -> None:
    ids = await scenario.emit_things(5)
    selected, release = threading.Event(), threading.Event()

    def hold_rows_after_select(name: str) -> None:
        if name == "relay.selected":
            selected.set()
            release.wait(TIMEOUT)

    first = asyncio.create_task(
        asyncio.to_thread(relay_batch_in_thread, scenario.config, hold_rows_after_select, 2)
    )
    try:
        assert await asyncio.to_thread(selected.wait, TIMEOUT)
        # While the first relay holds its two rows, the second must skip them, not wait.
        second_published = await asyncio.wait_for(scenario.relay().relay_once(), TIMEOUT)
    finally:
        release.set()
        first_published = await asyncio.wait_for(first, TIMEOUT)

    assert (first_published, second_published) == (2, 3)
    assert sorted(await scenario.published_event_ids()) == sorted(ids)
    assert await scenario.unpublished_count() == 0


async def test_prune_deletes_only_rows_published_before_the_retention_period(
    scenario: Scenario,
) -> None:
    old, recent, unpublished = await scenario.emit_things(3)
    async with scenario.database.write() as session:
        for event_id, age in ((old, timedelta(days=8)), (recent, timedelta(days=1))):
            await session.execute(
                update(scenario.outbox)
                .where(scenario.outbox.c.id == event_id)
                .values(published_at=datetime.now(UTC) - age)
            )

    assert await scenario.relay(retention=timedelta(days=7)).prune_published() == 1
    async with scenario.database.read() as session:
        remaining = set(await session.scalars(select(scenario.outbox.c.id)))
    assert remaining == {recent, unpublished}
