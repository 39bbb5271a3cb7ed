"""The report queries: read-only, financial:read, scoped to the caller's organisation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.reports.aging.service import receivables_aging
from financial_subgraph.reports.aging.types import ReceivablesAging
from financial_subgraph.reports.cash_flow.service import cash_flow
from financial_subgraph.reports.cash_flow.types import CashFlow
from financial_subgraph.reports.errors import ReportError, ReportErrorCode, report_error
from financial_subgraph.reports.periods import check_range
from financial_subgraph.reports.pnl.service import profit_and_loss
from financial_subgraph.reports.pnl.types import ProfitAndLoss
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.work import reading

CashFlowResult = Annotated[CashFlow | ReportError, strawberry.union("CashFlowResult")]
ProfitAndLossResult = Annotated[
    ProfitAndLoss | ReportError, strawberry.union("ProfitAndLossResult")
]

From = Annotated[date, strawberry.argument(name="from", description="First day, included.")]
To = Annotated[date, strawberry.argument(name="to", description="Last day, included.")]


@strawberry.type
class ReportQuery:
    @strawberry.field(
        extensions=SCOPES.read,
        description="Profit and loss by category and month in the base currency, cash basis"
        " (bank transactions when booked); at most 36 months.",
    )
    async def profit_and_loss(self, info: Info, start: From, end: To) -> ProfitAndLossResult:
        months = check_range(start, end)
        if isinstance(months, ReportError):
            return months
        async with reading(info) as work:
            return await profit_and_loss(work.session, work.organization_id, start, end, months)

    @strawberry.field(
        extensions=SCOPES.read,
        description="Open receivables by client and days past due, in the base currency"
        " (asOf defaults to today, UTC).",
    )
    async def receivables_aging(self, info: Info, as_of: date | None = None) -> ReceivablesAging:
        day = as_of or datetime.now(UTC).date()
        async with reading(info) as work:
            return await receivables_aging(work.session, work.organization_id, day)

    @strawberry.field(
        extensions=SCOPES.read,
        description="Bank cash flow per month and account, at most 36 months;"
        " accountId limits it to one account.",
    )
    async def cash_flow(
        self, info: Info, start: From, end: To, account_id: strawberry.ID | None = None
    ) -> CashFlowResult:
        months = check_range(start, end)
        if isinstance(months, ReportError):
            return months
        account = parse_uuid(account_id) if account_id is not None else None
        if account_id is not None and account is None:
            return report_error(ReportErrorCode.ACCOUNT_NOT_FOUND, "No such account.", "accountId")
        async with reading(info) as work:
            return await cash_flow(work.session, work.organization_id, start, end, months, account)
