"""Collecting an invoice's balance by Direct Debit.

Never twice: the invoice row is locked while collecting, a payment still in flight is returned
instead of a new one, and the Idempotency-Key is derived from the invoice, its balance and the
number of earlier attempts, so a retry after a crash (GoCardless created it, we never stored
it) gets the same GoCardless payment back.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.currency.codes import minor_units
from financial_subgraph.currency.money import quantize
from financial_subgraph.gocardless.direct_debit import gateway
from financial_subgraph.gocardless.direct_debit.errors import (
    GoCardlessError,
    GoCardlessErrorCode,
    gocardless_error,
)
from financial_subgraph.gocardless.direct_debit.mandates import SUPPORTED_CURRENCIES, gateway_error
from financial_subgraph.gocardless.direct_debit.models import GoCardlessPayment
from financial_subgraph.gocardless.direct_debit.repository import (
    MandateLinkRepository,
    OwnerRepository,
    PaymentRepository,
)
from financial_subgraph.gocardless.direct_debit.states import (
    CHARGEABLE_MANDATE,
    OPEN,
)
from financial_subgraph.invoice.models import Invoice
from financial_subgraph.invoice.repository import InvoiceRepository
from financial_subgraph.settings import FinancialSettings

COLLECTABLE_STATUSES = frozenset({"issued", "partially_paid"})


def to_minor_units(amount: Decimal, currency: str) -> int:
    """`amount` as an integer count of the currency's minor unit (12.34 EUR -> 1234)."""
    return int(quantize(amount, currency).scaleb(minor_units(currency)))


def idempotency_key(invoice: Invoice, amount_minor: int, attempt: int) -> str:
    return f"invoice-{invoice.id}-{amount_minor}-{attempt}"


def _refusal(invoice: Invoice | None) -> GoCardlessError | None:
    if invoice is None:
        return gocardless_error(
            GoCardlessErrorCode.INVOICE_NOT_FOUND, "No such invoice.", "invoiceId"
        )
    if invoice.kind != "invoice" or invoice.status not in COLLECTABLE_STATUSES:
        message = f"A {invoice.status} {invoice.kind.replace('_', ' ')} cannot be collected."
        return gocardless_error(GoCardlessErrorCode.INVOICE_NOT_COLLECTABLE, message, "invoiceId")
    if invoice.balance_due <= 0:
        return gocardless_error(GoCardlessErrorCode.NOTHING_DUE, "Nothing is due on the invoice.")
    if invoice.currency not in SUPPORTED_CURRENCIES:
        message = f"GoCardless cannot collect {invoice.currency}."
        return gocardless_error(GoCardlessErrorCode.UNSUPPORTED_CURRENCY, message, "invoiceId")
    return None


async def payments_of_invoice(
    session: AsyncSession, organization_id: uuid.UUID, invoice_id: uuid.UUID
) -> list[GoCardlessPayment]:
    """The invoice's GoCardless payments, oldest first."""
    return list(await PaymentRepository(session, organization_id).of_invoice(invoice_id))


async def collect(
    session: AsyncSession,
    settings: FinancialSettings,
    organization_id: uuid.UUID,
    invoice_id: uuid.UUID,
) -> GoCardlessPayment | GoCardlessError:
    """Collect the invoice's balance due through the client's mandate (see module doc)."""
    invoice = await InvoiceRepository(session, organization_id).get(invoice_id, lock=True)
    refusal = _refusal(invoice)
    if refusal is not None or invoice is None:
        return refusal or gocardless_error(
            GoCardlessErrorCode.INVOICE_NOT_FOUND, "No such invoice."
        )
    payments = PaymentRepository(session, organization_id)
    earlier = await payments.of_invoice(invoice_id)
    in_flight = [payment for payment in earlier if payment.status in OPEN]
    if in_flight:
        return in_flight[-1]
    link = await MandateLinkRepository(session, organization_id).of_client(invoice.client_id)
    if link is None or link.mandate_id is None or link.status not in CHARGEABLE_MANDATE:
        message = "The client has no usable GoCardless mandate."
        return gocardless_error(GoCardlessErrorCode.NO_ACTIVE_MANDATE, message, "invoiceId")
    if link.currency != invoice.currency:
        message = f"The mandate collects {link.currency}, the invoice is in {invoice.currency}."
        return gocardless_error(GoCardlessErrorCode.CURRENCY_MISMATCH, message, "invoiceId")
    amount = quantize(invoice.balance_due, invoice.currency)
    amount_minor = to_minor_units(amount, invoice.currency)
    key = idempotency_key(invoice, amount_minor, len(earlier))
    try:
        remote = await gateway.create_payment(
            settings,
            amount_minor=amount_minor,
            currency=invoice.currency,
            mandate_id=link.mandate_id,
            idempotency_key=key,
            description=f"Invoice {invoice.number}" if invoice.number else "Invoice",
            metadata={"organization_id": str(organization_id), "invoice_id": str(invoice_id)},
        )
    except gateway.GatewayError as error:
        return gateway_error(error)
    payment = GoCardlessPayment(
        organization_id=organization_id,
        invoice_id=invoice_id,
        gocardless_id=remote.id,
        mandate_id=link.mandate_id,
        idempotency_key=key,
        amount=amount,
        amount_minor=remote.amount_minor,
        currency=remote.currency,
        status=remote.status,
        charge_date=remote.charge_date,
        # GoCardless's clock, like the events' timestamps it is compared with.
        status_changed_at=remote.created_at,
    )
    await payments.add(payment)
    await OwnerRepository(session).remember(remote.id, organization_id, "payments")
    return payment
