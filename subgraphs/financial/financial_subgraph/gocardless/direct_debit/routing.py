"""Which organisation each webhook event belongs to, for a whole batch at once.

Events carry GoCardless ids only. gocardless_resource_owners maps the ids we created (billing
requests, customers, payments) or learned (mandates) to organisations; a mandate event that
overtook its billing request's fulfilment is found through the mandate's customer (one API
call). Events of resources that are not ours have no route.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from financial_subgraph.gocardless.direct_debit import gateway
from financial_subgraph.gocardless.direct_debit.repository import EventRepository, OwnerRepository
from financial_subgraph.settings import FinancialSettings
from service_runtime.database import Database

# The link naming each resource type's own resource.
RESOURCE_LINK = {
    "payments": "payment",
    "mandates": "mandate",
    "billing_requests": "billing_request",
}


@dataclass(frozen=True)
class Route:
    organization_id: uuid.UUID
    customer_id: str | None = None  # set when a mandate was found through its customer


def resource_of(event: dict[str, Any]) -> str | None:
    link = RESOURCE_LINK.get(str(event.get("resource_type")))
    value = (event.get("links") or {}).get(link) if link else None
    return str(value) if value else None


async def _through_customer(
    database: Database, settings: FinancialSettings, mandate_id: str
) -> Route | None:
    # GatewayError (unreachable, refused, unconfigured) propagates: the webhook answers 503
    # and GoCardless delivers the batch again later.
    customer_id = await gateway.customer_of_mandate(settings, mandate_id)
    if customer_id is None:
        return None  # not a mandate of this GoCardless account: not ours
    async with database.read() as session:
        owners = await OwnerRepository(session).owners_of([customer_id])
    owner = owners.get(customer_id)
    return Route(owner, customer_id) if owner is not None else None


async def route_batch(
    database: Database, settings: FinancialSettings, events: list[dict[str, Any]]
) -> dict[str, Route]:
    """Event id -> route, for the events of this batch that belong to an organisation here."""
    resources = {event["id"]: resource_of(event) for event in events}
    async with database.read() as session:
        owners = await OwnerRepository(session).owners_of([r for r in resources.values() if r])
    routes: dict[str, Route] = {}
    by_customer: dict[str, Route | None] = {}
    for event in events:
        resource = resources[event["id"]]
        if resource is None:
            continue
        if resource in owners:
            routes[event["id"]] = Route(owners[resource])
        elif event.get("resource_type") == "mandates":
            if resource not in by_customer:
                by_customer[resource] = await _through_customer(database, settings, resource)
            found = by_customer[resource]
            if found is not None:
                routes[event["id"]] = found
    return routes


async def already_processed(database: Database, routes: dict[str, Route]) -> set[str]:
    """The routed event ids processed before (one query per organisation of the batch)."""
    by_organization: dict[uuid.UUID, list[str]] = defaultdict(list)
    for event_id, route in routes.items():
        by_organization[route.organization_id].append(event_id)
    seen: set[str] = set()
    for organization_id, event_ids in by_organization.items():
        async with database.read(organization_id=organization_id) as session:
            seen |= await EventRepository(session).processed_among(organization_id, event_ids)
    return seen
