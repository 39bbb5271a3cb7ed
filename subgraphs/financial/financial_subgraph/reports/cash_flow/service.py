"""Cash flow per month and account: places the database's sums into the report's shape."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import strawberry
from dateutil.relativedelta import relativedelta
from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.currency.codes import minor_units
from financial_subgraph.currency.money import quantize
from financial_subgraph.organization.service import base_currency_of
from financial_subgraph.reports.cash_flow.repository import LEVEL_ACCOUNT, cash_flow_rows
from financial_subgraph.reports.cash_flow.types import AccountCashFlow, CashFlow, CashFlowPeriod
from financial_subgraph.reports.errors import ReportError, ReportErrorCode, report_error


def _period(row: Any, start: date, end: date, prefix: str, currency: str) -> CashFlowPeriod:
    """`prefix` "" reads the account-currency sums, "base_" the base-currency ones."""
    opening = quantize(getattr(row, f"{prefix}opening"), currency)
    inflows = quantize(getattr(row, f"{prefix}inflows"), currency)
    outflows = quantize(getattr(row, f"{prefix}outflows"), currency)
    net = inflows - outflows
    return CashFlowPeriod(
        start=start,
        end=end,
        opening=opening,
        inflows=inflows,
        outflows=outflows,
        net=net,
        closing=opening + net,
    )


def _months(
    rows: Sequence[Any], start: date, end: date, prefix: str, currency: str
) -> list[CashFlowPeriod]:
    """One period per month row, the first and last cut to [start, end]."""
    periods = []
    for row in rows:
        last_day = row.month + relativedelta(months=1) - timedelta(days=1)
        periods.append(_period(row, max(row.month, start), min(last_day, end), prefix, currency))
    return periods


def _whole(months: Sequence[CashFlowPeriod]) -> CashFlowPeriod:
    inflows = sum((month.inflows for month in months), Decimal(0))
    outflows = sum((month.outflows for month in months), Decimal(0))
    return CashFlowPeriod(
        start=months[0].start,
        end=months[-1].end,
        opening=months[0].opening,
        inflows=inflows,
        outflows=outflows,
        net=inflows - outflows,
        closing=months[-1].closing,
    )


def _accounts(rows: Sequence[Any], start: date, end: date, base: str) -> list[AccountCashFlow]:
    by_account: dict[uuid.UUID, list[Any]] = {}
    for row in rows:
        by_account.setdefault(row.account_id, []).append(row)
    accounts = []
    for account_id, months in by_account.items():
        currency = months[0].currency
        native = _months(months, start, end, "", currency)
        in_base = _months(months, start, end, "base_", base)
        accounts.append(
            AccountCashFlow(
                account_id=strawberry.ID(str(account_id)),
                account_name=months[0].account_name,
                currency=currency,
                months=native,
                total=_whole(native),
                base_months=in_base,
                base_total=_whole(in_base),
            )
        )
    return accounts


async def cash_flow(
    session: AsyncSession,
    organization_id: uuid.UUID,
    start: date,
    end: date,
    months: Sequence[date],
    account_id: uuid.UUID | None,
) -> CashFlow | ReportError:
    """Bank cash flow of the organisation (or one account) per month (two statements)."""
    base = await base_currency_of(session, organization_id)
    rows = await cash_flow_rows(
        session, organization_id, start, end, months, account_id, base, minor_units(base)
    )
    if account_id is not None and not rows:
        return report_error(ReportErrorCode.ACCOUNT_NOT_FOUND, "No such account.", "accountId")
    account_rows = [row for row in rows if row.level == LEVEL_ACCOUNT]
    unrated = next((row for row in account_rows if row.base_opening is None), None)
    if unrated is not None:
        message = (
            f"No {unrated.currency}/{base} rate for the opening balance of"
            f" {unrated.account_name!r}; import exchange rates for its first booking date."
        )
        return report_error(ReportErrorCode.RATE_NOT_FOUND, message)
    totals = [row for row in rows if row.level != LEVEL_ACCOUNT]
    # Without any account the report is all zeros: the months still exist.
    total_months = (
        _months(totals, start, end, "base_", base)
        if totals
        else [_zero(month, start, end, base) for month in months]
    )
    return CashFlow(
        start=start,
        end=end,
        base_currency=base,
        accounts=_accounts(account_rows, start, end, base),
        months=total_months,
        total=_whole(total_months),
    )


def _zero(month: date, start: date, end: date, base: str) -> CashFlowPeriod:
    last_day = month + relativedelta(months=1) - timedelta(days=1)
    zero = quantize(Decimal(0), base)
    return CashFlowPeriod(
        start=max(month, start),
        end=min(last_day, end),
        opening=zero,
        inflows=zero,
        outflows=zero,
        net=zero,
        closing=zero,
    )
