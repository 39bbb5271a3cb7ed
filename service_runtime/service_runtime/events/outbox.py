"""Writing events: into the outbox, in the caller's transaction."""

from __future__ import annotations

import uuid

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from service_runtime.events.envelope import EventEnvelope, EventPayload


async def emit(
    session: AsyncSession,
    outbox: Table,
    payload: EventPayload,
    organization_id: uuid.UUID | None,
) -> EventEnvelope:
    """Record an event to be published once (and only if) the caller's transaction commits."""
    envelope = EventEnvelope.wrap(payload, organization_id)
    await session.execute(
        insert(outbox).values(
            id=envelope.id,
            type=envelope.type,
            occurred_at=envelope.occurred_at,
            organization_id=envelope.organization_id,
            payload=envelope.payload,
        )
    )
    return envelope
