from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry


@strawberry.type
class AgingBuckets:
    """Open balances by days past due at the report date; `total` is their sum."""

    current: Decimal = strawberry.field(description="Not yet due (due on or after asOf).")
    days_1_to_30: Decimal
    days_31_to_60: Decimal
    days_61_to_90: Decimal
    over_90: Decimal = strawberry.field(description="More than 90 days past due.")
    total: Decimal


@strawberry.type
class AgingCurrencyGroup:
    """One client's open invoices in one currency."""

    currency: str = strawberry.field(description="The invoices' ISO-4217 currency.")
    amounts: AgingBuckets = strawberry.field(description="In the invoices' currency.")
    base: AgingBuckets = strawberry.field(
        description="In the base currency at each invoice's issue-date rate."
    )
    invoice_count: int


@strawberry.type
class ClientAging:
    client_id: strawberry.ID
    client_name: str
    base: AgingBuckets = strawberry.field(description="Every currency, in the base currency.")
    currencies: list[AgingCurrencyGroup]
    invoice_count: int


@strawberry.type(
    description=(
        "Invoices with a balance due at asOf, aged by days past their due date (an invoice"
        " without a due date is due on its issue date). The balance at asOf is the total less"
        " the payments and credit notes dated on or before asOf; invoices issued later or"
        " voided by then are left out, so a past asOf shows what was owed on that day. Base"
        " amounts convert each balance at the exchange rate of the invoice's issue date: the"
        " receivable as booked, not revalued at asOf (realised differences appear when"
        " payments arrive)."
    )
)
class ReceivablesAging:
    as_of: date
    base_currency: str
    clients: list[ClientAging] = strawberry.field(description="By client name.")
    totals: AgingBuckets = strawberry.field(description="Every client, in the base currency.")
    invoice_count: int
