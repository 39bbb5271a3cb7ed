"""The live broker against a real Redis: org-scoped channels, fan-out to every subscriber of a
channel on one pub/sub connection, bounded queues for slow consumers."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis

from service_runtime.errors import ClientError
from service_runtime.live import LiveBroker, LiveSubscription, channel_for, publish_live

TOPIC = "test.invoice_status"


@pytest.fixture
async def redis_url(test_servers: dict[str, str]) -> str:
    return test_servers["redis"]


@pytest.fixture
async def publisher(redis_url: str) -> AsyncIterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    yield client
    await client.aclose()


@pytest.fixture
async def broker(redis_url: str) -> AsyncIterator[LiveBroker]:
    broker = LiveBroker(redis_url, queue_size=3)
    yield broker
    await broker.close()


async def next_event(subscription: LiveSubscription) -> dict[str, object]:
    async with asyncio.timeout(5):
        return await subscription.next()


async def test_an_event_reaches_every_subscriber_of_its_organisation_only(
    broker: LiveBroker, publisher: redis.Redis
) -> None:
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    async with (
        broker.subscription(channel_for(TOPIC, mine)) as first,
        broker.subscription(channel_for(TOPIC, mine)) as second,
        broker.subscription(channel_for(TOPIC, theirs)) as other,
    ):
        # One Redis subscriber (this broker's connection) however many local subscribers.
        assert await publish_live(publisher, TOPIC, mine, {"n": 1}) == 1
        await publish_live(publisher, TOPIC, theirs, {"n": 2})
        assert await next_event(first) == {"n": 1}
        assert await next_event(second) == {"n": 1}
        assert await next_event(other) == {"n": 2}
        await publish_live(publisher, TOPIC, mine, {"n": 3})
        assert await next_event(first) == {"n": 3}
    assert broker.subscribers(channel_for(TOPIC, mine)) == 0


async def test_every_replica_serves_its_own_subscribers(
    broker: LiveBroker, redis_url: str, publisher: redis.Redis
) -> None:
    organization = uuid.uuid4()
    other_replica = LiveBroker(redis_url)
    try:
        async with (
            broker.subscription(channel_for(TOPIC, organization)) as here,
            other_replica.subscription(channel_for(TOPIC, organization)) as there,
        ):
            assert await publish_live(publisher, TOPIC, organization, {"n": 1}) == 2
            assert await next_event(here) == await next_event(there) == {"n": 1}
    finally:
        await other_replica.close()


async def test_a_consumer_that_falls_behind_is_ended_not_buffered_without_bound(
    broker: LiveBroker, publisher: redis.Redis
) -> None:
    organization = uuid.uuid4()
    async with (
        broker.subscription(channel_for(TOPIC, organization)) as slow,
        broker.subscription(channel_for(TOPIC, organization)) as keeping_up,
    ):
        for n in range(5):
            await publish_live(publisher, TOPIC, organization, {"n": n})
            assert await next_event(keeping_up) == {"n": n}
        with pytest.raises(ClientError) as ended:
            await next_event(slow)
        assert ended.value.code == "SUBSCRIPTION_LAGGING"


async def test_a_channel_left_by_its_last_subscriber_is_unsubscribed(
    broker: LiveBroker, publisher: redis.Redis
) -> None:
    organization = uuid.uuid4()
    async with broker.subscription(channel_for(TOPIC, organization)):
        assert await publish_live(publisher, TOPIC, organization, {}) == 1

    # UNSUBSCRIBE was sent on leaving; give Redis a moment to see it before the next PUBLISH.
    receivers = []
    for _ in range(50):
        receivers.append(await publish_live(publisher, TOPIC, organization, {}))
        if receivers[-1] == 0:
            break
        await asyncio.sleep(0.05)
    assert receivers[-1] == 0


def test_topics_are_checked() -> None:
    with pytest.raises(ValueError, match="live topic"):
        channel_for("financial:*", uuid.uuid4())
