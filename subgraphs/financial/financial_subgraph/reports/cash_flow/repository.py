"""Cash flow in one statement: per account and month, opening balance, money in and out and
their base-currency equivalents, with the all-accounts total per month from GROUPING SETS."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import CTE, Date, case, cast, func, literal, select, true, tuple_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.bank.models import BankAccount, BankTransaction
from financial_subgraph.reports.rates_sql import cross_rate

# grouping(account_id) of a result row: one account's month, or every account's.
LEVEL_ACCOUNT = 0
LEVEL_TOTAL = 1


def _history(organization_id: uuid.UUID, start: date) -> CTE:
    """Per account: what moved before `start`, and the account's first booking date."""
    before = BankTransaction.booked_on < start
    return (
        select(
            BankTransaction.account_id,
            func.coalesce(func.sum(BankTransaction.amount).filter(before), 0).label("amount"),
            func.coalesce(func.sum(BankTransaction.base_amount).filter(before), 0).label("base"),
            func.min(BankTransaction.booked_on).label("first_booked_on"),
        )
        .where(BankTransaction.organization_id == organization_id)
        .group_by(BankTransaction.account_id)
        .cte("history")
    )


def _flows(organization_id: uuid.UUID, start: date, end: date) -> CTE:
    """Per account and month of [start, end]: money in, money out (positive), in both units."""
    month = cast(func.date_trunc("month", BankTransaction.booked_on), Date)
    incoming, outgoing = BankTransaction.amount > 0, BankTransaction.amount < 0
    return (
        select(
            BankTransaction.account_id,
            month.label("month"),
            func.sum(BankTransaction.amount).filter(incoming).label("inflows"),
            (-func.sum(BankTransaction.amount).filter(outgoing)).label("outflows"),
            func.sum(BankTransaction.base_amount).filter(incoming).label("base_inflows"),
            (-func.sum(BankTransaction.base_amount).filter(outgoing)).label("base_outflows"),
        )
        .where(
            BankTransaction.organization_id == organization_id,
            BankTransaction.booked_on.between(start, end),
        )
        .group_by(BankTransaction.account_id, month)
        .cte("flows")
    )


def _opening_base(base: str, base_minor_units: int, history: CTE) -> Any:
    """The account's own opening balance in `base`, at the rate of its first booking date
    (when the balance it describes stood); NULL when that rate is unknown."""
    on_date = func.coalesce(history.c.first_booked_on, cast(BankAccount.created_at, Date))
    rate = cross_rate(BankAccount.currency, base, on_date)
    return case(
        (BankAccount.currency == base, BankAccount.opening_balance),
        (BankAccount.opening_balance == 0, BankAccount.opening_balance),
        else_=func.round(BankAccount.opening_balance * rate, base_minor_units),
    )


def _per_account_month(
    organization_id: uuid.UUID,
    start: date,
    end: date,
    months: Sequence[date],
    account_id: uuid.UUID | None,
    base: str,
    base_minor_units: int,
) -> CTE:
    history, flows = _history(organization_id, start), _flows(organization_id, start, end)
    month_starts = select(func.unnest(literal(list(months), ARRAY(Date))).label("month")).subquery(
        "months"
    )
    zero = literal(0)
    inflows, outflows = func.coalesce(flows.c.inflows, zero), func.coalesce(flows.c.outflows, zero)
    base_in = func.coalesce(flows.c.base_inflows, zero)
    base_out = func.coalesce(flows.c.base_outflows, zero)

    def before_this_month(amount: Any) -> Any:
        """The account's sum of `amount` over the report's earlier months."""
        earlier = func.sum(amount).over(
            partition_by=BankAccount.id, order_by=month_starts.c.month, rows=(None, -1)
        )
        return func.coalesce(earlier, zero)

    moved_before = before_this_month(inflows - outflows)
    base_moved_before = before_this_month(base_in - base_out)
    statement = (
        select(
            BankAccount.id.label("account_id"),
            BankAccount.name.label("account_name"),
            BankAccount.currency,
            month_starts.c.month,
            (
                BankAccount.opening_balance + func.coalesce(history.c.amount, zero) + moved_before
            ).label("opening"),
            inflows.label("inflows"),
            outflows.label("outflows"),
            (
                _opening_base(base, base_minor_units, history)
                + func.coalesce(history.c.base, zero)
                + base_moved_before
            ).label("base_opening"),
            base_in.label("base_inflows"),
            base_out.label("base_outflows"),
        )
        .select_from(BankAccount)
        .join(month_starts, true())
        .outerjoin(history, history.c.account_id == BankAccount.id)
        .outerjoin(
            flows,
            (flows.c.account_id == BankAccount.id) & (flows.c.month == month_starts.c.month),
        )
        .where(BankAccount.organization_id == organization_id)
    )
    if account_id is not None:
        statement = statement.where(BankAccount.id == account_id)
    return statement.cte("per_account_month")


async def cash_flow_rows(
    session: AsyncSession,
    organization_id: uuid.UUID,
    start: date,
    end: date,
    months: Sequence[date],
    account_id: uuid.UUID | None,
    base: str,
    base_minor_units: int,
) -> Sequence[Any]:
    """Account rows (by account name, then month) and total rows (by month)."""
    rows = _per_account_month(
        organization_id, start, end, months, account_id, base, base_minor_units
    )
    r = rows.c
    sums = [
        func.sum(column).label(column.name)
        for column in (
            r.opening,
            r.inflows,
            r.outflows,
            r.base_opening,
            r.base_inflows,
            r.base_outflows,
        )
    ]
    statement = (
        select(
            func.grouping(r.account_id).label("level"),
            r.account_id,
            r.account_name,
            r.currency,
            r.month,
            *sums,
        )
        .group_by(
            func.grouping_sets(
                tuple_(r.account_id, r.account_name, r.currency, r.month), tuple_(r.month)
            )
        )
        .order_by(func.grouping(r.account_id), r.account_name, r.account_id, r.month)
    )
    return (await session.execute(statement)).all()
