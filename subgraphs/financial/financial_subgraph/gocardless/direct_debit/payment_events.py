"""Payment webhooks: move a payment forward, record it on its invoice once collected, and
announce failures (financial.payment.failed.v1)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.base import outbox
from financial_subgraph.events import PaymentFailedV1
from financial_subgraph.gocardless.direct_debit.models import GoCardlessPayment
from financial_subgraph.gocardless.direct_debit.repository import PaymentRepository
from financial_subgraph.gocardless.direct_debit.states import (
    COLLECTED,
    FAILED,
    PAYMENT_ACTION_STATUS,
    payment_moves_forward,
)
from financial_subgraph.invoice import service as invoice_service
from financial_subgraph.invoice.errors import InvoiceError
from service_runtime.events import emit
from service_runtime.logging import get_logger

log = get_logger(__name__)


async def _record_on_invoice(
    session: AsyncSession, payment: GoCardlessPayment, at: datetime
) -> str:
    outcome = await invoice_service.record_payment(
        session,
        payment.organization_id,
        payment.invoice_id,
        amount=payment.amount,
        paid_on=at.date(),
        source="gocardless",
        external_id=payment.gocardless_id,
        method="direct_debit",
        reference=payment.gocardless_id,
    )
    if isinstance(outcome, InvoiceError):
        # The money moved regardless; the mismatch is kept on the event for a person to see.
        log.warning(
            "gocardless_payment_not_recorded",
            payment=payment.gocardless_id,
            code=outcome.code.value,
        )
        return f"invoice_error:{outcome.code.value}"
    return "applied"


async def move_payment(
    session: AsyncSession, payment: GoCardlessPayment, status: str, at: datetime, reason: str | None
) -> str:
    """Give `payment` `status` (announced at `at`) unless that would move it backwards.
    Collected: recorded on the invoice; failed: financial.payment.failed.v1. The outcome."""
    if not payment_moves_forward(payment.status, payment.status_changed_at, status, at):
        return "stale"
    was_collected = payment.status in COLLECTED
    payment.status, payment.status_changed_at = status, at
    outcome = "applied"
    if status in COLLECTED and not was_collected:
        # paid_out overtaking confirmed still means the money was collected.
        payment.confirmed_at = at
        outcome = await _record_on_invoice(session, payment, at)
    if status in FAILED and was_collected:
        # Collected, then failed or charged back: the recorded payment is undone, so the
        # invoice is due again (its reversal emits financial.payment.reversed.v1).
        reversal = await invoice_service.reverse_payment_by_external_id(
            session,
            payment.organization_id,
            payment.gocardless_id,
            reversed_on=at.date(),
            reason=f"GoCardless payment {status}" + (f": {reason}" if reason else ""),
        )
        if isinstance(reversal, InvoiceError):
            log.warning(
                "gocardless_reversal_not_recorded",
                payment=payment.gocardless_id,
                code=reversal.code.value,
            )
    if status in FAILED:
        payment.failure_reason = reason
        failed = PaymentFailedV1(
            invoice_id=payment.invoice_id,
            provider="gocardless",
            external_id=payment.gocardless_id,
            amount=payment.amount,
            currency=payment.currency,
            status=status,
            reason=reason,
        )
        await emit(session, outbox, failed, payment.organization_id)
    await session.flush()
    return outcome


async def apply_payment_event(
    session: AsyncSession, organization_id: uuid.UUID, event: dict[str, Any], at: datetime
) -> str:
    """payments.*: see move_payment. Returns the outcome stored with the event."""
    gocardless_id = (event.get("links") or {}).get("payment")
    status = PAYMENT_ACTION_STATUS.get(str(event.get("action")))
    if not gocardless_id or status is None:
        return "ignored"
    payment = await PaymentRepository(session, organization_id).by_gocardless_id(gocardless_id)
    if payment is None:
        return "ignored"
    details = event.get("details") or {}
    reason = details.get("description") or details.get("cause")
    return await move_payment(session, payment, status, at, reason)
