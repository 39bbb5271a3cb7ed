"""GoCardless webhooks: verify the signature, then apply each event exactly once.

A batch holds events of any resources, possibly repeated and in any order. Each event is
applied in its own transaction together with its row in gocardless_events (the processed-
event record), so a redelivered event changes nothing and a failure part-way loses nothing:
GoCardless redelivers the batch and the events already applied are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from gocardless_pro import errors as gc_errors
from gocardless_pro import webhooks

from financial_subgraph.gocardless.direct_debit.mandates import (
    apply_billing_request_event,
    apply_mandate_event,
)
from financial_subgraph.gocardless.direct_debit.models import ProcessedEvent
from financial_subgraph.gocardless.direct_debit.payment_events import apply_payment_event
from financial_subgraph.gocardless.direct_debit.repository import EventRepository
from financial_subgraph.gocardless.direct_debit.routing import (
    Route,
    already_processed,
    resource_of,
    route_batch,
)
from financial_subgraph.settings import FinancialSettings
from service_runtime.database import Database
from service_runtime.logging import get_logger

log = get_logger(__name__)
# The link naming each resource type's own resource.
RESOURCE_LINK = {
    "payments": "payment",
    "mandates": "mandate",
    "billing_requests": "billing_request",
}


class InvalidSignature(Exception):  # noqa: N818 (the protocol's name for it)
    pass


class MalformedWebhook(Exception):  # noqa: N818
    pass


@dataclass
class WebhookReport:
    processed: int = 0  # handled now (applied, or recorded as stale or without effect)
    duplicates: int = 0  # handled before: skipped
    unknown: int = 0  # about resources of no organisation here: acknowledged, skipped

    def as_dict(self) -> dict[str, int]:
        return {"processed": self.processed, "duplicates": self.duplicates, "unknown": self.unknown}


def verified_events(
    body: bytes, signature: str | None, settings: FinancialSettings
) -> list[dict[str, Any]]:
    """The batch's events once the Webhook-Signature (hex HMAC-SHA256 of the raw body with
    the endpoint's secret) matches; InvalidSignature or MalformedWebhook otherwise."""
    secret = settings.gocardless_webhook_secret
    if secret is None or not signature:
        raise InvalidSignature
    try:
        parsed = webhooks.parse(body, secret.get_secret_value(), signature.strip())
    except gc_errors.InvalidSignatureError:
        raise InvalidSignature from None
    except (ValueError, KeyError, TypeError) as error:
        raise MalformedWebhook(str(error)) from None
    events = [event.attributes for event in parsed]
    if not all(isinstance(event, dict) and isinstance(event.get("id"), str) for event in events):
        raise MalformedWebhook("every event needs an id")
    return events


def _occurred_at(event: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(str(event["created_at"]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return datetime.now(UTC)


async def _apply_one(
    database: Database, event: dict[str, Any], route: Route, report: WebhookReport
) -> None:
    organization_id = route.organization_id
    resource_type, action = str(event.get("resource_type")), str(event.get("action"))
    record = ProcessedEvent(
        id=event["id"],
        organization_id=organization_id,
        resource_type=resource_type,
        action=action,
        resource_id=resource_of(event),
        outcome="processing",
    )
    at = _occurred_at(event)
    async with database.write(organization_id=organization_id) as session:
        events = EventRepository(session)
        if not await events.claim(record):  # a copy earlier in this batch, or a race
            report.duplicates += 1
            return
        if resource_type == "payments":
            outcome = await apply_payment_event(session, organization_id, event, at)
        elif resource_type == "mandates":
            outcome = await apply_mandate_event(
                session, organization_id, event, at, route.customer_id
            )
        elif resource_type == "billing_requests":
            outcome = await apply_billing_request_event(session, organization_id, event, at)
        else:
            outcome = "ignored"
        await events.set_outcome(record.id, outcome)
    report.processed += 1


async def process_events(
    database: Database, settings: FinancialSettings, events: list[dict[str, Any]]
) -> WebhookReport:
    """Apply a verified batch, oldest event first (the state ordering covers the rest)."""
    report = WebhookReport()
    routes = await route_batch(database, settings, events)
    seen = await already_processed(database, routes)
    for event in sorted(events, key=lambda e: (str(e.get("created_at", "")), e["id"])):
        route = routes.get(event["id"])
        if route is None:
            report.unknown += 1
            log.info(
                "gocardless_event_unknown", event_id=event["id"], type=event.get("resource_type")
            )
        elif event["id"] in seen:
            report.duplicates += 1
        else:
            await _apply_one(database, event, route, report)
    return report
