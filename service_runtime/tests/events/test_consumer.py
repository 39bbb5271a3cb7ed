"""EventConsumer: each event applied once, failures retried after a backoff, strays acked."""

from __future__ import annotations

import asyncio
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from events.scenario import GROUP, Scenario
from service_runtime.events import EventEnvelope


class FailingFirst:
    """A handler that applies its effect, then fails, for the first `failures` calls."""

    def __init__(self, scenario: Scenario, failures: int) -> None:
        self.record = scenario.recorder(GROUP)
        self.failures = failures
        self.calls = 0

    async def __call__(self, session: AsyncSession, envelope: EventEnvelope) -> None:
        self.calls += 1
        await self.record(session, envelope)
        if self.calls <= self.failures:
            raise RuntimeError("ledger temporarily unavailable")


async def publish(scenario: Scenario, count: int) -> list[uuid.UUID]:
    ids = await scenario.emit_things(count)
    await scenario.relay_until_all_published()
    return ids


async def test_consumer_applies_event_once_and_records_it_in_inbox(scenario: Scenario) -> None:
    [event_id] = await publish(scenario, 1)

    await scenario.consume_until_quiet(scenario.consumer())

    assert await scenario.applied_counts() == {event_id: 1}
    assert await scenario.inbox_event_ids() == [event_id]
    assert await scenario.pending_count() == 0


async def test_duplicate_message_of_the_same_event_is_applied_once(scenario: Scenario) -> None:
    [event_id] = await publish(scenario, 1)
    [(_, fields)] = await scenario.redis.xrange(scenario.stream)
    await scenario.redis.xadd(scenario.stream, fields)  # as a relay that died before its commit

    await scenario.consume_until_quiet(scenario.consumer())

    assert await scenario.published_event_ids() == [event_id, event_id]
    assert await scenario.applied_counts() == {event_id: 1}
    assert await scenario.pending_count() == 0
    assert await scenario.dead_letters() == []


async def test_failed_handler_is_retried_after_backoff_then_succeeds(scenario: Scenario) -> None:
    [event_id] = await publish(scenario, 1)
    handler = FailingFirst(scenario, failures=1)
    # A backoff of a minute, waited on the scenario's clock: no real time passes.
    consumer = scenario.consumer(handler=handler, retry_base_seconds=60)
    await consumer.ensure_groups()

    assert await consumer.read_new() == 1
    assert await consumer.retry_pending() == 0  # the backoff is not over yet
    assert await scenario.applied_counts() == {}  # the failed attempt's effect rolled back
    scenario.clock.advance(59.5)
    assert await consumer.retry_pending() == 0  # nor half a second before its end
    scenario.clock.advance(0.5)
    assert await consumer.retry_pending() == 1

    assert handler.calls == 2
    assert await scenario.applied_counts() == {event_id: 1}
    assert await scenario.pending_count() == 0
    assert await scenario.dead_letters() == []


async def test_unparseable_message_is_dead_lettered_at_once(scenario: Scenario) -> None:
    consumer = scenario.consumer(max_attempts=5)
    await consumer.ensure_groups()
    await scenario.redis.xadd(scenario.stream, {"type": "garbage", "envelope": "{not json"})

    assert await consumer.read_new() == 1

    [dead] = await scenario.dead_letters()
    assert dead[b"attempts"] == b"1"
    assert dead[b"field:envelope"] == b"{not json"
    assert await scenario.pending_count() == 0


async def test_message_of_a_type_without_handler_is_acked_and_ignored(scenario: Scenario) -> None:
    unhandled = EventEnvelope(type=f"{scenario.config.domain}.thing.vanished.v1", payload={})
    await scenario.redis.xadd(scenario.stream, unhandled.to_stream_fields())

    await scenario.consume_until_quiet(scenario.consumer())

    assert await scenario.pending_count() == 0
    assert await scenario.inbox_event_ids() == []
    assert await scenario.dead_letters() == []


async def test_consumer_recreates_its_group_when_redis_lost_the_stream(scenario: Scenario) -> None:
    # Redis restarted without its data (no AOF, a crash): the stream and the group are gone,
    # and the relay's next XADD creates the stream again, without any group.
    [first] = await publish(scenario, 1)
    consumer = scenario.consumer(retry_base_seconds=0.1, block_ms=100)
    running = asyncio.create_task(consumer.run())
    try:
        await applied_within(scenario, first, seconds=10)
        await scenario.redis.delete(scenario.stream)
        [second] = await publish(scenario, 1)
        await applied_within(scenario, second, seconds=10)
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)

    assert await scenario.applied_counts() == {first: 1, second: 1}


async def applied_within(scenario: Scenario, event_id: uuid.UUID, seconds: float) -> None:
    """Poll the applied table (written by the consumer's own transactions) for `event_id`."""
    async with asyncio.timeout(seconds):
        while event_id not in await scenario.applied_counts():  # noqa: ASYNC110 (a table)
            await asyncio.sleep(0.05)
