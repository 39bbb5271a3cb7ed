from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from financial_subgraph.client.types import PageInfo
from financial_subgraph.context import Info
from financial_subgraph.invoice.pagination import decode_cursor, encode_cursor
from financial_subgraph.invoice.repository import InvoiceFilter, InvoiceRepository
from financial_subgraph.invoice.types import (
    Invoice,
    InvoiceConnection,
    InvoiceEdge,
    InvoiceKind,
    InvoiceStatus,
)
from service_runtime.cursors import page_request
from service_runtime.ids import parse_uuid
from service_runtime.permissions import requires_scopes
from service_runtime.tenancy import organization_of

DEFAULT_PAGE_SIZE = 20


@strawberry.type
class InvoiceQuery:
    @strawberry.field(
        extensions=requires_scopes(["financial:read"]),
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
        context = info.context
        organization_id = organization_of(context.principal)
        key = page_request(first, after, context.settings.max_page_size, decode_cursor)
        client = parse_uuid(client_id) if client_id is not None else None
        if client_id is not None and client is None:
            return InvoiceConnection(
                edges=[], page_info=PageInfo(has_next_page=False, end_cursor=None)
            )
        today = datetime.now(UTC).date()
        where = InvoiceFilter(
            organization_id,
            statuses=tuple(value.value for value in status or []),
            kind=kind.value if kind else None,
            client_id=client,
            overdue=overdue,
            today=today,
        )
        async with context.database.read(organization_id=organization_id) as session:
            # One row more than asked tells whether another page follows.
            rows = await InvoiceRepository(session).page(where, key, first + 1)
        edges = [
            InvoiceEdge(cursor=encode_cursor(row), node=Invoice.from_row(row, today))
            for row in rows
        ]
        page = edges[:first]
        return InvoiceConnection(
            edges=page,
            page_info=PageInfo(
                has_next_page=len(edges) > first, end_cursor=page[-1].cursor if page else None
            ),
        )

    @strawberry.field(
        extensions=requires_scopes(["financial:read"]),
        description="One invoice, quote or credit note of the organisation.",
    )
    async def invoice(self, info: Info, id: strawberry.ID) -> Invoice | None:
        organization_id = organization_of(info.context.principal)
        invoice_id = parse_uuid(id)
        if invoice_id is None:
            return None
        row = await info.context.loaders.invoice_by_id.load((organization_id, invoice_id))
        return Invoice.from_row(row) if row else None
