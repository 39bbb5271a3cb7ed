from __future__ import annotations

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.gocardless.direct_debit import collection, mandates
from financial_subgraph.gocardless.direct_debit.types import GoCardlessMandate, GoCardlessPayment
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.work import reading


@strawberry.type
class GoCardlessQuery:
    @strawberry.field(
        extensions=SCOPES.read, description="The client's GoCardless mandate, if any."
    )
    async def go_cardless_mandate(
        self, info: Info, client_id: strawberry.ID
    ) -> GoCardlessMandate | None:
        client = parse_uuid(client_id)
        if client is None:
            return None
        async with reading(info) as work:
            row = await mandates.mandate_of_client(work.session, work.organization_id, client)
        return GoCardlessMandate.from_row(row) if row else None

    @strawberry.field(
        extensions=SCOPES.read, description="GoCardless payments of an invoice, oldest first."
    )
    async def go_cardless_payments(
        self, info: Info, invoice_id: strawberry.ID
    ) -> list[GoCardlessPayment]:
        invoice = parse_uuid(invoice_id)
        if invoice is None:
            return []
        async with reading(info) as work:
            rows = await collection.payments_of_invoice(work.session, work.organization_id, invoice)
        return [GoCardlessPayment.from_row(row) for row in rows]
