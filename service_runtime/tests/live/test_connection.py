"""A live connection's token: taken from connection_init or the upgrade, re-checked before
every event and while quiet; an expired or revoked token ends the subscription with its code."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis.asyncio as redis

from service_runtime.errors import ClientError
from service_runtime.live import LiveAccess, LiveBroker, LiveConnection, presented_token
from service_runtime.tokens import AuthenticationError, AuthErrorCode, Principal

TOPIC = "test.live_connection"


class Verifier:
    """Accepts the token until told it expired."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self.expired = False

    async def verify(self, token: str) -> Principal:
        if self.expired:
            raise AuthenticationError(AuthErrorCode.TOKEN_EXPIRED, "Token has expired")
        return self.principal


class Revocations:
    def __init__(self) -> None:
        self.revoked = False

    async def is_revoked(self, principal: Principal) -> bool:
        return self.revoked


def principal(organization: uuid.UUID | None) -> Principal:
    return Principal(user_id=uuid.uuid4(), organization_id=organization, scopes=frozenset())


@pytest.fixture
async def redis_url(test_servers: dict[str, str]) -> str:
    return test_servers["redis"]


@pytest.fixture
async def broker(redis_url: str) -> AsyncIterator[LiveBroker]:
    broker = LiveBroker(redis_url)
    yield broker
    await broker.close()


def connection(broker: LiveBroker, who: Principal, recheck: float = 30.0) -> Any:
    access = LiveAccess(Verifier(who), Revocations(), broker, recheck)  # type: ignore[arg-type]
    return LiveConnection(access, "token", who)


async def publish_until_received(
    redis_url: str, organization: uuid.UUID, events: AsyncIterator[dict[str, Any]]
) -> dict[str, Any]:
    """Publish until the subscription (which subscribes on its first read) gets one."""
    publisher = redis.Redis.from_url(redis_url)
    pending = asyncio.ensure_future(anext(events))
    try:
        async with asyncio.timeout(5):
            while not pending.done():
                await publisher.publish(f"live:{TOPIC}:{organization}", '{"n": 1}')
                await asyncio.wait([pending], timeout=0.05)
        return pending.result()
    finally:
        await publisher.aclose()


async def test_events_flow_while_the_token_is_good_and_stop_once_it_is_revoked(
    broker: LiveBroker, redis_url: str
) -> None:
    organization = uuid.uuid4()
    live = connection(broker, principal(organization))
    events = live.events(TOPIC)
    assert await publish_until_received(redis_url, organization, events) == {"n": 1}
    live.access.revocations.revoked = True
    with pytest.raises(ClientError) as ended:
        await publish_until_received(redis_url, organization, events)
    assert ended.value.code == "TOKEN_REVOKED"


async def test_a_quiet_subscription_ends_when_its_token_expires(broker: LiveBroker) -> None:
    live = connection(broker, principal(uuid.uuid4()), recheck=0.05)
    live.access.verifier.expired = True
    with pytest.raises(ClientError) as ended:
        async with asyncio.timeout(5):
            await anext(live.events(TOPIC))
    assert ended.value.code == "TOKEN_EXPIRED"


async def test_a_token_without_an_organisation_gets_no_feed(broker: LiveBroker) -> None:
    with pytest.raises(ClientError) as refused:
        await anext(connection(broker, principal(None)).events(TOPIC))
    assert refused.value.code == "FORBIDDEN"


def test_the_token_comes_from_connection_init_else_the_upgrade() -> None:
    upgrade = {"authorization": "Bearer from-upgrade"}
    assert presented_token({"authorization": "Bearer a"}, upgrade) == "a"
    assert presented_token({"Authorization": "Bearer b"}, {}) == "b"
    assert presented_token({}, upgrade) == "from-upgrade"
    assert presented_token({"authorization": ""}, upgrade) == "from-upgrade"
    assert presented_token(None, {}) is None
    for bad in ({"authorization": {"not": "a string"}}, {"authorization": "Basic x"}):
        with pytest.raises(AuthenticationError) as refused:
            presented_token(bad, {})
        assert refused.value.code is AuthErrorCode.MALFORMED_TOKEN
