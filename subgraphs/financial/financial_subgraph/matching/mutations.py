"""Payment-match decisions by people. Recording a payment is a member's action
(financial:write), as it is for manual payments on invoices."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from financial_subgraph.bank.types import Transaction
from financial_subgraph.context import Info
from financial_subgraph.matching import review
from financial_subgraph.matching.errors import (
    PaymentMatchError,
    PaymentMatchErrorCode,
    match_error,
    transaction_not_found,
)
from financial_subgraph.matching.types import DismissPaymentMatchPayload, PaymentMatchPayload
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.work import in_transaction, work_of

ConfirmPaymentMatchResult = Annotated[
    PaymentMatchPayload | PaymentMatchError, strawberry.union("ConfirmPaymentMatchResult")
]
DismissPaymentMatchResult = Annotated[
    DismissPaymentMatchPayload | PaymentMatchError, strawberry.union("DismissPaymentMatchResult")
]


@strawberry.type
class PaymentMatchingMutation:
    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Record the transaction as a payment of the invoice (amount: part of it;"
        " default all). Idempotent: the payment's external id derives from the transaction.",
    )
    async def confirm_payment_match(
        self,
        info: Info,
        transaction_id: strawberry.ID,
        invoice_id: strawberry.ID,
        amount: Decimal | None = None,
    ) -> ConfirmPaymentMatchResult:
        work = work_of(info)
        transaction = parse_uuid(transaction_id)
        invoice = parse_uuid(invoice_id)
        if transaction is None:
            return transaction_not_found()
        if invoice is None:
            return match_error(
                PaymentMatchErrorCode.INVOICE_NOT_FOUND, "No such invoice.", "invoiceId"
            )
        outcome = await review.confirm(
            work.session, work.organization_id, transaction, invoice, amount
        )
        if isinstance(outcome, PaymentMatchError):
            return outcome
        return PaymentMatchPayload(transaction=Transaction.from_row(outcome))

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Leave an incoming payment unmatched; it is not queued again.",
    )
    async def dismiss_payment_match(
        self, info: Info, transaction_id: strawberry.ID
    ) -> DismissPaymentMatchResult:
        work = work_of(info)
        transaction = parse_uuid(transaction_id)
        if transaction is None:
            return transaction_not_found()
        outcome = await review.dismiss(work.session, work.organization_id, transaction)
        if isinstance(outcome, PaymentMatchError):
            return outcome
        return DismissPaymentMatchPayload(transaction_id=transaction_id)
