"""Recording money received against an invoice (manual, bank match or GoCardless)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.base import outbox
from financial_subgraph.currency.errors import ExchangeRateError
from financial_subgraph.currency.money import convert, quantize
from financial_subgraph.currency.service import rate
from financial_subgraph.events import InvoicePaidV1, PaymentReceivedV1, PaymentReversedV1
from financial_subgraph.invoice.errors import (
    InvoiceError,
    InvoiceErrorCode,
    invoice_error,
    not_found,
)
from financial_subgraph.invoice.models import PAYMENT_SOURCES, Invoice, InvoicePayment
from financial_subgraph.invoice.repository import InvoiceRepository
from financial_subgraph.invoice.status import OPEN, settle
from service_runtime.events import emit

MAX_TEXT = 500


def _check(
    invoice: Invoice, amount: Decimal, source: str, texts: dict[str, str | None]
) -> InvoiceError | None:
    if source not in PAYMENT_SOURCES:
        return invoice_error(
            InvoiceErrorCode.INVALID_INPUT, f"Unknown source {source!r}.", "source"
        )
    for name, value in texts.items():
        if value is not None and len(value) > MAX_TEXT:
            return invoice_error(
                InvoiceErrorCode.INVALID_INPUT, f"At most {MAX_TEXT} characters.", name
            )
    if (
        not isinstance(amount, Decimal)
        or amount <= 0
        or quantize(amount, invoice.currency) != amount
    ):
        message = f"Amounts are positive, in whole minor units of {invoice.currency}."
        return invoice_error(InvoiceErrorCode.INVALID_AMOUNT, message, "amount")
    if invoice.kind != "invoice" or invoice.status not in OPEN:
        message = f"Only issued, unpaid invoices take payments (this one is {invoice.status})."
        return invoice_error(InvoiceErrorCode.NOT_PAYABLE, message)
    if amount > invoice.balance_due:
        message = f"{amount} exceeds the balance due of {invoice.balance_due} {invoice.currency}."
        return invoice_error(InvoiceErrorCode.OVERPAYMENT, message, "amount")
    return None


async def _in_base(
    session: AsyncSession, invoice: Invoice, amount: Decimal, paid_on: date
) -> tuple[Decimal, Decimal, Decimal] | InvoiceError:
    """(rate, base amount at paid_on's rate, realised FX gain/loss) in the invoice's base."""
    base = invoice.base_currency or invoice.currency
    issue_rate = invoice.exchange_rate if invoice.exchange_rate is not None else Decimal(1)
    if base == invoice.currency:
        return Decimal(1), amount, quantize(Decimal(0), base)
    quote = await rate(session, invoice.currency, base, paid_on)
    if isinstance(quote, ExchangeRateError):
        return invoice_error(InvoiceErrorCode.RATE_NOT_FOUND, quote.message, "paidOn")
    base_amount = convert(amount, quote.rate, base)
    at_issue = convert(amount, issue_rate, base)
    if amount == invoice.balance_due and invoice.amount_credited == 0 and invoice.base_total:
        # The last payment takes what is left of the base total at the issue rate, so the
        # shares add up to it exactly (no rounding residue left in the receivable).
        paid = await InvoiceRepository(session, invoice.organization_id).issue_share_in_base(
            invoice.id
        )
        at_issue = invoice.base_total - paid
    return quote.rate, base_amount, base_amount - at_issue


async def _existing(
    session: AsyncSession, organization_id: uuid.UUID, invoice_id: uuid.UUID, external_id: str
) -> InvoicePayment | InvoiceError | None:
    payment = await InvoiceRepository(session, organization_id).payment_by_external_id(external_id)
    if payment is None or payment.invoice_id == invoice_id:
        return payment
    message = f"External id {external_id!r} is already recorded against another invoice."
    return invoice_error(InvoiceErrorCode.EXTERNAL_ID_CONFLICT, message, "externalId")


async def record_payment(
    session: AsyncSession,
    organization_id: uuid.UUID,
    invoice_id: uuid.UUID,
    *,
    amount: Decimal,
    paid_on: date,
    source: str,
    external_id: str | None = None,
    method: str | None = None,
    reference: str | None = None,
) -> InvoicePayment | InvoiceError:
    """Record `amount` (invoice currency) received on `paid_on` against an issued invoice.

    - `source`: "manual" | "bank" | "gocardless".
    - Idempotent on (organisation, external_id): a payment already recorded with that id is
      returned unchanged and nothing is written or emitted again; the same id recorded against
      a different invoice is EXTERNAL_ID_CONFLICT.
    - Locks the invoice row (FOR UPDATE) so concurrent payments cannot overpay it.
    - Moves the invoice to partially_paid or paid; emits financial.payment.received.v1 and,
      when the balance reaches zero, financial.invoice.paid.v1 (same transaction, outbox).
    - Stores the base-currency amount at `paid_on`'s rate and the realised FX gain (+) or
      loss (-) against the issue-date rate.
    - Errors (nothing written): INVOICE_NOT_FOUND, NOT_PAYABLE (draft, void, paid, quote or
      credit note), INVALID_AMOUNT (<= 0 or finer than the currency's minor unit),
      OVERPAYMENT (more than the balance due), RATE_NOT_FOUND, INVALID_INPUT.
    Never commits; the caller's transaction does.
    """
    if external_id is not None:
        existing = await _existing(session, organization_id, invoice_id, external_id)
        if existing is not None:
            return existing
    repository = InvoiceRepository(session, organization_id)
    invoice = await repository.get(invoice_id, lock=True)
    if invoice is None:
        return not_found()
    if external_id is not None:
        # A concurrent call with the same id may have committed while we waited for the lock.
        existing = await _existing(session, organization_id, invoice_id, external_id)
        if existing is not None:
            return existing
    error = _check(
        invoice,
        amount,
        source,
        {"method": method, "reference": reference, "externalId": external_id},
    )
    if error is not None:
        return error
    converted = await _in_base(session, invoice, amount, paid_on)
    if isinstance(converted, InvoiceError):
        return converted
    exchange_rate, base_amount, gain = converted
    payment = InvoicePayment(
        organization_id=organization_id,
        invoice_id=invoice.id,
        amount=amount,
        paid_on=paid_on,
        method=method,
        reference=reference,
        source=source,
        external_id=external_id,
        base_currency=invoice.base_currency or invoice.currency,
        exchange_rate=exchange_rate,
        base_amount=base_amount,
        realised_fx_gain_loss=gain,
    )
    try:
        async with session.begin_nested():
            session.add(payment)
            await session.flush()
    except IntegrityError:
        # The same external id, recorded concurrently against another invoice.
        message = f"External id {external_id!r} is already recorded."
        return invoice_error(InvoiceErrorCode.EXTERNAL_ID_CONFLICT, message, "externalId")
    invoice.amount_paid += amount
    settle(invoice)
    await session.flush()
    await _announce(session, invoice, payment)
    return payment


async def _announce(session: AsyncSession, invoice: Invoice, payment: InvoicePayment) -> None:
    received = PaymentReceivedV1(
        payment_id=payment.id,
        invoice_id=invoice.id,
        amount=quantize(payment.amount, invoice.currency),
        currency=invoice.currency,
        paid_on=payment.paid_on,
        source=payment.source,
        external_id=payment.external_id,
        balance_due=quantize(invoice.balance_due, invoice.currency),
    )
    await emit(session, outbox, received, invoice.organization_id)
    if invoice.status == "paid":
        paid = InvoicePaidV1(
            invoice_id=invoice.id,
            number=invoice.number,
            client_id=invoice.client_id,
            currency=invoice.currency,
            total=quantize(invoice.total, invoice.currency),
            paid_on=payment.paid_on,
        )
        await emit(session, outbox, paid, invoice.organization_id)


async def reverse_payment(
    session: AsyncSession,
    organization_id: uuid.UUID,
    payment_id: uuid.UUID,
    *,
    reversed_on: date,
    reason: str | None = None,
) -> InvoicePayment | InvoiceError:
    """Undo a recorded payment (a chargeback, a collection that failed after it was
    confirmed, or a manual entry made in error): a negative entry mirroring it (amount, base
    amount and FX result negated) is added, the invoice's balance and status go back (paid ->
    partially paid or issued), and financial.payment.reversed.v1 is emitted.

    Idempotent: a payment is reversed at most once; reversing it again returns the existing
    reversal and writes nothing. Errors: PAYMENT_NOT_FOUND (no such payment, or it is itself
    a reversal), INVALID_INPUT (reason too long). Never commits; the caller's transaction does.
    """
    if reason is not None and len(reason) > MAX_TEXT:
        return invoice_error(
            InvoiceErrorCode.INVALID_INPUT, f"At most {MAX_TEXT} characters.", "reason"
        )
    repository = InvoiceRepository(session, organization_id)
    original = await repository.payment(payment_id)
    if original is None or original.reverses_payment_id is not None:
        return invoice_error(InvoiceErrorCode.PAYMENT_NOT_FOUND, "No such payment.", "paymentId")
    invoice = await repository.get(original.invoice_id, lock=True)
    if invoice is None:
        return not_found()
    # Checked under the invoice's lock: two concurrent reversals cannot both pass.
    existing = await repository.reversal_of(original.id)
    if existing is not None:
        return existing
    reversal = InvoicePayment(
        organization_id=organization_id,
        invoice_id=invoice.id,
        amount=-original.amount,
        paid_on=reversed_on,
        method=original.method,
        reference=reason,
        source=original.source,
        external_id=None,
        base_currency=original.base_currency,
        exchange_rate=original.exchange_rate,
        base_amount=-original.base_amount,
        realised_fx_gain_loss=-original.realised_fx_gain_loss,
        reverses_payment_id=original.id,
    )
    session.add(reversal)
    invoice.amount_paid -= original.amount
    settle(invoice)
    await session.flush()
    reversed_event = PaymentReversedV1(
        payment_id=original.id,
        reversal_id=reversal.id,
        invoice_id=invoice.id,
        amount=quantize(original.amount, invoice.currency),
        currency=invoice.currency,
        reversed_on=reversed_on,
        reason=reason,
        balance_due=quantize(invoice.balance_due, invoice.currency),
    )
    await emit(session, outbox, reversed_event, organization_id)
    return reversal


async def reverse_payment_by_external_id(
    session: AsyncSession,
    organization_id: uuid.UUID,
    external_id: str,
    *,
    reversed_on: date,
    reason: str | None = None,
) -> InvoicePayment | InvoiceError:
    """`reverse_payment` for the payment recorded with a provider's id (e.g. GoCardless)."""
    original = await InvoiceRepository(session, organization_id).payment_by_external_id(external_id)
    if original is None:
        message = f"No payment recorded with external id {external_id!r}."
        return invoice_error(InvoiceErrorCode.PAYMENT_NOT_FOUND, message, "externalId")
    return await reverse_payment(
        session, organization_id, original.id, reversed_on=reversed_on, reason=reason
    )
