from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.gocardless.direct_debit import cancellation, collection, mandates
from financial_subgraph.gocardless.direct_debit.errors import (
    GoCardlessError,
    GoCardlessErrorCode,
    gocardless_error,
)
from financial_subgraph.gocardless.direct_debit.types import (
    GoCardlessMandate,
    GoCardlessMandateSetupPayload,
    GoCardlessPayment,
    GoCardlessPaymentPayload,
)
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.work import in_transaction, work_of

StartGoCardlessMandateSetupResult = Annotated[
    GoCardlessMandateSetupPayload | GoCardlessError,
    strawberry.union("StartGoCardlessMandateSetupResult"),
]
CancelGoCardlessPaymentResult = Annotated[
    GoCardlessPaymentPayload | GoCardlessError, strawberry.union("CancelGoCardlessPaymentResult")
]
CollectGoCardlessPaymentResult = Annotated[
    GoCardlessPaymentPayload | GoCardlessError, strawberry.union("CollectGoCardlessPaymentResult")
]

# Taking money from a client's account is an admin's decision, like issuing an invoice.


def _check_uri(field: str, value: str | None) -> GoCardlessError | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 2000:
        message = f"{field} must be an http(s) URL."
        return gocardless_error(GoCardlessErrorCode.INVALID_INPUT, message, field)
    return None


@strawberry.type
class GoCardlessMutation:
    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Start linking a client to a GoCardless mandate (billing-request flow). "
        "The mandate becomes usable when GoCardless reports it by webhook.",
    )
    async def start_go_cardless_mandate_setup(
        self,
        info: Info,
        client_id: strawberry.ID,
        redirect_uri: str | None = None,
        exit_uri: str | None = None,
    ) -> StartGoCardlessMandateSetupResult:
        work = work_of(info)
        client = parse_uuid(client_id)
        invalid = _check_uri("redirectUri", redirect_uri) or _check_uri("exitUri", exit_uri)
        if invalid is not None:
            return invalid
        if client is None:
            return gocardless_error(
                GoCardlessErrorCode.CLIENT_NOT_FOUND, "No such client.", "clientId"
            )
        outcome = await mandates.start_setup(
            work.session,
            info.context.settings,
            work.organization_id,
            client,
            redirect_uri=redirect_uri,
            exit_uri=exit_uri,
        )
        if isinstance(outcome, GoCardlessError):
            return outcome
        return GoCardlessMandateSetupPayload(
            authorisation_url=outcome.authorisation_url,
            mandate=GoCardlessMandate.from_row(outcome.link),
        )

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Collect an issued invoice's balance due by Direct Debit. Safe to retry: "
        "while a payment is in flight the same payment is returned.",
    )
    async def collect_go_cardless_payment(
        self, info: Info, invoice_id: strawberry.ID
    ) -> CollectGoCardlessPaymentResult:
        work = work_of(info)
        invoice = parse_uuid(invoice_id)
        if invoice is None:
            return gocardless_error(
                GoCardlessErrorCode.INVOICE_NOT_FOUND, "No such invoice.", "invoiceId"
            )
        outcome = await collection.collect(
            work.session, info.context.settings, work.organization_id, invoice
        )
        if isinstance(outcome, GoCardlessError):
            return outcome
        return GoCardlessPaymentPayload(payment=GoCardlessPayment.from_row(outcome))

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Cancel a GoCardless payment not yet submitted to the banks; the invoice "
        "stays due and financial.payment.failed.v1 is emitted.",
    )
    async def cancel_go_cardless_payment(
        self, info: Info, payment_id: strawberry.ID
    ) -> CancelGoCardlessPaymentResult:
        work = work_of(info)
        payment = parse_uuid(payment_id)
        if payment is None:
            message = "No such GoCardless payment."
            return gocardless_error(GoCardlessErrorCode.PAYMENT_NOT_FOUND, message, "paymentId")
        outcome = await cancellation.cancel(
            work.session, info.context.settings, work.organization_id, payment
        )
        if isinstance(outcome, GoCardlessError):
            return outcome
        return GoCardlessPaymentPayload(payment=GoCardlessPayment.from_row(outcome))
