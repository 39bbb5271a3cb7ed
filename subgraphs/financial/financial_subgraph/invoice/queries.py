from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.invoice.loaders import InvoiceByIdLoader
from financial_subgraph.invoice.service import InvoiceFilter, invoices_page
from financial_subgraph.invoice.types import (
    Invoice,
    InvoiceConnection,
    InvoiceEdge,
    InvoiceKind,
    InvoiceStatus,
)
from financial_subgraph.scopes import SCOPES
from service_runtime.cursors import created_at_cursor, decode_created_at, page_request
from service_runtime.ids import parse_uuid
from service_runtime.pagination import empty_page, page_of
from service_runtime.work import reading

DEFAULT_PAGE_SIZE = 20


@strawberry.type
class InvoiceQuery:
    @strawberry.field(
        extensions=SCOPES.read,
        description="Invoices, quotes and credit notes, newest first. `overdue` filters on the"
        " derived state (open and past the due date, today in UTC).",
    )
    async def invoices(
        self,
        info: Info,
        status: list[InvoiceStatus] | None = None,
        kind: InvoiceKind | None = None,
        client_id: strawberry.ID | None = None,
        overdue: bool | None = None,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> InvoiceConnection:
        key = page_request(first, after, info.context.settings.max_page_size, decode_created_at)
        client = parse_uuid(client_id) if client_id is not None else None
        if client_id is not None and client is None:
            return InvoiceConnection(edges=[], page_info=empty_page())
        today = datetime.now(UTC).date()
        where = InvoiceFilter(
            statuses=tuple(value.value for value in status or []),
            kind=kind.value if kind else None,
            client_id=client,
            overdue=overdue,
            today=today,
        )
        async with reading(info) as work:
            # One row more than asked tells whether another page follows.
            rows = await invoices_page(work.session, work.organization_id, where, key, first + 1)
        edges = [
            InvoiceEdge(cursor=created_at_cursor(row), node=Invoice.from_row(row, today))
            for row in rows
        ]
        page, page_info = page_of(edges, first)
        return InvoiceConnection(edges=page, page_info=page_info)

    @strawberry.field(
        extensions=SCOPES.read,
        description="One invoice, quote or credit note of the organisation.",
    )
    async def invoice(self, info: Info, id: strawberry.ID) -> Invoice | None:
        invoice_id = parse_uuid(id)
        if invoice_id is None:
            return None
        row = await InvoiceByIdLoader.of(info).load(invoice_id)
        return Invoice.from_row(row) if row else None
