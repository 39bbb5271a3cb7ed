from __future__ import annotations

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.gocardless.repository import MandateLinkRepository, PaymentRepository
from financial_subgraph.gocardless.types import GoCardlessMandate, GoCardlessPayment
from service_runtime.ids import parse_uuid
from service_runtime.permissions import requires_scopes
from service_runtime.tenancy import organization_of

READ = requires_scopes(["financial:read"])


@strawberry.type
class GoCardlessQuery:
    @strawberry.field(extensions=READ, description="The client's GoCardless mandate, if any.")
    async def go_cardless_mandate(
        self, info: Info, client_id: strawberry.ID
    ) -> GoCardlessMandate | None:
        organization_id = organization_of(info.context.principal)
        client = parse_uuid(client_id)
        if client is None:
            return None
        async with info.context.database.read(organization_id=organization_id) as session:
            rows = await MandateLinkRepository(session).by_clients(organization_id, [client])
        return GoCardlessMandate.from_row(rows[0]) if rows else None

    @strawberry.field(
        extensions=READ, description="GoCardless payments of an invoice, oldest first."
    )
    async def go_cardless_payments(
        self, info: Info, invoice_id: strawberry.ID
    ) -> list[GoCardlessPayment]:
        organization_id = organization_of(info.context.principal)
        invoice = parse_uuid(invoice_id)
        if invoice is None:
            return []
        async with info.context.database.read(organization_id=organization_id) as session:
            rows = await PaymentRepository(session).of_invoice(organization_id, invoice)
        return [GoCardlessPayment.from_row(row) for row in rows]
