"""`invoiceNumbering`."""

from __future__ import annotations

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.invoice.numbering import service
from financial_subgraph.invoice.numbering.types import NumberingPattern
from financial_subgraph.scopes import SCOPES
from service_runtime.work import reading


@strawberry.type
class NumberingQuery:
    @strawberry.field(
        extensions=SCOPES.read,
        description="The number pattern of each document kind (defaults until an admin sets one).",
    )
    async def invoice_numbering(self, info: Info) -> list[NumberingPattern]:
        async with reading(info) as work:
            patterns = await service.settings_of(work.session, work.organization_id)
        return [NumberingPattern.of(kind, pattern) for kind, pattern in patterns.items()]
