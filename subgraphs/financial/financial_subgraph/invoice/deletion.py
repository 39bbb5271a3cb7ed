"""Deleting drafts: they have no number yet, so deleting one leaves no gap."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.invoice.errors import (
    InvoiceError,
    InvoiceErrorCode,
    invoice_error,
    not_found,
)
from financial_subgraph.invoice.repository import InvoiceRepository


async def delete_draft(
    session: AsyncSession, organization_id: uuid.UUID, invoice_id: uuid.UUID
) -> uuid.UUID | InvoiceError:
    """Delete a draft (any kind) with its lines; issued documents stay forever (void them).

    A draft converted from a quote hands the quote back: it is accepted again, convertible.
    """
    repository = InvoiceRepository(session, organization_id)
    invoice = await repository.get(invoice_id, lock=True)
    if invoice is None:
        return not_found()
    if invoice.status != "draft":
        message = f"Only drafts can be deleted; this {invoice.kind} is {invoice.status}."
        return invoice_error(InvoiceErrorCode.INVOICE_NOT_EDITABLE, message)
    if invoice.source_quote_id is not None:
        quote = await repository.get(invoice.source_quote_id, lock=True)
        if quote is not None and quote.converted_invoice_id == invoice.id:
            quote.converted_invoice_id = None
            quote.status = "accepted"
            await session.flush()
    await session.delete(invoice)
    await session.flush()
    return invoice_id
