"""Where live events travel: one Redis pub/sub channel per topic and organisation.

A subscriber only ever listens on its own organisation's channel (the organisation comes from
its verified token, never from the client), so tenant scoping is a property of the channel
name, not of a filter someone could forget. Pub/sub keeps nothing: a subscriber receives what
is published while it listens; state it missed is read back with an ordinary query.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import redis.asyncio as redis

CHANNEL_PREFIX = "live:"
TOPIC = re.compile(r"^[a-z]+(\.[a-z_]+)+$")  # service.subject, e.g. financial.invoice_status


def channel_for(topic: str, organization_id: uuid.UUID) -> str:
    if not TOPIC.match(topic):
        raise ValueError("a live topic looks like service.subject")
    return f"{CHANNEL_PREFIX}{topic}:{organization_id}"


async def publish_live(
    redis_client: redis.Redis, topic: str, organization_id: uuid.UUID, payload: dict[str, Any]
) -> int:
    """Publish one event to the organisation's subscribers on every replica; returns how many
    Redis connections (replicas with a subscriber) received it."""
    message = json.dumps(payload, separators=(",", ":"), default=str)
    receivers: int = await redis_client.publish(channel_for(topic, organization_id), message)
    return receivers
