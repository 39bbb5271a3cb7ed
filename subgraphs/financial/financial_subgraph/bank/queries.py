from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from financial_subgraph.bank import mappings, service
from financial_subgraph.bank.export import MAX_EXPORT_ROWS, transactions_csv
from financial_subgraph.bank.filters import TransactionFilter
from financial_subgraph.bank.loaders import BankAccountById
from financial_subgraph.bank.pagination import decode_cursor, encode_cursor
from financial_subgraph.bank.types import (
    BankAccount,
    BankTransactionsCsv,
    CsvMapping,
    Transaction,
    TransactionConnection,
    TransactionEdge,
)
from financial_subgraph.client.types import PageInfo
from financial_subgraph.context import Info
from financial_subgraph.scopes import SCOPES
from service_runtime.cursors import page_request
from service_runtime.errors import ClientError
from service_runtime.ids import parse_uuid
from service_runtime.work import reading

DEFAULT_PAGE_SIZE = 50


def _bad_input(message: str) -> ClientError:
    return ClientError(message, "BAD_USER_INPUT")


@strawberry.type
class BankQuery:
    @strawberry.field(
        extensions=SCOPES.read, description="The organisation's bank accounts by name."
    )
    async def bank_accounts(self, info: Info, include_archived: bool = False) -> list[BankAccount]:
        async with reading(info) as work:
            rows = await service.accounts(work.session, work.organization_id, include_archived)
        return [BankAccount.from_row(row) for row in rows]

    @strawberry.field(extensions=SCOPES.read, description="One bank account, archived or not.")
    async def bank_account(self, info: Info, id: strawberry.ID) -> BankAccount | None:
        account_id = parse_uuid(id)
        if account_id is None:
            return None
        row = await BankAccountById.of(info).load(account_id)
        return BankAccount.from_row(row) if row else None

    @strawberry.field(
        extensions=SCOPES.read,
        description="Transactions newest first; `search` matches description or counterparty.",
    )
    async def bank_transactions(
        self,
        info: Info,
        account_id: strawberry.ID | None = None,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
        search: str | None = None,
        uncategorized: bool = False,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> TransactionConnection:
        key = page_request(first, after, info.context.settings.max_page_size, decode_cursor)
        account = parse_uuid(account_id) if account_id is not None else None
        if account_id is not None and account is None:
            raise _bad_input("accountId is not an id.")
        where = TransactionFilter(account, from_, to, search or None, uncategorized)
        async with reading(info) as work:
            rows = await service.transactions_page(
                work.session, work.organization_id, where, key, first + 1
            )
        edges = [
            TransactionEdge(cursor=encode_cursor(r), node=Transaction.from_row(r)) for r in rows
        ]
        page = edges[:first]
        end_cursor = page[-1].cursor if page else None
        return TransactionConnection(
            edges=page, page_info=PageInfo(has_next_page=len(edges) > first, end_cursor=end_cursor)
        )

    @strawberry.field(extensions=SCOPES.read, description="Saved CSV column mappings by name.")
    async def csv_mappings(self, info: Info) -> list[CsvMapping]:
        async with reading(info) as work:
            rows = await mappings.all_mappings(work.session, work.organization_id)
        return [CsvMapping.from_row(row) for row in rows]

    @strawberry.field(
        extensions=SCOPES.read,
        description=f"Transactions as a CSV file (oldest first, at most {MAX_EXPORT_ROWS:,}"
        " rows: the newest). Text that a spreadsheet would run as a formula is written with"
        " a leading single quote.",
    )
    async def bank_transactions_csv(
        self,
        info: Info,
        account_id: strawberry.ID | None = None,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
    ) -> BankTransactionsCsv:
        account = parse_uuid(account_id) if account_id is not None else None
        if account_id is not None and account is None:
            raise _bad_input("accountId is not an id.")
        where = TransactionFilter(account, from_, to)
        async with reading(info) as work:
            rows = await service.transactions_page(
                work.session, work.organization_id, where, None, MAX_EXPORT_ROWS + 1
            )
        export = transactions_csv(rows)
        return BankTransactionsCsv(
            content=export.content, rows=export.rows, truncated=export.truncated
        )
