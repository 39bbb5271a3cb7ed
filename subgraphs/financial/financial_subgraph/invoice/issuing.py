"""Issuing (number, dates, base amounts, event) and voiding."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.base import outbox
from financial_subgraph.currency.errors import ExchangeRateError, ExchangeRateErrorCode
from financial_subgraph.currency.money import quantize
from financial_subgraph.events import InvoiceIssuedV1, InvoicePaidV1
from financial_subgraph.invoice.errors import (
    InvoiceError,
    InvoiceErrorCode,
    invalid,
    invoice_error,
    not_found,
)
from financial_subgraph.invoice.models import Invoice
from financial_subgraph.invoice.numbering.service import allocate_number
from financial_subgraph.invoice.repository import InvoiceRepository
from financial_subgraph.invoice.status import OPEN, settle
from financial_subgraph.organization.service import to_base
from service_runtime.events import emit
from service_runtime.models import utcnow
from service_runtime.rejection import Rejected

MAX_REASON = 500
ISSUED_STATUS = {"invoice": "issued", "quote": "sent", "credit_note": "issued"}


def _check_issuable(invoice: Invoice) -> InvoiceError | None:
    if invoice.status != "draft":
        message = f"Only drafts can be issued; this {invoice.kind} is {invoice.status}."
        return invoice_error(InvoiceErrorCode.INVALID_STATE, message)
    if not invoice.lines:
        return invoice_error(InvoiceErrorCode.NO_LINES, "Add at least one line before issuing.")
    if invoice.total < 0 or (invoice.kind == "credit_note" and invoice.total == 0):
        # Credit notes carry the amount credited as a positive total.
        message = f"The total is {invoice.total} {invoice.currency}; it cannot be negative."
        return invoice_error(InvoiceErrorCode.NEGATIVE_TOTAL, message)
    return None


def check_credit(credit_note: Invoice, credited: Invoice | None) -> InvoiceError | None:
    """A credit note may only reduce an open invoice's balance, never below zero."""
    if credited is None or credited.kind != "invoice" or credited.status not in OPEN:
        message = "Only an issued invoice with a balance due can be credited."
        return invoice_error(InvoiceErrorCode.INVALID_STATE, message, "invoiceId")
    if credit_note.total > credited.balance_due:
        message = (
            f"The credit of {credit_note.total} exceeds the balance due of"
            f" {credited.balance_due} {credited.currency}."
        )
        return invoice_error(InvoiceErrorCode.CREDIT_EXCEEDS_BALANCE, message)
    return None


def _rate_error(error: ExchangeRateError) -> InvoiceError:
    if error.code is ExchangeRateErrorCode.UNKNOWN_CURRENCY:
        return invoice_error(InvoiceErrorCode.UNKNOWN_CURRENCY, error.message, "currency")
    return invoice_error(InvoiceErrorCode.RATE_NOT_FOUND, error.message, "issueDate")


async def _number(session: AsyncSession, invoice: Invoice, on: date) -> str:
    number = await allocate_number(
        session, invoice.organization_id, invoice.kind, invoice.client_id, on
    )
    taken = await session.scalar(
        select(Invoice.id).where(
            Invoice.organization_id == invoice.organization_id,
            Invoice.kind == invoice.kind,
            Invoice.number == number,
        )
    )
    if taken is not None:
        # Only after a pattern change (e.g. a yearly reset switched on mid-year): refuse
        # rather than duplicate; the rollback returns the counter.
        message = f"{number} is already taken; change the numbering pattern."
        raise Rejected(invoice_error(InvoiceErrorCode.NUMBER_TAKEN, message))
    return number


async def issue_invoice(
    session: AsyncSession,
    organization_id: uuid.UUID,
    invoice_id: uuid.UUID,
    *,
    issue_date: date,
) -> Invoice | InvoiceError:
    """Give a draft its number and dates, store its base amounts and emit invoice.issued.

    Invoices and quotes are due `payment_terms_days` after `issue_date` (a quote's due date
    is its validity); an issued credit note reduces its invoice's balance. May raise
    Rejected(NUMBER_TAKEN) after writing (the caller's block then rolls back).
    """
    repository = InvoiceRepository(session, organization_id)
    invoice = await repository.get(invoice_id, lock=True)
    if invoice is None:
        return not_found()
    error = _check_issuable(invoice)
    credited = None
    if error is None and invoice.kind == "credit_note" and invoice.credited_invoice_id:
        credited = await repository.get(invoice.credited_invoice_id, lock=True)
        error = check_credit(invoice, credited)
    if error is not None:
        return error
    base = await to_base(session, organization_id, invoice.total, invoice.currency, issue_date)
    if isinstance(base, ExchangeRateError):
        return _rate_error(base)
    number = await _number(session, invoice, issue_date)
    invoice.number = number
    invoice.issue_date = issue_date
    if invoice.kind != "credit_note":
        invoice.due_date = issue_date + timedelta(days=invoice.payment_terms_days)
    invoice.base_currency, invoice.exchange_rate = base.currency, base.rate
    invoice.rate_date, invoice.base_total = base.rate_date, base.amount
    invoice.status = ISSUED_STATUS[invoice.kind]
    invoice.issued_at = utcnow()
    if invoice.kind == "invoice":
        settle(invoice)  # a zero total is settled on issue
    if credited is not None:
        credited.amount_credited += invoice.total
        settle(credited)
    await session.flush()
    await _announce(session, invoice, number, issue_date, credited)
    return invoice


async def _announce(
    session: AsyncSession, invoice: Invoice, number: str, issued_on: date, credited: Invoice | None
) -> None:
    issued = InvoiceIssuedV1(
        invoice_id=invoice.id,
        kind=invoice.kind,
        number=number,
        client_id=invoice.client_id,
        currency=invoice.currency,
        total=quantize(invoice.total, invoice.currency),
        issue_date=issued_on,
        due_date=invoice.due_date,
    )
    await emit(session, outbox, issued, invoice.organization_id)
    for settled in (invoice, credited):
        if settled is not None and settled.kind == "invoice" and settled.status == "paid":
            paid = InvoicePaidV1(
                invoice_id=settled.id,
                number=settled.number,
                client_id=settled.client_id,
                currency=settled.currency,
                total=quantize(settled.total, settled.currency),
                paid_on=issued_on,
            )
            await emit(session, outbox, paid, settled.organization_id)


async def void_invoice(
    session: AsyncSession, organization_id: uuid.UUID, invoice_id: uuid.UUID, reason: str
) -> Invoice | InvoiceError:
    """Void an issued invoice nothing was paid or credited on, or an issued credit note
    (its credit returns to the invoice). The number stays used: voiding leaves no gap."""
    if not reason.strip() or len(reason) > MAX_REASON:
        return invalid("reason", f"Give a reason of 1 to {MAX_REASON} characters.")
    repository = InvoiceRepository(session, organization_id)
    invoice = await repository.get(invoice_id, lock=True)
    if invoice is None:
        return not_found()
    credited = None
    if invoice.kind == "credit_note" and invoice.status == "issued" and invoice.credited_invoice_id:
        credited = await repository.get(invoice.credited_invoice_id, lock=True)
    voidable = (
        invoice.kind == "invoice"
        and invoice.status == "issued"
        and invoice.amount_paid == 0
        and invoice.amount_credited == 0
    ) or credited is not None
    if not voidable:
        message = (
            f"This {invoice.kind} is {invoice.status}; only issued invoices without payments"
            " or credits, and issued credit notes, can be voided."
        )
        return invoice_error(InvoiceErrorCode.NOT_VOIDABLE, message)
    if credited is not None:
        credited.amount_credited -= invoice.total
        settle(credited)
    invoice.status = "void"
    invoice.balance_due = Decimal(0)
    invoice.voided_at = utcnow()
    invoice.void_reason = reason.strip()
    await session.flush()
    return invoice
