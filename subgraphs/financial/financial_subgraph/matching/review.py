"""People deciding what automatic matching left open: confirm an invoice, or dismiss."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.bank.models import BankTransaction
from financial_subgraph.bank.transaction_repository import BankTransactionRepository
from financial_subgraph.invoice.service import invoice_in_organization
from financial_subgraph.matching.errors import (
    PaymentMatchError,
    PaymentMatchErrorCode,
    from_invoice_error,
    match_error,
    transaction_not_found,
)
from financial_subgraph.matching.models import PaymentMatchReview
from financial_subgraph.matching.repository import ReviewRepository
from financial_subgraph.matching.scoring import Candidate, decide
from financial_subgraph.matching.service import load_open_invoices, pay, payment_of, resolve

Code = PaymentMatchErrorCode


async def _incoming(
    session: AsyncSession, organization_id: uuid.UUID, transaction_id: uuid.UUID
) -> BankTransaction | PaymentMatchError:
    repository = BankTransactionRepository(session, organization_id)
    transaction = await repository.for_update(transaction_id)
    if transaction is None:
        return transaction_not_found()
    if transaction.amount <= 0:
        return match_error(Code.NOT_INCOMING, "Only money received can pay an invoice.")
    return transaction


async def confirm(
    session: AsyncSession,
    organization_id: uuid.UUID,
    transaction_id: uuid.UUID,
    invoice_id: uuid.UUID,
    amount: Decimal | None,
) -> BankTransaction | PaymentMatchError:
    """Record the transaction (or `amount` of it) as a payment of the invoice. Repeating the
    same confirmation changes nothing."""
    transaction = await _incoming(session, organization_id, transaction_id)
    if isinstance(transaction, PaymentMatchError):
        return transaction
    if transaction.invoice_id == invoice_id:
        return transaction
    if transaction.invoice_id is not None:
        return match_error(Code.ALREADY_MATCHED, "The transaction is matched to another invoice.")
    invoice = await invoice_in_organization(session, organization_id, invoice_id)
    if invoice is None or invoice.kind != "invoice":
        return match_error(Code.INVOICE_NOT_FOUND, "No such invoice.", "invoiceId")
    if invoice.currency != transaction.currency:
        message = f"The invoice is in {invoice.currency}, the payment in {transaction.currency}."
        return match_error(Code.CURRENCY_MISMATCH, message, "invoiceId")
    paid = amount if amount is not None else transaction.amount
    if paid <= 0 or paid > transaction.amount:
        message = "The amount is positive and at most the transaction's amount."
        return match_error(Code.INVALID_AMOUNT, message, "amount")
    problem = await pay(session, organization_id, transaction, invoice_id, paid)
    if problem is not None:
        return from_invoice_error(problem)
    review = await ReviewRepository(session, organization_id).for_transaction(transaction_id)
    resolve(review, "confirmed", invoice_id)
    await session.flush()
    return transaction


async def dismiss(
    session: AsyncSession, organization_id: uuid.UUID, transaction_id: uuid.UUID
) -> PaymentMatchReview | PaymentMatchError:
    """Leave the transaction unmatched; automatic matching will not queue it again."""
    transaction = await _incoming(session, organization_id, transaction_id)
    if isinstance(transaction, PaymentMatchError):
        return transaction
    if transaction.invoice_id is not None:
        return match_error(Code.ALREADY_MATCHED, "The transaction is matched to an invoice.")
    repository = ReviewRepository(session, organization_id)
    review = await repository.for_transaction(transaction_id)
    if review is None:
        review = PaymentMatchReview(
            organization_id=organization_id,
            transaction_id=transaction_id,
            status="pending",
            candidates=[],
        )
        session.add(review)
    elif review.status != "pending":
        return match_error(Code.NOT_PENDING, f"The review is already {review.status}.")
    resolve(review, "dismissed", None)
    await session.flush()
    return review


async def pending_page(
    session: AsyncSession,
    organization_id: uuid.UUID,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[tuple[PaymentMatchReview, BankTransaction]]:
    """Pending reviews with their transactions, oldest first, after the `after` key."""
    return await ReviewRepository(session, organization_id).pending_page(after, limit)


async def candidates_for(
    session: AsyncSession,
    organization_id: uuid.UUID,
    transaction_id: uuid.UUID,
    *,
    early_tolerance_days: int,
) -> list[Candidate] | PaymentMatchError:
    """Open invoices the transaction could pay, scored now, best first."""
    transaction = await BankTransactionRepository(session, organization_id).get(transaction_id)
    if transaction is None:
        return transaction_not_found()
    if transaction.amount <= 0:
        return []
    invoices = await load_open_invoices(session, organization_id)
    decision = decide(payment_of(transaction), invoices, early_tolerance_days)
    return list(decision.candidates)
