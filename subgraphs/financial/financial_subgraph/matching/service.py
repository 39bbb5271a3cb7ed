"""Matching incoming bank transactions to open invoices: automatic when exactly one invoice is
a confident match, queued for review otherwise; confirmation and dismissal by people.

Payments are recorded through `invoice.service.record_payment` with source "bank" and an
external id derived from the transaction, so a transaction pays at most one invoice, once,
however often matching runs. Services never commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.bank.models import BankTransaction
from financial_subgraph.client.repository import ClientRepository
from financial_subgraph.currency.money import quantize
from financial_subgraph.invoice.errors import InvoiceError
from financial_subgraph.invoice.models import Invoice
from financial_subgraph.invoice.service import open_invoices, record_payment
from financial_subgraph.matching.models import PaymentMatchReview
from financial_subgraph.matching.repository import ReviewRepository
from financial_subgraph.matching.scoring import (
    Candidate,
    OpenInvoice,
    Payment,
    Scorer,
    days_early,
    number_in,
)
from service_runtime.models import utcnow

MAX_REFERENCE = 500


def external_id(transaction_id: uuid.UUID) -> str:
    """The payment's idempotency key: one bank transaction is recorded at most once."""
    return f"bank-transaction:{transaction_id}"


def payment_of(transaction: BankTransaction) -> Payment:
    return Payment(
        transaction.amount,
        transaction.currency,
        transaction.description,
        transaction.counterparty,
        transaction.booked_on,
    )


def candidates_json(candidates: Sequence[Candidate]) -> list[dict[str, object]]:
    return [
        {"invoice_id": str(c.invoice_id), "score": str(c.score), "reasons": list(c.reasons)}
        for c in candidates
    ]


async def load_open_invoices(
    session: AsyncSession, organization_id: uuid.UUID
) -> list[OpenInvoice]:
    """Open invoices with their clients' names: two queries, whatever their number."""
    invoices = await open_invoices(session, organization_id)
    client_ids = sorted({invoice.client_id for invoice in invoices})
    clients = await ClientRepository(session, organization_id).by_ids(client_ids)
    names = {client.id: client.name for client in clients if client is not None}
    return [_open(invoice, names.get(invoice.client_id)) for invoice in invoices]


def _open(invoice: Invoice, client_name: str | None) -> OpenInvoice:
    return OpenInvoice(
        invoice.id,
        invoice.number,
        client_name,
        invoice.currency,
        invoice.balance_due,
        invoice.issue_date,
    )


async def pay(
    session: AsyncSession,
    organization_id: uuid.UUID,
    transaction: BankTransaction,
    invoice_id: uuid.UUID,
    amount: Decimal,
) -> InvoiceError | None:
    """Record `amount` of the transaction against the invoice and link the two."""
    outcome = await record_payment(
        session,
        organization_id,
        invoice_id,
        amount=quantize(amount, transaction.currency),
        paid_on=transaction.booked_on,
        source="bank",
        external_id=external_id(transaction.id),
        method="bank_transfer",
        reference=transaction.description[:MAX_REFERENCE] or None,
    )
    if isinstance(outcome, InvoiceError):
        return outcome
    transaction.invoice_id = invoice_id
    return None


@dataclass
class MatchCounts:
    matched: int = 0
    for_review: int = 0


class PaymentMatcher:
    """Matches a run of transactions against the organisation's open invoices, loaded once
    and kept current as payments are recorded (two rows may pay one invoice).

    `early_tolerance_days`: a transaction booked more days than this before an invoice's
    issue date never pays it automatically (FINANCIAL_EARLY_PAYMENT_TOLERANCE_DAYS)."""

    def __init__(
        self,
        session: AsyncSession,
        organization_id: uuid.UUID,
        invoices: list[OpenInvoice],
        early_tolerance_days: int,
    ) -> None:
        self.session, self.organization_id = session, organization_id
        self.early_tolerance_days = early_tolerance_days
        self.invoices = {invoice.id: invoice for invoice in invoices}
        self.counts = MatchCounts()
        self._scorer: Scorer | None = None
        self._queued: list[dict[str, object]] = []

    @property
    def scorer(self) -> Scorer:
        """Prepared once, again only after a payment changed a balance."""
        if self._scorer is None:
            self._scorer = Scorer(list(self.invoices.values()), self.early_tolerance_days)
        return self._scorer

    @classmethod
    async def load(
        cls, session: AsyncSession, organization_id: uuid.UUID, *, early_tolerance_days: int
    ) -> PaymentMatcher:
        invoices = await load_open_invoices(session, organization_id)
        return cls(session, organization_id, invoices, early_tolerance_days)

    async def match(self, transactions: Sequence[BankTransaction]) -> None:
        """Match the incoming, unlinked transactions never reviewed before."""
        await self.write_queued()  # reviews a rule's link queued count as reviewed below
        incoming = [row for row in transactions if row.amount > 0 and row.invoice_id is None]
        if not incoming or not self.invoices:
            return
        ids = [row.id for row in incoming]
        reviewed = await ReviewRepository(self.session, self.organization_id).for_transactions(ids)
        for transaction in incoming:
            if transaction.id not in reviewed:
                await self._match_one(transaction)
        await self.write_queued()

    async def _match_one(self, transaction: BankTransaction) -> None:
        decision = self.scorer.decide(payment_of(transaction))
        if decision.kind == "none":
            return
        invoice_id = decision.invoice_id if decision.kind == "match" else None
        if invoice_id is not None and await self._pay(transaction, invoice_id) is None:
            return
        await self.queue(transaction, decision.candidates)

    async def link(self, transaction: BankTransaction, invoice_id: uuid.UUID, reason: str) -> None:
        """A rule's explicit link: pay the invoice from an incoming transaction (or queue it
        for review when it cannot pay it); an outgoing one (a refund) is only linked."""
        if transaction.invoice_id is not None:
            return
        if transaction.amount <= 0:
            transaction.invoice_id = invoice_id
            return
        invoice = self.invoices.get(invoice_id)
        issued = invoice.issue_date if invoice is not None else None
        early = days_early(transaction.booked_on, issued, self.early_tolerance_days)
        if early:  # a rule is automatic too: a payment before the invoice goes to a person
            reasons = (reason, f"not recorded: booked {early} days before the invoice was issued")
            await self.queue(transaction, (Candidate(invoice_id, Decimal(1), reasons, False),))
            return
        problem = await self._pay(transaction, invoice_id)
        if problem is not None:
            reasons = (reason, f"not recorded: {problem.message}")
            await self.queue(transaction, (Candidate(invoice_id, Decimal(1), reasons, False),))

    async def _pay(
        self, transaction: BankTransaction, invoice_id: uuid.UUID
    ) -> InvoiceError | None:
        problem = await pay(
            self.session, self.organization_id, transaction, invoice_id, transaction.amount
        )
        if problem is None:
            self.counts.matched += 1
            self._paid(invoice_id, transaction.amount)
        return problem

    def _paid(self, invoice_id: uuid.UUID, amount: Decimal) -> None:
        invoice = self.invoices.get(invoice_id)
        if invoice is None:
            return
        self._scorer = None
        left = invoice.balance_due - amount
        if left <= 0:
            del self.invoices[invoice_id]
        else:
            self.invoices[invoice_id] = replace(invoice, balance_due=left)

    def find_by_number(self, transaction: BankTransaction) -> uuid.UUID | None:
        """The one open invoice whose number the description mentions, if exactly one does."""
        found = [
            i.id for i in self.invoices.values() if number_in(i.number, transaction.description)
        ]
        return found[0] if len(found) == 1 else None

    async def queue(self, transaction: BankTransaction, candidates: Sequence[Candidate]) -> None:
        """Leave the transaction for a person (written with the others by write_queued)."""
        self._queued.append(
            {
                "id": uuid.uuid4(),
                "organization_id": self.organization_id,
                "transaction_id": transaction.id,
                "status": "pending",
                "candidates": candidates_json(candidates),
            }
        )
        self.counts.for_review += 1

    async def write_queued(self) -> None:
        """One multi-row INSERT for the reviews queued so far (an import may queue thousands)."""
        if self._queued:
            # A transaction reviewed before (a re-run's rule link failing again) keeps its review.
            statement = insert(PaymentMatchReview).on_conflict_do_nothing(
                index_elements=["transaction_id"]
            )
            await self.session.execute(statement, self._queued)
            self._queued = []


def resolve(review: PaymentMatchReview | None, status: str, invoice_id: uuid.UUID | None) -> None:
    if review is not None:
        review.status, review.invoice_id, review.resolved_at = status, invoice_id, utcnow()
