"""The GoCardless Pro API through the official SDK: the only module that talks to it.

The SDK is synchronous (requests), so every call runs on a worker thread. SDK and network
failures become `GatewayError` with a code the mutations turn into typed errors.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import gocardless_pro
import requests
from gocardless_pro import errors as gc_errors

from financial_subgraph.settings import FinancialSettings


class GatewayError(Exception):
    """`code`: NOT_CONFIGURED, PROVIDER_UNAVAILABLE, MANDATE_INACTIVE or PROVIDER_REJECTED."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class MandateSetup:
    billing_request_id: str
    customer_id: str
    authorisation_url: str


@dataclass(frozen=True)
class RemotePayment:
    id: str
    status: str
    amount_minor: int
    currency: str
    charge_date: date | None
    created_at: datetime


def _timestamp(value: str | None) -> datetime:
    """An API timestamp ("2026-01-02T03:04:05.000Z"); now when absent or unreadable."""
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)


def _client(settings: FinancialSettings) -> Any:
    token = settings.gocardless_access_token
    if token is None:
        raise GatewayError("NOT_CONFIGURED", "GoCardless is not configured for this service.")
    return gocardless_pro.Client(
        access_token=token.get_secret_value(),
        environment=None if settings.gocardless_base_url else settings.gocardless_environment,
        base_url=settings.gocardless_base_url,
        # The collection flow reads the conflicting payment itself (see create_payment).
        raise_on_idempotency_conflict=False,
        timeout=settings.gocardless_timeout_seconds,
    )


# Failures on GoCardless's side or on the way there: retrying later may succeed.
TRANSIENT = (
    gc_errors.GoCardlessInternalError,
    gc_errors.RateLimitError,
    gc_errors.MalformedResponseError,
    requests.RequestException,
)


def _translate(error: Exception) -> GatewayError:
    if isinstance(error, TRANSIENT):
        return GatewayError("PROVIDER_UNAVAILABLE", f"GoCardless could not be reached: {error}")
    reasons = {e.get("reason") for e in getattr(error, "errors", None) or [] if isinstance(e, dict)}
    if "mandate_is_inactive" in reasons:
        return GatewayError("MANDATE_INACTIVE", f"GoCardless refused: {error}")
    return GatewayError("PROVIDER_REJECTED", f"GoCardless refused: {error}")


async def _call(settings: FinancialSettings, work: Any) -> Any:
    client = _client(settings)
    try:
        return await asyncio.to_thread(work, client)
    except (gc_errors.GoCardlessProError, requests.RequestException) as error:
        raise _translate(error) from error


async def start_mandate_setup(
    settings: FinancialSettings,
    *,
    currency: str,
    customer_id: str | None,
    metadata: dict[str, str],
    redirect_uri: str | None,
    exit_uri: str | None,
) -> MandateSetup:
    """A billing request for a mandate in `currency`, and the flow the payer completes."""

    def work(client: Any) -> MandateSetup:
        params: dict[str, Any] = {"mandate_request": {"currency": currency}, "metadata": metadata}
        if customer_id is not None:
            params["links"] = {"customer": customer_id}
        request = client.billing_requests.create(params=params)
        flow_params: dict[str, Any] = {"links": {"billing_request": request.id}}
        flow_params |= {
            k: v for k, v in (("redirect_uri", redirect_uri), ("exit_uri", exit_uri)) if v
        }
        flow = client.billing_request_flows.create(params=flow_params)
        return MandateSetup(request.id, request.links.customer, flow.authorisation_url)

    result: MandateSetup = await _call(settings, work)
    return result


async def create_payment(
    settings: FinancialSettings,
    *,
    amount_minor: int,
    currency: str,
    mandate_id: str,
    idempotency_key: str,
    description: str,
    metadata: dict[str, str],
) -> RemotePayment:
    """Create (or, for a key GoCardless has seen, fetch back) the payment for this key."""

    def work(client: Any) -> RemotePayment:
        params = {
            "amount": amount_minor,
            "currency": currency,
            "description": description,
            "metadata": metadata,
            "links": {"mandate": mandate_id},
        }
        # On a 409 idempotent_creation_conflict the SDK fetches the payment created earlier.
        payment = client.payments.create(
            params=params, headers={"Idempotency-Key": idempotency_key}
        )
        charge_date = date.fromisoformat(payment.charge_date) if payment.charge_date else None
        return RemotePayment(
            payment.id,
            payment.status,
            payment.amount,
            payment.currency,
            charge_date,
            _timestamp(payment.created_at),
        )

    result: RemotePayment = await _call(settings, work)
    return result


async def customer_of_mandate(settings: FinancialSettings, mandate_id: str) -> str | None:
    """The mandate's customer; None when this GoCardless account has no such mandate."""

    def work(client: Any) -> str | None:
        try:
            customer: str = client.mandates.get(mandate_id).links.customer
        except gc_errors.InvalidApiUsageError as error:
            if error.code == 404:
                return None
            raise
        return customer

    result: str | None = await _call(settings, work)
    return result


async def cancel_payment(settings: FinancialSettings, payment_id: str) -> str:
    """Cancel a payment not yet submitted to the banks; its new status."""

    def work(client: Any) -> str:
        status: str = client.payments.cancel(payment_id).status
        return status

    result: str = await _call(settings, work)
    return result
