"""Turns committed invoice events into live status updates for subscribers.

A consumer group of its own on `events:financial` (so one replica handles each event) reads the
invoice's status as it is now and publishes it to the organisation's pub/sub channel, which
every replica's subscribers of that organisation receive. Delivery is at least once: a crash
between the publish and the inbox commit publishes the update again (an update is a snapshot,
so a repeat is harmless).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import redis.asyncio as redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.base import inbox
from financial_subgraph.currency.money import quantize
from financial_subgraph.events import (
    InvoiceIssuedV1,
    InvoicePaidV1,
    PaymentReceivedV1,
    PaymentReversedV1,
)
from financial_subgraph.invoice.models import Invoice
from service_runtime.database import Database, set_tenant
from service_runtime.events import EventConsumer, EventEnvelope, EventPayload, stream_for
from service_runtime.live import publish_live
from service_runtime.settings import ServiceSettings

INVOICE_STATUS_TOPIC = "financial.invoice_status"
GROUP = "financial-live"
# Older news is not announced: a new group reads the stream from its start, and a backlog
# after downtime is history by then (subscribers read the current state with a query).
MAX_AGE = timedelta(minutes=5)
# The event types that change an invoice's status, and the reason subscribers are given.
REASONS: dict[type[EventPayload], str] = {
    InvoiceIssuedV1: "ISSUED",
    PaymentReceivedV1: "PAYMENT_RECEIVED",
    PaymentReversedV1: "PAYMENT_REVERSED",
    InvoicePaidV1: "PAID",
}


async def invoice_status(
    session: AsyncSession, organization_id: uuid.UUID, invoice_id: uuid.UUID
) -> dict[str, Any] | None:
    """The invoice's current status fields, as the subscription presents them."""
    await set_tenant(session, organization_id)
    columns = (Invoice.id, Invoice.kind, Invoice.status, Invoice.number, Invoice.currency)
    query = select(*columns, Invoice.total, Invoice.balance_due).where(
        Invoice.id == invoice_id, Invoice.organization_id == organization_id
    )
    row = (await session.execute(query)).one_or_none()
    if row is None:
        return None
    return {
        "invoiceId": str(row.id),
        "kind": row.kind,
        "status": row.status,
        "number": row.number,
        "currency": row.currency,
        # To the currency's minor unit, as the Invoice type presents them.
        "total": str(quantize(row.total, row.currency)),
        "balanceDue": str(quantize(row.balance_due, row.currency)),
    }


def is_news(envelope: EventEnvelope, now: datetime | None = None) -> bool:
    return envelope.occurred_at >= (now or datetime.now(UTC)) - MAX_AGE


def status_publisher(redis_client: redis.Redis, model: type[EventPayload], reason: str) -> Any:
    async def publish(session: AsyncSession, envelope: EventEnvelope) -> None:
        organization_id = envelope.organization_id
        if organization_id is None or not is_news(envelope):
            return
        invoice_id: uuid.UUID = envelope.payload_as(model).model_dump()["invoice_id"]
        status = await invoice_status(session, organization_id, invoice_id)
        if status is None:
            return  # deleted since; nothing left to show
        update = {**status, "reason": reason, "occurredAt": envelope.occurred_at.isoformat()}
        await publish_live(redis_client, INVOICE_STATUS_TOPIC, organization_id, update)

    return publish


def live_status_consumer(
    database: Database, redis_client: redis.Redis, settings: ServiceSettings
) -> EventConsumer:
    handlers = {
        model.event_type: status_publisher(redis_client, model, reason)
        for model, reason in REASONS.items()
    }
    return EventConsumer(
        database,
        redis_client,
        inbox,
        group=GROUP,
        handlers=handlers,
        streams=[stream_for(InvoiceIssuedV1.event_type)],
        max_attempts=settings.events_max_attempts,
        retry_base_seconds=settings.events_retry_base_seconds,
    )
