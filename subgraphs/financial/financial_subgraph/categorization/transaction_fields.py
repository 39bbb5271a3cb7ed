"""Categorisation fields of the bank domain's `Transaction` type, which inherits this class
(the bank type carries the ids; this resolves what they point at through the request's
loaders, so a list of transactions runs a fixed number of queries)."""

from __future__ import annotations

import uuid
from typing import Any, cast

import strawberry

from financial_subgraph.categorization.types import Category, category_of
from financial_subgraph.context import Info
from financial_subgraph.invoice.types import Invoice
from service_runtime.ids import parse_uuid


def _owner(field_owner: object) -> tuple[uuid.UUID, Any]:
    owner = cast(Any, field_owner)
    return owner.organization_id, owner


@strawberry.type
class TransactionCategorizationFields:
    @strawberry.field(description="The category (with its path), whatever set it.")
    async def category(self, info: Info) -> Category | None:
        _, owner = _owner(self)
        category_id = parse_uuid(owner.category_id) if owner.category_id else None
        return await category_of(info, category_id)

    @strawberry.field(description="The invoice this transaction pays or is linked to.")
    async def matched_invoice(self, info: Info) -> Invoice | None:
        organization_id, owner = _owner(self)
        invoice_id = parse_uuid(owner.invoice_id) if owner.invoice_id else None
        if invoice_id is None:
            return None
        row = await info.context.loaders.invoice_by_id.load((organization_id, invoice_id))
        return Invoice.from_row(row) if row else None
