"""The financial subgraph's subscriptions."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.live.relay import INVOICE_STATUS_TOPIC
from financial_subgraph.live.types import InvoiceStatusChange
from financial_subgraph.scopes import SCOPES


@strawberry.type
class InvoiceStatusSubscription:
    @strawberry.subscription(
        extensions=SCOPES.read,
        description="Status and balance changes of the organisation's invoices, quotes and"
        " credit notes (issued, payments received or reversed, paid), as they happen. Ends"
        " with TOKEN_EXPIRED or TOKEN_REVOKED when the token stops being valid.",
    )
    async def invoice_status_changed(self, info: Info) -> AsyncGenerator[InvoiceStatusChange]:
        live = info.context.live
        assert live is not None  # SCOPES.read: only an authenticated socket gets here
        async for event in live.events(INVOICE_STATUS_TOPIC):
            yield InvoiceStatusChange.from_event(event)
