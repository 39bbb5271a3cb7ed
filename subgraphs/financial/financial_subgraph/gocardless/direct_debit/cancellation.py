"""Cancelling a payment before GoCardless submits it to the banks."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.gocardless.direct_debit import gateway
from financial_subgraph.gocardless.direct_debit.errors import (
    GoCardlessError,
    GoCardlessErrorCode,
    gocardless_error,
)
from financial_subgraph.gocardless.direct_debit.mandates import gateway_error
from financial_subgraph.gocardless.direct_debit.models import GoCardlessPayment
from financial_subgraph.gocardless.direct_debit.payment_events import move_payment
from financial_subgraph.gocardless.direct_debit.repository import PaymentRepository
from financial_subgraph.settings import FinancialSettings
from service_runtime.models import utcnow

# The only statuses GoCardless lets a payment be cancelled from.
CANCELLABLE = frozenset({"pending_customer_approval", "pending_submission"})


def _not_cancellable(status: str) -> GoCardlessError:
    message = f"A {status.replace('_', ' ')} payment cannot be cancelled any more."
    return gocardless_error(GoCardlessErrorCode.PAYMENT_NOT_CANCELLABLE, message, "paymentId")


async def cancel(
    session: AsyncSession,
    settings: FinancialSettings,
    organization_id: uuid.UUID,
    payment_id: uuid.UUID,
) -> GoCardlessPayment | GoCardlessError:
    """Cancel at GoCardless, then apply it as its webhook would (payment.failed, cancelled);
    the webhook arriving later finds nothing left to do."""
    payment = await PaymentRepository(session, organization_id).for_update(payment_id)
    if payment is None:
        message = "No such GoCardless payment."
        return gocardless_error(GoCardlessErrorCode.PAYMENT_NOT_FOUND, message, "paymentId")
    if payment.status not in CANCELLABLE:
        return _not_cancellable(payment.status)
    try:
        await gateway.cancel_payment(settings, payment.gocardless_id)
    except gateway.GatewayError as error:
        if error.code == "PROVIDER_REJECTED":
            # Submitted meanwhile: GoCardless's answer wins; its webhook brings the status.
            return _not_cancellable("submitted")
        return gateway_error(error)
    await move_payment(session, payment, "cancelled", utcnow(), "Cancelled on request.")
    return payment
