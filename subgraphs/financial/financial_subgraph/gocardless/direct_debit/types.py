"""GraphQL types of the GoCardless domain."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from financial_subgraph.currency.money import quantize
from financial_subgraph.gocardless.direct_debit.models import GoCardlessPayment as PaymentRow
from financial_subgraph.gocardless.direct_debit.models import MandateLink
from financial_subgraph.gocardless.direct_debit.states import CHARGEABLE_MANDATE


@strawberry.type(description="A client's GoCardless customer and Direct Debit mandate.")
class GoCardlessMandate:
    client_id: strawberry.ID
    currency: str
    customer_id: str | None
    mandate_id: str | None
    status: str = strawberry.field(
        description="setup_pending until the payer completes the flow, then the mandate's "
        "GoCardless status (pending_submission, submitted, active, cancelled, failed, ...)."
    )
    usable: bool = strawberry.field(description="Whether payments can be collected with it.")
    updated_at: datetime

    @classmethod
    def from_row(cls, row: MandateLink) -> GoCardlessMandate:
        return cls(
            client_id=strawberry.ID(str(row.client_id)),
            currency=row.currency,
            customer_id=row.customer_id,
            mandate_id=row.mandate_id,
            status=row.status,
            usable=row.mandate_id is not None and row.status in CHARGEABLE_MANDATE,
            updated_at=row.updated_at,
        )


@strawberry.type(description="A Direct Debit payment collected for an invoice.")
class GoCardlessPayment:
    id: strawberry.ID
    invoice_id: strawberry.ID
    gocardless_id: str
    amount: Decimal = strawberry.field(description="In the invoice's currency.")
    currency: str
    status: str = strawberry.field(description="The payment's GoCardless status.")
    charge_date: date | None
    confirmed_at: datetime | None
    failure_reason: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: PaymentRow) -> GoCardlessPayment:
        return cls(
            id=strawberry.ID(str(row.id)),
            invoice_id=strawberry.ID(str(row.invoice_id)),
            gocardless_id=row.gocardless_id,
            # Stored at 4 places; shown at the currency's minor units (120.50, not 120.5000).
            amount=quantize(row.amount, row.currency),
            currency=row.currency,
            status=row.status,
            charge_date=row.charge_date,
            confirmed_at=row.confirmed_at,
            failure_reason=row.failure_reason,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@strawberry.type
class GoCardlessMandateSetupPayload:
    authorisation_url: str = strawberry.field(description="Send the payer here.")
    mandate: GoCardlessMandate


@strawberry.type
class GoCardlessPaymentPayload:
    payment: GoCardlessPayment
