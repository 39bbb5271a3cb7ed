"""Which invoice events the live relay announces."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from financial_subgraph.events import InvoiceIssuedV1, InvoiceReminderDueV1
from financial_subgraph.live.relay import MAX_AGE, REASONS, is_news
from financial_subgraph.live.types import InvoiceStatusChangeReason
from service_runtime.events import EventEnvelope


def envelope(occurred_at: datetime) -> EventEnvelope:
    return EventEnvelope(
        type=InvoiceIssuedV1.event_type,
        occurred_at=occurred_at,
        organization_id=uuid.uuid4(),
        payload={},
    )


def test_only_recent_events_are_news() -> None:
    now = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
    assert is_news(envelope(now - timedelta(seconds=5)), now)
    assert not is_news(envelope(now - MAX_AGE - timedelta(seconds=1)), now)


def test_every_announced_reason_is_in_the_schema_and_reminders_are_not_status_changes() -> None:
    assert {InvoiceStatusChangeReason(reason) for reason in REASONS.values()} == set(
        InvoiceStatusChangeReason
    )
    assert InvoiceReminderDueV1 not in REASONS
