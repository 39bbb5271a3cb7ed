from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

import strawberry


@strawberry.enum(description="When income and expenses count: CASH, when money moves.")
class ReportBasis(enum.Enum):
    CASH = "CASH"


@strawberry.type
class MonthAmount:
    month: date = strawberry.field(description="The month's first day.")
    amount: Decimal


@strawberry.type
class ProfitAndLossLine:
    """A category with everything below it, or the uncategorised money of a section."""

    category_id: strawberry.ID | None = strawberry.field(description="null: uncategorised.")
    parent_id: strawberry.ID | None
    name: str
    depth: int = strawberry.field(description="0 for a top-level category.")
    months: list[MonthAmount] = strawberry.field(description="Including subcategories.")
    total: Decimal = strawberry.field(description="Including subcategories.")
    own_months: list[MonthAmount] = strawberry.field(
        description="Booked on this category itself, not on a subcategory."
    )
    own_total: Decimal


@strawberry.type
class ProfitAndLossSection:
    lines: list[ProfitAndLossLine] = strawberry.field(
        description="Depth first in name order; the uncategorised line last."
    )
    months: list[MonthAmount] = strawberry.field(description="Top-level lines added up.")
    total: Decimal


@strawberry.type(
    description=(
        "Profit and loss on a cash basis: bank transactions count in the month they are"
        " booked, at their stored base-currency amount (the rate of their booking date)."
        " Income and expense sections follow the kind of each transaction's category;"
        " transfer categories are left out; money without a category is its own line in"
        " either section by its direction. Expenses are positive; a refund booked on an"
        " expense category reduces them. netResult = income - expenses."
    )
)
class ProfitAndLoss:
    start: date = strawberry.field(name="from")
    end: date = strawberry.field(name="to")
    basis: ReportBasis
    base_currency: str
    months: list[date] = strawberry.field(description="First day of every month covered.")
    income: ProfitAndLossSection
    expenses: ProfitAndLossSection
    net_result: list[MonthAmount]
    net_total: Decimal
    realised_fx_gain_loss: list[MonthAmount] = strawberry.field(
        description="Memo line, not added to netResult: the realised exchange gain (+) or"
        " loss (-) of invoice payments received in the month, against the invoices' issue-date"
        " rates. On a cash basis the receipts above already hold it at their own rate; the"
        " line shows how much of them is exchange-rate effect."
    )
    realised_fx_gain_loss_total: Decimal
