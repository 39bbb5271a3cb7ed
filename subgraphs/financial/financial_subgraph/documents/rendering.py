"""Rendering an invoice, quote or credit note: load its rows (in the caller's session), then
hand it to document_files.py, which runs the blocking steps (output.py) in a worker."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.client.repository import ClientRepository
from financial_subgraph.documents.builder import build_view
from financial_subgraph.documents.errors import DocumentError, DocumentErrorCode, document_error
from financial_subgraph.documents.output import LoadedDocument
from financial_subgraph.documents.repository import SellerProfileRepository
from financial_subgraph.documents.templates import template_for
from financial_subgraph.documents.view import DocumentKind
from financial_subgraph.invoice.repository import InvoiceRepository


def invoice_not_found() -> DocumentError:
    return document_error(DocumentErrorCode.INVOICE_NOT_FOUND, "No such invoice.", "id")


async def load_invoice_document(
    session: AsyncSession,
    organization_id: uuid.UUID,
    invoice_id: uuid.UUID,
    *,
    today: date,
    template_id: uuid.UUID | None = None,
) -> LoadedDocument | DocumentError:
    """The invoice's view and the template it renders with, read in one session."""
    invoices = InvoiceRepository(session, organization_id)
    invoice = await invoices.get(invoice_id)
    if invoice is None:
        return invoice_not_found()
    client = await ClientRepository(session, organization_id).get(invoice.client_id)
    if client is None:  # clients are archived, never deleted; a missing one is a broken row
        return invoice_not_found()
    reference = None
    if invoice.credited_invoice_id is not None:
        [credited] = await invoices.by_ids([invoice.credited_invoice_id])
        reference = credited.number if credited is not None else None
    source = await template_for(session, organization_id, DocumentKind(invoice.kind), template_id)
    if isinstance(source, DocumentError):
        return source
    seller = await SellerProfileRepository(session, organization_id).of_organization()
    view = build_view(invoice, client, seller, today=today, reference=reference)
    return LoadedDocument(view, source)
