"""Revocation events applied to Redis: idempotent, versions only rise, records expire after
the longest token lifetime the policy accepts."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis

from auth_subgraph.events import TokensRevokedV1
from auth_subgraph.revocation.publisher import RECORD_TTL_SECONDS, apply_revocation
from devstack.stack import Stack
from service_runtime.revocation import membership_key, session_key


@pytest.fixture
async def client(stack: Stack) -> AsyncIterator[redis.Redis]:
    connection = redis.from_url(stack.redis_url)
    try:
        yield connection
    finally:
        await connection.aclose()


async def test_sessions_are_recorded_until_their_tokens_are_dead(client: redis.Redis) -> None:
    sessions = [uuid.uuid4(), uuid.uuid4()]
    event = TokensRevokedV1(user_id=uuid.uuid4(), session_ids=sessions, reason="logout")
    await apply_revocation(client, event)
    await apply_revocation(client, event)  # delivered twice: same outcome
    for session_id in sessions:
        assert await client.get(session_key(session_id)) == b"logout"
        assert 0 < await client.ttl(session_key(session_id)) <= RECORD_TTL_SECONDS


async def test_a_late_event_never_lowers_the_membership_version(client: redis.Redis) -> None:
    user, organization = uuid.uuid4(), uuid.uuid4()

    def raised_to(version: int) -> TokensRevokedV1:
        return TokensRevokedV1(
            user_id=user,
            organization_id=organization,
            membership_token_version=version,
            reason="role_changed",
        )

    await apply_revocation(client, raised_to(2))
    await apply_revocation(client, raised_to(1))
    assert await client.get(membership_key(user, organization)) == b"2"
