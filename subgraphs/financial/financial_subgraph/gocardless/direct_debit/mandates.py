"""Linking a client to a GoCardless customer and mandate through the billing-request flow.

The mutation starts the flow and stores the link as setup_pending; the mandate id and status
arrive later by webhook (billing_requests.fulfilled, mandates.*), in any order.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.client.repository import ClientRepository
from financial_subgraph.gocardless.direct_debit import gateway
from financial_subgraph.gocardless.direct_debit.errors import (
    GoCardlessError,
    GoCardlessErrorCode,
    gocardless_error,
)
from financial_subgraph.gocardless.direct_debit.models import MandateLink
from financial_subgraph.gocardless.direct_debit.repository import (
    MandateLinkRepository,
    OwnerRepository,
)
from financial_subgraph.gocardless.direct_debit.states import (
    CHARGEABLE_MANDATE,
    MANDATE_ACTION_STATUS,
    MANDATE_REVIVALS,
    mandate_moves_forward,
)
from financial_subgraph.settings import FinancialSettings

# Currencies GoCardless collects (one Direct Debit scheme each).
SUPPORTED_CURRENCIES = frozenset({"AUD", "CAD", "DKK", "EUR", "GBP", "NZD", "SEK", "USD"})
SETUP_PENDING = "setup_pending"


@dataclass(frozen=True)
class MandateSetupStarted:
    link: MandateLink
    authorisation_url: str


def gateway_error(error: gateway.GatewayError) -> GoCardlessError:
    return gocardless_error(GoCardlessErrorCode(error.code), error.message)


async def mandate_of_client(
    session: AsyncSession, organization_id: uuid.UUID, client_id: uuid.UUID
) -> MandateLink | None:
    """The client's mandate link, if any."""
    rows = await MandateLinkRepository(session, organization_id).by_clients([client_id])
    return rows[0] if rows else None


async def start_setup(
    session: AsyncSession,
    settings: FinancialSettings,
    organization_id: uuid.UUID,
    client_id: uuid.UUID,
    *,
    redirect_uri: str | None = None,
    exit_uri: str | None = None,
) -> MandateSetupStarted | GoCardlessError:
    """Create a billing request and flow for the client's currency; the payer opens the URL."""
    client = await ClientRepository(session, organization_id).get(client_id)
    if client is None:
        return gocardless_error(GoCardlessErrorCode.CLIENT_NOT_FOUND, "No such client.", "clientId")
    if client.default_currency not in SUPPORTED_CURRENCIES:
        message = f"GoCardless cannot collect {client.default_currency}."
        return gocardless_error(GoCardlessErrorCode.UNSUPPORTED_CURRENCY, message, "clientId")
    links = MandateLinkRepository(session, organization_id)
    link = await links.of_client(client_id)
    if link is not None and link.mandate_id is not None and link.status in CHARGEABLE_MANDATE:
        message = "The client already has a usable mandate."
        return gocardless_error(GoCardlessErrorCode.MANDATE_ALREADY_ACTIVE, message, "clientId")
    metadata = {"organization_id": str(organization_id), "client_id": str(client_id)}
    try:
        setup = await gateway.start_mandate_setup(
            settings,
            currency=client.default_currency,
            customer_id=link.customer_id if link is not None else None,
            metadata=metadata,
            redirect_uri=redirect_uri,
            exit_uri=exit_uri,
        )
    except gateway.GatewayError as error:
        return gateway_error(error)
    if link is None:
        link = MandateLink(organization_id=organization_id, client_id=client_id)
        session.add(link)
    link.currency = client.default_currency
    link.customer_id = setup.customer_id
    link.billing_request_id = setup.billing_request_id
    link.mandate_id = None
    link.status = SETUP_PENDING
    await session.flush()
    owners = OwnerRepository(session)
    await owners.remember(setup.billing_request_id, organization_id, "billing_requests")
    await owners.remember(setup.customer_id, organization_id, "customers")
    return MandateSetupStarted(link, setup.authorisation_url)


def _move(link: MandateLink, status: str, at: datetime) -> str:
    if not mandate_moves_forward(link.status, status):
        return "stale"
    link.status = status
    link.status_changed_at = at
    return "applied"


async def apply_billing_request_event(
    session: AsyncSession, organization_id: uuid.UUID, event: dict[str, Any], at: datetime
) -> str:
    """billing_requests.fulfilled names the mandate the flow created."""
    links_of_event = event.get("links") or {}
    billing_request_id = links_of_event.get("billing_request")
    if not billing_request_id:
        return "ignored"
    link = await MandateLinkRepository(session, organization_id).by_gocardless_id(
        billing_request_id=billing_request_id
    )
    if link is None:
        return "ignored"
    action = event.get("action")
    mandate_id = links_of_event.get("mandate_request_mandate")
    if action == "fulfilled" and mandate_id:
        await OwnerRepository(session).remember(mandate_id, organization_id, "mandates")
        learned = link.mandate_id is None
        link.mandate_id = link.mandate_id or mandate_id
        moved = _move(link, "pending_submission", at) == "applied"
        await session.flush()
        return "applied" if learned or moved else "stale"
    if action in ("cancelled", "failed") and link.mandate_id is None:
        link.status = f"setup_{action}"
        link.status_changed_at = at
        await session.flush()
        return "applied"
    return "ignored"


async def apply_mandate_event(
    session: AsyncSession,
    organization_id: uuid.UUID,
    event: dict[str, Any],
    at: datetime,
    customer_id: str | None,
) -> str:
    """mandates.* moves the link's status forward (or revives it: reinstated, resumed).

    `customer_id` finds the link when the mandate event overtook billing_requests.fulfilled.
    """
    mandate_id = (event.get("links") or {}).get("mandate")
    if not mandate_id:
        return "ignored"
    repository = MandateLinkRepository(session, organization_id)
    link = await repository.by_gocardless_id(mandate_id=mandate_id)
    if link is None and customer_id is not None:
        link = await repository.by_gocardless_id(customer_id=customer_id)
        if link is not None and link.mandate_id is not None:
            return "ignored"  # the customer's link is about another mandate
        if link is not None:
            await OwnerRepository(session).remember(mandate_id, organization_id, "mandates")
    if link is None:
        return "ignored"
    link.mandate_id = mandate_id
    action = str(event.get("action"))
    if action in MANDATE_REVIVALS:
        # Only a revival newer than the last change counts (a stale one must not undo a cancel).
        if at <= link.status_changed_at:
            return "stale"
        link.status, link.status_changed_at = "active", at
        outcome = "applied"
    elif action in MANDATE_ACTION_STATUS:
        outcome = _move(link, MANDATE_ACTION_STATUS[action], at)
    else:
        outcome = "ignored"
    await session.flush()
    return outcome
