from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry


@strawberry.type
class CashFlowPeriod:
    """Money in and out over [start, end]: closing = opening + inflows - outflows."""

    start: date
    end: date
    opening: Decimal = strawberry.field(description="Balance at the start of `start`.")
    inflows: Decimal = strawberry.field(description="Money received (positive).")
    outflows: Decimal = strawberry.field(description="Money paid out (positive).")
    net: Decimal = strawberry.field(description="inflows - outflows.")
    closing: Decimal = strawberry.field(description="Balance at the end of `end`.")


@strawberry.type
class AccountCashFlow:
    account_id: strawberry.ID
    account_name: str
    currency: str = strawberry.field(description="The account's ISO-4217 currency.")
    months: list[CashFlowPeriod] = strawberry.field(description="In the account's currency.")
    total: CashFlowPeriod = strawberry.field(description="The whole range, account currency.")
    base_months: list[CashFlowPeriod] = strawberry.field(description="In the base currency.")
    base_total: CashFlowPeriod = strawberry.field(description="The whole range, base currency.")


@strawberry.type(
    description=(
        "Bank cash flow per calendar month (the first and last month cut to from and to)."
        " An account's opening balance is its own opening balance plus every transaction"
        " booked before. Base-currency figures add each transaction's stored base amount (at"
        " its booking date's rate) and the account's opening balance at the rate of its first"
        " booking date; foreign-currency balances are not revalued at month end."
    )
)
class CashFlow:
    start: date = strawberry.field(name="from")
    end: date = strawberry.field(name="to")
    base_currency: str
    accounts: list[AccountCashFlow] = strawberry.field(description="By account name.")
    months: list[CashFlowPeriod] = strawberry.field(description="Every account, base currency.")
    total: CashFlowPeriod = strawberry.field(description="Every account, whole range, base.")
