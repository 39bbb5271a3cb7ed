"""Applies `auth.tokens.revoked.v1` events to the Redis records the router and every subgraph
check (service_runtime/revocation.py, router/src/revocation.ts; names in token_policy.json).

A consumer group of the auth service's own event stream: at least once (retried until Redis
takes it), and every write is idempotent, so applying an event twice changes nothing.
"""

from __future__ import annotations

import redis.asyncio as redis
from sqlalchemy.ext.asyncio import AsyncSession

from auth_subgraph.base import inbox
from auth_subgraph.events import TokensRevokedV1
from service_runtime.app import ServiceRuntime
from service_runtime.events import EventConsumer, EventEnvelope, stream_for
from service_runtime.revocation import membership_key, session_key
from service_runtime.token_policy import POLICY

GROUP = "auth-token-revocation"
# A record must outlive every token it revokes: the longest lifetime the policy accepts.
RECORD_TTL_SECONDS = POLICY["max_lifetime_seconds"] + POLICY["clock_skew_seconds"]

# Versions only go up; an event applied late must not lower the stored one.
_RAISE_VERSION = """
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
return 1
"""


async def apply_revocation(client: redis.Redis, revoked: TokensRevokedV1) -> None:
    async with client.pipeline(transaction=False) as pipe:
        for session_id in revoked.session_ids:
            pipe.set(session_key(session_id), revoked.reason, ex=RECORD_TTL_SECONDS)
        if revoked.membership_token_version is not None:
            key = membership_key(revoked.user_id, revoked.organization_id)
            pipe.eval(_RAISE_VERSION, 1, key, revoked.membership_token_version, RECORD_TTL_SECONDS)
        await pipe.execute()


async def publish_revocations(runtime: ServiceRuntime) -> None:
    """Background task of the auth service: runs the consumer for the life of the process."""

    async def handle(_session: AsyncSession, envelope: EventEnvelope) -> None:
        await apply_revocation(runtime.redis, envelope.payload_as(TokensRevokedV1))

    settings = runtime.settings
    consumer = EventConsumer(
        runtime.database,
        runtime.redis,
        inbox,
        group=GROUP,
        handlers={TokensRevokedV1.event_type: handle},
        streams=[stream_for(TokensRevokedV1.event_type)],
        # A revocation must not be dead-lettered after a short Redis blip: keep retrying (the
        # backoff is capped) far longer than the tokens it revokes live.
        max_attempts=max(settings.events_max_attempts, 20),
        retry_base_seconds=settings.events_retry_base_seconds,
    )
    await consumer.run()
